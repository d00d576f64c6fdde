/* Binary trees: allocate and free many complete binary trees with malloc/free. */
#include <stdio.h>
#include <stdlib.h>
typedef struct Node { struct Node *l, *r; } Node;
static Node *make(int d) {
    Node *n = malloc(sizeof *n);
    if (d > 0) { n->l = make(d - 1); n->r = make(d - 1); } else { n->l = n->r = NULL; }
    return n;
}
static long check(const Node *n) { return n->l ? 1 + check(n->l) + check(n->r) : 1; }
static void release(Node *n) { if (n->l) { release(n->l); release(n->r); } free(n); }
int main(void) {
    int maxd = 17, mind = 4;
    Node *t = make(maxd + 1);
    printf("stretch tree of depth %d\t check: %ld\n", maxd + 1, check(t));
    release(t);
    Node *longlived = make(maxd);
    for (int d = mind; d <= maxd; d += 2) {
        long iters = 1L << (maxd - d + mind), sum = 0;
        for (long i = 0; i < iters; i++) { Node *x = make(d); sum += check(x); release(x); }
        printf("%ld\t trees of depth %d\t check: %ld\n", iters, d, sum);
    }
    printf("long lived tree of depth %d\t check: %ld\n", maxd, check(longlived));
    release(longlived);
    return 0;
}
