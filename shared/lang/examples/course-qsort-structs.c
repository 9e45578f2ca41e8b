#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct person { char name[16]; int age; };
int by_age(const void *a, const void *b) { const struct person *x = a, *y = b; return x->age - y->age; }
int by_name(const void *a, const void *b) { return strcmp(((const struct person *)a)->name, ((const struct person *)b)->name); }
int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
int main(void) {
  struct person ps[] = {{"carol", 35}, {"alice", 30}, {"bob", 25}, {"dave", 30}};
  qsort(ps, 4, sizeof ps[0], by_age);
  for (int i = 0; i < 4; i++) printf("%s:%d ", ps[i].name, ps[i].age);
  printf("\n");
  qsort(ps, 4, sizeof ps[0], by_name);
  for (int i = 0; i < 4; i++) printf("%s ", ps[i].name);
  printf("\n");
  char *words[] = {"pear", "apple", "fig", "banana"};
  qsort(words, 4, sizeof(char *), cmp_str);
  for (int i = 0; i < 4; i++) printf("%s ", words[i]);
  printf("\n");
  int key = 30; (void)key;
  return 0;
}
