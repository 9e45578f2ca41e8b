#include <stdio.h>
#include <stdlib.h>

#define COUNT 9

/* Which freed chunk glibc hands out next: the tcache (7 per size) first, then the fast bin. */
int index_of(char *pointer, char **chunks) {
    for (int i = 0; i < COUNT; i++)
        if (chunks[i] == pointer)
            return i;
    return -1;
}

int main(void) {
    char *chunks[COUNT];
    int order[COUNT];
    for (int i = 0; i < COUNT; i++)
        chunks[i] = malloc(24);
    for (int i = 0; i < COUNT; i++)
        free(chunks[i]); /* 0..6 fill the tcache bin for 32-byte chunks, 7 and 8 go to a fast bin */
    for (int i = 0; i < COUNT; i++)
        order[i] = index_of(malloc(24), chunks);

    char *x = malloc(40);
    free(x); /* into the tcache */
    char *zeroed = calloc(1, 40); /* calloc does not take chunks from the tcache */
    int calloc_reused = zeroed == x;
    char *plain = malloc(40); /* malloc does */
    int malloc_reused = plain == x;

    printf("reuse order:");
    for (int i = 0; i < COUNT; i++)
        printf(" %d", order[i]);
    printf("\ncalloc reused the freed chunk: %d, malloc did: %d\n", calloc_reused, malloc_reused);
    return 0;
}
