/* offsetof with an array index in the member designator (conformance finding E):
   offsetof(struct c, z[1].s) is the offset of z, plus one whole element, plus s's offset.
   By hand (x86-64): struct inner is tag 0, s 8, pad 16..27, size 28 rounded to 8 = 32;
   struct c is x 0, y 8, z 16..143, name 144. So z = 16, z[1].s = 16 + 32 + 8 = 56,
   z[3].pad[2] = 16 + 3*32 + 16 + 2*4 = 136, name[2][1] = 144 + 2*3 + 1 = 151. */
#include <stdio.h>
#include <stddef.h>

struct inner {
    char tag;
    long s;
    int pad[3];
};

struct c {
    int x;
    double y;
    struct inner z[4];
    char name[10][3];
};

int main(void) {
    printf("%zu\n", offsetof(struct c, z));
    printf("%zu\n", offsetof(struct c, z[1].s));
    printf("%zu\n", offsetof(struct c, z[3].pad[2]));
    printf("%zu\n", offsetof(struct c, name[2][1]));
    printf("%zu\n", sizeof(struct inner));
    return 0;
}
