/**
 * gcc's -Woverflow (on by default) for an integer constant converted implicitly — by an
 * initializer, an assignment, an argument or a `return` — to a narrower integer type that cannot
 * hold it: `char c = 300;` stores 44. gcc warns when the value lies outside both the signed and
 * the unsigned range of the target's width (so `char c = 255` and `unsigned char u = -1` pass
 * silently), never for `_Bool` or a 64-bit target, and not for an explicit cast.
 */
import type { Expr, Position } from './ast'
import { reason, type DiagnosticReason } from './diagnostics'
import { foldArithmetic } from './parser'
import { foldConstant, gccDouble, outOfRange, saturatingConversion } from './constant-folding'
import { decay, sizeOf, typeName, type CType, type IntegerType } from './types'

/** The warning for converting `e` to `to`, with where gcc puts it, or null when gcc is silent. */
export function overflowWarning(
  to: CType,
  e: Expr,
  bitField?: { width: number; type: IntegerType }
): { reason: DiagnosticReason; position: Position } | null {
  if (bitField) return bitFieldOverflow(bitField, e)
  if (to.kind === 'int' && e.ty && decay(e.ty).kind === 'double') return doubleOverflow(to, e)
  if (to.kind !== 'int' || to.name === '_Bool' || to.size === 8) return null
  const from = e.ty
  if (!from || from.kind !== 'int') return null
  const value = constantValue(e)
  if (value === null) return null
  const bits = BigInt(to.size * 8)
  if (value >= -(1n << (bits - 1n)) && value <= (1n << bits) - 1n) return null
  const result = to.signed
    ? BigInt.asIntN(Number(bits), value)
    : BigInt.asUintN(Number(bits), value)
  return {
    reason: reason('checker.overflowConversion', {
      from: typeName(from),
      to: typeName(to),
      value,
      result
    }),
    position: startOf(e)
  }
}

/**
 * An integer constant stored into a bit-field that holds it in neither its signed nor its
 * unsigned range (`s.flag = 2` of an `unsigned flag : 1`). gcc names the field's type by the
 * narrowest type of its width and signedness: `unsigned char:3` for an `unsigned a : 3`.
 */
function bitFieldOverflow(
  field: { width: number; type: IntegerType },
  e: Expr
): { reason: DiagnosticReason; position: Position } | null {
  const from = e.ty
  if (!from || from.kind !== 'int' || field.type.name === '_Bool') return null
  const value = constantValue(e)
  if (value === null) return null
  const bits = BigInt(field.width)
  if (value >= -(1n << (bits - 1n)) && value <= (1n << bits) - 1n) return null
  const signed = field.type.signed
  const narrowest =
    field.width <= 8 ? 'char' : field.width <= 16 ? 'short' : field.width <= 32 ? 'int' : 'long'
  const name =
    (signed ? (narrowest === 'char' ? 'signed char' : narrowest) : `unsigned ${narrowest}`) +
    `:${field.width}`
  return {
    reason: reason('checker.overflowConversion', {
      from: typeName(from),
      to: name,
      value,
      result: signed ? BigInt.asIntN(field.width, value) : BigInt.asUintN(field.width, value)
    }),
    position: startOf(e)
  }
}

/**
 * A double constant out of the range of the integer type it is converted to: gcc folds the
 * conversion, saturated (`int v = 1e10;` is 2147483647), and warns (-Woverflow) at the
 * constant, writing the double as its diagnostics do (`1.0e+10`).
 */
function doubleOverflow(
  to: CType & { kind: 'int' },
  e: Expr
): { reason: DiagnosticReason; position: Position } | null {
  const v = foldConstant(e)
  if (v?.kind !== 'double' || !outOfRange(v.value, to)) return null
  return {
    reason: reason('checker.overflowConversionDouble', {
      to: typeName(to),
      value: gccDouble(v.value),
      result: saturatingConversion(v.value, to)
    }),
    position: startOf(e)
  }
}

/**
 * The value of an integer constant expression as C computes it in its type (unsigned
 * arithmetic wraps, a cast truncates), or null when `e` is not one.
 */
function constantValue(e: Expr): bigint | null {
  let v: bigint | null
  switch (e.k) {
    case 'int':
      v = e.value
      break
    case 'unary': {
      const x = constantValue(e.operand)
      if (x === null) return null
      if (e.op === '-') v = -x
      else if (e.op === '+') v = x
      else if (e.op === '~') v = ~x
      else if (e.op === '!') v = x === 0n ? 1n : 0n
      else return null
      break
    }
    case 'binary': {
      const a = constantValue(e.left)
      const b = constantValue(e.right)
      if (a === null || b === null) return null
      v = foldArithmetic(e.op, a, b)
      break
    }
    case 'cast':
      if (e.type.kind !== 'int') return null
      v = constantValue(e.operand)
      break
    default:
      return null
  }
  if (v === null || !e.ty || e.ty.kind !== 'int') return null
  const bits = sizeOf(e.ty) * 8
  return e.ty.signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v)
}

/**
 * Where gcc places a diagnostic about a whole expression: its leftmost token (not an opening
 * parenthesis, whose place the syntax tree does not keep).
 */
export function startOf(e: Expr): Position {
  for (;;) {
    switch (e.k) {
      case 'binary':
      case 'assign':
      case 'comma':
        e = e.left
        continue
      case 'index':
        e = e.base
        continue
      case 'member':
        e = e.object
        continue
      case 'call':
        e = e.callee
        continue
      case 'cond':
        e = e.test
        continue
      case 'unary':
        if (e.op === 'post++' || e.op === 'post--') {
          e = e.operand
          continue
        }
        return e.pos
      default:
        return e.pos
    }
  }
}
