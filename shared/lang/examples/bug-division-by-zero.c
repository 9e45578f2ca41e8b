#include <stdio.h>

int average(int total, int count) { return total / count; }

int main(void) {
    int counts[] = {4, 2, 0};
    for (int i = 0; i < 3; i++)
        printf("average of 12 over %d = %d\n", counts[i], average(12, counts[i]));
    return 0;
}
