/* CS:APP 3.7: recursive procedures and the distance between their frames */
#include <stdio.h>
static char *top;
long rfact(long n) {
  char here;
  if (n == 1) top = &here;
  long r = n <= 1 ? 1 : n * rfact(n - 1);
  if (n == 5) printf("frame of rfact(5) is %ld bytes above rfact(1)'s\n", &here - top);
  return r;
}
long pcount_r(unsigned long x) { if (x == 0) return 0; return (x & 1) + pcount_r(x >> 1); }
int main(void) {
  printf("%ld %ld\n", rfact(5), pcount_r(0xF0F0UL));
  return 0;
}
