#include <stdio.h>
#include <stdlib.h>

/*
 * How glibc's malloc lays out chunks, seen through pointer differences (which, unlike the
 * addresses themselves, are the same on every run). Everything is measured before the first
 * printf, because printf allocates stdout's buffer on the heap too.
 */
int main(void) {
    char *a = malloc(24);       /* chunk of 32: 8-byte size field + 24, rounded to 16 */
    char *b = malloc(24);
    char *c = malloc(25);       /* 25 + 8 > 32: the next size, 48 */
    char *d = malloc(0);        /* the minimum chunk is still 32 bytes */
    char *e = malloc(100);
    long first_offset = (long)((unsigned long)a & 0xfff); /* after the tcache's own chunk */
    long a_to_b = b - a, b_to_c = c - b, c_to_d = d - c, d_to_e = e - d;

    free(a);
    char *again = malloc(24);   /* the tcache hands the same chunk back */
    int same_chunk = again == a;
    free(b);
    free(again);
    char *lifo = malloc(20);    /* last freed, first reused: the tcache is a stack */
    int last_in_first_out = lifo == a;

    char *grown = realloc(e, 200); /* e is next to the top chunk: it grows in place */
    int in_place = grown == e;
    char *big = malloc(200000);    /* above the 128 KiB mmap threshold: its own mapping */
    long big_offset = (long)((unsigned long)big & 0xfff);

    printf("first malloc at page offset 0x%lx\n", first_offset);
    printf("a..b %ld, b..c %ld, c..d %ld, d..e %ld bytes apart\n", a_to_b, b_to_c, c_to_d, d_to_e);
    printf("malloc after free returns the same chunk: %d\n", same_chunk);
    printf("last in, first out: %d\n", last_in_first_out);
    printf("realloc next to the top grows in place: %d\n", in_place);
    printf("an mmapped chunk's pointer is at page offset 0x%lx\n", big_offset);
    free(big);
    free(grown);
    free(lifo);
    free(c);
    free(d);
    return 0;
}
