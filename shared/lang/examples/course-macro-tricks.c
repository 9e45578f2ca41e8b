#include <stdio.h>

#define STR(x) #x
#define XSTR(x) STR(x)
#define CAT(a, b) a##b
#define VERSION 3
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define SQUARE(x) ((x) * (x))
#define BAD_SQUARE(x) x * x
#define DEBUG_PRINT(fmt, ...) printf("[%s:%d] " fmt "\n", __func__, __LINE__, ##__VA_ARGS__)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define FOREACH(i, n) for (int i = 0; i < (n); i++)

#if VERSION >= 3 && defined(STR)
#  define FEATURE "new"
#elif VERSION == 2
#  define FEATURE "old"
#else
#  define FEATURE "none"
#endif

#ifndef BUFSZ
#define BUFSZ 16
#endif

#undef VERSION
#define VERSION 4

int CAT(my, var) = 7;

int main(void) {
    int arr[BUFSZ];
    printf("%s %s %s\n", STR(VERSION), XSTR(VERSION), FEATURE);
    printf("%zu %d %d\n", ARRAY_SIZE(arr), SQUARE(1 + 2), BAD_SQUARE(1 + 2));
    printf("%d %d\n", myvar, MIN(3, myvar));
    DEBUG_PRINT("no args");
    DEBUG_PRINT("x=%d y=%d", 1, 2);
    int sum = 0;
    FOREACH(k, 5) sum += k;
    printf("%d %s\n", sum, STR(a + b   *  c));
    return 0;
}
