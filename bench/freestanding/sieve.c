/* bench/c/sieve.c without a C library, built for a 32-bit and a 64-bit wasm memory alike
 * (the `sieve-mem32` and `sieve-mem64` rows: the difference is the cost of the 64-bit
 * memory's bounds checks). */
#include "io.h"

#define LIMIT 20000000
static unsigned char comp[LIMIT + 1];

int main(void) {
    long count = 0;
    u64 sum = 0;
    for (int rep = 0; rep < 6; rep++) {
        __builtin_memset(comp, 0, LIMIT + 1);
        count = 0;
        sum = 0;
        for (long i = 2; i <= LIMIT; i++) {
            if (!comp[i]) {
                count++;
                sum += i;
                for (long j = i * i; j <= LIMIT; j += i) comp[j] = 1;
            }
        }
    }
    print_u64("sieve ", count, " primes, ");
    print_u64("sum ", sum, "\n");
    return 0;
}
