#include <stdio.h>

volatile int ticks = 0;
static volatile unsigned char status;

int count(register int n) {
    register int i, s = 0;
    for (i = 0; i < n; i++) s += i;
    return s;
}

int main(void) {
    volatile int local = 5;
    int *p = (int *)&local;
    *p = 9;
    printf("%d\n", local);
    for (volatile int i = 0; i < 3; i++) ticks++;
    status = 0xff;
    status++;
    printf("%d %u %d\n", ticks, status, count(10));
    const volatile int cv = 3;
    printf("%d\n", cv);
    register char *s = "reg";
    printf("%s\n", s);
    return 0;
}
