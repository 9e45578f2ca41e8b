#include <stdio.h>
#include <string.h>
struct entry { const char *name; int score; };
struct entry table[] = {{"ann", 3}, {"bob", 5}, {"cyd", 7}};
int lookup(const char *who) {
  static char last[32];
  static int hits;
  for (int i = 0; i < 3; i++)
    if (strcmp(table[i].name, who) == 0) { strcpy(last, who); hits++; return table[i].score; }
  return -1;
}
char *messages[4];
int main(void) {
  const char *greeting = "hi";
  messages[0] = "zero";
  messages[1] = (char *)greeting;
  int s = lookup("bob") + lookup("nobody");
  for (int i = 0; i < 2; i++) printf("%s:%p\n", messages[i], (void *)messages[i]);
  printf("%d %p %p %p\n", s, (void *)table, (void *)table[2].name, (void *)messages);
  printf("%p %p\n", (void *)"bob", (void *)"nobody");
  return 0;
}
