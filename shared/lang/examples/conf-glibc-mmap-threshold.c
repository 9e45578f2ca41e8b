#include <stdio.h>
#include <stdlib.h>

/*
 * glibc serves requests of 128 KiB and more with mmap, until a freed mmapped chunk raises the
 * threshold to its size; then the same request comes from the heap (next to small chunks).
 */
int main(void) {
    char *small = malloc(16);
    char *big1 = malloc(200000);
    long far1 = big1 - small;
    int mapped1 = far1 > 100000000L || far1 < -100000000L;
    long page_offset1 = (long)((unsigned long)big1 & 0xfff);
    free(big1);
    char *big2 = malloc(200000);
    long far2 = big2 - small;
    int mapped2 = far2 > 100000000L || far2 < -100000000L;
    char *big3 = malloc(300000); /* above the new threshold: mmapped again */
    long far3 = big3 - small;
    int mapped3 = far3 > 100000000L || far3 < -100000000L;
    printf("first 200000: mmapped %d, page offset 0x%lx\n", mapped1, page_offset1);
    printf("second 200000: mmapped %d, offset from small %ld\n", mapped2, far2);
    printf("300000: mmapped %d\n", mapped3);
    free(big3);
    free(big2);
    free(small);
    return 0;
}
