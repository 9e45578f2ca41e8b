#include <stdio.h>

int main(void) {
    int n = printf("hello\n");
    printf("printf returned %d\n", n);
    n = printf("%5d|%-3s|%.2f\n", 42, "x", 3.14159);
    printf("printf returned %d\n", n);
    n = printf("");
    printf("an empty format prints %d characters\n", n);
    int r = putchar('A');
    putchar('\n');
    printf("putchar returned %d\n", r);
    return 0;
}
