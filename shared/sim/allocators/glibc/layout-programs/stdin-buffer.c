/* getchar mallocs stdin's buffer (4 KiB when stdin is a pipe) before the program's first block. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(void) {
  char *b0 = sbrk(0);
  int c = getchar();
  char *p = malloc(24);
  char *q = malloc(100000);
  int d = getchar();
  char *r = malloc(300000);
  printf("%d %d %ld %ld %p %p %p\n", c, d, (long)(p - b0), (long)(q - b0), (void *)r,
         (void *)&c, sbrk(0));
  return 0;
}
