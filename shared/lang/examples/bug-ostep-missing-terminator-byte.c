/* OSTEP 14: forgetting the terminator's byte; the copy overwrites the next heap chunk's size */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
  char *src = "hello world, this is 24!";
  char *dst = malloc(strlen(src));
  char *next = malloc(16);
  strcpy(dst, src);
  printf("%s\n", dst);
  free(next);
  free(dst);
  printf("done\n");
  return 0;
}
