#include <stdio.h>
#include <string.h>
int main(void) {
  int a[5] = {1, 2, 3, 4, 5};
  for (size_t i = 4; i < 5; i--) printf("%d ", a[i]);
  printf("\n");
  unsigned u = 0; u--; printf("%u %d\n", u, (int)u);
  printf("%d\n", (int)(strlen("ab") - strlen("abc") > 0));
  int x = -7; printf("%d %d %d %d\n", x / 2, x % 2, x >> 1, (unsigned)x >> 28);
  long long m = 1LL << 62; printf("%lld %lld\n", m * 2, m * 4);
  return 0;
}
