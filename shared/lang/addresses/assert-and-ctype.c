#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <assert.h>
char *dup_upper(const char *s) {
  char *r = malloc(strlen(s) + 1);
  for (int i = 0; s[i]; i++) r[i] = (char)toupper((unsigned char)s[i]);
  r[strlen(s)] = '\0';
  return r;
}
int total;
int main(void) {
  char *u = dup_upper("mixed Case");
  assert(u != NULL);
  if (isdigit(u[0])) puts("digit");
  int n = atoi("42");
  total = n + abs(-3);
  printf("%s %d\n", u, total);
  printf("%p %p %p\n", (void *)&total, (void *)"mixed Case", (void *)"%s %d\n");
  free(u);
  return 0;
}
