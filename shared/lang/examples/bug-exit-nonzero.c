#include <stdio.h>
#include <stdlib.h>

int parse_digit(char c) {
    if (c < '0' || c > '9') {
        printf("'%c' is not a digit\n", c);
        exit(2);
    }
    return c - '0';
}

int main(void) {
    const char *input = "12x4";
    int value = 0;
    for (int i = 0; input[i]; i++)
        value = value * 10 + parse_digit(input[i]);
    printf("%d\n", value);
    return 0;
}
