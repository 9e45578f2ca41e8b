/* CS:APP 3.6.8: switch statements with fall-through and gaps */
#include <stdio.h>
void switch_eg(long x, long n, long *dest) {
  long val = x;
  switch (n) {
    case 100: val *= 13; break;
    case 102: val += 10;
    case 103: val += 11; break;
    case 104:
    case 106: val *= val; break;
    default: val = 0;
  }
  *dest = val;
}
int main(void) {
  long r;
  for (long n = 99; n <= 107; n++) { switch_eg(5, n, &r); printf("%ld:%ld ", n, r); }
  printf("\n");
  return 0;
}
