#include <stdio.h>
#include <stdlib.h>
int main(void) {
    long *a = malloc(32);
    long *b = malloc(32);
    free(a);
    free(b);
    b[0] = 0x4141414141; /* overwrite the tcache next pointer (safe-linked) */
    long *x = malloc(32);
    long *y = malloc(32);
    return x == b && y != NULL;
}
