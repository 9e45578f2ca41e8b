#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct record {
    int id;
    char name[12];
    struct record *next;
    double score;
};

int main(void) {
    int *counts = calloc(10, sizeof *counts);
    int zeros = 0;
    for (int i = 0; i < 10; i++) zeros += counts[i] == 0;
    printf("zeros %d\n", zeros);

    struct record *r = calloc(3, sizeof *r);
    printf("record %zu bytes, next NULL %d, score %f, name empty %d\n", sizeof *r,
           r[2].next == NULL, r[1].score, strlen(r[0].name) == 0);

    /* Reuse: freed memory was dirtied, calloc must still hand back zeros. */
    char *dirty = malloc(64);
    memset(dirty, 0xAB, 64);
    free(dirty);
    unsigned char *clean = calloc(64, 1);
    int nonzero = 0;
    for (int i = 0; i < 64; i++) nonzero += clean[i] != 0;
    printf("nonzero after calloc %d\n", nonzero);

    long *big = calloc(2000, sizeof *big);
    long total = 0;
    for (int i = 0; i < 2000; i += 99) total += big[i];
    printf("big total %ld\n", total);

    void *none = calloc(0, 8);
    printf("calloc(0) freeable\n");
    free(none);
    free(big);
    free(clean);
    free(r);
    free(counts);
    return 0;
}
