#include <stdio.h>
#include <stdlib.h>

/*
 * Which realloc calls glibc serves in place: shrinking always, growing into the top chunk or
 * into a free neighbour, and moving otherwise (into a freed chunk of the right size if one is
 * there). Results are kept as 0/1 and offsets until the end: printf mallocs stdout's buffer.
 */
int main(void) {
    char *a = malloc(100);
    char *b = malloc(100);
    char *c = malloc(100); /* c is next to the top chunk */
    long chunk = b - a;

    char *c_grown = realloc(c, 5000);            /* grows into top: in place */
    int grow_into_top = c_grown == c;
    char *a_shrunk = realloc(a, 40);             /* shrinks in place; the tail becomes free */
    int shrink_in_place = a_shrunk == a;
    char *b_grown = realloc(b, 300);             /* a used neighbour after b: b moves */
    int b_moved = b_grown != b;
    long b_new_offset = b_grown - a;

    char *d = malloc(100);                       /* takes b's old chunk back from the tcache */
    int d_reuses_b = d == b;
    char *same = realloc(d, 104);                /* 104 still fits the 112-byte chunk */
    int same_chunk = same == d;
    char *zero = realloc(NULL, 24);              /* realloc(NULL, n) is malloc(n) */
    long zero_offset = zero - a;

    printf("chunk size %ld\n", chunk);
    printf("grow into top in place %d, shrink in place %d\n", grow_into_top, shrink_in_place);
    printf("b moved %d to offset %ld, its old chunk reused %d\n", b_moved, b_new_offset, d_reuses_b);
    printf("104 bytes stay in a 112-byte chunk %d\n", same_chunk);
    printf("realloc(NULL, 24) at offset %ld\n", zero_offset);
    return 0;
}
