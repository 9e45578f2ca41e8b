/**
 * The order gcc 12 -O0 evaluates operands, arguments and assignments in (evaluation-order.ts),
 * checked on random expressions against gcc itself.
 *
 * A seeded generator (a fixed PRNG, so every run builds the same programs) makes
 * small expressions over the places whose reading time differs: two globals, an address-taken
 * local, a plain local, a parameter, `a[i]`, `a[gi]`, `sp->m`, `*py`, a char and a long global
 * (a conversion that changes the mode stops fold's swap), unary `-`/`+`, casts, `1 * g`, and
 * calls and `++`/`=` that change them, inside commutative and non-commutative operators,
 * comparisons, call arguments, and plain and compound assignments. Each case prints its value
 * and every variable; gcc is the oracle, so the values are not worked out here.
 */
import { describe, expect, it } from 'vitest'
import { gccOutput, hasGcc } from '../../tools/gcc'
import { runC } from './index'

const PRELUDE = `#include <stdio.h>
struct S { int m; } s1, s2, *sp;
int g1, g2, gi; char gc; long gl; unsigned gu;
int a[16];
int f1(void) { g1 += 2; return g1 * 3; }
int f2(void) { g2 = g2 * 2 + 1; sp = &s2; gi = 3; return 4; }
int inc(int *q) { return ++*q; }
long fl(void) { gl -= 3; return gl; }
unsigned fu(void) { gu += 5; return gu; }
int id(int v) { return v; }
void reset(void) {
  g1 = 1; g2 = 2; gi = 1; gc = 3; gl = 4; gu = 5; s1.m = 6; s2.m = 7; sp = &s1;
  for (int k = 0; k < 16; k++) a[k] = 10 * k + 1;
}
long sum(void) { long t = 0; for (int k = 0; k < 16; k++) t += (k + 1) * a[k]; return t; }
`

const READS = [
  'g1',
  'g2',
  'x',
  'y',
  'p',
  'i',
  'a[i]',
  'a[gi]',
  'sp->m',
  '*py',
  'gc',
  'gl',
  'gu',
  '2'
]
const INCREMENTED = ['g1', 'g2', 'x', 'y', 'p', 'i', 'gi', 'a[i]', 'sp->m', '*py', 'gc', 'gl', 'gu']
const CALLS = ['f1()', 'f2()', 'inc(&y)', 'inc(&g1)', 'inc(py)', 'fl()', 'fu()', 'id(x)']
const OPERATORS = ['+', '-', '*', '&', '|', '^', '<', '>', '<=', '>=', '==', '!=']
const WRAPPERS = ['-', '+', '(long)', '(unsigned)', '(char)', '1 * ', '']
const ASSIGNED = ['x', 'g1', 'y', 'a[i]', 'a[gi]', 'sp->m', '*py', 'gl', 'gu']
const ASSIGNMENTS = ['=', '+=', '-=', '*=', '|=', '^=']

/** mulberry32: a small seeded generator, so every run builds the same programs. */
class Random {
  constructor(private state: number) {}
  below(n: number): number {
    this.state = (this.state + 0x6d2b79f5) | 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) % n
  }
  pick<T>(list: readonly T[]): T {
    return list[this.below(list.length)]
  }
}

/** Something that changes a variable: a call, `v++`, `++v`, `--v`, `(v = k)` or `(v = k, w)`. */
function sideEffect(random: Random): string {
  const v = random.pick(INCREMENTED)
  switch (random.below(6)) {
    case 0:
    case 1:
      return random.pick(CALLS)
    case 5:
      return `(${v} = ${random.below(9)}, ${random.pick(READS)})`
    case 2:
      return `${v}++`
    case 3:
      return random.below(2) === 0 ? `++${v}` : `--${v}`
    default:
      return `(${v} = ${random.below(9)})`
  }
}

function expression(random: Random, depth: number): string {
  if (depth === 0) return random.below(5) < 3 ? random.pick(READS) : sideEffect(random)
  if (random.below(10) < 3) {
    const wrapper = random.pick(WRAPPERS)
    const inner = expression(random, depth - 1)
    return wrapper === '' ? `(${inner})` : `${wrapper}(${inner})`
  }
  const left = expression(random, depth - 1)
  const right = expression(random, random.below(depth))
  return `(${left} ${random.pick(OPERATORS)} ${right})`
}

/** An expression with at least one side effect (otherwise its order cannot show). */
function effectful(random: Random, depth: number): string {
  for (;;) {
    const e = expression(random, depth)
    if (/\+\+|--|=|\(\)|\(&|\(py|\(x\)/.test(e.replace(/[<>!=]=/g, ''))) return e
  }
}

function statement(random: Random): string {
  switch (random.below(4)) {
    case 0:
      return `r = ${effectful(random, 1 + random.below(3))};`
    case 1: {
      const args = [0, 1, 2].map(() =>
        random.below(3) === 0 ? random.pick(READS) : expression(random, random.below(2))
      )
      args[random.below(3)] = effectful(random, random.below(2))
      return `r = printf("%d %d %d", ${args.join(', ')});`
    }
    default:
      return `r = (${random.pick(ASSIGNED)} ${random.pick(ASSIGNMENTS)} ${effectful(random, random.below(3))});`
  }
}

/** Prints case `n`'s result and every variable it may have changed. */
function show(n: number): string {
  return (
    'printf("|%d r=%ld x=%d i=%d y=%d p=%d g=%d,%d,%d gc=%d gl=%ld gu=%u a=%ld s=%d,%d %d\\n", ' +
    `${n}, r, x, i, y, p, g1, g2, gi, gc, gl, gu, sum(), s1.m, s2.m, sp == &s2);`
  )
}

/** A program of `cases` cases, each a function that runs one statement and prints the state. */
function program(seed: number, cases: number): { source: string; statements: string[] } {
  const random = new Random(seed)
  const statements: string[] = []
  let source = PRELUDE
  for (let n = 0; n < cases; n++) {
    const s = statement(random)
    statements.push(s)
    source += `void c${n}(int p) {\n  int x = 1, i = 0, y = 2; int *py = &y; long r = 0;\n  ${s}\n  ${show(n)}\n}\n`
  }
  source += 'int main(void) {\n'
  for (let n = 0; n < cases; n++) source += `  reset(); c${n}(5);\n`
  source += '  return 0;\n}\n'
  return { source, statements }
}

/** Runs `source` and, where gcc is installed, checks that gcc prints `expected` too. */
function expectAsGcc(source: string, expected: string): void {
  expect(runC(source, { file: 'order.c' }).stdout).toBe(expected)
  if (hasGcc) expect(gccOutput(source)).toBe(expected)
}

describe('evaluation order as gcc 12 -O0 has it (cases of the session-5 conformance report)', () => {
  it('reads a register variable when the operator executes, after its operands’ side effects', () => {
    expectAsGcc(
      `#include <stdio.h>
int main(void) {
  int i = 3; int k = i + i++; printf("%d\\n", k);
  i = 3; i = ++i + i++; printf("%d\\n", i);
  int x = 1; x += x++ + ++x; printf("%d\\n", x);
  int a[5] = {0}; i = 1; a[i] = i++; printf("%d %d %d\\n", a[1], a[2], i);
  return 0;
}
`,
      // i + i++: i++ leaves 3 in a temporary and i = 4; i is read at the + : 4 + 3 = 7.
      // ++i + i++: i = 4 (its value is i itself), i++ gives 4 and i = 5: 5 + 4 = 9.
      // x += x++ + ++x: the right side first: x++ gives 1 (x = 2), ++x makes x = 3 and
      // is read at the +: 1 + 3 = 4; then x = 3 + 4 = 7.
      // a[i] = i++: the right side first (1, i = 2), then the address a[2].
      '7\n9\n7\n0 1 2\n'
    )
  })

  it('puts a variable second in a commutative operation or comparison, as fold does', () => {
    expectAsGcc(
      `#include <stdio.h>
int g;
int f(void) { g++; return 1; }
int inc(int *p) { return ++*p; }
int main(void) {
  int r;
  g = 0; r = g + f(); printf("a %d\\n", r);
  g = 0; r = g - f(); printf("b %d\\n", r);
  g = 0; r = (g < f()); printf("c %d\\n", r);
  g = 0; r = g + f() + g; printf("d %d\\n", r);
  g = 0; r = g * 2 + f(); printf("e %d\\n", r);
  g = 0; r = -g + f(); printf("f %d\\n", r);
  g = 0; r = +g + f(); printf("g %d\\n", r);
  g = 0; r = 1 * g + f(); printf("h %d\\n", r);
  g = 0; long l = (long)g + f(); printf("i %ld\\n", l);
  int y = 0; r = y + inc(&y); printf("j %d\\n", r);
  g = 0; r = (char)g < f(); printf("k %d\\n", r);
  return 0;
}
`,
      // a: g + f() becomes f() + g: 1 + 1 = 2. b: minus does not commute: 0 - 1 = -1.
      // c: g < f() becomes f() > g: 1 > 1 is 0. d: (f() + g) + g = 1 + 1 + 1 = 3.
      // e: g * 2 is not a variable: 0 * 2 + 1 = 1. f: -g + f() becomes f() - g = 1 - 1 = 0.
      // g, h: +g and 1 * g fold to g: swapped, 2. i: (long)g changes the mode: 0 + 1 = 1.
      // j: y's address is taken, so it is a variable in memory like g: 1 + 1 = 2.
      // k: (char)g changes the mode, so it is not a variable for fold: 0 < 1 is 1.
      'a 2\nb -1\nc 0\nd 3\ne 1\nf 0\ng 2\nh 2\ni 1\nj 2\nk 1\n'
    )
  })

  it('makes a call on the right of op= before the left side’s address, and of = after it', () => {
    expectAsGcc(
      `#include <stdio.h>
struct n { int v; } A, B;
struct n *gp = &A;
int arr[4]; int gi;
int f(void) { gp = &B; return 7; }
int g(void) { gi = 2; return 9; }
int main(void) {
  gp->v = f(); printf("%d %d\\n", A.v, B.v);
  gp = &A; A.v = B.v = 0; gp->v += f(); printf("%d %d\\n", A.v, B.v);
  gi = 0; arr[gi] = g(); printf("%d %d\\n", arr[0], arr[2]);
  gi = 0; arr[0] = arr[2] = 0; arr[gi] += g(); printf("%d %d\\n", arr[0], arr[2]);
  int i = 0; int *ip = &i; arr[0] = arr[1] = 0; arr[*ip] = (*ip = 1); printf("%d %d\\n", arr[0], arr[1]);
  return 0;
}
`,
      // = with a call: gp->v's address (A) first, then f(). += : f() first, so B.v += 7.
      // arr[gi] = g(): arr[0]; arr[gi] += g(): g() sets gi = 2 first, so arr[2] = 9.
      // arr[*ip] = (*ip = 1): not a call, the right side first: arr[1] = 1.
      '7 0\n0 7\n9 0\n0 9\n0 1\n'
    )
  })

  it('runs a converted store of a constant, or a comma’s left part, before the operation', () => {
    expectAsGcc(
      `#include <stdio.h>
char gc; int g;
int main(void) {
  gc = 3; int r = gc - (gc = 4); printf("%d\\n", r);
  g = 3; r = g - (g = 4, 1); printf("%d\\n", r);
  g = 3; r = g - (g = 4); printf("%d\\n", r);
  return 0;
}
`,
      // (int)(gc = 4) folds to (gc = 4, 4), moved before the subtraction: 4 - 4 = 0.
      // g - (g = 4, 1) becomes (g = 4, g - 1) = 3. An int store is not converted: 3 - 4 = -1.
      '0\n3\n-1\n'
    )
  })
  it('evaluates the function called through a pointer before the arguments', () => {
    expectAsGcc(
      `#include <stdio.h>
int a0(int v) { return 100 + v; }
int a1(int v) { return 200 + v; }
int (*table[2])(int) = {a0, a1};
int (*fp)(int) = a0;
int setfp(void) { fp = a1; return 7; }
int main(void) {
  int i = 0; int r = table[i++](i); printf("%d %d\\n", r, i);
  r = fp(setfp()); printf("%d\\n", r);
  int k = 1; r = table[k](k = 0); printf("%d\\n", r);
  return 0;
}
`,
      // table[i++] is loaded first (a0, i = 1), then the argument i: 100 + 1. fp is loaded
      // (a0) before setfp() makes it a1: 100 + 7. table[1] before k = 0: 200 + 0.
      '101 1\n107\n200\n'
    )
  })
})

describe('a 32-bit argument read by a 64-bit printf conversion (gcc 12 -O0, glibc)', () => {
  it('reads the zero-extended register, or a sign-extended constant pushed on the stack', () => {
    expectAsGcc(
      `#include <stdio.h>
int main(void) {
  int x = -5; short s = -2; char c = -1; unsigned u = 7;
  printf("%ld %ld %lu\\n", -5, x, x);
  printf("%ld %ld %lx %ld\\n", s, c, u, x * 2);
  printf("%p %zu %lld\\n", x, -3, x - 1);
  printf("%d %d %d %d %d %ld %ld\\n", 1, 2, 3, 4, 5, -5, x);
  char buf[32]; sprintf(buf, "%ld", x); puts(buf);
  return 0;
}
`,
      // A 32-bit move clears the upper half: -5 reads 2^32 - 5 = 4294967291, -2 4294967294,
      // -1 4294967295, -10 4294967286, -3 4294967293, -6 4294967290; %p 0xfffffffb.
      // Past the sixth integer argument `pushq $-5` sign-extends the constant: -5; a variable
      // is pushed from a register its 32-bit load cleared: 4294967291.
      '4294967291 4294967291 4294967291\n' +
        '4294967294 4294967295 7 4294967286\n' +
        '0xfffffffb 4294967293 4294967290\n' +
        '1 2 3 4 5 -5 4294967291\n' +
        '4294967291\n'
    )
  })
})

describe.runIf(hasGcc)('random expressions: evaluation order vs gcc (skipped without gcc)', () => {
  for (const seed of [1, 2, 22, 23]) {
    it(`evaluates 120 generated statements (seed ${seed}) in gcc's order`, () => {
      const { source, statements } = program(seed, 120)
      const expected = gccOutput(source).split('\n')
      const result = runC(source, { file: 'order.c', stdout: 'unbuffered' })
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
      const actual = result.stdout.split('\n')
      const differences: string[] = []
      statements.forEach((s, n) => {
        if (actual[n] !== expected[n])
          differences.push(`${s}\n  gcc ${expected[n]}\n  ours ${actual[n]}`)
      })
      expect(differences.slice(0, 10)).toEqual([])
    })
  }
})
