#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/*
 * glibc hands out chunks of 32, 48, 64... bytes (16-byte steps, 8 bytes of size field before
 * the pointer). The program may use the chunk minus 8: the next chunk's prev_size field is
 * lent to it while the chunk is in use. malloc_trim gives free memory at the top of the heap
 * back to the kernel: the program break moves down.
 */
int main(void) {
    /* Before the first printf, whose stdout buffer glibc also takes from the heap. */
    char *big = malloc(100000);
    char *end_before = sbrk(0);
    free(big);
    char *end_after_free = sbrk(0);
    int released = malloc_trim(0);
    char *end_after_trim = sbrk(0);
    printf("free left the break %s; malloc_trim returned %d and moved it down by %ld bytes\n",
           end_after_free == end_before ? "where it was" : "moved", released,
           (long)(end_after_free - end_after_trim));

    size_t sizes[] = {0, 1, 24, 25, 40, 100, 1000};
    for (int i = 0; i < 7; i++) {
        char *p = malloc(sizes[i]);
        printf("malloc(%zu): %zu usable\n", sizes[i], malloc_usable_size(p));
        free(p);
    }
    return 0;
}
