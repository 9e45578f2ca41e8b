#include <stdio.h>

double half(double x) { return x / 2; }
int truncate_to_int(double x) { return x; }
unsigned char low_byte(int x) { return x; }
short as_short(long x) { return x; }
unsigned as_unsigned(int x) { return x; }
long widen(int x) { return x; }
char first_char(const char *s) { return *s; }
int sum_chars(char a, char b) { return a + b; }
double average(int count, long total) { return (double)total / count; }
unsigned long long wide_product(unsigned a, unsigned b) { return (unsigned long long)a * b; }
int is_negative(long x) { return x < 0; }

int later(int x); /* prototype: defined after main */

int main(void) {
    printf("%.2f %.2f\n", half(7), half('A'));
    printf("%d %d\n", truncate_to_int(9.99), truncate_to_int(-9.99));
    printf("%d %d\n", low_byte(0x1234), low_byte(-1));
    printf("%d %d\n", as_short(70000), as_short(-70000));
    printf("%u %u\n", as_unsigned(-1), as_unsigned(-2147483647 - 1));
    printf("%ld\n", widen(-5));
    printf("%d\n", first_char("xyz"));
    printf("%d\n", sum_chars(100, 100));
    printf("%d\n", sum_chars(300, 1));
    printf("%.3f\n", average(3, 10));
    printf("%llu\n", wide_product(4000000000u, 4000000000u));
    printf("%d %d\n", is_negative(-1), is_negative(4294967295u));
    printf("%d\n", is_negative((unsigned)-1));
    printf("%d\n", later(20));
    long big = 5000000000L;
    int narrowed = big;
    printf("%d\n", narrowed);
    double d = 1e10;
    long from_double = d;
    printf("%ld\n", from_double);
    return 0;
}

int later(int x) { return x * 2 + 1; }
