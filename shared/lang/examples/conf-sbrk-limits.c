#include <stdio.h>
#include <unistd.h>

/*
 * sbrk requests that cannot be satisfied, as glibc 2.36 answers them: a shrink below the start of
 * the heap is refused by the kernel's brk, which returns the unchanged break; glibc sees a break
 * at or above the one asked for and reports success, so sbrk returns the old break and nothing
 * moves. Growing into the mmap area fails: (void *)-1. Nothing is printed before the
 * experiment: the first output mallocs stdout's buffer, which sets the heap up and moves the break.
 */
int main(void) {
    char *s0 = sbrk(0);
    char *a = sbrk(4096);
    char *b = sbrk(-8192);
    char *s1 = sbrk(0);
    char *c = sbrk(1L << 46);
    char *s2 = sbrk(0);
    printf("%ld %ld %ld %d %ld\n", (long)(a - s0), b == (void *)-1 ? -1L : (long)(b - s0),
           (long)(s1 - s0), c == (void *)-1, (long)(s2 - s0));
    return 0;
}
