#include <stdlib.h>
int main(void) {
    char *a = malloc(40);
    char *b = realloc(a + 8, 100);
    return b == NULL;
}
