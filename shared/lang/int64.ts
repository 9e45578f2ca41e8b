/**
 * 64-bit C integer arithmetic on JavaScript values. A `long` or `unsigned long` is a number
 * while it is exactly representable (|v| ≤ 2^53 − 1), and a BigInt only beyond that, so the
 * common case runs at number speed and the rare case wraps exactly as x86-64 does.
 */

import { integerToFloat32, toFloat32 } from './float32'
import { K } from './opcodes'

// A plain copy: an imported binding may be a getter.
const Kind = { ...K }

export type Value = number | bigint

const MAX_SAFE = 9007199254740991

/** Back to a number when exact. */
export function norm(v: bigint): Value {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v
}

export function big(v: Value): bigint {
  return typeof v === 'bigint' ? v : BigInt(v)
}

export function wrapS64(v: bigint): Value {
  return norm(BigInt.asIntN(64, v))
}

export function wrapU64(v: bigint): Value {
  return norm(BigInt.asUintN(64, v))
}

export function addS(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b
    if (r >= -MAX_SAFE && r <= MAX_SAFE) return r
  }
  return wrapS64(big(a) + big(b))
}

export function addU(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b
    if (r >= 0 && r <= MAX_SAFE) return r
  }
  return wrapU64(big(a) + big(b))
}

export function subS(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b
    if (r >= -MAX_SAFE && r <= MAX_SAFE) return r
  }
  return wrapS64(big(a) - big(b))
}

export function subU(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b
    if (r >= 0 && r <= MAX_SAFE) return r
  }
  return wrapU64(big(a) - big(b))
}

export function mulS(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b
    if (r >= -MAX_SAFE && r <= MAX_SAFE) return r === 0 ? 0 : r
  }
  return wrapS64(big(a) * big(b))
}

export function mulU(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b
    if (r <= MAX_SAFE) return r
  }
  return wrapU64(big(a) * big(b))
}

/** Signed division truncating toward zero; the caller has ruled out b == 0 and overflow. */
export function divS(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number' && a <= 2147483647 && a >= -2147483648)
    return Math.trunc(a / b) || 0
  return wrapS64(big(a) / big(b))
}

export function divU(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number' && a <= 2147483647) return Math.floor(a / b)
  return wrapU64(big(a) / big(b))
}

export function modS(a: Value, b: Value): Value {
  if (
    typeof a === 'number' &&
    typeof b === 'number' &&
    a <= 2147483647 &&
    a >= -2147483648 &&
    b <= 2147483647 &&
    b >= -2147483648
  )
    return a % b || 0
  return wrapS64(big(a) % big(b))
}

export function modU(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number' && a <= 2147483647 && b <= 2147483647)
    return a % b
  return wrapU64(big(a) % big(b))
}

/** Shift counts are masked to 6 bits, as the x86-64 shift instructions do. */
export function shl(a: Value, count: number, signed: boolean): Value {
  const n = BigInt(count & 63)
  return signed ? wrapS64(big(a) << n) : wrapU64(big(a) << n)
}

export function shrS(a: Value, count: number): Value {
  const n = count & 63
  if (typeof a === 'number' && a >= -2147483648 && a <= 2147483647 && n < 32) return a >> n
  return norm(big(a) >> BigInt(n))
}

export function shrU(a: Value, count: number): Value {
  const n = count & 63
  if (typeof a === 'number' && a >= 0 && a <= 2147483647 && n < 32) return a >>> n
  return norm(BigInt.asUintN(64, big(a)) >> BigInt(n))
}

export function bitwise(op: '&' | '|' | '^', a: Value, b: Value, signed: boolean): Value {
  if (
    typeof a === 'number' &&
    typeof b === 'number' &&
    a >= -2147483648 &&
    a <= 2147483647 &&
    b >= -2147483648 &&
    b <= 2147483647
  ) {
    const r = op === '&' ? a & b : op === '|' ? a | b : a ^ b
    // Both operands sign-extend the same way, so the 32-bit result sign-extends to 64 bits.
    return signed || r >= 0 ? r : wrapU64(BigInt(r))
  }
  const x = big(a)
  const y = big(b)
  const r = op === '&' ? x & y : op === '|' ? x | y : x ^ y
  return signed ? wrapS64(r) : wrapU64(r)
}

export function negS(a: Value): Value {
  if (typeof a === 'number') return a === 0 ? 0 : -a
  return wrapS64(-a)
}

export function negU(a: Value): Value {
  if (typeof a === 'number' && a === 0) return 0
  return wrapU64(-big(a))
}

export function notS(a: Value): Value {
  if (typeof a === 'number' && a >= -2147483648 && a <= 2147483647) return ~a
  return wrapS64(~big(a))
}

export function notU(a: Value): Value {
  return wrapU64(~big(a))
}

/** The low 32 bits as a signed int (exact for any integer-valued number, by ToInt32). */
export function low32(a: Value): number {
  return typeof a === 'number' ? a | 0 : Number(BigInt.asIntN(32, a))
}

export function low32u(a: Value): number {
  return typeof a === 'number' ? a >>> 0 : Number(BigInt.asUintN(32, a))
}

/** Reinterpret as signed 64 bits. */
export function asS64(a: Value): Value {
  if (typeof a === 'number') return a
  return wrapS64(a)
}

/** Reinterpret as unsigned 64 bits. */
export function asU64(a: Value): Value {
  if (typeof a === 'number' && a >= 0) return a
  return wrapU64(big(a))
}

/** double → 64-bit integer as cvttsd2si does: NaN and out-of-range give 0x8000000000000000. */
export function doubleToS64(d: number): Value {
  if (!(d > -9223372036854775808 - 1) || !(d < 9223372036854775808)) return -9223372036854775808n
  const t = Math.trunc(d)
  return t >= -MAX_SAFE && t <= MAX_SAFE ? t || 0 : BigInt(t)
}

export function doubleToU64(d: number): Value {
  // gcc's conversion for unsigned long handles values up to 2^64 − 1.
  if (d >= 9223372036854775808 && d < 18446744073709551616) return norm(BigInt(Math.trunc(d)))
  const s = doubleToS64(d)
  return asU64(s)
}

export function doubleToS32(d: number): number {
  if (!(d > -2147483649) || !(d < 2147483648)) return -2147483648
  return Math.trunc(d) | 0
}

export function toDouble(a: Value): number {
  return typeof a === 'number' ? a : Number(a)
}

/** Converts a value between operand-stack kinds, as C's conversions and x86-64 do. */
export function convert(v: Value, from: number, to: number): Value {
  switch (to) {
    case Kind.I32:
      return from === Kind.F64 ? doubleToS32(v as number) : low32(v)
    case Kind.U32:
      return from === Kind.F64 ? low32u(doubleToS64(v as number)) : low32u(v)
    case Kind.I64:
      if (from === Kind.F64) return doubleToS64(v as number)
      return from === Kind.U64 || from === Kind.PTR ? asS64(v) : v
    case Kind.U64:
      if (from === Kind.F64) return doubleToU64(v as number)
      return asU64(v)
    case Kind.F64:
      return toDouble(from === Kind.PTR ? asU64(v) : v)
    case Kind.F32:
      // Rounded once: a 64-bit integer straight to float, not through a double.
      return from === Kind.F64 ? toFloat32(v as number) : integerToFloat32(asIntegerValue(v, from))
    case Kind.PTR:
      // A pointer is an unsigned 64-bit value: a number up to 2^53 − 1, a BigInt beyond.
      if (typeof v === 'bigint') return norm(BigInt.asUintN(64, v))
      return v < 0 ? BigInt.asUintN(64, BigInt(v)) : v
    default:
      return v
  }
}

/** An integer operand's mathematical value: an unsigned 64-bit one (or a pointer) as unsigned. */
function asIntegerValue(v: Value, from: number): Value {
  return from === Kind.U64 || from === Kind.PTR ? asU64(v) : v
}

/** `p + i` for a pointer `p` to objects of `scale` bytes, wrapping modulo 2^64 as x86-64 does. */
export function pointerAdd(p: Value, i: Value, scale: number): Value {
  return norm(BigInt.asUintN(64, big(p) + BigInt.asIntN(64, big(i)) * BigInt(scale)))
}

/** `p - q` in objects of `scale` bytes (a signed 64-bit byte difference, divided as C does). */
export function pointerDifference(p: Value, q: Value, scale: number): Value {
  return norm(BigInt.asIntN(64, big(p) - big(q)) / BigInt(scale))
}
