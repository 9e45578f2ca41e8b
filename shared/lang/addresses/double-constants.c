/* Non-zero double constants (a literal, an integer meeting a double) are loaded from gcc's
 * constant pool at the end of .rodata, 8-aligned, and a negated double needs a 16-aligned sign
 * mask there: .rodata is then aligned as much, which moves every literal (0.0 and a static's
 * initializer need no pool entry). */
#include <stdio.h>
static double half(double x) { return x / 2; }
static double flip(double x) { return -x; }
int main(void) {
  double d = 5;
  static double kept = 1.5;
  printf("%p %.2f %.2f\n", (void *)"a", half(d), kept);
  printf("%p %.2f\n", (void *)"bc", flip(d) * 0.25);
  return 0;
}
