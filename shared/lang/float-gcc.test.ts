/**
 * `float` against gcc: random expressions over float, double and integer variables and
 * constants (fast-check, seeded, so every run generates the same programs), compiled by gcc
 * -O0 and run by the interpreter. Each line prints its result with `%a`, the exact binary value,
 * so a result rounded once too often or to the wrong precision shows.
 *
 * What it covers: float arithmetic rounded to single precision at every operation (addss,
 * mulss, divss), float meeting double (the float converted, the operation in double), integer
 * constants and variables converted to float — 64-bit ones beyond 2^53 and unsigned ones
 * rounded once, straight to float —, `(float)` and `(double)` casts, float constants with the
 * suffix `f` (decimal ones rounded once from the exact decimal value), compound assignments
 * into float variables, `++`, negation, comparisons, float parameters and results, and float
 * arrays. Conversions of floats to integers are left out: out of range they are undefined.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { gccOutput, hasGcc } from '../../tools/gcc'
import { runC } from './index'
import { decimalToFloat32, integerToFloat32 } from './float32'

type Generate = fc.GeneratorValue

const FLOAT_VARIABLES = ['f0', 'f1', 'f2', 'f3']
const DOUBLE_VARIABLES = ['d0', 'd1']
const INTEGER_VARIABLES = ['i0', 'l0', 'l1', 'u0', 'ul0']

const DECLARATIONS = `float f0 = 0.1f, f1 = -3.75f, f2 = 16777216.0f, f3 = 1e-3f;
double d0 = 0.1, d1 = 1e10;
int i0 = 16777217;
long l0 = 9007199254740993L, l1 = -123456789012345L;
unsigned u0 = 4294967295u;
unsigned long ul0 = 18446744073709551615UL;
float fa[3] = {1.5f, 2.0f / 3, 1e20f};
static float twice(float x) { return x + x; }
static float mix(float a, double b) { return a * b; }
`

/** A decimal or integer constant, sometimes with the suffix f. */
function constant(g: Generate): string {
  const digits = g(
    fc.constantFrom,
    '0.1',
    '3.14159265358979',
    '1e-7',
    '2.5',
    '16777217',
    '0.3',
    '1e38',
    '7'
  )
  const shape = g(fc.integer, { min: 0, max: 2 })
  if (shape === 0 && /^[0-9]+$/.test(digits)) return digits
  if (shape === 0) return digits
  return /[.e]/.test(digits) ? `${digits}f` : `${digits}.0f`
}

function leaf(g: Generate): string {
  switch (g(fc.integer, { min: 0, max: 5 })) {
    case 0:
      return constant(g)
    case 1:
      return g(fc.constantFrom, ...DOUBLE_VARIABLES)
    case 2:
      return g(fc.constantFrom, ...INTEGER_VARIABLES)
    case 3:
      return `fa[${g(fc.integer, { min: 0, max: 2 })}]`
    default:
      return g(fc.constantFrom, ...FLOAT_VARIABLES)
  }
}

function expression(g: Generate, depth: number): string {
  if (depth === 0) return leaf(g)
  switch (g(fc.integer, { min: 0, max: 7 })) {
    case 0:
      return `(float)(${expression(g, depth - 1)})`
    case 1:
      return `(double)(${expression(g, depth - 1)})`
    case 2:
      return `-(${expression(g, depth - 1)})`
    case 3:
      return `twice(${expression(g, depth - 1)})`
    case 4:
      return `mix(${expression(g, depth - 1)}, ${expression(g, depth - 1)})`
    default: {
      const op = g(fc.constantFrom, '+', '-', '*', '/')
      return `(${expression(g, depth - 1)} ${op} ${expression(g, depth - 1)})`
    }
  }
}

/** One statement that prints one line. */
function statement(g: Generate): string {
  const e = expression(g, g(fc.integer, { min: 1, max: 3 }))
  switch (g(fc.integer, { min: 0, max: 4 })) {
    case 0: {
      const target = g(fc.constantFrom, ...FLOAT_VARIABLES)
      const op = g(fc.constantFrom, '=', '+=', '-=', '*=', '/=')
      return `${target} ${op} ${e}; printf("%a\\n", ${target});`
    }
    case 1:
      return `printf("%d\\n", ${e} < ${expression(g, 1)});`
    case 2: {
      const target = g(fc.constantFrom, ...FLOAT_VARIABLES)
      return `${target}++; printf("%a %a\\n", ${target}, (float)(${e}));`
    }
    default:
      return `printf("%a\\n", (double)(${e}));`
  }
}

const PROGRAMS = [
  { name: 'float-1', seed: 20261129 },
  { name: 'float-2', seed: 7 },
  { name: 'float-3', seed: 1234567 }
]

function source(seed: number): string {
  const [g] = fc.sample(fc.gen(), { seed, numRuns: 1 })
  const lines = Array.from({ length: 120 }, () => `  ${statement(g)}`)
  return `#include <stdio.h>\n${DECLARATIONS}int main(void) {\n${lines.join('\n')}\n  return 0;\n}\n`
}

if (!hasGcc) console.warn('gcc not found: float expressions are not compared with gcc')

describe.runIf(hasGcc)('random float expressions: interpreter vs gcc', () => {
  for (const { name, seed } of PROGRAMS) {
    it(`evaluates ${name} (seed ${seed}) as gcc does`, () => {
      const program = source(seed)
      const expected = gccOutput(program, 'latin1').split('\n')
      const result = runC(program)
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
      const actual = result.stdout.split('\n')
      const statements = program.split('\n').slice(DECLARATIONS.split('\n').length + 1)
      // A NaN's sign is compared only as far as the interpreter models it: gcc folds `a / -b`
      // into `-a / b` (and the like), which moves the negation from one NaN to another.
      const unsigned = (line: string | undefined): string | undefined =>
        line?.replace(/-nan/g, 'nan')
      const differences = expected
        .map((line, i) =>
          unsigned(line) === unsigned(actual[i])
            ? ''
            : `${statements[i]}: gcc ${line}, ours ${actual[i]}`
        )
        .filter((d) => d !== '')
      expect(differences.slice(0, 10)).toEqual([])
      expect(actual.length).toBe(expected.length)
    })
  }
})

describe('rounding to float', () => {
  it('rounds a decimal constant once, from its exact value', () => {
    // 1.00000005960464477539062500000001 lies just above the midpoint 1 + 2^-24 of 1 and
    // 1 + 2^-23; its nearest double is that midpoint itself, which rounds to even (1.0): gcc
    // gives 0x1.000002p+0, as the exact value asks.
    expect(decimalToFloat32('1.00000005960464477539062500000001')).toBe(1 + 2 ** -23)
    expect(decimalToFloat32('1.00000005960464477539062499999999')).toBe(1)
    // Exactly the midpoint: ties to even.
    expect(decimalToFloat32('1.000000059604644775390625')).toBe(1)
    expect(decimalToFloat32('0.1')).toBe(Math.fround(0.1))
  })

  it('rounds a 64-bit integer once, straight to float', () => {
    // 2^53 + 2^29 + 1 is above the midpoint 2^53 + 2^29 of two floats, but the nearest double
    // is the midpoint itself (2^53 + 2^29 + 1 needs 54 bits), which would round to even.
    const v = 2n ** 53n + 2n ** 29n + 1n
    expect(integerToFloat32(v)).toBe(2 ** 53 + 2 ** 30)
    expect(Math.fround(Number(v))).toBe(2 ** 53)
    expect(integerToFloat32(-v)).toBe(-(2 ** 53 + 2 ** 30))
    expect(integerToFloat32(18446744073709551615n)).toBe(2 ** 64)
  })
})
