#include <stdio.h>
#include <string.h>
void permute(char *s, int l, int r, int *count) { if (l == r) { if (*count < 8) printf("%s ", s); (*count)++; return; } for (int i = l; i <= r; i++) { char t = s[l]; s[l] = s[i]; s[i] = t; permute(s, l + 1, r, count); t = s[l]; s[l] = s[i]; s[i] = t; } }
int is_pal(const char *s, int i, int j) { return i >= j || (s[i] == s[j] && is_pal(s, i + 1, j - 1)); }
void rev_print(const char *s) { if (*s) { rev_print(s + 1); putchar(*s); } }
int main(void) {
  char s[] = "abcd"; int c = 0;
  permute(s, 0, 3, &c); printf("\n%d\n", c);
  printf("%d %d\n", is_pal("racecar", 0, 6), is_pal("abca", 0, 3));
  rev_print("stressed"); putchar('\n');
  return 0;
}
