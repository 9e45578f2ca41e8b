#include <stdio.h>
#include <stddef.h>
struct shape { enum { CIRCLE, RECT } kind; union { struct { double r; }; struct { double w, h; }; }; const char *name; };
struct msg { unsigned char type; union { unsigned int word; struct { unsigned char b0, b1, b2, b3; }; struct { unsigned lo : 4, mid : 8, : 4, hi : 16; }; }; };
double area(const struct shape *s) { return s->kind == CIRCLE ? 3.0 * s->r * s->r : s->w * s->h; }
int main(void) {
    struct shape a = { CIRCLE, { { 2.0 } }, "c" };
    struct shape b = { .kind = RECT, .w = 3, .h = 4, .name = "r" };
    struct shape c = { RECT, .h = 5, "late" };
    printf("%g %g %g %s %s\n", area(&a), area(&b), c.h, b.name, c.name);
    printf("%zu %zu %zu %zu\n", sizeof(struct shape), offsetof(struct shape, h), offsetof(struct shape, name), offsetof(struct msg, b2));
    struct msg m = { 7, { 0x11223344 } };
    printf("%x %x %x %x %x %x\n", m.b0, m.b3, m.lo, m.mid, m.hi, m.word);
    m.hi = 0xabcd; m.b0 = 0xff; printf("%08x\n", m.word);
    struct msg n = m; n.mid++; printf("%x %x\n", n.word, m.word);
    struct shape *ps = &b; ps->h *= 2; printf("%g\n", b.h);
    printf("%d\n", (char *)&b.h - (char *)&b);
    return 0;
}
