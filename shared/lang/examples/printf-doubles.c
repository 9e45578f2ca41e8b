#include <stdio.h>

int main(void) {
    double values[] = {0.5, 1.5, 2.5, 0.125, 2.675, 1e21, 1e-7, 0.1, 123456789.987654321, -0.0};
    for (int i = 0; i < 10; i++)
        printf("%f | %.0f | %.2f | %e | %.3e | %g\n", values[i], values[i], values[i], values[i],
               values[i], values[i]);
    printf("[%10.3f] [%-10.3f] [%010.3f] [%+.1f]\n", 3.14159, 3.14159, -3.14159, 2.0);
    printf("%.20f\n", 0.1);
    printf("%.17g %.17g\n", 0.1 + 0.2, 0.3);
    printf("0.1 + 0.2 == 0.3 is %d\n", 0.1 + 0.2 == 0.3);
    double third = 1.0 / 3.0;
    printf("%f %e %.15f\n", third, third * 1e10, third);
    double big = 1.7976931348623157e308;
    printf("%e %g\n", big, big * 10);
    printf("%.3e\n", 5e-324);
    return 0;
}
