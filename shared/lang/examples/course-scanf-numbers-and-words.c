#include <stdio.h>
int main(void) {
    int a, b; double d; char word[16];
    int n = scanf("%d %d", &a, &b);
    printf("%d: %d %d\n", n, a, b);
    n = scanf("%lf %15s", &d, word);
    printf("%d: %.2f %s\n", n, d, word);
    return 0;
}
