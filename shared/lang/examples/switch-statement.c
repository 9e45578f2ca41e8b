#include <stdio.h>

const char *classify(char c) {
    switch (c) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
        return "vowel";
    case ' ':
        return "space";
    default:
        if (c >= '0' && c <= '9')
            return "digit";
        return "other";
    }
}

int days_in_month(int month, int leap) {
    int days;
    switch (month) {
    case 2:
        days = leap ? 29 : 28;
        break;
    case 4:
    case 6:
    case 9:
    case 11:
        days = 30;
        break;
    default:
        days = 31;
    }
    return days;
}

int main(void) {
    const char *s = "io 42!";
    for (int i = 0; s[i]; i++)
        printf("'%c' is a %s\n", s[i], classify(s[i]));
    int total = 0;
    for (int m = 1; m <= 12; m++)
        total += days_in_month(m, 1);
    printf("a leap year has %d days\n", total);
    /* fall-through on purpose: counts down from the case it enters */
    int n = 2, trace = 0;
    switch (n) {
    case 3:
        trace = trace * 10 + 3;
    case 2:
        trace = trace * 10 + 2;
    case 1:
        trace = trace * 10 + 1;
    }
    printf("fall-through trace %d\n", trace);
    return 0;
}
