/* kernel.c — native twin of kernel.wat: the hash-sum of 0..2^26 on 1, then 2 threads. */
#include "common.h"

#define TOTAL (1u << 26)
static uint32_t nthreads;
static uint64_t partial[2];

static void *thread(void *arg) {
    uint64_t idx = (uintptr_t)arg, chunk = TOTAL / nthreads, sum = 0;
    for (uint64_t i = chunk * idx; i < chunk * (idx + 1); i++) {
        uint64_t x = i * 0x9E3779B97F4A7C15ull;
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9ull;
        x ^= x >> 32;
        sum += x;
    }
    partial[idx] = sum;
    return NULL;
}

static void run(uint32_t t) {
    nthreads = t;
    uint64_t t0 = now_ns(), sum = 0;
    pthread_t th[2];
    for (uint32_t i = 0; i < t; i++) th[i] = spawn(thread, (void *)(uintptr_t)i);
    for (uint32_t i = 0; i < t; i++) pthread_join(th[i], NULL);
    printf("kernel-%u-us %llu\n", t, (unsigned long long)((now_ns() - t0) / 1000));
    for (uint32_t i = 0; i < t; i++) sum += partial[i];
    printf("kernel-sum %u\n", (uint32_t)sum);
}

int main(void) {
    run(1);
    run(2);
    return 0;
}
