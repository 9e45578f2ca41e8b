#include <stdio.h>
#include <math.h>
typedef unsigned float_bits;
float u2f(unsigned u) { union { unsigned u; float f; } x; x.u = u; return x.f; }
unsigned f2u(float f) { union { unsigned u; float f; } x; x.f = f; return x.u; }
float_bits float_negate(float_bits f) { unsigned exp = f >> 23 & 0xFF, frac = f & 0x7FFFFF; if (exp == 0xFF && frac) return f; return f ^ 0x80000000; }
float_bits float_twice(float_bits f) { unsigned sign = f >> 31, exp = f >> 23 & 0xFF, frac = f & 0x7FFFFF; if (exp == 0xFF) return f; if (exp == 0) { frac <<= 1; if (frac & 0x800000) { exp = 1; frac &= 0x7FFFFF; } } else if (++exp == 0xFF) frac = 0; return sign << 31 | exp << 23 | frac; }
int main(void) {
    float vals[] = { 1.0f, -0.0f, 1e-40f, 3.4e38f, 0.1f, 2.5f };
    for (int i = 0; i < 6; i++) {
        unsigned b = f2u(vals[i]);
        printf("%08x %g %g %g\n", b, u2f(float_negate(b)), u2f(float_twice(b)), vals[i] * 2);
    }
    printf("%d %d %d\n", fpclassify(1e-40f) == FP_SUBNORMAL, isnormal(1e-40f), fpclassify(0.0f) == FP_ZERO);
    printf("%d %d\n", isinf(u2f(0x7f800000)), isnan(u2f(0x7fc00000)));
    float x = 0.1f; double y = x; printf("%.20f %d\n", y, x == 0.1);
    float sum = 0; for (int i = 0; i < 10; i++) sum += 0.1f; printf("%.9g %d\n", sum, sum == 1.0f);
    printf("%.9g %.9g\n", 16777216.0f + 1.0f, (float)(1 << 24) + 2.0f);
    return 0;
}
