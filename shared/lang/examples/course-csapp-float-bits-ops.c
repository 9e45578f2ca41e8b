#include <stdio.h>
#include <string.h>
#include <float.h>
#include <math.h>

typedef unsigned float_bits;
float_bits f2u(float f) { float_bits u; memcpy(&u, &f, 4); return u; }
float u2f(float_bits u) { float f; memcpy(&f, &u, 4); return f; }

float_bits float_negate(float_bits f) {
    unsigned exp = f >> 23 & 0xFF, frac = f & 0x7FFFFF;
    if (exp == 0xFF && frac) return f;
    return f ^ 0x80000000;
}
float_bits float_twice(float_bits f) {
    unsigned sign = f >> 31, exp = f >> 23 & 0xFF, frac = f & 0x7FFFFF;
    if (exp == 0xFF) return f;
    if (exp == 0) return sign << 31 | frac << 1;
    if (exp == 0xFE) return sign << 31 | 0xFF << 23;
    return sign << 31 | (exp + 1) << 23 | frac;
}

int main(void) {
    float vals[] = {1.0f, -0.0f, 3.5f, 1e-40f, FLT_MAX, FLT_MIN, INFINITY, 0.1f};
    for (int i = 0; i < 8; i++) {
        float_bits u = f2u(vals[i]);
        printf("%08x %08x %08x %g %g\n", u, float_negate(u), float_twice(u), u2f(float_twice(u)), vals[i] * 2);
    }
    printf("%a %a %a\n", FLT_EPSILON, DBL_EPSILON, DBL_MIN);
    printf("%d %d %d %d\n", FLT_MANT_DIG, DBL_MANT_DIG, FLT_MAX_EXP, DBL_DIG);
    double d = 0.1;
    unsigned long bits; memcpy(&bits, &d, 8);
    printf("%016lx %.17g %.3e\n", bits, d, nextafter(1.0, 2.0) - 1.0);
    return 0;
}
