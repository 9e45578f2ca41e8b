/* K&R 5.5: pointer versions of strcpy, strcmp, strlen; squeeze; reverse */
#include <stdio.h>
void my_strcpy(char *s, const char *t) { while ((*s++ = *t++)) ; }
int my_strcmp(const char *s, const char *t) { for (; *s == *t; s++, t++) if (*s == '\0') return 0; return *s - *t; }
int my_strlen(const char *s) { const char *p = s; while (*p) p++; return p - s; }
void squeeze(char s[], int c) { int i, j; for (i = j = 0; s[i] != '\0'; i++) if (s[i] != c) s[j++] = s[i]; s[j] = '\0'; }
void reverse(char s[]) { for (int i = 0, j = my_strlen(s) - 1; i < j; i++, j--) { int c = s[i]; s[i] = s[j]; s[j] = c; } }
void itoa(int n, char s[]) { int i = 0, sign = n; do { s[i++] = (sign < 0 ? -(n % 10) : n % 10) + '0'; } while ((n /= 10) != 0); if (sign < 0) s[i++] = '-'; s[i] = '\0'; reverse(s); }
int main(void) {
  char buf[64];
  my_strcpy(buf, "hello, world");
  printf("%s %d %d %d\n", buf, my_strlen(buf), my_strcmp("abc", "abd"), my_strcmp("b", "a"));
  squeeze(buf, 'l');
  printf("%s\n", buf);
  itoa(-2147483647 - 1, buf);
  printf("%s\n", buf);
  itoa(9041, buf);
  printf("%s\n", buf);
  return 0;
}
