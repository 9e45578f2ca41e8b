/**
 * gcc 12's -Wuninitialized as -O0 -Wall gives it, only where it is as certain as gcc: a local
 * scalar declared without a value (its address never taken) whose value is read before any
 * statement stores into it. At -O0 gcc sees such a read only when no store can reach it at all
 * — a store on one branch of an `if` (`if (c) x = 1; printf("%d", x);`) or later in the same
 * loop silences it, as it does here — and says "is used uninitialized" when the read runs
 * every time the function does, "may be used uninitialized" (-Wmaybe-uninitialized) when it
 * sits in an `if` branch, a loop body or a `switch`, or follows a `return` or `exit` that only
 * sometimes happens. One warning per variable, at the first such read.
 *
 * gcc places it where the statement that reads the variable is (each checked against gcc 12):
 * at the call for an argument (`printf("%d\n", x)`), at the `=` or `+=` of an assignment to a
 * local (`y = x + 1`, `x += 2`), at the declarator of an initialized declaration
 * (`int y = x * 2`), at the operator of `return x + 1`, at `x` in `return x`, at the `++` of
 * `x++`, and at an inner operator when the read is nested deeper (`y = (x + 1) * 2`: the `+`).
 * Reads whose place is less clear (in a condition, an array index, `&&`, `||`, `?:`, a comma
 * expression) are left out, as are arrays and structs.
 */
import {
  forEachExprIn,
  forEachExprInStmt,
  forEachStatement,
  type Expr,
  type Position,
  type Stmt,
  type Symbol,
  type VarDecl
} from './ast'
import { NORETURN } from './builtins'
import { reason } from './diagnostics'
import type { MemoryWarning } from './memory-warnings'

type Local = Symbol & { kind: 'local' }

/** Where a full expression is: how gcc locates a read that is not inside an operation. */
type Site =
  { k: 'statement' } | { k: 'declaration'; at: Position } | { k: 'return' } | { k: 'condition' }

/** The -Wuninitialized and -Wmaybe-uninitialized warnings of one function body. */
export function uninitializedWarnings(body: Stmt): MemoryWarning[] {
  return new UninitializedReads(body).warnings
}

/**
 * How sure it is that a point runs when the function does: every time (gcc: "is used"), on
 * some paths only ("may be used"), or behind a condition gcc can decide from constants
 * (`int y = 0; if (y) …`), whose branch its predicate analysis may drop: no word then.
 */
const CERTAIN = 0
const SOMETIMES = 1
const UNSURE = 2
type Reach = typeof CERTAIN | typeof SOMETIMES | typeof UNSURE

class UninitializedReads {
  readonly warnings: MemoryWarning[] = []
  /** Locals declared without a value whose address is never taken. */
  private readonly candidates = new Set<Local>()
  /** Stored into (or warned about) before the point being read. */
  private readonly settled = new Set<Local>()
  private readonly addressTaken = new Set<Symbol>()
  /** Locals holding an integer constant here (`int y = 0;`): conditions on them gcc decides. */
  private readonly knownConstant = new Set<Symbol>()
  /** A `return` or `exit` ran on some path only: later reads are no more certain than that. */
  private exited: Reach = CERTAIN
  /** Assigned somewhere in an enclosing loop: a store may come round before the read. */
  private readonly assignedInLoop: Array<Set<Local>> = []

  constructor(body: Stmt) {
    forEachExprInStmt(body, (e) => {
      if (e.k === 'unary' && e.op === '&' && e.operand.k === 'ident' && e.operand.symbol)
        this.addressTaken.add(e.operand.symbol)
    })
    this.statement(body, CERTAIN)
  }

  /** How sure a branch under `test` is to run, inside a point of `reach`. */
  private under(test: Expr | undefined, reach: Reach): Reach {
    if (test && decidable(test, this.knownConstant)) return UNSURE
    return Math.max(reach, SOMETIMES) as Reach
  }

  /** Walks `s`; false when control cannot go on after it (an unconditional return). */
  private statement(s: Stmt, reach: Reach): boolean {
    switch (s.k) {
      case 'block':
        for (const item of s.items) if (!this.statement(item, reach)) return false
        return true
      case 'decl':
        for (const d of s.decls) this.declaration(d, reach)
        return true
      case 'expr':
        this.expression(s.expr, { k: 'statement' }, reach)
        if (exits(s.expr)) return this.leaves(reach)
        return true
      case 'return':
        if (s.expr) this.expression(s.expr, { k: 'return' }, reach)
        return this.leaves(reach)
      case 'if': {
        this.expression(s.test, { k: 'condition' }, reach)
        const branch = this.under(s.test, reach)
        this.statement(s.then, branch)
        if (s.otherwise) this.statement(s.otherwise, branch)
        return true
      }
      case 'switch':
        this.expression(s.expr, { k: 'condition' }, reach)
        this.statement(s.body, this.under(s.expr, reach))
        return true
      case 'while':
        this.loop([s.test], s.body, undefined, this.loopBody(s.test, s.body, undefined, reach))
        return true
      case 'for':
        if (s.init) this.statement(s.init, reach)
        this.loop(
          s.test ? [s.test] : [],
          s.body,
          s.update,
          this.loopBody(s.test, s.body, s.update, reach)
        )
        return true
      case 'do':
        // The body runs at least once: as certain as what comes before it, unless it can leave
        // early.
        this.loop([s.test], s.body, undefined, leavesEarly(s.body) ? UNSURE : reach)
        return true
      default:
        return true
    }
  }

  /** A `while`/`for` body: sometimes run, unless the test is always true (`for (;;)`). */
  private loopBody(
    test: Expr | undefined,
    body: Stmt,
    update: Expr | undefined,
    reach: Reach
  ): Reach {
    // What the loop changes is no constant at its test (`for (int i = 0; i < 3; i++)`).
    for (const local of assignedIn(test ? [test] : [], body, update))
      this.knownConstant.delete(local)
    if (!test || (test.k === 'int' && test.value !== 0n)) return leavesEarly(body) ? UNSURE : reach
    return this.under(test, reach)
  }

  /** A `return` (or `exit`): what follows at this level is dead, or only sometimes reached. */
  private leaves(reach: Reach): boolean {
    if (reach === CERTAIN) return false
    this.exited = Math.max(this.exited, reach) as Reach
    return true
  }

  private loop(tests: Expr[], body: Stmt, update: Expr | undefined, reach: Reach): void {
    const assigned = assignedIn(tests, body, update)
    for (const local of assigned) this.knownConstant.delete(local)
    this.assignedInLoop.push(assigned)
    for (const t of tests) this.expression(t, { k: 'condition' }, reach)
    this.statement(body, reach)
    if (update) this.expression(update, { k: 'statement' }, reach)
    this.assignedInLoop.pop()
    for (const local of assigned) this.settled.add(local)
  }

  private declaration(d: VarDecl, reach: Reach): void {
    const symbol = d.symbol
    if (symbol?.kind !== 'local' || d.storage !== 'auto') return
    if (d.init) {
      if (d.init.k === 'expr') this.expression(d.init.expr, { k: 'declaration', at: d.pos }, reach)
      this.settled.add(symbol)
      if (d.init.k === 'expr' && isIntegerConstant(d.init.expr) && !this.addressTaken.has(symbol))
        this.knownConstant.add(symbol)
      return
    }
    const t = symbol.type
    if (
      (t.kind === 'int' || t.kind === 'double' || t.kind === 'pointer') &&
      !this.addressTaken.has(symbol)
    )
      this.candidates.add(symbol)
  }

  /** The reads in a full expression (warned about), then its stores (settled). */
  private expression(root: Expr, site: Site, at: Reach): void {
    const reach = Math.max(at, this.exited) as Reach
    const stores: Local[] = []
    const constantStores: Local[] = []
    forEachExprIn(root, (e) => {
      const target = assignedLocal(e)
      if (target) stores.push(target)
      if (target && e.k === 'assign' && e.op === '=' && isIntegerConstant(e.right))
        constantStores.push(target)
    })
    for (const { local, path } of reads(root)) {
      if (!this.candidates.has(local) || this.settled.has(local)) continue
      if (this.assignedInLoop.some((set) => set.has(local))) continue
      // A read in a statement that also stores into the variable elsewhere: only the plain
      // shapes (x++, x += e, x = x + 1) are sure to read first.
      const leaf = path[path.length - 1]
      if (stores.includes(local) && !readsBeforeStore(root, leaf)) continue
      if (reach === UNSURE) continue
      const position = readPosition(path, site)
      if (!position) continue
      this.settled.add(local)
      this.warnings.push({
        reason: reason(
          reach === CERTAIN ? 'checker.usedUninitialized' : 'checker.maybeUsedUninitialized',
          { name: local.name }
        ),
        position
      })
    }
    for (const local of stores) {
      this.settled.add(local)
      this.knownConstant.delete(local)
    }
    for (const local of constantStores)
      if (!this.addressTaken.has(local)) this.knownConstant.add(local)
  }
}

function isIntegerConstant(e: Expr): boolean {
  while (e.k === 'cast' || (e.k === 'unary' && (e.op === '-' || e.op === '+'))) e = e.operand
  return e.k === 'int'
}

/** A condition made only of constants and constant-valued locals: gcc can tell its value. */
function decidable(test: Expr, constants: ReadonlySet<Symbol>): boolean {
  let decided = true
  forEachExprIn(test, (e) => {
    if (e.k === 'call' || e.k === 'string') decided = false
    if (e.k === 'ident' && !(e.symbol && (constants.has(e.symbol) || e.symbol.kind === 'enum')))
      decided = false
  })
  return decided
}

/** The locals a loop stores into: in its tests, its update and its body. */
function assignedIn(tests: Expr[], body: Stmt, update: Expr | undefined): Set<Local> {
  const assigned = new Set<Local>()
  const note = (e: Expr): void => {
    const target = assignedLocal(e)
    if (target) assigned.add(target)
  }
  for (const t of tests) forEachExprIn(t, note)
  if (update) forEachExprIn(update, note)
  forEachExprInStmt(body, note)
  forEachDeclaration(body, (d) => {
    if (d.init && d.symbol?.kind === 'local') assigned.add(d.symbol)
  })
  return assigned
}

/** `exit(…)`, `abort()` or `_exit(…)` as a statement: control does not come back. */
function exits(e: Expr): boolean {
  return (
    e.k === 'call' &&
    e.callee.k === 'ident' &&
    e.callee.symbol?.kind === 'function' &&
    NORETURN.has(e.callee.symbol.builtin ?? '')
  )
}

/** Whether `s` holds a `break`, `continue`, `return` or `exit` (it may leave a loop early). */
function leavesEarly(s: Stmt): boolean {
  let found = false
  forEachStatement(s, (x) => {
    if (x.k === 'break' || x.k === 'continue' || x.k === 'return') found = true
    if (x.k === 'expr' && exits(x.expr)) found = true
  })
  return found
}

/** The local an expression stores into: `x = …`, `x += …`, `x++`, `--x`. */
function assignedLocal(e: Expr): Local | null {
  let target: Expr | null = null
  if (e.k === 'assign') target = e.left
  else if (e.k === 'unary' && /\+\+|--/.test(e.op)) target = e.operand
  if (target?.k === 'ident' && target.symbol?.kind === 'local') return target.symbol
  return null
}

/** `x++`, `x += e`, `x = … x …`: the read of `x` comes before the store. */
function readsBeforeStore(root: Expr, read: Expr): boolean {
  if (root.k === 'unary' && /\+\+|--/.test(root.op)) return root.operand === read
  if (root.k === 'assign') return root.left === read ? root.op !== '=' : true
  return false
}

/**
 * Every read of a local in `root` with the path of expressions down to it (root first, casts
 * left out: gcc folds a conversion into the operation around it), leaving out what does not
 * read (the target of `=`, `sizeof`, `&`) and what this analysis does not place: operands of
 * `&&`, `||`, `?:` and `,`, and array indexes. Iterative: chains like `1 + 1 + …` may be long.
 */
function reads(root: Expr): Array<{ local: Local; path: Expr[] }> {
  const found: Array<{ local: Local; path: Expr[] }> = []
  const parent = new Map<Expr, Expr>()
  const pending: Expr[] = [root]
  const push = (child: Expr, of: Expr): void => {
    parent.set(child, of)
    pending.push(child)
  }
  while (pending.length > 0) {
    const e = pending.pop()!
    switch (e.k) {
      case 'ident':
        if (e.symbol?.kind === 'local') {
          const path: Expr[] = []
          for (let at: Expr | undefined = e; at; at = parent.get(at)) {
            if (at.k !== 'cast') path.unshift(at)
          }
          found.push({ local: e.symbol, path })
        }
        break
      case 'unary':
        if (e.op !== '&') push(e.operand, e)
        break
      case 'cast':
        push(e.operand, e)
        break
      case 'binary':
        if (e.op !== '&&' && e.op !== '||') {
          push(e.right, e)
          push(e.left, e)
        }
        break
      case 'assign':
        // The target of a plain `=` is not read, but a pointer stored through is (`*p = 1`).
        push(e.right, e)
        if (e.op !== '=' || e.left.k !== 'ident') push(e.left, e)
        break
      case 'call':
        for (let i = e.args.length - 1; i >= 0; i--) push(e.args[i], e)
        push(e.callee, e)
        break
      case 'index':
        push(e.base, e)
        break
      case 'member':
        push(e.object, e)
        break
      default:
    }
  }
  return found
}

/** Where gcc reports the read at the end of `path` (root first), or null when unsure. */
function readPosition(path: Expr[], site: Site): Position | null {
  const read = path[path.length - 1]
  // Inside a call's arguments (or its callee): the call's own statement.
  for (let i = path.length - 2; i >= 0; i--) {
    if (path[i].k === 'call') return path[i].pos
  }
  if (site.k === 'condition') return null
  if (path.length === 1) {
    // The full expression is the variable itself.
    if (site.k === 'declaration') return site.at
    return site.k === 'return' ? read.pos : null
  }
  const operation = path[path.length - 2]
  if (operation === path[0]) {
    // One operation is the whole expression: its value is what is declared, returned or stored.
    if (site.k === 'declaration') return site.at
    if (site.k === 'return') return operationPosition(operation, read)
    // A statement of its own only when it stores (`x + 1;` alone is thrown away unread).
    return operation.k === 'assign' || isStep(operation) ? operationPosition(operation, read) : null
  }
  // An operation inside a plain assignment to a local, as its value or as the place stored
  // through (`y = x + 1`, `*p = 1`, `p[0] = 1`): one statement, at the `=`.
  const holder = path[path.length - 3]
  if (
    holder === path[0] &&
    holder.k === 'assign' &&
    (withoutCasts(holder.left) === operation ||
      (withoutCasts(holder.right) === operation &&
        holder.left.k === 'ident' &&
        holder.left.symbol?.kind === 'local'))
  )
    return holder.pos
  // Deeper: a temporary of its own, at the operator (`y = (x + 1) * 2`: the `+`).
  return operation.k === 'binary' ? operation.pos : null
}

function withoutCasts(e: Expr): Expr {
  while (e.k === 'cast') e = e.operand
  return e
}

function isStep(e: Expr): boolean {
  return e.k === 'unary' && /\+\+|--/.test(e.op)
}

/** The place of an operation reading `read`: its operator. */
function operationPosition(operation: Expr, read: Expr): Position | null {
  switch (operation.k) {
    case 'binary':
    case 'assign':
      return operation.pos
    case 'unary':
      if (operation.op === 'post++' || operation.op === 'post--') {
        // The operator right after its operand.
        const column = read.pos.endColumn
        return { line: read.pos.line, column, endColumn: column + 2 }
      }
      return operation.op === 'pre++' || operation.op === 'pre--' ? operation.pos : null
    default:
      return null
  }
}

function forEachDeclaration(s: Stmt, visit: (d: VarDecl) => void): void {
  forEachStatement(s, (x) => {
    if (x.k === 'decl') for (const d of x.decls) visit(d)
  })
}
