// An exception that leaves a noexcept function: clang's handler calls std::terminate, which
// (libc++abi's default handler) calls abort: a wasm trap (`unreachable`), exit status 134 in
// wasmtime and wasm2native alike. The destructors of the frames between the throw and the
// noexcept function run first (they are ordinary cleanups); the noexcept function's own do not:
// its handler terminates instead.
#include <cstdio>

struct Noisy {
    int n;
    ~Noisy() { printf("~Noisy %d\n", n); }
};

__attribute__((noinline)) void thrower(int n) {
    Noisy guard{n};
    if (n == 0)
        throw 1;
    thrower(n - 1);
}

__attribute__((noinline)) void promise(int n) noexcept {
    Noisy guard{100 + n};
    thrower(n);
}

int main() {
    setvbuf(stdout, nullptr, _IONBF, 0); // nothing flushes stdout after a trap
    printf("calling a noexcept function that throws\n");
    promise(3);
    printf("not reached\n");
    return 0;
}
