// An exception nobody catches: it unwinds every frame (the destructors run: with wasm
// exceptions there is no search phase, so cleanups run before anyone knows there is no
// handler) and then leaves main and `_start`. Under wasmtime and wasm2native alike the
// process ends with exit status 1 and an "uncaught exception" error on stderr.
#include <cstdio>

struct Noisy {
    int n;
    ~Noisy() { printf("~Noisy %d\n", n); }
};

struct Fatal {
    int code;
};

__attribute__((noinline)) void descend(int n) {
    Noisy guard{n};
    if (n == 0)
        throw Fatal{n};
    descend(n - 1);
}

int main() {
    setvbuf(stdout, nullptr, _IONBF, 0); // nothing flushes stdout after an uncaught exception
    try {
        descend(2);
    } catch (const Fatal& f) {
        printf("caught Fatal once\n");
    }
    printf("now without a handler\n");
    descend(5);
    printf("not reached\n");
    return 0;
}
