#include <stdio.h>
#include <string.h>

void copy(char *dst, const char *src) {
    while ((*dst++ = *src++))
        ;
}

size_t length(const char *s) {
    const char *p = s;
    while (*p) p++;
    return p - s;
}

void reverse(char *s) {
    for (char *l = s, *r = s + length(s) - 1; l < r; l++, r--) {
        char t = *l;
        *l = *r;
        *r = t;
    }
}

int count_char(const char *s, char c) {
    int n = 0;
    const char *hit;
    while ((hit = strchr(s, c)) != NULL) {
        n++;
        s = hit + 1;
    }
    return n;
}

char *itoa_base(long value, int base, char *out) {
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    char buffer[72];
    char *p = buffer + sizeof buffer;
    unsigned long v = value < 0 ? -(unsigned long)value : (unsigned long)value;
    *--p = '\0';
    do {
        *--p = digits[v % base];
        v /= base;
    } while (v);
    if (value < 0) *--p = '-';
    copy(out, p);
    return out;
}

int main(void) {
    char text[32];
    copy(text, "stack frames");
    printf("%s %zu\n", text, length(text));
    reverse(text);
    printf("%s\n", text);
    printf("%d\n", count_char("a heap of memory addresses", 'e'));
    char out[72];
    printf("%s %s %s\n", itoa_base(255, 16, out), itoa_base(-255, 2, text), itoa_base(0, 10, text + 20));
    printf("%s\n", itoa_base(-9223372036854775807L - 1, 10, out));
    int n = 3;
    while (n--) printf("n=%d ", n);
    printf("after: %d\n", n);
    const char *words = "one two  three";
    int in_word = 0, count = 0;
    for (const char *p = words; *p; p++) {
        if (*p == ' ') in_word = 0;
        else if (!in_word) {
            in_word = 1;
            count++;
        }
    }
    printf("%d words\n", count);
    return 0;
}
