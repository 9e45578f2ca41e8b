#include <stdio.h>
int power(int base, int n);
static char daytab[2][13] = { {0,31,28,31,30,31,30,31,31,30,31,30,31}, {0,31,29,31,30,31,30,31,31,30,31,30,31} };
int day_of_year(int year, int month, int day) { int i, leap = year%4 == 0 && year%100 != 0 || year%400 == 0; for (i = 1; i < month; i++) day += daytab[leap][i]; return day; }
void month_day(int year, int yearday, int *pmonth, int *pday) { int i, leap = year%4 == 0 && year%100 != 0 || year%400 == 0; for (i = 1; yearday > daytab[leap][i]; i++) yearday -= daytab[leap][i]; *pmonth = i; *pday = yearday; }
char *month_name(int n) { static char *name[] = { "Illegal month", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December" }; return (n < 1 || n > 12) ? name[0] : name[n]; }
void itoa_(int n, char s[]) { int i = 0, sign = n; do { s[i++] = (sign < 0 ? -(n % 10) : n % 10) + '0'; } while ((n /= 10) != 0); if (sign < 0) s[i++] = '-'; s[i] = '\0'; for (int a = 0, b = i - 1; a < b; a++, b--) { char t = s[a]; s[a] = s[b]; s[b] = t; } }
unsigned getbits(unsigned x, int p, int n) { return (x >> (p+1-n)) & ~(~0 << n); }
int bitcount(unsigned x) { int b; for (b = 0; x != 0; x >>= 1) if (x & 01) b++; return b; }
int main(void) {
    int m, d; char buf[16];
    for (int i = 0; i < 10; ++i) printf("%d %d %d\n", i, power(2, i), power(-3, i));
    printf("%d %d\n", day_of_year(2024, 3, 1), day_of_year(2023, 12, 31));
    month_day(1988, 60, &m, &d); printf("%s %d\n", month_name(m), d);
    itoa_(-2147483647 - 1, buf); printf("%s\n", buf);
    printf("%u %d\n", getbits(0xABCD, 7, 4), bitcount(0xF0F0u));
    return 0;
}
int power(int base, int n) { int p; for (p = 1; n > 0; --n) p = p * base; return p; }
