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

/** One printed line of a generated program: the C statements and what the generator expects. */
interface ProgramLine {
  /** C statements ending in a printf of exactly one line. */
  statements: string
  /** What the line shows, for failure messages. */
  description: string
  /** Definitions this line needs before `main` (struct types). */
  topLevel?: string
  /** The generator's own value as printed, or '' when it does not predict the text (used only to check the UB guard's arithmetic). */
  value: string
}

function printInteger(text: string, type: IntegerType): string {
  return type.signed
    ? `printf("%lld\\n", (long long)${text});`
    : `printf("%llu\\n", (unsigned long long)${text});`
}

function integerDeclarations(): string[] {
  return VARIABLES.map(
    (v) => `    ${v.type.name} ${v.name} = (${v.type.name})${cLiteral(v.value, v.type)};`
  )
}

/** `count` random integer expressions, each printed with %lld or %llu. */
function expressionLines(g: Generate, count: number): ProgramLine[] {
  const lines: ProgramLine[] = []
  for (let i = 0; i < count; i++) {
    const e = expression(g, g(fc.integer, { min: 1, max: 4 }))
    lines.push({
      statements: printInteger(e.text, e.type),
      description: `${e.text} (${e.type.name})`,
      value: String(e.value)
    })
  }
  return lines
}

const COMPOUND_OPERATORS = ['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^'] as const

/**
 * `count` random assignments to variables of every type (`=`, compound assignment, prefix and
 * postfix `++`/`--`), each followed by printing the variable: the operation is done in the
 * promoted/common type and the result converted back to the variable's type on the store.
 */
function assignmentLines(g: Generate, count: number): ProgramLine[] {
  const targets = ALL_TYPES.map((type, i) => ({ name: `t${i}`, type, value: 0n }))
  const lines: ProgramLine[] = targets.map((t) => ({
    statements: `${t.type.name} ${t.name} = 0; ${printInteger(t.name, t.type)}`,
    description: `${t.type.name} ${t.name} = 0`,
    value: '0'
  }))
  while (lines.length < count) {
    const target = g(fc.constantFrom, ...targets)
    const current: Expression = { text: target.name, type: target.type, value: target.value }
    const kind = g(fc.constantFrom, 'assign', 'compound', 'compound', 'compound', 'increment')
    let statement: string
    let stored: bigint | null
    if (kind === 'assign') {
      const e = expression(g, g(fc.integer, { min: 0, max: 3 }))
      statement = `${target.name} = ${e.text};`
      stored = convert(e.value, target.type)
    } else if (kind === 'compound') {
      const operator = g(fc.constantFrom, ...COMPOUND_OPERATORS)
      let right = expression(g, g(fc.integer, { min: 0, max: 2 }))
      if (operator === '<<' || operator === '>>') {
        const mask = BigInt(promote(target.type).bits - 1)
        const type = commonType(right.type, INT)
        right = {
          text: `(${right.text} & ${mask})`,
          type,
          value: convert(right.value, type) & mask
        }
      }
      const result = binary(operator, current, right)
      statement = `${target.name} ${operator}= ${right.text};`
      stored = result === null ? null : convert(result.value, target.type)
    } else {
      const operator = g(fc.constantFrom, '++', '--')
      const prefix = g(fc.boolean)
      const one: Expression = { text: '1', type: INT, value: 1n }
      const result = binary(operator === '++' ? '+' : '-', current, one)
      statement = prefix ? `${operator}${target.name};` : `${target.name}${operator};`
      stored = result === null ? null : convert(result.value, target.type)
    }
    if (stored === null) continue // the operation would overflow a signed type: undefined
    target.value = stored
    lines.push({
      statements: `${statement} ${printInteger(target.name, target.type)}`,
      description: `${statement} (${target.type.name})`,
      value: String(stored)
    })
  }
  return lines
}

/** A generated `double` expression and the value IEEE-754 arithmetic gives it. */
interface DoubleExpression {
  text: string
  value: number
}

const DOUBLE_VARIABLES = [
  { name: 'd0', value: 0.1 },
  { name: 'd1', value: -2.5 },
  { name: 'd2', value: 1e300 },
  { name: 'd3', value: 3 },
  { name: 'd4', value: 5e-324 },
  { name: 'd5', value: 123456789.987654321 }
]

function cDouble(value: number): string {
  const text = String(value)
  return /[.e]/.test(text) ? text : `${text}.0`
}

function doubleLeaf(g: Generate): DoubleExpression {
  const choice = g(fc.constantFrom, 'variable', 'literal', 'integer')
  if (choice === 'variable') {
    const v = g(fc.constantFrom, ...DOUBLE_VARIABLES)
    return { text: v.name, value: v.value }
  }
  if (choice === 'literal') {
    const value = g(() =>
      fc.oneof(
        fc.constantFrom(0.5, 0.25, 1.5, 2.5, 1e-7, 1e21, 0.1, 0.2, 0.3, 1 / 3, 2.675),
        fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
        fc.double({ min: 1e-300, max: 1e300, noNaN: true, noDefaultInfinity: true })
      )
    )
    // A negative literal is written as unary minus applied to a positive one, as C parses it.
    return {
      text: Object.is(value, -0) || value < 0 ? `(-${cDouble(-value)})` : cDouble(value),
      value
    }
  }
  const e = expression(g, g(fc.integer, { min: 0, max: 2 }))
  // int → double rounds to nearest; Number() of a BigInt rounds the same way.
  return { text: `((double)${e.text})`, value: Number(e.value) }
}

/** A random double expression, free of NaN and infinities (and so of any undefined conversion). */
function doubleExpression(g: Generate, depth: number): DoubleExpression {
  if (depth === 0) return doubleLeaf(g)
  for (let attempt = 0; attempt < 8; attempt++) {
    const kind = g(fc.constantFrom, 'leaf', 'negate', 'binary', 'binary', 'binary', 'conditional')
    let result: DoubleExpression
    if (kind === 'leaf') {
      result = doubleLeaf(g)
    } else if (kind === 'negate') {
      const operand = doubleExpression(g, depth - 1)
      result = { text: `(-${operand.text})`, value: -operand.value }
    } else if (kind === 'binary') {
      const operator = g(fc.constantFrom, '+', '-', '*', '/')
      const left = doubleExpression(g, depth - 1)
      const right = doubleExpression(g, depth - 1)
      if (operator === '/' && right.value === 0) continue
      const value =
        operator === '+'
          ? left.value + right.value
          : operator === '-'
            ? left.value - right.value
            : operator === '*'
              ? left.value * right.value
              : left.value / right.value
      result = { text: `(${left.text} ${operator} ${right.text})`, value }
    } else {
      const test = expression(g, g(fc.integer, { min: 0, max: 2 }))
      const then = doubleExpression(g, depth - 1)
      const otherwise = doubleExpression(g, depth - 1)
      result = {
        text: `(${test.text} ? ${then.text} : ${otherwise.text})`,
        value: test.value !== 0n ? then.value : otherwise.value
      }
    }
    if (Number.isFinite(result.value)) return result
  }
  return doubleLeaf(g)
}

/**
 * `count` random double expressions, printed exactly (%.17g, %a, %e), and some converted back
 * to integer types (truncation toward zero, only where the value fits: otherwise undefined).
 */
function doubleLines(g: Generate, count: number): ProgramLine[] {
  const lines: ProgramLine[] = []
  while (lines.length < count) {
    const e = doubleExpression(g, g(fc.integer, { min: 1, max: 4 }))
    const format = g(fc.constantFrom, '%.17g', '%a', '%.6e', '%f', 'cast')
    if (format !== 'cast') {
      lines.push({
        statements: `printf("${format}\\n", ${e.text});`,
        description: `${format} of ${e.text}`,
        value: '' // printed by glibc only; the guard here is that the value is finite
      })
      continue
    }
    const type = g(fc.constantFrom, ...ALL_TYPES)
    const truncated = Math.trunc(e.value)
    const limit = 2 ** (type.signed ? type.bits - 1 : type.bits)
    const lowest = type.signed ? -limit : 0
    // C: a double converted to an integer type must fit after truncation (C11 6.3.1.4).
    if (!(truncated >= lowest && truncated < limit)) continue
    lines.push({
      statements: printInteger(`((${type.name})${e.text})`, type),
      description: `(${type.name})${e.text}`,
      value: String(BigInt(truncated))
    })
  }
  return lines
}

const SCALAR_FIELD_TYPES = [
  'char',
  'unsigned char',
  'short',
  'unsigned short',
  'int',
  'unsigned int',
  'long',
  'unsigned long',
  'long long',
  'double',
  'size_t',
  'char *',
  'int *',
  'double *'
]

/**
 * `count` random struct types (scalars, pointers, function pointers, one- and two-dimensional
 * arrays, earlier structs nested by value, self-referential pointers), each printed as its
 * sizeof, the sizeof of an array of three, and every member's offset measured by hand, as
 * `(char *)&v.member - (char *)&v`. gcc's x86-64 layout is the oracle for padding and alignment.
 */
function structLines(g: Generate, count: number): ProgramLine[] {
  const lines: ProgramLine[] = []
  for (let i = 0; i < count; i++) {
    const name = `S${i}`
    const members: string[] = []
    const fieldCount = g(fc.integer, { min: 1, max: 6 })
    for (let f = 0; f < fieldCount; f++) {
      const field = `m${f}`
      const kind = g(
        fc.constantFrom,
        'scalar',
        'scalar',
        'scalar',
        'array',
        'matrix',
        'nested',
        'pointer',
        'function'
      )
      const scalar = g(fc.constantFrom, ...SCALAR_FIELD_TYPES)
      const earlier = i > 0 ? `struct S${g(fc.integer, { min: 0, max: i - 1 })}` : 'char'
      const length = g(fc.integer, { min: 1, max: 5 })
      if (kind === 'scalar') members.push(`${scalar} ${field};`)
      else if (kind === 'array') members.push(`${scalar} ${field}[${length}];`)
      else if (kind === 'matrix')
        members.push(`${scalar} ${field}[${length}][${g(fc.integer, { min: 1, max: 3 })}];`)
      else if (kind === 'nested')
        members.push(g(fc.boolean) ? `${earlier} ${field};` : `${earlier} ${field}[2];`)
      else if (kind === 'pointer') members.push(`struct ${name} *${field};`)
      else members.push(`int (*${field})(int, ${scalar});`)
    }
    const offsets = members.map((_, f) => `(long)((char *)&v.m${f} - (char *)&v)`)
    const format = ['%zu', '%zu', ...offsets.map(() => '%ld')].join(' ')
    lines.push({
      topLevel: `struct ${name} {\n${members.map((m) => `    ${m}`).join('\n')}\n};`,
      statements: `{ struct ${name} v; printf("${format}\\n", sizeof(struct ${name}), sizeof(struct ${name}[3]), ${offsets.join(', ')}); }`,
      description: `struct ${name} { ${members.join(' ')} }`,
      value: ''
    })
  }
  return lines
}

const FRAME_SLOT_TYPES = ['char', 'short', 'int', 'long', 'double', 'char *', 'unsigned char']

/**
 * `count` random functions, each with random parameters and locals (scalars, arrays of every
 * size from 1 to 40 bytes, a small struct), printing how far each one lies from the first local:
 * where gcc -O0 puts locals and spills parameters in the frame. Stack address differences are
 * the same on every run, so gcc is the oracle.
 */
function frameLines(g: Generate, count: number): ProgramLine[] {
  const lines: ProgramLine[] = []
  for (let i = 0; i < count; i++) {
    const parameters: string[] = []
    const parameterCount = g(fc.integer, { min: 0, max: 4 })
    for (let p = 0; p < parameterCount; p++)
      parameters.push(`${g(fc.constantFrom, ...FRAME_SLOT_TYPES)} p${p}`)
    const locals: string[] = []
    const localCount = g(fc.integer, { min: 1, max: 6 })
    for (let l = 0; l < localCount; l++) {
      const kind = g(fc.constantFrom, 'scalar', 'scalar', 'array', 'struct')
      const type = g(fc.constantFrom, ...FRAME_SLOT_TYPES)
      if (kind === 'scalar') locals.push(`${type} v${l}`)
      else if (kind === 'array') locals.push(`char v${l}[${g(fc.integer, { min: 1, max: 40 })}]`)
      else locals.push(`struct frame_pair v${l}`)
    }
    const names = [...locals.map((_, l) => `v${l}`), ...parameters.map((_, p) => `p${p}`)]
    const distances = names.map((n) => `(long)((char *)&${n} - (char *)&v0)`)
    const format = names.map((n) => `${n} %ld`).join(' ')
    const call = parameters.map((declaration) => (declaration.includes('*') ? '0' : '1'))
    lines.push({
      topLevel: [
        `void frame${i}(${parameters.length === 0 ? 'void' : parameters.join(', ')}) {`,
        ...locals.map((declaration) => `    ${declaration};`),
        `    printf("${format}\\n", ${distances.join(', ')});`,
        '}'
      ].join('\n'),
      statements: `frame${i}(${call.join(', ')});`,
      description: `frame${i}(${parameters.join(', ')}) { ${locals.join('; ')} }`,
      value: ''
    })
  }
  return lines
}

/** A whole C program: the variables, then every line's statements in order. */
function programOf(lines: ProgramLine[]): string {
  const doubles = DOUBLE_VARIABLES.map((v) => `    double ${v.name} = ${cDouble(v.value)};`)
  const body = lines.map((line) => `    ${line.statements}`)
  const definitions = lines.flatMap((line) =>
    line.topLevel === undefined ? [] : [line.topLevel, '']
  )
  return [
    '#include <stdio.h>',
    '',
    'struct frame_pair {',
    '    char tag;',
    '    int value;',
    '};',
    '',
    ...definitions,
    'int main(void) {',
    ...integerDeclarations(),
    ...doubles,
    ...body,
    '    return 0;',
    '}',
    ''
  ].join('\n')
}

/** The kinds of generated program, each from its own seeded generator. */
const PROGRAMS: Array<{ name: string; seed: number; lines: (g: Generate) => ProgramLine[] }> = [
  { name: 'integer expressions', seed: 20261127, lines: (g) => expressionLines(g, 200) },
  { name: 'more integer expressions', seed: 314159, lines: (g) => expressionLines(g, 200) },
  {
    name: 'assignments and compound assignments',
    seed: 27182818,
    lines: (g) => assignmentLines(g, 200)
  },
  { name: 'double expressions and conversions', seed: 1618033, lines: (g) => doubleLines(g, 200) },
  {
    name: 'struct layouts (sizeof and member offsets)',
    seed: 5772156,
    lines: (g) => structLines(g, 60)
  },
  {
    name: 'stack frame layouts (locals and parameters)',
    seed: 6626070,
    lines: (g) => frameLines(g, 60)
  }
]

const generatedPrograms = new Map<string, { source: string; lines: ProgramLine[] }>()

/** The program's source and lines (generated once per test run: generation is deterministic). */
function generated(program: (typeof PROGRAMS)[number]): { source: string; lines: ProgramLine[] } {
  const cached = generatedPrograms.get(program.name)
  if (cached) return cached
  const [g] = fc.sample(fc.gen(), { seed: program.seed, numRuns: 1 })
  const lines = program.lines(g)
  const result = { source: programOf(lines), lines }
  generatedPrograms.set(program.name, result)
  return result
}

const gccFound = spawnSync('gcc', ['--version']).status === 0
if (!gccFound)
  console.warn('gcc not found: random expressions are not compared with gcc on this machine')

const gccOutputs = new Map<string, string>()

/** Compiles with gcc (with the undefined-behaviour sanitizer when it links) and runs, once per source. */
function runWithGcc(source: string): string {
  const cached = gccOutputs.get(source)
  if (cached !== undefined) return cached
  const output = compileAndRun(source)
  gccOutputs.set(source, output)
  return output
}

function compileAndRun(source: string): string {
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

/**
 * Generated programs the interpreter does not yet run as gcc does, with the reason. Each is
 * asserted with `it.fails`, so it turns red (and must be removed from here) once it is fixed.
 */
const KNOWN_INTERPRETER_GAPS: Record<string, string> = {}

describe.runIf(gccFound)(
  'random expressions: interpreter vs gcc (skipped when gcc not found)',
  () => {
    for (const program of PROGRAMS) {
      const gap = KNOWN_INTERPRETER_GAPS[program.name]
      const test = gap === undefined ? it : it.fails
      const title = `evaluates ${program.name} (seed ${program.seed}) as gcc does`
      test(gap === undefined ? title : `${title} (known gap: ${gap})`, () => {
        const { source, lines } = generated(program)
        const gccLines = runWithGcc(source).split('\n')
        expect(gccLines.length, 'gcc printed one line per generated line').toBe(lines.length + 1)
        const result = runC(source)
        const errors = result.diagnostics.filter((d) => d.severity === 'error')
        expect(errors.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual([])
        const ourLines = result.stdout.split('\n')
        const differences: string[] = []
        lines.forEach((line, i) => {
          if (ourLines[i] !== gccLines[i])
            differences.push(`${line.description}: gcc ${gccLines[i]}, interpreter ${ourLines[i]}`)
        })
        expect(differences.slice(0, 20)).toEqual([])
        expect(result.exit.status).toBe(0)
      })
    }

    it("computes the values gcc prints (a check of the generators' own UB guard)", () => {
      // The generators' values only keep undefined behaviour out, but if they disagree with gcc
      // the guard is reasoning about the wrong numbers.
      const differences: string[] = []
      for (const program of PROGRAMS) {
        const { source, lines } = generated(program)
        const gccLines = runWithGcc(source).split('\n')
        lines.forEach((line, i) => {
          if (line.value !== '' && line.value !== gccLines[i])
            differences.push(`${line.description}: generator ${line.value}, gcc ${gccLines[i]}`)
        })
      }
      expect(differences.slice(0, 20)).toEqual([])
    })
  }
)
