#include <stdio.h>
#include <stdlib.h>

int my_atoi(const char *s) {
    int sign = 1, value = 0;
    while (*s == ' ')
        s++;
    if (*s == '-' || *s == '+')
        sign = *s++ == '-' ? -1 : 1;
    while (*s >= '0' && *s <= '9')
        value = value * 10 + (*s++ - '0');
    return sign * value;
}

int main(void) {
    const char *inputs[] = {"42", "  -17", "+8", "123abc", "abc", "0", "2147483647"};
    for (int i = 0; i < 7; i++)
        printf("%-12s atoi %11d  my_atoi %11d\n", inputs[i], atoi(inputs[i]), my_atoi(inputs[i]));
    return 0;
}
