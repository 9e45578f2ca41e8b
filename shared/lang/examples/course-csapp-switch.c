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
char grade(int score) { switch (score / 10) { case 10: case 9: return 'A'; case 8: return 'B'; case 7: return 'C'; case 6: return 'D'; default: return 'F'; } }
int main(void) {
  long d;
  for (long n = 99; n <= 107; n++) { switch_eg(5, n, &d); printf("%ld:%ld ", n, d); }
  printf("\n");
  int scores[] = {100, 95, 85, 72, 64, 10, -5};
  for (int i = 0; i < 7; i++) putchar(grade(scores[i]));
  putchar('\n');
  return 0;
}
