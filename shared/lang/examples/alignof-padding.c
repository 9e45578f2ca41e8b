/* Why structs have holes: each member sits at a multiple of its type's alignment
   (C11 _Alignof, or alignof from <stdalign.h>), and the struct's size is a multiple of
   its largest member's alignment. */
#include <stdio.h>
#include <stdalign.h>
#include <stddef.h>

struct bad { char c; double d; short s; };
struct good { double d; short s; char c; };
struct ints { char tag; int values[3]; };

int main(void) {
  printf("char %zu, short %zu, int %zu, long %zu, double %zu, pointer %zu\n",
         _Alignof(char), _Alignof(short), _Alignof(int), alignof(long),
         alignof(double), alignof(char *));
  printf("struct bad: size %zu, align %zu, d at %zu, s at %zu\n", sizeof(struct bad),
         alignof(struct bad), offsetof(struct bad, d), offsetof(struct bad, s));
  printf("struct good: size %zu, align %zu, s at %zu, c at %zu\n", sizeof(struct good),
         alignof(struct good), offsetof(struct good, s), offsetof(struct good, c));
  printf("struct ints: size %zu, align %zu, values at %zu\n", sizeof(struct ints),
         alignof(struct ints), offsetof(struct ints, values));
  printf("int[10]: size %zu, align %zu\n", sizeof(int[10]), alignof(int[10]));
  struct bad b;
  /* gcc also takes an expression: the alignment of its type. */
  printf("__alignof__(b) %zu, __alignof__(b.s) %zu\n", __alignof__(b), __alignof__(b.s));
  int wasted = (int)(sizeof(struct bad) - sizeof(struct good));
  printf("reordering saves %d bytes per struct\n", wasted);
  return 0;
}
