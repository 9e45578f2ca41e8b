#include <stdio.h>
#include <string.h>
void reverse(char s[]) { int c, i, j; for (i = 0, j = strlen(s) - 1; i < j; i++, j--) { c = s[i]; s[i] = s[j]; s[j] = c; } }
void itoa(int n, char s[]) { int i, sign; if ((sign = n) < 0) n = -n; i = 0; do { s[i++] = n % 10 + '0'; } while ((n /= 10) > 0); if (sign < 0) s[i++] = '-'; s[i] = '\0'; reverse(s); }
void itob(unsigned n, char s[], int b) { int i = 0; do { int d = n % b; s[i++] = d < 10 ? d + '0' : d - 10 + 'a'; } while ((n /= b) > 0); s[i] = 0; reverse(s); }
void squeeze(char s[], int c) { int i, j; for (i = j = 0; s[i] != '\0'; i++) if (s[i] != c) s[j++] = s[i]; s[j] = '\0'; }
void strcpy1(char *s, char *t) { while ((*s++ = *t++)) ; }
int strcmp1(char *s, char *t) { for (; *s == *t; s++, t++) if (*s == '\0') return 0; return *s - *t; }
int strend(char *s, char *t) { size_t ls = strlen(s), lt = strlen(t); return ls >= lt && strcmp(s + ls - lt, t) == 0; }
int htoi(const char *s) { int n = 0; if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s += 2; for (; *s; s++) { int c = *s; n = 16 * n + (c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0'); } return n; }
int main(void) {
  char buf[64];
  itoa(-2147483647, buf); printf("%s\n", buf);
  itoa(0, buf); printf("%s\n", buf);
  itob(255, buf, 2); printf("%s ", buf); itob(255, buf, 16); printf("%s\n", buf);
  char s[] = "hello, world"; squeeze(s, 'l'); printf("%s\n", s);
  char t[20]; strcpy1(t, "copy me"); printf("%s %d %d\n", t, strcmp1("abc", "abd"), strcmp1("x", "x"));
  printf("%d %d %d\n", strend("filename.c", ".c"), strend("a", "abc"), htoi("0x1F"));
  char line[] = "The quick brown fox"; char *words[8]; int n = 0;
  for (char *p = strtok(line, " "); p; p = strtok(NULL, " ")) words[n++] = p;
  for (int i = n - 1; i >= 0; i--) printf("%s%c", words[i], i ? ' ' : '\n');
  printf("%zu %zu %d\n", strlen(line), sizeof line, (int)(words[2] - line));
  return 0;
}
