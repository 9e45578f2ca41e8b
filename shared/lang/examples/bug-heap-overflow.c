#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char *first = malloc(24);
    char *second = malloc(24);
    strcpy(second, "safe");
    /* 32 bytes into a 24-byte block: the last 8 land on the next block's header */
    memset(first, 'A', 32);
    printf("second still says %s\n", second);
    free(second); /* the allocator finds the corrupted size field */
    printf("never printed\n");
    free(first);
    return 0;
}
