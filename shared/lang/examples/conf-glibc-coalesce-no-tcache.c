#include <stdio.h>
#include <stdlib.h>

/* Without the tcache (glibc.malloc.tcache_count=0), freeing neighbours merges them. */
int main(void) {
    char *a = malloc(200);
    char *b = malloc(200);
    char *c = malloc(200);
    char *guard = malloc(16);
    free(a);
    free(b); /* merges with a: one free chunk of 416 bytes */
    char *both = malloc(400);
    int merged = both == a;
    free(both);
    free(c);
    char *three = malloc(600); /* a, b and c together: 624 bytes */
    int merged3 = three == a;
    char *small_fast = malloc(24);
    char *small_fast2 = malloc(24);
    free(small_fast);
    free(small_fast2); /* fast bins: not merged */
    char *again = malloc(40);
    int fast_not_merged = again != small_fast && again != small_fast2;
    printf("a+b merged: %d\n", merged);
    printf("a+b+c merged: %d\n", merged3);
    printf("fast chunks stay apart: %d\n", fast_not_merged);
    printf("guard - a = %ld\n", guard - a);
    return 0;
}
