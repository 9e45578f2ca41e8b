/**
 * The lexer and the small preprocessor of the C subset.
 *
 * Preprocessing is deliberately tiny: `#include` of a standard header is accepted (the
 * library functions are built in), `#define NAME value` defines an object-like macro, and
 * every other directive is reported as unsupported, by name.
 */
import { LIBRARY_MACROS } from './builtins'
import { DiagnosticSink, reason } from './diagnostics'
import { decimalToFloat32, toFloat32 } from './float32'
import { BUFSIZ, FULLY_BUFFERED, LINE_BUFFERED, UNBUFFERED } from './stdio'

export type TokenKind =
  'identifier' | 'keyword' | 'integer' | 'float' | 'char' | 'string' | 'punct' | 'eof'

export interface Token {
  kind: TokenKind
  /** The spelling as written (for strings and chars: the decoded value is in `value`). */
  text: string
  line: number
  column: number
  endColumn: number
  /** Decoded bytes of a string literal (without the terminating NUL). */
  bytes?: number[]
  /** Value of an integer or character literal. */
  integer?: bigint
  /** Integer literal suffix flags, e.g. `U`, `L`, `UL`, `LL`, `ULL` (upper-cased). */
  suffix?: string
  /** True when the integer literal was written in hex or octal (affects its type). */
  radixNotDecimal?: boolean
  float?: number
  /** A floating constant with the suffix `f`/`F`: a `float`, its value rounded to single precision. */
  single?: boolean
}

export const KEYWORDS = new Set([
  'auto',
  'break',
  'case',
  'char',
  'const',
  'continue',
  'default',
  'do',
  'double',
  'else',
  'enum',
  'extern',
  'float',
  'for',
  'goto',
  'if',
  'inline',
  'int',
  'long',
  'register',
  'restrict',
  'return',
  'short',
  'signed',
  'sizeof',
  'static',
  'struct',
  'switch',
  'typedef',
  'union',
  'unsigned',
  'void',
  'volatile',
  'while',
  '_Bool',
  '_Static_assert',
  '_Alignof',
  '__alignof__',
  '__alignof',
  '_Noreturn',
  '_Alignas',
  '__attribute__',
  '__attribute',
  'typeof',
  '__typeof__',
  '__typeof'
])

/** Headers whose functions and names the subset provides. */
export const STANDARD_HEADERS = new Set([
  'stdio.h',
  'stdlib.h',
  'string.h',
  'assert.h',
  'stddef.h',
  'stdint.h',
  'stdbool.h',
  'stdalign.h',
  'limits.h',
  'unistd.h',
  'malloc.h',
  'errno.h',
  'ctype.h',
  'inttypes.h',
  'math.h',
  'float.h',
  'time.h',
  'stdarg.h',
  'sys/time.h',
  'sys/types.h',
  'gc.h'
])

/** Macros every program sees, as the standard headers define them on x86-64 Linux. */
export const PREDEFINED_MACROS: Record<string, string> = {
  NULL: '((void *)0)',
  EOF: '(-1)',
  // <stdalign.h>
  alignof: '_Alignof',
  alignas: '_Alignas',
  EXIT_SUCCESS: '0',
  EXIT_FAILURE: '1',
  RAND_MAX: '2147483647',
  CHAR_BIT: '8',
  SCHAR_MIN: '(-128)',
  SCHAR_MAX: '127',
  UCHAR_MAX: '255',
  CHAR_MIN: '(-128)',
  CHAR_MAX: '127',
  SHRT_MIN: '(-32768)',
  SHRT_MAX: '32767',
  USHRT_MAX: '65535',
  INT_MIN: '(-2147483647 - 1)',
  INT_MAX: '2147483647',
  UINT_MAX: '4294967295U',
  LONG_MIN: '(-9223372036854775807L - 1L)',
  LONG_MAX: '9223372036854775807L',
  ULONG_MAX: '18446744073709551615UL',
  LLONG_MIN: '(-9223372036854775807LL - 1LL)',
  LLONG_MAX: '9223372036854775807LL',
  ULLONG_MAX: '18446744073709551615ULL',
  SIZE_MAX: '18446744073709551615UL',
  // <stdint.h>, spelled as glibc spells them (so their types are glibc's too: UINT8_MAX is an int).
  INT8_MIN: '(-128)',
  INT8_MAX: '(127)',
  UINT8_MAX: '(255)',
  INT16_MIN: '(-32767-1)',
  INT16_MAX: '(32767)',
  UINT16_MAX: '(65535)',
  INT32_MIN: '(-2147483647-1)',
  INT32_MAX: '(2147483647)',
  UINT32_MAX: '(4294967295U)',
  INT64_MIN: '(-9223372036854775807L-1)',
  INT64_MAX: '(9223372036854775807L)',
  UINT64_MAX: '(18446744073709551615UL)',
  INTPTR_MIN: '(-9223372036854775807L-1)',
  INTPTR_MAX: '(9223372036854775807L)',
  UINTPTR_MAX: '(18446744073709551615UL)',
  INTMAX_MIN: '(-9223372036854775807L-1)',
  INTMAX_MAX: '(9223372036854775807L)',
  UINTMAX_MAX: '(18446744073709551615UL)',
  PTRDIFF_MIN: '(-9223372036854775807L-1)',
  PTRDIFF_MAX: '(9223372036854775807L)',
  // <float.h>, as gcc's: the float and double limits (long double's are left out).
  FLT_RADIX: '2',
  FLT_MANT_DIG: '24',
  DBL_MANT_DIG: '53',
  FLT_DIG: '6',
  DBL_DIG: '15',
  FLT_DECIMAL_DIG: '9',
  DBL_DECIMAL_DIG: '17',
  FLT_MIN_EXP: '(-125)',
  DBL_MIN_EXP: '(-1021)',
  FLT_MIN_10_EXP: '(-37)',
  DBL_MIN_10_EXP: '(-307)',
  FLT_MAX_EXP: '128',
  DBL_MAX_EXP: '1024',
  FLT_MAX_10_EXP: '38',
  DBL_MAX_10_EXP: '308',
  FLT_MAX: '3.40282346638528859811704183484516925e+38F',
  DBL_MAX: '((double)1.79769313486231570814527423731704357e+308)',
  FLT_EPSILON: '1.19209289550781250000000000000000000e-7F',
  DBL_EPSILON: '((double)2.22044604925031308084726333618164062e-16)',
  FLT_MIN: '1.17549435082228750796873653722224568e-38F',
  DBL_MIN: '((double)2.22507385850720138309023271733240406e-308)',
  FLT_TRUE_MIN: '1.40129846432481707092372958328991613e-45F',
  DBL_TRUE_MIN: '((double)4.94065645841246544176568792868221372e-324)',
  FLT_EVAL_METHOD: '0',
  // <stdio.h>
  BUFSIZ: String(BUFSIZ),
  // setvbuf's modes, as glibc numbers them.
  _IOFBF: String(FULLY_BUFFERED),
  _IOLBF: String(LINE_BUFFERED),
  _IONBF: String(UNBUFFERED),
  ...inttypesFormats(),
  true: '1',
  false: '0',
  bool: '_Bool',
  // The C library's own: stdout/stderr, errno and its codes, mallopt's parameters (builtins.ts).
  ...LIBRARY_MACROS
}

/** Function-like macros of the standard headers: <stdint.h>'s constant macros, as glibc's. */
const PREDEFINED_FUNCTION_MACROS: Record<string, { params: string[]; body: string }> = {
  INT8_C: { params: ['c'], body: 'c' },
  INT16_C: { params: ['c'], body: 'c' },
  INT32_C: { params: ['c'], body: 'c' },
  INT64_C: { params: ['c'], body: 'c ## L' },
  UINT8_C: { params: ['c'], body: 'c' },
  UINT16_C: { params: ['c'], body: 'c' },
  UINT32_C: { params: ['c'], body: 'c ## U' },
  UINT64_C: { params: ['c'], body: 'c ## UL' },
  INTMAX_C: { params: ['c'], body: 'c ## L' },
  UINTMAX_C: { params: ['c'], body: 'c ## UL' },
  // <math.h>'s classification macros that no function stands behind.
  isfinite: { params: ['x'], body: '__builtin_isfinite(x)' },
  signbit: { params: ['x'], body: '__builtin_signbit(x)' },
  fpclassify: { params: ['x'], body: '__builtin_fpclassify(x)' },
  isnormal: { params: ['x'], body: '__builtin_isnormal(x)' }
}

/** <sys/time.h>'s structs, as glibc declares them on x86-64 (time_t and suseconds_t are long). */
const SYS_TIME_DECLARATIONS =
  'struct timeval { time_t tv_sec; long tv_usec; }; struct timezone { int tz_minuteswest; int tz_dsttime; };'

/**
 * <stdarg.h>'s macros, as gcc's own header defines them: each is a built-in the parser and the
 * interpreter know (`va_list` is the `__builtin_va_list` typedef every program sees).
 */
const STDARG_MACROS: Record<string, { params: string[]; body: string }> = {
  va_start: { params: ['v', 'l'], body: '__builtin_va_start(v, l)' },
  va_end: { params: ['v'], body: '__builtin_va_end(v)' },
  va_arg: { params: ['v', 'l'], body: '__builtin_va_arg(v, l)' },
  va_copy: { params: ['d', 's'], body: '__builtin_va_copy(d, s)' },
  __va_copy: { params: ['d', 's'], body: '__builtin_va_copy(d, s)' }
}

/**
 * <inttypes.h>'s printf conversions as string literals, for `"%" PRIu64 "\n"` (adjacent
 * literals are joined): on x86-64 glibc the 64-bit and pointer-sized ones take an `l`.
 */
function inttypesFormats(): Record<string, string> {
  const formats: Record<string, string> = {}
  for (const conversion of ['d', 'i', 'u', 'x', 'X', 'o']) {
    for (const width of ['8', '16', '32']) formats[`PRI${conversion}${width}`] = `"${conversion}"`
    for (const width of ['64', 'PTR', 'MAX'])
      formats[`PRI${conversion}${width}`] = `"l${conversion}"`
  }
  return formats
}

const PUNCTUATORS = [
  '<<=',
  '>>=',
  '...',
  '->',
  '++',
  '--',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '*=',
  '/=',
  '%=',
  '+=',
  '-=',
  '&=',
  '^=',
  '|=',
  '##',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  '.',
  '&',
  '*',
  '+',
  '-',
  '~',
  '!',
  '/',
  '%',
  '<',
  '>',
  '^',
  '|',
  '?',
  ':',
  ';',
  '=',
  ',',
  '#'
]

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 10,
  t: 9,
  r: 13,
  '0': 0,
  a: 7,
  b: 8,
  f: 12,
  v: 11,
  e: 27,
  '\\': 92,
  "'": 39,
  '"': 34,
  '?': 63
}

/**
 * Splits a source file into tokens, expanding object-like macros. Problems go to `sink`. Each
 * standard header `#include`d is put in `included` with the line of its first `#include`, so
 * the checker can tell a library function called without its header (gcc's implicit
 * declaration).
 */
export function tokenize(
  source: string,
  sink: DiagnosticSink,
  included?: Map<string, number>
): Token[] {
  const spliced = new SplicedSource(source)
  const raw = rawTokens(spliced, sink)
  return expandMacros(raw, sink, spliced.physicalLineCount, included)
}

/** A place in the source as the programmer's editor shows it. */
interface PhysicalPosition {
  line: number
  column: number
}

/** Where a token or a part of one is: its start and the column after it on the same line. */
interface Place extends PhysicalPosition {
  endColumn: number
}

/** Where the spliced text from `start` to `end` (exclusive) is in the file. */
type Locate = (start: number, end: number) => Place

/** One backslash-newline removed in translation phase 2. */
interface Splice {
  /** Offset in the spliced text of the character that followed the newline. */
  at: number
  /** Offset of the backslash in the original source. */
  backslash: number
  /** Characters removed up to and including this splice. */
  removedThrough: number
  /** Spaces or tabs stood between the backslash and the newline (gcc splices and warns). */
  spaced: boolean
}

/**
 * Translation phase 2 (C11 5.1.1.2): a backslash that ends a physical line is deleted together
 * with the newline, so the next line continues the logical one — in code, inside a token, in a
 * string, in a `//` comment (whose next line is then part of the comment) and in a directive.
 * gcc also splices when only spaces or tabs stand between the backslash and the newline. The
 * lexer reads `text`; `physical` maps an offset in it back to the line and column of the file,
 * where gcc reports a diagnostic.
 */
export class SplicedSource {
  readonly text: string
  readonly splices: Splice[] = []
  /** Offset in the original source where each physical line starts. */
  private readonly lineStarts: number[] = [0]

  constructor(readonly original: string) {
    for (let nl = original.indexOf('\n'); nl >= 0; nl = original.indexOf('\n', nl + 1))
      this.lineStarts.push(nl + 1)
    const pieces: string[] = []
    let copiedFrom = 0
    let removed = 0
    for (let i = original.indexOf('\\'); i >= 0; i = original.indexOf('\\', i + 1)) {
      let j = i + 1
      while (original[j] === ' ' || original[j] === '\t') j++
      if (original[j] === '\r' && original[j + 1] === '\n') j++
      if (original[j] !== '\n') continue
      pieces.push(original.slice(copiedFrom, i))
      removed += j + 1 - i
      this.splices.push({
        at: j + 1 - removed,
        backslash: i,
        removedThrough: removed,
        spaced: original[i + 1] === ' ' || original[i + 1] === '\t'
      })
      copiedFrom = j + 1
      i = j
    }
    pieces.push(original.slice(copiedFrom))
    this.text = this.splices.length === 0 ? original : pieces.join('')
  }

  get physicalLineCount(): number {
    return this.lineStarts.length
  }

  /** The offset in the original source of offset `at` of the spliced text. */
  originalOffset(at: number): number {
    const splices = this.splices
    if (splices.length === 0) return at
    // The last splice at or before `at` (its removal happened before the character at `at`).
    let lo = 0
    let hi = splices.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (splices[mid].at <= at) lo = mid + 1
      else hi = mid
    }
    return at + (lo === 0 ? 0 : splices[lo - 1].removedThrough)
  }

  /** The line index found last: the lexer asks in increasing order, so the next is nearby. */
  private lineCursor = 0

  /** The 0-based index of the physical line holding offset `offset` of the original source. */
  private lineIndex(offset: number): number {
    const starts = this.lineStarts
    let k = this.lineCursor
    if (starts[k] <= offset) {
      while (k + 1 < starts.length && starts[k + 1] <= offset) k++
    } else {
      let lo = 0
      let hi = k
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (starts[mid] <= offset) lo = mid + 1
        else hi = mid
      }
      k = lo - 1
    }
    this.lineCursor = k
    return k
  }

  /** The 1-based line and column of an offset of the original source. */
  physicalOfOriginal(offset: number): PhysicalPosition {
    const k = this.lineIndex(offset)
    return { line: k + 1, column: offset - this.lineStarts[k] + 1 }
  }

  /** The physical line and column of offset `at` of the spliced text. */
  physical(at: number): PhysicalPosition {
    return this.physicalOfOriginal(this.originalOffset(at))
  }

  /**
   * Where the text from `start` to `end` (exclusive) of the spliced text is: its first
   * character's line and column, and the column after its last character when that is on the
   * same physical line (else the end of the first line).
   */
  span(start: number, end: number): Place {
    const first = this.originalOffset(start)
    const k = this.lineIndex(first)
    const lineStart = this.lineStarts[k]
    const column = first - lineStart + 1
    if (end <= start + 1) return { line: k + 1, column, endColumn: column + 1 }
    const last = this.originalOffset(end - 1)
    const next = k + 1 < this.lineStarts.length ? this.lineStarts[k + 1] : Infinity
    if (last < next) return { line: k + 1, column, endColumn: last - lineStart + 2 }
    return { line: k + 1, column, endColumn: Math.max(next - lineStart, column + 1) }
  }

  /** The splices removed strictly inside the spliced text's range `start`..`end`. */
  splicesWithin(start: number, end: number): Splice[] {
    return this.splices.filter((s) => s.at > start && s.at < end)
  }
}

interface RawLine {
  tokens: Token[]
  directive?: {
    name: string
    line: number
    column: number
    rest: string
    restLine: number
    restColumn: number
  }
}

function rawTokens(spliced: SplicedSource, sink: DiagnosticSink): RawLine[] {
  const source = spliced.text
  const out: RawLine[] = []
  let current: RawLine = { tokens: [] }
  let i = 0
  let atLineStart = true
  const n = source.length
  const span: Locate = spliced.span.bind(spliced)
  /** Comments as ranges of the spliced text: a spaced splice inside one draws no warning. */
  const comments: Array<[number, number]> = []

  while (i < n) {
    const c = source[i]
    if (c === '\n') {
      i++
      out.push(current)
      current = { tokens: [] }
      atLineStart = true
      continue
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++
      continue
    }
    if (c === '/' && source[i + 1] === '/') {
      const start = i
      while (i < n && source[i] !== '\n') i++
      comments.push([start, i])
      // gcc -Wall (-Wcomment): a `//` comment spliced onto the next line swallows it.
      if (spliced.splicesWithin(start, i).length > 0) {
        sink.warning(reason('lexer.multiLineComment'), span(start, start + 1))
      }
      continue
    }
    if (c === '/' && source[i + 1] === '*') {
      const start = i
      i += 2
      while (i < n && !(source[i] === '*' && source[i + 1] === '/')) i++
      comments.push([start, i])
      if (i >= n) {
        sink.error(reason('lexer.unclosedComment'), span(start, start + 2))
        break
      }
      i += 2
      continue
    }
    if (c === '#' && atLineStart) {
      const position = span(i, i + 1)
      let j = i + 1
      while (j < n && (source[j] === ' ' || source[j] === '\t')) j++
      let k = j
      while (k < n && /[A-Za-z_]/.test(source[k])) k++
      const name = source.slice(j, k)
      let end = k
      while (end < n && source[end] !== '\n') end++
      let rest = source.slice(k, end)
      const restAt = spliced.physical(k + (rest.length - rest.trimStart().length))
      rest = stripComments(rest).trim()
      current.directive = {
        name,
        line: position.line,
        column: position.column,
        rest,
        restLine: restAt.line,
        restColumn: restAt.column
      }
      i = end
      continue
    }
    atLineStart = false
    const start = i
    if (/[A-Za-z_]/.test(c)) {
      while (i < n && /[A-Za-z0-9_]/.test(source[i])) i++
      const text = source.slice(start, i)
      if (/^(L|u|U|u8)$/.test(text) && (source[i] === '"' || source[i] === "'")) {
        // An encoding prefix. u8"…" is a plain char string (C11); wide and UTF-16/32 literals
        // are not in the subset: said once, then read as a plain literal so parsing goes on.
        if (text !== 'u8')
          sink.error(
            reason(source[i] === '"' ? 'lexer.wideString' : 'lexer.wideCharacter', {
              prefix: text
            }),
            span(start, i + 1)
          )
        i = lexQuoted(source, i, span, current.tokens, sink)
        continue
      }
      const at = span(start, i)
      current.tokens.push({
        kind: KEYWORDS.has(text) ? 'keyword' : 'identifier',
        text,
        line: at.line,
        column: at.column,
        endColumn: at.endColumn
      })
      continue
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      i = lexNumber(source, i, span, current.tokens, sink)
      continue
    }
    if (c === '"' || c === "'") {
      i = lexQuoted(source, i, span, current.tokens, sink)
      continue
    }
    const punct = PUNCTUATORS.find((p) => source.startsWith(p, i))
    if (punct) {
      i += punct.length
      const at = span(start, i)
      current.tokens.push({
        kind: 'punct',
        text: punct,
        line: at.line,
        column: at.column,
        endColumn: at.endColumn
      })
      continue
    }
    sink.error(reason('lexer.strayCharacter', { character: c }), span(i, i + 1))
    i++
  }
  out.push(current)
  for (const splice of spliced.splices) {
    if (!splice.spaced) continue
    if (comments.some(([from, to]) => splice.at > from && splice.at <= to)) continue
    const at = spliced.physicalOfOriginal(splice.backslash)
    sink.warning(reason('lexer.backslashSpaceNewline'), { ...at, endColumn: at.column + 1 })
  }
  return out
}

function stripComments(text: string): string {
  return text.replace(/\/\*.*?\*\//g, ' ').replace(/\/\/.*$/, '')
}

function lexNumber(
  source: string,
  start: number,
  span: Locate,
  tokens: Token[],
  sink: DiagnosticSink
): number {
  let i = start
  // Take the whole preprocessing number, then decide what it is.
  while (
    i < source.length &&
    (/[0-9A-Za-z_.]/.test(source[i]) ||
      ((source[i] === '+' || source[i] === '-') &&
        (/[pP]/.test(source[i - 1]) ||
          (/[eE]/.test(source[i - 1]) && !/^0[xX]/.test(source.slice(start, i))))))
  ) {
    i++
  }
  const text = source.slice(start, i)
  const position = span(start, i)
  const token: Token = { kind: 'integer', text, ...position }
  // 0b101 is a GNU extension gcc accepts without a word (C23 adopted it).
  const intMatch = /^(0[xX][0-9A-Fa-f]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uUlL]*)$/.exec(text)
  if (intMatch) {
    const digits = intMatch[1]
    const suffix = intMatch[2].toUpperCase()
    if (!['', 'U', 'L', 'UL', 'LU', 'LL', 'ULL', 'LLU'].includes(suffix)) {
      sink.error(reason('lexer.integerSuffix', { suffix: intMatch[2] }), position)
    }
    let value: bigint
    if (/^0[xXbB]/.test(digits)) value = BigInt(digits.toLowerCase())
    else if (digits.length > 1 && digits[0] === '0') value = BigInt('0o' + digits.slice(1))
    else value = BigInt(digits)
    token.integer = value
    token.suffix = suffix.replace('LU', 'UL').replace('LLU', 'ULL')
    token.radixNotDecimal = digits.length > 1 && digits[0] === '0'
    if (value >= 1n << 64n) sink.error(reason('lexer.integerTooLarge', { text }), position)
    tokens.push(token)
    return i
  }
  const floatMatch =
    /^([0-9]*\.[0-9]*([eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+)([fFlL]?)$/.exec(text) ??
    /^(0[xX](?:[0-9A-Fa-f]+\.?[0-9A-Fa-f]*|\.[0-9A-Fa-f]+)[pP][+-]?[0-9]+)([fFlL]?)$/.exec(text)
  if (floatMatch && floatMatch[1] !== '.') {
    const suffix = floatMatch[floatMatch.length - 1]
    token.kind = 'float'
    const hex = /^0[xX]/.test(text)
    if (/[fF]/.test(suffix)) {
      // A float constant: the exact value rounded once to single precision.
      token.single = true
      token.float = hex ? toFloat32(hexFloat(floatMatch[1])) : decimalToFloat32(floatMatch[1])
    } else {
      token.float = hex ? hexFloat(floatMatch[1]) : Number(floatMatch[1])
      if (suffix) {
        sink.error(reason('lexer.floatSuffix', { suffix, text, type: 'long double' }), position)
      }
    }
    tokens.push(token)
    return i
  }
  if (/^0[0-9]+$/.test(text)) {
    sink.error(reason('lexer.badOctal', { text }), position)
  } else {
    sink.error(reason('lexer.badNumber', { text }), position)
  }
  token.integer = 0n
  token.suffix = ''
  tokens.push(token)
  return i
}

/**
 * The value of a hexadecimal floating constant (C99), `0x1.8p3` = 1.5 × 2³ = 12: the hex digits
 * as one integer, scaled by 2 to the exponent less four bits per digit after the point.
 */
function hexFloat(text: string): number {
  const m = /^0[xX]([0-9A-Fa-f]*)\.?([0-9A-Fa-f]*)[pP]([+-]?[0-9]+)$/.exec(text)
  if (!m) return NaN
  const digits = BigInt('0x' + (m[1] + m[2] || '0'))
  let exponent = Number(m[3]) - 4 * m[2].length
  // Number() rounds the digits to 53 bits; the powers of two after it are exact, applied in
  // steps so that neither 2^exponent nor an intermediate overflows or underflows on its own.
  let value = Number(digits)
  while (exponent > 0 && value !== Infinity) {
    const step = Math.min(exponent, 1000)
    value *= 2 ** step
    exponent -= step
  }
  while (exponent < 0 && value !== 0) {
    const step = Math.max(exponent, -1000)
    value *= 2 ** step
    exponent -= step
  }
  return value
}

/**
 * Whether a universal character name may name `cp` (C11 6.4.3p2): not a surrogate, and not
 * below U+00A0 except `$`, `@` and `` ` `` (the basic characters are written as themselves);
 * gcc accepts up to 0x7FFFFFFF, beyond Unicode with a warning.
 */
function validUniversalCharacter(cp: number): boolean {
  if (cp < 0xa0) return cp === 0x24 || cp === 0x40 || cp === 0x60
  return !(cp >= 0xd800 && cp <= 0xdfff) && cp <= 0x7fffffff
}

/** `cp` beyond U+10FFFF in the original UTF-8 of up to 6 bytes (RFC 2279), as gcc writes it. */
function extendedUtf8(cp: number): number[] {
  const length = cp < 0x200000 ? 4 : cp < 0x4000000 ? 5 : 6
  const out: number[] = []
  for (let k = length - 1; k > 0; k--) out.unshift(0x80 | ((cp >>> (6 * (length - 1 - k))) & 0x3f))
  const lead = [0, 0, 0, 0, 0xf0, 0xf8, 0xfc][length]
  return [lead | (cp >>> (6 * (length - 1))), ...out]
}

function lexQuoted(
  source: string,
  start: number,
  span: Locate,
  tokens: Token[],
  sink: DiagnosticSink
): number {
  const quote = source[start]
  let i = start + 1
  const bytes: number[] = []
  const encoder = new TextEncoder()
  while (i < source.length && source[i] !== quote && source[i] !== '\n') {
    const c = source[i]
    if (c !== '\\') {
      const cp = source.codePointAt(i) ?? 0
      const ch = String.fromCodePoint(cp)
      for (const b of encoder.encode(ch)) bytes.push(b)
      i += ch.length
      continue
    }
    const e = source[i + 1] ?? ''
    if (e in SIMPLE_ESCAPES && !(e === '0' && /[0-7]/.test(source[i + 2] ?? ''))) {
      bytes.push(SIMPLE_ESCAPES[e])
      i += 2
    } else if (/[0-7]/.test(e)) {
      let j = i + 1
      let v = 0
      while (j < i + 4 && /[0-7]/.test(source[j] ?? '')) v = v * 8 + Number(source[j++])
      if (v > 255) {
        sink.error(reason('lexer.octalEscapeTooLarge', { escape: source.slice(i, j) }), span(i, j))
      }
      bytes.push(v & 255)
      i = j
    } else if (e === 'x') {
      let j = i + 2
      let v = 0n
      while (/[0-9A-Fa-f]/.test(source[j] ?? '')) v = v * 16n + BigInt(parseInt(source[j++], 16))
      if (j === i + 2) {
        sink.error(reason('lexer.hexEscapeEmpty'), span(i, i + 2))
      } else if (v > 255n) {
        sink.error(reason('lexer.hexEscapeTooLarge', { escape: source.slice(i, j) }), span(i, j))
      }
      bytes.push(Number(v & 255n))
      i = j
    } else if (e === 'u' || e === 'U') {
      // A universal character name (C99 6.4.3): exactly 4 or 8 hex digits naming a code
      // point, stored as gcc stores it in a char literal, in UTF-8 (`"\u00e9"` is 2 bytes).
      const digits = e === 'u' ? 4 : 8
      let j = i + 2
      while (j < i + 2 + digits && /[0-9A-Fa-f]/.test(source[j] ?? '')) j++
      const escape = source.slice(i, j)
      const cp = parseInt(source.slice(i + 2, j) || '0', 16)
      if (j < i + 2 + digits) {
        sink.error(reason('lexer.incompleteUniversal', { escape }), span(i, j))
      } else if (!validUniversalCharacter(cp)) {
        sink.error(reason('lexer.invalidUniversal', { escape }), span(i, j))
      } else if (cp > 0x10ffff) {
        // gcc only warns, and writes it with the longer sequences UTF-8 first had.
        sink.warning(reason('lexer.outsideUnicode', { escape }), span(i, j))
        bytes.push(...extendedUtf8(cp))
      } else {
        for (const b of encoder.encode(String.fromCodePoint(cp))) bytes.push(b)
      }
      i = j
    } else {
      sink.warning(
        reason('lexer.unknownEscape', { escape: `\\${e}`, character: e }),
        span(i, i + 2)
      )
      bytes.push(e.charCodeAt(0) & 255)
      i += 2
    }
  }
  const position = span(start, i + 1)
  if (source[i] !== quote) {
    sink.error(reason(quote === '"' ? 'lexer.unclosedString' : 'lexer.unclosedCharacter'), position)
  } else {
    i++
  }
  const text = source.slice(start, i)
  if (quote === '"') {
    tokens.push({ kind: 'string', text, ...span(start, i), bytes })
  } else {
    if (bytes.length === 0) sink.error(reason('lexer.emptyCharacter'), position)
    else if (bytes.length > 1)
      sink.warning(reason('lexer.multiCharacter', { text, bytes: bytes.length }), position)
    // A plain `char` is signed on x86-64, so '\xff' is -1.
    let value = 0
    for (const b of bytes) value = ((value << 8) | b) >>> 0
    const signed = bytes.length === 1 ? (value << 24) >> 24 : value | 0
    tokens.push({ kind: 'char', text, ...span(start, i), integer: BigInt(signed) })
  }
  return i
}

/**
 * A macro as `#define` made it: object-like (`params` undefined) or function-like, whose
 * `variadic` last parameter `...` collects the remaining arguments as `__VA_ARGS__`.
 */
interface Macro {
  body: Token[]
  params?: string[]
  variadic?: boolean
}

/** The tokens of a text that may begin with `#` (lexed after a placeholder, so not a directive). */
function lexFragment(text: string, sink: DiagnosticSink): Token[] {
  const lines = rawTokens(new SplicedSource(`0 ${text}`), sink)
  return lines.flatMap((l) => l.tokens).slice(1)
}

function expandMacros(
  lines: RawLine[],
  sink: DiagnosticSink,
  endLine: number,
  included?: Map<string, number>
): Token[] {
  const macros = new Map<string, Macro>()
  const predefinedSink = new DiagnosticSink('<built-in>', '')
  for (const [name, body] of Object.entries(PREDEFINED_MACROS)) {
    macros.set(name, { body: rawTokens(new SplicedSource(body), predefinedSink)[0].tokens })
  }
  for (const [name, { params, body }] of Object.entries(PREDEFINED_FUNCTION_MACROS))
    macros.set(name, { params, body: lexFragment(body, predefinedSink) })
  const out: Token[] = []
  // <assert.h> defines assert as ((void)0) when NDEBUG is defined where it is included.
  let assertOff = false
  const disabledAsserts = new Set<Token>()
  const expander = new MacroExpander(macros, sink)
  // The program's tokens in order, each directive carried out where it stands (a macro's
  // arguments may run over several lines).
  const pending: Token[] = []
  const flush = () => {
    expander.expand(pending, out, new Set())
    pending.length = 0
  }
  const conditionals = new ConditionalStack(macros, expander, sink)
  let packLimit = 0
  const packStack: number[] = []
  lines.forEach((rawLine) => {
    const d = rawLine.directive
    if (d && conditionals.handles(d)) return
    if (conditionals.skipping) return
    if (d && d.name === 'pragma') {
      // gcc ignores a pragma it does not know (`#pragma once` in a single file changes
      // nothing); `#pragma pack` sets the largest alignment of the structs defined after it,
      // passed to the parser as one `__pragma_pack` token holding that limit (0: none).
      if (!expander.awaitsArguments(pending)) flush()
      const pack = /^pack\s*\(\s*(?:(push)\s*(?:,\s*(\d+))?|(pop)|(\d+))?\s*\)\s*$/.exec(
        d.rest.trim()
      )
      if (pack) {
        if (pack[1]) {
          packStack.push(packLimit)
          if (pack[2] !== undefined) packLimit = Number(pack[2])
        } else if (pack[3]) packLimit = packStack.pop() ?? 0
        else packLimit = pack[4] !== undefined ? Number(pack[4]) : 0
        out.push({
          kind: 'identifier',
          text: '__pragma_pack',
          line: d.line,
          column: 1,
          endColumn: 2,
          integer: BigInt(packLimit)
        })
      }
      return
    }
    if (d) {
      // A function-like macro's use may take its arguments from the lines after it.
      if (!expander.awaitsArguments(pending)) flush()
      handleDirective(d, macros, sink)
      const header = d.name === 'include' ? /^[<"]([^>"]+)[>"]$/.exec(d.rest)?.[1] : undefined
      if (header !== undefined && included && !included.has(header)) included.set(header, d.line)
      if (d.name === 'include' && /^[<"]assert\.h[>"]$/.test(d.rest)) {
        assertOff = macros.has('NDEBUG')
        // C11's <assert.h>: `#define static_assert _Static_assert`.
        macros.set('static_assert', { body: lexFragment('_Static_assert', sink) })
      }
      if (d.name === 'include' && /^[<"]sys\/time\.h[>"]$/.test(d.rest)) {
        // The header's structs, declared where it is included, as its text would declare them.
        for (const t of lexFragment(SYS_TIME_DECLARATIONS, sink))
          pending.push({ ...t, line: d.line, column: d.column, endColumn: d.column + 1 })
      }
      if (d.name === 'include' && /^[<"]stdarg\.h[>"]$/.test(d.rest)) {
        for (const [name, { params, body }] of Object.entries(STDARG_MACROS))
          macros.set(name, { params, body: lexFragment(body, sink) })
      }
    }
    for (const token of rawLine.tokens) {
      if (assertOff && token.kind === 'identifier' && token.text === 'assert') {
        if (!macros.has('assert')) disabledAsserts.add(token)
      }
      pending.push(token)
    }
    if (!expander.awaitsArguments(pending)) flush()
  })
  flush()
  conditionals.finish()
  if (disabledAsserts.size) replaceCalls(out, disabledAsserts, ['(', '(', 'void', ')', '0', ')'])
  const last = out[out.length - 1]
  out.push({
    kind: 'eof',
    text: '',
    line: last ? Math.max(last.line, endLine) : endLine,
    column: 1,
    endColumn: 1
  })
  return out
}

/**
 * Replaces each call-like use `NAME( ... )` whose name token is in `disabled` by the tokens of
 * `replacement`: each `assert( ... )` written after `#define NDEBUG` and `#include <assert.h>`
 * by `((void)0)`, as the header's macro does (the condition is neither evaluated nor checked).
 */
function replaceCalls(tokens: Token[], disabled: Set<Token>, replacement: string[]): void {
  const kept: Token[] = []
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    if (!disabled.has(t) || tokens[i + 1]?.text !== '(') {
      kept.push(t)
      continue
    }
    // Skip to the matching `)`; an unclosed call keeps its tokens for the parser to report.
    let depth = 0
    let end = -1
    for (let j = i + 1; j < tokens.length && tokens[j].kind !== 'eof'; j++) {
      if (tokens[j].kind !== 'punct') continue
      if (tokens[j].text === '(') depth++
      else if (tokens[j].text === ')' && --depth === 0) {
        end = j
        break
      }
    }
    if (end < 0) {
      kept.push(t)
      continue
    }
    const at = { line: t.line, column: t.column, endColumn: tokens[end].endColumn }
    for (const text of replacement) {
      kept.push(
        text === 'void'
          ? { kind: 'keyword', text, ...at }
          : text === '0'
            ? { kind: 'integer', text, integer: 0n, ...at }
            : { kind: 'punct', text, ...at }
      )
    }
    i = end
  }
  tokens.length = kept.length
  for (let i = 0; i < kept.length; i++) tokens[i] = kept[i]
}

type Directive = NonNullable<RawLine['directive']>

/**
 * Conditional inclusion (C11 6.10.1): `#if`, `#ifdef`, `#ifndef`, `#elif`, `#else`, `#endif`.
 * The lines of a group whose condition is false are left out, directives and all.
 */
class ConditionalStack {
  /** One entry per open `#if`: whether its group is taken now, whether one was, `#else` seen. */
  private readonly open: Array<{
    taking: boolean
    taken: boolean
    sawElse: boolean
    at: Directive
  }> = []

  constructor(
    private readonly macros: Map<string, Macro>,
    private readonly expander: MacroExpander,
    private readonly sink: DiagnosticSink
  ) {}

  /** True inside a group that is left out. */
  get skipping(): boolean {
    return this.open.some((c) => !c.taking)
  }

  /** Carries out `d` when it is a conditional directive (true), else leaves it (false). */
  handles(d: Directive): boolean {
    const place = { line: d.line, column: d.column, endColumn: d.column + 1 + d.name.length }
    switch (d.name) {
      case 'if':
      case 'ifdef':
      case 'ifndef': {
        // Inside a group left out, a nested #if is only counted.
        const outer = this.skipping
        const taking = !outer && this.condition(d)
        this.open.push({ taking, taken: taking || outer, sawElse: false, at: d })
        return true
      }
      case 'elif':
      case 'else': {
        const top = this.open[this.open.length - 1]
        if (!top || top.sawElse) {
          this.sink.error(
            reason(top ? 'preprocessor.elseAfterElse' : 'preprocessor.withoutIf', {
              directive: d.name
            }),
            place
          )
          return true
        }
        this.open.pop()
        const outer = this.skipping
        const taking = !outer && !top.taken && (d.name === 'else' || this.condition(d))
        this.open.push({
          taking,
          taken: top.taken || taking,
          sawElse: d.name === 'else',
          at: top.at
        })
        return true
      }
      case 'endif':
        if (!this.open.pop())
          this.sink.error(reason('preprocessor.withoutIf', { directive: d.name }), place)
        return true
      default:
        return false
    }
  }

  /** Reports each `#if` still open at the end of the file, as gcc does. */
  finish(): void {
    for (const c of this.open) {
      this.sink.error(reason('preprocessor.unterminatedIf', { directive: c.at.name }), {
        line: c.at.line,
        column: c.at.column,
        endColumn: c.at.column + 1 + c.at.name.length
      })
    }
  }

  private condition(d: Directive): boolean {
    const place = {
      line: d.restLine,
      column: d.restColumn,
      endColumn: d.restColumn + d.rest.length
    }
    if (d.name === 'ifdef' || d.name === 'ifndef') {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(d.rest)?.[0]
      if (!name) {
        this.sink.error(reason('preprocessor.ifdefNoName', { directive: d.name }), place)
        return false
      }
      return this.macros.has(name) === (d.name === 'ifdef')
    }
    const sink = new DiagnosticSink(this.sink.file, '')
    const raw = lexFragment(d.rest, sink).map((t) => ({ ...t, ...place }))
    // `defined NAME` and `defined(NAME)` are answered before macros are expanded.
    const resolved: Token[] = []
    for (let i = 0; i < raw.length; i++) {
      if (raw[i].text !== 'defined') {
        resolved.push(raw[i])
        continue
      }
      const paren = raw[i + 1]?.text === '('
      const name = raw[i + (paren ? 2 : 1)]
      if (!name || (name.kind !== 'identifier' && name.kind !== 'keyword')) break
      const value = this.macros.has(name.text) ? 1n : 0n
      resolved.push({ ...raw[i], kind: 'integer', text: String(value), integer: value })
      i += paren ? 3 : 1
    }
    const expanded: Token[] = []
    this.expander.expand(resolved, expanded, new Set())
    const value = evaluateCondition(expanded)
    if (value === null) {
      this.sink.error(reason('preprocessor.ifExpression', { directive: d.name }), place)
      return false
    }
    return value !== 0n
  }
}

/**
 * The value of an `#if` expression (C11 6.10.1p4): integer constants, character constants,
 * the arithmetic, comparison and logical operators, `?:` and parentheses, in intmax_t; a name
 * left after expansion is 0. Null when it is not such an expression.
 */
function evaluateCondition(tokens: Token[]): bigint | null {
  let i = 0
  const peek = () => tokens[i]?.text
  /** The binary operators by precedence, loosest first. */
  const BINARY: string[][] = [
    ['||'],
    ['&&'],
    ['|'],
    ['^'],
    ['&'],
    ['==', '!='],
    ['<', '<=', '>', '>='],
    ['<<', '>>'],
    ['+', '-'],
    ['*', '/', '%']
  ]
  const apply = (op: string, a: bigint, b: bigint): bigint | null => {
    const wrap = (v: bigint) => BigInt.asIntN(64, v)
    switch (op) {
      case '||':
        return a !== 0n || b !== 0n ? 1n : 0n
      case '&&':
        return a !== 0n && b !== 0n ? 1n : 0n
      case '|':
        return a | b
      case '^':
        return a ^ b
      case '&':
        return a & b
      case '==':
        return a === b ? 1n : 0n
      case '!=':
        return a !== b ? 1n : 0n
      case '<':
        return a < b ? 1n : 0n
      case '<=':
        return a <= b ? 1n : 0n
      case '>':
        return a > b ? 1n : 0n
      case '>=':
        return a >= b ? 1n : 0n
      case '<<':
        return wrap(a << (b & 63n))
      case '>>':
        return a >> (b & 63n)
      case '+':
        return wrap(a + b)
      case '-':
        return wrap(a - b)
      case '*':
        return wrap(a * b)
      case '/':
        return b === 0n ? null : wrap(a / b)
      case '%':
        return b === 0n ? null : a % b
    }
    return null
  }
  const unary = (): bigint | null => {
    const t = tokens[i]
    if (!t) return null
    if (t.kind === 'punct' && ['!', '~', '-', '+'].includes(t.text)) {
      i++
      const v = unary()
      if (v === null) return null
      return t.text === '!' ? (v === 0n ? 1n : 0n) : t.text === '~' ? ~v : t.text === '-' ? -v : v
    }
    if (t.kind === 'punct' && t.text === '(') {
      i++
      const v = conditional()
      if (peek() !== ')') return null
      i++
      return v
    }
    i++
    if (t.kind === 'integer' || t.kind === 'char') return t.integer ?? null
    if (t.kind === 'identifier' || t.kind === 'keyword') return 0n
    return null
  }
  const binary = (level: number): bigint | null => {
    if (level === BINARY.length) return unary()
    let left = binary(level + 1)
    while (left !== null && BINARY[level].includes(peek() ?? '')) {
      const op = tokens[i++].text
      const right = binary(level + 1)
      if (right === null) return null
      left = apply(op, left, right)
    }
    return left
  }
  const conditional = (): bigint | null => {
    const test = binary(0)
    if (test === null || peek() !== '?') return test
    i++
    const then = conditional()
    if (then === null || peek() !== ':') return null
    i++
    const otherwise = conditional()
    return otherwise === null ? null : test !== 0n ? then : otherwise
  }
  const value = conditional()
  return i === tokens.length ? value : null
}

/** Where a token is, for the tokens a macro's expansion puts at the place of its use. */
type Site = Pick<Token, 'line' | 'column' | 'endColumn'>

/**
 * Macro replacement as C11 6.10.3 describes it: an object-like macro's name is replaced by its
 * body; a function-like macro's name followed by `(` takes the arguments up to the matching `)`,
 * each parameter in the body is replaced by its argument fully expanded (or as written, next to
 * `#` — made a string literal — and `##` — pasted into one token), and the result is scanned
 * again for more macros, the macro's own name excepted (so a recursive use stays as written).
 */
class MacroExpander {
  constructor(
    private readonly macros: Map<string, Macro>,
    private readonly sink: DiagnosticSink
  ) {}

  /**
   * True when `tokens` ends inside a function-like macro's argument list (or right after its
   * name), so the next line must be read before they are expanded.
   */
  awaitsArguments(tokens: Token[]): boolean {
    let depth = 0
    for (let i = tokens.length - 1; i >= 0; i--) {
      const t = tokens[i]
      if (t.kind === 'punct' && t.text === ')') depth++
      else if (t.kind === 'punct' && t.text === '(') {
        if (depth === 0) {
          const name = tokens[i - 1]
          if (name && this.functionLike(name)) return true
        } else depth--
      }
    }
    const last = tokens[tokens.length - 1]
    return last !== undefined && this.functionLike(last) !== undefined
  }

  private functionLike(token: Token): Macro | undefined {
    if (token.kind !== 'identifier' && token.kind !== 'keyword') return undefined
    const macro = this.macros.get(token.text)
    return macro?.params ? macro : undefined
  }

  /** Expands `tokens` into `out`, with the macros in `active` left as written. */
  expand(tokens: Token[], out: Token[], active: Set<string>, site?: Site): void {
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]
      const macro =
        token.kind === 'identifier' || token.kind === 'keyword'
          ? this.macros.get(token.text)
          : undefined
      if (!macro && token.kind === 'identifier' && token.text === '__LINE__') {
        out.push({
          ...token,
          kind: 'integer',
          text: String(token.line),
          integer: BigInt(token.line)
        })
        continue
      }
      if (!macro && token.kind === 'identifier' && token.text === '__FILE__') {
        // The file's name as the compiler was given it.
        const bytes = [...new TextEncoder().encode(this.sink.file)]
        out.push({ ...token, kind: 'string', text: JSON.stringify(this.sink.file), bytes })
        continue
      }
      if (!macro || active.has(token.text)) {
        out.push(token)
        continue
      }
      if (!macro.params) {
        // The expansion is reported at the place the macro was used.
        const at: Site = site ?? token
        const inner = new Set(active).add(token.text)
        this.expand(
          macro.body.map((t) => ({
            ...t,
            line: at.line,
            column: at.column,
            endColumn: at.endColumn
          })),
          out,
          inner,
          at
        )
        continue
      }
      // A function-like macro's name without `(` after it is an ordinary identifier.
      if (tokens[i + 1]?.kind !== 'punct' || tokens[i + 1].text !== '(') {
        out.push(token)
        continue
      }
      const call = this.collectArguments(tokens, i + 1)
      if (!call) {
        this.sink.error(reason('preprocessor.macroUnterminated', { name: token.text }), token)
        out.push(token)
        continue
      }
      // gcc reports a wrong count at the closing parenthesis.
      const args = this.matchArguments(token, macro, call.args, tokens[call.end])
      if (!args) {
        out.push(token)
        continue
      }
      const at: Site = site ?? {
        line: token.line,
        column: token.column,
        endColumn:
          tokens[call.end].line === token.line ? tokens[call.end].endColumn : token.endColumn
      }
      const replaced = this.substitute(macro, args, active, at)
      this.expand(replaced, out, new Set(active).add(token.text), at)
      i = call.end
    }
  }

  /** The arguments of a use whose `(` is at `open`: split at top-level commas, up to `)`. */
  private collectArguments(
    tokens: Token[],
    open: number
  ): { args: Token[][]; end: number } | undefined {
    const args: Token[][] = [[]]
    let depth = 0
    for (let j = open + 1; j < tokens.length; j++) {
      const t = tokens[j]
      if (t.kind === 'punct' && t.text === '(') depth++
      else if (t.kind === 'punct' && t.text === ')') {
        if (depth === 0) return { args, end: j }
        depth--
      } else if (t.kind === 'punct' && t.text === ',' && depth === 0) {
        args.push([])
        continue
      }
      args[args.length - 1].push(t)
    }
    return undefined
  }

  /** Each parameter's argument, or undefined (reported as gcc does) when the count is wrong. */
  private matchArguments(
    name: Token,
    macro: Macro,
    given: Token[][],
    close: Token
  ): Map<string, Token[]> | undefined {
    const params = macro.params ?? []
    const named = macro.variadic ? params.length - 1 : params.length
    // `F()` gives one empty argument, which is no argument for a macro without parameters.
    const args = params.length === 0 && given.length === 1 && given[0].length === 0 ? [] : given
    const tooFew = macro.variadic ? args.length < named : args.length < named
    const tooMany = !macro.variadic && args.length > named
    if (tooFew || tooMany) {
      this.sink.error(
        reason('preprocessor.macroArguments', {
          name: name.text,
          expected: named,
          given: args.length
        }),
        close
      )
      return undefined
    }
    const map = new Map<string, Token[]>()
    for (let k = 0; k < named; k++) map.set(params[k], args[k])
    if (macro.variadic) {
      // The variable arguments, commas included, as written.
      const rest: Token[] = []
      args.slice(named).forEach((arg, k) => {
        const where = arg[0] ?? name
        if (k > 0)
          rest.push({
            kind: 'punct',
            text: ',',
            line: where.line,
            column: where.column,
            endColumn: where.column + 1
          })
        rest.push(...arg)
      })
      map.set('__VA_ARGS__', rest)
    }
    return map
  }

  /** The body with its parameters replaced, `#` and `##` applied. */
  private substitute(
    macro: Macro,
    args: Map<string, Token[]>,
    active: Set<string>,
    at: Site
  ): Token[] {
    const body = macro.body
    const result: Token[] = []
    const isParam = (t: Token | undefined) =>
      t !== undefined && (t.kind === 'identifier' || t.kind === 'keyword') && args.has(t.text)
    const isPunct = (t: Token | undefined, text: string) =>
      t !== undefined && t.kind === 'punct' && t.text === text
    const placed = (t: Token): Token => ({
      ...t,
      line: at.line,
      column: at.column,
      endColumn: at.endColumn
    })
    for (let j = 0; j < body.length; j++) {
      const t = body[j]
      if (isPunct(t, '#') && isParam(body[j + 1])) {
        result.push(this.stringify(args.get(body[j + 1].text) ?? [], at))
        j++
        continue
      }
      if (isPunct(t, '##') && result.length > 0 && j + 1 < body.length) {
        const next = body[j + 1]
        const right = isParam(next) ? (args.get(next.text) ?? []) : [placed(next)]
        const left = result.pop() as Token
        if (macro.variadic && isPunct(left, ',') && next.text === '__VA_ARGS__') {
          // GNU C's `, ## __VA_ARGS__`: the comma goes when the variable arguments are empty
          // (`DEBUG("done")`), and is no paste otherwise, just the comma and the arguments.
          if (right.length > 0) result.push(left, ...right)
        } else if (right.length === 0) result.push(left)
        else {
          result.push(this.paste(left, right[0], at))
          result.push(...right.slice(1))
        }
        j++
        continue
      }
      if (isParam(t)) {
        const arg = args.get(t.text) ?? []
        // Next to `##` the argument is pasted as written; elsewhere it is expanded first.
        if (isPunct(body[j + 1], '##')) result.push(...arg)
        else {
          const expanded: Token[] = []
          this.expand(arg, expanded, active)
          result.push(...expanded)
        }
        continue
      }
      result.push(placed(t))
    }
    return result
  }

  /** `#param`: the argument's spelling as a string literal, one space where there was space. */
  private stringify(arg: Token[], at: Site): Token {
    let text = ''
    arg.forEach((t, k) => {
      const previous = arg[k - 1]
      if (previous && (previous.line !== t.line || previous.endColumn !== t.column)) text += ' '
      text += t.kind === 'string' || t.kind === 'char' ? t.text.replace(/[\\"]/g, '\\$&') : t.text
    })
    const lexed = lexFragment(`"${text}"`, new DiagnosticSink(this.sink.file, ''))
    return { ...lexed[0], line: at.line, column: at.column, endColumn: at.endColumn }
  }

  /** `a ## b`: the two spellings read again as one token. */
  private paste(left: Token, right: Token, at: Site): Token {
    const lexed = lexFragment(left.text + right.text, new DiagnosticSink(this.sink.file, ''))
    if (lexed.length !== 1) {
      this.sink.error(
        reason('preprocessor.pasteInvalid', { left: left.text, right: right.text }),
        at
      )
      return left
    }
    return { ...lexed[0], line: at.line, column: at.column, endColumn: at.endColumn }
  }
}

function handleDirective(
  d: NonNullable<RawLine['directive']>,
  macros: Map<string, Macro>,
  sink: DiagnosticSink
): void {
  const position = { line: d.line, column: d.column, endColumn: d.column + 1 + d.name.length }
  switch (d.name) {
    case '':
      return // A lone `#` is a null directive.
    case 'include': {
      const m = /^[<"]([^>"]+)[>"]$/.exec(d.rest)
      if (!m) {
        sink.error(reason('preprocessor.includeMalformed'), position)
      } else if (!STANDARD_HEADERS.has(m[1])) {
        const headers = [...STANDARD_HEADERS].filter((h) => h !== 'gc.h').join(', ')
        sink.error(reason('preprocessor.includeNotStandard', { headers, header: m[1] }), {
          line: d.restLine,
          column: d.restColumn,
          endColumn: d.restColumn + d.rest.length
        })
      }
      return
    }
    case 'define': {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(\(?)(.*)$/s.exec(d.rest)
      if (!m) {
        sink.error(reason('preprocessor.defineNoName'), position)
        return
      }
      const namePlace = {
        line: d.restLine,
        column: d.restColumn,
        endColumn: d.restColumn + m[1].length
      }
      let params: string[] | undefined
      let variadic = false
      let bodyText = m[3]
      if (m[2] === '(') {
        // A `(` right after the name (no space) makes a function-like macro.
        const close = bodyText.indexOf(')')
        const list = close < 0 ? undefined : bodyText.slice(0, close).trim()
        const names =
          list === undefined ? [] : list === '' ? [] : list.split(',').map((p) => p.trim())
        const bad = names.findIndex(
          (p, k) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p) && !(p === '...' && k === names.length - 1)
        )
        if (list === undefined || bad >= 0 || new Set(names).size !== names.length) {
          sink.error(
            reason('preprocessor.macroParameters', {
              name: m[1],
              found: list === undefined ? `(${m[3]}` : (names[bad] ?? list)
            }),
            namePlace
          )
          macros.delete(m[1])
          return
        }
        variadic = names[names.length - 1] === '...'
        params = variadic ? [...names.slice(0, -1), '__VA_ARGS__'] : names
        bodyText = bodyText.slice(close + 1)
      }
      const bodySink = new DiagnosticSink(sink.file, '')
      const body = lexFragment(bodyText, bodySink).map((t) => ({ ...t, ...namePlace }))
      for (const problem of bodySink.diagnostics) {
        sink.error(
          reason('preprocessor.inMacroDefinition', {
            name: m[1],
            problem: problem.reason ?? problem.message
          }),
          namePlace
        )
      }
      macros.set(m[1], params ? { body, params, variadic } : { body })
      return
    }
    case 'undef':
      macros.delete(d.rest.trim())
      return
    default:
      sink.error(reason('preprocessor.unsupportedDirective', { directive: d.name }), position)
  }
}
