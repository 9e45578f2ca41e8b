#include <stdio.h>

int depth = 0, max_depth = 0;

int ackermann(int m, int n) {
    int result;
    depth++;
    if (depth > max_depth)
        max_depth = depth;
    if (m == 0)
        result = n + 1;
    else if (n == 0)
        result = ackermann(m - 1, 1);
    else
        result = ackermann(m - 1, ackermann(m, n - 1));
    depth--;
    return result;
}

int main(void) {
    for (int m = 0; m <= 2; m++)
        for (int n = 0; n <= 3; n++)
            printf("A(%d, %d) = %d\n", m, n, ackermann(m, n));
    int a = ackermann(2, 3);
    printf("A(2, 3) = %d with recursion %d deep at most\n", a, max_depth);
    return 0;
}
