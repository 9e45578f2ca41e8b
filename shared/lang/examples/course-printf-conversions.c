/* printf conversions a course meets: widths, precision, %g, %e, %x, %o, %c, %p of NULL */
#include <stdio.h>
int main(void) {
  printf("[%5d] [%-5d] [%05d] [%+d] [% d]\n", 42, 42, 42, 42, 42);
  printf("[%8.3f] [%-10.2e] [%g] [%g] [%g]\n", 3.14159, 12345.678, 0.0001, 1e-5, 123456789.0);
  printf("[%x] [%X] [%#o] [%#x] [%lu]\n", 255, 255, 8, 255, (unsigned long)-1);
  printf("[%c%c%c] [%.3s] [%10s] [%-10s]\n", 'a', 66, '!', "abcdef", "right", "left");
  printf("[%p] [%%] [%5.1f%%]\n", (void *)0, 99.5);
  printf("[%hhd] [%hd] [%lld] [%zu]\n", (char)200, (short)70000, -9000000000LL, sizeof(long long) / 2);
  return 0;
}
