#include <stdio.h>
#include <unistd.h>

int main(void) {
    char *before = sbrk(0);
    char *old = sbrk(4096); /* returns the old break */
    char *after = sbrk(0);
    old[0] = 'x'; /* the new page is ours to use */
    old[4095] = 'y';
    sbrk(-4096);
    char *end = sbrk(0);
    printf("sbrk(4096) returned the old break: %d\n", old == before);
    printf("the break moved up by %ld bytes\n", (long)(after - before));
    printf("and back down by %ld bytes\n", (long)(after - end));
    return 0;
}
