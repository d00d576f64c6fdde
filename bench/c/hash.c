/* Hashing: FNV-1a, a 64-bit multiply-rotate mixer and CRC-32 (table) over a pseudo-random buffer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#define LEN (1 << 20)
static uint32_t crc_table[256];
static uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
int main(void) {
    uint8_t *buf = malloc(LEN);
    uint64_t s = 88172645463325252ull;
    for (int i = 0; i < LEN; i++) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; buf[i] = (uint8_t)s; }
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
    uint32_t fnv = 2166136261u, crc = 0xFFFFFFFFu; uint64_t mix = 0;
    for (int rep = 0; rep < 120; rep++) {
        buf[rep] ^= (uint8_t)fnv;
        for (int i = 0; i < LEN; i++) fnv = (fnv ^ buf[i]) * 16777619u;
        for (int i = 0; i < LEN; i++) crc = crc_table[(crc ^ buf[i]) & 0xFF] ^ (crc >> 8);
        const uint64_t *w = (const uint64_t *)buf;
        for (int i = 0; i < LEN / 8; i++) { mix ^= w[i] * 0x9E3779B97F4A7C15ull; mix = rotl(mix, 31) * 0xBF58476D1CE4E5B9ull; }
    }
    printf("hash fnv %08x crc %08x mix %016llx\n", fnv, crc ^ 0xFFFFFFFFu, (unsigned long long)mix);
    free(buf);
    return 0;
}
