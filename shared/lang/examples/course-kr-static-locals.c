/* K&R 4.6: static locals keep their value between calls; static globals are file-private */
#include <stdio.h>
static int calls;
int next_id(void) { static int id = 100; calls++; return id++; }
int fib_memo(int n) {
  static long memo[50];
  if (n < 2) return n;
  if (memo[n]) return (int)memo[n];
  return (int)(memo[n] = fib_memo(n - 1) + fib_memo(n - 2));
}
int main(void) {
  for (int i = 0; i < 3; i++) printf("%d ", next_id());
  printf("calls=%d fib40=%d\n", calls, fib_memo(40));
  return 0;
}
