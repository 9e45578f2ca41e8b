/* No stdio before the heap: blocks follow the tcache's chunk; a static array of 1 MiB moves
 * the heap; a block freed to the unsorted bin is reused; a 2 x 64 KiB realloc grows into top. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
static char pad[1 << 20];
static const char *const words[] = {"one", "two", "three", "four", "five", "six"};
int main(int argc, char **argv) {
  char *b0 = sbrk(0);
  char *a = malloc(16);
  char *b = malloc(2000);
  char *c = malloc(16);
  free(b);
  char *d = malloc(1000);
  char *e = realloc(c, 65536);
  e = realloc(e, 131072);
  char *f = malloc(140000);
  long local = 0;
  char *brk1 = sbrk(0);
  printf("%p %p %p %p %p %p %p %p\n", (void *)b0, (void *)a, (void *)d, (void *)e, (void *)f,
         (void *)brk1, (void *)pad, (void *)words[argc + 1]);
  printf("%p %p %p\n", (void *)&local, (void *)argv, (void *)argv[0]);
  return 0;
}
