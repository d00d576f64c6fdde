/* args_* and environ_*: argument and environment vectors, through libc and directly.
 * argv[0] is the program's name, which differs between runtimes by design: not printed. */
#include "common.h"

extern char **environ;

int main(int argc, char **argv) {
    printf("argc %d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d] = \"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    for (char **e = environ; *e; e++)
        printf("env \"%s\"\n", *e);
    printf("getenv(GREETING) = %s\n", getenv("GREETING") ? getenv("GREETING") : "(null)");
    printf("getenv(HOME) = %s\n", getenv("HOME") ? getenv("HOME") : "(null)");

    __wasi_size_t count, size;
    WASI("args_sizes_get", __wasi_args_sizes_get(&count, &size));
    printf("  argc %u, buffer minus argv[0] %u\n", count, size - (__wasi_size_t)strlen(argv[0]));
    WASI("environ_sizes_get", __wasi_environ_sizes_get(&count, &size));
    printf("  count %u size %u\n", count, size);
    uint8_t *ptrs[16];
    char buf[512];
    WASI("environ_get", __wasi_environ_get(ptrs, (uint8_t *)buf));
    for (__wasi_size_t i = 0; i < count; i++)
        printf("  environ[%u] at +%ld = \"%s\"\n", i, (long)((char *)ptrs[i] - buf), (char *)ptrs[i]);
    return 0;
}
