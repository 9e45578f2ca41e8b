/* A float and its bits through a union (type punning, as CS:APP 2.4 does it): the encoding of
 * -1.5f, a NaN, the float after 1, where x + 1 == x starts (2^24) and the machine epsilon. */
#include <stdio.h>
#include <stdint.h>
union word { uint32_t u; int32_t i; float f; unsigned char b[4]; };
int is_little_endian(void) { union word w; w.u = 1; return w.b[0] == 1; }
int main(void) {
    union word w;
    w.f = -1.5f;
    printf("%08x %d %d\n", w.u, w.i, is_little_endian());
    w.u = 0x7fc00000; printf("%f\n", w.f);
    w.u = 0x3f800001; printf("%.10f %a\n", w.f, w.f);
    float x = 1.0f; int steps = 0;
    while (x + 1.0f != x) { x *= 2; steps++; }
    printf("%d %.1f\n", steps, x);
    float eps = 1.0f; while (1.0f + eps / 2 > 1.0f) eps /= 2;
    printf("%g\n", eps);
    return 0;
}
