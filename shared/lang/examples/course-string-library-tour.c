#include <stdio.h>
#include <string.h>
#include <stdlib.h>
int main(void) {
  char buf[32] = "abc";
  strcat(buf, "def"); strncat(buf, "ghijk", 2);
  printf("%s %zu\n", buf, strlen(buf));
  printf("%s %s %d\n", strchr(buf, 'd'), strrchr("a/b/c", '/'), strncmp("abcd", "abcz", 3));
  printf("%s %zu %zu\n", strstr("haystack needle", "need"), strspn("aaab", "a"), strcspn("hello", "l"));
  char dst[8]; memset(dst, 'x', sizeof dst); strncpy(dst, "hi", 5);
  for (int i = 0; i < 8; i++) printf("%d ", dst[i]);
  printf("\n");
  char over[] = "1234567890"; memmove(over + 2, over, 5); printf("%s\n", over);
  printf("%d %ld %f\n", atoi("  -42abc"), strtol("ff", NULL, 16), atof("3.5e2"));
  char *end; long v = strtol("123xyz", &end, 10); printf("%ld %s\n", v, end);
  char num[20]; sprintf(num, "%05.1f|%x", 3.14159, 48879); printf("%s\n", num);
  printf("%d\n", memcmp("abc", "abd", 3) < 0);
  return 0;
}
