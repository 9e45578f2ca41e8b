/**
 * How many callee-saved registers (%rbx, %r12 … %r15) gcc 12 -O0 pushes after %rbp because a
 * value computed before a call is still needed after it.
 *
 * At -O0 gcc still gimplifies each full expression into three-address code: every operand
 * that is not a plain variable or a constant becomes a temporary (a pseudo register) the
 * moment it is evaluated. A temporary that must survive a later call in the same expression
 * cannot stay in a caller-saved register, so the register allocator gives it a callee-saved
 * one, which the prologue pushes. A plain variable (local, parameter or global, its address
 * taken or not) is instead read again where it is used, so `n + f(n - 1)` needs no register
 * while `a[n] + f(n)`, `p->x + f(n)`, `f(1) + f(2)` and `c + f(1)` (a `char` promoted to
 * `int` first) each need one. Call arguments are evaluated right to left (x86-64 gcc), so in
 * `g(f(1), a[2])` the load of `a[2]` waits in %rbx across `f(1)`. `double` temporaries have
 * no callee-saved register (the SysV ABI saves no XMM register); gcc spills those to a stack
 * slot, not modelled here.
 *
 * The rule was worked out from gcc's assembly on many expressions (callee-saved.test.ts keeps
 * them and compares with gcc when it is installed).
 */
import type { Expr, Stmt, Initializer, FunctionDef } from './ast'
import { forEachExprIn, forEachStatement } from './ast'
import { foldedMathCall } from './gcc-emission'
import { decay, defaultPromotion, promote, sizeOf, usualArithmetic, type CType } from './types'

/** The callee-saved general registers in the order gcc's allocator hands them out. */
export const CALLEE_SAVED_REGISTERS = ['rbx', 'r12', 'r13', 'r14', 'r15'] as const

export interface CalleeSavedUse {
  /** Registers pushed after %rbp, in push order (%r15 … %rbx, as gcc's prologue pushes them). */
  registers: string[]
  /** Integer temporaries beyond the five registers, spilled to 4- or 8-byte stack slots. */
  spillBytes: number
}

/**
 * Library calls gcc 12 -O0 expands inline or folds, so nothing is called (gcc-emission.ts
 * knows the same list for what reaches the object file).
 */
export function expandedInline(name: string, args: Expr[]): boolean {
  const literal = (e: Expr | undefined): boolean => e?.k === 'string'
  const empty = (e: Expr | undefined): boolean => e?.k === 'string' && e.bytes.length === 0
  // gcc's bit built-ins are instructions, except popcount (libgcc's __popcountdi2).
  if (name.startsWith('__builtin_')) return !name.startsWith('__builtin_popcount')
  switch (name) {
    case 'abs':
    case 'labs':
    case 'fabs':
    case 'fabsf':
    case 'isnan':
    case 'isinf':
    case 'copysign':
      return true
    case 'strlen':
      return literal(args[0])
    case 'strcpy':
      return literal(args[1])
    case 'strcmp':
      return (literal(args[0]) && literal(args[1])) || empty(args[0]) || empty(args[1])
    case 'memcmp':
      return literal(args[0]) && literal(args[1])

    default:
      return foldedMathCall(name, args)
  }
}

/** Counts the temporaries live across each call of `def`'s body. */
export function calleeSavedUse(def: FunctionDef): CalleeSavedUse {
  const walker = new LiveTemporaries()
  walker.statement(def.body)
  const needed = walker.maxLiveAcrossCall
  const count = Math.min(needed, CALLEE_SAVED_REGISTERS.length)
  const used = new Set<string>(CALLEE_SAVED_REGISTERS.slice(0, count))
  for (const r of variableLengthRegisters(def)) used.add(r)
  const registers = CALLEE_SAVED_REGISTERS.filter((r) => used.has(r)).reverse()
  return { registers, spillBytes: walker.spillBytes }
}

/**
 * The callee-saved registers gcc 12 -O0 takes for a function's variable-length arrays
 * (`int a[n]`), read from objdump of 33 functions (callee-saved.test.ts keeps them):
 * - %rbx holds the stack pointer saved at the start of the array's block, restored at its
 *   end, when the block makes a call (without one, a caller-saved register does);
 * - %r12-%r15 hold the array's size in bits and bytes as two 128-bit pairs, which gcc's
 *   allocator puts in callee-saved registers when the function has more than one such array,
 *   or when a call can run before the declaration (earlier in the function, or anywhere in a
 *   loop around it).
 * Not modelled: a register more when `sizeof a` is used after a call (its length stays in a
 * register), or when the pairs leave too few caller-saved registers (three arrays).
 */
function variableLengthRegisters(def: FunctionDef): string[] {
  let arrays = 0
  let saveInRbx = false
  let pairsSaved = false
  let callSeen = false
  const callsIn = new Map<Stmt, boolean>()
  const makesCall = (s: Stmt): boolean => {
    let found = callsIn.get(s)
    if (found === undefined) {
      found = false
      forEachStatement(s, (inner) => {
        for (const e of ownExpressions(inner)) if (callsInExpression(e)) found = true
      })
      callsIn.set(s, found)
    }
    return found
  }
  const walk = (s: Stmt, block: Stmt, loops: Stmt[]): void => {
    if (s.k === 'decl')
      for (const d of s.decls) {
        if (!d.variableLength) continue
        arrays++
        if (makesCall(block)) saveInRbx = true
        if (callSeen || loops.some(makesCall)) pairsSaved = true
      }
    if (s.k !== 'do' && ownExpressions(s).some(callsInExpression)) callSeen = true
    switch (s.k) {
      case 'block':
        for (const item of s.items) walk(item, s, loops)
        break
      case 'if':
        walk(s.then, block, loops)
        if (s.otherwise) walk(s.otherwise, block, loops)
        break
      case 'while':
      case 'do':
      case 'for':
        if (s.k === 'for' && s.init) walk(s.init, s, [...loops, s])
        walk(s.body, block, [...loops, s])
        if (s.k === 'do' && callsInExpression(s.test)) callSeen = true
        break
      case 'switch':
      case 'labeled':
        walk(s.body, block, loops)
        break
      default:
    }
  }
  walk(def.body, def.body, [])
  const registers: string[] = []
  if (saveInRbx) registers.push('rbx')
  if (pairsSaved || arrays > 1) registers.push('r12', 'r13', 'r14', 'r15')
  return registers
}

/** The expressions a statement evaluates itself, not those of the statements inside it. */
function ownExpressions(s: Stmt): Expr[] {
  switch (s.k) {
    case 'decl': {
      const list: Expr[] = []
      for (const d of s.decls) {
        if (d.variableLength) list.push(d.variableLength)
        if (d.init && d.storage !== 'static')
          forEachInitializerExpression(d.init, (e) => list.push(e))
      }
      return list
    }
    case 'expr':
      return [s.expr]
    case 'if':
    case 'while':
    case 'do':
      return [s.test]
    case 'for':
      return [s.test, s.update].filter((e): e is Expr => e !== undefined)
    case 'switch':
      return [s.expr]
    case 'return':
      return s.expr ? [s.expr] : []
    default:
      return []
  }
}

function forEachInitializerExpression(init: Initializer, visit: (e: Expr) => void): void {
  if (init.k === 'expr') visit(init.expr)
  else for (const item of init.items) forEachInitializerExpression(item.init, visit)
}

/** Whether evaluating `e` calls a function (a library call gcc expands inline is none). */
function callsInExpression(e: Expr): boolean {
  let found = false
  forEachExprIn(e, (x) => {
    if (x.k !== 'call') return
    const symbol = x.callee.k === 'ident' ? x.callee.symbol : undefined
    const builtin = symbol?.kind === 'function' ? symbol.builtin : undefined
    if (builtin === undefined || !expandedInline(builtin, x.args)) found = true
  })
  return found
}

class LiveTemporaries {
  /** Integer/pointer temporaries evaluated and not yet used. */
  private live: Array<{ bytes: number; floating?: 'call' | 'value' }> = []
  maxLiveAcrossCall = 0
  spillBytes = 0

  statement(s: Stmt): void {
    switch (s.k) {
      case 'block':
        for (const item of s.items) this.statement(item)
        return
      case 'decl':
        for (const d of s.decls) if (d.init && d.storage !== 'static') this.initializer(d.init)
        return
      case 'expr':
        this.full(s.expr)
        return
      case 'if':
        this.full(s.test)
        this.statement(s.then)
        if (s.otherwise) this.statement(s.otherwise)
        return
      case 'while':
        this.full(s.test)
        this.statement(s.body)
        return
      case 'do':
        this.statement(s.body)
        this.full(s.test)
        return
      case 'for':
        if (s.init) this.statement(s.init)
        if (s.test) this.full(s.test)
        if (s.update) this.full(s.update)
        this.statement(s.body)
        return
      case 'switch':
        this.full(s.expr)
        this.statement(s.body)
        return
      case 'labeled':
        this.statement(s.body)
        return
      case 'return':
        if (s.expr) this.full(s.expr)
        return
      default:
        return
    }
  }

  private initializer(init: Initializer): void {
    if (init.k === 'expr') this.full(init.expr)
    else for (const item of init.items) this.initializer(item.init)
  }

  /** A full expression: its temporaries die at its end. */
  private full(e: Expr): void {
    this.live = []
    this.drop(this.value(e))
  }

  private drop(n: number): void {
    this.live.splice(this.live.length - n, n)
  }

  /** One new temporary of type `t` when it lives in a general register (not a double). */
  private produce(t: CType | undefined): number {
    if (!t) return 0
    const d = decay(t)
    if (d.kind !== 'int' && d.kind !== 'pointer') return 0
    this.live.push({ bytes: Math.max(4, sizeOf(d)) })
    return 1
  }

  private call(returnsFloating: boolean): void {
    const inRegisters = returnsFloating
      ? this.live.filter((t) => t.floating !== 'value')
      : this.live
    const n = inRegisters.length
    if (n > this.maxLiveAcrossCall) {
      // Past the fifth register the allocator spills; the spilled ones are the last made.
      const spilled = inRegisters.slice(CALLEE_SAVED_REGISTERS.length)
      const bytes = spilled.reduce((sum, t) => sum + t.bytes, 0)
      this.spillBytes = Math.max(this.spillBytes, bytes)
      this.maxLiveAcrossCall = n
    }
  }

  /**
   * Evaluates `e` for its value and returns how many temporaries hold it (0 when it is a
   * constant or a variable read again where it is used, else 1).
   */
  private value(e: Expr, wanted?: CType): number {
    const held = this.evaluate(e)
    if (held === 0 && wanted && isVariable(e) && e.ty && converts(e.ty, wanted))
      return this.produce(wanted)
    return held
  }

  private evaluate(e: Expr): number {
    switch (e.k) {
      case 'int':
      case 'float':
      case 'string':
      case 'sizeof':
        return 0
      case 'ident':
        return 0
      case 'unary': {
        if (e.op === '&') {
          const parts = this.address(e.operand)
          this.drop(parts)
          return parts > 0 ? this.produce(e.ty) : 0
        }
        if (e.op === '*') {
          const held = this.value(e.operand)
          this.drop(held)
          return this.produce(e.ty)
        }
        if (e.op === 'pre++' || e.op === 'pre--') {
          const parts = this.address(e.operand)
          this.drop(parts)
          return isVariable(e.operand) ? 0 : this.produce(e.ty)
        }
        if (e.op === 'post++' || e.op === 'post--') {
          const parts = this.address(e.operand)
          this.drop(parts)
          return this.produce(e.ty)
        }
        const held = this.value(e.operand, e.ty)
        this.drop(held)
        return this.produce(e.ty)
      }
      case 'binary':
      case 'comma':
        return this.chain(e)
      case 'cond': {
        this.drop(this.value(e.test))
        this.drop(this.value(e.then, e.ty))
        this.drop(this.value(e.otherwise, e.ty))
        return this.produce(e.ty)
      }
      case 'cast': {
        const held = this.value(e.operand, e.type)
        if (held === 0) return 0
        this.drop(held)
        return this.produce(e.type)
      }
      case 'call':
        return this.callValue(e)
      case 'index':
      case 'member': {
        const parts = this.address(e)
        this.drop(parts)
        // An array or struct is used through its address; a scalar is loaded.
        const t = e.ty
        if (t && (t.kind === 'array' || t.kind === 'struct')) return parts > 0 ? 1 : 0
        return this.produce(t)
      }
      case 'assign': {
        if (e.op === '=') {
          const parts = isVariable(e.left) ? 0 : this.address(e.left)
          const held = this.value(e.right, e.left.ty)
          this.drop(parts + held)
        } else {
          // `a[i] += f(x)`: gcc evaluates the right side first, then the left's address.
          const held = this.value(e.right)
          const parts = isVariable(e.left) ? 0 : this.address(e.left)
          this.drop(parts + held)
        }
        return isVariable(e.left) ? 0 : this.produce(e.ty)
      }
      default:
        return 0
    }
  }

  /**
   * A binary operator or comma, walked along its left spine in a loop: `1 + 1 + …` with
   * thousands of terms must not exhaust JavaScript's stack.
   */
  private chain(top: Expr & { k: 'binary' | 'comma' }): number {
    const spine: Array<Expr & { k: 'binary' | 'comma' }> = []
    let leaf: Expr = top
    while (leaf.k === 'binary' || leaf.k === 'comma') {
      spine.push(leaf)
      leaf = leaf.left
    }
    const innermost = spine[spine.length - 1]
    let held = this.value(
      leaf,
      innermost.k === 'binary' ? (operandType(innermost) ?? undefined) : undefined
    )
    for (let i = spine.length - 1; i >= 0; i--) {
      const e = spine[i]
      if (e.k === 'comma') {
        this.drop(held)
        held = this.value(e.right)
      } else if (e.op === '&&' || e.op === '||') {
        // Each side is tested and dropped; the result is set in both branches.
        this.drop(held)
        this.drop(this.value(e.right))
        held = this.produce(e.ty)
      } else {
        const right = this.value(e.right, operandType(e) ?? undefined)
        this.drop(held + right)
        held = this.produce(e.ty)
      }
    }
    return held
  }

  /** Evaluates the parts of an lvalue's address that are not constant offsets from %rbp/%rip. */
  private address(e: Expr): number {
    switch (e.k) {
      case 'ident':
        return 0
      case 'member': {
        if (!e.arrow) return this.address(e.object)
        return this.pointerBase(e.object)
      }
      case 'index': {
        const base = e.base.ty?.kind === 'array' ? this.address(e.base) : this.pointerBase(e.base)
        const index = this.value(e.index)
        return base + index
      }
      case 'unary':
        if (e.op === '*') return this.pointerBase(e.operand)
        return this.value(e)
      default:
        return this.value(e)
    }
  }

  /** A pointer used as a base address: a local pointer is read where it is used, a global's value is loaded first. */
  private pointerBase(e: Expr): number {
    if (e.k === 'ident') {
      const s = e.symbol
      if (s?.kind === 'global' && e.ty?.kind === 'pointer') return this.produce(e.ty)
      return 0
    }
    return this.value(e)
  }

  private callValue(e: Expr & { k: 'call' }): number {
    const symbol = e.callee.k === 'ident' ? e.callee.symbol : undefined
    const fnType = calleeType(e.callee.ty)
    let held = 0
    // x86-64 gcc evaluates the arguments last to first.
    for (let i = e.args.length - 1; i >= 0; i--) {
      const t = e.args[i].ty
      const param = fnType?.params[i] ?? (t && defaultPromotion(decay(t)))
      held += this.value(e.args[i], param)
      const floating = floatingArgument(e.args[i], param)
      if (floating) {
        // A double argument waiting for the other arguments' calls: gcc's allocator keeps it
        // in a general callee-saved register (`movq %xmm0, %rbx`), as it would an integer,
        // when a call returned it, or across a call that returns no double; across a call
        // that returns one it spills it to the stack (measured, 30 argument shapes:
        // printf("%d %f", h(1), d[1]) and printf("%f %f", f(1), f(2)) push %rbx,
        // printf("%f %f", f(1), d[1]) does not).
        this.live.push({ bytes: 8, floating })
        held++
      }
    }
    if (symbol?.kind !== 'function') held += this.value(e.callee)
    const builtin = symbol?.kind === 'function' ? symbol.builtin : undefined
    const inline = builtin !== undefined && expandedInline(builtin, e.args)
    // The arguments go into argument registers: only what is live besides them must survive.
    this.drop(held)
    const returns = fnType?.returns
    if (!inline) this.call(returns?.kind === 'double')
    if (!returns || returns.kind === 'void' || returns.kind === 'struct') return 0
    return this.produce(returns)
  }
}

/**
 * A floating argument held in a temporary: 'call' when a call returned it as it is passed,
 * 'value' when it was loaded, computed or converted (a float widened to double); undefined for a constant or a variable of the
 * parameter's type, read again at the call.
 */
function floatingArgument(arg: Expr, param: CType | undefined): 'call' | 'value' | undefined {
  if (!param || param.kind !== 'double' || !arg.ty) return undefined
  if (arg.k === 'int' || arg.k === 'float') return undefined
  const widened = arg.ty.kind === 'double' && arg.ty.float === true && param.float !== true
  if (isVariable(arg) && !widened && !converts(arg.ty, param)) return undefined
  if (arg.k === 'call' && !widened) {
    const symbol = arg.callee.k === 'ident' ? arg.callee.symbol : undefined
    const builtin = symbol?.kind === 'function' ? symbol.builtin : undefined
    if (builtin === undefined || !expandedInline(builtin, arg.args)) return 'call'
  }
  return 'value'
}

function calleeType(t: CType | undefined): { params: CType[]; returns: CType } | undefined {
  if (!t) return undefined
  if (t.kind === 'function') return t
  if (t.kind === 'pointer' && t.to.kind === 'function') return t.to
  return undefined
}

/** A variable read where it is used (gcc makes no temporary for it). */
function isVariable(e: Expr): boolean {
  return e.k === 'ident' && (e.symbol?.kind === 'local' || e.symbol?.kind === 'global')
}

/**
 * Whether converting a value of type `from` to `to` makes a temporary: a change of size
 * (`char` promoted to `int`, `long` passed as `int`) or between integer and double. A change
 * of sign only, or between pointers and `long`, does not.
 */
function converts(from: CType, to: CType): boolean {
  const a = decay(from)
  const b = decay(to)
  if ((a.kind === 'double') !== (b.kind === 'double'))
    return a.kind !== 'struct' && b.kind !== 'struct'
  if (a.kind === 'double') return false
  const scalar = (t: CType): boolean => t.kind === 'int' || t.kind === 'pointer'
  if (!scalar(a) || !scalar(b)) return false
  return sizeOf(a) !== sizeOf(b)
}

/** The type a binary operator's operands are converted to before it computes. */
function operandType(e: Expr & { k: 'binary' }): CType | null {
  const l = e.left.ty && decay(e.left.ty)
  const r = e.right.ty && decay(e.right.ty)
  if (
    !l ||
    !r ||
    (l.kind !== 'int' && l.kind !== 'double') ||
    (r.kind !== 'int' && r.kind !== 'double')
  )
    return null
  if (e.op === '<<' || e.op === '>>') return promote(l)
  return usualArithmetic(l, r)
}
