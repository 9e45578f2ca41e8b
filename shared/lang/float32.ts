/**
 * IEEE 754 single precision (C's `float` on x86-64) for values the interpreter keeps as
 * JavaScript numbers: every conversion to float rounds once, to nearest, ties to even, as
 * gcc's SSE instructions (cvtsd2ss, cvtsi2ss, cvtsi2ssq) and its constant folder do.
 *
 * Rounding a double to float (`Math.fround`) is exact for values that are doubles already. The
 * traps are the values that are not: a 64-bit integer beyond 2^53 and a decimal constant,
 * which would be rounded twice (to double, then to float) and can land on the wrong float
 * when the first rounding hits a point halfway between two floats.
 */

const bits = new Uint32Array(1)
const single = new Float32Array(bits.buffer)

/** The float nearest to the double `x` (ties to even): cvtsd2ss. */
export const toFloat32 = Math.fround

/** The binary32 encoding of a float value (the 4 bytes gcc stores, as an unsigned integer). */
export function float32Bits(x: number): number {
  single[0] = x
  return bits[0]
}

/** The float whose binary32 encoding is `u`. */
export function float32FromBits(u: number): number {
  bits[0] = u
  return single[0]
}

/**
 * The float nearest to an integer of up to 64 bits (cvtsi2ss; for an unsigned long, gcc's
 * halving sequence, which rounds the same). Beyond 2^53 the low bits are folded into one
 * sticky bit first, so the one rounding `fround` does is the right one.
 */
export function integerToFloat32(v: number | bigint): number {
  if (typeof v === 'number') return Math.fround(v)
  const negative = v < 0n
  let magnitude = negative ? -v : v
  const length = magnitude.toString(2).length
  let scale = 0
  if (length > 30) {
    scale = length - 30
    const dropped = magnitude & ((1n << BigInt(scale)) - 1n)
    magnitude = (magnitude >> BigInt(scale)) | (dropped !== 0n ? 1n : 0n)
  }
  const x = Math.fround(Number(magnitude) * 2 ** scale)
  return negative ? -x : x
}

/**
 * The float nearest to a decimal floating constant (`0.1f`, `3.4e38F`) as gcc reads it: the
 * exact decimal value rounded once. Number() gives the nearest double; only when that double is
 * exactly halfway between two floats can rounding it again choose the wrong one, and then the
 * exact decimal decides.
 */
export function decimalToFloat32(text: string): number {
  const d = Number(text)
  const f = Math.fround(d)
  if (f === d || !Number.isFinite(d) || !Number.isFinite(f)) return f
  // The other float around d.
  const g = neighbour(f, d > f ? 1 : -1)
  if (Math.abs(d - f) !== Math.abs(g - d)) return f
  // d is the midpoint m of f and g: is the exact decimal above or below it?
  const side = compareDecimalWith(text, Math.abs(d))
  if (side === 0) return f // exactly halfway: fround chose the even one
  const upper = Math.abs(f) > Math.abs(g) ? f : g
  const lower = upper === f ? g : f
  return side > 0 ? upper : lower
}

/** The next float after f in direction `step` (+1 up, −1 down) for a finite non-zero f. */
function neighbour(f: number, step: 1 | -1): number {
  const u = float32Bits(f)
  // For a negative f the encoding grows as the value falls.
  const up = f > 0 ? step : -step
  return float32FromBits((u + up) >>> 0)
}

/** Sign of |decimal| − m, for a decimal literal's text and a positive double m, compared exactly. */
function compareDecimalWith(text: string, m: number): number {
  const match = /^([0-9]*)\.?([0-9]*)(?:[eE]([+-]?[0-9]+))?$/.exec(text)
  if (match === null) return 0
  const digits = BigInt((match[1] + match[2]).replace(/^0+(?=.)/, '') || '0')
  const exponent10 = Number(match[3] ?? 0) - match[2].length
  // m = mantissa × 2^exponent2, exactly.
  let exponent2 = 0
  let mantissa = m
  while (!Number.isInteger(mantissa)) {
    mantissa *= 2
    exponent2--
  }
  let left = digits
  let right = BigInt(mantissa)
  if (exponent10 >= 0) left *= 10n ** BigInt(exponent10)
  else right *= 10n ** BigInt(-exponent10)
  if (exponent2 >= 0) right <<= BigInt(exponent2)
  else left <<= BigInt(-exponent2)
  return left > right ? 1 : left < right ? -1 : 0
}
