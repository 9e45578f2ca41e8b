/**
 * The order in which gcc 12 -O0 (x86-64) evaluates the parts of an expression, where C leaves
 * it unspecified (or the program is undefined, and a course still asks what gcc prints).
 *
 * gcc decides it in two places:
 * - the front end folds each operator as it builds it (fold-const.cc `fold_binary_loc`):
 *   `tree_swap_operands_p` puts a variable (a DECL: any local, parameter or global, after the
 *   conversions that keep the machine mode are stripped) second in a commutative operation
 *   (`+ * & | ^ == !=`) or a comparison (`g < f()` becomes `f() > g`), unless the other operand
 *   is a variable or a constant too; match.pd turns `-a + b` into `b - a`. What folds to a bare
 *   variable (`+g`, `(unsigned)g` of an int, `g * 1`, `g + 0`) counts as one.
 * - the gimplifier (gimplify.cc) turns the tree into three-address code, operands left to right,
 *   call arguments last to first (`PUSH_ARGS_REVERSED` on x86-64): each operand becomes a
 *   temporary the moment it is evaluated, except a *gimple register* — a local scalar or
 *   parameter whose address is never taken, used without a conversion that changes its type —
 *   which is read only when the operator or the call itself executes, after every side effect
 *   of its siblings. `++x`, `x = v` and `x += v` leave that register as their value, too.
 *   An assignment `lhs = rhs` evaluates its right side first and then the left side's address
 *   (`a[i] = i++` stores into the new a[i]), except that a call on the right is made after the
 *   left side's address (`arr[gi] = g()` stores where `gi` pointed before the call); a compound
 *   assignment whose right side has side effects evaluates it completely first (c-typeck.cc
 *   `build_modify_expr`: `arr[gi] += g()` adds to the element `g` chose).
 *
 * Everything here is a pure question about the checked syntax tree; codegen.ts emits the order.
 */
import type { Expr, Symbol } from './ast'
import { decay, LONG, promote, sizeOf, usualArithmetic, type CType } from './types'

/** Locals whose address the program takes (CheckedProgram.addressTaken). */
export type AddressTaken = ReadonlySet<Symbol>

/**
 * Whether evaluating `e` calls a function or stores (so its order against others shows).
 * Walks with a work list: a chain `1 + 1 + …` of any length never deepens JavaScript's stack.
 */
export function hasSideEffects(e: Expr): boolean {
  const work: Expr[] = [e]
  for (let x = work.pop(); x !== undefined; x = work.pop()) {
    switch (x.k) {
      case 'call':
      case 'assign':
        return true
      case 'unary':
        if (x.op.endsWith('++') || x.op.endsWith('--')) return true
        work.push(x.operand)
        break
      case 'binary':
      case 'comma':
        work.push(x.right, x.left)
        break
      case 'cond':
        work.push(x.otherwise, x.then, x.test)
        break
      case 'index':
        work.push(x.index, x.base)
        break
      case 'member':
        work.push(x.object)
        break
      case 'cast':
        work.push(x.operand)
        break
    }
  }
  return false
}

/**
 * Whether `e`'s value is the same whenever it is computed: a constant, a literal's or an array's
 * or a function's address (no memory is read, nothing can change it).
 */
export function isInvariant(e: Expr): boolean {
  switch (e.k) {
    case 'int':
    case 'float':
    case 'string':
    case 'sizeof':
      return true
    case 'ident': {
      const s = e.symbol
      if (!s) return false
      if (s.kind === 'enum' || s.kind === 'function') return true
      return e.ty?.kind === 'array' || e.ty?.kind === 'function'
    }
    case 'unary':
      if (e.op === '&') return isInvariantAddress(e.operand)
      return (
        (e.op === '-' || e.op === '+' || e.op === '~' || e.op === '!') && isInvariant(e.operand)
      )
    case 'cast':
      return isInvariant(e.operand)
    case 'binary':
      return e.op !== '&&' && e.op !== '||' && isInvariant(e.left) && isInvariant(e.right)
    default:
      return false
  }
}

function isInvariantAddress(e: Expr): boolean {
  if (e.k === 'ident') return e.symbol?.kind !== 'enum'
  if (e.k === 'member' && !e.arrow) return isInvariantAddress(e.object)
  if (e.k === 'index')
    return e.base.ty?.kind === 'array' && isInvariantAddress(e.base) && isInvariant(e.index)
  return false
}

/** An integer constant expression (gcc passes it to a call as an immediate). */
export function isIntegerConstant(e: Expr): boolean {
  switch (e.k) {
    case 'int':
    case 'sizeof':
      return true
    case 'ident':
      return e.symbol?.kind === 'enum'
    case 'unary':
      return (e.op === '-' || e.op === '+' || e.op === '~') && isIntegerConstant(e.operand)
    case 'cast':
      return e.type.kind === 'int' && isIntegerConstant(e.operand)
    case 'binary':
      return (
        e.op !== '&&' && e.op !== '||' && isIntegerConstant(e.left) && isIntegerConstant(e.right)
      )
    default:
      return false
  }
}

/** The machine mode class of a scalar: its size, and whether it lives in an SSE register. */
function sameMode(a: CType, b: CType): boolean {
  const x = decay(a)
  const y = decay(b)
  const scalar = (t: CType): boolean =>
    t.kind === 'int' || t.kind === 'pointer' || t.kind === 'double'
  if (!scalar(x) || !scalar(y)) return false
  return (x.kind === 'double') === (y.kind === 'double') && sizeOf(x) === sizeOf(y)
}

/**
 * Whether converting `from` to `to` is a "useless" conversion for the gimplifier (same type for
 * the machine and for the sign: int to int, a pointer to any pointer, double to double), which
 * leaves a gimple register a register.
 */
export function uselessConversion(from: CType, to: CType): boolean {
  const x = decay(from)
  const y = decay(to)
  if (x.kind === 'pointer' && y.kind === 'pointer') return true
  if (x.kind === 'double' && y.kind === 'double') return true
  if (x.kind === 'int' && y.kind === 'int')
    return (
      x.size === y.size && x.signed === y.signed && (x.name === '_Bool') === (y.name === '_Bool')
    )
  return false
}

/** A local scalar (or parameter) whose address is never taken: one of gcc's gimple registers. */
export function isRegisterVariable(e: Expr, addressTaken: AddressTaken): boolean {
  if (e.k !== 'ident') return false
  const s = e.symbol
  if (!s || s.kind !== 'local' || addressTaken.has(s)) return false
  const t = e.ty
  return t !== undefined && (t.kind === 'int' || t.kind === 'pointer' || t.kind === 'double')
}

/**
 * The register variable whose value `e` leaves (read where it is used), if any: the variable
 * itself, or one that `++x`, `--x`, `x = v` or `x op= v` has just changed, or the last operand
 * of a comma; explicit casts that change nothing for the gimplifier are looked through.
 */
export function registerValue(e: Expr, addressTaken: AddressTaken): (Expr & { k: 'ident' }) | null {
  if (e.k === 'ident') return isRegisterVariable(e, addressTaken) ? e : null
  if (e.k === 'comma') return registerValue(e.right, addressTaken)
  if (e.k === 'cast' && e.ty && e.operand.ty && uselessConversion(e.operand.ty, e.ty))
    return registerValue(e.operand, addressTaken)
  const target =
    e.k === 'assign' ? e.left : e.k === 'unary' && e.op.startsWith('pre') ? e.operand : null
  if (target && target.k === 'ident' && isRegisterVariable(target, addressTaken)) return target
  return null
}

/** Whether evaluating `e` stores into the variable `s` by name (`s = …`, `s++`, `s += …`). */
export function writesVariable(e: Expr, s: Symbol): boolean {
  switch (e.k) {
    case 'assign':
      return (
        (e.left.k === 'ident' && e.left.symbol === s) ||
        writesVariable(e.left, s) ||
        writesVariable(e.right, s)
      )
    case 'unary':
      if (e.op.endsWith('++') || e.op.endsWith('--'))
        if (e.operand.k === 'ident' && e.operand.symbol === s) return true
      return writesVariable(e.operand, s)
    case 'binary':
    case 'comma':
      return writesVariable(e.left, s) || writesVariable(e.right, s)
    case 'cond':
      return (
        writesVariable(e.test, s) || writesVariable(e.then, s) || writesVariable(e.otherwise, s)
      )
    case 'index':
      return writesVariable(e.base, s) || writesVariable(e.index, s)
    case 'member':
      return writesVariable(e.object, s)
    case 'cast':
      return writesVariable(e.operand, s)
    case 'call':
      return writesVariable(e.callee, s) || e.args.some((a) => writesVariable(a, s))
    default:
      return false
  }
}

/**
 * What fold leaves of an operand converted to `mode` once it has stripped what changes nothing:
 * conversions that keep the machine mode (`(unsigned)g` of an int g), unary `+`, and the
 * identities `x * 1`, `1 * x`, `x + 0`, `0 + x`, `x - 0`, `x | 0`, `x ^ 0`, `x / 1`, `x << 0`,
 * `x >> 0`; null when a conversion that changes the mode stays on top (`c` of a char in an int
 * operation, `(char)g`).
 */
function folded(e: Expr, mode: CType): Expr | null {
  const one = (x: Expr): boolean => x.k === 'int' && x.value === 1n
  const zero = (x: Expr): boolean => x.k === 'int' && x.value === 0n
  for (;;) {
    // The conversion to the operation's type must itself keep the mode, or it stays.
    if (e.ty === undefined || !sameMode(e.ty, mode)) return null
    if ((e.k === 'cast' || (e.k === 'unary' && e.op === '+')) && e.operand.ty !== undefined) {
      if (!sameMode(e.operand.ty, e.ty)) return e
      e = e.operand
    } else if (e.k === 'binary' && e.ty.kind === 'int') {
      if (e.op === '*' && one(e.right)) e = e.left
      else if (e.op === '*' && one(e.left)) e = e.right
      else if (e.op === '+' && zero(e.left)) e = e.right
      else if (
        (['+', '-', '|', '^', '<<', '>>'].includes(e.op) && zero(e.right)) ||
        (e.op === '/' && one(e.right))
      )
        e = e.left
      else return e
    } else return e
  }
}

/** A DECL for fold: a variable of any storage, used as a scalar. */
function isDeclaration(e: Expr): boolean {
  if (e.k !== 'ident') return false
  const s = e.symbol
  if (!s || (s.kind !== 'local' && s.kind !== 'global')) return false
  const t = e.ty
  return t !== undefined && (t.kind === 'int' || t.kind === 'pointer' || t.kind === 'double')
}

const COMMUTATIVE = new Set(['+', '*', '&', '|', '^', '==', '!='])
const COMPARISON = new Set(['<', '>', '<=', '>='])

/**
 * The type both operands of `e` are converted to before it computes, or null when fold does
 * not reorder it (pointer arithmetic, shifts, && and ||).
 */
function operandMode(e: Expr & { k: 'binary' }): CType | null {
  if (!COMMUTATIVE.has(e.op) && !COMPARISON.has(e.op)) return null
  const l = e.left.ty && decay(e.left.ty)
  const r = e.right.ty && decay(e.right.ty)
  if (!l || !r) return null
  if (l.kind === 'pointer' || r.kind === 'pointer') {
    // Only a comparison of two pointers (or a pointer and 0) is one operation on pointers.
    return COMPARISON.has(e.op) || e.op === '==' || e.op === '!=' ? l : null
  }
  if ((l.kind !== 'int' && l.kind !== 'double') || (r.kind !== 'int' && r.kind !== 'double'))
    return null
  return usualArithmetic(l, r)
}

/**
 * Whether gcc evaluates `e`'s right operand before its left: fold swapped them (a variable on
 * the left of a commutative operator or comparison whose right operand is neither a variable
 * nor a constant), or rewrote `-a + b` as `b - a`. Only asked when the right operand has side
 * effects (otherwise the order does not show).
 */
export function foldSwapsOperands(e: Expr & { k: 'binary' }): boolean {
  const mode = operandMode(e)
  if (mode === null) return false
  const left = folded(e.left, mode)
  const right = folded(e.right, mode)
  if (e.op === '+') {
    // match.pd: (plus:c (negate @0) @1) → (minus @1 @0), tried after the swap.
    if (right?.k === 'unary' && right.op === '-') return false
    if (left?.k === 'unary' && left.op === '-') return true
  }
  // An operand under a conversion that changes the mode is neither a variable nor a constant.
  if (right !== null && (isInvariant(right) || isDeclaration(right))) return false
  if (right === null && isInvariant(e.right)) return false
  return left !== null && isDeclaration(left)
}

/**
 * Whether a call on the right of `=` is made after the left side's address is computed (the
 * gimplifier leaves a call the whole right side, converted to nothing it must compute).
 */
export function callAfterLeftAddress(right: Expr, leftType: CType): boolean {
  let e = right
  while (e.k === 'cast' && e.operand.ty && uselessConversion(e.operand.ty, e.type)) e = e.operand
  return e.k === 'call' && e.ty !== undefined && uselessConversion(e.ty, leftType)
}

/** An expression split as fold splits it: what runs first, then what is left to compute. */
export interface FoldedCompounds {
  /** Run first, in this order, for their side effects only. */
  first: Expr[]
  /** The rest of the expression, computed afterwards (the same node when nothing moved). */
  rest: Expr
}

const NOTHING: Expr[] = []

/**
 * fold moves the left part of a comma out of the operation around it: `a op (b, c)` and
 * `(b, c) op a` become `(b, a op c)` (fold_binary_loc), `-(b, c)` and `(T)(b, c)` become
 * `(b, -c)`, `(b, (T)c)` (fold_unary_loc), and a converted assignment of a constant is one of
 * those: `(int)(gc = 4)` is `(gc = 4, 4)`. Each outer operation moves them out again, up to the
 * first operation fold does not look into (an assignment, a call, `a[i]`, `&&`, `?:`). So in
 * `gc - (gc = 4)` (gc a char) the store comes before `gc` is read, and gcc prints 0.
 * `target` is the type `e` is converted to by its parent, if it is.
 */
export function foldCompounds(e: Expr, target?: CType): FoldedCompounds {
  switch (e.k) {
    case 'comma': {
      const inner = foldCompounds(e.right, target)
      return { first: [e.left, ...inner.first], rest: inner.rest }
    }
    case 'assign': {
      const t = e.ty
      if (
        target === undefined ||
        t === undefined ||
        e.op !== '=' ||
        (t.kind !== 'int' && t.kind !== 'double') ||
        (target.kind !== 'int' && target.kind !== 'double') ||
        uselessConversion(t, target) ||
        !(isIntegerConstant(e.right) || e.right.k === 'float') ||
        // A bit-field's value is the constant cut to its width: ST_BITS gives it.
        (e.left.k === 'member' && e.left.bitField !== undefined)
      )
        return { first: NOTHING, rest: e }
      const value: Expr = { k: 'cast', type: t, operand: e.right, ty: t, pos: e.pos }
      return { first: [e], rest: value }
    }
    case 'cast': {
      if (e.type.kind === 'void') return { first: NOTHING, rest: e }
      const inner = foldCompounds(e.operand, e.type)
      return inner.first.length === 0
        ? { first: NOTHING, rest: e }
        : { first: inner.first, rest: { ...e, operand: inner.rest } }
    }
    case 'unary': {
      if (e.op !== '-' && e.op !== '~' && e.op !== '+') return { first: NOTHING, rest: e }
      const inner = foldCompounds(e.operand, e.ty)
      return inner.first.length === 0
        ? { first: NOTHING, rest: e }
        : { first: inner.first, rest: { ...e, operand: inner.rest } }
    }
    case 'binary':
      return foldBinaryCompounds(e)
    default:
      return { first: NOTHING, rest: e }
  }
}

/** foldCompounds of a binary operation, its left spine walked in a loop (long chains). */
function foldBinaryCompounds(top: Expr & { k: 'binary' }): FoldedCompounds {
  const spine: Array<Expr & { k: 'binary' }> = []
  let bottom: Expr = top
  while (bottom.k === 'binary' && bottom.op !== '&&' && bottom.op !== '||') {
    spine.push(bottom)
    bottom = bottom.left
  }
  if (spine.length === 0) return { first: NOTHING, rest: top }
  const innermost = spine[spine.length - 1]
  let { first, rest } = foldCompounds(bottom, operandTypes(innermost)[0])
  for (let i = spine.length - 1; i >= 0; i--) {
    const e = spine[i]
    const right = foldCompounds(e.right, operandTypes(e)[1])
    if (rest !== e.left || right.rest !== e.right) {
      first = first.length === 0 ? right.first : [...first, ...right.first]
      rest = { ...e, left: rest, right: right.rest }
    } else rest = e
  }
  return { first, rest }
}

/** The types a binary operation converts its left and right operands to. */
function operandTypes(e: Expr & { k: 'binary' }): [CType | undefined, CType | undefined] {
  const l = e.left.ty && decay(e.left.ty)
  const r = e.right.ty && decay(e.right.ty)
  if (!l || !r) return [undefined, undefined]
  if (e.op === '<<' || e.op === '>>')
    return [l.kind === 'int' ? promote(l) : undefined, r.kind === 'int' ? promote(r) : undefined]
  if (l.kind === 'pointer' && r.kind === 'int') return [undefined, LONG]
  if (r.kind === 'pointer' && l.kind === 'int') return [LONG, undefined]
  if ((l.kind === 'int' || l.kind === 'double') && (r.kind === 'int' || r.kind === 'double')) {
    const common = usualArithmetic(l, r)
    return [common, common]
  }
  return [undefined, undefined]
}

/**
 * Whether `e` computes the same value before and after `other` runs: it has no side effects,
 * reads no memory (only constants and register variables — a call cannot reach those), and
 * `other` stores into none of its register variables. Then the order of the two cannot show,
 * and codegen keeps its plain left-to-right code.
 */
export function unaffectedBy(e: Expr, other: Expr, addressTaken: AddressTaken): boolean {
  const registers: Symbol[] = []
  const work: Expr[] = [e]
  for (let x = work.pop(); x !== undefined; x = work.pop()) {
    switch (x.k) {
      case 'int':
      case 'float':
      case 'string':
      case 'sizeof':
        break
      case 'ident':
        if (isInvariant(x)) break
        if (!isRegisterVariable(x, addressTaken)) return false
        registers.push(x.symbol!)
        break
      case 'unary':
        if (x.op !== '-' && x.op !== '+' && x.op !== '~' && x.op !== '!') return false
        work.push(x.operand)
        break
      case 'binary':
        work.push(x.right, x.left)
        break
      case 'cast':
        work.push(x.operand)
        break
      default:
        return false
    }
  }
  return registers.every((s) => !writesVariable(other, s))
}

/**
 * Whether the address of the lvalue `e` is the same before and after `other` runs (a
 * variable's, or computed from register variables `other` does not store into).
 */
export function addressUnaffectedBy(e: Expr, other: Expr, addressTaken: AddressTaken): boolean {
  switch (e.k) {
    case 'ident':
      return true
    case 'member':
      return e.arrow
        ? unaffectedBy(e.object, other, addressTaken)
        : addressUnaffectedBy(e.object, other, addressTaken)
    case 'index':
      return (
        (e.base.ty?.kind === 'array'
          ? addressUnaffectedBy(e.base, other, addressTaken)
          : unaffectedBy(e.base, other, addressTaken)) && unaffectedBy(e.index, other, addressTaken)
      )
    case 'unary':
      return e.op === '*' && unaffectedBy(e.operand, other, addressTaken)
    default:
      return false
  }
}
