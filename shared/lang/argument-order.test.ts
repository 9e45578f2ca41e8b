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
})
