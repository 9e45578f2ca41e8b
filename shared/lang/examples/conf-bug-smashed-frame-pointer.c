/* Writing 16 bytes into an 8-byte local array overwrites f's saved frame pointer with 'A's.
   f still returns (its return address is intact), but main then reads x through
   %rbp = 0x4141414141414141, a non-canonical address: a stack-segment fault, SIGBUS. */
#include <stdio.h>
#include <string.h>

void f(void) {
  char buf[8];
  memset(buf, 'A', 16);
}

int main(void) {
  int x = 5;
  printf("start\n");
  f();
  printf("%d\n", x);
  return 0;
}
