/* OSTEP 14 (vm-api): common malloc mistakes made correctly */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
  char *src = "hello";
  char *dst = (char *)malloc(strlen(src) + 1);
  strcpy(dst, src);
  printf("%s %zu\n", dst, strlen(dst));
  int *x = malloc(10 * sizeof(int));
  printf("%zu %zu\n", sizeof(x), 10 * sizeof(int));
  int *arr = calloc(5, sizeof(int));
  int sum = 0;
  for (int i = 0; i < 5; i++) sum += arr[i];
  printf("calloc sum %d\n", sum);
  arr = realloc(arr, 100 * sizeof(int));
  arr[99] = 7;
  printf("%d\n", arr[99]);
  free(arr);
  free(x);
  free(dst);
  return 0;
}
