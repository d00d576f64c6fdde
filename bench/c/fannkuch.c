/* Fannkuch-redux: maximum pancake flips over all permutations, and a signed checksum. */
#include <stdio.h>
#define N 10
static void fannkuch(int n) {
    int perm[N], perm1[N], count[N];
    int maxflips = 0, checksum = 0, permcount = 0, r = n;
    for (int i = 0; i < n; i++) perm1[i] = i;
    for (;;) {
        while (r != 1) { count[r - 1] = r; r--; }
        for (int i = 0; i < n; i++) perm[i] = perm1[i];
        int flips = 0, k;
        while ((k = perm[0]) != 0) {
            for (int i = 0, j = k; i < j; i++, j--) { int t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
            flips++;
        }
        if (flips > maxflips) maxflips = flips;
        checksum += (permcount % 2 == 0) ? flips : -flips;
        for (;;) {
            if (r == n) { printf("fannkuch %d checksum %d maxflips %d\n", n, checksum, maxflips); return; }
            int p0 = perm1[0];
            for (int i = 0; i < r; i++) perm1[i] = perm1[i + 1];
            perm1[r] = p0;
            if (--count[r] > 0) break;
            r++;
        }
        permcount++;
    }
}
int main(void) { for (int n = 8; n <= N; n++) fannkuch(n); fannkuch(N); fannkuch(N); return 0; }
