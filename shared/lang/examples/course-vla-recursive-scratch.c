/* A recursive function with a variable-length scratch buffer: each frame holds its own. */
#include <stdio.h>
#include <string.h>
static char *first;
static int depth_bytes(int depth, int n) {
  char buf[n];
  memset(buf, 'a' + depth, n);
  if (depth == 0) first = buf;
  if (depth == 3) return (int)(first - buf);
  int r = depth_bytes(depth + 1, n);
  return buf[n - 1] == 'a' + depth ? r : -1;
}
int main(void) {
  printf("%d %d %d\n", depth_bytes(0, 1), depth_bytes(0, 16), depth_bytes(0, 100));
  return 0;
}
