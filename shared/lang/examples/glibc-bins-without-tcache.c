#include <stdio.h>
#include <stdlib.h>

#define COUNT 9

/* The same frees and mallocs as glibc-bins.c, run with GLIBC_TUNABLES=glibc.malloc.tcache_count=0:
 * without a tcache every freed 32-byte chunk goes to the fast bin, which is last in, first out. */
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
        free(chunks[i]); /* all nine go to the fast bin */
    for (int i = 0; i < COUNT; i++)
        order[i] = index_of(malloc(24), chunks);

    char *x = malloc(40);
    free(x); /* into a fast bin */
    char *zeroed = calloc(1, 40); /* calloc takes it from the fast bin */
    int calloc_reused = zeroed == x;
    char *plain = malloc(40); /* so malloc gets another chunk */
    int malloc_reused = plain == x;

    printf("reuse order:");
    for (int i = 0; i < COUNT; i++)
        printf(" %d", order[i]);
    printf("\ncalloc reused the freed chunk: %d, malloc did: %d\n", calloc_reused, malloc_reused);
    return 0;
}
