/* C99 lets a parameter name its length: `int a[n]` after `int n`. The array still arrives as
   a pointer (sizeof a is sizeof(int *)), and gcc lays the frame out as for `int *a`. */
#include <stdio.h>

int sum(int n, int a[n]) {
  int s = 0;
  for (int i = 0; i < n; i++) s += a[i];
  printf("sizeof a = %zu, s is %ld bytes above a\n", sizeof a, (long)((char *)&s - (char *)&a));
  return s;
}

void fill(size_t len, char dst[len], char c) {
  for (size_t i = 0; i + 1 < len; i++) dst[i] = c;
  dst[len - 1] = '\0';
}

int main(void) {
  int x[5] = {1, 2, 3, 4, 5};
  printf("sum = %d\n", sum(5, x));
  char line[8];
  fill(sizeof line, line, '*');
  printf("%s\n", line);
  return 0;
}
