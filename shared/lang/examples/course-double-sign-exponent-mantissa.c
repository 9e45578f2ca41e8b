#include <stdio.h>
#include <string.h>
void dump_double(double d) { unsigned char b[8]; memcpy(b, &d, 8); printf("%-12g", d); for (int i = 7; i >= 0; i--) printf("%02x", b[i]); unsigned long bits; memcpy(&bits, &d, 8); printf(" s=%lu e=%4lu m=%013lx\n", bits >> 63, (bits >> 52) & 0x7ff, bits & 0xfffffffffffffUL); }
int main(void) {
    double v[] = { 1.0, -2.0, 0.5, 0.1, 1e300, 4.9e-324, 2.2250738585072014e-308, 0.0, -0.0, 1.0/0.0, 3.0 };
    for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) dump_double(v[i]);
    float f = 0.1f; unsigned int u; memcpy(&u, &f, 4); printf("%08x %.10f\n", u, f);
    f = 1.4e-45f; memcpy(&u, &f, 4); printf("%08x %g\n", u, f);
    return 0;
}
