#include <stdio.h>
#include <stddef.h>
struct rec { int i; int j; int a[2]; int *p; };
struct S1 { int i; char c; int j; };
struct S2 { int i; int j; char c; };
struct P1 { short i; int c; int *j; short *d; };
struct P2 { int i[2]; char c[8]; short s[4]; long *j; };
struct P3 { long w[2]; int *c[2]; };
struct P4 { char w[16]; char *c[2]; };
struct P5 { struct P4 a[2]; struct P1 t; };
union U1 { char c; int i[2]; double v; };
union U3 { char w; short c[4]; int *j; };
struct NODE_S { struct NODE_S *next; long data; };
typedef struct { short s[3]; int i; char c; } A;
unsigned long double2bits(double d) { union { double d; unsigned long u; } temp; temp.d = d; return temp.u; }
int main(void) {
  struct rec r; r.i = 1; r.j = 2; r.a[0] = 3; r.a[1] = 4; r.p = &r.a[r.i];
  printf("%d %zu %zu\n", *r.p, offsetof(struct rec, p), sizeof(struct rec));
  printf("%zu %zu %zu %zu %zu %zu %zu\n", sizeof(struct S1), sizeof(struct S2), sizeof(struct P1), sizeof(struct P2), sizeof(struct P3), sizeof(struct P4), sizeof(struct P5));
  printf("%zu %zu %zu %zu\n", sizeof(union U1), sizeof(union U3), sizeof(A), offsetof(struct P5, t));
  printf("%lx %lx\n", double2bits(1.0), double2bits(-0.1));
  struct S2 d[4];
  printf("%ld\n", (long)((char *)&d[3] - (char *)d));
  union U1 u; u.v = 1.5; printf("%d %d\n", u.i[0], u.i[1]);
  return 0;
}
