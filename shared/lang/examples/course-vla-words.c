/* K&R-style string work with a buffer sized at run time: each word is copied into a
 * variable-length array just big enough for it, reversed there, and printed. The buffer is
 * freed at the end of every iteration, so the callee's frame is at the same place each time. */
#include <stdio.h>
#include <string.h>

static long depth_mark(void) {
  char here;
  static char *first;
  if (first == NULL) first = &here;
  return first - &here;
}

static void reverse(char *s) {
  for (size_t i = 0, j = strlen(s); i + 1 < j; i++, j--) {
    char t = s[i];
    s[i] = s[j - 1];
    s[j - 1] = t;
  }
}

int main(void) {
  const char *text = "memory lane teaches antidisestablishmentarianism on the stack";
  const char *p = text;
  while (*p != '\0') {
    size_t len = strcspn(p, " ");
    char word[len + 1];
    memcpy(word, p, len);
    word[len] = '\0';
    reverse(word);
    printf("%-8s (%zu bytes, callee %ld bytes lower than the first)\n", word, sizeof word,
           depth_mark());
    p += len;
    if (*p == ' ') p++;
  }
  int n = 5;
  int squares[n];
  for (int i = 0; i < n; i++) squares[i] = i * i;
  n = 2;
  printf("%zu elements: last %d\n", sizeof squares / sizeof squares[0], squares[4]);
  return 0;
}
