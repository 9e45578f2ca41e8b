/**
 * `printf` as glibc formats it, for the C interpreter.
 *
 * Integers arrive as raw 64-bit register values and are truncated or sign-extended here,
 * exactly as the length modifier tells glibc to read the argument (`%d` reads the low 32 bits
 * as a signed int, `%lu` all 64 bits as unsigned, `%hhx` the low 8 bits).
 *
 * Floating-point conversions print the EXACT value of the double: a finite double is m·2^e
 * with integer m and e, so its decimal expansion is a finite BigInt computation, and ties are
 * rounded half-to-even as glibc does in the default rounding mode (`%.0f` of 2.5 is "2",
 * `%.2f` of 2.675 is "2.67" because 2.675 is really 2.67499999…). JavaScript's `toFixed` and
 * `toExponential` do not promise either, so they are not used.
 *
 * Strings are sequences of characters, one character per byte: `%c` of 200 yields the
 * character U+00C8, and `%s` copies what `string()` returns. The interpreter decides how those
 * bytes reach the learner's terminal.
 */

/** Supplies printf's variable arguments, one per call, in order. */
export interface PrintfArguments {
  /** The next integer argument as a raw 64-bit register value (signed or unsigned). */
  int(): bigint
  /** The next `double` argument. */
  double(): number
  /** The next `char *` argument read as a C string; `null` for a NULL pointer (printed "(null)"). */
  string(): string | null
  /** The next pointer argument as an address: a number, or a BigInt beyond 2^53 (unsigned 64-bit). */
  pointer(): number | bigint
  /**
   * `%n`: stores `count`, the bytes output so far, through the next pointer argument as an
   * integer of `bits` bits (`%hhn` 8, `%hn` 16, `%n` 32, `%ln` and `%lln` 64), with the checks
   * of any store (a NULL pointer faults). Without it the argument is only consumed.
   */
  storeCount?(count: number, bits: 8 | 16 | 32 | 64): void
}

/** One parsed conversion specification, e.g. `%-08.3lf`. */
interface ConversionSpec {
  leftJustify: boolean
  zeroPad: boolean
  plusSign: boolean
  spaceSign: boolean
  alternate: boolean
  /** Minimum field width; 0 when absent. */
  width: number
  /** Precision, or undefined when absent (or given by a negative `*` argument). */
  precision: number | undefined
  /** Bits read from an integer argument: 8 (hh), 16 (h), 32 (none), 64 (l, ll, z, j, t). */
  integerBits: 8 | 16 | 32 | 64
  conversion: string
}

const FLAG_CHARACTERS = "-+ #0'I"
const CONVERSIONS = 'diouxXcspfFeEgGaAn%'

/**
 * Formats `format` as glibc's printf does, pulling arguments from `args` as the conversions
 * need them. An incomplete or unknown conversion is copied to the output unchanged, as glibc
 * does.
 */
export function formatPrintf(format: string, args: PrintfArguments): string {
  let output = ''
  let index = 0
  while (index < format.length) {
    const percent = format.indexOf('%', index)
    if (percent < 0) {
      output += format.slice(index)
      break
    }
    output += format.slice(index, percent)
    const parsed = parseConversion(format, percent + 1, args)
    if (parsed === null) {
      // Not a conversion glibc knows: glibc prints the specification as written.
      output += format.slice(percent, percent + 1)
      index = percent + 1
      continue
    }
    if (parsed.spec.conversion === 'n') {
      // glibc 2.36 stores the count wherever the format lies (only a _FORTIFY_SOURCE build
      // refuses a %n in writable memory); gcc -O0 on Debian does not fortify.
      if (args.storeCount) args.storeCount(output.length, parsed.spec.integerBits)
      else args.pointer()
    } else {
      output += formatConversion(parsed.spec, args)
    }
    index = parsed.next
  }
  return output
}

/** Parses flags, width, precision, length and conversion starting just after a `%`. */
function parseConversion(
  format: string,
  start: number,
  args: PrintfArguments
): { spec: ConversionSpec; next: number } | null {
  const spec: ConversionSpec = {
    leftJustify: false,
    zeroPad: false,
    plusSign: false,
    spaceSign: false,
    alternate: false,
    width: 0,
    precision: undefined,
    integerBits: 32,
    conversion: ''
  }
  let i = start
  while (i < format.length && FLAG_CHARACTERS.includes(format[i])) {
    const flag = format[i]
    if (flag === '-') spec.leftJustify = true
    else if (flag === '0') spec.zeroPad = true
    else if (flag === '+') spec.plusSign = true
    else if (flag === ' ') spec.spaceSign = true
    else if (flag === '#') spec.alternate = true
    // `'` (thousands grouping) and `I` (locale digits) change nothing in the C locale.
    i++
  }
  if (format[i] === '*') {
    // A negative width argument means the `-` flag and its absolute value.
    const width = Number(BigInt.asIntN(32, args.int()))
    if (width < 0) {
      spec.leftJustify = true
      spec.width = -width
    } else {
      spec.width = width
    }
    i++
  } else {
    while (i < format.length && isDigit(format[i])) {
      spec.width = spec.width * 10 + Number(format[i])
      i++
    }
  }
  if (format[i] === '.') {
    i++
    if (format[i] === '*') {
      // A negative precision argument is taken as if the precision were omitted.
      const precision = Number(BigInt.asIntN(32, args.int()))
      spec.precision = precision < 0 ? undefined : precision
      i++
    } else {
      let precision = 0
      while (i < format.length && isDigit(format[i])) {
        precision = precision * 10 + Number(format[i])
        i++
      }
      spec.precision = precision
    }
  }
  // Length modifiers. Every 64-bit modifier of LP64 (l, ll, q, L, j, z, Z, t) reads all 64 bits.
  if (format.startsWith('hh', i)) {
    spec.integerBits = 8
    i += 2
  } else if (format[i] === 'h') {
    spec.integerBits = 16
    i++
  } else if (format.startsWith('ll', i)) {
    spec.integerBits = 64
    i += 2
  } else if ('lqLjzZt'.includes(format[i] ?? '@')) {
    spec.integerBits = 64
    i++
  }
  const conversion = format[i]
  if (conversion === undefined || !CONVERSIONS.includes(conversion)) return null
  spec.conversion = conversion
  return { spec, next: i + 1 }
}

function isDigit(character: string): boolean {
  return character >= '0' && character <= '9'
}

function formatConversion(spec: ConversionSpec, args: PrintfArguments): string {
  switch (spec.conversion) {
    case '%':
      return '%'
    case 'd':
    case 'i':
      return formatSigned(spec, BigInt.asIntN(spec.integerBits, args.int()))
    case 'u':
    case 'o':
    case 'x':
    case 'X':
      return formatUnsigned(spec, BigInt.asUintN(spec.integerBits, args.int()))
    case 'c':
      return pad(spec, String.fromCharCode(Number(BigInt.asUintN(8, args.int()))), false)
    case 's':
      return formatString(spec, args.string())
    case 'p':
      return formatPointer(spec, args.pointer())
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
      return formatDouble(spec, args.double())
    case 'a':
    case 'A':
      return formatHexDouble(spec, args.double())
    default:
      return ''
  }
}

/**
 * Pads `body` to the field width. With `zeroPad`, zeros go between the sign or `0x` prefix
 * (`prefixLength` characters at the start of `body`) and the digits.
 */
function pad(spec: ConversionSpec, body: string, zeroPad: boolean, prefixLength = 0): string {
  if (body.length >= spec.width) return body
  const fill = spec.width - body.length
  if (spec.leftJustify) return body + ' '.repeat(fill)
  if (zeroPad) return body.slice(0, prefixLength) + '0'.repeat(fill) + body.slice(prefixLength)
  return ' '.repeat(fill) + body
}

function signPrefix(spec: ConversionSpec, negative: boolean): string {
  if (negative) return '-'
  if (spec.plusSign) return '+'
  if (spec.spaceSign) return ' '
  return ''
}

/** Applies the integer precision: at least that many digits; precision 0 prints 0 as nothing. */
function integerDigits(spec: ConversionSpec, magnitude: bigint, radix: number): string {
  const precision = spec.precision ?? 1
  if (precision === 0 && magnitude === 0n) return ''
  const digits = magnitude.toString(radix)
  return digits.length < precision ? '0'.repeat(precision - digits.length) + digits : digits
}

function formatSigned(spec: ConversionSpec, value: bigint): string {
  const negative = value < 0n
  const digits = integerDigits(spec, negative ? -value : value, 10)
  const sign = signPrefix(spec, negative)
  // An explicit precision turns the `0` flag off for integers (C11 7.21.6.1p6).
  return pad(spec, sign + digits, spec.zeroPad && spec.precision === undefined, sign.length)
}

function formatUnsigned(spec: ConversionSpec, value: bigint): string {
  const radix = spec.conversion === 'o' ? 8 : spec.conversion === 'u' ? 10 : 16
  let digits = integerDigits(spec, value, radix)
  let prefix = ''
  if (spec.alternate && radix === 8 && !digits.startsWith('0')) digits = '0' + digits
  if (spec.alternate && radix === 16 && value !== 0n) prefix = '0x'
  if (spec.conversion === 'X') {
    digits = digits.toUpperCase()
    prefix = prefix.toUpperCase()
  }
  return pad(spec, prefix + digits, spec.zeroPad && spec.precision === undefined, prefix.length)
}

function formatString(spec: ConversionSpec, text: string | null): string {
  if (text === null) {
    // glibc prints "(null)" when the precision leaves room for it, and nothing otherwise.
    text = spec.precision === undefined || spec.precision >= 6 ? '(null)' : ''
  } else if (spec.precision !== undefined) {
    text = text.slice(0, spec.precision)
  }
  return pad(spec, text, false)
}

/** `%p` is `%#lx` for a non-NULL pointer (flags included) and "(nil)" for NULL. */
function formatPointer(spec: ConversionSpec, address: number | bigint): string {
  if (address === 0 || address === 0n) return pad(spec, '(nil)', false)
  const digits = integerDigits(spec, BigInt(address), 16)
  const prefix = signPrefix(spec, false) + '0x'
  return pad(spec, prefix + digits, spec.zeroPad && spec.precision === undefined, prefix.length)
}

// ---------------------------------------------------------------------------------------------
// Floating point: exact decimal expansion of a double.

/** A finite double as an exact non-negative fraction numerator/denominator, plus its sign. */
interface ExactDouble {
  negative: boolean
  numerator: bigint
  denominator: bigint
}

/** One 8-byte scratch view, reused to read a double's bits (printf is called often). */
const doubleBits = new DataView(new ArrayBuffer(8))

/** Splits a finite double into sign and exact fraction m·2^e (denominator a power of two). */
function exactValue(value: number): ExactDouble {
  doubleBits.setFloat64(0, value)
  const bits = doubleBits.getBigUint64(0)
  const negative = bits >> 63n === 1n
  const biasedExponent = Number((bits >> 52n) & 0x7ffn)
  const fraction = bits & 0xfffffffffffffn
  // Subnormals have no implicit leading 1 and the exponent of the smallest normal.
  const mantissa = biasedExponent === 0 ? fraction : fraction | (1n << 52n)
  const exponent = (biasedExponent === 0 ? 1 : biasedExponent) - 1075
  return exponent >= 0
    ? { negative, numerator: mantissa << BigInt(exponent), denominator: 1n }
    : { negative, numerator: mantissa, denominator: 1n << BigInt(-exponent) }
}

function isNegative(value: number): boolean {
  doubleBits.setFloat64(0, value)
  return doubleBits.getUint8(0) >= 0x80
}

/** Rounds numerator/denominator to the nearest integer, ties to even. */
function roundHalfEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator
  const twiceRemainder = (numerator % denominator) * 2n
  if (twiceRemainder > denominator) return quotient + 1n
  if (twiceRemainder === denominator && quotient % 2n === 1n) return quotient + 1n
  return quotient
}

const powersOfTen: bigint[] = [1n]

/** 10^exponent, cached: the same few precisions come up again and again. */
function powerOfTen(exponent: number): bigint {
  for (let n = powersOfTen.length; n <= exponent; n++) powersOfTen.push(powersOfTen[n - 1] * 10n)
  return powersOfTen[exponent]
}

/** Digits of |value| rounded to `precision` places after the point, as an integer string. */
function fixedDigits(value: ExactDouble, precision: number): string {
  const scaled = roundHalfEven(value.numerator * powerOfTen(precision), value.denominator)
  return scaled.toString().padStart(precision + 1, '0')
}

/** |value| = digits[0].digits[1..] × 10^exponent, rounded to `precision` digits after the point. */
function scientificDigits(
  value: ExactDouble,
  precision: number
): { digits: string; exponent: number; exactExponent: number } {
  if (value.numerator === 0n)
    return { digits: '0'.repeat(precision + 1), exponent: 0, exactExponent: 0 }
  // Estimate the decimal exponent from the bit lengths, then correct it exactly.
  const bitLength = value.numerator.toString(2).length - (value.denominator.toString(2).length - 1)
  let exponent = Math.floor((bitLength - 1) * Math.log10(2))
  const atLeast = (power: number): boolean =>
    power >= 0
      ? value.numerator >= value.denominator * powerOfTen(power)
      : value.numerator * powerOfTen(-power) >= value.denominator
  while (!atLeast(exponent)) exponent--
  while (atLeast(exponent + 1)) exponent++
  const exactExponent = exponent
  const shift = precision - exponent
  let scaled =
    shift >= 0
      ? roundHalfEven(value.numerator * powerOfTen(shift), value.denominator)
      : roundHalfEven(value.numerator, value.denominator * powerOfTen(-shift))
  // Rounding 9.99…5 up gives 10.00…: one more digit than asked, so move the point.
  if (scaled === powerOfTen(precision + 1)) {
    scaled = powerOfTen(precision)
    exponent++
  }
  return { digits: scaled.toString(), exponent, exactExponent }
}

function withDecimalPoint(integerPart: string, fractionPart: string, alternate: boolean): string {
  return fractionPart.length > 0 || alternate ? `${integerPart}.${fractionPart}` : integerPart
}

function exponentSuffix(exponent: number, upper: boolean): string {
  const magnitude = Math.abs(exponent).toString().padStart(2, '0')
  return `${upper ? 'E' : 'e'}${exponent < 0 ? '-' : '+'}${magnitude}`
}

function formatDouble(spec: ConversionSpec, number: number): string {
  const upper = spec.conversion === 'F' || spec.conversion === 'E' || spec.conversion === 'G'
  const negative = isNegative(number)
  const sign = signPrefix(spec, negative)
  if (!Number.isFinite(number)) {
    // inf and nan ignore the precision and the `0` flag.
    const word = Number.isNaN(number) ? 'nan' : 'inf'
    return pad(spec, sign + (upper ? word.toUpperCase() : word), false)
  }
  const value = exactValue(number)
  const precision = spec.precision ?? 6
  let body: string
  switch (spec.conversion.toLowerCase()) {
    case 'f': {
      const digits = fixedDigits(value, precision)
      const point = digits.length - precision
      body = withDecimalPoint(digits.slice(0, point), digits.slice(point), spec.alternate)
      break
    }
    case 'e': {
      const { digits, exponent } = scientificDigits(value, precision)
      body =
        withDecimalPoint(digits[0], digits.slice(1), spec.alternate) +
        exponentSuffix(exponent, upper)
      break
    }
    default:
      body = generalNotation(value, precision === 0 ? 1 : precision, spec.alternate, upper)
  }
  return pad(spec, sign + body, spec.zeroPad, sign.length)
}

/**
 * `%g`: with P significant digits and X the exponent %e would print, use %f style when
 * P > X ≥ −4 and %e style otherwise; then drop trailing zeros unless `#` is given.
 */
function generalNotation(
  value: ExactDouble,
  significant: number,
  alternate: boolean,
  upper: boolean
): string {
  const scientific = scientificDigits(value, significant - 1)
  const exponent = scientific.exponent
  if (scientific.exactExponent === significant - 1 && exponent === significant) {
    // glibc picks the style from the unrounded value: 999999.5 under %#g is first laid out as
    // an integer with no decimals, rounds up to 1000000, and is then printed as "1.e+06"
    // with no fraction digits rather than C11's "1.00000e+06". Matched here, quirk and all.
    return withDecimalPoint('1', '', alternate) + exponentSuffix(exponent, upper)
  }
  let integerPart: string
  let fractionPart: string
  let suffix = ''
  if (exponent < significant && exponent >= -4) {
    const places = significant - 1 - exponent
    const digits = fixedDigits(value, places)
    integerPart = digits.slice(0, digits.length - places)
    fractionPart = digits.slice(digits.length - places)
  } else {
    integerPart = scientific.digits[0]
    fractionPart = scientific.digits.slice(1)
    suffix = exponentSuffix(exponent, upper)
  }
  if (!alternate) fractionPart = fractionPart.replace(/0+$/, '')
  return withDecimalPoint(integerPart, fractionPart, alternate) + suffix
}

/** `%a`: hexadecimal floating point, as glibc prints it (`0x1.8p+1` for 3). */
function formatHexDouble(spec: ConversionSpec, number: number): string {
  const upper = spec.conversion === 'A'
  const negative = isNegative(number)
  const sign = signPrefix(spec, negative)
  if (!Number.isFinite(number)) {
    const word = Number.isNaN(number) ? 'nan' : 'inf'
    return pad(spec, sign + (upper ? word.toUpperCase() : word), false)
  }
  doubleBits.setFloat64(0, number)
  const bits = doubleBits.getBigUint64(0)
  const biasedExponent = Number((bits >> 52n) & 0x7ffn)
  let fraction = bits & 0xfffffffffffffn
  let leading = biasedExponent === 0 ? 0n : 1n
  const exponent = number === 0 ? 0 : (biasedExponent === 0 ? 1 : biasedExponent) - 1023
  let hexDigits: string
  if (spec.precision === undefined) {
    hexDigits = fraction.toString(16).padStart(13, '0').replace(/0+$/, '')
  } else if (spec.precision >= 13) {
    hexDigits = fraction.toString(16).padStart(13, '0') + '0'.repeat(spec.precision - 13)
  } else {
    const dropBits = BigInt(4 * (13 - spec.precision))
    const whole = (leading << 52n) | fraction
    const rounded = roundHalfEven(whole, 1n << dropBits)
    leading = rounded >> BigInt(4 * spec.precision)
    fraction = rounded & ((1n << BigInt(4 * spec.precision)) - 1n)
    hexDigits = spec.precision === 0 ? '' : fraction.toString(16).padStart(spec.precision, '0')
    // Like glibc, a carry out of the leading digit is printed as 0x2 rather than renormalized.
  }
  let body =
    '0x' +
    withDecimalPoint(leading.toString(16), hexDigits, spec.alternate) +
    `p${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`
  if (upper) body = body.toUpperCase()
  return pad(spec, sign + body, spec.zeroPad, sign.length + 2)
}

/**
 * One directive of a printf format as a compiler's format check reads it (gcc -Wformat): which
 * arguments it consumes and where in the format it is. Indexes count characters of `format`.
 */
export interface FormatDirective {
  /**
   * `conversion`: a conversion glibc knows; `unknown`: an unknown conversion character (it
   * consumes no argument); `trailing`: a `%` that ends the format; `unfinished`: the format ends
   * after flags, width, precision or length but before a conversion character.
   */
  kind: 'conversion' | 'unknown' | 'trailing' | 'unfinished'
  /** Index of the conversion character (the `%` of a trailing one; the last character of an unfinished one). */
  at: number
  /** The directive as written, `%-08.3lf`. */
  text: string
  /** Length modifier as written: '', 'hh', 'h', 'l', 'll', 'L', 'q', 'j', 'z', 'Z' or 't'. */
  length: string
  conversion: string
  /** Index of a `*` width, which reads an `int` argument before the conversion's own. */
  widthStar?: number
  /** Index of the `*` of a `.*` precision, which reads an `int` argument too. */
  precisionStar?: number
}

/** Conversions the format check knows (glibc's, with `%m`, `%C` and `%S`). */
const CHECKED_CONVERSIONS = 'diouxXfFeEgGaAcspnmCS'

/** The directives of `format` in order, as gcc's format check sees them; `%%` is none. */
export function formatDirectives(format: string): FormatDirective[] {
  const directives: FormatDirective[] = []
  let index = 0
  for (;;) {
    const percent = format.indexOf('%', index)
    if (percent < 0) break
    let i = percent + 1
    if (i >= format.length) {
      directives.push({ kind: 'trailing', at: percent, text: '%', length: '', conversion: '' })
      break
    }
    if (format[i] === '%') {
      index = i + 1
      continue
    }
    let widthStar: number | undefined
    let precisionStar: number | undefined
    while (i < format.length && FLAG_CHARACTERS.includes(format[i])) i++
    if (format[i] === '*') widthStar = i++
    else while (i < format.length && isDigit(format[i])) i++
    if (format[i] === '.') {
      i++
      if (format[i] === '*') precisionStar = i++
      else while (i < format.length && isDigit(format[i])) i++
    }
    const lengthStart = i
    if (format.startsWith('hh', i) || format.startsWith('ll', i)) i += 2
    else if ('hlLqjzZt'.includes(format[i] ?? '@')) i++
    const length = format.slice(lengthStart, i)
    if (i >= format.length) {
      directives.push({
        kind: 'unfinished',
        at: format.length - 1,
        text: format.slice(percent),
        length,
        conversion: ''
      })
      break
    }
    const conversion = format[i]
    index = i + 1
    // `%5%` is glibc's percent sign with a width; gcc reports it oddly, so it is left alone.
    if (conversion === '%') continue
    directives.push({
      kind: CHECKED_CONVERSIONS.includes(conversion) ? 'conversion' : 'unknown',
      at: i,
      text: format.slice(percent, i + 1),
      length,
      conversion,
      ...(widthStar !== undefined && { widthStar }),
      ...(precisionStar !== undefined && { precisionStar })
    })
  }
  return directives
}
