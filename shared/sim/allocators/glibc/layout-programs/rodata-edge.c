/* .rodata ends 48 bytes before a page boundary: the unwind tables gcc puts after it (.eh_frame_hdr
 * and .eh_frame, one record per function) cross it, so .data and the heap start a page later. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
const char table[4000] = {1};
int counter = 1;
static int twice(int x) { return 2 * x; }
int main(void) {
  char *p = malloc(16);
  printf("%p %p %p %p %d\n", (void *)table, (void *)&counter, sbrk(0), (void *)p, twice(counter));
  return 0;
}
