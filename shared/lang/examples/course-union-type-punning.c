#include <stdio.h>
#include <string.h>
#include <stdint.h>
union word { uint32_t u; int32_t i; float f; unsigned char b[4]; uint16_t h[2]; };
union dbl { double d; uint64_t u; struct { uint32_t lo, hi; } w; };
int main(void) {
    union word w;
    w.f = -1.5f;
    printf("%08x %d %u\n", w.u, w.i, w.u >> 31);
    for (int k = 0; k < 4; k++) printf("%02x ", w.b[k]);
    printf("| %04x %04x\n", w.h[0], w.h[1]);
    w.u = 0x7f800001u;
    printf("nan? %d\n", w.f != w.f);
    union dbl d = { .d = 0.1 };
    printf("%016lx hi=%08x lo=%08x\n", (unsigned long)d.u, d.w.hi, d.w.lo);
    d.u = 0x3ff0000000000001ULL;
    printf("%.17g\n", d.d);
    printf("sizeof %zu %zu\n", sizeof(union word), sizeof(union dbl));
    float f = 3.0f; uint32_t bits; memcpy(&bits, &f, sizeof bits);
    printf("exp=%u mant=%06x\n", (bits >> 23) & 0xff, bits & 0x7fffff);
    return 0;
}
