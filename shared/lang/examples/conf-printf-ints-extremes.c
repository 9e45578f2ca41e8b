#include <stdio.h>

int main(void) {
    int int_min = -2147483647 - 1;
    long long_min = -9223372036854775807L - 1;
    printf("[%d] [%i] [%u] [%x]\n", int_min, int_min, int_min, int_min);
    printf("[%12d] [%-12d|] [%012d] [%+d]\n", int_min, int_min, int_min, int_min);
    printf("[%ld] [%lu] [%lx]\n", long_min, long_min, long_min);
    printf("[%lld] [%llu]\n", (long long)long_min, (unsigned long long)long_min);
    printf("[%d] [%5d] [%-5d|] [%05d] [%+d] [% d] [%.0d] [%5.0d]\n", 0, 0, 0, 0, 0, 0, 0, 0);
    printf("[%x] [%#x] [%#o] [%o] [%.0x] [%#.0o]\n", 0, 0, 0, 0, 0, 0);
    printf("[%+5d] [%-+5d|] [%+05d] [% 05d] [%- 5d|]\n", 7, 7, 7, 7, -7);
    printf("[%.5d] [%8.5d] [%-8.5d|] [%08.5d] [%.5d]\n", -42, -42, 42, 42, int_min);
    printf("[%#x] [%#X] [%#08x] [%#-8x|] [%#.4x] [%#o]\n", 0xbeef, 0xbeef, 0xbeef, 0xbeef, 1, 0777);
    printf("[%lx] [%lX] [%#lx]\n", 0xdeadbeefcafeL, 0xdeadbeefcafeL, -1L);
    printf("[%zu] [%5zu] [%-5zu|] [%zx]\n", (size_t)0, sizeof(int), sizeof(long), (size_t)255);
    printf("[%u] [%lu] [%llu]\n", 4294967295u, 18446744073709551615ul, 0ull);
    printf("[%hd] [%hu] [%hhd] [%hhu]\n", 70000, 70000, 300, 300);
    printf("[%3d|%-3d|%03d]\n", 12345, 12345, 12345);
    printf("[%*d] [%-*d|] [%*d]\n", 5, -3, 5, -3, -5, 9);
    printf("[%.*d] [%.*d]\n", 4, 12, -1, 12);
    return 0;
}
