// Rethrow (`throw;`) from a handler, through frames with destructors, of an exception the
// handler modified; nested try blocks inside a catch block (the inner one handling a
// different exception while the outer one is still being handled, or the same one
// rethrown); and the lifetime of exception objects: each is destroyed exactly once, when its
// last handler ends.
#include <cstdio>

struct Error {
    static int alive;
    int id;
    int hops = 0;
    explicit Error(int id) : id(id) {
        alive++;
        printf("  Error(%d) made\n", id);
    }
    Error(const Error& o) : id(o.id), hops(o.hops) {
        alive++;
        printf("  Error(%d) copied\n", id);
    }
    ~Error() {
        alive--;
        printf("  Error(%d) destroyed after %d hops\n", id, hops);
    }
};
int Error::alive = 0;

struct Scope {
    const char* name;
    explicit Scope(const char* name) : name(name) {}
    ~Scope() { printf("  leaving %s\n", name); }
};

__attribute__((noinline)) void raise(int id) {
    Scope s("raise");
    throw Error(id);
}

__attribute__((noinline)) void relay(int id, int levels) {
    Scope s("relay");
    if (levels == 0) {
        raise(id);
        return;
    }
    try {
        relay(id, levels - 1);
    } catch (Error& e) {
        e.hops++;
        printf("  relay level %d saw Error(%d), rethrowing\n", levels, e.id);
        throw;
    }
}

int main() {
    printf("rethrow through 5 handlers:\n");
    try {
        relay(1, 5);
    } catch (const Error& e) {
        printf("main caught Error(%d) with %d hops\n", e.id, e.hops);
    }
    printf("alive: %d\n", Error::alive);

    printf("nested try in a catch block, another exception:\n");
    try {
        raise(2);
    } catch (Error& outer) {
        try {
            raise(3);
        } catch (Error& inner) {
            printf("inner handler has Error(%d) while outer has Error(%d)\n", inner.id,
                   outer.id);
        }
        printf("back in outer handler with Error(%d), alive %d\n", outer.id, Error::alive);
    }
    printf("alive: %d\n", Error::alive);

    printf("nested try in a catch block, same exception rethrown:\n");
    try {
        try {
            raise(4);
        } catch (Error& e) {
            try {
                e.hops += 10;
                throw;
            } catch (Error& again) {
                printf("caught the same object again: %s\n", &again == &e ? "yes" : "no");
                again.hops++;
            }
            printf("outer handler still holds Error(%d)\n", e.id);
            throw;
        }
    } catch (Error e) {
        printf("caught by value Error(%d) with %d hops\n", e.id, e.hops);
    }
    printf("alive: %d\n", Error::alive);

    printf("replacing the exception in a handler:\n");
    try {
        try {
            raise(5);
        } catch (Error& e) {
            Scope s("replacing handler");
            throw Error(e.id * 10);
        }
    } catch (Error& e) {
        printf("main caught the replacement Error(%d)\n", e.id);
    }
    printf("alive: %d\n", Error::alive);
    return 0;
}
