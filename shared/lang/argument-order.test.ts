import { describe, expect, it } from 'vitest'
import { gccOutput, hasGcc } from '../../tools/gcc'
import { runC } from './index'

const ORDER = `#include <stdio.h>
int p(const char *s) { printf("%s ", s); return 1; }
int g(int a, int b, int c) { return a + b + c; }
int main(void) {
    g(p("a"), p("b"), p("c"));
    printf("\\n%d %d\\n", p("1"), p("2"));
    int i = 0;
    printf("%d %d %d\\n", i++, i++, i++);
    int arr[2] = {10, 20}; int *q = arr;
    printf("%d %d\\n", *q++, *q++);
    printf("%d %d\\n", g(p("x"), 1, 2), 5);
    return 0;
}
`

describe('argument evaluation order (gcc 12 -O0, x86-64)', () => {
  it('evaluates a call’s arguments last to first, as gcc does', () => {
    // Printed by gcc 12 -O0: p("c") runs first, then p("b"), p("a"); printf's i++ arguments
    // take 0, 1, 2 from the last one; *q++ reads arr[0] for the last argument. Arguments
    // are still passed in their places (g's sum 4 = 1 + 1 + 2).
    const expected = `c b a 2 1 
1 1
2 1 0
20 10
x 4 5
`
    expect(runC(ORDER, { file: 'order.c' }).stdout).toBe(expected)
    if (hasGcc) expect(gccOutput(ORDER)).toBe(expected)
  })

  it('reads a register variable at the call, after every other argument’s side effects', () => {
    const source = `#include <stdio.h>
long calls; int counter; int g = 5;
int fib(int n) { calls++; return n < 2 ? n : fib(n - 1) + fib(n - 2); }
int next(void) { return ++counter; }
int bump(int *p) { return ++*p; }
int main(void) {
    printf("fib %d after %ld calls\\n", fib(15), calls);
    printf("%ld calls, fib %d\\n", calls, fib(5));
    int x = 1, y = 1;
    printf("%d %d\\n", next(), counter);
    printf("%d %d\\n", x, x++);
    printf("%d %d\\n", x++, x);
    int a[3] = {10, 20, 30}; int i = 0;
    printf("%d %d\\n", a[i], a[++i]);
    printf("%d %d\\n", g, g++);
    printf("%d %d\\n", y, bump(&y));
    printf("%d %d %d\\n", x, x = 10, x);
    return 0;
}
`
    // Last to first, each into a temporary, except x (a local whose address is never taken),
    // read at the call. calls is a global: loaded (0) before fib(15) runs its 1973 calls;
    // fib(5) adds 15: 1988 counted first. counter: loaded (0) before next() runs.
    // x, x++: x++ gives 1 and x = 2, then x is read: 2 1. x++, x: x read at the call: 2 3.
    // a[i], a[++i]: ++i first, then both loads: 20 20. g, g++: g++ gives 5 (g = 6), then g: 6 5.
    // y, bump(&y): bump makes y 2 first. x, x = 10, x: every x read at the call: 10 10 10.
    const expected =
      'fib 610 after 0 calls\n1988 calls, fib 5\n1 0\n2 1\n2 3\n20 20\n6 5\n2 2\n10 10 10\n'
    expect(runC(source, { file: 'order.c' }).stdout).toBe(expected)
    if (hasGcc) expect(gccOutput(source)).toBe(expected)
  })
})
