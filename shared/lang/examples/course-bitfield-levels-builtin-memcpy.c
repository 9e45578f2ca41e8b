#include <stdio.h>
struct flags { unsigned ready:1, error:1, mode:3; signed level:4; unsigned :0; unsigned char tag; };
struct packed { unsigned short a:5, b:6, c:5; };
struct mixed { char c; int x:7; long y:33; };
int main(void) {
    struct flags f = {0};
    f.ready = 1; f.mode = 5; f.level = -3; f.tag = 'Z';
    printf("%u %u %u %d %c size=%zu\n", f.ready, f.error, f.mode, f.level, f.tag, sizeof f);
    f.level += 9;  /* 6 */
    f.mode++;      /* 6 */
    f.mode += 3;   /* 9 -> 1 */
    printf("%d %u\n", f.level, f.mode);
    struct packed p = { 31, 63, 31 };
    unsigned short raw; __builtin_memcpy(&raw, &p, 2);
    printf("%04x %zu\n", raw, sizeof p);
    struct mixed m = { 'a', -1, (1L << 32) + 5 };
    printf("%d %ld %zu\n", m.x, m.y, sizeof m);
    m.y = -m.y;
    printf("%ld\n", m.y);
    unsigned char *b = (unsigned char *)&f;
    for (unsigned i = 0; i < sizeof f; i++) printf("%02x", b[i]);
    printf("\n");
    return 0;
}
