/* Shared helpers of the WASI test programs (the .c files next to this header, run by tests/wasi.rs).
 *
 * Every program prints only deterministic facts (no times, inode numbers or host paths) so
 * that its output under wasm2native and under wasmtime 49 can be compared byte for byte.
 * The harness preopens the fixture directory as /sandbox (fd 3) and a second one as
 * /other (fd 4); `outside/` next to them is never granted.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#define SANDBOX_FD 3
#define OTHER_FD 4

/* Prints `label -> value`, and errno's number and text when the value is negative. */
#define SHOW(label, expr)                                                                  \
    do {                                                                                   \
        errno = 0;                                                                         \
        long show_r_ = (long)(expr);                                                       \
        if (show_r_ < 0)                                                                   \
            printf("%s -> %ld errno %d (%s)\n", (label), show_r_, errno, strerror(errno)); \
        else                                                                               \
            printf("%s -> %ld\n", (label), show_r_);                                       \
    } while (0)

/* Prints the WASI errno a direct `__wasi_*` call returned. */
#define WASI(label, expr)                                         \
    do {                                                          \
        __wasi_errno_t wasi_e_ = (expr);                          \
        printf("%s -> wasi errno %u\n", (label), (unsigned)wasi_e_); \
    } while (0)

/* An address far past the end of any test program's linear memory. */
#define BAD_PTR ((void *)0xfffffff0u)

/* Raw imports for calls whose libc wrappers would not pass a bad pointer or length through. */
#define RAW_IMPORT(name) \
    __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
RAW_IMPORT(path_open)
int32_t raw_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t path_len, int32_t oflags,
                      int64_t base, int64_t inheriting, int32_t fdflags, int32_t out);
RAW_IMPORT(path_create_directory)
int32_t raw_path_create_directory(int32_t fd, int32_t path, int32_t path_len);
RAW_IMPORT(path_filestat_get)
int32_t raw_path_filestat_get(int32_t fd, int32_t flags, int32_t path, int32_t path_len,
                              int32_t out);
RAW_IMPORT(path_unlink_file)
int32_t raw_path_unlink_file(int32_t fd, int32_t path, int32_t path_len);
RAW_IMPORT(path_symlink)
int32_t raw_path_symlink(int32_t old, int32_t old_len, int32_t fd, int32_t path, int32_t path_len);
RAW_IMPORT(fd_write)
int32_t raw_fd_write(int32_t fd, int32_t iovs, int32_t iovs_len, int32_t out);
RAW_IMPORT(fd_read)
int32_t raw_fd_read(int32_t fd, int32_t iovs, int32_t iovs_len, int32_t out);
RAW_IMPORT(args_get)
int32_t raw_args_get(int32_t argv, int32_t buf);
RAW_IMPORT(environ_get)
int32_t raw_environ_get(int32_t environ, int32_t buf);
RAW_IMPORT(fd_prestat_dir_name)
int32_t raw_fd_prestat_dir_name(int32_t fd, int32_t buf, int32_t len);
RAW_IMPORT(fd_readdir)
int32_t raw_fd_readdir(int32_t fd, int32_t buf, int32_t len, int64_t cookie, int32_t out);
RAW_IMPORT(poll_oneoff)
int32_t raw_poll_oneoff(int32_t in, int32_t out, int32_t n, int32_t nevents);
RAW_IMPORT(fd_fdstat_set_flags)
int32_t raw_fd_fdstat_set_flags(int32_t fd, int32_t flags);
RAW_IMPORT(fd_seek)
int32_t raw_fd_seek(int32_t fd, int64_t offset, int32_t whence, int32_t out);
RAW_IMPORT(fd_advise)
int32_t raw_fd_advise(int32_t fd, int64_t offset, int64_t len, int32_t advice);
RAW_IMPORT(proc_raise)
int32_t raw_proc_raise(int32_t sig);
RAW_IMPORT(clock_time_get)
int32_t raw_clock_time_get(int32_t id, int64_t precision, int32_t out);

#define PTR(p) ((int32_t)(uintptr_t)(p))

/* Prints a whole file's contents (or the error), quoted. */
static void show_file(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("cat %s -> errno %d (%s)\n", path, errno, strerror(errno));
        return;
    }
    char buf[512];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    printf("cat %s -> \"", path);
    for (size_t i = 0; i < n; i++) {
        if (buf[i] == '\n')
            printf("\\n");
        else
            putchar(buf[i]);
    }
    printf("\"\n");
}

/* Writes `text` to a new (or truncated) file. */
static int put_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}
