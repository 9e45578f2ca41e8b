#include <stdio.h>
#include <stdlib.h>

int main(void) {
    /* The first output mallocs stdout's buffer: done first, it cannot take a's freed block. */
    printf("allocating\n");
    char *a = malloc(40);
    char *b = malloc(40);
    free(a);
    free(b);
    printf("freed a and b\n");
    free(a); /* a is in the tcache bin already: glibc checks the whole bin */
    printf("not reached\n");
    return 0;
}
