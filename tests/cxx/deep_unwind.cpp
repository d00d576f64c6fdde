// Throws through 60+ frames of three kinds (direct recursion, calls through a function
// pointer, mutual recursion), each holding an RAII object whose destructor prints, and
// catches at the top; then does it again from a different depth to show the handler state
// was reset.
#include <cstdio>

static int live = 0;

struct Guard {
    int depth;
    const char* kind;
    Guard(int depth, const char* kind) : depth(depth), kind(kind) { live++; }
    ~Guard() {
        live--;
        printf("~Guard %s %d\n", kind, depth);
    }
};

struct DepthError {
    int depth;
};

__attribute__((noinline)) void odd(int n);
__attribute__((noinline)) void even(int n) {
    Guard g(n, "even");
    if (n == 0)
        throw DepthError{n};
    odd(n - 1);
}
__attribute__((noinline)) void odd(int n) {
    Guard g(n, "odd");
    even(n - 1);
}

using Fn = void (*)(int);
Fn volatile next_indirect;

__attribute__((noinline)) void indirect(int n) {
    Guard g(n, "indirect");
    if (n == 0) {
        even(20);
        return;
    }
    next_indirect(n - 1);
}

__attribute__((noinline)) void direct(int n) {
    Guard g(n, "direct");
    if (n == 0) {
        indirect(20);
        return;
    }
    direct(n - 1);
}

int main() {
    next_indirect = indirect;
    try {
        direct(20);
        printf("not reached\n");
    } catch (const DepthError& e) {
        printf("caught DepthError at depth %d, live guards %d\n", e.depth, live);
    }
    try {
        odd(9);
    } catch (DepthError e) {
        printf("caught DepthError again at depth %d, live guards %d\n", e.depth, live);
    }
    return 0;
}
