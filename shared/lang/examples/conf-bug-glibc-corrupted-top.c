#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
    char *a = malloc(24);
    memset(a, 'A', 40); /* over a's 24 usable bytes into the top chunk's size field */
    char *b = malloc(5000);
    printf("not reached %p\n", (void *)b);
    return 0;
}
