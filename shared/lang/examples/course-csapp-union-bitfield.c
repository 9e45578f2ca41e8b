/* CS:APP 3.9.2: unions to view the bits of a double and a bit-field header */
#include <stdio.h>
#include <string.h>
union dbl { double d; unsigned long u; unsigned char b[8]; };
struct header { unsigned alloc : 1; unsigned prev : 1; unsigned size : 30; };
int main(void) {
  union dbl x = {.d = -2.5};
  printf("%016lx %02x %02x %zu\n", x.u, x.b[0], x.b[7], sizeof x);
  x.u = 0x3ff0000000000000UL;
  printf("%f\n", x.d);
  struct header h = {1, 0, 100};
  h.size += 8;
  unsigned raw;
  memcpy(&raw, &h, sizeof raw);
  printf("%u %u %u %#x %zu\n", h.alloc, h.prev, h.size, raw, sizeof h);
  return 0;
}
