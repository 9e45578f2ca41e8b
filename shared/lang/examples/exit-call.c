#include <stdio.h>
#include <stdlib.h>

void deep(int n) {
    if (n == 0) {
        printf("exit from 3 calls deep\n");
        exit(42);
    }
    deep(n - 1);
    printf("never printed\n");
}

int main(void) {
    deep(3);
    return 0;
}
