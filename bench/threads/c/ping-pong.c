/* ping-pong.c — native twin of ping-pong.wat: a turn word handed back and forth 100000
 * times between two threads with futex wait/wake. */
#include "common.h"

static uint32_t turn;

static void play(uint32_t me) {
    for (int i = 0; i < 100000; i++) {
        uint32_t v;
        while ((v = load(&turn)) != me) futex_wait(&turn, v);
        store(&turn, 1 - me);
        futex_wake(&turn, 1);
    }
}

static void *thread(void *arg) { play(1); return arg; }

int main(void) {
    pthread_t t = spawn(thread, NULL);
    uint64_t t0 = now_ns();
    play(0);
    pthread_join(t, NULL);
    printf("ping-pong-ns %llu\n", (unsigned long long)((now_ns() - t0) / 100000));
    return 0;
}
