// Many throws in a loop (10^5 by default, or argv[1]), each through a few frames with
// destructors and carrying a heap-owning payload, caught by type or by catch (...) and
// sometimes rethrown. Prints a checksum, how many payloads are still alive (0) and whether
// linear memory grew after the first thousand iterations (it must not: nothing leaks).
// tests/exceptions_cxx.rs also compares the native executable's peak RSS for 10^4 and 10^5
// iterations, which shows the runtime's own exception objects are freed too.
#include <cstdio>
#include <cstdlib>
#include <string>

struct Payload {
    static int alive;
    std::string text;
    int value;
    Payload(int value) : text(64, char('a' + value % 26)), value(value) { alive++; }
    Payload(const Payload& o) : text(o.text), value(o.value) { alive++; }
    ~Payload() { alive--; }
};
int Payload::alive = 0;

struct Frame {
    int* counter;
    explicit Frame(int* c) : counter(c) {}
    ~Frame() { ++*counter; }
};

static int frames_unwound = 0;

__attribute__((noinline)) void raise(int i, int depth) {
    Frame f(&frames_unwound);
    if (depth == 0) {
        if (i % 7 == 0)
            throw i;
        throw Payload(i);
    }
    raise(i, depth - 1);
}

__attribute__((noinline)) long step(int i) {
    try {
        try {
            raise(i, i % 5);
        } catch (Payload& p) {
            if (i % 3 == 0)
                throw;
            return p.value + long(p.text.size());
        }
    } catch (const Payload& p) {
        return 2L * p.value;
    } catch (...) {
        return -1;
    }
    return 0;
}

int main(int argc, char** argv) {
    long n = argc > 1 ? atol(argv[1]) : 100000;
    long sum = 0;
    size_t pages_after_warmup = 0;
    for (long i = 0; i < n; i++) {
        sum += step(int(i));
        if (i == 999)
            pages_after_warmup = __builtin_wasm_memory_size(0);
    }
    size_t pages = __builtin_wasm_memory_size(0);
    printf("iterations %ld, checksum %ld, frames unwound %d\n", n, sum, frames_unwound);
    printf("payloads alive: %d\n", Payload::alive);
    printf("memory grew after warm-up: %s\n",
           n > 1000 && pages != pages_after_warmup ? "yes" : "no");
    return 0;
}
