/* CS:APP 2.4: IEEE floating point bit patterns */
#include <stdio.h>
#include <string.h>
unsigned f2u(float f) { unsigned u; memcpy(&u, &f, sizeof u); return u; }
float u2f(unsigned u) { float f; memcpy(&f, &u, sizeof f); return f; }
int main(void) {
  float vals[] = {1.0f, -0.5f, 0.1f, 3.0e38f, 1e-45f, 0.0f, -0.0f};
  for (int i = 0; i < 7; i++) {
    unsigned u = f2u(vals[i]);
    printf("%-12g 0x%08x sign %u exp %3u frac 0x%06x\n", vals[i], u, u >> 31, (u >> 23) & 0xff, u & 0x7fffff);
  }
  printf("%g %g\n", u2f(0x7f800000), u2f(0x00800000));
  float sum = 0;
  for (int i = 0; i < 10; i++) sum += 0.1f;
  printf("%.10f %d\n", sum, sum == 1.0f);
  double d = 1e20;
  printf("%f\n", (d + 3.14) - d);
  return 0;
}
