/* Big .data and .bss arrays push the heap start; printf before the second malloc (stdout's
 * buffer), mmapped blocks below the libraries, locals in main. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
int big_data[5000] = {1, 2, 3};
char big_bss[300000];
static double table[37];
const char *names[] = {"alpha", "beta", "gamma", "delta"};
int main(void) {
  int local = 5;
  char buf[100];
  void *b0 = sbrk(0);
  char *a = malloc(16);
  printf("b0 %p a %p\n", b0, (void *)a);
  char *b = malloc(16);
  char *c = malloc(200000);
  char *d = malloc(5000);
  free(a);
  char *e = malloc(3 * 1024 * 1024 / 2);
  printf("b %p c %p d %p e %p brk %p\n", (void *)b, (void *)c, (void *)d, (void *)e, sbrk(0));
  printf("data %p bss %p table %p names %p lit %p %p\n", (void *)big_data, (void *)big_bss, (void *)table, (void *)names, (void *)names[0], (void *)"zeta");
  printf("local %p buf %p main %p\n", (void *)&local, (void *)buf, (void *)main);
  strcpy(buf, "x");
  return 0;
}
