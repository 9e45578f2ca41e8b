/* OS course: which way things grow (relative comparisons only) */
#include <stdio.h>
#include <stdlib.h>
int g_init = 5;
int g_zero;
static int s_zero;
const int c_val = 3;
void callee(int *caller_local) {
  int mine;
  printf("stack grows %s\n", &mine < caller_local ? "down" : "up");
}
int main(void) {
  int local;
  char *h1 = malloc(16), *h2 = malloc(16);
  printf("heap grows %s\n", h2 > h1 ? "up" : "down");
  printf("data below bss: %d\n", (void *)&g_init < (void *)&g_zero);
  printf("text below data: %d\n", (void *)main < (void *)&g_init);
  printf("rodata below data: %d\n", (void *)&c_val < (void *)&g_init);
  printf("bss below heap: %d\n", (void *)&s_zero < (void *)h1);
  printf("heap below stack: %d\n", (void *)h1 < (void *)&local);
  callee(&local);
  printf("%d %d %d\n", g_init, g_zero, s_zero);
  free(h1); free(h2);
  return 0;
}
