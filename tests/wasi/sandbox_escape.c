/* Sandbox-escape battery: every way out of the preopen must be refused and the host file
 * outside/secret.txt (a sibling of the preopened directory) must stay untouched.
 * Each attempt prints the errno it got; "ESCAPED" marks an attempt that succeeded. */
#include "common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static int escapes = 0;

static void try_open(const char *path, __wasi_lookupflags_t lf, __wasi_oflags_t of, __wasi_rights_t r) {
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_path_open(SANDBOX_FD, lf, path, of, r, r, 0, &fd);
    printf("open %-40s lf=%u of=%u -> %u%s\n", path, lf, of, e, e == 0 ? "" : "");
    if (e == 0) {
        /* Inside paths (like sub/..) are fine; report what was reached. */
        char buf[32] = {0};
        __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf - 1};
        __wasi_size_t n = 0;
        __wasi_filestat_t st;
        __wasi_fd_filestat_get(fd, &st);
        if (st.filetype == __WASI_FILETYPE_REGULAR_FILE && __wasi_fd_read(fd, &iov, 1, &n) == 0) {
            printf("  read \"%.*s\"\n", (int)n - 1, buf);
            if (strstr(buf, "secret"))
                escapes++, printf("  ESCAPED\n");
        } else {
            printf("  opened filetype %u\n", st.filetype);
        }
        __wasi_fd_close(fd);
    }
}

static void stat_(const char *path, int follow) {
    __wasi_filestat_t st;
    __wasi_errno_t e = __wasi_path_filestat_get(SANDBOX_FD, follow, path, &st);
    printf("stat %-40s follow=%d -> %u", path, follow, e);
    if (e == 0)
        printf(" filetype %u size %llu", st.filetype, (unsigned long long)st.size);
    printf("\n");
}

int main(void) {
    const __wasi_rights_t R = __WASI_RIGHTS_FD_READ, RW = R | __WASI_RIGHTS_FD_WRITE;
    const __wasi_lookupflags_t F = __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW;
    /* Dot-dot traversal */
    try_open("../outside/secret.txt", F, 0, R);
    try_open("..", F, __WASI_OFLAGS_DIRECTORY, R);
    try_open("../", F, __WASI_OFLAGS_DIRECTORY, R);
    try_open("sub/../../outside/secret.txt", F, 0, R);
    try_open("sub/../hello.txt", F, 0, R);
    try_open("./../outside/secret.txt", F, 0, R);
    try_open("sub/./../../outside", F, __WASI_OFLAGS_DIRECTORY, R);
    try_open("../sandbox/hello.txt", F, 0, R);
    /* Absolute paths */
    try_open("/etc/passwd", F, 0, R);
    try_open("/", F, __WASI_OFLAGS_DIRECTORY, R);
    try_open("/sandbox/hello.txt", F, 0, R);
    /* Pre-existing symlinks pointing out */
    try_open("link_out", F, 0, R);
    try_open("link_out", 0, 0, R);
    try_open("link_abs", F, 0, R);
    try_open("link_root", F, __WASI_OFLAGS_DIRECTORY, R);
    try_open("link_root/etc/passwd", F, 0, R);
    try_open("link_dotdot/outside/secret.txt", F, 0, R);
    try_open("link_dotdot", F, __WASI_OFLAGS_DIRECTORY, R);
    /* Symlink chains */
    try_open("chain1", F, 0, R);
    try_open("chain1", 0, 0, R);
    try_open("sub/../chain1", F, 0, R);
    /* Writing through escaping links */
    try_open("link_out", F, __WASI_OFLAGS_TRUNC, RW);
    try_open("link_out", F, __WASI_OFLAGS_CREAT, RW);
    try_open("../outside/new.txt", F, __WASI_OFLAGS_CREAT, RW);
    try_open("link_dotdot/outside/new.txt", F, __WASI_OFLAGS_CREAT, RW);
    /* Symlinks created by the program */
    WASI("symlink mine_out -> ../outside/secret.txt", __wasi_path_symlink("../outside/secret.txt", SANDBOX_FD, "mine_out"));
    WASI("symlink mine_abs -> /etc/passwd", __wasi_path_symlink("/etc/passwd", SANDBOX_FD, "mine_abs"));
    WASI("symlink mine_up -> ..", __wasi_path_symlink("..", SANDBOX_FD, "mine_up"));
    WASI("symlink sub/mine_up2 -> ../..", __wasi_path_symlink("../..", SANDBOX_FD, "sub/mine_up2"));
    WASI("symlink ../outside/planted -> x", __wasi_path_symlink("x", SANDBOX_FD, "../outside/planted"));
    WASI("symlink mine_chain -> mine_out", __wasi_path_symlink("mine_out", SANDBOX_FD, "mine_chain"));
    try_open("mine_out", F, 0, R);
    try_open("mine_abs", F, 0, R);
    try_open("mine_up/outside/secret.txt", F, 0, R);
    try_open("sub/mine_up2/outside/secret.txt", F, 0, R);
    try_open("mine_chain", F, 0, R);
    /* The same through libc */
    SHOW("fopen link_out", (long)(fopen("/sandbox/link_out", "r") ? 0 : -1));
    SHOW("open /sandbox/../outside/secret.txt", open("/sandbox/../outside/secret.txt", O_RDONLY));
    SHOW("open /outside/secret.txt", open("/outside/secret.txt", O_RDONLY));
    SHOW("chdir-free relative open ../outside/secret.txt", open("../outside/secret.txt", O_RDONLY));
    /* stat */
    stat_("..", 0);
    stat_("../outside/secret.txt", 0);
    stat_("link_out", 0);
    stat_("link_out", 1);
    stat_("chain1", 1);
    stat_("link_dotdot/outside", 1);
    stat_("/etc", 1);
    /* Creating, removing and renaming across the boundary */
    WASI("mkdir ../outside/newdir", __wasi_path_create_directory(SANDBOX_FD, "../outside/newdir"));
    WASI("mkdir link_dotdot/x", __wasi_path_create_directory(SANDBOX_FD, "link_dotdot/x"));
    WASI("mkdir /tmp/x", __wasi_path_create_directory(SANDBOX_FD, "/tmp/x"));
    WASI("unlink ../outside/secret.txt", __wasi_path_unlink_file(SANDBOX_FD, "../outside/secret.txt"));
    WASI("unlink link_dotdot/outside/secret.txt", __wasi_path_unlink_file(SANDBOX_FD, "link_dotdot/outside/secret.txt"));
    WASI("rmdir ../outside", __wasi_path_remove_directory(SANDBOX_FD, "../outside"));
    WASI("rmdir ..", __wasi_path_remove_directory(SANDBOX_FD, ".."));
    WASI("rename secret in", __wasi_path_rename(SANDBOX_FD, "../outside/secret.txt", SANDBOX_FD, "stolen.txt"));
    WASI("rename hello out", __wasi_path_rename(SANDBOX_FD, "hello.txt", SANDBOX_FD, "../outside/hello.txt"));
    WASI("rename via link_dotdot", __wasi_path_rename(SANDBOX_FD, "link_dotdot/outside/secret.txt", SANDBOX_FD, "stolen.txt"));
    WASI("rename hello to /other/../outside", __wasi_path_rename(SANDBOX_FD, "hello.txt", OTHER_FD, "../outside/h.txt"));
    WASI("rename the preopen itself", __wasi_path_rename(SANDBOX_FD, ".", SANDBOX_FD, "../moved"));
    WASI("link secret in", __wasi_path_link(SANDBOX_FD, 0, "../outside/secret.txt", SANDBOX_FD, "stolen-link"));
    WASI("link hello out", __wasi_path_link(SANDBOX_FD, 0, "hello.txt", SANDBOX_FD, "../outside/hello-link"));
    WASI("link through link_out (follow)", __wasi_path_link(SANDBOX_FD, F, "link_out", SANDBOX_FD, "stolen-link2"));
    WASI("link link_out itself", __wasi_path_link(SANDBOX_FD, 0, "link_out", SANDBOX_FD, "link_out_copy"));
    WASI("set_times ../outside/secret.txt", __wasi_path_filestat_set_times(SANDBOX_FD, F, "../outside/secret.txt", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    WASI("set_times link_out (follow)", __wasi_path_filestat_set_times(SANDBOX_FD, F, "link_out", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    char buf[64];
    __wasi_size_t n;
    WASI("readlink ../outside", __wasi_path_readlink(SANDBOX_FD, "../outside/x", (uint8_t *)buf, sizeof buf, &n));
    WASI("readlink link_out (in the sandbox, allowed)", __wasi_path_readlink(SANDBOX_FD, "link_out", (uint8_t *)buf, sizeof buf, &n));
    printf("  \"%.*s\"\n", (int)n, buf);
    /* readdir of the preopen must not list the parent's contents through "..". */
    __wasi_fd_t up;
    WASI("open .. for readdir", __wasi_path_open(SANDBOX_FD, 0, "..", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, 0, &up));
    printf("escapes: %d\n", escapes);
    return escapes;
}
