#include <stdio.h>
static int counter(void) { static int n; return ++n; }
static const char *next_name(void) { static const char *const names[] = { "a", "b", "c" }; static unsigned i = 0; return names[i++ % 3]; }
int fib_memo(int n) { static long memo[50]; if (n < 2) return n; if (memo[n]) return (int)memo[n]; return (int)(memo[n] = fib_memo(n - 1) + fib_memo(n - 2)); }
const int limits[] = { 1, 10, 100 };
int sum(const int *const p, const unsigned n) { int s = 0; for (unsigned i = 0; i < n; i++) s += p[i]; return s; }
int main(void) {
    for (int i = 0; i < 3; i++) printf("%d ", counter());
    printf("\n");
    for (int i = 0; i < 5; i++) printf("%s", next_name());
    printf("\n%d %d\n", fib_memo(40), fib_memo(45));
    const volatile int cv = 5;
    printf("%d %d\n", sum(limits, 3), cv * 2);
    const char *const msg = "const everywhere";
    char const *p = msg + 6;
    printf("%s|%s\n", msg, p);
    static int s_local = 7;
    int *q = &s_local; *q += 1;
    printf("%d\n", s_local);
    return counter();
}
