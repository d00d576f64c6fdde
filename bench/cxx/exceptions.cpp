// The cost of C++ exceptions (bench/bench.py builds this three times):
//   MODE 0  a loop of calls to a function that could throw, no try block;
//   MODE 1  the same calls, each inside a try block with a destructor to run on the way out,
//           which never throws: what zero-cost exception handling must not slow down;
//   MODE 2  a throw and a catch every iteration, through two frames with destructors.
// Prints a checksum (the same for every engine and for the native build).
#include <cinttypes>
#include <cstdint>
#include <cstdio>

#ifndef MODE
#define MODE 0
#endif

struct Error {
    int64_t code;
};

static volatile int64_t sink;

struct Guard {
    int64_t *counter;
    ~Guard() { ++*counter; }
};

__attribute__((noinline)) static int64_t work(int64_t i, int64_t limit) {
    if (i > limit) throw Error{i};
    return (i * int64_t(2654435761)) >> 7;
}

__attribute__((noinline)) static int64_t guarded(int64_t i, int64_t limit, int64_t *cleanups) {
    Guard g{cleanups};
    return work(i, limit) + 1;
}

int main() {
    int64_t sum = 0, cleanups = 0;
#if MODE == 0
    for (int64_t i = 0; i < 200000000; i++) sum += work(i, int64_t(1) << 40);
#elif MODE == 1
    for (int64_t i = 0; i < 200000000; i++) {
        try {
            Guard g{&cleanups};
            sum += work(i, int64_t(1) << 40);
        } catch (const Error &e) {
            sum -= e.code;
        }
    }
#else
    for (int64_t i = 0; i < 200000; i++) {
        try {
            Guard g{&cleanups};
            sum += guarded(i, -1, &cleanups);
        } catch (const Error &e) {
            sum += e.code;
        }
    }
#endif
    sink = cleanups;
    std::printf("%" PRId64 " %" PRId64 "\n", sum, cleanups);
    return 0;
}
