/**
 * The parts of the C library that are pure computation on values the interpreter has already
 * read from simulated memory: glibc 2.36's strtol family, strerror's messages and the math
 * functions. The interpreter (vm.ts) reads the arguments, calls these, and writes results back
 * through the checked machine.
 */

import * as libm from './libm'

/** What `strtol`-like parsing found: the value, how many characters it took, and errno. */
export interface ParsedInteger {
  /** The value as the function returns it (already saturated or wrapped). */
  value: bigint
  /** Characters consumed from the start of the text: where `*endptr` points (0 = nothing). */
  consumed: number
  /** ERANGE (34) on overflow, EINVAL (22) for a base glibc refuses, else 0 (errno untouched). */
  errno: number
}

/** Which function: the type it returns decides saturation and how a minus sign is taken. */
export type IntegerParse = 'long' | 'unsigned long'

const LONG_MAX = (1n << 63n) - 1n
const LONG_MIN = -(1n << 63n)
const ULONG_MAX = (1n << 64n) - 1n

/** C's isspace in the "C" locale. */
function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r'
}

function digitValue(c: string | undefined): number {
  if (c === undefined) return 99
  const code = c.charCodeAt(0)
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 97 && code <= 122) return code - 87
  if (code >= 65 && code <= 90) return code - 55
  return 99
}

/**
 * glibc's ____strtol_l_internal: white space, a sign, then for base 0 a `0x` prefix (16), a
 * leading `0` (8) or decimal; base 16 also skips `0x`. A `0x` with no hex digit after it reads
 * as the `0` alone (endptr on the `x`). No digits: 0 and endptr at the start of the text. Out
 * of range: LONG_MAX / LONG_MIN (ULONG_MAX for strtoul) and ERANGE; strtoul negates a `-`
 * value modulo 2^64 (`"-1"` is ULONG_MAX).
 */
export function parseInteger(text: string, base: number, kind: IntegerParse): ParsedInteger {
  if (base < 0 || base === 1 || base > 36) return { value: 0n, consumed: 0, errno: 22 }
  let i = 0
  while (isSpace(text[i])) i++
  let negative = false
  if (text[i] === '-' || text[i] === '+') {
    negative = text[i] === '-'
    i++
  }
  if (
    (base === 0 || base === 16) &&
    text[i] === '0' &&
    (text[i + 1] === 'x' || text[i + 1] === 'X')
  ) {
    if (digitValue(text[i + 2]) < 16) {
      i += 2
      base = 16
    } else if (base === 0) base = 8
  } else if (base === 0) base = text[i] === '0' ? 8 : 10
  const start = i
  let magnitude = 0n
  const radix = BigInt(base)
  while (digitValue(text[i]) < base) {
    magnitude = magnitude * radix + BigInt(digitValue(text[i]))
    i++
  }
  if (i === start) return { value: 0n, consumed: 0, errno: 0 }
  if (kind === 'unsigned long') {
    if (magnitude > ULONG_MAX) return { value: ULONG_MAX, consumed: i, errno: 34 }
    const value = negative ? BigInt.asUintN(64, -magnitude) : magnitude
    return { value, consumed: i, errno: 0 }
  }
  const value = negative ? -magnitude : magnitude
  if (value > LONG_MAX) return { value: LONG_MAX, consumed: i, errno: 34 }
  if (value < LONG_MIN) return { value: LONG_MIN, consumed: i, errno: 34 }
  return { value, consumed: i, errno: 0 }
}

/** What `strtod` found: the double, how many characters it took, and errno (ERANGE or 0). */
export interface ParsedDouble {
  value: number
  consumed: number
  errno: number
}

const DECIMAL_FLOAT = /^([+-]?)((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/
const HEX_FLOAT = /^([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))(?:[pP]([+-]?\d+))?/
const SPECIAL_FLOAT = /^([+-]?)(inf(?:inity)?|nan(?:\([0-9A-Za-z_]*\))?)/i

/**
 * glibc's strtod in the "C" locale: white space, then a decimal or hexadecimal floating
 * constant, `inf`/`infinity` or `nan(…)`, any case. The decimal conversion is correctly
 * rounded, as JavaScript's Number() is. ERANGE for a finite text that overflows (±HUGE_VAL) or
 * underflows to a subnormal or zero.
 */
export function parseDouble(text: string): ParsedDouble {
  let i = 0
  while (isSpace(text[i])) i++
  const rest = text.slice(i)
  const hex = HEX_FLOAT.exec(rest)
  if (hex && /[0-9a-fA-F]/.test(hex[2])) {
    const [whole, fraction = ''] = hex[2].split('.')
    const mantissa = BigInt('0x' + (whole + fraction || '0'))
    const exponent = Number(hex[3] ?? 0) - 4 * fraction.length
    let value = Number(mantissa) * 2 ** exponent
    if (!Number.isFinite(value) && mantissa !== 0n) value = Infinity
    if (hex[1] === '-') value = -value
    return withRange(value, mantissa !== 0n, i + hex[0].length)
  }
  const special = SPECIAL_FLOAT.exec(rest)
  if (special) {
    const value = special[2][0].toLowerCase() === 'i' ? Infinity : NaN
    return { value: special[1] === '-' ? -value : value, consumed: i + special[0].length, errno: 0 }
  }
  const decimal = DECIMAL_FLOAT.exec(rest)
  if (!decimal) return { value: 0, consumed: 0, errno: 0 }
  const value = Number(decimal[1] + decimal[2])
  return withRange(value, /[1-9]/.test(decimal[2].split(/[eE]/)[0]), i + decimal[0].length)
}

function withRange(value: number, nonZeroDigits: boolean, consumed: number): ParsedDouble {
  const magnitude = Math.abs(value)
  const range =
    magnitude === Infinity || (nonZeroDigits && magnitude < 2.2250738585072014e-308) ? 34 : 0
  return { value, consumed, errno: range }
}

/**
 * <ctype.h>'s classes as glibc's table answers them (the bit of each class, byte-swapped on
 * little-endian: isupper 256, isalpha 1024, isprint 16384, ispunct 4 …), for a value in the
 * "C" locale's ASCII range; 0 for the rest, and EOF.
 */
export const CHARACTER_CLASSES: Readonly<Record<string, [RegExp, number]>> = {
  isprint: [/[\x20-\x7e]/, 16384],
  isgraph: [/[\x21-\x7e]/, 32768],
  ispunct: [/[!-/:-@[-`{-~]/, 4],
  isxdigit: [/[0-9A-Fa-f]/, 4096],
  iscntrl: [/[\x00-\x1f\x7f]/, 2],
  isblank: [/[ \t]/, 1]
}

/** glibc 2.36's messages for errno 0–133 (`strerror(i)` on the reference machine). */
const ERROR_MESSAGES: readonly string[] = [
  'Success',
  'Operation not permitted',
  'No such file or directory',
  'No such process',
  'Interrupted system call',
  'Input/output error',
  'No such device or address',
  'Argument list too long',
  'Exec format error',
  'Bad file descriptor',
  'No child processes',
  'Resource temporarily unavailable',
  'Cannot allocate memory',
  'Permission denied',
  'Bad address',
  'Block device required',
  'Device or resource busy',
  'File exists',
  'Invalid cross-device link',
  'No such device',
  'Not a directory',
  'Is a directory',
  'Invalid argument',
  'Too many open files in system',
  'Too many open files',
  'Inappropriate ioctl for device',
  'Text file busy',
  'File too large',
  'No space left on device',
  'Illegal seek',
  'Read-only file system',
  'Too many links',
  'Broken pipe',
  'Numerical argument out of domain',
  'Numerical result out of range',
  'Resource deadlock avoided',
  'File name too long',
  'No locks available',
  'Function not implemented',
  'Directory not empty',
  'Too many levels of symbolic links',
  'Unknown error 41',
  'No message of desired type',
  'Identifier removed',
  'Channel number out of range',
  'Level 2 not synchronized',
  'Level 3 halted',
  'Level 3 reset',
  'Link number out of range',
  'Protocol driver not attached',
  'No CSI structure available',
  'Level 2 halted',
  'Invalid exchange',
  'Invalid request descriptor',
  'Exchange full',
  'No anode',
  'Invalid request code',
  'Invalid slot',
  'Unknown error 58',
  'Bad font file format',
  'Device not a stream',
  'No data available',
  'Timer expired',
  'Out of streams resources',
  'Machine is not on the network',
  'Package not installed',
  'Object is remote',
  'Link has been severed',
  'Advertise error',
  'Srmount error',
  'Communication error on send',
  'Protocol error',
  'Multihop attempted',
  'RFS specific error',
  'Bad message',
  'Value too large for defined data type',
  'Name not unique on network',
  'File descriptor in bad state',
  'Remote address changed',
  'Can not access a needed shared library',
  'Accessing a corrupted shared library',
  '.lib section in a.out corrupted',
  'Attempting to link in too many shared libraries',
  'Cannot exec a shared library directly',
  'Invalid or incomplete multibyte or wide character',
  'Interrupted system call should be restarted',
  'Streams pipe error',
  'Too many users',
  'Socket operation on non-socket',
  'Destination address required',
  'Message too long',
  'Protocol wrong type for socket',
  'Protocol not available',
  'Protocol not supported',
  'Socket type not supported',
  'Operation not supported',
  'Protocol family not supported',
  'Address family not supported by protocol',
  'Address already in use',
  'Cannot assign requested address',
  'Network is down',
  'Network is unreachable',
  'Network dropped connection on reset',
  'Software caused connection abort',
  'Connection reset by peer',
  'No buffer space available',
  'Transport endpoint is already connected',
  'Transport endpoint is not connected',
  'Cannot send after transport endpoint shutdown',
  'Too many references: cannot splice',
  'Connection timed out',
  'Connection refused',
  'Host is down',
  'No route to host',
  'Operation already in progress',
  'Operation now in progress',
  'Stale file handle',
  'Structure needs cleaning',
  'Not a XENIX named type file',
  'No XENIX semaphores available',
  'Is a named type file',
  'Remote I/O error',
  'Disk quota exceeded',
  'No medium found',
  'Wrong medium type',
  'Operation canceled',
  'Required key not available',
  'Key has expired',
  'Key has been revoked',
  'Key was rejected by service',
  'Owner died',
  'State not recoverable',
  'Operation not possible due to RF-kill',
  'Memory page has hardware error'
]

/** `strerror(errnum)`: glibc's message, or `Unknown error N`. */
export function errorMessage(errnum: number): string {
  return ERROR_MESSAGES[errnum] ?? `Unknown error ${errnum}`
}

/**
 * The <math.h> functions, by name. JavaScript's Math gives the correctly rounded result for
 * sqrt, fabs, floor, ceil, trunc and fmod, as glibc does; round is C's (half away from zero,
 * which Math.round is not). exp, log, pow, sin and cos are libm.ts's double-double versions:
 * V8's Math is one ulp off glibc's answer for 3-10 % of arguments, libm.ts for about 0.1 %
 * (measured on 4,000 random arguments). log2, log10, tan, atan, atan2 and hypot are Math's.
 */
/**
 * C's fmod, exact as `%` is; fmod(x, 0) and fmod(inf, y) are the invalid operation's `-nan`
 * (V8's `%` gives a NaN whose sign depends on the tier that runs it).
 */
function fmod(x: number, y: number): number {
  if (x !== x || y !== y) return x + y
  if (y === 0 || !Number.isFinite(x)) return libm.INVALID_NAN
  return x % y
}

/**
 * Whether gcc 12 -O0 computes a call of <math.h> function `name` with these constant
 * arguments at compile time (fold_builtin_*: the call and its PLT entry disappear). It does
 * when the answer is an ordinary number; a NaN, an infinity or a pole (errno to set, under
 * -fmath-errno) is left to the library, and so are rint and nearbyint (the rounding mode).
 */
export function gccFoldsMathCall(name: string, args: number[]): boolean {
  const f = MATH_FUNCTIONS[name]
  if (f === undefined || name === 'rint' || name === 'nearbyint') return false
  if (args.some((a) => !Number.isFinite(a))) return false
  return Number.isFinite(f(args[0], args[1] ?? 0))
}

const NEXT_BITS = new BigInt64Array(1)
const NEXT_VALUE = new Float64Array(NEXT_BITS.buffer)

/**
 * C's nextafter: the double next to x in the direction of y (x's bits plus or minus one; from
 * zero the smallest subnormal of y's sign), exact as glibc's.
 */
function nextafter(x: number, y: number): number {
  if (x !== x || y !== y) return x + y
  if (x === y) return y
  if (x === 0) return y > 0 ? 5e-324 : -5e-324
  NEXT_VALUE[0] = x
  // Away from zero when y is further out on x's side, towards it otherwise.
  NEXT_BITS[0] += y > x === x > 0 ? 1n : -1n
  return NEXT_VALUE[0]
}

/** Rounds to the nearest integer, ties to even (rint and nearbyint in the default mode). */
function roundHalfEven(x: number): number {
  const t = Math.floor(x)
  const d = x - t
  const r = d > 0.5 || (d === 0.5 && t % 2 !== 0) ? t + 1 : t
  return r === 0 ? (isNegative(x) ? -0 : 0) : r
}

/** The sign bit of a double (set for -0 and for SSE's default NaN). */
export function isNegative(x: number): boolean {
  SIGN_VIEW.setFloat64(0, x)
  return SIGN_VIEW.getUint8(0) >= 0x80
}
const SIGN_VIEW = new DataView(new ArrayBuffer(8))

/** frexp: x = m × 2^e with 0.5 <= |m| < 1 (x finite and not zero). */
export function frexp(x: number): [number, number] {
  let bias = 0
  if (Math.abs(x) < 2 ** -1022) {
    x *= 2 ** 64
    bias = 64
  }
  SIGN_VIEW.setFloat64(0, x)
  const e = ((SIGN_VIEW.getUint16(0) >> 4) & 0x7ff) - 1022
  return [x * 2 ** -e, e - bias]
}

/** x × 2^n, rounded once (only the last multiplication can be inexact). */
function ldexp(x: number, n: number): number {
  if (x === 0 || !Number.isFinite(x)) return x
  const [m, e] = frexp(x)
  const t = e + n
  if (t > 1024) return m * Infinity
  if (t >= -1021) return m * 2 ** t
  if (t < -2095) return m * 0
  return m * 2 ** -1021 * 2 ** (t + 1021)
}

export const MATH_FUNCTIONS: Readonly<Record<string, (x: number, y: number) => number>> = {
  sqrt: (x) => Math.sqrt(x),
  fabs: (x) => Math.abs(x),
  floor: (x) => Math.floor(x),
  ceil: (x) => Math.ceil(x),
  trunc: (x) => Math.trunc(x),
  round: (x) => {
    // Half away from zero (x - trunc(x) is exact for every double).
    const t = Math.trunc(x)
    return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t
  },
  fmod: (x, y) => fmod(x, y),
  pow: (x, y) => libm.pow(x, y),
  exp: (x) => libm.exp(x),
  log: (x) => libm.log(x),
  // A NaN argument comes back as it is (its sign shows: `-nan`); a negative one gives the
  // invalid operation's NaN, which is `-nan` from log2 and `nan` from glibc's log10.
  log2: (x) => (x !== x ? x : x < 0 ? libm.INVALID_NAN : Math.log2(x)),
  log10: (x) => (x !== x ? x : x < 0 ? NaN : Math.log10(x)),
  sin: (x) => libm.sin(x),
  cos: (x) => libm.cos(x),
  tan: (x) => Math.tan(x),
  atan: (x) => Math.atan(x),
  atan2: (x, y) => Math.atan2(x, y),
  hypot: (x, y) =>
    (x !== x || y !== y) && Math.abs(x) !== Infinity && Math.abs(y) !== Infinity
      ? x + y
      : Math.hypot(x, y),
  // Exact (fmin, fmax, copysign, ldexp, rint, nearbyint) or Math's (the rest: may differ from
  // glibc in the last bit).
  acos: (x) => Math.acos(x),
  asin: (x) => Math.asin(x),
  sinh: (x) => Math.sinh(x),
  cosh: (x) => Math.cosh(x),
  tanh: (x) => Math.tanh(x),
  cbrt: (x) => Math.cbrt(x),
  expm1: (x) => Math.expm1(x),
  log1p: (x) => Math.log1p(x),
  exp2: (x) => libm.pow(2, x),
  rint: (x) => roundHalfEven(x),
  nearbyint: (x) => roundHalfEven(x),
  fmin: (x, y) => (x !== x ? y : y !== y ? x : x < y || (x === y && Object.is(x, -0)) ? x : y),
  fmax: (x, y) => (x !== x ? y : y !== y ? x : x > y || (x === y && Object.is(y, -0)) ? x : y),
  copysign: (x, y) => (isNegative(y) !== isNegative(x) ? -x : x),
  nextafter,
  ldexp: (x, n) => ldexp(x, n),
  // The float forms: the argument is a float, and the double function's answer rounded to
  // float. Exact for fabsf, floorf, ceilf, truncf, roundf, fmodf and correctly rounded for
  // sqrtf (a double carries more than twice a float's 24 bits, so rounding twice is rounding
  // once); for expf, logf, powf, sinf, cosf, tanf the correctly rounded double rounded again
  // is glibc's float answer for every argument libm.test.ts compares.
  sqrtf: (x) => Math.fround(Math.sqrt(x)),
  fabsf: (x) => Math.abs(x),
  floorf: (x) => Math.floor(x),
  ceilf: (x) => Math.ceil(x),
  truncf: (x) => Math.trunc(x),
  roundf: (x) => MATH_FUNCTIONS.round(x, 0),
  fmodf: (x, y) => fmod(x, y),
  powf: (x, y) => Math.fround(libm.pow(x, y)),
  expf: (x) => Math.fround(libm.exp(x)),
  logf: (x) => Math.fround(libm.log(x)),
  sinf: (x) => Math.fround(libm.sin(x)),
  cosf: (x) => Math.fround(libm.cos(x)),
  tanf: (x) => Math.fround(Math.tan(x))
}
