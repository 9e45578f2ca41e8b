#include <stdio.h>
#include <stddef.h>

struct a { char c; int i; };
struct b { char c; double d; char e; };
struct c { char x; char y; short z; };
struct d { short s; struct a inner; char tail; };
struct e { char name[5]; long id; };
struct f { int arr[3]; char c; };
struct g { struct b items[2]; char flag; };
struct h { char c; struct { char d; long l; } nested; };
struct empty_tail { long l; char c; };
struct ptrs { char c; void *p; short s; int *q; };

int main(void) {
    printf("a %zu b %zu c %zu d %zu\n", sizeof(struct a), sizeof(struct b), sizeof(struct c),
           sizeof(struct d));
    printf("e %zu f %zu g %zu h %zu\n", sizeof(struct e), sizeof(struct f), sizeof(struct g),
           sizeof(struct h));
    printf("empty_tail %zu ptrs %zu\n", sizeof(struct empty_tail), sizeof(struct ptrs));

    struct d dv;
    printf("d.inner at %ld, d.inner.i at %ld, d.tail at %ld\n", (long)((char *)&dv.inner - (char *)&dv),
           (long)((char *)&dv.inner.i - (char *)&dv), (long)((char *)&dv.tail - (char *)&dv));
    struct g gv;
    printf("g.items[1].d at %ld, g.flag at %ld\n", (long)((char *)&gv.items[1].d - (char *)&gv),
           (long)((char *)&gv.flag - (char *)&gv));
    struct h hv;
    printf("h.nested.l at %ld\n", (long)((char *)&hv.nested.l - (char *)&hv));
    struct ptrs pv;
    printf("ptrs: p %ld s %ld q %ld\n", (long)((char *)&pv.p - (char *)&pv),
           (long)((char *)&pv.s - (char *)&pv), (long)((char *)&pv.q - (char *)&pv));
    struct e arr[3];
    printf("arr of e: %zu, stride %ld\n", sizeof arr, (long)((char *)&arr[1] - (char *)&arr[0]));
    return 0;
}
