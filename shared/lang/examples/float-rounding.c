/* float rounding as CS:APP 2.4 shows it: 0.1f is not 0.1, summing 0.1f ten times is not 1,
 * 2^24 + 1 has no float, float addition is not associative, and every operation on floats rounds
 * to single precision. */
#include <stdio.h>
int main(void) {
    float f = 0.1f;
    double d = 0.1;
    printf("%f %.10f %.20f\n", f, f, d);
    printf("%d\n", f == d);
    float sum = 0;
    for (int i = 0; i < 10; i++) sum += 0.1f;
    printf("sum = %.9f\n", sum);
    float big = 16777216.0f;
    printf("%.1f %.1f\n", big, big + 1.0f);
    int i = 16777217;
    float fi = i;
    printf("%d -> %.1f -> %d\n", i, fi, (int)fi);
    printf("sizeof(float)=%zu\n", sizeof(float));
    float a = 3.14159265358979f;
    printf("%.8f %e %g\n", a, a, a);
    float x = 1e20f, y = -1e20f, z = 3.14f;
    printf("%f %f\n", (x + y) + z, x + (y + z));
    return 0;
}
