/**
 * Random well-typed integer expressions, evaluated by gcc and by the interpreter.
 *
 * fast-check (seeded, so every run generates the same program) builds expressions over every
 * integer type of the subset: literals with suffixes in decimal, hex and octal, variables of
 * each type, unary and binary operators, comparisons, logical operators, `?:`, the comma
 * operator and casts. The generator tracks each subexpression's C type and value only to stay
 * clear of undefined behaviour (signed overflow, division by zero, INT_MIN / -1, shifts of
 * negative values or by the width or more); gcc is the oracle for the values themselves, and
 * the program is compiled with -fsanitize=undefined so that any undefined behaviour the
 * generator missed stops the test instead of passing silently.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { runC } from './index'

/** An integer type of LP64, with its conversion rank (C11 6.3.1.1). */
interface IntegerType {
  name: string
  bits: 8 | 16 | 32 | 64
  signed: boolean
  rank: number
}

const CHAR: IntegerType = { name: 'char', bits: 8, signed: true, rank: 1 }
const SCHAR: IntegerType = { name: 'signed char', bits: 8, signed: true, rank: 1 }
const UCHAR: IntegerType = { name: 'unsigned char', bits: 8, signed: false, rank: 1 }
const SHORT: IntegerType = { name: 'short', bits: 16, signed: true, rank: 2 }
const USHORT: IntegerType = { name: 'unsigned short', bits: 16, signed: false, rank: 2 }
const INT: IntegerType = { name: 'int', bits: 32, signed: true, rank: 3 }
const UINT: IntegerType = { name: 'unsigned int', bits: 32, signed: false, rank: 3 }
const LONG: IntegerType = { name: 'long', bits: 64, signed: true, rank: 4 }
const ULONG: IntegerType = { name: 'unsigned long', bits: 64, signed: false, rank: 4 }
const LLONG: IntegerType = { name: 'long long', bits: 64, signed: true, rank: 5 }
const ULLONG: IntegerType = { name: 'unsigned long long', bits: 64, signed: false, rank: 5 }
const ALL_TYPES = [CHAR, SCHAR, UCHAR, SHORT, USHORT, INT, UINT, LONG, ULONG, LLONG, ULLONG]

/** A generated expression: its C text, its type and the value C gives it. */
interface Expression {
  text: string
  type: IntegerType
  value: bigint
}

function convert(value: bigint, type: IntegerType): bigint {
  return type.signed ? BigInt.asIntN(type.bits, value) : BigInt.asUintN(type.bits, value)
}

function fits(value: bigint, type: IntegerType): boolean {
  return convert(value, type) === value
}

/** Integer promotion: everything narrower than int becomes int. */
function promote(type: IntegerType): IntegerType {
  return type.rank < INT.rank ? INT : type
}

/** The usual arithmetic conversions (C11 6.3.1.8) for two integer operands. */
function commonType(a: IntegerType, b: IntegerType): IntegerType {
  const left = promote(a)
  const right = promote(b)
  if (left === right) return left
  if (left.signed === right.signed) return left.rank >= right.rank ? left : right
  const unsigned = left.signed ? right : left
  const signed = left.signed ? left : right
  if (unsigned.rank >= signed.rank) return unsigned
  if (signed.bits > unsigned.bits) return signed
  return ALL_TYPES.find((t) => !t.signed && t.rank === signed.rank) ?? ULLONG
}

/** The variables every generated program declares, with values chosen to reach the edges. */
const VARIABLES: Array<{ name: string; type: IntegerType; value: bigint }> = [
  { name: 'c0', type: CHAR, value: -7n },
  { name: 'c1', type: CHAR, value: 127n },
  { name: 'sc0', type: SCHAR, value: -128n },
  { name: 'uc0', type: UCHAR, value: 200n },
  { name: 'uc1', type: UCHAR, value: 255n },
  { name: 's0', type: SHORT, value: -1234n },
  { name: 's1', type: SHORT, value: 32767n },
  { name: 'us0', type: USHORT, value: 65535n },
  { name: 'us1', type: USHORT, value: 40000n },
  { name: 'i0', type: INT, value: -123456n },
  { name: 'i1', type: INT, value: 2147483647n },
  { name: 'i2', type: INT, value: -2147483648n },
  { name: 'i3', type: INT, value: 3n },
  { name: 'u0', type: UINT, value: 3000000000n },
  { name: 'u1', type: UINT, value: 4294967295n },
  { name: 'u2', type: UINT, value: 17n },
  { name: 'l0', type: LONG, value: -5000000000n },
  { name: 'l1', type: LONG, value: 9223372036854775807n },
  { name: 'l2', type: LONG, value: -9223372036854775808n },
  { name: 'ul0', type: ULONG, value: 10000000000n },
  { name: 'ul1', type: ULONG, value: 18446744073709551615n },
  { name: 'll0', type: LLONG, value: -42n },
  { name: 'ull0', type: ULLONG, value: 12345678901234567890n }
]

/** A literal whose type is exactly what its suffix says (the value fits that type). */
const LITERAL_KINDS: Array<{ suffix: string; type: IntegerType }> = [
  { suffix: '', type: INT },
  { suffix: 'U', type: UINT },
  { suffix: 'L', type: LONG },
  { suffix: 'UL', type: ULONG },
  { suffix: 'LL', type: LLONG },
  { suffix: 'ULL', type: ULLONG }
]

type Generate = fc.GeneratorValue

function literal(g: Generate): Expression {
  const { suffix, type } = g(fc.constantFrom, ...LITERAL_KINDS)
  const max = (1n << BigInt(type.signed ? type.bits - 1 : type.bits)) - 1n
  const value = g(() =>
    fc.oneof(
      fc.bigInt({ min: 0n, max: 20n }),
      fc.bigInt({ min: 0n, max }),
      fc.constantFrom(max, max - 1n, 1n << BigInt(type.bits / 2), 255n, 256n, 65535n)
    )
  )
  const base = g(fc.constantFrom, 10, 16, 8)
  // A hex or octal literal without a suffix may be unsigned; keep those in int range (they are).
  const digits =
    base === 16 ? '0x' + value.toString(16) : base === 8 ? '0' + value.toString(8) : String(value)
  return { text: digits + suffix, type, value }
}

function variable(g: Generate): Expression {
  const v = g(fc.constantFrom, ...VARIABLES)
  return { text: v.name, type: v.type, value: v.value }
}

function leaf(g: Generate): Expression {
  return g(fc.boolean) ? literal(g) : variable(g)
}

const BINARY_OPERATORS = ['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^'] as const
const COMPARISONS = ['<', '>', '<=', '>=', '==', '!='] as const

/** Applies a binary operator, or returns null when C would have undefined behaviour. */
function binary(operator: string, left: Expression, right: Expression): Expression | null {
  const text = `(${left.text} ${operator} ${right.text})`
  if (operator === '<<' || operator === '>>') {
    const type = promote(left.type)
    const count = right.value
    if (count < 0n || count >= BigInt(type.bits) || left.value < 0n) return null
    const value = operator === '<<' ? left.value << count : left.value >> count
    if (type.signed && !fits(value, type)) return null
    return { text, type, value: convert(value, type) }
  }
  if ((COMPARISONS as readonly string[]).includes(operator)) {
    const type = commonType(left.type, right.type)
    const a = convert(left.value, type)
    const b = convert(right.value, type)
    const truth =
      operator === '<'
        ? a < b
        : operator === '>'
          ? a > b
          : operator === '<='
            ? a <= b
            : operator === '>='
              ? a >= b
              : operator === '=='
                ? a === b
                : a !== b
    return { text, type: INT, value: truth ? 1n : 0n }
  }
  if (operator === '&&' || operator === '||') {
    const truth =
      operator === '&&'
        ? left.value !== 0n && right.value !== 0n
        : left.value !== 0n || right.value !== 0n
    return { text, type: INT, value: truth ? 1n : 0n }
  }
  const type = commonType(left.type, right.type)
  const a = convert(left.value, type)
  const b = convert(right.value, type)
  let exact: bigint
  switch (operator) {
    case '+':
      exact = a + b
      break
    case '-':
      exact = a - b
      break
    case '*':
      exact = a * b
      break
    case '/':
    case '%':
      if (b === 0n) return null
      // BigInt division truncates toward zero, as C does.
      exact = operator === '/' ? a / b : a % b
      break
    case '&':
      exact = a & b
      break
    case '|':
      exact = a | b
      break
    default:
      exact = a ^ b
  }
  // Signed overflow is undefined; unsigned arithmetic wraps.
  if (type.signed && !fits(exact, type)) return null
  return { text, type, value: convert(exact, type) }
}

function unary(g: Generate, operand: Expression): Expression | null {
  const operator = g(fc.constantFrom, '-', '~', '!', '+', 'cast')
  if (operator === 'cast') {
    const type = g(fc.constantFrom, ...ALL_TYPES)
    // Converting an out-of-range value to a signed type is implementation-defined (gcc wraps), not undefined.
    return { text: `((${type.name})${operand.text})`, type, value: convert(operand.value, type) }
  }
  if (operator === '!')
    return { text: `(!${operand.text})`, type: INT, value: operand.value === 0n ? 1n : 0n }
  const type = promote(operand.type)
  const value = convert(operand.value, type)
  const text = `(${operator}${operand.text})`
  if (operator === '+') return { text, type, value }
  if (operator === '~') return { text, type, value: convert(~value, type) }
  if (type.signed && !fits(-value, type)) return null
  return { text, type, value: convert(-value, type) }
}

/** A random expression at most `depth` operators deep, free of undefined behaviour. */
function expression(g: Generate, depth: number): Expression {
  if (depth === 0) return leaf(g)
  for (let attempt = 0; attempt < 8; attempt++) {
    const kind = g(
      fc.constantFrom,
      'leaf',
      'unary',
      'binary',
      'binary',
      'binary',
      'compare',
      'logical',
      'conditional',
      'comma'
    )
    let result: Expression | null = null
    if (kind === 'leaf') {
      result = leaf(g)
    } else if (kind === 'unary') {
      result = unary(g, expression(g, depth - 1))
    } else if (kind === 'binary') {
      const operator = g(fc.constantFrom, ...BINARY_OPERATORS)
      const left = expression(g, depth - 1)
      if (operator === '<<' || operator === '>>') {
        // Mask the count to the promoted width, as careful C code does, so most shifts are valid.
        const count = g(fc.boolean) ? literal(g) : expression(g, depth - 1)
        const mask = BigInt(promote(left.type).bits - 1)
        const maskedType = commonType(count.type, INT)
        const masked: Expression = {
          text: `(${count.text} & ${mask})`,
          type: maskedType,
          value: convert(count.value, maskedType) & mask
        }
        result = binary(operator, left, masked)
      } else {
        result = binary(operator, left, expression(g, depth - 1))
      }
    } else if (kind === 'compare') {
      result = binary(
        g(fc.constantFrom, ...COMPARISONS),
        expression(g, depth - 1),
        expression(g, depth - 1)
      )
    } else if (kind === 'logical') {
      result = binary(
        g(fc.constantFrom, '&&', '||'),
        expression(g, depth - 1),
        expression(g, depth - 1)
      )
    } else if (kind === 'conditional') {
      const test = expression(g, depth - 1)
      const then = expression(g, depth - 1)
      const otherwise = expression(g, depth - 1)
      const type = commonType(then.type, otherwise.type)
      result = {
        text: `(${test.text} ? ${then.text} : ${otherwise.text})`,
        type,
        value: convert(test.value !== 0n ? then.value : otherwise.value, type)
      }
    } else {
      const left = expression(g, depth - 1)
      const right = expression(g, depth - 1)
      result = { text: `(${left.text}, ${right.text})`, type: right.type, value: right.value }
    }
    if (result !== null) return result
  }
  return leaf(g)
}

/** A constant of `type`'s width with this value, written so that no literal is out of range. */
function cLiteral(value: bigint, type: IntegerType): string {
  if (!type.signed) return `${value}ULL`
  if (value === -(1n << 63n)) return '(-9223372036854775807LL - 1)'
  return `${value}LL`
}

/** One C program printing `count` random expressions, one per line. */
function randomProgram(seed: number, count: number): { source: string; expressions: Expression[] } {
  const [g] = fc.sample(fc.gen(), { seed, numRuns: 1 })
  const expressions: Expression[] = []
  for (let i = 0; i < count; i++) expressions.push(expression(g, g(fc.integer, { min: 1, max: 4 })))
  const declarations = VARIABLES.map(
    (v) => `    ${v.type.name} ${v.name} = (${v.type.name})${cLiteral(v.value, v.type)};`
  )
  const lines = expressions.map((e) =>
    e.type.signed
      ? `    printf("%lld\\n", (long long)${e.text});`
      : `    printf("%llu\\n", (unsigned long long)${e.text});`
  )
  const source = `#include <stdio.h>\n\nint main(void) {\n${declarations.join('\n')}\n${lines.join('\n')}\n    return 0;\n}\n`
  return { source, expressions }
}

const gccFound = spawnSync('gcc', ['--version']).status === 0
if (!gccFound)
  console.warn('gcc not found: random expressions are not compared with gcc on this machine')

/** Compiles with gcc (with the undefined-behaviour sanitizer when it links) and runs. */
function runWithGcc(source: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'expr-gcc-'))
  try {
    writeFileSync(join(directory, 'expressions.c'), source)
    const sanitize = ['-fsanitize=undefined', '-fno-sanitize-recover=all']
    const compile = (extra: string[]) =>
      spawnSync('gcc', ['-O0', '-w', ...extra, '-o', 'expressions', 'expressions.c'], {
        cwd: directory
      })
    if (compile(sanitize).status !== 0)
      execFileSync('gcc', ['-O0', '-w', '-o', 'expressions', 'expressions.c'], { cwd: directory })
    return execFileSync(join(directory, 'expressions'), { encoding: 'latin1', timeout: 20_000 })
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

const SEEDS = [20261127, 314159]
const EXPRESSIONS_PER_PROGRAM = 200

describe.runIf(gccFound)(
  'random integer expressions: interpreter vs gcc (skipped when gcc not found)',
  () => {
    for (const seed of SEEDS) {
      it(`evaluates ${EXPRESSIONS_PER_PROGRAM} expressions of seed ${seed} as gcc does`, () => {
        const { source, expressions } = randomProgram(seed, EXPRESSIONS_PER_PROGRAM)
        const gccLines = runWithGcc(source).split('\n')
        const result = runC(source)
        const errors = result.diagnostics.filter((d) => d.severity === 'error')
        expect(errors.map((d) => d.message)).toEqual([])
        const ourLines = result.stdout.split('\n')
        const differences: string[] = []
        expressions.forEach((e, i) => {
          if (ourLines[i] !== gccLines[i])
            differences.push(
              `${e.text} (${e.type.name}): gcc ${gccLines[i]}, interpreter ${ourLines[i]}`
            )
        })
        expect(differences.slice(0, 20)).toEqual([])
        expect(result.exit.status).toBe(0)
      })
    }

    it("generates values that agree with gcc (a check of the generator's own UB guard)", () => {
      // The generator's values are only a guard against undefined behaviour, but if they disagree
      // with gcc the guard is reasoning about the wrong numbers.
      const { source, expressions } = randomProgram(SEEDS[0], EXPRESSIONS_PER_PROGRAM)
      const gccLines = runWithGcc(source).split('\n')
      const differences = expressions
        .map((e, i) => ({ e, gcc: gccLines[i] }))
        .filter(({ e, gcc }) => String(e.value) !== gcc)
        .map(({ e, gcc }) => `${e.text}: generator ${e.value}, gcc ${gcc}`)
      expect(differences).toEqual([])
    })
  }
)
