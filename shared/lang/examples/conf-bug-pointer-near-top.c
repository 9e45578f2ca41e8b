#include <stdio.h>

/* A pointer just below 2^64 (a small negative number cast to a pointer) is never mapped. */
int main(void) {
    char *p = (char *)0xffffffffffffff00;
    printf("about to write\n");
    *p = 1;
    printf("wrote\n");
    return 0;
}
