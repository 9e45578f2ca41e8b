/* printf's %e, %g and %G over a range of magnitudes, with widths, precisions and the #, +, space,
   0 and - flags, as glibc rounds them. */
#include <stdio.h>
int main(void) {
    double v[] = { 0.0, 1.0, -2.5, 123456.789, 1e-5, 6.02214076e23, 0.1, 100000.0, 1e6, 9.9999995 };
    for (int i = 0; i < 10; i++) printf("[%e] [%g] [%G] [%.3e] [%10.2g] [%-12g] [%+g]\n", v[i], v[i], v[i], v[i], v[i], v[i], v[i]);
    printf("[%#x] [%#o] [%#X] [%#x] [%#o]\n", 255, 8, 3054, 0, 0);
    printf("[%+d] [%+d] [% d] [% d] [%+5d] [%-+5d|]\n", 5, -5, 5, -5, 42, 42);
    printf("[%05.1f] [%#.0f] [%#g] [%#.3g] [%.0e] [%#.0e]\n", 3.14159, 2.0, 1.5, 2.0, 12345.0, 3.0);
    printf("[%08.3f] [%-8.3f|] [%+.2e]\n", -3.14159, 2.5, 12345.678);
    printf("[%5s] [%-5s|] [%.2s] [%5.1s]\n", "ab", "ab", "abcdef", "xyz");
    printf("[%c%c%c] [%5c] [%-3c|]\n", 'a', 66, '\x43', 'z', 'q');
    printf("[%ld] [%lu] [%lx] [%lld] [%hhu] [%hd]\n", -1L, -1UL, -1L, 123456789012LL, 300, 70000);
    printf("[%.10d] [%8.4x] [%-#10x|] [%#08x]\n", 42, 255, 255, 255);
    printf("[%g] [%g] [%g] [%g]\n", 1e-4, 1e-5, 123456.0, 1234567.0);
    printf("[%.15g] [%.17g] [%.1g]\n", 0.1, 0.1, 0.05);
    printf("[%a] [%A]\n", 1.0, 0.5);
    printf("[%%] [%5%]\n");
    printf("[%p] [%p]\n", (void *)0, (void *)0x1234);
    printf("[%*d] [%-*d|] [%.*f]\n", 6, 42, 6, 42, 2, 3.14159);
    return 0;
}
