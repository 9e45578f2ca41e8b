#include <stdio.h>

int main(void) {
    int n = 42, neg = -42;
    printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d]\n", n, n, n, n, n, n);
    printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d]\n", neg, neg, neg, neg, neg, neg);
    printf("[%.4d] [%8.4d] [%-8.4d] [%.0d]\n", n, n, neg, 0);
    printf("[%x] [%X] [%#x] [%08x] [%o] [%#o]\n", 255, 255, 255, 255, 8, 8);
    printf("[%u] [%x]\n", -1, -1);
    printf("[%ld] [%lu] [%lx]\n", -1L, -1UL, -1L);
    printf("[%lld] [%llu]\n", -9223372036854775807LL - 1, 18446744073709551615ULL);
    printf("[%zu] [%i]\n", sizeof(long long), 0x10);
    printf("[%c%c%c] [%3c] [%-3c]\n", 'C', 'P', 'U', '*', '*');
    printf("[%s] [%8s] [%-8s] [%.3s]\n", "heap", "heap", "heap", "heap");
    printf("[%*d] [%-*d] [%.*d]\n", 6, 7, 6, 7, 3, 7);
    printf("100%% done\n");
    return 0;
}
