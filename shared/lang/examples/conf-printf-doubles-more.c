#include <stdio.h>

int main(void) {
    double values[] = {0.0, -0.0, 1.0, -1.0, 0.05, 0.15, 0.25, 0.35, 1e-5, 123.456, -999.9995,
                       1e15, 1e16, 4.35, 9.995, 1e100, 2.5e-308, 0.3333333333333333};
    int n = sizeof values / sizeof values[0];
    for (int i = 0; i < n; i++)
        printf("%.1f | %.3f | %10.4f | %-12.2e| %e | %.0e | %+.2f\n", values[i], values[i],
               values[i], values[i], values[i], values[i], values[i]);
    printf("[%f] [%12f] [%-12f|] [%012f] [%+f] [% f]\n", 3.5, 3.5, 3.5, -3.5, 3.5, 3.5);
    printf("[%.0f] [%.0f] [%.0f] [%.0f] [%.0f]\n", 0.5, 1.5, 2.5, 3.5, -0.5);
    printf("[%.10f] [%.15e]\n", 1.0 / 7.0, 2.0 / 3.0);
    printf("[%f] [%e]\n", 1e300 * 1e10, -1e300 * 1e10);
    double zero = 0.0;
    printf("[%f] [%e] [%5.1f]\n", zero / zero, -(zero / zero), 1.0 / zero);
    printf("[%f]\n", 18446744073709551616.0);
    printf("[%.2f] [%.2f]\n", 1.005, 1.015);
    printf("[%e] [%e]\n", 9.9999999e-10, 5e-324);
    printf("[%#.0f] [%#.0e]\n", 3.0, 3.0);
    return 0;
}
