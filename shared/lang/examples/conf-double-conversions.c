#include <stdio.h>

int main(void) {
    double values[] = {3.99, -3.99, 0.5, -0.5, 2147483647.9, -2147483648.9, 1e10, 255.5};
    for (int i = 0; i < 8; i++) {
        double v = values[i];
        long as_long = (long)v;
        printf("%.2f -> long %ld", v, as_long);
        if (v > -2147483649.0 && v < 2147483648.0) printf(", int %d", (int)v);
        if (v > -1.0 && v < 256.0) printf(", uchar %d", (unsigned char)v);
        printf("\n");
    }
    int i = 7;
    printf("%f %f %d\n", i / 2.0, (double)(i / 2), (int)(i / 2.0 + 0.5));
    printf("%d %d\n", 1 / 2 == 0, 1.0 / 2 == 0.5);
    double zero = 0.0;
    double inf = 1.0 / zero;
    printf("%f %f %d %d\n", inf, -inf, inf > 1e308, -inf < -1e308);
    double nan = zero / zero;
    printf("%d %d %d %d\n", nan == nan, nan != nan, nan < 1.0, nan > 1.0);
    printf("%.17g\n", 0.1 * 3);
    printf("%.17g\n", 1e16 + 1);
    double acc = 0;
    for (int k = 0; k < 10; k++) acc += 0.1;
    printf("%.17g %d\n", acc, acc == 1.0);
    unsigned int u = 4294967295u;
    printf("%f\n", (double)u);
    printf("%f\n", (double)-1);
    char c = -3;
    printf("%f\n", c * 1.5);
    long big = 9007199254740993L;
    printf("%.0f\n", (double)big);
    printf("%d\n", (int)-0.99);
    printf("%.3f\n", 7 % 3 + 0.25);
    double d = 5;
    d = d / 2 * 2;
    printf("%g %g %g\n", d, 1e-5, 123456789.0);
    printf("%g %g %g %g\n", 100000.0, 1000000.0, 0.0001, 0.00001);
    return 0;
}
