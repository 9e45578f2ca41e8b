#include <stdio.h>

int binary_search(const int *a, int n, int key, int *probes) {
    int low = 0, high = n - 1;
    *probes = 0;
    while (low <= high) {
        int mid = low + (high - low) / 2;
        (*probes)++;
        if (a[mid] == key)
            return mid;
        if (a[mid] < key)
            low = mid + 1;
        else
            high = mid - 1;
    }
    return -1;
}

int main(void) {
    int squares[64];
    for (int i = 0; i < 64; i++)
        squares[i] = i * i;
    int keys[] = {0, 49, 3969, 50, 4000};
    for (int k = 0; k < 5; k++) {
        int probes;
        int at = binary_search(squares, 64, keys[k], &probes);
        printf("%4d found at %2d after %d probes\n", keys[k], at, probes);
    }
    return 0;
}
