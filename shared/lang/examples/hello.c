#include <stdio.h>

int main(void) {
    printf("Hello, memory!\n");
    puts("puts adds the newline itself");
    putchar('O');
    putchar('K');
    putchar('\n');
    return 0;
}
