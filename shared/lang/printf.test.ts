/**
 * formatPrintf against the real glibc: every case is also compiled into a C program, run, and
 * the two outputs are compared line by line. Hand-worked cases come first so a failure reads
 * as arithmetic, not as "differs from gcc".
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatPrintf, type PrintfArguments } from './printf'

/** A printf argument with its C type, so the same call can be written in C. */
type Argument =
  | { int: number | bigint } // int
  | { long: number | bigint }
  | { unsigned: number | bigint }
  | { unsignedLong: number | bigint }
  | { double: number }
  | { string: string | null }
  | { pointer: number }

type Case = [format: string, ...args: Argument[]]

function argumentsOf(args: Argument[]): PrintfArguments {
  let next = 0
  const take = (): Argument => {
    const argument = args[next++]
    if (argument === undefined) throw new Error('printf read more arguments than the case has')
    return argument
  }
  return {
    int() {
      const argument = take()
      if ('int' in argument) return BigInt(argument.int)
      if ('long' in argument) return BigInt(argument.long)
      if ('unsigned' in argument) return BigInt(argument.unsigned)
      if ('unsignedLong' in argument) return BigInt(argument.unsignedLong)
      throw new Error(`expected an integer argument, got ${JSON.stringify(argument)}`)
    },
    double() {
      const argument = take()
      if ('double' in argument) return argument.double
      throw new Error(`expected a double argument, got ${JSON.stringify(argument)}`)
    },
    string() {
      const argument = take()
      if ('string' in argument) return argument.string
      throw new Error(`expected a string argument, got ${JSON.stringify(argument)}`)
    },
    pointer() {
      const argument = take()
      if ('pointer' in argument) return argument.pointer
      throw new Error(`expected a pointer argument, got ${JSON.stringify(argument)}`)
    }
  }
}

function format(testCase: Case): string {
  const [template, ...args] = testCase
  return formatPrintf(template, argumentsOf(args))
}

function cString(text: string): string {
  return '"' + text.replace(/[\\"]/g, (c) => '\\' + c).replace(/\n/g, '\\n') + '"'
}

/** The double as a C expression with exactly the same value. */
function cDouble(value: number): string {
  if (Number.isNaN(value)) return '__builtin_nan("")'
  if (value === Infinity) return '__builtin_inf()'
  if (value === -Infinity) return '(-__builtin_inf())'
  if (Object.is(value, -0)) return '(-0.0)'
  // The shortest round-trip decimal; gcc reads literals correctly rounded, so this is exact.
  const text = String(value)
  return /[.e]/.test(text) ? `(${text})` : `(${text}.0)`
}

function cArgument(argument: Argument): string {
  if ('int' in argument) return `(int)${argument.int}LL`
  if ('long' in argument) return `(long)${argument.long}LL`
  if ('unsigned' in argument) return `(unsigned)${argument.unsigned}ULL`
  if ('unsignedLong' in argument) return `(unsigned long)${argument.unsignedLong}ULL`
  if ('double' in argument) return cDouble(argument.double)
  if ('string' in argument) return argument.string === null ? '(char *)0' : cString(argument.string)
  return `(void *)${argument.pointer}UL`
}

const gccFound = spawnSync('gcc', ['--version']).status === 0
if (!gccFound) console.warn('gcc not found: printf is not compared with glibc on this machine')

/** Compiles one C program printing every case on its own line, runs it, returns the lines. */
function printWithGlibc(cases: Case[]): string[] {
  const calls = cases.map(
    ([template, ...args]) =>
      `  printf(${[cString(template), ...args.map(cArgument)].join(', ')}); putchar('\\n');`
  )
  const program = `#include <stdio.h>\nint main(void) {\n${calls.join('\n')}\n  return 0;\n}\n`
  const directory = mkdtempSync(join(tmpdir(), 'printf-gcc-'))
  try {
    writeFileSync(join(directory, 'cases.c'), program)
    execFileSync('gcc', ['-O0', '-w', '-o', 'cases', 'cases.c'], { cwd: directory })
    const output = execFileSync(join(directory, 'cases'), { encoding: 'latin1' })
    return output.split('\n').slice(0, cases.length)
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

/** Every mismatch between formatPrintf and glibc, as readable lines. */
function mismatches(cases: Case[]): string[] {
  const expected = printWithGlibc(cases)
  const differences: string[] = []
  cases.forEach((testCase, i) => {
    const actual = format(testCase)
    if (actual !== expected[i]) {
      differences.push(
        `printf(${JSON.stringify(testCase)}): glibc ${JSON.stringify(expected[i])}, ours ${JSON.stringify(actual)}`
      )
    }
  })
  return differences
}

describe('formatPrintf, worked by hand', () => {
  it('reads %d as the low 32 bits of the register, signed', () => {
    // 0x1_0000_0005 truncated to 32 bits is 5; 0xffffffff as signed 32-bit is −1.
    expect(format(['%d', { long: 0x1_0000_0005n }])).toBe('5')
    expect(format(['%d', { unsigned: 0xffffffff }])).toBe('-1')
    expect(format(['%u', { int: -1 }])).toBe('4294967295')
    expect(format(['%lu', { long: -1 }])).toBe('18446744073709551615')
    // 300 mod 256 = 44; as signed char 200 − 256 = −56.
    expect(format(['%hhu %hhd', { int: 300 }, { int: 200 }])).toBe('44 -56')
  })

  it('pads with width, flags and precision', () => {
    expect(format(['[%5d|%-5d|%05d]', { int: 42 }, { int: 42 }, { int: -42 }])).toBe(
      '[   42|42   |-0042]'
    )
    // Precision 3 gives at least three digits and turns the 0 flag off.
    expect(format(['[%08.3d]', { int: 7 }])).toBe('[     007]')
    expect(format(['[%.0d]', { int: 0 }])).toBe('[]')
    expect(format(['%#x %#o %#X', { int: 255 }, { int: 8 }, { int: 0 }])).toBe('0xff 010 0')
    expect(format(['[%*d|%-*d]', { int: 4 }, { int: 1 }, { int: -3 }, { int: 2 }])).toBe(
      '[   1|2  ]'
    )
  })

  it('prints strings, characters and pointers like glibc', () => {
    expect(format(['[%.3s|%6s|%-4c]', { string: 'abcdef' }, { string: 'hi' }, { int: 65 }])).toBe(
      '[abc|    hi|A   ]'
    )
    expect(format(['%s %p %p', { string: null }, { pointer: 0 }, { pointer: 0x5555 }])).toBe(
      '(null) (nil) 0x5555'
    )
    expect(format(['100%%'])).toBe('100%')
  })

  it('rounds the exact binary value half to even', () => {
    // 0.5, 1.5, 2.5 are exact ties: to even gives 0, 2, 2.
    expect(format(['%.0f %.0f %.0f', { double: 0.5 }, { double: 1.5 }, { double: 2.5 }])).toBe(
      '0 2 2'
    )
    // 0.125 is exact, a tie at two places: 0.12. 2.675 is really 2.67499999999999982236431605997495353221893310546875.
    expect(format(['%.2f %.2f', { double: 0.125 }, { double: 2.675 }])).toBe('0.12 2.67')
    // 0.1 is 0.1000000000000000055511151231257827021181583404541015625 exactly.
    expect(format(['%.20f', { double: 0.1 }])).toBe('0.10000000000000000555')
    expect(format(['%f', { double: -0 }])).toBe('-0.000000')
    expect(format(['%.1f', { double: -0.01 }])).toBe('-0.0')
  })

  it('prints exponents with at least two digits and handles 9.99… carrying over', () => {
    expect(format(['%e', { double: 12345.678 }])).toBe('1.234568e+04')
    expect(format(['%.2e', { double: 9.999 }])).toBe('1.00e+01')
    expect(format(['%e', { double: 0 }])).toBe('0.000000e+00')
    // The smallest subnormal, 2^−1074 ≈ 4.9406564584124654e−324.
    expect(format(['%.3e', { double: 5e-324 }])).toBe('4.941e-324')
  })

  it('chooses %g style from the rounded exponent and strips zeros', () => {
    // 0.0001 has exponent −4, so fixed; 0.00001 has −5, so scientific.
    expect(format(['%g %g', { double: 0.0001 }, { double: 0.00001 }])).toBe('0.0001 1e-05')
    // 999999.5 rounds to 6 significant digits as 1.00000e+06: exponent 6 is not < 6.
    expect(format(['%g %g', { double: 999999.5 }, { double: 100000 }])).toBe('1e+06 100000')
    expect(format(['%#g', { double: 1 }])).toBe('1.00000')
  })

  it('prints inf and nan, ignoring the 0 flag', () => {
    expect(
      format(['[%05f|%F|%+e]', { double: Infinity }, { double: -Infinity }, { double: NaN }])
    ).toBe('[  inf|-INF|+nan]')
  })
})

const EDGE_DOUBLES = [
  0,
  -0,
  0.5,
  1.5,
  2.5,
  -2.5,
  0.125,
  0.375,
  1e21,
  1e-7,
  1.7976931348623157e308,
  5e-324,
  2.2250738585072014e-308,
  0.1,
  0.2,
  0.3,
  123456789.987654321,
  3.14159265358979,
  1 / 3,
  2 / 3,
  9.5,
  99.5,
  999999.5,
  9999995,
  0.00001,
  0.0001,
  123456,
  1234567,
  1e15,
  1e16,
  1e100,
  -1e-100,
  Infinity,
  -Infinity,
  NaN,
  2.675,
  1.005,
  4.35,
  0.045,
  1e6,
  12345.678,
  999.5,
  99.95,
  9.995,
  0.00099995,
  0.000099995,
  0.9999996,
  9999995,
  1e-5,
  1e-320
]
const DOUBLE_FORMATS = [
  '%f',
  '%.0f',
  '%.1f',
  '%.2f',
  '%.3f',
  '%.10f',
  '%.17f',
  '%.30f',
  '%e',
  '%.0e',
  '%.2e',
  '%.16e',
  '%E',
  '%g',
  '%.0g',
  '%.1g',
  '%.3g',
  '%.10g',
  '%.17g',
  '%G',
  '%F',
  '%#.0f',
  '%#.0e',
  '%#g',
  '%#.3g',
  '%#.1g',
  '%.0e',
  '%#.2g',
  '%+f',
  '% f',
  '%+.2e',
  '%12.3f',
  '%-12.3f|',
  '%012.3f',
  '%+012.3e',
  '% 015g',
  '%-+10g|',
  '%a',
  '%.3a',
  '%.0a',
  '%A',
  '%#.0a'
]
const INTEGER_VALUES = [
  0n,
  1n,
  -1n,
  7n,
  -7n,
  42n,
  255n,
  256n,
  65535n,
  2147483647n,
  -2147483648n,
  4294967295n,
  4294967296n,
  9223372036854775807n,
  -9223372036854775808n,
  0xdeadbeefn,
  1234567890123n
]
const INTEGER_FORMATS = [
  '%d',
  '%i',
  '%u',
  '%x',
  '%X',
  '%o',
  '%ld',
  '%lu',
  '%lx',
  '%lld',
  '%llu',
  '%zu',
  '%hd',
  '%hu',
  '%hhd',
  '%hhu',
  '%hhx',
  '%5d',
  '%-5d|',
  '%05d',
  '%+d',
  '% d',
  '%+05d',
  '%.3d',
  '%8.3d',
  '%-8.3d|',
  '%08.3d',
  '%.0d',
  '%#x',
  '%#X',
  '%#o',
  '%#.0o',
  '%#.0x',
  '%#10lx',
  '%#010lx',
  '%+u',
  '% lu',
  '%-#12lo|',
  '%c'
]

describe.runIf(gccFound)('formatPrintf against glibc via gcc (skipped when gcc not found)', () => {
  it('formats edge doubles exactly as glibc', () => {
    const cases: Case[] = []
    for (const template of DOUBLE_FORMATS)
      for (const value of EDGE_DOUBLES) cases.push([template, { double: value }])
    expect(mismatches(cases)).toEqual([])
  })

  it('formats edge integers exactly as glibc', () => {
    const cases: Case[] = []
    for (const template of INTEGER_FORMATS)
      for (const value of INTEGER_VALUES) {
        // A %c of 0 would end the C line early, so characters use printable values only.
        if (template === '%c') cases.push([template, { int: 32n + (((value % 90n) + 90n) % 90n) }])
        else if (template.includes('l') || template.includes('z'))
          cases.push([template, { long: BigInt.asIntN(64, value) }])
        else cases.push([template, { int: BigInt.asIntN(32, value) }])
      }
    expect(mismatches(cases)).toEqual([])
  })

  it('formats strings, pointers, star widths and precisions as glibc', () => {
    const cases: Case[] = [
      ['[%s]', { string: 'hello' }],
      ['[%10s]', { string: 'hello' }],
      ['[%-10s]', { string: 'hello' }],
      ['[%.2s]', { string: 'hello' }],
      ['[%10.2s]', { string: 'hello' }],
      ['[%.0s]', { string: 'hello' }],
      ['[%s]', { string: null }],
      ['[%10s]', { string: null }],
      ['[%.3s]', { string: null }],
      ['[%.6s]', { string: null }],
      ['[%p]', { pointer: 0 }],
      ['[%10p]', { pointer: 0 }],
      ['[%-10p]', { pointer: 0 }],
      ['[%.2p]', { pointer: 0 }],
      ['[%p]', { pointer: 0x555555554000 }],
      ['[%20p]', { pointer: 0x7ffffffff000 }],
      ['[%-20p]', { pointer: 0x1000 }],
      ['[%020p]', { pointer: 0x1000 }],
      ['[%+p]', { pointer: 0x1000 }],
      ['[% p]', { pointer: 0x1000 }],
      ['[%.8p]', { pointer: 0x1000 }],
      ['[%*d]', { int: 6 }, { int: 42 }],
      ['[%*d]', { int: -6 }, { int: 42 }],
      ['[%.*d]', { int: 4 }, { int: 42 }],
      ['[%.*d]', { int: -4 }, { int: 42 }],
      ['[%*.*f]', { int: 10 }, { int: 2 }, { double: 3.14159 }],
      ['[%-*.*e]', { int: 14 }, { int: 1 }, { double: -0.000123 }],
      ['[%.*s]', { int: 3 }, { string: 'abcdef' }],
      ['[%c%c%c]', { int: 77 }, { int: 76 }, { int: 0x1_00_41 }],
      ['[%5c|%-5c]', { int: 120 }, { int: 121 }],
      ['[%%|%5%|%-5%]'],
      ['%d%% of %s is %.1f', { int: 50 }, { string: 'ten' }, { double: 5 }],
      ['[%ld %lld %zu]', { long: -5 }, { long: 6 }, { long: 7 }],
      ['[%y %5y]'],
      [
        '[%05s|%05c|%010p|%05%|%05.1s|%#5c]',
        { string: 'ab' },
        { int: 120 },
        { pointer: 0 },
        { string: 'xyz' },
        { int: 121 }
      ],
      ["[%'d|%'.2f]", { int: 1234567 }, { double: 1234567.891 }],
      ['[%-08d|%0-8d|%+ d|% +d]', { int: 42 }, { int: 42 }, { int: 42 }, { int: 42 }],
      ['[%#.3o|%#5x|%-#8o|%#08X]', { int: 8 }, { int: 255 }, { int: 8 }, { int: 255 }],
      ['[%5.0f|%-+8.3e|%#8.0e]', { double: 2.5 }, { double: 12345 }, { double: 7 }],
      ['[%.350f]', { double: 5e-324 }],
      ['[%.0f|%.0f]', { double: 1.7976931348623157e308 }, { double: -4.5 }],
      ['[%hd|%hu|%hhd|%hhu]', { int: 70000 }, { int: -1 }, { int: 383 }, { int: -129 }],
      [
        '[%lld|%llx|%zx|%jd|%td]',
        { long: -1 },
        { long: -1 },
        { long: 4096 },
        { long: -7 },
        { long: 9 }
      ],
      ['[%i|%5i|%-5i|%.3i]', { int: -3 }, { int: 3 }, { int: 3 }, { int: 3 }],
      [
        '[%e|%E|%g|%G]',
        { double: 1e-310 },
        { double: 6.02214076e23 },
        { double: 1e-310 },
        { double: 1e100 }
      ]
    ]
    expect(mismatches(cases)).toEqual([])
  })

  it('agrees with glibc on random doubles, precisions and flags (fast-check, seeded)', () => {
    const flags = fc.subarray(['-', '+', ' ', '#', '0'])
    const doubleCase = fc
      .record({
        flags,
        width: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
        precision: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
        conversion: fc.constantFrom('f', 'F', 'e', 'E', 'g', 'G'),
        value: fc.oneof(
          fc.double(),
          fc.double({ min: -1e7, max: 1e7 }),
          fc.integer({ min: -100000, max: 100000 }).map((n) => n / 8),
          fc.integer({ min: -1000, max: 1000 }).map((n) => n / 1000)
        )
      })
      .map(({ flags, width, precision, conversion, value }): Case => [
        `[%${flags.join('')}${width ?? ''}${precision === undefined ? '' : '.' + precision}${conversion}]`,
        { double: value }
      ])
    const cases = fc.sample(doubleCase, { seed: 20261127, numRuns: 5000 })
    expect(mismatches(cases)).toEqual([])
  })
})
