#include <stdio.h>
#include <stdlib.h>

int main(void) {
    /* The first output mallocs stdout's buffer: done first, it cannot take p's freed block. */
    printf("allocating\n");
    int *p = malloc(24);
    p[0] = 1;
    free(p);
    printf("freed once\n");
    free(p); /* the block is already free */
    printf("freed twice\n");
    return 0;
}
