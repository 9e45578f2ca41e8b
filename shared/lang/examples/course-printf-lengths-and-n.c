#include <stdio.h>

int main(void) {
    int n1 = 0, n2 = 0;
    signed char sc = -5;
    short sh = -1234;
    printf("%hhd %hhu %hd %hu %hhx\n", 300, 300, 70000, -1, 0x1ff);
    printf("%hhd %hd\n", sc, sh);
    printf("abc%ndef%n\n", &n1, &n2);
    printf("%d %d\n", n1, n2);
    long long big = -9223372036854775807LL - 1;
    printf("%lld %llx %llo\n", big, big, big);
    printf("%jd %zd %td\n", (long)-1, (long)-2, (long)-3);
    printf("[%5c][%-5c][%c]\n", 'x', 'y', 65);
    printf("[%+d][% d][%+.3d][%08.3d][%-+6d]\n", 5, 5, 5, 5, 5);
    printf("[%#o][%#x][%#X][%#.0o]\n", 8, 255, 255, 0);
    printf("[%.*s][%*d][%-*d]\n", 3, "abcdef", 6, 42, 4, 7);
    printf("%5s|%.1s|%s\n", "ab", "xyz", "");
    printf("%%|%5%|\n");
    return 0;
}
