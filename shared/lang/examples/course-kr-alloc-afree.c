#include <stdio.h>
#define ALLOCSIZE 100
static char allocbuf[ALLOCSIZE];
static char *allocp = allocbuf;
char *alloc(int n) { if (allocbuf + ALLOCSIZE - allocp >= n) { allocp += n; return allocp - n; } else return 0; }
void afree(char *p) { if (p >= allocbuf && p < allocbuf + ALLOCSIZE) allocp = p; }
int main(void) {
  char *a = alloc(10), *b = alloc(50), *c = alloc(50), *d = alloc(40);
  printf("%ld %ld %d %ld\n", (long)(a - allocbuf), (long)(b - allocbuf), c == 0, (long)(d - allocbuf));
  afree(b);
  char *e = alloc(5);
  printf("%ld %ld\n", (long)(e - allocbuf), (long)(allocp - allocbuf));
  return 0;
}
