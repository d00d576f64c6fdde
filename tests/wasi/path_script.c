/* Runs a script of WASI path calls given on the command line against /sandbox (fd 3) and
 * prints one answer line per call: the errno and, on success, what the call returned. The
 * scripts are the `wasi_paths` fuzz target's cases (fuzz/src/wasi_paths.rs), so that
 * tests/wasi.rs can compare wasm2native's answers with wasmtime 49's errno by errno.
 *
 *   open FOLLOW PATH OFLAGS FDFLAGS   stat FOLLOW PATH   mkdir PATH   unlink PATH
 *   rmdir PATH   readlink PATH   symlink TARGET PATH   rename OLD NEW   link FOLLOW OLD NEW
 */
#include "common.h"

static __wasi_lookupflags_t lookup(const char *follow) {
    return atoi(follow) ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0;
}

static void print_filestat(const __wasi_filestat_t *st) {
    printf("type %u nlink %llu size %llu", st->filetype, (unsigned long long)st->nlink,
           (unsigned long long)st->size);
}

static void open_(const char *follow, const char *path, const char *oflags, const char *fdflags) {
    /* Every right preview1 defines (wasmtime refuses undefined bits). */
    const __wasi_rights_t all = ((__wasi_rights_t)1 << 29) - 1;
    __wasi_fd_t fd = 0;
    __wasi_errno_t e = __wasi_path_open(SANDBOX_FD, lookup(follow), path,
                                        (__wasi_oflags_t)atoi(oflags), all, all,
                                        (__wasi_fdflags_t)atoi(fdflags), &fd);
    if (e != 0) {
        printf("open %u\n", e);
        return;
    }
    __wasi_filestat_t st;
    __wasi_errno_t s = __wasi_fd_filestat_get(fd, &st);
    printf("open ok: stat %u ", s);
    print_filestat(&st);
    printf(" close %u\n", __wasi_fd_close(fd));
}

static void stat_(const char *follow, const char *path) {
    __wasi_filestat_t st;
    __wasi_errno_t e = __wasi_path_filestat_get(SANDBOX_FD, lookup(follow), path, &st);
    if (e != 0) {
        printf("stat %u\n", e);
        return;
    }
    printf("stat ok ");
    print_filestat(&st);
    printf("\n");
}

static void readlink_(const char *path) {
    char buf[256];
    __wasi_size_t n = 0;
    __wasi_errno_t e = __wasi_path_readlink(SANDBOX_FD, path, (uint8_t *)buf, sizeof buf, &n);
    if (e != 0)
        printf("readlink %u\n", e);
    else
        printf("readlink ok \"%.*s\"\n", (int)n, buf);
}

/* The number of arguments each call takes, or -1 for an unknown call. */
static int arity(const char *call) {
    static const struct {
        const char *name;
        int args;
    } calls[] = {{"open", 4},   {"stat", 2},     {"mkdir", 1},   {"unlink", 1}, {"rmdir", 1},
                 {"readlink", 1}, {"symlink", 2}, {"rename", 2}, {"link", 3}};
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
        if (strcmp(calls[i].name, call) == 0)
            return calls[i].args;
    return -1;
}

static void run(const char *call, char **a) {
    if (strcmp(call, "open") == 0)
        open_(a[0], a[1], a[2], a[3]);
    else if (strcmp(call, "stat") == 0)
        stat_(a[0], a[1]);
    else if (strcmp(call, "mkdir") == 0)
        printf("mkdir %u\n", __wasi_path_create_directory(SANDBOX_FD, a[0]));
    else if (strcmp(call, "unlink") == 0)
        printf("unlink %u\n", __wasi_path_unlink_file(SANDBOX_FD, a[0]));
    else if (strcmp(call, "rmdir") == 0)
        printf("rmdir %u\n", __wasi_path_remove_directory(SANDBOX_FD, a[0]));
    else if (strcmp(call, "readlink") == 0)
        readlink_(a[0]);
    else if (strcmp(call, "symlink") == 0)
        printf("symlink %u\n", __wasi_path_symlink(a[0], SANDBOX_FD, a[1]));
    else if (strcmp(call, "rename") == 0)
        printf("rename %u\n", __wasi_path_rename(SANDBOX_FD, a[0], SANDBOX_FD, a[1]));
    else
        printf("link %u\n", __wasi_path_link(SANDBOX_FD, lookup(a[0]), a[1], SANDBOX_FD, a[2]));
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc;) {
        int n = arity(argv[i]);
        if (n < 0 || i + n >= argc) {
            fprintf(stderr, "bad script at argument %d: %s\n", i, argv[i]);
            return 2;
        }
        run(argv[i], &argv[i + 1]);
        i += n + 1;
    }
    return 0;
}
