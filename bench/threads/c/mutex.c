/* mutex.c — native twin of mutex.wat: 4 threads × 250000 lock/increment/unlock of a futex
 * mutex (0 free, 1 locked, 2 contended). */
#include "common.h"

static uint32_t m, count;

static void lock(void) {
    uint32_t c = 0;
    if (__atomic_compare_exchange_n(&m, &c, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) return;
    if (c != 2) c = __atomic_exchange_n(&m, 2, __ATOMIC_SEQ_CST);
    while (c != 0) {
        futex_wait(&m, 2);
        c = __atomic_exchange_n(&m, 2, __ATOMIC_SEQ_CST);
    }
}

static void unlock(void) {
    if (__atomic_fetch_sub(&m, 1, __ATOMIC_SEQ_CST) != 1) {
        store(&m, 0);
        futex_wake(&m, 1);
    }
}

static void *thread(void *arg) {
    for (int i = 0; i < 250000; i++) {
        lock();
        count = *(volatile uint32_t *)&count + 1;
        unlock();
    }
    return arg;
}

int main(void) {
    uint64_t t0 = now_ns();
    pthread_t t[4];
    for (int i = 0; i < 4; i++) t[i] = spawn(thread, NULL);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    printf("mutex-ns %llu\nmutex-count %u\n", (unsigned long long)((now_ns() - t0) / 1000000), count);
    return 0;
}
