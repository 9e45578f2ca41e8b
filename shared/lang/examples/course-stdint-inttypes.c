#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <inttypes.h>
#include <limits.h>
int main(void) {
    bool ok = true, no = false; _Bool b = 5;
    printf("%d %d %d %zu\n", ok, no, b, sizeof(bool));
    int8_t i8 = -128; uint8_t u8 = 255; int16_t i16 = INT16_MIN; uint16_t u16 = UINT16_MAX;
    int32_t i32 = INT32_MIN; uint32_t u32 = UINT32_MAX; int64_t i64 = INT64_MIN; uint64_t u64 = UINT64_MAX;
    printf("%" PRId8 " %" PRIu8 " %" PRId16 " %" PRIu16 "\n", i8, u8, i16, u16);
    printf("%" PRId32 " %" PRIu32 " %" PRIx32 " %" PRId64 " %" PRIu64 " %" PRIx64 "\n", i32, u32, u32, i64, u64, u64);
    intptr_t ip = (intptr_t)&ok; uintptr_t up = (uintptr_t)ip; printf("%d\n", (intptr_t)up == ip);
    printf("%d %d %d %ld\n", CHAR_MIN, SCHAR_MAX, SHRT_MIN, LONG_MAX);
    printf("%zu %zu %zu\n", sizeof(intmax_t), sizeof(int_least8_t), sizeof(int_fast16_t));
    size_t z = SIZE_MAX; printf("%zu %zx\n", z, z);
    return 0;
}
