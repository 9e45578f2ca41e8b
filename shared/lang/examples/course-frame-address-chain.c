/* gcc's __builtin_frame_address and __builtin_return_address, as courses use them to show
 * frames: each call's %rbp below its caller's, the saved-%rbp chain followed one level up.
 * Distances only, so the output does not depend on where the stack is. */
#include <stdio.h>
static char *main_frame;
void show(int d) {
  char *fp = __builtin_frame_address(0);
  char *caller = __builtin_frame_address(1);
  printf("depth %d: frame %ld below main's, caller's %ld above mine, local at fp%ld\n", d,
         (long)(main_frame - fp), (long)(caller - fp), (long)((char *)&fp - fp));
  if (d < 3) show(d + 1);
}
int main(void) {
  main_frame = __builtin_frame_address(0);
  show(1);
  void *ra = __builtin_return_address(0);
  printf("%d\n", ra != 0);
  return 0;
}
