/* %f given an int: glibc's printf reads the double from its register save area on the stack,
   which holds what an earlier printf with doubles left there (or 0 for registers not passed). */
#include <stdio.h>
void other(double x) { printf("in other %f\n", x); }
void clobber(void) { volatile long a[40]; for (int i = 0; i < 40; i++) a[i] = 0x4010000000000000L + i; }
int main(void) {
    printf("%f\n", 5);
    printf("%e %g\n", 3.25, 1.5);
    printf("%f %f\n", 1, 2);
    other(9.75);
    printf("%f\n", 7);
    clobber();
    printf("%f\n", 8);
    printf("%d %.1f %.1f\n", 1, 0.5);
    printf("%.1f\n", 3);
    return 0;
}
