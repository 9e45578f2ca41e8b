#include <stdio.h>
int main(void) {
    int n, total = 0, count = 0;
    while (scanf("%d", &n) == 1) { total += n; count++; }
    printf("%d numbers, total %d\n", count, total);
    char word[8]; int r = scanf("%7s", word);
    printf("%d [%s]\n", r, r == 1 ? word : "");
    r = scanf("%d", &n); printf("%d\n", r);
    return 0;
}
