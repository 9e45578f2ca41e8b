/* A 12 KB const table and a long literal in .rodata (its unwind tables after it push .data a
 * page further), doubles and a struct in .data, an 800 KB .bss, fifty blocks half freed, calloc
 * and strdup, a recursion measuring its own frames, argv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
const int table[3000] = {1};
static const char banner[] = "a banner string that is longer than thirty-one bytes";
double weights[10] = {1.5, 2.5};
long counters[100000];
struct point { int x, y; double w; };
static struct point origin = {0, 0, 1.0};
int depth(int n, char *top) { char pad[40]; pad[0] = (char)n; if (n == 0) return (int)(top - pad); return depth(n - 1, top) + pad[0] * 0; }
int main(int argc, char **argv) {
  char mark;
  struct point local = {1, 2, 3.0};
  char *heap0 = sbrk(0);
  char *blocks[50];
  for (int i = 0; i < 50; i++) blocks[i] = malloc((size_t)(i * 37 + 1));
  for (int i = 0; i < 50; i += 2) free(blocks[i]);
  char *big = calloc(1, 2000);
  char *s = strdup(banner);
  printf("%p %p %p %p %p %p\n", (void *)table, (void *)banner, (void *)weights, (void *)counters, (void *)&origin, (void *)&local);
  printf("%ld %ld %ld %d %p %p\n", (long)(big - heap0), (long)(s - heap0), (long)(blocks[49] - heap0), depth(10, &mark), (void *)argv[argc - 1], sbrk(0));
  return 0;
}
