// Exceptions thrown on cleanup paths that are not destructors of the unwound frame:
// a catch (...) cleanup that releases a resource and rethrows; a cleanup handler whose own
// cleanup fails, replacing the exception in flight; a destructor that throws (noexcept(false))
// on normal scope exit; and a destructor running during unwinding that throws and catches an
// exception of its own (legal: it does not escape the destructor).
#include <cstdio>
#include <cstdlib>

struct Resource {
    int* data;
    explicit Resource(int n) : data(static_cast<int*>(malloc(sizeof(int) * n))) {}
    void release() {
        free(data);
        data = nullptr;
        printf("  resource released\n");
    }
};

struct Failure {
    int code;
};
struct CleanupFailure {
    int code;
};

__attribute__((noinline)) void work(int fail) {
    if (fail)
        throw Failure{fail};
}

__attribute__((noinline)) void manual_cleanup(int fail) {
    Resource r(16);
    try {
        work(fail);
    } catch (...) {
        r.release();
        throw;
    }
    r.release();
}

__attribute__((noinline)) void failing_cleanup() {
    try {
        work(7);
    } catch (...) {
        printf("  cleanup starts for the first failure\n");
        throw CleanupFailure{8};
    }
}

struct ThrowsOnExit {
    int code;
    ~ThrowsOnExit() noexcept(false) {
        printf("  ~ThrowsOnExit throwing %d\n", code);
        throw Failure{code};
    }
};

__attribute__((noinline)) void scope_with_throwing_destructor() {
    ThrowsOnExit t{21};
    printf("  body done\n");
}

struct CatchesInside {
    ~CatchesInside() {
        try {
            work(31);
        } catch (const Failure& f) {
            printf("  destructor caught its own Failure %d during unwinding\n", f.code);
        }
    }
};

__attribute__((noinline)) void unwinding_through_catching_destructor() {
    CatchesInside c;
    work(30);
}

int main() {
    try {
        manual_cleanup(0);
        manual_cleanup(3);
    } catch (const Failure& f) {
        printf("caught Failure %d after manual cleanup\n", f.code);
    }
    try {
        failing_cleanup();
    } catch (const Failure& f) {
        printf("wrong: the first failure %d escaped\n", f.code);
    } catch (const CleanupFailure& f) {
        printf("caught CleanupFailure %d, which replaced the first failure\n", f.code);
    }
    try {
        scope_with_throwing_destructor();
    } catch (const Failure& f) {
        printf("caught Failure %d from a destructor\n", f.code);
    }
    try {
        unwinding_through_catching_destructor();
    } catch (const Failure& f) {
        printf("caught the original Failure %d\n", f.code);
    }
    return 0;
}
