#include <stdio.h>
#include <string.h>
long depth_sum(int n) { char buf[4096]; memset(buf, n & 0x7f, sizeof buf); if (n == 0) return buf[100]; return buf[4095] + depth_sum(n - 1); }
int where(int n, char *prev) { char mark; if (n == 0) return 0; if (prev) printf("%td\n", prev - &mark); return where(n - 1, &mark); }
int main(void) {
    printf("%ld\n", depth_sum(500));
    where(4, NULL);
    return 0;
}
