/* A variable-length array too big for the 8 MiB stack: declaring it only moves %rsp, and the
 * first store into it faults (SIGSEGV), as in a real process. */
#include <stdio.h>

int main(void) {
  int n = 10000000;
  printf("declaring int a[%d]: %d bytes\n", n, n * 4);
  int a[n];
  a[0] = 1;
  printf("never printed: %d\n", a[0]);
  return 0;
}
