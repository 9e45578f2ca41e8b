/* Float constants are 4-byte entries of gcc's constant pool (`.align 4; .long`), so a program
 * whose only floating constants are floats leaves .rodata 4-aligned: its literals stay right
 * after _IO_stdin_used. A double constant aligns it to 8, a negated float (xorps with a 16-byte
 * sign mask) to 16. `float f = 2.5;` is converted at compile time (a float entry), and
 * `int n = 2.5;` needs no entry at all. */
#include <stdio.h>
static float scaled(float x) { return x * 1.5f + 2; }
int main(void) {
  float f = 2.5;
  int n = 2.5;
  printf("%p %.2f %d\n", (void *)"a", scaled(f), n);
  return 0;
}
