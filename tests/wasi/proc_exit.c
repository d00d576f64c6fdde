/* proc_exit with a status after buffered output; sched_yield; proc_raise. */
#include "common.h"
#include <sched.h>

int main(int argc, char **argv) {
    WASI("sched_yield", __wasi_sched_yield());
    SHOW("sched_yield (libc)", sched_yield());
    WASI("proc_raise", raw_proc_raise(15));
    printf("buffered line before exit\n");
    fprintf(stderr, "to stderr before exit\n");
    int status = argc > 1 ? atoi(argv[1]) : 42;
    if (argc > 2) {
        /* Direct proc_exit: stdio is not flushed, so flush it first. */
        fflush(stdout);
        __wasi_proc_exit(status);
    }
    exit(status);
}
