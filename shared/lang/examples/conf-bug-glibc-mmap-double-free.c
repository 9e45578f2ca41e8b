#include <stdio.h>
#include <stdlib.h>
/* A 200,000-byte request is above the 128 KiB mmap threshold, so glibc maps it; free unmaps it.
   The second free reads the chunk's size word in memory that is no longer mapped: SIGSEGV. */
int main(void) {
    char *big = malloc(200000);
    big[0] = 'x';
    free(big);
    free(big);
    puts("not reached");
    return 0;
}
