#include <stdio.h>
#include <stdlib.h>

int main(void) {
    const char *inputs[] = {"42",   "-17",  "+8",      "   12", "\t\n 7x", "3.9",        "abc",
                            "",     "-",    "0x1A",    "007",   "2147483647", "-2147483648",
                            "- 5",  "12 34", "  -0",   "99abc"};
    int n = sizeof inputs / sizeof inputs[0];
    for (int i = 0; i < n; i++) printf("atoi(\"%s\") = %d\n", inputs[i], atoi(inputs[i]));
    printf("atol: %ld %ld\n", atol("9000000000"), atol("-9223372036854775808"));
    printf("abs: %d %d %ld\n", abs(-5), abs(5), labs(-9000000000L));
    return 0;
}
