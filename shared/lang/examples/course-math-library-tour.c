#include <stdio.h>
#include <math.h>
int main(void) {
    printf("%.6f %.6f %.6f\n", sqrt(2), pow(2, 0.5), exp(1));
    printf("%.4f %.4f %.4f\n", sin(M_PI / 6), cos(M_PI / 3), atan2(1, 1) * 4);
    printf("%g %g %g %g\n", floor(-2.5), ceil(-2.5), round(-2.5), trunc(-2.5));
    printf("%g %g\n", fmod(7.5, 2), fmod(-7.5, 2));
    printf("%g %g %g\n", log(M_E), log10(1000), log2(1024));
    printf("%d %d\n", (int)pow(10, 9), (int)sqrt(99.99));
    double h = hypot(3, 4); printf("%g %g\n", h, fabs(-h));
    int n = 10; double sum = 0; for (int i = 1; i <= n; i++) sum += 1.0 / i; printf("%.15f\n", sum);
    printf("%.3e\n", 6.02214076e23 * 1.380649e-23);
    return 0;
}
