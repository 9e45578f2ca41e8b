#include <stdio.h>
#include <stdlib.h>

/*
 * Chunks too big for a fast bin, once their tcache bin is full, go to the unsorted bin; a later
 * smaller request is cut from the front of such a free chunk (all measured before printf, which
 * allocates stdout's buffer).
 */
int main(void) {
    char *chunks[9];
    for (int i = 0; i < 9; i++) chunks[i] = malloc(200); /* 208-byte chunks */
    char *guard = malloc(16); /* keeps the last one away from the top chunk */
    for (int i = 0; i < 8; i++) free(chunks[i]); /* 0..6 into the tcache, 7 to unsorted */
    char *cut = malloc(100); /* a 112-byte chunk: no tcache entry of that size, taken from chunk 7 */
    char *rest = malloc(80); /* 96 bytes: the remainder of chunk 7 */
    long cut_offset = cut - chunks[7];
    long rest_offset = rest - chunks[7];
    char *tc = malloc(200);
    int from_tcache = tc == chunks[6];
    long spacing = chunks[1] - chunks[0];
    printf("spacing %ld\n", spacing);
    printf("cut from chunk 7 at offset %ld, rest at %ld\n", cut_offset, rest_offset);
    printf("200 again comes from the tcache (last freed): %d\n", from_tcache);
    printf("guard after chunk 8: %ld\n", guard - chunks[8]);
    return 0;
}
