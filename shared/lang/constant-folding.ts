/**
 * Constant folding as gcc 12 does it, even at -O0: an operator whose operands are constants is
 * computed by the compiler (fold-const.cc), not by the instruction, and in a few undefined cases
 * the two disagree — which a learner sees, because the same expression with a variable gives
 * another answer:
 *
 * - a shift by a constant count of at least the type's width: the instruction masks the count
 *   (`1 << s` with s = 32 is 1), the compiler shifts in unbounded precision and keeps the low
 *   bits (`1 << 32` is 0, `-1 >> 40` is -1); a negative count is left to the instruction;
 * - `INT_MIN / -1` traps in the instruction (SIGFPE) but folds to INT_MIN, `INT_MIN % -1` to 0;
 * - a `double` constant out of the range of the integer type it is converted to saturates
 *   (`(int)1e10` is INT_MAX, `(unsigned)-1.0` 0, `(unsigned char)300.7` 255, NaN 0), where
 *   cvttsd2si gives 0x80000000.
 *
 * Everything else folds to what the instruction computes, so codegen asks for a folded value
 * only where they differ (`differsFromInstruction`), and the checker for gcc's default-on
 * warnings about these expressions: -Wshift-count-overflow, -Wshift-count-negative and
 * -Woverflow ("integer overflow in expression of type 'int' results in '-2147483648'").
 */
import type { Expr, Position, Stmt } from './ast'
import { reason, type DiagnosticReason } from './diagnostics'
import { forEachExpr } from './memory-warnings'
import { alignOf, decay, sizeOf, typeName, usualArithmetic, type CType } from './types'

/** A folded constant: an integer of the expression's type, or a double. */
export type Folded =
  | {
      kind: 'int'
      value: bigint
      /** Signed arithmetic overflowed here or in an operand (gcc's TREE_OVERFLOW). */
      overflow: boolean
    }
  | { kind: 'double'; value: number }

/** Folded values already computed, by node (a Map, or a WeakMap kept across a compilation). */
export interface FoldMemo {
  has(e: Expr): boolean
  get(e: Expr): Folded | null | undefined
  set(e: Expr, value: Folded | null): unknown
}

/** `v` as a value of integer type `t` (two's complement wrap-around, `_Bool` 0 or 1). */
export function wrapTo(v: bigint, t: CType & { kind: 'int' }): bigint {
  if (t.name === '_Bool') return v !== 0n ? 1n : 0n
  return t.signed ? BigInt.asIntN(t.size * 8, v) : BigInt.asUintN(t.size * 8, v)
}

/** The smallest and largest values of integer type `t`. */
function rangeOf(t: CType & { kind: 'int' }): [bigint, bigint] {
  const bits = BigInt(t.size * 8)
  return t.signed ? [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n] : [0n, (1n << bits) - 1n]
}

/**
 * A double converted to integer type `t` as gcc folds it (fold_convert_const_int_from_real):
 * truncated toward zero, saturated at the type's limits, NaN as 0.
 */
export function saturatingConversion(d: number, t: CType & { kind: 'int' }): bigint {
  if (t.name === '_Bool') return d !== 0 ? 1n : 0n
  if (Number.isNaN(d)) return 0n
  const [min, max] = rangeOf(t)
  if (d === Infinity) return max
  if (d === -Infinity) return min
  const v = BigInt(Math.trunc(d))
  return v < min ? min : v > max ? max : v
}

/** Whether converting `d` to `t` leaves its range (where cvttsd2si and folding disagree). */
export function outOfRange(d: number, t: CType & { kind: 'int' }): boolean {
  if (t.name === '_Bool') return false
  if (!Number.isFinite(d)) return true
  const [min, max] = rangeOf(t)
  const v = BigInt(Math.trunc(d))
  return v < min || v > max
}

function integerType(t: CType | undefined): (CType & { kind: 'int' }) | null {
  const d = t ? decay(t) : null
  return d?.kind === 'int' ? d : null
}

/** An integer folded value converted to `t`; overflow is kept, not raised, by a conversion. */
function asInteger(f: Folded, t: CType & { kind: 'int' }): Folded & { kind: 'int' } {
  return f.kind === 'int'
    ? { kind: 'int', value: wrapTo(f.value, t), overflow: f.overflow }
    : { kind: 'int', value: saturatingConversion(f.value, t), overflow: false }
}

function asDouble(f: Folded): number {
  return f.kind === 'double' ? f.value : Number(f.value)
}

/**
 * The value gcc folds `e` to, or null when `e` is not constant to gcc (a variable, a call, a
 * shift by a negative count, a division by zero, a double operation that overflows or makes a
 * NaN, which gcc leaves to run time under -ftrapping-math). Needs the checker's types.
 */
export function foldConstant(e: Expr, memo?: FoldMemo): Folded | null {
  if (memo?.has(e)) return memo.get(e) ?? null
  const folded = foldNode(e, memo)
  memo?.set(e, folded)
  return folded
}

function foldNode(e: Expr, memo?: FoldMemo): Folded | null {
  const fold = (x: Expr): Folded | null => foldConstant(x, memo)
  switch (e.k) {
    case 'int':
      return { kind: 'int', value: e.value, overflow: false }
    case 'float':
      return { kind: 'double', value: e.value }
    case 'ident':
      return e.symbol?.kind === 'enum'
        ? { kind: 'int', value: e.symbol.value, overflow: false }
        : null
    case 'sizeof': {
      const t = e.type ?? e.operand?.ty
      return t
        ? { kind: 'int', value: BigInt(e.align ? alignOf(t) : sizeOf(t)), overflow: false }
        : null
    }
    case 'cast': {
      const v = fold(e.operand)
      if (!v) return null
      const to = integerType(e.type)
      if (to) return asInteger(v, to)
      return e.type.kind === 'double' ? { kind: 'double', value: asDouble(v) } : null
    }
    case 'unary':
      return foldUnary(e, fold(e.operand))
    case 'binary': {
      // A long chain `1 + 2 + …` is folded in a loop along its left spine.
      const spine: Array<Expr & { k: 'binary' }> = [e]
      let bottom = e.left
      while (bottom.k === 'binary' && !memo?.has(bottom)) {
        spine.push(bottom)
        bottom = bottom.left
      }
      let value = fold(bottom)
      for (let i = spine.length - 1; i >= 1; i--) {
        value = value && foldBinary(spine[i], value, fold)
        memo?.set(spine[i], value)
      }
      return value && foldBinary(e, value, fold)
    }
    case 'call': {
      // <math.h>'s NAN, INFINITY and HUGE_VAL are gcc built-in constants.
      const symbol = e.callee.k === 'ident' ? e.callee.symbol : undefined
      const builtin = symbol?.kind === 'function' ? symbol.builtin : undefined
      if (builtin === '__builtin_nanf') return { kind: 'double', value: NaN }
      if (builtin === '__builtin_inff' || builtin === '__builtin_huge_val')
        return { kind: 'double', value: Infinity }
      return null
    }
    case 'cond': {
      const test = fold(e.test)
      if (!test) return null
      const chosen = fold(test.value !== 0 && test.value !== 0n ? e.then : e.otherwise)
      if (!chosen) return null
      const t = integerType(e.ty)
      return t ? asInteger(chosen, t) : { kind: 'double', value: asDouble(chosen) }
    }
    default:
      return null
  }
}

function foldUnary(e: Expr & { k: 'unary' }, v: Folded | null): Folded | null {
  if (!['-', '+', '~', '!'].includes(e.op) || !v) return null
  if (e.op === '!')
    return { kind: 'int', value: v.value === 0 || v.value === 0n ? 1n : 0n, overflow: false }
  const t = integerType(e.ty)
  if (!t) {
    if (v.kind !== 'double') return null
    return e.op === '-' ? { kind: 'double', value: -v.value } : e.op === '+' ? v : null
  }
  const x = asInteger(v, t)
  const exact = e.op === '-' ? -x.value : e.op === '~' ? ~x.value : x.value
  const value = wrapTo(exact, t)
  // `~` never overflows; `-INT_MIN` does.
  return {
    kind: 'int',
    value,
    overflow: x.overflow || (t.signed && e.op === '-' && value !== exact)
  }
}

/** `e` folded, its left operand folded to `a`. */
function foldBinary(
  e: Expr & { k: 'binary' },
  a: Folded,
  fold: (x: Expr) => Folded | null
): Folded | null {
  if (e.op === '&&' || e.op === '||') {
    const truth = a.value !== 0 && a.value !== 0n
    // `0 && x` and `1 || x` are constant whatever x is.
    if (truth === (e.op === '||')) return { kind: 'int', value: truth ? 1n : 0n, overflow: false }
    const b = fold(e.right)
    if (!b) return null
    return { kind: 'int', value: b.value !== 0 && b.value !== 0n ? 1n : 0n, overflow: false }
  }
  const b = fold(e.right)
  if (!b) return null
  const lt = e.left.ty ? decay(e.left.ty) : null
  const rt = e.right.ty ? decay(e.right.ty) : null
  if (!lt || !rt) return null
  if (e.op === '<<' || e.op === '>>') {
    const t = integerType(e.ty)
    if (!t || b.kind !== 'int' || b.value < 0n) return null
    const x = asInteger(a, t)
    const exact = e.op === '<<' ? x.value << b.value : x.value >> b.value
    return { kind: 'int', value: wrapTo(exact, t), overflow: x.overflow || b.overflow }
  }
  if ((lt.kind !== 'int' && lt.kind !== 'double') || (rt.kind !== 'int' && rt.kind !== 'double'))
    return null
  const common = usualArithmetic(lt, rt)
  const overflowBefore = (a.kind === 'int' && a.overflow) || (b.kind === 'int' && b.overflow)
  if (common.kind === 'double') {
    const x = asDouble(a)
    const y = asDouble(b)
    const compared = compare(e.op, x, y)
    if (compared !== null) return { kind: 'int', value: compared ? 1n : 0n, overflow: false }
    const r =
      e.op === '+'
        ? x + y
        : e.op === '-'
          ? x - y
          : e.op === '*'
            ? x * y
            : e.op === '/'
              ? x / y
              : NaN
    // gcc's const_binop under -ftrapping-math: no fold that would raise an exception (a
    // division by zero, an overflow to infinity from finite operands, an invalid operation
    // making a NaN); an infinity or a quiet NaN already there carries through (2 * INFINITY).
    if (e.op === '/' && y === 0) return null
    const folds = Number.isFinite(r)
      ? true
      : Number.isNaN(r)
        ? Number.isNaN(x) || Number.isNaN(y)
        : !Number.isFinite(x) || !Number.isFinite(y)
    return folds ? { kind: 'double', value: r } : null
  }
  const t = integerType(common)
  if (!t) return null
  const x = asInteger(a, t).value
  const y = asInteger(b, t).value
  const compared = compare(e.op, x, y)
  if (compared !== null) return { kind: 'int', value: compared ? 1n : 0n, overflow: overflowBefore }
  let exact: bigint
  switch (e.op) {
    case '+':
      exact = x + y
      break
    case '-':
      exact = x - y
      break
    case '*':
      exact = x * y
      break
    case '/':
    case '%':
      if (y === 0n) return null
      exact = e.op === '/' ? x / y : x % y
      break
    case '&':
      exact = x & y
      break
    case '|':
      exact = x | y
      break
    case '^':
      exact = x ^ y
      break
    default:
      return null
  }
  const value = wrapTo(exact, t)
  // `MIN % -1` is 0, but gcc flags it as it flags the quotient `MIN / -1` it comes from.
  const remainderOfOverflow = e.op === '%' && t.signed && y === -1n && x === rangeOf(t)[0]
  return {
    kind: 'int',
    value,
    overflow: overflowBefore || (t.signed && value !== exact) || remainderOfOverflow
  }
}

function compare<T extends number | bigint>(op: string, x: T, y: T): boolean | null {
  switch (op) {
    case '<':
      return x < y
    case '>':
      return x > y
    case '<=':
      return x <= y
    case '>=':
      return x >= y
    case '==':
      return x === y
    case '!=':
      return x !== y
    default:
      return null
  }
}

/**
 * The value to use instead of the instructions for `e`, where gcc's folding gives another
 * answer than they would: a shift by a constant count of the width or more, a constant
 * `MIN / -1` or `MIN % -1`, and an out-of-range double constant converted to an integer type.
 * Null everywhere else (the instructions compute what gcc folds).
 */
export function differsFromInstruction(e: Expr): bigint | null {
  const t = integerType(e.ty)
  if (!t) return null
  if (e.k === 'binary' && (e.op === '<<' || e.op === '>>')) {
    const count = foldConstant(e.right)
    if (count?.kind !== 'int' || count.value < BigInt(t.size * 8)) return null
  } else if (e.k === 'binary' && (e.op === '/' || e.op === '%')) {
    const divisor = foldConstant(e.right)
    if (divisor?.kind !== 'int' || divisor.value !== -1n || !t.signed) return null
  } else if (e.k === 'cast') {
    const from = foldConstant(e.operand)
    if (from?.kind !== 'double' || !outOfRange(from.value, t)) return null
  } else return null
  const folded = foldConstant(e)
  return folded?.kind === 'int' ? folded.value : null
}

/** A warning gcc gives by default about a constant expression, with where it puts it. */
export interface FoldingWarning {
  reason: DiagnosticReason
  position: Position
}

/**
 * gcc's default-on warnings about constant operands in one function body, at the operator:
 * -Wshift-count-negative and -Wshift-count-overflow for a constant count (whatever the shifted
 * value), and -Woverflow where folding signed arithmetic overflows (once, at the innermost
 * operator that overflows: `(INT_MIN / -1) / 2` warns at the first `/`).
 */
export function constantFoldingWarnings(body: Stmt): FoldingWarning[] {
  const memo = new Map<Expr, Folded | null>()
  const fold = (x: Expr): Folded | null => foldConstant(x, memo)
  const overflowed = (x: Expr): boolean => {
    const f = fold(x)
    return f?.kind === 'int' && f.overflow
  }
  const warnings: FoldingWarning[] = []
  forEachExpr(body, (e) => {
    const t = integerType(e.ty)
    if (!t) return
    if (e.k === 'binary' && (e.op === '<<' || e.op === '>>')) {
      const count = fold(e.right)
      if (count?.kind !== 'int') return
      const direction = e.op === '<<' ? 'left' : 'right'
      if (count.value < 0n)
        warnings.push({
          reason: reason('checker.shiftCountNegative', { direction, count: count.value }),
          position: e.pos
        })
      else if (count.value >= BigInt(t.size * 8))
        warnings.push({
          reason: reason('checker.shiftCountOverflow', {
            direction,
            count: count.value,
            type: typeName(t),
            width: t.size * 8
          }),
          position: e.pos
        })
      return
    }
    const arithmetic =
      (e.k === 'binary' && ['+', '-', '*', '/', '%'].includes(e.op)) ||
      (e.k === 'unary' && e.op === '-')
    if (!arithmetic || !overflowed(e)) return
    const operands = e.k === 'binary' ? [e.left, e.right] : e.k === 'unary' ? [e.operand] : []
    if (operands.some(overflowed)) return
    warnings.push({
      reason: reason('checker.integerOverflow', {
        type: typeName(t),
        result: (fold(e) as Folded & { kind: 'int' }).value
      }),
      position: e.pos
    })
  })
  return warnings
}

/** A double as gcc writes it in a diagnostic: `1.0e+10`, `-3.005e+2`, `3.0069999999999999e+2`. */
export function gccDouble(d: number): string {
  if (!Number.isFinite(d)) return String(d)
  const [mantissa, exponent] = d.toExponential(16).split('e')
  return `${mantissa.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '.0')}e${exponent}`
}
