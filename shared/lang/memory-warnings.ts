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
 */
import {
  forEachExprIn,
  forEachInitializer,
  type Expr,
  type Position,
  type Stmt,
  type Symbol
} from './ast'
import { reason, type DiagnosticReason } from './diagnostics'

export interface MemoryWarning {
  reason: DiagnosticReason
  position: Position
}

/** The use-after-free warnings of one function body. */
export function useAfterFreeWarnings(body: Stmt): MemoryWarning[] {
  const addressTaken = new Set<Symbol>()
  forEachExpr(body, (e) => {
    if (e.k === 'unary' && e.op === '&' && e.operand.k === 'ident' && e.operand.symbol)
      addressTaken.add(e.operand.symbol)
  })
  const warnings: MemoryWarning[] = []
  forEachBlock(body, (items) => {
    items.forEach((item, i) => {
      const freed = freedPointer(item)
      if (!freed || addressTaken.has(freed.symbol)) return
      for (const later of items.slice(i + 1)) {
        if (endsStraightLine(later)) return
        if (!mentions(later, freed.symbol)) continue
        const position = useAfterFree(later, freed.symbol)
        if (position)
          warnings.push({
            reason: reason('checker.useAfterFree', { name: freed.name, line: freed.line }),
            position
          })
        return
      }
    })
  })
  return warnings
}

/** `free(p);` with `p` a local: the pointer's symbol, name and the line of the free. */
function freedPointer(s: Stmt): { symbol: Symbol; name: string; line: number } | null {
  if (s.k !== 'expr') return null
  const e = s.expr
  if (e.k !== 'call' || e.callee.k !== 'ident' || e.args.length !== 1) return null
  const callee = e.callee.symbol
  if (callee?.kind !== 'function' || callee.builtin !== 'free') return null
  const arg = e.args[0]
  if (arg.k !== 'ident' || arg.symbol?.kind !== 'local') return null
  return { symbol: arg.symbol, name: arg.name, line: s.pos.line }
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
      forEachBlock(s.body, visit)
      return
    default:
  }
}

/** Calls `visit` with every expression in `s`, nested statements included. */
function forEachExpr(s: Stmt, visit: (e: Expr) => void): void {
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
    case 'return':
      inExpr(s.expr)
      return
    default:
  }
}
