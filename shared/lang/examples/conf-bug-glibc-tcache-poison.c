#include <stdio.h>
#include <stdlib.h>
int main(void) {
    long *a = malloc(32);
    long *b = malloc(32);
    free(a);
    free(b);
    /* Overwrite the tcache next pointer. glibc stores it safe-linked, XORed with the address of
       the field shifted right by 12, so encode it the same way: malloc then decodes exactly
       0x4141414141, which is not 16-byte aligned, whatever address ASLR gave the heap. */
    b[0] = ((long)b >> 12) ^ 0x4141414141;
    long *x = malloc(32);
    long *y = malloc(32);
    return x == b && y != NULL;
}
