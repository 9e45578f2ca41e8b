#include <stdio.h>
#include <float.h>
#include <math.h>
int main(void) {
    printf("%f\n", 1e20);
    printf("%f\n", 1.7976931348623157e308);
    printf("%f %f\n", 1e-7, 5e-324);
    printf("%.20f\n", 0.1);
    printf("%.30e\n", 0.1);
    printf("%f %f %f\n", DBL_MAX / 1e300, DBL_MIN, DBL_EPSILON);
    printf("%e %g %g\n", DBL_MIN, DBL_MAX, DBL_EPSILON);
    printf("%f %f %f %f\n", INFINITY, -INFINITY, NAN, -NAN);
    printf("%5.1f|%-8.3e|%G\n", INFINITY, NAN, -INFINITY);
    printf("%.0f %.0f %.0f %.0f\n", 0.5, 1.5, 2.5, -0.5);
    printf("%.2f %.2f %.3f\n", 2.675, 1.005, 1.0005);
    printf("%f\n", (double)(float)0.1);
    printf("%.15g %.17g\n", 0.1 + 0.2, 0.1 + 0.2);
    float f = 16777217.0f; printf("%.1f\n", f);
    printf("%f\n", 123456789012345678901234567890.0);
    printf("%g %g %g\n", 1e15, 1e16, 123456789.0);
    return 0;
}
