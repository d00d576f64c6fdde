/* Dense double-precision matrix multiply (i-k-j loop order), checksum of the result. */
#include <stdio.h>
#include <stdlib.h>
#define N 512
static double a[N * N], b[N * N], c[N * N];
int main(void) {
    unsigned s = 12345;
    for (int i = 0; i < N * N; i++) {
        s = s * 1103515245u + 12345u; a[i] = (double)(s >> 16 & 1023) / 512.0 - 1.0;
        s = s * 1103515245u + 12345u; b[i] = (double)(s >> 16 & 1023) / 512.0 - 1.0;
    }
    for (int rep = 0; rep < 20; rep++) {
        for (int i = 0; i < N * N; i++) c[i] = 0;
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++) {
                double aik = a[i * N + k];
                for (int j = 0; j < N; j++) c[i * N + j] += aik * b[k * N + j];
            }
        a[rep] += c[N * N - 1 - rep] * 1e-6;
    }
    double sum = 0;
    for (int i = 0; i < N * N; i++) sum += c[i] * (double)((i % 7) + 1);
    printf("matmul %d checksum %.6f\n", N, sum);
    return 0;
}
