#include <stdlib.h>
int main(void) {
    char *p[8];
    for (int i = 0; i < 8; i++) p[i] = malloc(200);
    char *guard = malloc(16);
    for (int i = 0; i < 8; i++) free(p[i]);
    free(p[7]); /* in the unsorted bin already */
    free(guard);
    return 0;
}
