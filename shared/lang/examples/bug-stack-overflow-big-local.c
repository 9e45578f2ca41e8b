#include <stdio.h>

/* Each frame holds a 64 KiB array: the 8 MiB stack is gone after about 128 calls. */
int sum_down(int n) {
    int scratch[16384];
    scratch[0] = n;
    if (n == 0)
        return 0;
    return scratch[0] + sum_down(n - 1);
}

int main(void) {
    printf("100 levels fit: %d\n", sum_down(100));
    printf("1000 levels do not\n");
    printf("%d\n", sum_down(1000));
    return 0;
}
