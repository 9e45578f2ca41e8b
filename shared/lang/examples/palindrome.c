#include <stdio.h>
#include <string.h>

int is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char lower(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

int is_palindrome(const char *s) {
    int i = 0, j = (int)strlen(s) - 1;
    while (i < j) {
        if (!is_letter(s[i])) {
            i++;
        } else if (!is_letter(s[j])) {
            j--;
        } else {
            if (lower(s[i]) != lower(s[j]))
                return 0;
            i++;
            j--;
        }
    }
    return 1;
}

int main(void) {
    const char *tests[] = {"racecar", "A man, a plan, a canal: Panama", "memory", "", "Was it a rat I saw?"};
    for (int i = 0; i < 5; i++)
        printf("%-32s %s\n", tests[i], is_palindrome(tests[i]) ? "yes" : "no");
    return 0;
}
