#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int *table = malloc(4 * sizeof(int));
    if (table != NULL) {
        printf("giving up on purpose\n");
        abort(); /* SIGABRT: no cleanup, exit status 134 in a shell */
    }
    return 0;
}
