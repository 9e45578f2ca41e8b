/* Off by one on the heap: strcpy of a 24-char string into malloc(24). The NUL lands in the
   next chunk's size field's low byte on glibc (24 = the chunk's usable size). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
    char *a = malloc(24);
    char *b = malloc(24);
    strcpy(a, "abcdefghijklmnopqrstuvwx");
    printf("%s\n", a);
    free(b);
    printf("freed b\n");
    free(a);
    printf("done\n");
    return 0;
}
