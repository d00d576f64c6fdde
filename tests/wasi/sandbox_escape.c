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

/* Trailing slashes, `.` and `..` on every path call. Each (kind, suffix, call) case runs in a
 * directory of its own, c<k>/, holding a file `f`, a directory `d` and the object `obj` of
 * the kind under test; the call names `c<k>/obj<suffix>` relative to the preopen, or (at
 * depth 0) `obj<suffix>` relative to an fd opened on c<k>/, beneath which `..` escapes. The answers must match wasmtime
 * 49's errno for errno and must not depend on anything outside the sandbox (the links out
 * point at a file, a directory and nothing, and all must answer alike). */
enum kind { K_FILE, K_DIR, K_FULLDIR, K_MISSING, K_L_FILE, K_L_DIR, K_L_DANGLING, K_L_LOOP,
            K_L_OUT_FILE, K_L_OUT_DIR, K_L_OUT_NONE, K_L_UP, K_L_CHAIN_OUT, K_L_DOT, NKINDS };
static const char *kind_name[] = {"file", "dir", "fulldir", "missing", "l_file", "l_dir",
    "l_dangling", "l_loop", "l_out_file", "l_out_dir", "l_out_none", "l_up", "l_chain_out",
    "l_dot"};
/* Where each kind of symlink points, relative to c<k>/ (NULL: not a symlink). */
static const char *link_target[] = {NULL, NULL, NULL, NULL, "f", "d", "nothing", "obj",
    "../../outside/secret.txt", "../../outside", "../../outside/none", "../..", "../link_out",
    "."};
static const char *suffixes[] = {"", "/", "//", "/.", "/..", "/x", "/./", "/../"};
#define NSUFFIXES (sizeof suffixes / sizeof *suffixes)
enum op { READLINK, STAT, STAT_FOLLOW, TIMES, TIMES_FOLLOW, OPEN, OPEN_FOLLOW, OPEN_DIR,
          OPEN_CREAT, MKDIR, UNLINK, RMDIR, RENAME_FROM, RENAME_TO, LINK_FROM, LINK_TO,
          SYMLINK_AT, NOPS };
static const char *op_name[] = {"readlink", "stat", "stat+f", "times", "times+f", "open",
    "open+f", "opendir", "creat", "mkdir", "unlink", "rmdir", "mv-from", "mv-to", "ln-from",
    "ln-to", "symlink"};

static void make_case(const char *dir, enum kind k) {
    char p[96], host[128];
    __wasi_path_create_directory(SANDBOX_FD, dir);
    snprintf(host, sizeof host, "/sandbox/%s/f", dir);
    put_file(host, "f");
    snprintf(p, sizeof p, "%s/d", dir);
    __wasi_path_create_directory(SANDBOX_FD, p);
    snprintf(p, sizeof p, "%s/obj", dir);
    if (link_target[k]) {
        __wasi_path_symlink(link_target[k], SANDBOX_FD, p);
    } else if (k == K_FILE) {
        snprintf(host, sizeof host, "/sandbox/%s", p);
        put_file(host, "x");
    } else if (k == K_DIR || k == K_FULLDIR) {
        __wasi_path_create_directory(SANDBOX_FD, p);
        snprintf(host, sizeof host, "/sandbox/%s/in", p);
        if (k == K_FULLDIR)
            put_file(host, "in");
    }
}

static __wasi_errno_t path_call(enum op o, __wasi_fd_t at, const char *p, const char *dir) {
    char buf[64], other[96], src[96];
    __wasi_size_t n;
    __wasi_filestat_t st;
    __wasi_fd_t fd;
    __wasi_errno_t e;
    const __wasi_fstflags_t T = __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_ATIM;
    const __wasi_lookupflags_t F = __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW;
    snprintf(other, sizeof other, "%s%sother", dir, *dir ? "/" : "");
    snprintf(src, sizeof src, "%s%sf", dir, *dir ? "/" : "");
    switch (o) {
    case READLINK: return __wasi_path_readlink(at, p, (uint8_t *)buf, sizeof buf, &n);
    case STAT: return __wasi_path_filestat_get(at, 0, p, &st);
    case STAT_FOLLOW: return __wasi_path_filestat_get(at, F, p, &st);
    case TIMES: return __wasi_path_filestat_set_times(at, 0, p, 5, 5, T);
    case TIMES_FOLLOW: return __wasi_path_filestat_set_times(at, F, p, 5, 5, T);
    case OPEN:
    case OPEN_FOLLOW:
    case OPEN_DIR:
    case OPEN_CREAT:
        e = __wasi_path_open(at, o == OPEN ? 0 : F, p,
                             o == OPEN_DIR     ? __WASI_OFLAGS_DIRECTORY
                             : o == OPEN_CREAT ? __WASI_OFLAGS_CREAT
                                               : 0,
                             __WASI_RIGHTS_FD_READ | (o == OPEN_CREAT ? __WASI_RIGHTS_FD_WRITE : 0),
                             0, 0, &fd);
        if (e == 0 && __wasi_fd_close(fd) != 0)
            printf("close failed\n");
        return e;
    case MKDIR: return __wasi_path_create_directory(at, p);
    case UNLINK: return __wasi_path_unlink_file(at, p);
    case RMDIR: return __wasi_path_remove_directory(at, p);
    case RENAME_FROM: return __wasi_path_rename(at, p, at, other);
    case RENAME_TO: return __wasi_path_rename(at, src, at, p);
    case LINK_FROM: return __wasi_path_link(at, 0, p, at, other);
    case LINK_TO: return __wasi_path_link(at, 0, src, at, p);
    case SYMLINK_AT: return __wasi_path_symlink("target", at, p);
    default: return 9999;
    }
}

/* Every right WASI preview1 defines (bits 0-28) but FD_WRITE, which opens for writing. */
#define ALL_RIGHTS ((((__wasi_rights_t)1 << 29) - 1) & ~__WASI_RIGHTS_FD_WRITE)

static void path_rules_battery(int depth) {
    char dir[32], p[96];
    static int k = 0;
    for (int kind = 0; kind < NKINDS; kind++) {
        for (size_t s = 0; s < NSUFFIXES; s++) {
            printf("%d %-11s obj%-4s", depth, kind_name[kind], suffixes[s]);
            for (int o = 0; o < NOPS; o++) {
                snprintf(dir, sizeof dir, "c%d", k++);
                make_case(dir, kind);
                __wasi_fd_t at = SANDBOX_FD;
                if (depth == 0 && __wasi_path_open(SANDBOX_FD, 0, dir, __WASI_OFLAGS_DIRECTORY,
                                                   ALL_RIGHTS, ALL_RIGHTS, 0, &at))
                    printf("cannot open %s\n", dir);
                snprintf(p, sizeof p, "%s%sobj%s", depth ? dir : "", depth ? "/" : "", suffixes[s]);
                printf(" %s=%u", op_name[o], path_call(o, at, p, depth ? dir : ""));
                if (at != SANDBOX_FD && __wasi_fd_close(at))
                    printf("cannot close %s\n", dir);
            }
            printf("\n");
        }
    }
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
    stat_("/", 0);
    stat_("//etc", 0);
    stat_("./", 0);
    stat_("sub/../..", 0);
    stat_("link_dotdot/.", 0);
    stat_("link_out/.", 0);
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
    /* The sandbox's own links out: readlink of an absolute target is refused like wasmtime. */
    WASI("readlink link_root", __wasi_path_readlink(SANDBOX_FD, "link_root", (uint8_t *)buf, sizeof buf, &n));
    WASI("readlink link_abs", __wasi_path_readlink(SANDBOX_FD, "link_abs", (uint8_t *)buf, sizeof buf, &n));
    WASI("readlink link_dotdot/", __wasi_path_readlink(SANDBOX_FD, "link_dotdot/", (uint8_t *)buf, sizeof buf, &n));
    WASI("readlink link_out/", __wasi_path_readlink(SANDBOX_FD, "link_out/", (uint8_t *)buf, sizeof buf, &n));
    WASI("unlink link_root/", __wasi_path_unlink_file(SANDBOX_FD, "link_root/"));
    WASI("rmdir link_dotdot/", __wasi_path_remove_directory(SANDBOX_FD, "link_dotdot/"));
    WASI("set_times link_abs/ (nofollow)", __wasi_path_filestat_set_times(SANDBOX_FD, 0, "link_abs/", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    path_rules_battery(0);
    path_rules_battery(1);
    printf("escapes: %d\n", escapes);
    return escapes;
}
