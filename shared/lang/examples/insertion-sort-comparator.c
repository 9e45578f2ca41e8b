#include <stdio.h>

int ascending(int a, int b) { return a - b; }
int descending(int a, int b) { return b - a; }
int by_last_digit(int a, int b) { return a % 10 - b % 10; }

void sort(int *a, int n, int (*compare)(int, int)) {
    for (int i = 1; i < n; i++) {
        int key = a[i], j = i - 1;
        while (j >= 0 && compare(a[j], key) > 0) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = key;
    }
}

void show(const char *label, int *a, int n) {
    printf("%-14s", label);
    for (int i = 0; i < n; i++)
        printf(" %d", a[i]);
    printf("\n");
}

int main(void) {
    int a[] = {31, 4, 15, 92, 65, 35, 89, 79, 32, 38};
    int n = sizeof(a) / sizeof(a[0]);
    sort(a, n, ascending);
    show("ascending", a, n);
    sort(a, n, descending);
    show("descending", a, n);
    sort(a, n, by_last_digit);
    show("by last digit", a, n);
    return 0;
}
