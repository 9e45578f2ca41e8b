#include <stdio.h>
struct value { int kind; union { int i; double d; const char *s; }; };
struct reg { union { struct { unsigned char lo, hi; }; unsigned short x; }; };
void show(struct value v) { switch (v.kind) { case 0: printf("int %d\n", v.i); break; case 1: printf("dbl %g\n", v.d); break; default: printf("str %s\n", v.s); } }
int main(void) {
    struct value vs[] = { { 0, { .i = 42 } }, { .kind = 1, .d = 2.5 }, { 2, .s = "hey" } };
    for (int k = 0; k < 3; k++) show(vs[k]);
    struct reg r; r.x = 0x1234; printf("%x %x %zu\n", r.lo, r.hi, sizeof r);
    printf("%zu\n", sizeof(struct value));
    return 0;
}
