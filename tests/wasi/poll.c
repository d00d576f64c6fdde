/* poll_oneoff: relative and absolute clock subscriptions, fd subscriptions on regular files
 * (always ready), bad fds, and bad arguments. Events are printed sorted by userdata. */
#include "common.h"
#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

static __wasi_subscription_t clock_sub(uint64_t ud, __wasi_clockid_t id, uint64_t timeout, int abs) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = ud;
    s.u.tag = __WASI_EVENTTYPE_CLOCK;
    s.u.u.clock.id = id;
    s.u.u.clock.timeout = timeout;
    s.u.u.clock.precision = 0;
    s.u.u.clock.flags = abs ? __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME : 0;
    return s;
}

static __wasi_subscription_t fd_sub(uint64_t ud, int write, __wasi_fd_t fd) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = ud;
    s.u.tag = write ? __WASI_EVENTTYPE_FD_WRITE : __WASI_EVENTTYPE_FD_READ;
    s.u.u.fd_read.file_descriptor = fd;
    return s;
}

static int by_userdata(const void *a, const void *b) {
    const __wasi_event_t *x = a, *y = b;
    return x->userdata < y->userdata ? -1 : x->userdata > y->userdata;
}

static void run(const char *label, __wasi_subscription_t *subs, int n) {
    __wasi_event_t ev[8];
    __wasi_size_t got = 0;
    __wasi_timestamp_t t0, t1;
    __wasi_clock_time_get(1, 1, &t0);
    __wasi_errno_t e = __wasi_poll_oneoff(subs, ev, n, &got);
    __wasi_clock_time_get(1, 1, &t1);
    printf("%s -> %u, %u event(s)\n", label, e, got);
    if (e != 0)
        return;
    qsort(ev, got, sizeof *ev, by_userdata);
    for (__wasi_size_t i = 0; i < got; i++) {
        printf("  userdata %llu error %u type %u", (unsigned long long)ev[i].userdata, ev[i].error,
               ev[i].type);
        if (ev[i].type != __WASI_EVENTTYPE_CLOCK)
            printf(" nbytes %llu flags %u", (unsigned long long)ev[i].fd_readwrite.nbytes,
                   ev[i].fd_readwrite.flags);
        printf("\n");
    }
    printf("  took >= 10ms: %s\n", t1 - t0 >= 10000000 ? "yes" : "no");
}

int main(void) {
    __wasi_subscription_t s[4];
    __wasi_timestamp_t now;
    s[0] = clock_sub(1, __WASI_CLOCKID_MONOTONIC, 20000000, 0);
    run("monotonic 20ms", s, 1);
    s[0] = clock_sub(2, __WASI_CLOCKID_REALTIME, 15000000, 0);
    run("realtime 15ms", s, 1);
    __wasi_clock_time_get(1, 1, &now);
    /* 40 ms ahead, so that "took >= 10ms" holds even if this process is descheduled for a
       while between reading the clock and polling (a busy test machine). */
    s[0] = clock_sub(3, __WASI_CLOCKID_MONOTONIC, now + 40000000, 1);
    run("monotonic absolute now+40ms", s, 1);
    s[0] = clock_sub(4, __WASI_CLOCKID_MONOTONIC, 1000, 1);
    run("monotonic absolute in the past", s, 1);
    s[0] = clock_sub(5, __WASI_CLOCKID_MONOTONIC, 0, 0);
    run("timeout 0", s, 1);
    s[0] = clock_sub(6, __WASI_CLOCKID_MONOTONIC, 10000000, 0);
    s[1] = clock_sub(7, __WASI_CLOCKID_MONOTONIC, 5000000000ull, 0);
    run("10ms and 5s: only the first fires", s, 2);
    s[0] = clock_sub(9, __WASI_CLOCKID_PROCESS_CPUTIME_ID, 1000, 0);
    run("process cputime clock", s, 1);

    int fd = open("/sandbox/hello.txt", O_RDWR);
    SHOW("open hello.txt", fd);
    s[0] = fd_sub(10, 0, fd);
    s[1] = fd_sub(11, 1, fd);
    run("file read+write readiness", s, 2);
    s[0] = fd_sub(12, 0, fd);
    s[1] = clock_sub(13, __WASI_CLOCKID_MONOTONIC, 5000000000ull, 0);
    run("file read vs 5s clock", s, 2);
    s[0] = fd_sub(14, 0, 77);
    s[1] = clock_sub(15, __WASI_CLOCKID_MONOTONIC, 5000000000ull, 0);
    run("bad fd vs 5s clock", s, 2);
    s[0] = fd_sub(16, 1, SANDBOX_FD);
    run("directory write readiness", s, 1);
    s[0] = fd_sub(17, 1, 1);
    run("stdout write readiness", s, 1);
    s[0] = fd_sub(18, 0, 0);
    run("stdin (/dev/null) read readiness", s, 1);

    __wasi_event_t ev[2];
    __wasi_size_t got;
    WASI("zero subscriptions", __wasi_poll_oneoff(s, ev, 0, &got));
    s[0] = clock_sub(20, __WASI_CLOCKID_MONOTONIC, 1000, 0);

    /* libc poll() and nanosleep/clock_nanosleep go through poll_oneoff too. A file's read
       and write readiness are asked for in separate calls: asked together, wasmtime 49
       answers write-only or (about one run in twelve) both, as its file read readiness is
       found asynchronously. */
    struct pollfd p[2] = {{fd, POLLIN, 0}, {fd, POLLOUT, 0}};
    SHOW("poll file in", poll(&p[0], 1, 1000));
    printf("  revents %#x\n", p[0].revents);
    SHOW("poll file out", poll(&p[1], 1, 1000));
    printf("  revents %#x\n", p[1].revents);
    SHOW("poll none 15ms", poll(NULL, 0, 15));
    struct timespec d = {0, 5000000};
    SHOW("clock_nanosleep", clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL));
    SHOW("usleep", usleep(1000));
    return 0;
}
