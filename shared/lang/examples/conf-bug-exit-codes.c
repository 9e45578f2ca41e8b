#include <stdio.h>
#include <stdlib.h>

void deep(int n) {
    if (n == 0) {
        printf("exiting from depth\n");
        exit(300); /* only the low 8 bits reach the parent: 300 & 255 = 44 */
    }
    deep(n - 1);
    printf("never printed\n");
}

int main(void) {
    deep(5);
    return 0;
}
