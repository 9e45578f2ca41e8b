#include <stdio.h>
#include <string.h>
char buffer[64];
int main(void) {
  strcpy(buffer, "copied by moves");
  strcat(buffer, " and more");
  const char *a = "first";
  const char *b = "second";
  if (strcmp(buffer, "") != 0 && strlen("folded") == 6)
    printf("%s|%p|%p|%p\n", buffer, (void *)a, (void *)b, (void *)"third");
  printf("%s %s\n", "x", "y");
  printf("%p\n", (void *)"x");
  return 0;
}
