/* `wasi_unstable` (snapshot 0) next to `wasi_snapshot_preview1`, through raw imports of both
 * modules: fd_seek's whence numbering (snapshot 0: CUR=0, END=1, SET=2), the 56-byte filestat
 * (u32 nlink at 20, size at 24) against preview1's 64-byte one (u64 nlink at 24), and
 * poll_oneoff's 56-byte clock subscription (an `identifier` u64 before the clock id) against
 * preview1's 48 bytes. Buffers are filled with 0xAA first and dumped whole, so a byte written
 * past a struct, or padding written differently, shows up. Times, inodes and devices are
 * printed only as facts (non-zero, equal between the two snapshots). Also calls a few of the
 * functions snapshot 0 shares with preview1 under their wasi_unstable names. */
#include <fcntl.h>
#include <unistd.h>
#include "common.h"

#define P1(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
#define U0(name) __attribute__((import_module("wasi_unstable"), import_name(#name)))

P1(fd_seek) int32_t p1_fd_seek(int32_t fd, int64_t off, int32_t whence, int32_t out);
U0(fd_seek) int32_t u0_fd_seek(int32_t fd, int64_t off, int32_t whence, int32_t out);
P1(fd_tell) int32_t p1_fd_tell(int32_t fd, int32_t out);
U0(fd_tell) int32_t u0_fd_tell(int32_t fd, int32_t out);
P1(fd_filestat_get) int32_t p1_fd_filestat_get(int32_t fd, int32_t out);
U0(fd_filestat_get) int32_t u0_fd_filestat_get(int32_t fd, int32_t out);
P1(path_filestat_get)
int32_t p1_path_filestat_get(int32_t fd, int32_t flags, int32_t path, int32_t len, int32_t out);
U0(path_filestat_get)
int32_t u0_path_filestat_get(int32_t fd, int32_t flags, int32_t path, int32_t len, int32_t out);
P1(poll_oneoff) int32_t p1_poll_oneoff(int32_t in, int32_t out, int32_t n, int32_t nevents);
U0(poll_oneoff) int32_t u0_poll_oneoff(int32_t in, int32_t out, int32_t n, int32_t nevents);
U0(fd_write) int32_t u0_fd_write(int32_t fd, int32_t iovs, int32_t n, int32_t nwritten);
U0(fd_read) int32_t u0_fd_read(int32_t fd, int32_t iovs, int32_t n, int32_t nread);
U0(fd_prestat_get) int32_t u0_fd_prestat_get(int32_t fd, int32_t out);
U0(fd_prestat_dir_name) int32_t u0_fd_prestat_dir_name(int32_t fd, int32_t buf, int32_t len);
U0(path_open)
int32_t u0_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t path_len, int32_t oflags,
                     int64_t base, int64_t inheriting, int32_t fdflags, int32_t out);
U0(fd_close) int32_t u0_fd_close(int32_t fd);
U0(fd_fdstat_get) int32_t u0_fd_fdstat_get(int32_t fd, int32_t out);
U0(args_sizes_get) int32_t u0_args_sizes_get(int32_t argc, int32_t size);
U0(environ_sizes_get) int32_t u0_environ_sizes_get(int32_t n, int32_t size);
U0(clock_res_get) int32_t u0_clock_res_get(int32_t id, int32_t out);
U0(clock_time_get) int32_t u0_clock_time_get(int32_t id, int64_t precision, int32_t out);
U0(random_get) int32_t u0_random_get(int32_t buf, int32_t len);
U0(fd_readdir)
int32_t u0_fd_readdir(int32_t fd, int32_t buf, int32_t len, int64_t cookie, int32_t out);
U0(sched_yield) int32_t u0_sched_yield(void);

#define A(p) ((int32_t)(uintptr_t)(p))

static void dump(const char *label, const uint8_t *b, size_t n) {
    printf("%s:", label);
    for (size_t i = 0; i < n; i++)
        printf("%s%02x", i % 8 ? "" : " ", b[i]);
    printf("\n");
}

static uint64_t get64(const uint8_t *b, size_t at) {
    uint64_t v;
    memcpy(&v, b + at, 8);
    return v;
}

static uint32_t get32(const uint8_t *b, size_t at) {
    uint32_t v;
    memcpy(&v, b + at, 4);
    return v;
}

static void put64(uint8_t *b, size_t at, uint64_t v) { memcpy(b + at, &v, 8); }
static void put32(uint8_t *b, size_t at, uint32_t v) { memcpy(b + at, &v, 4); }

static void seeks(int fd) {
    uint64_t pos;
    /* The file holds 26 bytes. (A whence outside the enum is a host error in wasmtime 49:
     * tests/wasi/bad_input.c covers it.) */
    static const struct {
        int64_t off;
        int32_t whence;
    } steps[] = {{5, 0}, {3, 1}, {-4, 2}, {0, 1}, {2, 0}, {-1, 2}, {100, 2}, {-100, 1}};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        int64_t off = steps[i].off;
        int32_t w = steps[i].whence;
        pos = 0xdeadbeef;
        int32_t e = p1_fd_seek(fd, off, w, A(&pos));
        printf("preview1 fd_seek(%lld, whence %d) -> %d pos %llu\n", (long long)off, w, e,
               (unsigned long long)pos);
        pos = 0xdeadbeef;
        e = p1_fd_tell(fd, A(&pos));
        printf("  preview1 fd_tell -> %d pos %llu\n", e, (unsigned long long)pos);
        pos = 0xdeadbeef;
        e = u0_fd_seek(fd, off, w, A(&pos));
        printf("unstable fd_seek(%lld, whence %d) -> %d pos %llu\n", (long long)off, w, e,
               (unsigned long long)pos);
        pos = 0xdeadbeef;
        e = u0_fd_tell(fd, A(&pos));
        printf("  unstable fd_tell -> %d pos %llu\n", e, (unsigned long long)pos);
    }
    WASI("unstable fd_seek on a preopened directory", u0_fd_seek(SANDBOX_FD, 0, 0, A(&pos)));
    WASI("unstable fd_seek on a bad fd", u0_fd_seek(99, 0, 0, A(&pos)));
}

/* Prints a filestat of either layout: the deterministic fields and the raw bytes around
 * filetype/nlink, with the fields that vary (dev, ino, times) masked. */
static void show_filestat(const char *label, uint8_t *b, int unstable) {
    size_t size_at = unstable ? 24 : 32, times_at = size_at + 8, end = times_at + 24;
    uint64_t nlink = unstable ? get32(b, 20) : get64(b, 24);
    printf("%s: filetype %u nlink %llu size %llu dev %s ino %s times %s%s%s\n", label, b[16],
           (unsigned long long)nlink, (unsigned long long)get64(b, size_at),
           get64(b, 0) ? "set" : "zero", get64(b, 8) ? "set" : "zero",
           get64(b, times_at) ? "a" : "-", get64(b, times_at + 8) ? "m" : "-",
           get64(b, times_at + 16) ? "c" : "-");
    uint8_t masked[80];
    memcpy(masked, b, sizeof masked);
    memset(masked, 0, 16);
    memset(masked + times_at, 0, 24);
    dump("  bytes (dev, ino, times zeroed)", masked, end + 8);
}

static void filestats(int fd) {
    uint8_t p1[80], u0[80];
    memset(p1, 0xaa, sizeof p1);
    memset(u0, 0xaa, sizeof u0);
    WASI("preview1 fd_filestat_get", p1_fd_filestat_get(fd, A(p1)));
    show_filestat("preview1", p1, 0);
    WASI("unstable fd_filestat_get", u0_fd_filestat_get(fd, A(u0)));
    show_filestat("unstable", u0, 1);
    printf("same dev/ino/mtim: %d %d %d\n", get64(p1, 0) == get64(u0, 0),
           get64(p1, 8) == get64(u0, 8), get64(p1, 48) == get64(u0, 40));

    const char *paths[] = {"hello.txt", "sub", "link_to_hello", "link_to_dir", "dangling",
                           "missing", "link_out", "../outside/secret.txt"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        for (int follow = 0; follow <= 1; follow++) {
            char label[96];
            memset(p1, 0xaa, sizeof p1);
            memset(u0, 0xaa, sizeof u0);
            int32_t e1 = p1_path_filestat_get(SANDBOX_FD, follow, A(paths[i]),
                                              (int32_t)strlen(paths[i]), A(p1));
            int32_t e0 = u0_path_filestat_get(SANDBOX_FD, follow, A(paths[i]),
                                              (int32_t)strlen(paths[i]), A(u0));
            printf("path_filestat_get %s follow=%d -> preview1 %d, unstable %d\n", paths[i],
                   follow, e1, e0);
            snprintf(label, sizeof label, "  preview1 %s", paths[i]);
            if (e1 == 0)
                show_filestat(label, p1, 0);
            else
                dump("  untouched", p1, 72);
            snprintf(label, sizeof label, "  unstable %s", paths[i]);
            if (e0 == 0)
                show_filestat(label, u0, 1);
            else
                dump("  untouched", u0, 64);
        }
    }
    memset(u0, 0xaa, sizeof u0);
    WASI("unstable fd_filestat_get of the preopen", u0_fd_filestat_get(SANDBOX_FD, A(u0)));
    show_filestat("unstable /sandbox", u0, 1);
    WASI("unstable fd_filestat_get of stdout", u0_fd_filestat_get(1, A(u0)));
    printf("stdout filetype %u\n", u0[16]);
    WASI("unstable fd_filestat_get of a bad fd", u0_fd_filestat_get(77, A(u0)));
}

/* A clock subscription at `b` (userdata, clock id, relative timeout in ns). */
static void clock_sub(uint8_t *b, int unstable, uint64_t userdata, uint32_t id, uint64_t ns,
                      uint16_t flags) {
    memset(b, 0, unstable ? 56 : 48);
    put64(b, 0, userdata);
    b[8] = 0; /* eventtype clock */
    size_t at = 16;
    if (unstable) {
        put64(b, 16, 0x1122334455667788ull); /* identifier: ignored */
        at = 24;
    }
    put32(b, at, id);
    put64(b, at + 8, ns);
    put64(b, at + 16, 1000);
    memcpy(b + at + 24, &flags, 2);
}

static void fd_sub(uint8_t *b, int unstable, uint64_t userdata, uint8_t type, uint32_t fd) {
    memset(b, 0, unstable ? 56 : 48);
    put64(b, 0, userdata);
    b[8] = type;
    put32(b, 16, fd);
}

static void show_events(const char *label, int32_t e, uint8_t *ev, uint32_t n) {
    if (e != 0) {
        printf("%s -> %d, nevents %s\n", label, e, n == 0xdead ? "untouched" : "written");
        return;
    }
    printf("%s -> %d, %u events\n", label, e, n);
    for (uint32_t i = 0; i < n && i < 8; i++) {
        uint8_t *x = ev + 32 * i;
        printf("  userdata %llu error %u type %u nbytes %llu flags %u\n",
               (unsigned long long)get64(x, 0), x[8] | x[9] << 8, x[10],
               (unsigned long long)get64(x, 16), x[24] | x[25] << 8);
    }
}

/* `multi` = 0: every case for preview1, the single-subscription ones for snapshot 0;
 * `multi` = 1: only the cases with several subscriptions, for both. wasmtime 49 gets those
 * wrong under wasi_unstable (it rewrites each 56-byte subscription as a 48-byte preview1 one
 * in place and then reads them 48 bytes apart), so tests/wasi.rs runs them separately. */
static void polls(int fd, int multi) {
    for (int unstable = 0; unstable <= 1; unstable++) {
        const char *which = unstable ? "unstable" : "preview1";
        size_t sz = unstable ? 56 : 48;
        int32_t (*poll)(int32_t, int32_t, int32_t, int32_t) =
            unstable ? u0_poll_oneoff : p1_poll_oneoff;
        uint8_t subs[4 * 56], ev[4 * 32 + 16];
        uint32_t n;
        char label[128];

        uint64_t now = 0;
        int32_t e;
        if (multi)
            goto several;
        if (unstable)
            goto single;
        several:
        /* an absolute realtime deadline in the past and a long relative one: only the first */
        u0_clock_time_get(0, 1, A(&now));
        clock_sub(subs, unstable, 11, 0, now - 1000000000ull, 1);
        clock_sub(subs + sz, unstable, 12, 1, 5000000000ull, 0);
        memset(ev, 0xaa, sizeof ev);
        n = 0xdead;
        e = poll(A(subs), A(ev), 2, A(&n));
        snprintf(label, sizeof label, "%s poll: past absolute deadline + 5 s timeout", which);
        show_events(label, e, ev, n);

        /* fd subscriptions on a regular file: read and write readiness, plus a timeout */
        p1_fd_seek(fd, 4, 0, A(&now));
        fd_sub(subs, unstable, 21, 1, (uint32_t)fd);
        fd_sub(subs + sz, unstable, 22, 2, (uint32_t)fd);
        clock_sub(subs + 2 * sz, unstable, 23, 1, 5000000000ull, 0);
        memset(ev, 0xaa, sizeof ev);
        n = 0xdead;
        e = poll(A(subs), A(ev), 3, A(&n));
        snprintf(label, sizeof label, "%s poll: file read + write + timeout", which);
        show_events(label, e, ev, n);
        dump("  event bytes", ev, 72);
        if (multi)
            continue;

        single:
        /* one relative monotonic timeout of 2 ms */
        clock_sub(subs, unstable, 7, 1, 2000000, 0);
        memset(ev, 0xaa, sizeof ev);
        n = 0xdead;
        e = poll(A(subs), A(ev), 1, A(&n));
        snprintf(label, sizeof label, "%s poll: one 2 ms monotonic timeout", which);
        show_events(label, e, ev, n);
        dump("  event bytes", ev, 40);

        /* one fd_read subscription on the file, positioned at 4 */
        p1_fd_seek(fd, 4, 0, A(&now));
        fd_sub(subs, unstable, 25, 1, (uint32_t)fd);
        memset(ev, 0xaa, sizeof ev);
        n = 0xdead;
        e = poll(A(subs), A(ev), 1, A(&n));
        snprintf(label, sizeof label, "%s poll: file read", which);
        show_events(label, e, ev, n);
        dump("  event bytes", ev, 40);

        /* a bad fd and an unknown clock */
        fd_sub(subs, unstable, 31, 1, 99);
        memset(ev, 0xaa, sizeof ev);
        n = 0xdead;
        e = poll(A(subs), A(ev), 1, A(&n));
        snprintf(label, sizeof label, "%s poll: bad fd", which);
        show_events(label, e, ev, n);
        clock_sub(subs, unstable, 41, 9, 1000, 0);
        memset(ev, 0xaa, sizeof ev);
        n = 0xdead;
        e = poll(A(subs), A(ev), 1, A(&n));
        snprintf(label, sizeof label, "%s poll: unknown clock id", which);
        show_events(label, e, ev, n);

        n = 0xdead;
        e = poll(A(subs), A(ev), 0, A(&n));
        printf("%s poll: no subscriptions -> %d\n", which, e);
    }
}

static void shared_names(void) {
    const char msg[] = "written through wasi_unstable fd_write\n";
    fflush(stdout);
    __wasi_ciovec_t iov = {(const uint8_t *)msg, sizeof msg - 1};
    uint32_t nw = 0;
    int32_t e = u0_fd_write(1, A(&iov), 1, A(&nw));
    printf("unstable fd_write -> %d, %u bytes\n", e, nw);

    uint8_t prestat[8];
    char name[32] = {0};
    memset(prestat, 0xaa, sizeof prestat);
    e = u0_fd_prestat_get(SANDBOX_FD, A(prestat));
    printf("unstable fd_prestat_get -> %d tag %u len %u\n", e, prestat[0], get32(prestat, 4));
    dump("  prestat", prestat, 8);
    e = u0_fd_prestat_dir_name(SANDBOX_FD, A(name), (int32_t)get32(prestat, 4));
    printf("unstable fd_prestat_dir_name -> %d %s\n", e, name);

    uint32_t fd = 0;
    const char *p = "sub/nested.txt";
    e = u0_path_open(SANDBOX_FD, 1, A(p), (int32_t)strlen(p), 0, 0x2 | 0x4 | 0x200000, 0, 0,
                     A(&fd));
    printf("unstable path_open -> %d\n", e);
    char buf[32] = {0};
    __wasi_iovec_t riov = {(uint8_t *)buf, sizeof buf - 1};
    uint32_t nr = 0;
    e = u0_fd_read((int32_t)fd, A(&riov), 1, A(&nr));
    printf("unstable fd_read -> %d %u %s", e, nr, buf);
    uint8_t fdstat[24];
    memset(fdstat, 0xaa, sizeof fdstat);
    e = u0_fd_fdstat_get((int32_t)fd, A(fdstat));
    printf("unstable fd_fdstat_get -> %d\n", e);
    dump("  fdstat", fdstat, 24);
    e = u0_fd_close((int32_t)fd);
    printf("unstable fd_close -> %d, again -> %d\n", e, u0_fd_close((int32_t)fd));

    uint32_t a = 0, b = 0;
    e = u0_args_sizes_get(A(&a), A(&b));
    /* (not the size: argv[0] is the module's name in wasmtime, the executable's here) */
    printf("unstable args_sizes_get -> %d argc %u\n", e, a);
    e = u0_environ_sizes_get(A(&a), A(&b));
    printf("unstable environ_sizes_get -> %d %u %u\n", e, a, b);
    uint64_t res = 0, t = 0;
    e = u0_clock_res_get(1, A(&res));
    printf("unstable clock_res_get -> %d nonzero %d\n", e, res != 0);
    e = u0_clock_time_get(1, 1, A(&t));
    printf("unstable clock_time_get -> %d nonzero %d\n", e, t != 0);
    uint8_t rnd[16] = {0};
    e = u0_random_get(A(rnd), sizeof rnd);
    printf("unstable random_get -> %d\n", e);
    WASI("unstable sched_yield", u0_sched_yield());

    /* fd_readdir: the dirent layout is the same in both; print names in order */
    p = "sub";
    e = u0_path_open(SANDBOX_FD, 1, A(p), 3, 2 /* directory */, 0x4000 | 0x8 | 0x200000, 0, 0,
                     A(&fd));
    printf("unstable path_open dir -> %d\n", e);
    uint8_t dbuf[256];
    uint32_t used = 0;
    e = u0_fd_readdir((int32_t)fd, A(dbuf), sizeof dbuf, 0, A(&used));
    printf("unstable fd_readdir -> %d\n", e);
    int names = 0;
    for (uint32_t off = 0; off + 24 <= used; names++) {
        uint32_t len = get32(dbuf, off + 16);
        if (off + 24 + len > used)
            break;
        if (!(len == 1 && dbuf[off + 24] == '.') && !(len == 2 && !memcmp(dbuf + off + 24, "..", 2)))
            printf("  entry %.*s type %u\n", (int)len, (char *)dbuf + off + 24, dbuf[off + 20]);
        off += 24 + len;
    }
    u0_fd_close((int32_t)fd);
}

int main(int argc, char **argv) {
    int multi = argc > 1 && !strcmp(argv[1], "multi");
    int fd = open("/sandbox/alphabet.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        perror("open");
        return 1;
    }
    write(fd, "abcdefghijklmnopqrstuvwxyz", 26);
    if (multi) {
        polls(fd, 1);
        close(fd);
        return 0;
    }
    seeks(fd);
    filestats(fd);
    polls(fd, 0);
    shared_names();
    close(fd);
    return 0;
}
