#include <stdio.h>
#include <stdlib.h>

int counter = 7;                 /* a global with a value: data   */
int zeroes[4];                   /* a global without one: bss     */
const char *greeting = "hello";  /* the text "hello": rodata      */

int square(int x) { return x * x; }

int main(void) {
  int local = square(3);              /* a local variable: stack */
  int *block = malloc(sizeof(int));   /* a heap block            */
  *block = local;
  printf("text   %p\n", (void *)&square);
  printf("data   %p\n", (void *)&counter);
  printf("bss    %p\n", (void *)zeroes);
  printf("rodata %p\n", (void *)greeting);
  printf("heap   %p\n", (void *)block);
  printf("stack  %p\n", (void *)&local);
  free(block);
  return 0;
}
