/* CS:APP 2.1: show_bytes on int, float, pointer-free values */
#include <stdio.h>
typedef unsigned char *byte_pointer;
void show_bytes(byte_pointer start, size_t len) {
  for (size_t i = 0; i < len; i++) printf(" %.2x", start[i]);
  printf("\n");
}
void show_int(int x) { show_bytes((byte_pointer)&x, sizeof(int)); }
void show_float(float x) { show_bytes((byte_pointer)&x, sizeof(float)); }
void show_short(short x) { show_bytes((byte_pointer)&x, sizeof(short)); }
int main(void) {
  int val = 12345;
  show_int(val);
  show_float((float)val);
  show_short(-12345);
  show_int(-1);
  const char *s = "abcdef";
  show_bytes((byte_pointer)s, 7);
  return 0;
}
