/* Error cases across the API: closed and out-of-range fds, pointers and lengths past the end
 * of memory, invalid UTF-8 and NUL bytes in paths, and bad flag values. */
#include "common.h"

int main(void) {
    const __wasi_fd_t bad[] = {9, 1000, 0x7fffffff, 0xffffffff};
    char buf[64];
    __wasi_size_t n;
    __wasi_filesize_t pos;
    __wasi_fdstat_t fs;
    __wasi_filestat_t st;
    __wasi_fd_t nfd;
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
    __wasi_ciovec_t ciov = {(const uint8_t *)buf, 1};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        __wasi_fd_t fd = bad[i];
        printf("fd %u:", fd);
        printf(" read %u", __wasi_fd_read(fd, &iov, 1, &n));
        printf(" write %u", __wasi_fd_write(fd, &ciov, 1, &n));
        printf(" pread %u", __wasi_fd_pread(fd, &iov, 1, 0, &n));
        printf(" pwrite %u", __wasi_fd_pwrite(fd, &ciov, 1, 0, &n));
        printf(" seek %u", __wasi_fd_seek(fd, 0, 0, &pos));
        printf(" tell %u", __wasi_fd_tell(fd, &pos));
        printf(" fdstat %u", __wasi_fd_fdstat_get(fd, &fs));
        printf(" set_flags %u", __wasi_fd_fdstat_set_flags(fd, 0));
        printf(" set_rights %u", __wasi_fd_fdstat_set_rights(fd, 0, 0));
        printf(" filestat %u", __wasi_fd_filestat_get(fd, &st));
        printf(" set_size %u", __wasi_fd_filestat_set_size(fd, 0));
        printf(" set_times %u", __wasi_fd_filestat_set_times(fd, 0, 0, 0));
        printf(" advise %u", __wasi_fd_advise(fd, 0, 0, 0));
        printf(" allocate %u", __wasi_fd_allocate(fd, 0, 1));
        printf(" sync %u", __wasi_fd_sync(fd));
        printf(" datasync %u", __wasi_fd_datasync(fd));
        printf(" readdir %u", __wasi_fd_readdir(fd, (uint8_t *)buf, sizeof buf, 0, &n));
        printf(" close %u", __wasi_fd_close(fd));
        printf(" renumber %u/%u", __wasi_fd_renumber(fd, 1), __wasi_fd_renumber(1, fd));
        __wasi_prestat_t ps;
        printf(" prestat %u", __wasi_fd_prestat_get(fd, &ps));
        printf(" path_open %u", __wasi_path_open(fd, 0, "x", 0, 0, 0, 0, &nfd));
        printf(" mkdir %u", __wasi_path_create_directory(fd, "x"));
        printf(" unlink %u", __wasi_path_unlink_file(fd, "x"));
        printf(" rmdir %u", __wasi_path_remove_directory(fd, "x"));
        printf(" readlink %u", __wasi_path_readlink(fd, "x", (uint8_t *)buf, sizeof buf, &n));
        printf(" symlink %u", __wasi_path_symlink("a", fd, "x"));
        printf(" rename %u/%u", __wasi_path_rename(fd, "x", SANDBOX_FD, "y"), __wasi_path_rename(SANDBOX_FD, "hello.txt", fd, "y"));
        printf(" link %u/%u", __wasi_path_link(fd, 0, "x", SANDBOX_FD, "y"), __wasi_path_link(SANDBOX_FD, 0, "hello.txt", fd, "y"));
        printf(" pstat %u", __wasi_path_filestat_get(fd, 0, "x", &st));
        printf(" sock_shutdown %u", __wasi_sock_shutdown(fd, __WASI_SDFLAGS_RD));
        printf("\n");
    }
    /* Sockets on a non-socket fd */
    printf("sock_shutdown stdout %u\n", __wasi_sock_shutdown(1, __WASI_SDFLAGS_RD));
    printf("sock_accept preopen %u\n", __wasi_sock_accept(SANDBOX_FD, 0, &nfd));
    __wasi_roflags_t rof;
    printf("sock_recv stdin %u\n", __wasi_sock_recv(0, &iov, 1, 0, &n, &rof));
    printf("sock_send stdout %u\n", __wasi_sock_send(1, &ciov, 1, 0, &n));

    /* Bad pointers and lengths */
    WASI("fd_write 0 iovecs", __wasi_fd_write(1, &ciov, 0, &n));
    printf("  n %u\n", n);
    WASI("path_open path length past memory", raw_path_open(SANDBOX_FD, 0, PTR("hello.txt"), 0x7fffffff, 0, 2, 2, 0, PTR(&nfd)));
    WASI("path_open invalid utf-8", raw_path_open(SANDBOX_FD, 0, PTR("\xff\xfe"), 2, 0, 2, 2, 0, PTR(&nfd)));
    WASI("path_open embedded NUL", raw_path_open(SANDBOX_FD, 0, PTR("hello.txt\0x"), 11, 0, 2, 2, 0, PTR(&nfd)));
    WASI("mkdir invalid utf-8", raw_path_create_directory(SANDBOX_FD, PTR("a\xc3"), 2));
    WASI("filestat on missing + bad out", raw_path_filestat_get(SANDBOX_FD, 0, PTR("nope"), 4, PTR(BAD_PTR)));
    /* Nothing above may have created anything. */
    WASI("stat s", __wasi_path_filestat_get(SANDBOX_FD, 0, "s", &st));
    return 0;
}
