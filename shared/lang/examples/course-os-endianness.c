/* OS course: detect byte order and swap bytes by hand and with shifts */
#include <stdio.h>
#include <stdint.h>
static uint32_t swap32(uint32_t x) {
  return (x >> 24) | ((x >> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24);
}
int main(void) {
  uint32_t v = 0x01020304;
  unsigned char *p = (unsigned char *)&v;
  printf("%s-endian: %02x %02x %02x %02x\n", p[0] == 4 ? "little" : "big", p[0], p[1], p[2], p[3]);
  printf("%08x %08x\n", swap32(v), __builtin_bswap32(v));
  uint16_t s = 0xABCD;
  printf("%04x\n", (uint16_t)((s >> 8) | (s << 8)));
  int64_t big = -1;
  printf("%d %d\n", (int)sizeof big, (int)(uint8_t)big);
  return 0;
}
