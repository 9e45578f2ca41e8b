/* K&R 5.11 / course: qsort with comparators and an array of function pointers */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
int main(void) {
  int v[] = {5, -3, 9, 0, 12, -7, 3};
  size_t n = sizeof v / sizeof v[0];
  qsort(v, n, sizeof v[0], cmp_int);
  for (size_t i = 0; i < n; i++) printf("%d ", v[i]);
  printf("\n");
  char *words[] = {"pear", "apple", "fig", "banana"};
  qsort(words, 4, sizeof words[0], cmp_str);
  for (int i = 0; i < 4; i++) printf("%s ", words[i]);
  printf("\n");
  int (*ops[])(int, int) = {add, sub, mul};
  const char *names = "+-*";
  for (int i = 0; i < 3; i++) printf("7 %c 3 = %d\n", names[i], ops[i](7, 3));
  int key = 9;
  int *found = bsearch(&key, v, n, sizeof v[0], cmp_int);
  printf("found at %ld\n", found ? found - v : -1L);
  return 0;
}
