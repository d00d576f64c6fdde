/* Mandelbrot set membership on a grid, escape-time sum and a bitmap hash. */
#include <stdio.h>
#define W 2000
#define H 2000
#define ITER 100
int main(void) {
    unsigned hash = 2166136261u; long total = 0;
    for (int y = 0; y < H; y++) {
        unsigned char byte = 0; int bit = 0;
        for (int x = 0; x < W; x++) {
            double cr = 2.0 * x / W - 1.5, ci = 2.0 * y / H - 1.0, zr = 0, zi = 0, tr = 0, ti = 0;
            int i = 0;
            for (; i < ITER && tr + ti <= 4.0; i++) { zi = 2.0 * zr * zi + ci; zr = tr - ti + cr; tr = zr * zr; ti = zi * zi; }
            total += i;
            byte = (byte << 1) | (i == ITER);
            if (++bit == 8) { hash = (hash ^ byte) * 16777619u; bit = 0; byte = 0; }
        }
    }
    printf("mandelbrot %ld %08x\n", total, hash);
    return 0;
}
