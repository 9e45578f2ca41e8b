#include <stdio.h>
#include <string.h>
typedef unsigned float_bits;
float_bits float_negate(float_bits f) {
  unsigned exp = f >> 23 & 0xFF, frac = f & 0x7FFFFF;
  if (exp == 0xFF && frac) return f;
  return f ^ 0x80000000;
}
float_bits float_half(float_bits f) {
  unsigned sign = f >> 31, exp = f >> 23 & 0xFF, frac = f & 0x7FFFFF;
  unsigned rest = f & 0x7FFFFFFF;
  if (exp == 0xFF) return f;
  int addition = (frac & 0x3) == 0x3;
  if (exp == 0) { frac >>= 1; frac += addition; return sign << 31 | frac; }
  if (exp == 1) { rest >>= 1; rest += addition; return sign << 31 | rest; }
  exp -= 1;
  return sign << 31 | exp << 23 | frac;
}
float u2f(unsigned u) { float f; memcpy(&f, &u, 4); return f; }
unsigned f2u(float f) { unsigned u; memcpy(&u, &f, 4); return u; }
int main(void) {
  float xs[] = {1.0f, -2.5f, 0.1f, 3.4e38f, 1e-40f, 0.0f, -0.0f};
  for (int i = 0; i < 7; i++) {
    unsigned u = f2u(xs[i]);
    printf("%08x %g -> %08x %g half %08x %g\n", u, xs[i], float_negate(u), u2f(float_negate(u)),
           float_half(u), u2f(float_half(u)));
  }
  printf("%.20f\n%.20f\n", 0.1f, 0.1);
  printf("%d %d\n", (0.1f + 0.2f == 0.3f), (0.1 + 0.2 == 0.3));
  double d = 1e20; printf("%f %d\n", (d + 3.14) - d, (int)3.99);
  printf("%e %g %g %a\n", 1.0 / 3, 100000.0, 1000000.0, 0.5);
  return 0;
}
