#include <stdio.h>
#include <stdlib.h>

/*
 * With the tcache off (glibc.malloc.tcache_count=0), a 32-byte chunk goes to a fast bin, which
 * checks only its top chunk: freeing the same chunk twice in a row is caught. (No printf between
 * the frees: stdout's first write mallocs a buffer, and that request empties the fast bins.)
 */
int main(void) {
    char *a = malloc(24);
    char *b = malloc(24);
    free(a);
    free(a);
    printf("not reached\n");
    free(b);
    return 0;
}
