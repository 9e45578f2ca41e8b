#include <stdlib.h>

/*
 * With the tcache off, the fast bin checks only its top chunk, so free(a), free(b), free(a)
 * goes unnoticed and malloc hands a out twice: the classic "fastbin dup". The answer is the exit
 * status (x == a: 4, y == b: 2, z == a: 1), because any printf would malloc stdout's buffer, and
 * that large request makes glibc consolidate the corrupted fast bin and abort.
 */
int main(void) {
    char *a = malloc(24);
    char *b = malloc(24);
    free(a);
    free(b);
    free(a);
    char *x = malloc(24);
    char *y = malloc(24);
    char *z = malloc(24);
    return (x == a) * 4 + (y == b) * 2 + (z == a);
}
