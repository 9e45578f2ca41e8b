#include <stdio.h>
int main(void) {
  printf("[%5d][%-5d][%05d][%+d][% d]\n", 42, 42, 42, 42, 42);
  printf("[%8.3f][%-8.2e][%08.2f][%g][%G]\n", 3.14159, 31415.9, -2.5, 0.0001, 1e-10);
  printf("[%10s][%-10s][%.3s][%*d][%-*d]\n", "hi", "hi", "truncate", 6, 7, 6, 7);
  printf("[%x][%X][%#x][%o][%#o][%lu]\n", 255, 255, 255, 8, 8, (unsigned long)-1);
  printf("[%c][%%][%p][%5.1s]\n", 'A', (void *)0, "xyz");
  printf("[%hhd][%hd][%lld][%hhu]\n", 300, 70000, -1LL, 257);
  printf("[%.0f][%.0f][%.0f][%#.0f]\n", 0.5, 1.5, 2.5, 3.0);
  int n; printf("abc%n", &n); printf(" %d\n", n);
  return 0;
}
