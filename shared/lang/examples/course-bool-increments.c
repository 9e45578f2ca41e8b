/* _Bool as C99 defines it: every value stored into one becomes 0 or 1, so b++ leaves 1, b-- of
 * 0 gives 1 (0 - 1 is -1, not zero), and compound assignments convert their result too. */
#include <stdio.h>
#include <stdbool.h>

struct flags { bool on; _Bool bits[3]; };

_Bool flag(int x) { return x; }

static void conversions(void) {
    _Bool b = 256;
    bool c = 0.1;
    bool d = -0.0;
    _Bool e = (_Bool)3 + (_Bool)5;
    printf("%d %d %d %d %zu\n", b, c, d, e, sizeof(_Bool));
    printf("%d %d\n", flag(2), flag(0));
    b++; printf("%d\n", b);
    b--; printf("%d\n", b);
    b--; printf("%d\n", b);
    bool arr[4] = {1, 0, 5, -1};
    unsigned char *bytes = (unsigned char *)arr;
    printf("%d %d %d %d\n", bytes[0], bytes[1], bytes[2], bytes[3]);
    printf("%d %d\n", true + true, !false);
}

static void compound(void) {
    bool b = 0;
    b += 2; printf("%d ", b);
    b -= 1; printf("%d ", b);
    b -= 1; printf("%d ", b);
    b *= 5; printf("%d ", b);
    b <<= 4; printf("%d ", b);
    b >>= 1; printf("%d ", b);
    b ^= 1; printf("%d ", b);
    b |= 0x100; printf("%d ", b);
    b &= 2; printf("%d\n", b);
    bool *p = &b;
    (*p)++; printf("%d ", *p);
    --*p; printf("%d ", *p);
    --*p; printf("%d\n", *p);
    struct flags f = {0};
    f.on++; f.bits[1]--; f.bits[2] = 0.5;
    printf("%d %d %d %d\n", f.on, f.bits[0], f.bits[1], f.bits[2]);
    bool arr[3] = {0};
    for (int i = 0; i < 3; i++) arr[i] = i - 1;
    printf("%d %d %d\n", arr[0], arr[1], arr[2]);
    int n = b++ + b++;
    printf("%d %d\n", n, b);
}

int main(void) {
    conversions();
    compound();
    return 0;
}
