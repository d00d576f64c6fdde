/* clock_res_get and clock_time_get for every clock id, invalid ids and pointers. Only
 * properties of the values are printed (times differ between runs). */
#include "common.h"
#include <time.h>

int main(void) {
    for (__wasi_clockid_t id = 0; id < 4; id++) {
        __wasi_timestamp_t res = 0, t1 = 0, t2 = 0;
        __wasi_errno_t e = __wasi_clock_res_get(id, &res);
        printf("clock %u: res_get -> %u", id, e);
        if (e == 0)
            printf(", resolution %s", res == 0 ? "0" : res <= 1000000 ? "<= 1ms" : "> 1ms");
        __wasi_errno_t e1 = __wasi_clock_time_get(id, 1, &t1);
        __wasi_errno_t e2 = __wasi_clock_time_get(id, 0, &t2);
        printf("; time_get -> %u %u", e1, e2);
        if (e1 == 0 && e2 == 0)
            printf(", nondecreasing %s, nonzero %s", t2 >= t1 ? "yes" : "no", t1 ? "yes" : "no");
        printf("\n");
    }
    __wasi_timestamp_t now;
    WASI("realtime", __wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1000, &now));
    printf("realtime after 2020: %s\n", now > 1577836800ull * 1000000000ull ? "yes" : "no");

    /* libc views of the same clocks */
    struct timespec a, b;
    SHOW("clock_gettime(MONOTONIC)", clock_gettime(CLOCK_MONOTONIC, &a));
    SHOW("clock_gettime(REALTIME)", clock_gettime(CLOCK_REALTIME, &b));
    SHOW("clock_getres(MONOTONIC)", clock_getres(CLOCK_MONOTONIC, &a));
    printf("time() sane: %s\n", time(NULL) > 1577836800 ? "yes" : "no");
    /* A 20 ms sleep takes at least 20 ms on the monotonic clock. */
    __wasi_timestamp_t s, t;
    if (__wasi_clock_time_get(1, 1, &s) == 0) {
        struct timespec d = {0, 20000000};
        SHOW("nanosleep 20ms", nanosleep(&d, NULL));
        if (__wasi_clock_time_get(1, 1, &t) == 0)
            printf("slept at least 20ms: %s\n", t - s >= 20000000 ? "yes" : "no");
    }
    return 0;
}
