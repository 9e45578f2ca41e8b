/* course: tokenizing and counting words with strtok, strdup, toupper */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
int main(void) {
  char *line = strdup("the quick brown fox jumps over the lazy dog the end");
  char *words[32];
  int counts[32] = {0}, n = 0;
  for (char *t = strtok(line, " "); t; t = strtok(NULL, " ")) {
    int i;
    for (i = 0; i < n; i++) if (strcmp(words[i], t) == 0) break;
    if (i == n) words[n++] = t;
    counts[i]++;
  }
  for (int i = 0; i < n; i++) {
    char up[16];
    size_t k;
    for (k = 0; words[i][k] && k < sizeof up - 1; k++) up[k] = toupper((unsigned char)words[i][k]);
    up[k] = '\0';
    printf("%-6s %d\n", up, counts[i]);
  }
  free(line);
  return 0;
}
