/* K&R 5.4: a stack allocator over a static buffer (alloc/afree) */
#include <stdio.h>
#define ALLOCSIZE 100
static char allocbuf[ALLOCSIZE];
static char *allocp = allocbuf;
char *alloc(int n) {
  if (allocbuf + ALLOCSIZE - allocp >= n) { allocp += n; return allocp - n; }
  return 0;
}
void afree(char *p) { if (p >= allocbuf && p < allocbuf + ALLOCSIZE) allocp = p; }
int main(void) {
  char *a = alloc(10), *b = alloc(50), *c = alloc(50);
  printf("%ld %ld %s\n", a - allocbuf, b - allocbuf, c == 0 ? "NULL" : "ok");
  afree(b);
  c = alloc(40);
  printf("%ld %ld\n", c - allocbuf, allocp - allocbuf);
  return 0;
}
