/* fd_*: read/write/seek/tell/pread/pwrite, fdstat (+ set flags), filestat (+ set size/times),
 * advise, allocate, sync, datasync, renumber, close, readdir, prestat, on files, directories
 * and stdio. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static void fdstat(const char *label, int fd) {
    __wasi_fdstat_t st;
    __wasi_errno_t e = __wasi_fd_fdstat_get(fd, &st);
    printf("fdstat %s -> %u", label, e);
    if (e == 0)
        printf(" filetype %u flags %#x base %#llx inheriting %#llx", st.fs_filetype,
               st.fs_flags, (unsigned long long)st.fs_rights_base,
               (unsigned long long)st.fs_rights_inheriting);
    printf("\n");
}

static void filestat(const char *label, int fd) {
    __wasi_filestat_t st;
    __wasi_errno_t e = __wasi_fd_filestat_get(fd, &st);
    printf("filestat %s -> %u", label, e);
    if (e == 0)
        printf(" filetype %u nlink %llu size %llu", st.filetype, (unsigned long long)st.nlink,
               (unsigned long long)st.size);
    printf("\n");
}

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of a directory via readdir (host order differs between file systems). */
static void list_dir(const char *path) {
    DIR *d = opendir(path);
    if (!d) {
        printf("opendir %s -> errno %d\n", path, errno);
        return;
    }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        char *s = malloc(strlen(e->d_name) + 4);
        sprintf(s, "%s/%d", e->d_name, e->d_type);
        names[n++] = s;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    printf("ls %s:", path);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(void) {
    fdstat("stdin", 0);
    fdstat("stdout", 1);
    fdstat("stderr", 2);
    fdstat("preopen", SANDBOX_FD);
    filestat("stdout", 1);
    filestat("preopen (type only)", SANDBOX_FD);
    __wasi_prestat_t pre;
    WASI("prestat_get 3", __wasi_fd_prestat_get(SANDBOX_FD, &pre));
    printf("  tag %u len %u\n", pre.tag, pre.u.dir.pr_name_len);
    char name[32] = {0};
    WASI("prestat_dir_name 3", __wasi_fd_prestat_dir_name(SANDBOX_FD, (uint8_t *)name, sizeof name));
    printf("  name %s\n", name);
    WASI("prestat_dir_name short buffer", __wasi_fd_prestat_dir_name(SANDBOX_FD, (uint8_t *)name, 3));
    WASI("prestat_get stdout", __wasi_fd_prestat_get(1, &pre));
    WASI("prestat_get 99", __wasi_fd_prestat_get(99, &pre));

    /* Write, seek, tell, read back. */
    int fd = open("/sandbox/new.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    SHOW("open new.txt", fd);
    fdstat("new.txt rw", fd);
    SHOW("write", write(fd, "0123456789", 10));
    __wasi_filesize_t pos;
    WASI("tell", __wasi_fd_tell(fd, &pos));
    printf("  pos %llu\n", (unsigned long long)pos);
    SHOW("lseek SET 2", lseek(fd, 2, SEEK_SET));
    SHOW("lseek CUR 3", lseek(fd, 3, SEEK_CUR));
    SHOW("lseek END -1", lseek(fd, -1, SEEK_END));
    SHOW("lseek END +5 (past end)", lseek(fd, 5, SEEK_END));
    SHOW("lseek SET -1", lseek(fd, -1, SEEK_SET));
    SHOW("lseek SET 0", lseek(fd, 0, SEEK_SET));
    char buf[64] = {0};
    SHOW("read 4", read(fd, buf, 4));
    printf("  \"%s\"\n", buf);
    /* Vectored read over three buffers, one empty. */
    char a[3] = {0}, b[1], c[8] = {0};
    __wasi_iovec_t iov[3] = {{(uint8_t *)a, 2}, {(uint8_t *)b, 0}, {(uint8_t *)c, 7}};
    __wasi_size_t n;
    WASI("fd_read 3 iovecs", __wasi_fd_read(fd, iov, 3, &n));
    printf("  n %u \"%s\" \"%s\"\n", n, a, c);
    WASI("fd_read at eof", __wasi_fd_read(fd, iov, 3, &n));
    printf("  n %u\n", n);
    memset(buf, 0, sizeof buf);
    SHOW("pread 4 at 3", pread(fd, buf, 4, 3));
    printf("  \"%s\"\n", buf);
    SHOW("pread at 100", pread(fd, buf, 4, 100));
    SHOW("pwrite XY at 8", pwrite(fd, "XY", 2, 8));
    SHOW("pwrite at 12 (makes a hole)", pwrite(fd, "Z", 1, 12));
    WASI("tell after pread/pwrite", __wasi_fd_tell(fd, &pos));
    printf("  pos %llu (unchanged)\n", (unsigned long long)pos);
    filestat("new.txt", fd);
    WASI("set_size 5", __wasi_fd_filestat_set_size(fd, 5));
    filestat("new.txt after set_size 5", fd);
    WASI("set_size 20", __wasi_fd_filestat_set_size(fd, 20));
    filestat("new.txt after set_size 20", fd);
    WASI("set_size 5 again", __wasi_fd_filestat_set_size(fd, 5));
    WASI("set_times fixed", __wasi_fd_filestat_set_times(fd, 1000000000ull * 1000000, 2000000000ull * 1000000 + 5,
                                                         __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    __wasi_filestat_t fst;
    WASI("filestat", __wasi_fd_filestat_get(fd, &fst));
    printf("  atim %llu mtim %llu\n", (unsigned long long)fst.atim, (unsigned long long)fst.mtim);
    WASI("set_times now", __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW));
    WASI("set_times ATIM|ATIM_NOW", __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW));
    for (int adv = 0; adv <= 5; adv++) {
        char l[32];
        sprintf(l, "advise %d", adv);
        WASI(l, raw_fd_advise(fd, 0, 10, adv));
    }
    WASI("allocate 0+100", __wasi_fd_allocate(fd, 0, 100));
    filestat("after allocate", fd);
    WASI("sync", __wasi_fd_sync(fd));
    WASI("datasync", __wasi_fd_datasync(fd));
    SHOW("fsync", fsync(fd));

    /* Flags: append. */
    WASI("set_flags APPEND", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND));
    fdstat("new.txt append", fd);
    SHOW("lseek SET 0", lseek(fd, 0, SEEK_SET));
    SHOW("write (appends)", write(fd, "++", 2));
    filestat("new.txt after append", fd);
    WASI("set_flags NONBLOCK", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_NONBLOCK));
    fdstat("new.txt nonblock", fd);
    WASI("set_flags SYNC", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_SYNC));
    WASI("set_flags DSYNC", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_DSYNC));
    WASI("set_flags 0", __wasi_fd_fdstat_set_flags(fd, 0));
    WASI("set_flags on preopen", __wasi_fd_fdstat_set_flags(SANDBOX_FD, __WASI_FDFLAGS_APPEND));
    WASI("set_flags on stdout", __wasi_fd_fdstat_set_flags(1, 0));
    WASI("set_rights (narrow)", __wasi_fd_fdstat_set_rights(fd, __WASI_RIGHTS_FD_READ, 0));
    fdstat("new.txt after set_rights", fd);
    SHOW("fcntl F_GETFL", fcntl(fd, F_GETFL) & (O_APPEND | O_NONBLOCK | O_ACCMODE));

    /* Renumber: fd2 takes fd's place; the old number is gone. */
    int fd2 = open("/sandbox/hello.txt", O_RDONLY);
    SHOW("open hello.txt", fd2);
    fdstat("hello.txt ro", fd2);
    WASI("renumber hello -> new", __wasi_fd_renumber(fd2, fd));
    memset(buf, 0, sizeof buf);
    SHOW("read through renumbered fd", read(fd, buf, 5));
    printf("  \"%s\"\n", buf);
    SHOW("read old number", read(fd2, buf, 5));
    WASI("renumber to a closed fd", __wasi_fd_renumber(fd, 77));
    WASI("renumber from a closed fd", __wasi_fd_renumber(77, fd));
    WASI("renumber to itself", __wasi_fd_renumber(fd, fd));
    SHOW("write to read-only fd", write(fd, "x", 1));
    WASI("set_size on read-only fd", __wasi_fd_filestat_set_size(fd, 0));
    WASI("allocate on read-only fd", __wasi_fd_allocate(fd, 0, 1));
    SHOW("close", close(fd));
    SHOW("close again", close(fd));
    show_file("/sandbox/new.txt");

    /* A write-only open. */
    fd = open("/sandbox/wo.txt", O_WRONLY | O_CREAT | O_EXCL, 0600);
    SHOW("open wo.txt write-only", fd);
    fdstat("wo.txt", fd);
    SHOW("read from write-only fd", read(fd, buf, 1));
    SHOW("pwrite", pwrite(fd, "abc", 3, 0));
    SHOW("close", close(fd));
    fd = open("/sandbox/wo.txt", O_WRONLY | O_APPEND);
    fdstat("wo.txt append", fd);
    SHOW("write", write(fd, "def", 3));
    SHOW("pwrite on append fd", pwrite(fd, "Q", 1, 0));
    SHOW("close", close(fd));
    show_file("/sandbox/wo.txt");

    /* Directories: readdir, and data calls on a directory fd. */
    int d = open("/sandbox/sub", O_RDONLY | O_DIRECTORY);
    SHOW("open sub/", d);
    fdstat("sub/", d);
    filestat("sub/", d);
    SHOW("read on a directory", read(d, buf, 1));
    SHOW("write on a directory", write(d, buf, 1));
    SHOW("lseek on a directory", lseek(d, 0, SEEK_SET));
    WASI("tell on a directory", __wasi_fd_tell(d, &pos));
    WASI("sync on a directory", __wasi_fd_sync(d));
    WASI("datasync on a directory", __wasi_fd_datasync(d));
    WASI("advise on a directory", __wasi_fd_advise(d, 0, 0, 0));
    WASI("allocate on a directory", __wasi_fd_allocate(d, 0, 1));
    WASI("set_size on a directory", __wasi_fd_filestat_set_size(d, 0));
    WASI("set_times on a directory", __wasi_fd_filestat_set_times(d, 5, 5, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    WASI("filestat sub after set_times", __wasi_fd_filestat_get(d, &fst));
    printf("  atim %llu mtim %llu\n", (unsigned long long)fst.atim, (unsigned long long)fst.mtim);
    /* Raw readdir: count entries, follow cookies with a small buffer. */
    unsigned char dbuf[256];
    __wasi_size_t used;
    __wasi_dircookie_t cookie = 0;
    int entries = 0, calls = 0;
    for (;;) {
        __wasi_errno_t e = __wasi_fd_readdir(d, dbuf, 40, cookie, &used);
        calls++;
        if (e != 0) {
            printf("readdir -> %u\n", e);
            break;
        }
        if (used < 24)
            break;
        __wasi_dirent_t ent;
        memcpy(&ent, dbuf, sizeof ent);
        if (24 + ent.d_namlen > used && used == 40) {
            /* entry cut off: retry with a big buffer from the same cookie */
            WASI("readdir big", __wasi_fd_readdir(d, dbuf, sizeof dbuf, cookie, &used));
            memcpy(&ent, dbuf, sizeof ent);
        }
        entries++;
        cookie = ent.d_next;
        if (calls > 50)
            break;
    }
    printf("readdir sub/ with a 40-byte buffer: %d entries\n", entries);
    WASI("readdir on a file", __wasi_fd_readdir(0, dbuf, sizeof dbuf, 0, &used));
    WASI("readdir cookie past end", __wasi_fd_readdir(d, dbuf, sizeof dbuf, 1000, &used));
    printf("  used %u\n", used);
    SHOW("close sub/", close(d));
    list_dir("/sandbox");
    list_dir("/sandbox/sub");
    list_dir("/sandbox/emptydir");

    /* stdio */
    SHOW("lseek stdout", lseek(1, 0, SEEK_CUR));
    WASI("tell stdout", __wasi_fd_tell(1, &pos));
    WASI("sync stdout", __wasi_fd_sync(1));
    WASI("advise stdout", __wasi_fd_advise(1, 0, 0, 0));
    WASI("allocate stdout", __wasi_fd_allocate(1, 0, 1));
    WASI("set_size stdout", __wasi_fd_filestat_set_size(1, 0));
    SHOW("read stdin (closed / null)", read(0, buf, 1));
    fflush(stdout);
    __wasi_ciovec_t out[2] = {{(const uint8_t *)"vectored ", 9}, {(const uint8_t *)"write\n", 6}};
    WASI("fd_write stdout 2 iovecs", __wasi_fd_write(1, out, 2, &n));
    printf("  n %u\n", n);
    WASI("fd_write stderr", __wasi_fd_write(2, out + 1, 1, &n));
    return 0;
}
