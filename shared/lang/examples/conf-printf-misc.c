#include <stdio.h>

int main(void) {
    printf("[%p] [%10p] [%-10p|]\n", NULL, NULL, NULL);
    printf("[%c]\n", 0);
    printf("[%5%]\n");
    printf("[%x] [%hhx] [%hx] [%hhd]\n", (char)-1, (char)-1, (short)-1, 255);
    int n = putchar('!');
    printf(" putchar returned %d\n", n);
    printf("[%lld]\n", -1LL);
    printf("[%#5x] [%-#5o|] [%#.3o]\n", 10, 10, 8);
    printf("[%+.3e] [% .2e] [%E]\n", 12345.678, -0.000123, 1.5);
    printf("[%.0e] [%.0e] [%.0e]\n", 2.5, 3.5, 15.0);
    printf("[%G] [%g] [%g] [%#g] [%g]\n", 1e-10, 1e20, 3.0, 3.0, -0.0);
    printf("[%a] [%a]\n", 1.0, -0.75);
    printf("[%5.1f%%]\n", 99.44);
    printf("[%i] [%5i] [%-5i|]\n", -3, 3, 3);
    printf("[%lu] [%ld]\n", sizeof(int), -(long)sizeof(int));
    printf("[%s%s%s]\n", "a", "", "c");
    printf("tab\there, quote \" backslash \\ bell-less\n");
    printf("%d%%\n", 50);
    printf("%s\n", "percent in an argument: %d");
    return 0;
}
