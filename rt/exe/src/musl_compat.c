/* Linked into executables only when they link against musl (the compiler asks for it with
 * `--undefined=_dl_find_object`; a glibc link never pulls this archive member in).
 *
 * Debian's static libgcc_eh is built for glibc: its frame lookup calls glibc's
 * `_dl_find_object`, which musl lacks. Nothing in an executable unwinds (the runtime aborts
 * on panic; trap backtraces walk frame pointers), only the standard library's optional panic
 * backtrace would ask, so this answers "no object known here" (glibc's failure result): the
 * unwinder then finds no frame information and stops. */

struct dl_find_object;

int _dl_find_object(void *pc, struct dl_find_object *result) {
    (void)pc;
    (void)result;
    return -1;
}
