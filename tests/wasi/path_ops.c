/* path_*: create_directory, filestat get/set, link, open (creat/excl/trunc/directory),
 * readlink, remove_directory, rename, symlink, unlink_file — successes and error cases. */
#include "common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static void pstat(const char *label, int follow, const char *path) {
    __wasi_filestat_t st;
    __wasi_errno_t e =
        __wasi_path_filestat_get(SANDBOX_FD, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path, &st);
    printf("path_filestat %s %s -> %u", label, path, e);
    if (e == 0)
        printf(" filetype %u nlink %llu size %llu", st.filetype, (unsigned long long)st.nlink,
               (unsigned long long)st.size);
    printf("\n");
}

static void popen_(const char *label, const char *path, __wasi_lookupflags_t lf, __wasi_oflags_t of,
                   __wasi_rights_t rights, __wasi_fdflags_t ff) {
    __wasi_fd_t fd = 0;
    __wasi_errno_t e = __wasi_path_open(SANDBOX_FD, lf, path, of, rights, rights, ff, &fd);
    printf("path_open %s %s -> %u", label, path, e);
    if (e == 0) {
        __wasi_fdstat_t st;
        if (__wasi_fd_fdstat_get(fd, &st) == 0)
            printf(" fd %u filetype %u flags %#x base %#llx", fd, st.fs_filetype, st.fs_flags,
                   (unsigned long long)st.fs_rights_base);
        __wasi_fd_close(fd);
    }
    printf("\n");
}

static void rdlink(const char *path, size_t len) {
    char buf[64];
    memset(buf, 0, sizeof buf);
    __wasi_size_t n = 0;
    __wasi_errno_t e = __wasi_path_readlink(SANDBOX_FD, path, (uint8_t *)buf, len, &n);
    printf("readlink %s (buf %zu) -> %u", path, len, e);
    if (e == 0)
        printf(" n %u \"%.*s\"", n, (int)n, buf);
    printf("\n");
}

int main(void) {
    const __wasi_rights_t R = __WASI_RIGHTS_FD_READ, W = __WASI_RIGHTS_FD_WRITE;
    /* Directories */
    WASI("mkdir d", __wasi_path_create_directory(SANDBOX_FD, "d"));
    WASI("mkdir d again", __wasi_path_create_directory(SANDBOX_FD, "d"));
    WASI("mkdir d/e/f (missing parent)", __wasi_path_create_directory(SANDBOX_FD, "d/e/f"));
    WASI("mkdir d/e/", __wasi_path_create_directory(SANDBOX_FD, "d/e/"));
    WASI("mkdir hello.txt (a file)", __wasi_path_create_directory(SANDBOX_FD, "hello.txt"));
    WASI("mkdir hello.txt/x", __wasi_path_create_directory(SANDBOX_FD, "hello.txt/x"));
    WASI("mkdir empty path", __wasi_path_create_directory(SANDBOX_FD, ""));
    WASI("mkdir .", __wasi_path_create_directory(SANDBOX_FD, "."));
    WASI("mkdir d/.", __wasi_path_create_directory(SANDBOX_FD, "d/."));
    WASI("mkdir on a file fd", __wasi_path_create_directory(1, "x"));
    SHOW("mkdir (libc) /sandbox/d/g", mkdir("/sandbox/d/g", 0755));
    SHOW("rmdir d (not empty)", rmdir("/sandbox/d"));
    WASI("remove_directory d/g", __wasi_path_remove_directory(SANDBOX_FD, "d/g"));
    WASI("remove_directory d/g again", __wasi_path_remove_directory(SANDBOX_FD, "d/g"));
    WASI("remove_directory hello.txt", __wasi_path_remove_directory(SANDBOX_FD, "hello.txt"));
    WASI("remove_directory d/e/", __wasi_path_remove_directory(SANDBOX_FD, "d/e/"));
    WASI("remove_directory .", __wasi_path_remove_directory(SANDBOX_FD, "."));
    WASI("remove_directory link_to_dir", __wasi_path_remove_directory(SANDBOX_FD, "link_to_dir"));

    /* Opening with each oflag */
    popen_("read", "hello.txt", 0, 0, R, 0);
    popen_("write", "hello.txt", 0, 0, W, 0);
    popen_("rw append", "hello.txt", 0, 0, R | W, __WASI_FDFLAGS_APPEND);
    popen_("creat", "c1.txt", 0, __WASI_OFLAGS_CREAT, R | W, 0);
    popen_("creat existing", "c1.txt", 0, __WASI_OFLAGS_CREAT, R | W, 0);
    popen_("creat|excl existing", "c1.txt", 0, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, R | W, 0);
    popen_("creat|excl new", "c2.txt", 0, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, W, 0);
    popen_("excl without creat", "c3.txt", 0, __WASI_OFLAGS_EXCL, R, 0);
    popen_("missing", "nope.txt", 0, 0, R, 0);
    popen_("missing parent", "nodir/x.txt", 0, __WASI_OFLAGS_CREAT, R | W, 0);
    popen_("directory", "sub", 0, __WASI_OFLAGS_DIRECTORY, R, 0);
    popen_("directory on a file", "hello.txt", 0, __WASI_OFLAGS_DIRECTORY, R, 0);
    popen_("directory + write right", "sub", 0, __WASI_OFLAGS_DIRECTORY, R | W, 0);
    popen_("dir without O_DIRECTORY", "sub", 0, 0, R, 0);
    popen_("dir with write right", "sub", 0, 0, R | W, 0);
    popen_("creat on a dir", "sub", 0, __WASI_OFLAGS_CREAT, R | W, 0);
    popen_("trailing slash on a file", "hello.txt/", 0, 0, R, 0);
    popen_("trailing slash on a dir", "sub/", 0, 0, R, 0);
    popen_("file as a directory", "hello.txt/x", 0, 0, R, 0);
    popen_(".", ".", 0, __WASI_OFLAGS_DIRECTORY, R, 0);
    popen_("sub/..", "sub/..", 0, __WASI_OFLAGS_DIRECTORY, R, 0);
    popen_("empty path", "", 0, 0, R, 0);
    popen_("double slash", "sub//nested.txt", 0, 0, R, 0);
    popen_("creat|directory", "c4", 0, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_DIRECTORY, R, 0);
    popen_("trunc", "c1.txt", 0, __WASI_OFLAGS_TRUNC, W, 0);
    popen_("symlink nofollow", "link_to_hello", 0, 0, R, 0);
    popen_("symlink follow", "link_to_hello", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, 0, R, 0);
    popen_("dir symlink nofollow", "link_to_dir", 0, __WASI_OFLAGS_DIRECTORY, R, 0);
    popen_("dir symlink follow", "link_to_dir", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, __WASI_OFLAGS_DIRECTORY, R, 0);
    popen_("through dir symlink", "link_to_dir/nested.txt", 0, 0, R, 0);
    popen_("dangling follow", "dangling", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, 0, R, 0);
    popen_("dangling nofollow", "dangling", 0, 0, R, 0);
    popen_("creat via dangling", "dangling", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, __WASI_OFLAGS_CREAT, R | W, 0);
    popen_("loop", "loop1", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, 0, R, 0);
    popen_("on a file fd", "x", 0, 0, R, 0);
    {
        __wasi_fd_t fd;
        WASI("path_open bad fd", __wasi_path_open(99, 0, "hello.txt", 0, R, R, 0, &fd));
    }
    /* libc open with O_TRUNC / O_APPEND / O_EXCL */
    SHOW("put c1.txt", put_file("/sandbox/c1.txt", "first contents\n"));
    int fd = open("/sandbox/c1.txt", O_WRONLY | O_TRUNC);
    SHOW("open O_TRUNC", fd);
    SHOW("write", write(fd, "short\n", 6));
    close(fd);
    show_file("/sandbox/c1.txt");
    SHOW("open O_CREAT|O_EXCL existing", open("/sandbox/c1.txt", O_WRONLY | O_CREAT | O_EXCL, 0644));
    SHOW("open O_DIRECTORY on a file", open("/sandbox/c1.txt", O_RDONLY | O_DIRECTORY));

    /* filestat get/set */
    pstat("", 0, "hello.txt");
    pstat("", 0, "sub");
    pstat("nofollow", 0, "link_to_hello");
    pstat("follow", 1, "link_to_hello");
    pstat("follow", 1, "dangling");
    pstat("nofollow", 0, "dangling");
    pstat("", 0, "nope");
    pstat("", 0, "hello.txt/");
    pstat("", 0, "sub/");
    pstat("", 0, ".");
    pstat("", 0, "");
    WASI("set_times c1.txt", __wasi_path_filestat_set_times(SANDBOX_FD, 0, "c1.txt", 3000000000ull, 4000000000ull,
                                                            __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    __wasi_filestat_t st;
    WASI("filestat c1.txt", __wasi_path_filestat_get(SANDBOX_FD, 0, "c1.txt", &st));
    printf("  atim %llu mtim %llu\n", (unsigned long long)st.atim, (unsigned long long)st.mtim);
    WASI("set_times mtim only (follow) via link_to_hello",
         __wasi_path_filestat_set_times(SANDBOX_FD, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_to_hello", 0,
                                        7000000000ull, __WASI_FSTFLAGS_MTIM));
    WASI("filestat hello.txt", __wasi_path_filestat_get(SANDBOX_FD, 0, "hello.txt", &st));
    printf("  mtim %llu\n", (unsigned long long)st.mtim);
    WASI("set_times nofollow on a symlink",
         __wasi_path_filestat_set_times(SANDBOX_FD, 0, "link_to_hello", 0, 8000000000ull, __WASI_FSTFLAGS_MTIM));
    WASI("filestat link_to_hello nofollow", __wasi_path_filestat_get(SANDBOX_FD, 0, "link_to_hello", &st));
    printf("  mtim %llu\n", (unsigned long long)st.mtim);
    WASI("set_times missing", __wasi_path_filestat_set_times(SANDBOX_FD, 0, "nope", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    WASI("set_times bad flags", __wasi_path_filestat_set_times(SANDBOX_FD, 0, "c1.txt", 0, 0, 0x3));
    struct stat s;
    SHOW("stat (libc) c1.txt", stat("/sandbox/c1.txt", &s));
    printf("  size %lld mode-type %s mtime %lld\n", (long long)s.st_size, S_ISREG(s.st_mode) ? "reg" : "?",
           (long long)s.st_mtim.tv_sec);
    SHOW("lstat (libc) link_to_hello", lstat("/sandbox/link_to_hello", &s));
    printf("  link %s size %lld\n", S_ISLNK(s.st_mode) ? "yes" : "no", (long long)s.st_size);

    /* link */
    WASI("link c1.txt -> hard.txt", __wasi_path_link(SANDBOX_FD, 0, "c1.txt", SANDBOX_FD, "hard.txt"));
    pstat("", 0, "hard.txt");
    WASI("link again (exists)", __wasi_path_link(SANDBOX_FD, 0, "c1.txt", SANDBOX_FD, "hard.txt"));
    WASI("link missing", __wasi_path_link(SANDBOX_FD, 0, "nope", SANDBOX_FD, "hard2.txt"));
    WASI("link a directory", __wasi_path_link(SANDBOX_FD, 0, "sub", SANDBOX_FD, "subhard"));
    WASI("link a symlink (nofollow)", __wasi_path_link(SANDBOX_FD, 0, "link_to_hello", SANDBOX_FD, "lnk2"));
    WASI("link with SYMLINK_FOLLOW", __wasi_path_link(SANDBOX_FD, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "c1.txt", SANDBOX_FD, "hard3.txt"));
    WASI("link into /other", __wasi_path_link(SANDBOX_FD, 0, "c1.txt", OTHER_FD, "fromsandbox.txt"));
    WASI("link into a missing dir", __wasi_path_link(SANDBOX_FD, 0, "c1.txt", SANDBOX_FD, "nodir/x"));
    SHOW("link (libc)", link("/sandbox/hello.txt", "/sandbox/hello2.txt"));

    /* symlink + readlink */
    WASI("symlink rel", __wasi_path_symlink("hello.txt", SANDBOX_FD, "sl1"));
    WASI("symlink exists", __wasi_path_symlink("hello.txt", SANDBOX_FD, "sl1"));
    WASI("symlink dangling", __wasi_path_symlink("no/such", SANDBOX_FD, "sl2"));
    WASI("symlink into sub", __wasi_path_symlink("../hello.txt", SANDBOX_FD, "sub/sl3"));
    WASI("symlink empty target", __wasi_path_symlink("", SANDBOX_FD, "sl4"));
    WASI("symlink trailing slash", __wasi_path_symlink("hello.txt", SANDBOX_FD, "sl5/"));
    SHOW("symlink (libc)", symlink("c1.txt", "/sandbox/sl6"));
    rdlink("sl1", 64);
    rdlink("sl1", 4);
    rdlink("sl1", 0);
    rdlink("sub/sl3", 64);
    rdlink("hello.txt", 64);
    rdlink("nope", 64);
    rdlink("sl1/", 64);
    rdlink("", 64);
    show_file("/sandbox/sub/sl3");
    char lb[64] = {0};
    SHOW("readlink (libc) sl2", readlink("/sandbox/sl2", lb, sizeof lb));
    printf("  \"%s\"\n", lb);

    /* rename */
    WASI("rename c2.txt -> d/c2.txt", __wasi_path_rename(SANDBOX_FD, "c2.txt", SANDBOX_FD, "d/c2.txt"));
    WASI("rename missing", __wasi_path_rename(SANDBOX_FD, "c2.txt", SANDBOX_FD, "x"));
    WASI("rename file over file", __wasi_path_rename(SANDBOX_FD, "hello2.txt", SANDBOX_FD, "hard.txt"));
    WASI("rename file over dir", __wasi_path_rename(SANDBOX_FD, "hard.txt", SANDBOX_FD, "d"));
    WASI("rename dir over file", __wasi_path_rename(SANDBOX_FD, "d", SANDBOX_FD, "hard.txt"));
    WASI("rename dir over nonempty dir", __wasi_path_rename(SANDBOX_FD, "emptydir", SANDBOX_FD, "d"));
    WASI("rename dir into itself", __wasi_path_rename(SANDBOX_FD, "d", SANDBOX_FD, "d/e/inside"));
    WASI("mkdir d2", __wasi_path_create_directory(SANDBOX_FD, "d2"));
    WASI("rename dir over empty dir", __wasi_path_rename(SANDBOX_FD, "d", SANDBOX_FD, "d2"));
    WASI("rename into /other", __wasi_path_rename(SANDBOX_FD, "sl6", OTHER_FD, "moved-link"));
    WASI("rename from /other", __wasi_path_rename(OTHER_FD, "o.txt", SANDBOX_FD, "from-other.txt"));
    WASI("rename trailing slash on file", __wasi_path_rename(SANDBOX_FD, "hard.txt/", SANDBOX_FD, "h"));
    WASI("rename dir with trailing slashes", __wasi_path_rename(SANDBOX_FD, "d2/", SANDBOX_FD, "d3/"));
    WASI("rename .", __wasi_path_rename(SANDBOX_FD, ".", SANDBOX_FD, "dot"));
    WASI("rename to .", __wasi_path_rename(SANDBOX_FD, "hard.txt", SANDBOX_FD, "."));
    SHOW("rename (libc)", rename("/sandbox/c1.txt", "/sandbox/renamed.txt"));

    /* unlink */
    WASI("unlink hard.txt", __wasi_path_unlink_file(SANDBOX_FD, "hard.txt"));
    WASI("unlink hard.txt again", __wasi_path_unlink_file(SANDBOX_FD, "hard.txt"));
    WASI("unlink a dir", __wasi_path_unlink_file(SANDBOX_FD, "emptydir"));
    WASI("unlink a symlink to a dir", __wasi_path_unlink_file(SANDBOX_FD, "link_to_dir"));
    WASI("unlink trailing slash", __wasi_path_unlink_file(SANDBOX_FD, "sl1/"));
    WASI("unlink symlink", __wasi_path_unlink_file(SANDBOX_FD, "sl1"));
    WASI("unlink .", __wasi_path_unlink_file(SANDBOX_FD, "."));
    WASI("unlink empty", __wasi_path_unlink_file(SANDBOX_FD, ""));
    SHOW("unlink (libc) sl2", unlink("/sandbox/sl2"));
    SHOW("remove (libc) emptydir", remove("/sandbox/emptydir"));
    SHOW("remove (libc) missing", remove("/sandbox/emptydir"));
    /* Files opened and unlinked stay readable. */
    fd = open("/sandbox/renamed.txt", O_RDONLY);
    SHOW("unlink open file", unlink("/sandbox/renamed.txt"));
    char buf[16] = {0};
    SHOW("read after unlink", read(fd, buf, 5));
    printf("  \"%s\"\n", buf);
    close(fd);
    return 0;
}
