#include <stdio.h>
int calls(void) {
  static int count = 10;
  static int unused_zero;
  static const char *label = "calls";
  static long seen;
  seen++;
  count++;
  return count + (int)seen + label[0] + unused_zero;
}
const char *names[] = {"ann", "bob", "cy"};
struct pair { const char *key; int value; } first = {"one", 1};
long wide[8] = {1, 2};
int main(void) {
  int i = 0;
  while (calls() < 14) i++;
  for (i = 0; i < 3; i++) printf("%s %p\n", names[i], (void *)names[i]);
  printf("%p %p %p %p\n", (void *)names, (void *)&first, (void *)first.key, (void *)wide);
  return 0;
}
