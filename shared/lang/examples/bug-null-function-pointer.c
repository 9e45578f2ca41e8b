#include <stdio.h>

int twice(int x) { return 2 * x; }

int main(void) {
    int (*operations[2])(int) = {twice, NULL};
    printf("operations[0](21) = %d\n", operations[0](21));
    printf("calling operations[1]...\n");
    printf("%d\n", operations[1](21)); /* jumping to address 0: SIGSEGV */
    return 0;
}
