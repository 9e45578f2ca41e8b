#include <stdio.h>
#include <stdlib.h>

/* The exact numbers rand returns depend on the C library; their range does not. */
int main(void) {
    srand(12345);
    int in_range = 1;
    int counts[6] = {0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 600; i++) {
        int r = rand();
        if (r < 0)
            in_range = 0;
        counts[r % 6]++;
    }
    int total = 0;
    for (int face = 0; face < 6; face++)
        total += counts[face];
    printf("600 rolls counted: %d, all non-negative: %d\n", total, in_range);
    srand(7);
    int first = rand();
    srand(7);
    printf("same seed, same sequence: %d\n", rand() == first);
    return 0;
}
