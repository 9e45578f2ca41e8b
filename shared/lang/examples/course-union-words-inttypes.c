#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>

union word { uint32_t u; uint8_t b[4]; uint16_t h[2]; float f; };

int main(void) {
    union word w = { .u = 0x11223344 };
    printf("%02x %02x %02x %02x\n", w.b[0], w.b[1], w.b[2], w.b[3]);
    printf("%04x %04x\n", w.h[0], w.h[1]);
    w.f = -1.5f;
    printf("%08" PRIx32 " %" PRIu32 "\n", w.u, w.u >> 31);
    uint64_t big = UINT64_C(0x0123456789abcdef);
    printf("%" PRIu64 " %" PRIX64 " %" PRId8 "\n", big, big, (int8_t)-7);
    int16_t s = INT16_MIN;
    printf("%" PRId16 " %d %d\n", s, INT8_MAX, (int)sizeof(intptr_t));
    uintptr_t up = (uintptr_t)&w;
    printf("%d\n", (int)(up % 4));
    return 0;
}
