/* zstd: compresses generated text-like data at several levels, decompresses it and checks
 * the round trip; prints compressed sizes and a hash of the decompressed data. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zstd.h"

#define LEN (10 << 20)

int main(void) {
    static const char *words[] = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog",
                                  "wasm", "native", "compiler", "cranelift", "memory", "table",
                                  "function", "module", "\n", "42", "benchmark", "zstd"};
    char *src = malloc(LEN);
    uint32_t s = 7;
    size_t n = 0;
    while (n < LEN - 16) {
        s ^= s << 13; s ^= s >> 17; s ^= s << 5;
        const char *w = words[s % 20];
        size_t l = strlen(w);
        memcpy(src + n, w, l); n += l;
        src[n++] = (s >> 8) % 11 ? ' ' : (char)('a' + (s >> 12) % 26);
    }
    size_t cap = ZSTD_compressBound(n);
    char *dst = malloc(cap), *back = malloc(n);
    int levels[] = {1, 3, 9};
    for (int i = 0; i < 3; i++) {
        size_t c = ZSTD_compress(dst, cap, src, n, levels[i]);
        if (ZSTD_isError(c)) { fprintf(stderr, "compress: %s\n", ZSTD_getErrorName(c)); return 1; }
        size_t d = 0;
        for (int rep = 0; rep < 4; rep++) {
            d = ZSTD_decompress(back, n, dst, c);
            if (ZSTD_isError(d)) { fprintf(stderr, "decompress: %s\n", ZSTD_getErrorName(d)); return 1; }
        }
        uint64_t h = 1469598103934665603ull;
        for (size_t k = 0; k < d; k++) h = (h ^ (uint8_t)back[k]) * 1099511628211ull;
        printf("zstd level %d: %zu -> %zu bytes, roundtrip %s, hash %016llx\n", levels[i], n, c,
               d == n && memcmp(src, back, n) == 0 ? "ok" : "FAILED", (unsigned long long)h);
    }
    free(src); free(dst); free(back);
    return 0;
}
