/* Sieve of Eratosthenes over a byte array, repeated; prime count and a sum of primes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define LIMIT 20000000
int main(void) {
    unsigned char *comp = malloc(LIMIT + 1);
    long count = 0; unsigned long long sum = 0;
    for (int rep = 0; rep < 6; rep++) {
        memset(comp, 0, LIMIT + 1);
        count = 0; sum = 0;
        for (long i = 2; i <= LIMIT; i++) {
            if (!comp[i]) {
                count++; sum += i;
                for (long j = i * i; j <= LIMIT; j += i) comp[j] = 1;
            }
        }
    }
    printf("sieve %ld primes, sum %llu\n", count, sum);
    free(comp);
    return 0;
}
