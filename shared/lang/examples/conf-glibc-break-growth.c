#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* How far the program break moves: the request plus glibc's 128 KiB top pad, page-rounded. */
int main(void) {
    char *start = sbrk(0);
    char *first = malloc(1);
    char *after_first = sbrk(0);
    char *block = malloc(100000);
    char *after_block = sbrk(0);
    char *more = malloc(100000);
    char *after_more = sbrk(0);
    char *huge = malloc(120000);
    char *after_huge = sbrk(0);
    printf("first malloc moved the break by 0x%lx\n", (long)(after_first - start));
    printf("first at break start + 0x%lx\n", (long)(first - start));
    printf("100000 then: break moved 0x%lx\n", (long)(after_block - after_first));
    printf("another 100000: break moved 0x%lx\n", (long)(after_more - after_block));
    printf("120000: break moved 0x%lx\n", (long)(after_huge - after_more));
    printf("offsets: block 0x%lx more 0x%lx huge 0x%lx\n", (long)(block - start),
           (long)(more - start), (long)(huge - start));
    free(huge);
    char *after_free = sbrk(0);
    printf("freeing the top 120000 trims: %d\n", after_free < after_huge);
    return 0;
}
