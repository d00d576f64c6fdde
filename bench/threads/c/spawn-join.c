/* spawn-join.c — native twin of spawn-join.wat: 2000 × pthread_create + pthread_join. */
#include "common.h"

static void *thread(void *arg) { return arg; }

int main(void) {
    uint64_t t0 = now_ns();
    for (int i = 0; i < 2000; i++) pthread_join(spawn(thread, NULL), NULL);
    printf("spawn-join-ns %llu\n", (unsigned long long)((now_ns() - t0) / 2000));
    return 0;
}
