#include <stdio.h>

int collatz_length(unsigned long n) {
    int steps = 0;
    while (n != 1) {
        n = n % 2 == 0 ? n / 2 : 3 * n + 1;
        steps++;
    }
    return steps;
}

int main(void) {
    int best = 1, best_steps = 0;
    for (int n = 1; n < 1000; n++) {
        int steps = collatz_length(n);
        if (steps > best_steps) {
            best = n;
            best_steps = steps;
        }
    }
    printf("below 1000, %d takes the most steps: %d\n", best, best_steps);
    printf("27 takes %d steps\n", collatz_length(27));
    return 0;
}
