#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* A string runs past a's 24 bytes into the size word of b, which is already in the tcache.
   The tcache does not look at sizes when it hands a chunk back, so malloc(24) returns b's
   address anyway and the program carries on: the corruption stays hidden (until b is freed). */
int main(void) {
    char *a = malloc(24);
    char *b = malloc(24);
    char *c = malloc(24);
    free(b);
    strcpy(a, "0123456789012345678901234567890");
    char *d = malloc(24);
    d[0] = 1;
    printf("%s\n", d == b ? "same chunk again" : "another chunk");
    return c == NULL;
}
