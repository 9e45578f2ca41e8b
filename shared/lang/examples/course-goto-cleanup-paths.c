/* Systems course: goto cleanup on error paths */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static int work(int fail_at) {
  int rc = -1;
  char *a = NULL, *b = NULL;
  a = malloc(32);
  if (!a || fail_at == 1) goto out;
  b = malloc(64);
  if (!b || fail_at == 2) {
    free(b);
    goto out_a;
  }
  strcpy(a, "ok");
  rc = 0;
  free(b);
out_a:
  free(a);
  a = NULL;
out:
  free(a);
  return rc;
}
int main(void) {
  printf("%d %d %d\n", work(0), work(1), work(2));
  return 0;
}
