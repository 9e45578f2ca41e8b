/* free((void *)-1): glibc reads the size word 8 bytes below, at 0xfffffffffffffff7, far beyond
   user space, and the process dies of SIGSEGV before any check of its own. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  printf("freeing (void *)-1\n");
  free((void *)-1);
  printf("not reached\n");
  return 0;
}
