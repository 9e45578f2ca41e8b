/**
 * gcc's rewrites that assume signed overflow never happens (overflow-folding.ts), each line
 * worked out by hand from the rule and compared with gcc 12's binary when gcc is here.
 */
import { describe, expect, it } from 'vitest'
import { gccOutput, hasGcc } from '../../tools/gcc'
import { runC } from './index'

/** Runs `body` in a main that has x = INT_MAX, y = INT_MIN, z = 5, m = -5, l = LONG_MAX. */
function program(body: string): string {
  return `#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
int g = INT_MAX;
struct s { int v; } S = {INT_MAX};
int main(void) {
  int x = INT_MAX, y = INT_MIN, z = 5, m = -5; long l = LONG_MAX;
  unsigned u = UINT_MAX; int a[2] = {INT_MAX, 0}; int *p = &x;
${body}
  return 0;
}
`
}

function check(body: string, expected: string): void {
  const source = program(body)
  const run = runC(source, { stdout: 'pipe' })
  expect(run.stdout).toBe(expected)
  if (hasGcc) expect(gccOutput(source)).toBe(expected)
}

describe('comparisons gcc answers as if signed overflow never happened', () => {
  it('X + C against X: the constants decide, for any operand gcc can tell is the same', () => {
    // x + 1 wraps to INT_MIN, which the instruction would find below x; gcc compares 1 with 0.
    // Globals, members, elements and *p are the same operands too; long as well. Unsigned
    // arithmetic wraps by definition: u + 1 is 0, not above u.
    check(
      `  printf("%d %d %d %d\\n", x + 1 > x, x + 1 >= x, x + 1 < x, x + 1 <= x);
  printf("%d %d %d\\n", x + 2 > x + 1, y - 1 < y, x > x + 1);
  printf("%d %d %d %d %d\\n", g + 1 > g, S.v + 1 > S.v, a[0] + 1 > a[0], *p + 1 > *p, l + 1 > l);
  printf("%d\\n", u + 1 > u);
  int k, n = 0;
  for (k = INT_MAX - 2; k + 1 > k && n < 5; k++) n++;
  printf("%d\\n", n);`,
      // n: the loop condition is always true, so n < 5 stops it after 5 rounds.
      '1 1 0 0\n1 1 0\n1 1 1 1 1\n0\n5\n'
    )
  })

  it('X + C1 against a constant, X + 1 against a variable, X + Y against X', () => {
    // x + 1 > 0 is x > -1: 1. y - 2 < -1 is y < 1: 1. x + 1 < 5 is x < 4: 0.
    // x + 1 != INT_MIN: INT_MIN - 1 is below every int, so x + 1 is never INT_MIN: 1.
    // x + 1 > z is x >= z: 1; x + 1 >= z keeps the sum (INT_MIN >= 5): 0; y - 1 < z is
    // y <= z: 1; x + 10 > m keeps the sum (INT_MIN + 9 > -5): 0.
    // x + z > x is z > 0: 1; x - m > x is 0 > m: 1; x + x > x is x * 2 > x, kept: -2 > x, 0.
    check(
      `  printf("%d %d %d %d\\n", x + 1 > 0, y - 2 < -1, x + 1 < 5, x + 1 != INT_MIN);
  printf("%d %d %d %d\\n", x + 1 > z, x + 1 >= z, y - 1 < z, x + 10 > m);
  printf("%d %d %d\\n", x + z > x, x - m > x, x + x > x);`,
      '1 1 0 1\n1 0 1 0\n1 1 0\n'
    )
  })

  it('-X against a constant or X, and abs(X) against 0', () => {
    // -y < 0 is y > 0: 0 (the instruction's -INT_MIN is INT_MIN, below 0). -y > 5 is y < -5: 1.
    // y == -y is y == 0: 0. abs(y) < 0 is 0 to gcc, although abs(INT_MIN) is INT_MIN.
    check(
      `  printf("%d %d %d %d %d\\n", -y < 0, -y > 5, y == -y, 5 < -y, abs(y) < 0);`,
      '0 1 0 1 0\n'
    )
  })

  it('-X against -Y: CS:APP 2.82 A, (x < y) == (-x > -y)', () => {
    // -x > -y is x < y: with y = INT_MIN (whose negation wraps to itself) the instruction's
    // -z > -y would be -5 > INT_MIN, 1, but gcc compares z < y: 0. So the puzzle prints 1 for
    // every pair. -l <= -l is l >= l: 1; -a[0] == -x is a[0] == x: 1.
    check(
      `  printf("%d %d %d\\n", -z > -y, (z < y) == (-z > -y), (y < z) == (-y > -z));
  printf("%d %d\\n", -l <= -l, -a[0] == -x);`,
      '0 1 1\n1 1\n'
    )
  })
})

describe('divisions gcc simplifies', () => {
  it('X * C1 / C2 and X / -1, X % -1', () => {
    // x * 2 / 2 is x; x * 6 / 3 is x * 2 = -2 (wrapped); x * 2 / 4 is x / 2 = 1073741823;
    // x * -2 / 2 is -x = -2147483647. y / -1 is -y = INT_MIN with no trap, y % -1 is 0.
    check(
      `  printf("%d %d %d %d\\n", x * 2 / 2, x * 6 / 3, x * 2 / 4, x * -2 / 2);
  printf("%d %d %ld\\n", y / -1, y % -1, (l + 0) / -1);`,
      '2147483647 -2 1073741823 -2147483647\n-2147483648 0 -9223372036854775807\n'
    )
  })
})
