#include <stdio.h>

int main(void) {
    int pairs[][2] = {{7, 2}, {-7, 2}, {7, -2}, {-7, -2}, {0, 5}, {1, 3}};
    for (int i = 0; i < 6; i++) {
        int a = pairs[i][0], b = pairs[i][1];
        printf("%2d / %2d = %2d, %2d %% %2d = %2d, check %d\n", a, b, a / b, a, b, a % b,
               (a / b) * b + a % b == a);
    }
    unsigned int u = 7;
    printf("7u / 2 = %u, 7u %% 2 = %u\n", u / 2, u % 2);
    printf("shift right of -16: %d (arithmetic on gcc)\n", -16 >> 2);
    printf("-17 / 4 = %d but -17 >> 2 = %d\n", -17 / 4, -17 >> 2);
    long big = 9000000000L;
    printf("9000000000 / 7 = %ld rest %ld\n", big / 7, big % 7);
    double q = 7.0 / 2;
    printf("7.0 / 2 = %.2f\n", q);
    return 0;
}
