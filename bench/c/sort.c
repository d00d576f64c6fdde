/* Sorting: hand-written quicksort, merge sort and qsort() of pseudo-random integers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define N 1000000
static uint32_t rng = 2463534242u;
static uint32_t next(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }
static void quick(int32_t *a, long lo, long hi) {
    while (hi - lo > 16) {
        int32_t p = a[lo + (hi - lo) / 2]; long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i <= j) { int32_t t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { quick(a, lo, j); lo = i; } else { quick(a, i, hi); hi = j; }
    }
    for (long i = lo + 1; i <= hi; i++) { int32_t v = a[i]; long j = i - 1; while (j >= lo && a[j] > v) { a[j + 1] = a[j]; j--; } a[j + 1] = v; }
}
static void merge(int32_t *a, int32_t *tmp, long n) {
    for (long w = 1; w < n; w *= 2)
        for (long lo = 0; lo < n; lo += 2 * w) {
            long mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n, i = lo, j = mid, k = lo;
            while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
            while (i < mid) tmp[k++] = a[i++];
            while (j < hi) tmp[k++] = a[j++];
            memcpy(a + lo, tmp + lo, (hi - lo) * sizeof *a);
        }
}
static int cmp(const void *x, const void *y) { int32_t a = *(const int32_t *)x, b = *(const int32_t *)y; return (a > b) - (a < b); }
static uint64_t check(const int32_t *a) {
    uint64_t h = 0;
    for (long i = 0; i < N; i++) { if (i && a[i - 1] > a[i]) return 0; h = h * 31 + (uint32_t)a[i]; }
    return h;
}
int main(void) {
    int32_t *a = malloc(N * sizeof *a), *t = malloc(N * sizeof *a);
    uint64_t h = 0;
    for (int rep = 0; rep < 2; rep++) {
        for (long i = 0; i < N; i++) a[i] = (int32_t)next();
        quick(a, 0, N - 1); h ^= check(a);
        for (long i = 0; i < N; i++) a[i] = (int32_t)next();
        merge(a, t, N); h ^= check(a) * 3;
        for (long i = 0; i < N; i++) a[i] = (int32_t)(next() % 100000);
        qsort(a, N, sizeof *a, cmp); h ^= check(a) * 7;
    }
    printf("sort %016llx\n", (unsigned long long)h);
    return 0;
}
