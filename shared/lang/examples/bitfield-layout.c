/* Bit-field layout as gcc lays it out on x86-64: fields packed from the low bits of a storage
 * unit of their declared type, a field that would straddle the unit moved to the next, plain int
 * bit-fields signed; values cut to the width when stored, and narrow ones computed as int. */
#include <stdio.h>
struct flags { unsigned int a : 1; unsigned int b : 3; unsigned int c : 4; int d : 5; };
struct packet { unsigned char version : 4; unsigned char ihl : 4; unsigned short len; };
struct mixed { char c; int x : 7; int y : 20; long z : 40; short s : 3; };
int main(void) {
    struct flags f = {1, 5, 9, -3};
    printf("sizeof flags=%zu a=%u b=%u c=%u d=%d\n", sizeof(struct flags), f.a, f.b, f.c, f.d);
    f.b = 9; f.d = 17;
    printf("b=%u d=%d\n", f.b, f.d);
    unsigned char *p = (unsigned char *)&f;
    printf("%02x %02x %02x %02x\n", p[0], p[1], p[2], p[3]);
    struct packet pk; pk.version = 4; pk.ihl = 5; pk.len = 20;
    printf("sizeof packet=%zu first=%02x\n", sizeof pk, *(unsigned char *)&pk);
    printf("sizeof mixed=%zu\n", sizeof(struct mixed));
    struct mixed m = {0};
    m.x = -1; m.y = 12345; m.z = -1; m.s = 3;
    printf("%d %d %ld %d\n", m.x, m.y, m.z, m.s);
    f.a++; f.a++;
    printf("a=%u\n", f.a);
    return 0;
}
