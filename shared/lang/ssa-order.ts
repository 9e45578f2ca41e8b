/**
 * The order in which gcc -O0 gives stack slots to the scalars whose address is never taken.
 *
 * gcc puts such a variable in SSA form even at -O0 and gives each variable's SSA names (one
 * partition) a slot in the order of the partitions' first names (cfgexpand.cc, after
 * out-of-SSA). Into-SSA names the PHI nodes first — for the variables in declaration order
 * (DECL_UID) — and then every definition, walking the dominator tree with each block's
 * children in reverse postorder; a use of a variable nothing defined yet names its default
 * definition there. So, measured with gcc 12 (objdump of `movl $k, -n(%rbp)`):
 *
 * - a variable that gets a PHI node comes first: one assigned in a loop and live at its
 *   header (`int a = 1, b = 2; while (b < 10) b++;` puts b at -4, a at -8), or assigned in a
 *   branch and read after the join;
 * - the others follow by their first mention in that walk: `int a; int b = 2; a = 1;` puts b
 *   first; an `else` branch comes before its `then` (the `then` edge is explored first, so it
 *   finishes first and is later in reverse postorder), and the code after a `while` or `for`
 *   before its body (the loop is entered at its test, at the bottom);
 * - PHI nodes are pruned to where the variable is live, so a temporary assigned at the top of
 *   a loop body and read only there (`tmp = a[j]; a[j] = a[j + 1]; a[j + 1] = tmp;`) gets none.
 *
 * The control flow is built from the syntax tree as gcc's front end lowers it: loops tested at
 * the bottom, `&&`, `||` and `?:` as branches, a switch's cases (default first, then by value)
 * as edges from its head.
 */
import {
  forEachExprInStmt,
  forEachStatement,
  type Expr,
  type Initializer,
  type Stmt,
  type Symbol
} from './ast'

type Local = Symbol & { kind: 'local' }

/** `++x`, `x++`, `--x`, `x--`: a read and a store. */
const STEPS = new Set(['pre++', 'post++', 'pre--', 'post--'])

interface Block {
  id: number
  /** Mentions of the candidates in order: a read, or a definition (a store). */
  events: Array<{ symbol: Local; define: boolean }>
  successors: Block[]
  predecessors: Block[]
}

/**
 * `candidates` (in declaration order) in the order gcc gives them slots; those never mentioned
 * in reachable code (gcc gives them none) come last, in declaration order.
 */
export function ssaSlotOrder(body: Stmt, candidates: readonly Local[]): Local[] {
  if (candidates.length === 0) return []
  const wanted = new Set<Local>(candidates)
  const graph = new FlowGraph(wanted)
  try {
    graph.statement(body)
  } catch (error) {
    // Nesting deep enough to exhaust JavaScript's stack (a chain of thousands of `&&`, an
    // `else if` ladder as long): the declaration order, which is right for straight-line code.
    if (error instanceof RangeError) return [...candidates]
    throw error
  }
  graph.jump(graph.exit)
  return graph.order(candidates)
}

/**
 * The locals a function's code names anywhere (a declaration with an initializer, any use),
 * reachable or not: a scalar outside this set is never read or written by the generated code,
 * and gcc -O0 gives it no stack slot (`int unused;` leaves the frame as if it were not there).
 */
export function mentionedLocals(body: Stmt): Set<Symbol> {
  const mentioned = new Set<Symbol>()
  const visit = (e: Expr): void => {
    if (e.k === 'ident' && e.symbol?.kind === 'local') mentioned.add(e.symbol)
  }
  forEachExprInStmt(body, visit)
  // A declaration with an initializer stores into its variable, named or not afterwards.
  forEachStatement(body, (s) => {
    if (s.k === 'decl') for (const d of s.decls) if (d.init && d.symbol) mentioned.add(d.symbol)
  })
  return mentioned
}

class FlowGraph {
  readonly blocks: Block[] = []
  readonly entry: Block
  readonly exit: Block
  private current: Block
  private readonly breakTargets: Block[] = []
  private readonly continueTargets: Block[] = []
  private readonly labels = new Map<string, Block>()
  /** The enclosing switches: their head and the case edges met so far. */
  private readonly switches: Array<{
    head: Block
    cases: Array<{ value: bigint | null; block: Block }>
  }> = []

  constructor(private readonly wanted: Set<Local>) {
    this.entry = this.block()
    this.exit = this.block()
    this.current = this.entry
  }

  private block(): Block {
    const b: Block = { id: this.blocks.length, events: [], successors: [], predecessors: [] }
    this.blocks.push(b)
    return b
  }

  private edge(from: Block, to: Block): void {
    from.successors.push(to)
    to.predecessors.push(from)
  }

  /** Ends the current block with a jump to `to`; what follows is unreachable until a label. */
  jump(to: Block): void {
    this.edge(this.current, to)
    this.current = this.block()
  }

  /** A two-way branch: the true edge first, as gcc's `if (c) goto t; else goto f;`. */
  private branch(ifTrue: Block, ifFalse: Block): void {
    this.edge(this.current, ifTrue)
    this.edge(this.current, ifFalse)
  }

  private label(name: string): Block {
    let b = this.labels.get(name)
    if (!b) {
      b = this.block()
      this.labels.set(name, b)
    }
    return b
  }

  /** Continues in `b`, falling through into it from the current block. */
  private enter(b: Block): void {
    this.edge(this.current, b)
    this.current = b
  }

  statement(s: Stmt): void {
    switch (s.k) {
      case 'block':
        for (const item of s.items) this.statement(item)
        return
      case 'decl':
        for (const d of s.decls) {
          if (d.storage === 'static' || d.storage === 'extern') continue
          if (d.variableLength) this.expression(d.variableLength)
          if (d.init) {
            this.initializer(d.init)
            if (d.symbol?.kind === 'local') this.mention(d.symbol, true)
          }
        }
        return
      case 'expr':
        this.expression(s.expr)
        return
      case 'if': {
        const then = this.block()
        const join = this.block()
        const otherwise = s.otherwise ? this.block() : join
        this.condition(s.test, then, otherwise)
        this.current = then
        this.statement(s.then)
        this.edge(this.current, join)
        if (s.otherwise) {
          this.current = otherwise
          this.statement(s.otherwise)
          this.edge(this.current, join)
        }
        this.current = join
        return
      }
      case 'while':
      case 'for': {
        if (s.k === 'for' && s.init) this.statement(s.init)
        // `goto test; body: …; step: …; test: if (c) goto body; exit:`
        const body = this.block()
        const step = this.block()
        const test = this.block()
        const exit = this.block()
        this.enter(test)
        if (s.test) this.condition(s.test, body, exit)
        else this.edge(test, body)
        this.current = body
        this.loopBody(s.body, exit, step)
        this.enter(step)
        if (s.k === 'for' && s.update) this.expression(s.update)
        this.edge(this.current, test)
        this.current = exit
        return
      }
      case 'do': {
        const body = this.block()
        const test = this.block()
        const exit = this.block()
        this.enter(body)
        this.loopBody(s.body, exit, test)
        this.enter(test)
        this.condition(s.test, body, exit)
        this.current = exit
        return
      }
      case 'switch': {
        this.expression(s.expr)
        const head = this.current
        const exit = this.block()
        const context = { head, cases: [] as Array<{ value: bigint | null; block: Block }> }
        this.switches.push(context)
        this.breakTargets.push(exit)
        this.current = this.block()
        this.statement(s.body)
        this.breakTargets.pop()
        this.switches.pop()
        this.enter(exit)
        // gimple's switch: the default label first, then the cases by value.
        const cases = [...context.cases].sort((a, b) =>
          a.value === null ? -1 : b.value === null ? 1 : a.value < b.value ? -1 : 1
        )
        if (!cases.some((c) => c.value === null)) cases.unshift({ value: null, block: exit })
        for (const c of cases) this.edge(head, c.block)
        return
      }
      case 'case':
      case 'default': {
        const b = this.block()
        this.enter(b)
        const context = this.switches[this.switches.length - 1]
        if (context)
          context.cases.push({ value: s.k === 'case' ? (s.value ?? 0n) : null, block: b })
        return
      }
      case 'break': {
        const target = this.breakTargets[this.breakTargets.length - 1]
        if (target) this.jump(target)
        return
      }
      case 'continue': {
        const target = this.continueTargets[this.continueTargets.length - 1]
        if (target) this.jump(target)
        return
      }
      case 'return':
        if (s.expr) this.expression(s.expr)
        this.jump(this.exit)
        return
      case 'goto':
        this.jump(this.label(s.label))
        return
      case 'labeled':
        this.enter(this.label(s.label))
        this.statement(s.body)
        return
      case 'empty':
        return
    }
  }

  private loopBody(body: Stmt, exit: Block, next: Block): void {
    this.breakTargets.push(exit)
    this.continueTargets.push(next)
    this.statement(body)
    this.continueTargets.pop()
    this.breakTargets.pop()
  }

  private initializer(init: Initializer): void {
    if (init.k === 'expr') this.expression(init.expr)
    else for (const item of init.items) this.initializer(item.init)
  }

  private mention(symbol: Local, define: boolean): void {
    if (this.wanted.has(symbol)) this.current.events.push({ symbol, define })
  }

  /** The candidate an lvalue names, if it is one (`x`, `(x)`). */
  private named(e: Expr): Local | undefined {
    return e.k === 'ident' && e.symbol?.kind === 'local' && this.wanted.has(e.symbol)
      ? e.symbol
      : undefined
  }

  /**
   * An expression's reads and stores in gcc's order: operands left to right, an assignment's
   * value before its store, a call's arguments last to first; `&&`, `||` and `?:` branch.
   * Iterative over left-deep chains (`a + b + …`), whose depth is the chain's length.
   */
  private expression(e: Expr): void {
    switch (e.k) {
      case 'ident':
        if (e.symbol?.kind === 'local') this.mention(e.symbol, false)
        return
      case 'assign': {
        // `x += y` is gimplified as `x = x + y`: x read, then y, then the store.
        const target = this.named(e.left)
        if (target && e.op !== '=') this.mention(target, false)
        this.expression(e.right)
        if (target) this.mention(target, true)
        else this.expression(e.left)
        return
      }
      case 'unary': {
        const target = this.named(e.operand)
        if (target && STEPS.has(e.op)) {
          this.mention(target, false)
          this.mention(target, true)
        } else this.expression(e.operand)
        return
      }
      case 'binary':
        if (e.op === '&&' || e.op === '||') {
          this.expression(e.left)
          const right = this.block()
          const join = this.block()
          if (e.op === '&&') this.branch(right, join)
          else this.branch(join, right)
          this.current = right
          this.expression(e.right)
          this.enter(join)
          return
        }
        this.leftDeep(e)
        return
      case 'comma':
        this.leftDeep(e)
        return
      case 'cond': {
        const then = this.block()
        const otherwise = this.block()
        const join = this.block()
        this.condition(e.test, then, otherwise)
        this.current = then
        this.expression(e.then)
        this.edge(this.current, join)
        this.current = otherwise
        this.expression(e.otherwise)
        this.edge(this.current, join)
        this.current = join
        return
      }
      case 'call':
        for (let i = e.args.length - 1; i >= 0; i--) this.expression(e.args[i])
        this.expression(e.callee)
        return
      case 'index':
        this.expression(e.base)
        this.expression(e.index)
        return
      case 'member':
        this.expression(e.object)
        return
      case 'cast':
        this.expression(e.operand)
        return
      default:
        // Constants, strings, sizeof (not evaluated).
        return
    }
  }

  /**
   * A test that decides a branch: `&&` and `||` jump straight to the targets (gcc's
   * shortcut_cond_expr), with no join where a value would be made.
   */
  private condition(e: Expr, ifTrue: Block, ifFalse: Block): void {
    if (e.k === 'binary' && (e.op === '&&' || e.op === '||')) {
      const right = this.block()
      if (e.op === '&&') this.condition(e.left, right, ifFalse)
      else this.condition(e.left, ifTrue, right)
      this.current = right
      this.condition(e.right, ifTrue, ifFalse)
      return
    }
    this.expression(e)
    this.branch(ifTrue, ifFalse)
  }

  /** `a + b + c …` or `a, b, c …`: the left spine walked in a loop, then each right operand. */
  private leftDeep(e: Expr & { k: 'binary' | 'comma' }): void {
    const rights: Expr[] = []
    let x: Expr = e
    while (
      (x.k === 'binary' && x.op !== '&&' && x.op !== '||') ||
      (x.k === 'comma' && e.k === 'comma')
    ) {
      rights.push((x as Expr & { right: Expr }).right)
      x = (x as Expr & { left: Expr }).left
    }
    this.expression(x)
    for (let i = rights.length - 1; i >= 0; i--) this.expression(rights[i])
  }

  order(candidates: readonly Local[]): Local[] {
    // Reverse postorder of the blocks reachable from the entry, successors in edge order.
    const postorder: Block[] = []
    const seen = new Uint8Array(this.blocks.length)
    const stack: Array<{ block: Block; next: number }> = [{ block: this.entry, next: 0 }]
    seen[this.entry.id] = 1
    while (stack.length > 0) {
      const top = stack[stack.length - 1]
      if (top.next < top.block.successors.length) {
        const s = top.block.successors[top.next++]
        if (!seen[s.id]) {
          seen[s.id] = 1
          stack.push({ block: s, next: 0 })
        }
      } else {
        postorder.push(top.block)
        stack.pop()
      }
    }
    const rpo = postorder.slice().reverse()
    const rpoIndex = new Map<Block, number>(rpo.map((b, i) => [b, i]))

    // Immediate dominators (Cooper, Harvey and Kennedy's iteration over reverse postorder).
    const idom = new Map<Block, Block>([[this.entry, this.entry]])
    const intersect = (a: Block, b: Block): Block => {
      while (a !== b) {
        while (rpoIndex.get(a)! > rpoIndex.get(b)!) a = idom.get(a)!
        while (rpoIndex.get(b)! > rpoIndex.get(a)!) b = idom.get(b)!
      }
      return a
    }
    for (let changed = true; changed;) {
      changed = false
      for (const b of rpo) {
        if (b === this.entry) continue
        let candidate: Block | undefined
        for (const p of b.predecessors)
          if (idom.has(p)) candidate = candidate === undefined ? p : intersect(p, candidate)
        if (candidate !== undefined && idom.get(b) !== candidate) {
          idom.set(b, candidate)
          changed = true
        }
      }
    }

    // Liveness: a candidate is live into a block when read there before any store, or live
    // out of it and not stored there.
    const upwardExposed = new Map<Block, Set<Local>>()
    const stored = new Map<Block, Set<Local>>()
    for (const b of rpo) {
      const exposed = new Set<Local>()
      const defined = new Set<Local>()
      for (const { symbol, define } of b.events) {
        if (define) defined.add(symbol)
        else if (!defined.has(symbol)) exposed.add(symbol)
      }
      upwardExposed.set(b, exposed)
      stored.set(b, defined)
    }
    const liveIn = new Map<Block, Set<Local>>(rpo.map((b) => [b, new Set(upwardExposed.get(b))]))
    for (let changed = true; changed;) {
      changed = false
      for (const b of postorder) {
        const into = liveIn.get(b)!
        for (const s of b.successors) {
          for (const v of liveIn.get(s) ?? []) {
            if (!into.has(v) && !stored.get(b)!.has(v)) {
              into.add(v)
              changed = true
            }
          }
        }
      }
    }

    // Dominance frontiers, then each candidate's iterated frontier of its stores: a PHI node
    // where it is live.
    const frontier = new Map<Block, Set<Block>>(rpo.map((b) => [b, new Set<Block>()]))
    for (const b of rpo) {
      const reachable = b.predecessors.filter((p) => idom.has(p))
      if (reachable.length < 2) continue
      for (const p of reachable) {
        for (let runner = p; runner !== idom.get(b); runner = idom.get(runner)!) {
          frontier.get(runner)!.add(b)
          if (runner === this.entry) break
        }
      }
    }
    const withPhi = new Set<Local>()
    for (const v of candidates) {
      const work = rpo.filter((b) => stored.get(b)!.has(v))
      const placed = new Set<Block>()
      while (work.length > 0) {
        const b = work.pop()!
        for (const f of frontier.get(b)!) {
          if (placed.has(f)) continue
          placed.add(f)
          if (liveIn.get(f)!.has(v)) withPhi.add(v)
          work.push(f)
        }
      }
    }

    // The dominator tree in preorder, each block's children in reverse postorder.
    const children = new Map<Block, Block[]>()
    for (const b of rpo) {
      if (b === this.entry) continue
      const parent = idom.get(b)
      if (parent === undefined) continue
      const list = children.get(parent) ?? []
      list.push(b)
      children.set(parent, list)
    }
    const firstMention: Local[] = []
    const named = new Set<Local>()
    const walk: Block[] = [this.entry]
    while (walk.length > 0) {
      const b = walk.pop()!
      for (const { symbol } of b.events) {
        if (!named.has(symbol)) {
          named.add(symbol)
          firstMention.push(symbol)
        }
      }
      const kids = children.get(b) ?? []
      for (let i = kids.length - 1; i >= 0; i--) walk.push(kids[i])
    }
    return [
      ...candidates.filter((v) => withPhi.has(v)),
      ...firstMention.filter((v) => !withPhi.has(v)),
      ...candidates.filter((v) => !named.has(v))
    ]
  }
}
