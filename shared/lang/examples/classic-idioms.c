#include <stdio.h>

void copy(char *dst, const char *src) {
    while ((*dst++ = *src++) != '\0')
        ;
}

size_t length(const char *s) {
    const char *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}

int main(void) {
    char buffer[32];
    copy(buffer, "K&R style");
    printf("%s (%zu)\n", buffer, length(buffer));
    const char *args[] = {"memory-lane", "run", "prog.c", NULL};
    int argc = 0;
    for (const char **a = args; *a != NULL; a++)
        printf("argv[%d] = %s\n", argc++, *a);
    int countdown = 3;
    while (countdown--)
        printf("%d ", countdown);
    printf("\n");
    int n = 0;
    for (;;) {
        if (++n * n > 50)
            break;
    }
    printf("first n with n*n > 50: %d\n", n);
    return 0;
}
