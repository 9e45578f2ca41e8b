/**
 * gcc 12's -Wuse-after-free (in -Wall), given only where it is as certain as gcc's: a local
 * pointer passed to `free(p);` as a statement of a block, then the next statement of that
 * block that mentions `p` either passes it to a function (`free(p)` again, `printf("%d", *p)`)
 * or stores through it (`*p = …`, `p[i] = …`, `p->m = …`); gcc warns at each later use, this
 * only at the first. Anything else that mentions `p`
 * first (an assignment to it, a comparison with NULL, a condition, a declaration) ends the
 * search without a word, as does a `return`, `break`, `continue` or label in between; a
 * pointer whose address is taken anywhere in the function is left alone (a call might change
 * it). gcc places the warning at the call, or at the `=` of the store.
 *
 * realloc frees the block it is given when it moves it (and always, given size 0), so gcc
 * treats `q = realloc(p, n)` (or `T *q = realloc(p, n);`, or `realloc(p, n);` alone) like
 * `free(p)`, with two differences this follows. In the branch where realloc failed
 * (`if (q == NULL) …`, `if (!q) …`) `p` is still the program's: what that branch does with `p`
 * is not looked at, and if it may fall through after mentioning `p` the search ends. And when
 * a path from realloc can leave before the use (that branch returns, breaks or exits, or any
 * statement between may), gcc -Wall says the pointer "may be used after 'realloc'", "used
 * after" otherwise. `p = realloc(p, n)` gives `p` the new block: nothing to warn about.
 */
import {
  forEachExprIn,
  forEachInitializer,
  forEachStatement,
  type Expr,
  type Position,
  type Stmt,
  type Symbol
} from './ast'
import { NORETURN } from './builtins'
import { foldConstant } from './constant-folding'
import { reason, type DiagnosticReason } from './diagnostics'
import { decay, sizeOf } from './types'

export interface MemoryWarning {
  reason: DiagnosticReason
  position: Position
}

/** The use-after-free (and after-realloc) warnings of one function body. */
export function useAfterFreeWarnings(body: Stmt): MemoryWarning[] {
  const addressTaken = new Set<Symbol>()
  forEachExpr(body, (e) => {
    if (e.k === 'unary' && e.op === '&' && e.operand.k === 'ident' && e.operand.symbol)
      addressTaken.add(e.operand.symbol)
  })
  const warnings: MemoryWarning[] = []
  forEachBlock(body, (items) => {
    items.forEach((item, i) => {
      const freed = freedPointer(item) ?? reallocatedPointer(item)
      if (!freed || addressTaken.has(freed.symbol)) return
      // Whether a path from the free or realloc may leave before the statement looked at.
      let maybe = false
      for (const later of items.slice(i + 1)) {
        if (endsStraightLine(later)) return
        if (freed.call === 'realloc') {
          if (later.k === 'labeled') return
          if (freed.result && isFailureBranch(later, freed.result)) {
            const leaves = mayLeave(later.then)
            if (!leaves && mentions(later.then, freed.symbol)) return
            maybe ||= leaves
            continue
          }
        }
        if (!mentions(later, freed.symbol)) {
          maybe ||= freed.call === 'realloc' && mayLeave(later)
          continue
        }
        const position = useAfterFree(later, freed.symbol)
        if (position) {
          const params = { name: freed.name, line: freed.line }
          warnings.push({
            reason:
              freed.call === 'free'
                ? reason('checker.useAfterFree', params)
                : maybe
                  ? reason('checker.mayUseAfterRealloc', params)
                  : reason('checker.useAfterRealloc', params),
            position
          })
        }
        return
      }
    })
  })
  return warnings
}

/** A local pointer made invalid by a call: its symbol, name, the call and the call's line. */
interface Invalidated {
  symbol: Symbol
  name: string
  call: 'free' | 'realloc'
  line: number
  /** realloc's result, where it is stored in a local. */
  result?: Symbol
}

/** `free(p);` with `p` a local: the pointer's symbol, name and the line of the free. */
function freedPointer(s: Stmt): Invalidated | null {
  if (s.k !== 'expr') return null
  const arg = libraryCallArgument(s.expr, 'free', 1)
  if (arg?.k !== 'ident' || arg.symbol?.kind !== 'local') return null
  return { symbol: arg.symbol, name: arg.name, call: 'free', line: s.pos.line }
}

/**
 * `realloc(p, n);`, `q = realloc(p, n);` or `T *q = realloc(p, n);` (one declarator), with `p`
 * a local and `q` not `p`: the pointer realloc was given, and the local its result went to.
 */
function reallocatedPointer(s: Stmt): Invalidated | null {
  let call: Expr
  let result: Symbol | undefined
  if (s.k === 'expr') {
    call = s.expr
    if (call.k === 'assign' && call.op === '=') {
      if (call.left.k !== 'ident') return null
      result = call.left.symbol
      call = call.right
    }
  } else if (s.k === 'decl' && s.decls.length === 1 && s.decls[0].init?.k === 'expr') {
    call = s.decls[0].init.expr
    result = s.decls[0].symbol
  } else return null
  while (call.k === 'cast') call = call.operand
  const arg = libraryCallArgument(call, 'realloc', 2)
  if (arg?.k !== 'ident' || arg.symbol?.kind !== 'local' || arg.symbol === result) return null
  return {
    symbol: arg.symbol,
    name: arg.name,
    call: 'realloc',
    line: s.pos.line,
    result: result?.kind === 'local' ? result : undefined
  }
}

/** The first argument of a call to the library function `name` with `arity` arguments. */
function libraryCallArgument(e: Expr, name: string, arity: number): Expr | null {
  if (e.k !== 'call' || e.callee.k !== 'ident' || e.args.length !== arity) return null
  const callee = e.callee.symbol
  if (callee?.kind !== 'function' || callee.builtin !== name) return null
  return e.args[0]
}

/**
 * `if (q == NULL) …` or `if (!q) …` without an else: the branch taken where realloc, whose
 * result is `q`, failed and left the old block where it was.
 */
function isFailureBranch(s: Stmt, q: Symbol): s is Extract<Stmt, { k: 'if' }> {
  if (s.k !== 'if' || s.otherwise) return false
  const t = s.test
  const isNull = (e: Expr): boolean => {
    while (e.k === 'cast') e = e.operand
    return e.k === 'int' && e.value === 0n
  }
  if (t.k === 'unary' && t.op === '!') return isP(t.operand, q)
  if (t.k !== 'binary' || t.op !== '==') return false
  return (isP(t.left, q) && isNull(t.right)) || (isNull(t.left) && isP(t.right, q))
}

/**
 * Whether control may leave the statement list holding `s` from inside `s`: a `return` or
 * `goto`, a `break` or `continue` that is not a loop's or switch's inside `s`, or a call that
 * never returns (exit, abort, a failed assert). A loop that breaks out of itself does not.
 */
function mayLeave(s: Stmt, inLoop = false, inSwitch = false): boolean {
  const calls = (e: Expr | undefined): boolean => e !== undefined && callsNoReturn(e)
  switch (s.k) {
    case 'return':
    case 'goto':
      return true
    case 'break':
      return !inLoop && !inSwitch
    case 'continue':
      return !inLoop
    case 'block':
      return s.items.some((item) => mayLeave(item, inLoop, inSwitch))
    case 'if':
      return (
        calls(s.test) ||
        mayLeave(s.then, inLoop, inSwitch) ||
        (s.otherwise !== undefined && mayLeave(s.otherwise, inLoop, inSwitch))
      )
    case 'while':
    case 'do':
      return calls(s.test) || mayLeave(s.body, true, inSwitch)
    case 'for':
      return (
        (s.init !== undefined && mayLeave(s.init, inLoop, inSwitch)) ||
        calls(s.test) ||
        calls(s.update) ||
        mayLeave(s.body, true, inSwitch)
      )
    case 'switch':
      return calls(s.expr) || mayLeave(s.body, inLoop, true)
    case 'labeled':
      return mayLeave(s.body, inLoop, inSwitch)
    default: {
      let found = false
      forEachExpr(s, (e) => {
        if (callsNoReturn(e)) found = true
      })
      return found
    }
  }
}

/** Whether `e` calls exit(), abort(), _exit() or assert() (which aborts when it fails). */
function callsNoReturn(e: Expr): boolean {
  let found = false
  forEachExprIn(e, (x) => {
    if (x.k !== 'call' || x.callee.k !== 'ident') return
    const callee = x.callee.symbol
    // The checker has made `assert(c)` a call of the builtin `__assert`.
    const name = callee?.kind === 'function' ? callee.builtin : undefined
    if (name !== undefined && (NORETURN.has(name) || name === '__assert')) found = true
  })
  return found
}

function endsStraightLine(s: Stmt): boolean {
  return (
    s.k === 'return' || s.k === 'break' || s.k === 'continue' || s.k === 'case' || s.k === 'default'
  )
}

/** Where gcc warns when statement `s` is the first to mention the freed `p`, or null. */
function useAfterFree(s: Stmt, p: Symbol): Position | null {
  if (s.k !== 'expr') return null
  let e = s.expr
  while (e.k === 'cast' && e.type.kind === 'void') e = e.operand
  // A comparison (`p == NULL`), `sizeof p` or an assignment to p itself anywhere: no warning.
  let doubtful = false
  forEachExprIn(e, (x) => {
    if (x.k === 'binary' && (x.op === '==' || x.op === '!=') && (isP(x.left, p) || isP(x.right, p)))
      doubtful = true
    if (x.k === 'sizeof' || (x.k === 'assign' && isP(x.left, p))) doubtful = true
    if (x.k === 'unary' && /\+\+|--/.test(x.op) && isP(x.operand, p)) doubtful = true
  })
  if (doubtful) return null
  if (e.k === 'call') {
    if (mentionsExpr(e.callee, p)) return null
    return e.args.some((a) => mentionsExpr(a, p)) ? e.pos : null
  }
  if (e.k === 'assign' && e.op === '=' && throughPointer(e.left, p)) {
    // `p[i] = …` with an index other than 0 computes the address first, in a statement of
    // its own that gcc places at the `[`, right after the name.
    const target = e.left
    if (target.k === 'index' && !(target.index.k === 'int' && target.index.value === 0n))
      return {
        line: target.base.pos.line,
        column: target.base.pos.endColumn,
        endColumn: target.base.pos.endColumn + 1
      }
    return e.pos
  }
  return null
}

/** `*p`, `p[i]` or `p->m`: a store through the pointer itself. */
function throughPointer(e: Expr, p: Symbol): boolean {
  if (e.k === 'unary' && e.op === '*') return isP(e.operand, p)
  if (e.k === 'index') return isP(e.base, p)
  if (e.k === 'member' && e.arrow) return isP(e.object, p)
  return false
}

function isP(e: Expr, p: Symbol): boolean {
  return e.k === 'ident' && e.symbol === p
}

function mentions(s: Stmt, p: Symbol): boolean {
  let found = false
  forEachExpr(s, (e) => {
    if (isP(e, p)) found = true
  })
  return found
}

function mentionsExpr(e: Expr, p: Symbol): boolean {
  let found = false
  forEachExprIn(e, (x) => {
    if (isP(x, p)) found = true
  })
  return found
}

/** Calls `visit` with the statement list of every block in `s`, `s` itself included. */
function forEachBlock(s: Stmt, visit: (items: Stmt[]) => void): void {
  switch (s.k) {
    case 'block':
      visit(s.items)
      for (const item of s.items) forEachBlock(item, visit)
      return
    case 'if':
      forEachBlock(s.then, visit)
      if (s.otherwise) forEachBlock(s.otherwise, visit)
      return
    case 'while':
    case 'do':
    case 'for':
    case 'switch':
    case 'labeled':
      forEachBlock(s.body, visit)
      return
    default:
  }
}

/** Calls `visit` with every expression in `s`, nested statements included. */
/** Calls `visit` with every expression of statement `s` (and of the statements inside it). */
export function forEachExpr(s: Stmt, visit: (e: Expr) => void): void {
  const inExpr = (e: Expr | undefined): void => {
    if (e) forEachExprIn(e, visit)
  }
  switch (s.k) {
    case 'block':
      for (const item of s.items) forEachExpr(item, visit)
      return
    case 'decl':
      for (const d of s.decls) if (d.init) forEachInitializer(d.init, visit)
      return
    case 'expr':
      inExpr(s.expr)
      return
    case 'if':
      inExpr(s.test)
      forEachExpr(s.then, visit)
      if (s.otherwise) forEachExpr(s.otherwise, visit)
      return
    case 'while':
    case 'do':
      inExpr(s.test)
      forEachExpr(s.body, visit)
      return
    case 'for':
      if (s.init) forEachExpr(s.init, visit)
      inExpr(s.test)
      inExpr(s.update)
      forEachExpr(s.body, visit)
      return
    case 'switch':
      inExpr(s.expr)
      forEachExpr(s.body, visit)
      return
    case 'labeled':
      forEachExpr(s.body, visit)
      return
    case 'return':
      inExpr(s.expr)
      return
    default:
  }
}

/**
 * gcc 12's two memory warnings that need no -Wall, as -O0 gives them, where the objects are as
 * plain as gcc's pointer query needs them (names, constant sizes and offsets, a pointer variable
 * given one value and never changed):
 *
 * - -Wfree-nonheap-object: `free(local)`, `free(&x)`, `free(g)`, `free(main)`, a pointer set to
 *   one of those, a string literal ("unallocated object"); `free(h + 16)` where `h = malloc(…)`
 *   ("with nonzero offset 16");
 * - -Wstringop-overflow: `strcpy`/`strcat` of a literal, `strncpy` of a literal within its
 *   length (gcc turns them into `__builtin_memcpy`), `memcpy` and `memset` of a constant size,
 *   into an array, a variable or a constant-size `malloc` block too small for it.
 *
 * Code gcc removes before it looks — under `if (0)`, or the cases of `switch (2)` that are not
 * `case 2` — draws no warning. Struct members are left alone (gcc is silent about `t.name`).
 */
export function heapObjectWarnings(body: Stmt): MemoryWarning[] {
  const changed = new Set<Symbol>()
  forEachExpr(body, (e) => {
    if (e.k === 'assign' && e.left.k === 'ident' && e.left.symbol) changed.add(e.left.symbol)
    if (e.k === 'unary' && ['&', 'pre++', 'pre--', 'post++', 'post--'].includes(e.op))
      if (e.operand.k === 'ident' && e.operand.symbol) changed.add(e.operand.symbol)
  })
  // A local pointer given one value in its declaration and never changed stands for that value.
  const initial = new Map<Symbol, Expr>()
  forEachStatement(body, (s) => {
    if (s.k !== 'decl') return
    for (const d of s.decls)
      if (d.symbol && d.init?.k === 'expr' && !changed.has(d.symbol))
        initial.set(d.symbol, d.init.expr)
  })
  const warnings: MemoryWarning[] = []
  forEachReachableExpr(body, (e) => {
    if (e.k !== 'call' || e.callee.k !== 'ident' || e.callee.symbol?.kind !== 'function') return
    const name = e.callee.symbol.builtin
    const place = e.callee.pos
    if (name === 'free' && e.args.length === 1) {
      const target = pointee(e.args[0], initial)
      if (!target) return
      if (target.kind === 'literal')
        warnings.push({
          reason: reason('checker.freeLiteral', { text: target.text }),
          position: place
        })
      else if (target.kind === 'object')
        warnings.push({
          reason: reason('checker.freeUnallocated', { name: target.name }),
          position: place
        })
      else if (target.offset > 0)
        warnings.push({
          reason: reason('checker.freeOffset', { name: target.name, offset: target.offset }),
          position: place
        })
      return
    }
    const written = bytesWritten(name, e.args)
    if (written === null) return
    const target = pointee(e.args[0], initial)
    if (!target || target.kind === 'literal' || target.size === null) return
    const room = target.size - target.offset
    if (room <= 0 || written.bytes <= room) return
    const params = {
      function: written.function,
      bytes: written.bytes,
      size: room,
      name: target.name,
      offset: target.offset,
      total: target.size
    }
    warnings.push({
      reason:
        target.kind === 'block'
          ? reason('checker.stringOverflowBlock', params)
          : target.offset > 0
            ? reason('checker.stringOverflowOffset', params)
            : reason('checker.stringOverflow', params),
      position: place
    })
  })
  return warnings
}

/** What a pointer argument points into, as far as gcc knows without optimizing. */
type Pointee =
  | { kind: 'literal'; text: string }
  | { kind: 'object'; name: string; size: number | null; offset: number }
  | { kind: 'block'; name: string; size: number | null; offset: number }

function pointee(e: Expr, initial: Map<Symbol, Expr>, depth = 0): Pointee | null {
  while (e.k === 'cast') e = e.operand
  if (depth > 4) return null
  switch (e.k) {
    case 'string':
      return { kind: 'literal', text: latin1(e.bytes) }
    case 'ident': {
      const s = e.symbol
      if (!s) return null
      if (s.kind === 'function') return { kind: 'object', name: s.name, size: null, offset: 0 }
      if (s.kind !== 'local' && s.kind !== 'global') return null
      if (s.type.kind === 'array')
        return { kind: 'object', name: s.name, size: sizeOf(s.type), offset: 0 }
      if (s.kind !== 'local' || s.type.kind !== 'pointer') return null
      const value = initial.get(s)
      if (!value) return null
      const allocated = mallocSize(value)
      if (allocated !== undefined)
        return { kind: 'block', name: s.name, size: allocated, offset: 0 }
      return pointee(value, initial, depth + 1)
    }
    case 'unary': {
      if (e.op !== '&') return null
      const x = e.operand
      if (x.k === 'ident' && (x.symbol?.kind === 'local' || x.symbol?.kind === 'global'))
        return { kind: 'object', name: x.symbol.name, size: sizeOf(x.symbol.type), offset: 0 }
      if (x.k === 'index') return moved(pointee(x.base, initial, depth + 1), x.index, x.base)
      if (x.k === 'member' && !x.arrow) {
        const base = pointee(
          { ...x.object, k: 'unary', op: '&', operand: x.object } as Expr,
          initial,
          depth + 1
        )
        return base?.kind === 'object' ? { ...base, size: null } : null
      }
      return null
    }
    case 'member': {
      // A member array of a named struct: gcc names the struct, and gives no size warning.
      if (e.arrow || e.ty?.kind !== 'array') return null
      const o = e.object
      if (o.k !== 'ident' || (o.symbol?.kind !== 'local' && o.symbol?.kind !== 'global'))
        return null
      return { kind: 'object', name: o.symbol.name, size: null, offset: 0 }
    }
    case 'binary':
      if (e.op !== '+') return null
      return moved(pointee(e.left, initial, depth + 1), e.right, e.left)
    default:
      return null
  }
}

/** `base` moved by the constant index `by` (in elements of `of`'s pointed-to type). */
function moved(base: Pointee | null, by: Expr, of: Expr): Pointee | null {
  if (!base || base.kind === 'literal') return null
  const k = foldConstant(by)
  const t = of.ty ? decay(of.ty) : null
  if (k?.kind !== 'int' || k.value < 0n || t?.kind !== 'pointer') return null
  return { ...base, offset: base.offset + Number(k.value) * sizeOf(t.to) }
}

/** The constant size of `malloc(n)` (through casts), null for another size, undefined if no malloc. */
function mallocSize(e: Expr): number | null | undefined {
  while (e.k === 'cast') e = e.operand
  if (e.k !== 'call' || e.callee.k !== 'ident' || e.callee.symbol?.kind !== 'function')
    return undefined
  if (e.callee.symbol.builtin !== 'malloc' || e.args.length !== 1) return undefined
  const n = foldConstant(e.args[0])
  return n?.kind === 'int' ? Number(n.value) : null
}

/** How many bytes a string or memory function writes, as gcc -O0 names it, when constant. */
function bytesWritten(
  name: string | undefined,
  args: Expr[]
): { function: string; bytes: number } | null {
  const literal = (e: Expr | undefined): number | null => {
    while (e?.k === 'cast') e = e.operand
    return e?.k === 'string' ? e.bytes.length + 1 : null
  }
  const constant = (e: Expr | undefined): number | null => {
    const v = e ? foldConstant(e) : null
    return v?.kind === 'int' ? Number(v.value) : null
  }
  switch (name) {
    case 'strcpy':
    case 'strcat': {
      const n = literal(args[1])
      return n === null ? null : { function: '__builtin_memcpy', bytes: n }
    }
    case 'strncpy': {
      const n = literal(args[1])
      const limit = constant(args[2])
      return n === null || limit === null || limit > n
        ? null
        : { function: '__builtin_memcpy', bytes: limit }
    }
    case 'memcpy':
    case 'memset': {
      const n = constant(args[2])
      return n === null ? null : { function: name, bytes: n }
    }
    default:
      return null
  }
}

/** A string literal's bytes as text, for a message. */
function latin1(bytes: number[]): string {
  return String.fromCharCode(...bytes.slice(0, 40))
}

/**
 * Like forEachExpr, but skipping what gcc removes as dead before its warnings look: the branch
 * an `if` with a constant condition never takes, and in a `switch` on a constant the
 * statements before the case it jumps to and after the first `break` that follows.
 */
function forEachReachableExpr(s: Stmt, visit: (e: Expr) => void): void {
  const truth = (e: Expr): boolean | null => {
    const v = foldConstant(e)
    return v ? v.value !== 0 && v.value !== 0n : null
  }
  switch (s.k) {
    case 'if': {
      forEachExprIn(s.test, visit)
      const t = truth(s.test)
      if (t !== false) forEachReachableExpr(s.then, visit)
      if (s.otherwise && t !== true) forEachReachableExpr(s.otherwise, visit)
      return
    }
    case 'block':
      for (const item of s.items) forEachReachableExpr(item, visit)
      return
    case 'switch': {
      forEachExprIn(s.expr, visit)
      const v = foldConstant(s.expr)
      if (v?.kind !== 'int' || s.body.k !== 'block') {
        forEachReachableExpr(s.body, visit)
        return
      }
      const items = s.body.items
      let from = items.findIndex((x) => x.k === 'case' && foldConstant(x.expr)?.value === v.value)
      if (from < 0) from = items.findIndex((x) => x.k === 'default')
      if (from < 0) return
      for (const item of items.slice(from)) {
        if (item.k === 'break') return
        forEachReachableExpr(item, visit)
      }
      return
    }
    case 'while':
    case 'do':
      forEachExprIn(s.test, visit)
      forEachReachableExpr(s.body, visit)
      return
    case 'for':
      if (s.init) forEachReachableExpr(s.init, visit)
      if (s.test) forEachExprIn(s.test, visit)
      if (s.update) forEachExprIn(s.update, visit)
      forEachReachableExpr(s.body, visit)
      return
    default:
      forEachExpr(s, visit)
  }
}
