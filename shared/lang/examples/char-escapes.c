#include <stdio.h>

int main(void) {
    printf("tab[\t] quote[\"] apostrophe[\'] backslash[\\] question[\?]\n");
    printf("hex \x41\x42\x43, octal \101\102\103, \x7e and \176\n");
    char escapes[] = {'\a', '\b', '\f', '\n', '\r', '\t', '\v', '\0', '\x7f', '\377'};
    for (int i = 0; i < 10; i++)
        printf("%d ", escapes[i]);
    printf("\n");
    unsigned char high = '\377';
    printf("'\\377' as char %d, as unsigned char %d\n", '\377', high);
    printf("sizeof(\"a\\0b\") = %zu\n", sizeof("a\0b"));
    return 0;
}
