/* What a program sees of its grants: KEY and FIXED from the environment, and /data/f. Run by
 * tests/wasi.rs from different working directories and environments (`--dir data::/data`
 * given relative, `--env KEY` without a value). */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    const char *key = getenv("KEY"), *fixed = getenv("FIXED");
    printf("KEY %s\nFIXED %s\n", key ? key : "(unset)", fixed ? fixed : "(unset)");
    FILE *f = fopen("/data/f", "r");
    char line[64] = "(no file)";
    if (f && !fgets(line, sizeof line, f))
        line[0] = 0;
    printf("/data/f: %s\n", line);
    return 0;
}
