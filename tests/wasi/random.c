/* random_get: sizes 0 to 100000, bounds checks, and libc's getentropy/arc4random on top. */
#include "common.h"
#include <unistd.h>

static unsigned char big[100000];

int main(void) {
    unsigned char buf[64] = {0};
    WASI("random_get 0 bytes", __wasi_random_get(buf, 0));
    WASI("random_get 64 bytes", __wasi_random_get(buf, sizeof buf));
    int zero = 0;
    for (size_t i = 0; i < sizeof buf; i++)
        zero += buf[i] == 0;
    printf("  mostly nonzero: %s\n", zero < 8 ? "yes" : "no");
    WASI("random_get 100000 bytes", __wasi_random_get(big, sizeof big));
    int seen[256] = {0}, distinct = 0;
    for (size_t i = 0; i < sizeof big; i++)
        distinct += !seen[big[i]]++;
    printf("  all 256 byte values seen: %s\n", distinct == 256 ? "yes" : "no");
    SHOW("getentropy 32", getentropy(buf, 32));
    SHOW("getentropy 257", getentropy(buf, 257));
    uint32_t a = arc4random(), b = arc4random(), c = arc4random();
    printf("arc4random varies: %s\n", (a != b || b != c) ? "yes" : "no");
    return 0;
}
