/**
 * The rewrites gcc 12 makes even at -O0 because signed overflow is undefined (match.pd and
 * fold-const.cc `fold_comparison`, applied while the front end builds the expression): it
 * assumes `x + 1` never wraps, so a comparison that the wrapped value would answer otherwise
 * gets the answer of the mathematics. CS:APP's puzzles meet exactly this: with
 * `int x = INT_MAX`, `x + 1 > x` prints 1 from gcc's binary, while `int y = x + 1; y > x`
 * prints 0. Each rule below was checked against gcc 12 on this machine (overflow-folding.test.ts):
 *
 * - `X + C cmp X` and `X + C1 cmp X + C2` (also with `-`): the constants decide (`x + 1 > x`
 *   is 1, `y - 1 < y` is 1);
 * - `X + C1 cmp C2` is `X cmp C2 - C1` when that does not overflow (`x + 1 > 0` is `x > -1`);
 * - `X + 1 > Y` is `X >= Y`, `X + 1 <= Y` is `X < Y`, `X - 1 < Y` is `X <= Y`, `X - 1 >= Y`
 *   is `X > Y` (only for 1: `x + 1 >= z` and `x + 10 > m` keep the wrapped sum);
 * - `X + Y cmp X` is `Y cmp 0`, `X - Y cmp X` is `0 cmp Y`;
 * - `-X cmp C` is `X cmp' -C` (`-y < 0` is `y > 0`), `-X == X` is `X == 0`, `-X cmp -Y` is
 *   `X cmp' Y` (`-x > -y` is `x < y`, so CS:APP's `(x < y) == (-x > -y)` is 1 for INT_MIN too);
 * - `X * C1 / C2` is `X * (C1 / C2)` when C2 divides C1 (`x * 2 / 2` is `x`), `X / (C2 / C1)`
 *   when C1 (positive) divides C2.
 *
 * Only for `int`, `long` and `long long` (unsigned arithmetic wraps by definition, and `char`
 * and `short` are promoted first), and only where X has no side effects (gcc's
 * `operand_equal_p`: the same variable, member, element or dereference).
 */
import type { BinaryOp, Expr } from './ast'
import { foldConstant, type Folded } from './constant-folding'
import { hasSideEffects as hasEffects } from './evaluation-order'
import { INT, type CType } from './types'

type Comparison = '<' | '<=' | '>' | '>=' | '==' | '!='

const COMPARISONS = new Set<BinaryOp>(['<', '<=', '>', '>=', '==', '!='])

/** `a op b` read from the other side: `a < b` is `b > a`. */
const SWAPPED: Record<Comparison, Comparison> = {
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
  '==': '==',
  '!=': '!='
}

/** A signed integer type whose overflow gcc treats as undefined (after the promotions). */
function overflowUndefined(t: CType | undefined): t is CType & { kind: 'int' } {
  return t !== undefined && t.kind === 'int' && t.signed && t.size >= 4
}

/**
 * Values folded so far: codegen asks about every comparison of a long chain (`1 < 1 < …`),
 * and each asks about its left operand, the chain below it.
 */
const folded = new WeakMap<Expr, Folded | null>()

/** The value of a constant operand, or null. */
function constant(e: Expr): bigint | null {
  const f = foldConstant(e, folded)
  return f?.kind === 'int' ? f.value : null
}

/** Whether `a` and `b` are the same side-effect-free operand (gcc's operand_equal_p). */
function sameOperand(a: Expr, b: Expr): boolean {
  if (a.k === 'cast' && b.k === 'cast') {
    const s = a.type
    const t = b.type
    return (
      s.kind === t.kind &&
      (s.kind !== 'int' || (t.kind === 'int' && s.size === t.size && s.signed === t.signed)) &&
      sameOperand(a.operand, b.operand)
    )
  }
  switch (a.k) {
    case 'ident':
      return b.k === 'ident' && a.symbol !== undefined && a.symbol === b.symbol
    case 'int':
      return b.k === 'int' && a.value === b.value
    case 'member':
      return (
        b.k === 'member' &&
        a.name === b.name &&
        a.arrow === b.arrow &&
        sameOperand(a.object, b.object)
      )
    case 'index':
      return b.k === 'index' && sameOperand(a.base, b.base) && sameOperand(a.index, b.index)
    case 'unary':
      return b.k === 'unary' && a.op === '*' && b.op === '*' && sameOperand(a.operand, b.operand)
    default:
      return false
  }
}

/** `e` as `base + offset` when it is `X + C`, `C + X` or `X - C` of an overflow-undefined type. */
function linear(e: Expr): { base: Expr; offset: bigint } {
  if (e.k === 'binary' && overflowUndefined(e.ty) && (e.op === '+' || e.op === '-')) {
    const right = constant(e.right)
    if (right !== null && constant(e.left) === null)
      return { base: e.left, offset: e.op === '+' ? right : -right }
    const left = e.op === '+' ? constant(e.left) : null
    if (left !== null && constant(e.right) === null) return { base: e.right, offset: left }
  }
  return { base: e, offset: 0n }
}

function compare(a: bigint, op: Comparison, b: bigint): boolean {
  switch (op) {
    case '<':
      return a < b
    case '<=':
      return a <= b
    case '>':
      return a > b
    case '>=':
      return a >= b
    case '==':
      return a === b
    case '!=':
      return a !== b
  }
}

function fits(v: bigint, t: CType & { kind: 'int' }): boolean {
  const bits = BigInt(t.size * 8 - 1)
  return v >= -(1n << bits) && v < 1n << bits
}

/**
 * For a `C2 - C1` outside `t`: a value of X past the end it lies beyond, so that comparing
 * `C1` with `C2 - that` answers as every X of the type does.
 */
function rangeEnd(v: bigint, t: CType & { kind: 'int' }): bigint {
  const bits = BigInt(t.size * 8 - 1)
  return v < 0n ? -(1n << bits) : (1n << bits) - 1n
}

function integer(value: bigint, t: CType, at: Expr): Expr {
  return { k: 'int', value, type: t, ty: t, pos: at.pos }
}

function comparison(e: Expr, op: Comparison, left: Expr, right: Expr): Expr {
  return { k: 'binary', op, left, right, ty: e.ty ?? INT, pos: e.pos }
}

/**
 * What gcc rewrites `e` (a comparison or a division) into because signed overflow is
 * undefined, or null when it leaves `e` as written. The result computes with the same
 * operands, minus the arithmetic gcc took out.
 */
export function foldAssumingNoOverflow(e: Expr): Expr | null {
  if (e.k !== 'binary') return null
  if (e.op === '/' || e.op === '%') return foldDivision(e)
  if (!COMPARISONS.has(e.op)) return null
  const op = e.op as Comparison
  // abs(X) is never negative to gcc (tree_expr_nonnegative_p), though abs(INT_MIN) is.
  if (isAbs(e.left) && constant(e.right) === 0n && (op === '<' || op === '>='))
    return integer(op === '<' ? 0n : 1n, e.ty ?? INT, e)
  const t = e.left.ty
  if (!overflowUndefined(t) || !overflowUndefined(e.right.ty)) return null
  if (hasEffects(e.left) || hasEffects(e.right)) return null
  const l = linear(e.left)
  const r = linear(e.right)
  // X + C1 cmp X + C2: the constants decide.
  if ((l.offset !== 0n || r.offset !== 0n) && sameOperand(l.base, r.base))
    return integer(compare(l.offset, op, r.offset) ? 1n : 0n, e.ty ?? INT, e)
  // X + C1 cmp C2 is X cmp C2 - C1; C2 cmp X + C1 likewise.
  // (beyond the type's range: X + C1 is always above or below C2, so the answer is constant).
  const rightConstant = constant(e.right)
  if (l.offset !== 0n && rightConstant !== null)
    return fits(rightConstant - l.offset, t)
      ? comparison(e, op, l.base, integer(rightConstant - l.offset, t, e.right))
      : integer(
          compare(l.offset, op, rightConstant - rangeEnd(rightConstant - l.offset, t)) ? 1n : 0n,
          e.ty ?? INT,
          e
        )
  const leftConstant = constant(e.left)
  if (r.offset !== 0n && leftConstant !== null)
    return fits(leftConstant - r.offset, t)
      ? comparison(e, op, integer(leftConstant - r.offset, t, e.left), r.base)
      : integer(
          compare(leftConstant - rangeEnd(leftConstant - r.offset, t), op, r.offset) ? 1n : 0n,
          e.ty ?? INT,
          e
        )
  // X + 1 > Y is X >= Y (and the three like it), from either side.
  const byOne = oneApart(l.offset, op) ?? null
  if (byOne && rightConstant === null) return comparison(e, byOne, l.base, e.right)
  const byOneRight = oneApart(r.offset, SWAPPED[op])
  if (byOneRight && leftConstant === null) return comparison(e, SWAPPED[byOneRight], e.left, r.base)
  // X + Y cmp X is Y cmp 0; X - Y cmp X is 0 cmp Y.
  const sum = sumAgainst(e.left, e.right)
  if (sum) return comparison(e, op, sum.left, sum.right)
  const mirrored = sumAgainst(e.right, e.left)
  if (mirrored) return comparison(e, SWAPPED[op], mirrored.left, mirrored.right)
  // -X cmp -Y is Y cmp X (match.pd): CS:APP's `(x < y) == (-x > -y)` is 1 even for INT_MIN.
  if (isNegation(e.left) && isNegation(e.right))
    return comparison(e, SWAPPED[op], e.left.operand, e.right.operand)
  // -X cmp C is X cmp' -C; -X == X is X == 0.
  if (isNegation(e.left)) {
    const x = e.left.operand
    if (rightConstant !== null && fits(-rightConstant, t))
      return comparison(e, SWAPPED[op], x, integer(-rightConstant, t, e.right))
    if ((op === '==' || op === '!=') && sameOperand(x, e.right))
      return comparison(e, op, x, integer(0n, t, e.right))
  }
  if (isNegation(e.right) && leftConstant !== null && fits(-leftConstant, t))
    return comparison(e, op, e.right.operand, integer(-leftConstant, t, e.left))
  if (isNegation(e.right) && (op === '==' || op === '!=') && sameOperand(e.right.operand, e.left))
    return comparison(e, op, e.left, integer(0n, t, e.left))
  return null
}

/** For `X + offset op Y`: the comparison of X with Y gcc makes when the offset is ±1. */
function oneApart(offset: bigint, op: Comparison): Comparison | undefined {
  if (offset === 1n) return op === '>' ? '>=' : op === '<=' ? '<' : undefined
  if (offset === -1n) return op === '<' ? '<=' : op === '>=' ? '>' : undefined
  return undefined
}

/** `A + B` (or `A - B`) against A or B: the two sides gcc compares instead. */
function sumAgainst(sum: Expr, other: Expr): { left: Expr; right: Expr } | null {
  if (sum.k !== 'binary' || !overflowUndefined(sum.ty)) return null
  if (constant(sum.left) !== null || constant(sum.right) !== null) return null
  // `x + x` is `x * 2` to gcc first, which is not rewritten.
  if (sameOperand(sum.left, sum.right)) return null
  const zero = integer(0n, sum.ty, sum)
  if (sum.op === '+') {
    if (sameOperand(sum.left, other)) return { left: sum.right, right: zero }
    if (sameOperand(sum.right, other)) return { left: sum.left, right: zero }
  }
  if (sum.op === '-' && sameOperand(sum.left, other)) return { left: zero, right: sum.right }
  return null
}

function isNegation(e: Expr): e is Expr & { k: 'unary' } {
  return e.k === 'unary' && e.op === '-' && overflowUndefined(e.ty)
}

/** `X * C1 / C2`: gcc divides the constants when one divides the other. */
function foldDivision(e: Expr & { k: 'binary' }): Expr | null {
  const t = e.ty
  if (!overflowUndefined(t)) return null
  // X / -1 is -X and X % -1 is 0, so INT_MIN / -1 does not trap (a variable -1 does).
  if (constant(e.right) === -1n && constant(e.left) === null) {
    if (e.op === '/') return { k: 'unary', op: '-', operand: e.left, ty: t, pos: e.pos }
    return hasEffects(e.left) ? null : integer(0n, t, e)
  }
  const product = e.left
  if (e.op !== '/' || product.k !== 'binary' || product.op !== '*') return null
  if (!overflowUndefined(product.ty)) return null
  const c2 = constant(e.right)
  let c1 = constant(product.right)
  let x = product.left
  if (c1 === null) {
    c1 = constant(product.left)
    x = product.right
  }
  if (c1 === null || c2 === null || c1 === 0n || c2 === 0n || constant(x) !== null) return null
  if (c1 % c2 === 0n) {
    const k = c1 / c2
    if (k === 1n) return x
    if (k === -1n) return { k: 'unary', op: '-', operand: x, ty: t, pos: e.pos }
    return { k: 'binary', op: '*', left: x, right: integer(k, t, e.right), ty: t, pos: e.pos }
  }
  if (c1 > 0n && c2 % c1 === 0n)
    return { k: 'binary', op: '/', left: x, right: integer(c2 / c1, t, e.right), ty: t, pos: e.pos }
  return null
}

/** A call of abs, labs or llabs whose argument has no side effects. */
function isAbs(e: Expr): boolean {
  return (
    e.k === 'call' &&
    e.callee.k === 'ident' &&
    e.callee.symbol?.kind === 'function' &&
    ['abs', 'labs', 'llabs'].includes(e.callee.symbol.builtin ?? '') &&
    e.args.length === 1 &&
    !hasEffects(e.args[0])
  )
}
