#include <stdio.h>
#include <ctype.h>
int main(void) {
  char s[] = "Hello, World! 123";
  int up = 0, lo = 0, dg = 0, sp = 0, pu = 0;
  for (char *p = s; *p; p++) { if (isupper(*p)) up++; else if (islower(*p)) lo++; else if (isdigit(*p)) dg++; else if (isspace(*p)) sp++; else if (ispunct(*p)) pu++; }
  printf("%d %d %d %d %d\n", up, lo, dg, sp, pu);
  for (char *p = s; *p; p++) *p = isalpha(*p) ? (*p - (isupper(*p) ? 'A' : 'a') + 13) % 26 + (isupper(*p) ? 'A' : 'a') : *p;
  printf("%s\n", s);
  char c = 'z'; c++; printf("%d %c\n", c, (char)(c - 26));
  char neg = -1; unsigned char un = neg; printf("%d %d %d\n", neg, un, neg == un);
  printf("%d %d\n", 'a' + 1, (char)('a' + 1));
  return 0;
}
