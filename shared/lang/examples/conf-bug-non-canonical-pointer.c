#include <stdio.h>

/* The classic garbage pointer: far above user space, a non-canonical address. */
int main(void) {
    int *p = (int *)0xdeadbeefdeadbeef;
    printf("about to read *p\n");
    printf("%d\n", *p);
    *p = 5;
    printf("wrote\n");
    return 0;
}
