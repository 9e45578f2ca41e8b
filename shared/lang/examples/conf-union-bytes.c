#include <stdio.h>

/* Unions go beyond issue 3's subset, but the interpreter accepts them: members share storage. */
union value {
    int i;
    double d;
    char bytes[9];
    unsigned char raw[8];
};
struct tagged {
    char kind;
    union value v;
};
int main(void) {
    union value v;
    printf("%zu %zu\n", sizeof(union value), sizeof(struct tagged));
    v.d = 1.0;
    for (int i = 0; i < 8; i++) printf("%02x", v.raw[i]);
    printf("\n");
    v.i = 0x41424344;
    printf("%c%c\n", v.bytes[0], v.bytes[3]);
    union value w = v;
    printf("%x\n", w.i);
    struct tagged t = {'i', {7}};
    printf("%c %d\n", t.kind, t.v.i);
    return 0;
}
