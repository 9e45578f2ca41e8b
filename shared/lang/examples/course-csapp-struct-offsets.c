/* CS:APP 3.9: struct alignment and offsets */
#include <stdio.h>
#include <stddef.h>
struct S1 { int i; char c; int j; };
struct S2 { int i; int j; char c; };
struct P1 { short i; int c; int *j; short *d; };
struct P2 { int i[2]; char c[8]; short s[4]; long *j; };
struct P3 { long w[2]; int *c[2]; };
struct P4 { char w[16]; char *c[2]; };
struct rec { int i; int j; int a[2]; int *p; };
int main(void) {
  printf("%zu %zu %zu %zu\n", sizeof(struct S1), sizeof(struct S2), offsetof(struct S1, j), offsetof(struct S2, c));
  printf("%zu %zu %zu %zu\n", sizeof(struct P1), sizeof(struct P2), sizeof(struct P3), sizeof(struct P4));
  printf("%zu %zu %zu\n", offsetof(struct P1, d), offsetof(struct P2, j), offsetof(struct rec, p));
  struct rec r = {1, 2, {3, 4}, 0};
  r.p = &r.a[1];
  printf("%d %ld\n", *r.p, (char *)r.p - (char *)&r);
  return 0;
}
