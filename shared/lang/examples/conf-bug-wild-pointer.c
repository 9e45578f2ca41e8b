#include <stdio.h>

int main(void) {
    long address = 0xdead0; /* nothing is mapped this low */
    int *wild = (int *)address;
    printf("about to read 0x%lx\n", address);
    printf("%d\n", *wild);
    return 0;
}
