/* Spectral norm of the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2+i+1), by power iteration. */
#include <math.h>
#include <stdio.h>
#define N 3000
static double A(int i, int j) { return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1); }
static void mulAv(const double *v, double *av) {
    for (int i = 0; i < N; i++) { double s = 0; for (int j = 0; j < N; j++) s += A(i, j) * v[j]; av[i] = s; }
}
static void mulAtv(const double *v, double *atv) {
    for (int i = 0; i < N; i++) { double s = 0; for (int j = 0; j < N; j++) s += A(j, i) * v[j]; atv[i] = s; }
}
static void mulAtAv(const double *v, double *out, double *tmp) { mulAv(v, tmp); mulAtv(tmp, out); }
static double u[N], v[N], tmp[N];
int main(void) {
    for (int i = 0; i < N; i++) u[i] = 1;
    for (int i = 0; i < 10; i++) { mulAtAv(u, v, tmp); mulAtAv(v, u, tmp); }
    double vBv = 0, vv = 0;
    for (int i = 0; i < N; i++) { vBv += u[i] * v[i]; vv += v[i] * v[i]; }
    printf("spectral %.9f\n", sqrt(vBv / vv));
    return 0;
}
