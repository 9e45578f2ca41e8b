#include <stdio.h>

int main(void) {
    int a, b, c;
    a = (b = 3, c = 4, b * c); /* the comma operator yields its right operand */
    printf("a = %d\n", a);
    int sum = 0;
    for (int i = 0, j = 10; i < j; i++, j--)
        sum += j - i;
    printf("sum = %d\n", sum);
    for (int n = -2; n <= 2; n++)
        printf("%d is %s\n", n, n < 0 ? "negative" : n == 0 ? "zero" : "positive");
    int x = 7, y = 9;
    int *bigger = x > y ? &x : &y;
    *bigger = 0;
    printf("x = %d, y = %d\n", x, y);
    int k = 0;
    int r = (k++, k++, k);
    printf("k = %d, r = %d\n", k, r);
    printf("%s\n", (a > 10) ? "big" : "small");
    return 0;
}
