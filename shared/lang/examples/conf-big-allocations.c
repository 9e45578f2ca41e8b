#include <stdio.h>
#include <stdlib.h>

/*
 * Big requests cost the machine nothing until pages are touched: a 1 GiB malloc succeeds at once
 * (an mmap), a 64 MiB global array is zero-filled .bss, and a sieve over 100,000,000 bytes
 * touching one byte per 4 KiB page writes only 24,415 pages. A request beyond RAM + swap is
 * refused: malloc(1 TiB) returns NULL (Linux's overcommit check on a machine with less than
 * 1 TiB of RAM + swap).
 */
char big[1 << 26];

int main(void) {
    char *huge = malloc(1UL << 40);
    printf("malloc(1 TiB) == NULL: %d\n", huge == NULL);
    char *gib = malloc(1UL << 30);
    printf("malloc(1 GiB) != NULL: %d\n", gib != NULL);
    gib[0] = 1;
    gib[(1UL << 30) - 1] = 2;
    printf("ends: %d %d, middle %d\n", gib[0], gib[(1UL << 30) - 1], gib[1UL << 29]);
    free(gib);

    long size = 100000000;
    char *pages = malloc(size);
    long touched = 0;
    for (long i = 0; i < size; i += 4096) {
        pages[i] = 1;
        touched += pages[i];
    }
    printf("pages touched: %ld\n", touched);
    free(pages);

    big[(1 << 26) - 1] = 3;
    printf("global: %d %d %zu\n", big[(1 << 26) - 1], big[12345], sizeof big);
    return 0;
}
