#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char *name = malloc(32);
    strcpy(name, "Alice");
    free(name);
    name[20] = '!'; /* use after free: the block belongs to the allocator now */
    char *other = malloc(32); /* the allocator hands the same block out again */
    strcpy(other, "Bob");
    name[0] = 'M'; /* the dangling pointer writes into other's block */
    printf("other = %s\n", other);
    free(other);
    return 0;
}
