/* Variable-length arrays (C99) as gcc 12 -O0 lays them out on x86-64: each moves %rsp down by
 * its size rounded up to 16, below the frame; a call made while it is alive gets its frame
 * below it; leaving its block (its end, break, continue, goto) moves %rsp back; sizeof reads the
 * length saved when the declaration ran. Offsets are printed from a local, so they do not
 * depend on where the stack is. */
#include <stdio.h>
#include <string.h>
static char *anchor;
static long here(void) { char c; return &c - anchor; }
static long off(const void *p) { return (const char *)p - anchor; }
long leaf(int n) {
  int a[n];
  for (int i = 0; i < n; i++) a[i] = i;
  long s = 0;
  for (int i = 0; i < n; i++) s += a[i];
  return s + sizeof a;
}
void two(int n, int m) {
  int x = 3;
  char b[n];
  double d[m];
  printf("%ld %ld %zu %zu\n", (long)(b - (char*)&x), (long)((char*)d - (char*)&x), sizeof b, sizeof d);
}
void loop(int n) {
  int x;
  for (int k = 0; k < 3; k++) {
    int a[n + k];
    a[0] = k;
    printf("%ld %zu\n", (long)((char*)a - (char*)&x), sizeof a);
  }
  int y;
  printf("%ld\n", (long)((char*)&y - (char*)&x));
}
static void one(int n) {
  char base;
  anchor = &base;
  int a[n];
  a[0] = n;
  printf("one: a %ld sizeof %zu callee %ld\n", off(a), sizeof a, here());
}
static void rows(int r) {
  char base;
  anchor = &base;
  int m[r][3];
  for (int i = 0; i < r; i++)
    for (int j = 0; j < 3; j++) m[i][j] = i * 3 + j;
  printf("rows: m %ld m[1] %ld sizeof %zu %zu last %d\n", off(m), off(m[1]), sizeof m, sizeof m[0],
         m[r - 1][2]);
}
static void jump(int n) {
  char base;
  anchor = &base;
  int tries = 0;
again:
  {
    char buf[n + tries];
    strcpy(buf, "hi");
    if (++tries < 3) goto again;
    printf("jump: buf %ld %s\n", off(buf), buf);
  }
  printf("after jump: callee %ld\n", here());
}
static void later(int n) {
  char base;
  anchor = &base;
  int len = n;
  int a[len];
  len = 1000;
  printf("later: %zu %zu\n", sizeof a, sizeof a / sizeof a[0]);
  const int N = 4;
  long c[N];
  printf("const: %zu %ld\n", sizeof c, off(c) - off(a));
}
int main(void) {
  printf("%ld\n", leaf(7));
  two(5, 3);
  loop(4);
  one(5);
  one(9);
  rows(4);
  jump(4);
  later(6);
  return 0;
}
