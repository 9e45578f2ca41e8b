#include <stdio.h>
#include <string.h>

int main(void) {
    char buffer[32];
    int n = sprintf(buffer, "%d-%s-%c", 42, "heap", 'x');
    printf("[%s] %d %zu\n", buffer, n, strlen(buffer));
    n = snprintf(buffer, 8, "%s", "a long string");
    printf("[%s] would need %d\n", buffer, n);
    n = snprintf(buffer, 1, "%d", 12345);
    printf("[%s] %d\n", buffer, n);
    n = snprintf(NULL, 0, "%ld", -9223372036854775807L - 1);
    printf("length of LONG_MIN: %d\n", n);
    char small[6];
    n = snprintf(small, sizeof small, "%05.1f", 3.14159);
    printf("[%s] %d\n", small, n);
    char joined[64] = "";
    for (int i = 0; i < 5; i++) {
        char part[8];
        sprintf(part, "%d,", i * i);
        strcat(joined, part);
    }
    printf("%s\n", joined);
    int offset = 0;
    for (int i = 0; i < 3; i++) offset += sprintf(buffer + offset, "[%d]", i);
    printf("%s %d\n", buffer, offset);
    return 0;
}
