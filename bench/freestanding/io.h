/* The little I/O the freestanding kernels need, without a C library: on wasm (32- or 64-bit
 * memory), WASI preview1's fd_write with 32-bit pointers into memory 0 (the kernels' data
 * lies in its first 4 GiB); natively, write(2). */
#ifndef FREESTANDING_IO_H
#define FREESTANDING_IO_H

typedef unsigned long long u64;

#ifdef __wasm__
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_write")))
int wasi_fd_write(int fd, int iovs, int iovs_len, int nwritten);

static void write_out(const char *s, unsigned len) {
    static unsigned iov[2], written;
    iov[0] = (unsigned)(unsigned long)s;
    iov[1] = len;
    wasi_fd_write(1, (int)(unsigned long)iov, 1, (int)(unsigned long)&written);
}

int main(void);
void _start(void) { main(); }
#else
#include <unistd.h>
static void write_out(const char *s, unsigned len) {
    if (write(1, s, len) < 0) _exit(1);
}
#endif

/* Writes `label`, the decimal `v` and `end`. */
static void print_u64(const char *label, u64 v, const char *end) {
    char buf[96];
    unsigned n = 0;
    while (*label) buf[n++] = *label++;
    char digits[24];
    int d = 0;
    do { digits[d++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (d) buf[n++] = digits[--d];
    while (*end) buf[n++] = *end++;
    write_out(buf, n);
}

#endif
