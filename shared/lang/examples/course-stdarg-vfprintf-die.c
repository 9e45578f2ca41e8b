#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>

static const char *progname = "demo";

void die(int code, const char *fmt, ...) {
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "%s: ", progname);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    exit(code);
}

char *format_alloc(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *buf = malloc(n + 1);
    va_start(ap, fmt);
    vsprintf(buf, fmt, ap);
    va_end(ap);
    return buf;
}

int main(void) {
    char *s = format_alloc("%s has %d items costing %.2f", "cart", 3, 19.989);
    printf("%s (%zu)\n", s, sizeof(va_list));
    free(s);
    printf("before dying\n");
    die(4, "cannot open %s: code %d", "file.txt", 2);
    return 0;
}
