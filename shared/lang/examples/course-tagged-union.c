#include <stdio.h>
#include <string.h>
enum kind { INT, DBL, STR };
struct value { enum kind k; union { int i; double d; char s[12]; } u; };
void show(struct value v) { switch (v.k) { case INT: printf("int %d\n", v.u.i); break; case DBL: printf("double %.3f\n", v.u.d); break; case STR: printf("str %s\n", v.u.s); break; } }
int main(void) {
  struct value vs[3];
  vs[0].k = INT; vs[0].u.i = 42;
  vs[1].k = DBL; vs[1].u.d = 2.71828;
  vs[2].k = STR; strcpy(vs[2].u.s, "hello");
  for (int i = 0; i < 3; i++) show(vs[i]);
  printf("%zu %zu\n", sizeof(struct value), sizeof vs[0].u);
  union { float f; unsigned u; unsigned char b[4]; } pun = {.f = -1.5f};
  printf("%08x %02x %02x\n", pun.u, pun.b[0], pun.b[3]);
  return 0;
}
