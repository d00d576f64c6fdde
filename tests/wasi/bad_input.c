/* Guest input that wasmtime 49 refuses with a host error: pointers and lengths past the end of
 * linear memory, and enum or flag values outside their witx definitions. One case per run:
 * argv[1] is the case number; without it the program lists "number errno label" per case.
 *
 * Intended difference from wasmtime 49: wasm2native returns an errno (FAULT for memory,
 * INVAL for values, the number in each CASE) as the issue asks ("bad input from the guest
 * returns the right errno"), while wasmtime 49 ends the program with a host error (exit
 * status 1, "Pointer out of bounds" / "Invalid enum value" / "Invalid flag value").
 * tests/wasi.rs checks both behaviours. */
#include "common.h"
#include <fcntl.h>

int main(int argc, char **argv) {
    char buf[64];
    uint8_t *ptrs[16];
    __wasi_size_t n, count, size;
    __wasi_fd_t nfd;
    __wasi_event_t ev[2];
    __wasi_subscription_t s[1];
    memset(s, 0, sizeof s);
    s[0].u.tag = __WASI_EVENTTYPE_CLOCK;
    s[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s[0].u.u.clock.timeout = 1000;
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
    __wasi_ciovec_t ciov = {(const uint8_t *)"x", 1};
    __wasi_ciovec_t huge = {(const uint8_t *)buf, 0x7fffffff};
    __wasi_ciovec_t badbuf = {(const uint8_t *)BAD_PTR, 32};
    __wasi_iovec_t badin = {(uint8_t *)BAD_PTR, 32};
    int fd = open("/sandbox/sub", O_RDONLY | O_DIRECTORY);
    int file = open("/sandbox/hello.txt", O_RDONLY);
    int which = argc > 1 ? atoi(argv[1]) : -1;
    int i = 0;
#define CASE(errno_, label, expr)                 \
    if (which < 0)                                \
        printf("%d %d %s\n", i, errno_, label);   \
    else if (which == i)                          \
        WASI(label, expr);                        \
    i++;
    CASE(21, "args_get bad argv", raw_args_get(PTR(BAD_PTR), PTR(buf)));
    CASE(21, "args_get bad buf", raw_args_get(PTR(ptrs), PTR(BAD_PTR)));
    CASE(21, "environ_get bad buf", raw_environ_get(PTR(ptrs), PTR(BAD_PTR)));
    CASE(21, "args_sizes_get bad", __wasi_args_sizes_get(BAD_PTR, &size));
    CASE(21, "environ_sizes_get bad", __wasi_environ_sizes_get(&count, BAD_PTR));
    CASE(21, "clock_time_get bad pointer", raw_clock_time_get(1, 0, PTR(BAD_PTR)));
    CASE(21, "clock_res_get bad pointer", __wasi_clock_res_get(1, BAD_PTR));
    CASE(21, "fd_write iovec array out of bounds", raw_fd_write(1, PTR(BAD_PTR), 1, PTR(&n)));
    CASE(21, "fd_write buffer out of bounds", __wasi_fd_write(1, &badbuf, 1, &n));
    CASE(21, "fd_write length past memory", __wasi_fd_write(1, &huge, 1, &n));
    CASE(21, "fd_write nwritten out of bounds", raw_fd_write(1, PTR(&ciov), 1, PTR(BAD_PTR)));
    CASE(21, "fd_read buffer out of bounds", __wasi_fd_read(0, &badin, 1, &n));
    CASE(21, "fd_read nread out of bounds", raw_fd_read(0, PTR(&iov), 1, PTR(BAD_PTR)));
    CASE(21, "path_open path out of bounds", raw_path_open(SANDBOX_FD, 0, PTR(BAD_PTR), 8, 0, 2, 2, 0, PTR(&nfd)));
    CASE(21, "path_open path length past memory", raw_path_open(SANDBOX_FD, 0, PTR("hello.txt"), 0x7fffffff, 0, 2, 2, 0, PTR(&nfd)));
    CASE(21, "path_open fd out pointer out of bounds", raw_path_open(SANDBOX_FD, 0, PTR("hello.txt"), 9, 0, 2, 2, 0, PTR(BAD_PTR)));
    CASE(21, "mkdir path out of bounds", raw_path_create_directory(SANDBOX_FD, PTR(BAD_PTR), 4));
    CASE(21, "path_filestat_get out pointer out of bounds", raw_path_filestat_get(SANDBOX_FD, 0, PTR("hello.txt"), 9, PTR(BAD_PTR)));
    CASE(21, "unlink path out of bounds", raw_path_unlink_file(SANDBOX_FD, PTR(BAD_PTR), 4));
    CASE(21, "symlink target out of bounds", raw_path_symlink(PTR(BAD_PTR), 4, SANDBOX_FD, PTR("s"), 1));
    CASE(21, "readlink buffer out of bounds", __wasi_path_readlink(SANDBOX_FD, "link_to_hello", (uint8_t *)BAD_PTR, 16, &n));
    CASE(21, "fd_fdstat_get out of bounds", __wasi_fd_fdstat_get(1, BAD_PTR));
    CASE(21, "fd_filestat_get out of bounds", __wasi_fd_filestat_get(SANDBOX_FD, BAD_PTR));
    CASE(21, "fd_prestat_get out of bounds", __wasi_fd_prestat_get(SANDBOX_FD, BAD_PTR));
    CASE(21, "fd_prestat_dir_name bad buffer", raw_fd_prestat_dir_name(SANDBOX_FD, PTR(BAD_PTR), 32));
    CASE(21, "fd_seek bad out pointer", raw_fd_seek(file, 0, 0, PTR(BAD_PTR)));
    CASE(21, "fd_readdir bad buffer", raw_fd_readdir(fd, PTR(BAD_PTR), 64, 0, PTR(&n)));
    CASE(21, "poll_oneoff bad in pointer", raw_poll_oneoff(PTR(BAD_PTR), PTR(ev), 1, PTR(&n)));
    CASE(21, "poll_oneoff bad out pointer", raw_poll_oneoff(PTR(s), PTR(BAD_PTR), 1, PTR(&n)));
    CASE(21, "poll_oneoff bad nevents pointer", raw_poll_oneoff(PTR(s), PTR(ev), 1, PTR(BAD_PTR)));
    CASE(21, "random_get bad pointer", __wasi_random_get(BAD_PTR, 16));
    CASE(21, "random_get bad pointer, 0 bytes", __wasi_random_get(BAD_PTR, 0));
    CASE(21, "random_get straddling the end", __wasi_random_get((uint8_t *)0xffff0000u, 0x20000));
    __wasi_timestamp_t t;
    CASE(28, "clock_res_get clock 4", __wasi_clock_res_get(4, &t));
    CASE(28, "clock_time_get clock 99", raw_clock_time_get(99, 0, PTR(&t)));
    CASE(28, "clock_time_get bad id and bad pointer", raw_clock_time_get(99, 0, PTR(BAD_PTR)));
    CASE(28, "fd_seek whence 3", raw_fd_seek(file, 0, 3, PTR(&t)));
    CASE(28, "fd_advise advice 6", raw_fd_advise(file, 0, 10, 6));
    CASE(28, "fd_filestat_set_times flags 0x30", __wasi_fd_filestat_set_times(file, 0, 0, 0x30));
    CASE(28, "fd_fdstat_set_flags 0x100", raw_fd_fdstat_set_flags(file, 0x100));
    CASE(28, "path_open oflags 0x40", raw_path_open(SANDBOX_FD, 0, PTR("hello.txt"), 9, 0x40, 2, 2, 0, PTR(&nfd)));
    CASE(28, "path_open fdflags 0x80", raw_path_open(SANDBOX_FD, 0, PTR("hello.txt"), 9, 0, 2, 2, 0x80, PTR(&nfd)));
    CASE(28, "path_open lookupflags 0x10", raw_path_open(SANDBOX_FD, 0x10, PTR("hello.txt"), 9, 0, 2, 2, 0, PTR(&nfd)));
    s[0].u.u.clock.id = 99;
    CASE(28, "poll_oneoff clock id 99", __wasi_poll_oneoff(s, ev, 1, &n));
    s[0].u.u.clock.id = 1;
    s[0].u.tag = 7;
    CASE(28, "poll_oneoff event type 7", __wasi_poll_oneoff(s, ev, 1, &n));
    return 0;
}
