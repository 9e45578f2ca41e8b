#include <stdio.h>

int main(void) {
    int x = 1 << 24 | 1;
    float f = x;
    double d = x;
    printf("%d %d\n", x == (int)(float)x, x == (int)(double)x);
    printf("%d %d\n", f == (float)(double)f, d == (double)(float)d);
    printf("%d\n", (f + d) - f == d);
    float a = 3.14f, b = 1e20f;
    printf("%.10f %.10f\n", (a + b) - b, a + (b - b));
    printf("%d\n", 0.1 + 0.2 == 0.3);
    printf("%.17g\n", 0.1 + 0.2);
    float sum = 0;
    for (int i = 0; i < 10; i++) sum += 0.1f;
    printf("%.9g %d\n", sum, sum == 1.0f);
    printf("%f %f %f\n", 1.0/0, -1.0/0, 0.0/0 );
    double big = 1e308;
    printf("%g %g\n", big * 10, -big * 10);
    printf("%d\n", (int)3.99 + (int)-3.99);
    unsigned char c = 250;
    float fc = c;
    printf("%.1f\n", fc * 2);
    printf("%.20f\n", 1.0f / 3);
    return 0;
}
