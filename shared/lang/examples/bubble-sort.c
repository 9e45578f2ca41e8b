#include <stdio.h>

void bubble_sort(int *a, int n, int *swaps) {
    for (int pass = 0; pass < n - 1; pass++) {
        int swapped = 0;
        for (int i = 0; i < n - 1 - pass; i++) {
            if (a[i] > a[i + 1]) {
                int t = a[i];
                a[i] = a[i + 1];
                a[i + 1] = t;
                swapped = 1;
                (*swaps)++;
            }
        }
        if (!swapped)
            break;
    }
}

int main(void) {
    int a[] = {5, 1, 4, 2, 8, 0, -3, 7};
    int swaps = 0;
    bubble_sort(a, 8, &swaps);
    for (int i = 0; i < 8; i++)
        printf("%d ", a[i]);
    printf("\n%d swaps\n", swaps);
    return 0;
}
