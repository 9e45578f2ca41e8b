/* CS:APP 2.4: the sign, exponent and fraction fields of IEEE single precision, read through
 * memcpy and a union, for normal, denormalized and special values. */
#include <stdio.h>
#include <string.h>
typedef unsigned float_bits;
unsigned f2u(float f) { unsigned u; memcpy(&u, &f, sizeof u); return u; }
float u2f(unsigned u) { float f; memcpy(&f, &u, sizeof f); return f; }
void show(float f) {
    unsigned u = f2u(f);
    unsigned sign = u >> 31, exp = (u >> 23) & 0xFF, frac = u & 0x7FFFFF;
    printf("%-12g 0x%08x s=%u e=%3u f=0x%06x\n", f, u, sign, exp, frac);
}
float_bits float_negate(float_bits f) {
    unsigned exp = f >> 23 & 0xFF, frac = f & 0x7FFFFF;
    if (exp == 0xFF && frac != 0) return f;
    return f ^ 0x80000000;
}
int main(void) {
    show(1.0f); show(-2.5f); show(0.0f); show(-0.0f);
    show(1.0f / 3); show(u2f(1)); show(u2f(0x7f7fffff)); show(u2f(0x00800000));
    show(u2f(0x7f800000)); show(-u2f(0x7f800000));
    printf("%f\n", u2f(float_negate(f2u(3.5f))));
    union { float f; unsigned u; } v;
    v.f = 12345.0f;
    printf("union: %#x\n", v.u);
    return 0;
}
