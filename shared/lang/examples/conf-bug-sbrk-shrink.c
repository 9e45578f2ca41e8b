#include <stdio.h>
#include <unistd.h>

/*
 * Managing the break by hand: sbrk(n) returns the old break and moves it up by n bytes;
 * sbrk(-n) gives memory back, and touching it afterwards faults (nothing is mapped there).
 * The first printf comes before everything else on purpose: it mallocs stdout's buffer, and
 * glibc's heap would otherwise be set up (moving the break) in the middle of the experiment.
 */
int main(void) {
    printf("moving the break by hand\n");
    char *start = sbrk(0);
    char *block = sbrk(8192);
    char *after = sbrk(0);
    printf("sbrk(8192) returned the old break: %d, break moved %ld\n", block == start,
           (long)(after - start));
    for (int i = 0; i < 8192; i++) block[i] = (char)i;
    printf("last byte %d\n", block[8191]);
    char *before_shrink = sbrk(-4096);
    char *shrunk = sbrk(0);
    printf("sbrk(-4096) returned %ld, break now %ld\n", (long)(before_shrink - start),
           (long)(shrunk - start));
    printf("still mapped: %d\n", block[4095]);
    printf("given back: %d\n", block[4096]);
    return 0;
}
