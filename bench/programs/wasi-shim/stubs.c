/* Functions wasi-libc lacks that the benchmark programs reference but never call. */
#include <errno.h>
#include <stdio.h>
int system(const char *cmd) { (void)cmd; return -1; }
char *tmpnam(char *s) { (void)s; return NULL; }
FILE *tmpfile(void) { errno = ENOTSUP; return NULL; }
