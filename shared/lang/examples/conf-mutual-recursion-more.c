#include <stdio.h>

int is_even(unsigned n);
int is_odd(unsigned n);

int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

/* Hofstadter female and male sequences. */
int male(int n);
int female(int n) { return n == 0 ? 1 : n - male(female(n - 1)); }
int male(int n) { return n == 0 ? 0 : n - female(male(n - 1)); }

/* A tiny recursive-descent evaluator: expr = term {('+'|'-') term}, term = factor {'*' factor}. */
const char *cursor;
int expr(void);

int factor(void) {
    if (*cursor == '(') {
        cursor++;
        int v = expr();
        cursor++;
        return v;
    }
    int v = 0;
    while (*cursor >= '0' && *cursor <= '9') v = v * 10 + (*cursor++ - '0');
    return v;
}

int term(void) {
    int v = factor();
    while (*cursor == '*') {
        cursor++;
        v *= factor();
    }
    return v;
}

int expr(void) {
    int v = term();
    while (*cursor == '+' || *cursor == '-') {
        char op = *cursor++;
        int rhs = term();
        v = op == '+' ? v + rhs : v - rhs;
    }
    return v;
}

int evaluate(const char *text) {
    cursor = text;
    return expr();
}

long power(long base, int exp) {
    if (exp == 0) return 1;
    long half = power(base, exp / 2);
    return exp % 2 ? half * half * base : half * half;
}

int main(void) {
    printf("%d %d %d %d\n", is_even(10), is_odd(10), is_even(7), is_odd(7));
    for (int i = 0; i < 12; i++) printf("%d ", female(i));
    printf("\n");
    for (int i = 0; i < 12; i++) printf("%d ", male(i));
    printf("\n");
    printf("%d %d %d\n", evaluate("2+3*4"), evaluate("(2+3)*4"), evaluate("100-(7*(1+2))-1"));
    printf("%ld %ld\n", power(3, 13), power(2, 62));
    printf("deep parity %d\n", is_even(201));
    return 0;
}
