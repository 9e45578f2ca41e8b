#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int hits = 3;
double ratio = 0.5;
const char *title = "memory lane";
char name[] = "globals";
int zeroes[4];
static long total;
const int limit = 100;
const char banner[] = "a banner long enough to need eight-byte alignment";
int main(void) {
  char *copy = malloc(strlen(title) + 1);
  strcpy(copy, title);
  printf("start\n");
  printf("%p %p %p %p\n", (void *)&hits, (void *)&ratio, (void *)&title, (void *)name);
  printf("%p %p %p\n", (void *)zeroes, (void *)&total, (void *)&limit);
  printf("%p %p %p\n", (void *)banner, (void *)title, (void *)"literal");
  printf("%s\n", copy);
  printf("!");
  printf("\n");
  free(copy);
  return 0;
}
