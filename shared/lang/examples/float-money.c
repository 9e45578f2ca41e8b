/* Why not to use float for money: a cent added 1,000 times drifts, and float has 24 bits of
 * precision (123456789 is not a float). */
#include <stdio.h>
int main(void) {
    float balance = 0.0f;
    for (int i = 0; i < 1000; i++) balance += 0.01f;
    printf("%.6f %.2f %d\n", balance, balance, balance == 10.0f);
    double d = 0; for (int i = 0; i < 1000; i++) d += 0.01;
    printf("%.15f\n", d);
    float f = 123456789.0f; printf("%.1f %d\n", f, (int)f);
    float third = 1.0f / 3; printf("%.20f\n", third);
    printf("%f\n", (float)(0.1 + 0.2));
    return 0;
}
