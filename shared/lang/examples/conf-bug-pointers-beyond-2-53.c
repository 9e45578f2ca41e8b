/* Pointers beyond 2^53 are exact 64-bit values: (void *)-1, an address made of text
   (0x4141414141414141, "AAAAAAAA"), arithmetic that wraps; reading through one is SIGSEGV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  void *all_ones = (void *)-1;
  void *saved[3];
  saved[0] = all_ones;
  saved[1] = (char *)all_ones - 15;
  saved[2] = (void *)0x4141414141414141;
  void **copy = malloc(sizeof saved);
  memcpy(copy, saved, sizeof saved);
  printf("%p %p %p\n", copy[0], copy[1], copy[2]);
  printf("%d %d %ld\n", copy[0] == all_ones, copy[1] < copy[0],
         (long)((char *)copy[0] - (char *)copy[1]));
  printf("%lu %lx\n", (unsigned long)all_ones, (unsigned long)copy[2] + 1);
  char *top = (char *)0x7fffffffffffffff;
  printf("%p %p\n", (void *)(top + 1), (void *)((int *)0 - 1));
  free(copy);
  int *wild = (int *)0xdeadbeefdeadbeef;
  printf("reading %p\n", (void *)wild);
  printf("%d\n", *wild);
  return 0;
}
