#include <stdio.h>
#include <string.h>

int main(void) {
    char line[64];
    int n = sprintf(line, "%s at 0x%04x, %d bytes", "block", 0x2a0, 24);
    printf("[%s] (%d characters)\n", line, n);
    char small[8];
    int wanted = snprintf(small, sizeof small, "%d-%d-%d", 2026, 11, 27);
    printf("[%s] would have needed %d characters\n", small, wanted);
    char number[32];
    sprintf(number, "%.3f", 2.0 / 3.0);
    printf("%s has %zu characters\n", number, strlen(number));
    return 0;
}
