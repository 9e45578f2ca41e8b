/**
 * The checker: resolves names, gives every expression its C type, lays out each function's
 * stack frame as gcc -O0 does on x86-64, and explains every type error in plain words.
 */
import type {
  Expr,
  FunctionDef,
  Initializer,
  LocalSlot,
  Param,
  Position,
  Stmt,
  Symbol,
  TranslationUnit,
  VarDecl
} from './ast'
import { BUILTINS, UNSUPPORTED_LIBRARY } from './builtins'
import { DiagnosticSink } from './diagnostics'
import { editDistance } from './parser'
import {
  CHAR,
  DOUBLE,
  INT,
  SIZE_T,
  alignUp,
  arrayOf,
  decay,
  isArithmetic,
  isInteger,
  isScalar,
  pointerTo,
  promote,
  sameType,
  sizeOf,
  typeName,
  usualArithmetic,
  variableAlign,
  type CType,
  type FunctionType,
  type StructType
} from './types'

/** A global, a static local, or a string literal's place in the image. */
export interface GlobalInfo {
  symbol: Symbol & { kind: 'global' }
  decl: VarDecl
  /** `func.name` for a static local, `name` otherwise. */
  displayName: string
}

export interface FunctionInfo {
  id: number
  name: string
  def: FunctionDef
  type: FunctionType
  /** Bytes below the saved frame pointer: locals, spilled parameters and temporaries, rounded to 16. */
  frameSize: number
  params: Array<Symbol & { kind: 'local' }>
  locals: Array<Symbol & { kind: 'local'; scopeStart: number; scopeEnd: number }>
}

export interface CheckedProgram {
  functions: FunctionInfo[]
  /** Index of `main` in functions. */
  main: number
  globals: GlobalInfo[]
  /** String literals in order of appearance (bytes without the NUL). */
  literals: number[][]
  /** Prototypes of functions declared but never defined, by name (a call to one is an error). */
  source: string
}

class Scope {
  readonly names = new Map<string, Symbol>()
  constructor(readonly parent: Scope | null) {}
  lookup(name: string): Symbol | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name)
  }
}

function isNullConstant(e: Expr): boolean {
  if (e.k === 'int') return e.value === 0n
  if (e.k === 'cast' && (e.type.kind === 'pointer' || e.type.kind === 'int'))
    return isNullConstant(e.operand)
  return false
}

/** Checks a parsed translation unit. Problems are reported to `sink`. */
export function check(
  unit: TranslationUnit,
  sink: DiagnosticSink,
  source: string
): CheckedProgram | null {
  return new Checker(sink, source).run(unit)
}

class Checker {
  private readonly globalScope = new Scope(null)
  private scope: Scope = this.globalScope
  private readonly functions: FunctionInfo[] = []
  private readonly globals: GlobalInfo[] = []
  private readonly literals: number[][] = []
  private readonly literalIndex = new Map<string, number>()
  private nextId = 1
  private current: FunctionInfo | null = null
  /** Frame allocation cursor (positive distance below %rbp) for the function being checked. */
  private frameCursor = 0
  private loopDepth = 0
  private switchDepth = 0
  private readonly defined = new Set<string>()
  private readonly called = new Map<string, Position>()
  private readonly lines: string[]

  constructor(
    private readonly sink: DiagnosticSink,
    private readonly source: string
  ) {
    this.lines = source.split('\n')
  }

  run(unit: TranslationUnit): CheckedProgram | null {
    for (const item of unit.items) {
      if (item.k === 'decl') {
        for (const d of item.decls) this.globalDeclaration(d)
      } else {
        this.functionDefinition(item.def)
      }
    }
    for (const [name, pos] of this.called) {
      if (!this.defined.has(name)) {
        this.sink.error(
          `\`${name}\` is declared but never defined, so the call cannot run; write its body.`,
          pos
        )
      }
    }
    const main = this.functions.findIndex((f) => f.name === 'main')
    if (main < 0) {
      if (this.sink.errorCount === 0) {
        this.sink.error(
          'The program has no `main` function; execution starts at `int main(void)`.',
          { line: 1, column: 1, endColumn: 2 }
        )
      }
      return null
    }
    const m = this.functions[main]
    if (m.type.returns.kind !== 'int')
      this.sink.warning('`main` should return `int`: its value is the exit status.', m.def.pos)
    if (m.params.length > 0)
      this.sink.error(
        '`main` must take no parameters here: write `int main(void)` (command-line arguments are not supported).',
        m.def.pos
      )
    return {
      functions: this.functions,
      main,
      globals: this.globals,
      literals: this.literals,
      source: this.source
    }
  }

  // ---- declarations -----------------------------------------------------------------------

  private globalDeclaration(d: VarDecl): void {
    if (d.storage === 'typedef') return
    const existing = this.globalScope.names.get(d.name)
    if (d.type.kind === 'function') {
      if (existing && existing.kind === 'function') {
        if (!sameType(existing.type, d.type))
          this.sink.error(
            `\`${d.name}\` is declared again with a different type (\`${typeName(d.type)}\`; before: \`${typeName(existing.type)}\`).`,
            d.pos
          )
        return
      }
      if (existing) {
        this.sink.error(`\`${d.name}\` is already declared as a variable.`, d.pos)
        return
      }
      const builtin = BUILTINS[d.name]
      this.globalScope.names.set(d.name, {
        kind: 'function',
        name: d.name,
        type: d.type,
        id: this.nextId++,
        builtin: builtin ? d.name : undefined
      })
      return
    }
    if (existing) {
      if (
        existing.kind === 'global' &&
        sameType(existing.type, d.type) &&
        (d.storage === 'extern' || !existing.init || !d.init)
      ) {
        if (d.init) {
          existing.init = d.init
          const g = this.globals.find((x) => x.symbol === existing)
          if (g) g.decl = { ...g.decl, init: d.init }
          this.checkInitializer(d.init, existing.type, true)
        }
        return
      }
      this.sink.error(`\`${d.name}\` is already declared in this file.`, d.pos)
      return
    }
    if (d.storage === 'extern' && !d.init) {
      // An extern declaration still reserves the object: there is only one file.
    }
    this.completeCheck(d.type, d.pos, d.name)
    const symbol: Symbol & { kind: 'global' } = {
      kind: 'global',
      name: d.name,
      type: d.type,
      id: this.nextId++,
      isStatic: false,
      pos: d.pos,
      init: d.init
    }
    d.symbol = symbol
    this.globalScope.names.set(d.name, symbol)
    if (d.init) this.checkInitializer(d.init, d.type, true)
    this.globals.push({ symbol, decl: d, displayName: d.name })
  }

  private completeCheck(t: CType, pos: Position, name: string): boolean {
    if (t.kind === 'struct' && !t.layout.complete) {
      this.sink.error(
        `\`${name}\` has type \`${typeName(t)}\`, whose fields are never defined, so its size is unknown.`,
        pos
      )
      return false
    }
    if (t.kind === 'array' && t.of.kind === 'struct' && !t.of.layout.complete)
      return this.completeCheck(t.of, pos, name)
    if (t.kind === 'void') {
      this.sink.error(
        `\`${name}\` cannot have type \`void\`; \`void\` has no values (did you mean \`void *\`?).`,
        pos
      )
      return false
    }
    if (t.kind === 'array' && t.length === null) {
      this.sink.error(`The array \`${name}\` needs a length, or an initializer to count.`, pos)
      return false
    }
    return true
  }

  private functionDefinition(def: FunctionDef): void {
    const existing = this.globalScope.names.get(def.name)
    let symbol: Symbol & { kind: 'function' }
    if (existing) {
      if (existing.kind !== 'function') {
        this.sink.error(`\`${def.name}\` is already declared as a variable.`, def.pos)
        return
      }
      if (this.defined.has(def.name)) {
        this.sink.error(`The function \`${def.name}\` is defined twice.`, def.pos)
        return
      }
      if (!sameType(existing.type, def.type)) {
        this.sink.error(
          `\`${def.name}\` is defined with a different type than its declaration (\`${typeName(existing.type)}\`).`,
          def.pos
        )
      }
      existing.builtin = undefined
      existing.type = def.type
      symbol = existing
    } else {
      symbol = { kind: 'function', name: def.name, type: def.type, id: this.nextId++ }
      this.globalScope.names.set(def.name, symbol)
    }
    this.defined.add(def.name)
    if (BUILTINS[def.name] && def.name !== 'main') {
      this.sink.warning(
        `\`${def.name}\` has the name of a C library function; this definition replaces it in this program.`,
        def.pos
      )
    }
    const info: FunctionInfo = {
      id: this.functions.length,
      name: def.name,
      def,
      type: def.type,
      frameSize: 0,
      params: [],
      locals: []
    }
    ;(symbol as { functionIndex?: number }).functionIndex = info.id
    this.functions.push(info)
    this.current = info
    this.frameCursor = 0
    this.scope = new Scope(this.globalScope)
    if (def.type.returns.kind === 'struct' && !def.type.returns.layout.complete)
      this.completeCheck(def.type.returns, def.pos, def.name)
    // Parameters are declared now (so the body sees them) but placed after the locals, as gcc does.
    const paramSymbols: Array<Symbol & { kind: 'local' }> = []
    for (const p of def.params) {
      if (!p.name) continue
      if (this.scope.names.has(p.name))
        this.sink.error(`Two parameters are both named \`${p.name}\`.`, p.pos)
      const s: Symbol & { kind: 'local' } = {
        kind: 'local',
        name: p.name,
        type: p.type,
        slot: { offset: 0, size: sizeOf(p.type) },
        parameter: true,
        pos: p.pos,
        id: this.nextId++
      }
      p.symbol = s
      this.scope.names.set(p.name, s)
      paramSymbols.push(s)
      if (p.type.kind === 'struct') this.completeCheck(p.type, p.pos, p.name)
    }
    info.params = paramSymbols
    this.blockItems(def.body.items)
    this.placeLocals()
    this.placeParameters(def.params, paramSymbols)
    info.frameSize = alignUp(this.frameCursor, 16)
    this.scope = this.globalScope
    this.current = null
  }

  /** gcc -O0: after the locals (rounded down to 16), each parameter at its alignment, small ones filling holes. */
  private placeParameters(params: Param[], symbols: Array<Symbol & { kind: 'local' }>): void {
    let cursor = alignUp(this.frameCursor, 16)
    const holes: Array<{ low: number; high: number }> = []
    for (const s of symbols) {
      // A char or short parameter is spilled from a 32-bit register into a 4-byte slot.
      const narrow = s.type.kind === 'int' && s.type.size < 4
      const size = narrow ? 4 : sizeOf(s.type)
      const align = narrow ? 4 : variableAlign(s.type)
      let placed = false
      for (const h of holes) {
        // Offsets are distances below %rbp; a hole spans (low, high] in distance. gcc puts the
        // parameter at the hole's lowest address.
        const at = Math.floor(h.high / align) * align
        if (at - size >= h.low) {
          s.slot = { offset: -at, size: sizeOf(s.type) }
          holes.splice(holes.indexOf(h), 1)
          placed = true
          break
        }
      }
      if (placed) continue
      const at = alignUp(cursor + size, align)
      if (at - size > cursor) holes.push({ low: cursor, high: at - size })
      s.slot = { offset: -at, size: sizeOf(s.type) }
      cursor = at
    }
    void params
    this.frameCursor = cursor
  }

  /**
   * Reserves a slot; offsets are assigned when the function is done (`placeLocals`), because
   * where gcc -O0 puts a local depends on whether its address is ever taken.
   */
  private allocateLocal(type: CType, symbol?: Symbol & { kind: 'local' }): LocalSlot {
    const slot: LocalSlot = { offset: 0, size: Math.max(sizeOf(type), 1) }
    this.pendingLocals.push({ slot, type, symbol })
    return slot
  }

  private pendingLocals: Array<{
    slot: LocalSlot
    type: CType
    symbol?: Symbol & { kind: 'local' }
  }> = []
  /** Locals whose address the program takes (`&x`). */
  private readonly addressTaken = new Set<Symbol>()

  /**
   * gcc -O0 gives scalars whose address is never taken their slots first, in declaration
   * order, then everything else (address-taken scalars, arrays, structs, temporaries) in
   * declaration order; each slot at its alignment below the previous one.
   */
  private placeLocals(): void {
    const early = (p: (typeof this.pendingLocals)[number]): boolean =>
      p.symbol !== undefined &&
      (p.type.kind === 'int' || p.type.kind === 'double' || p.type.kind === 'pointer') &&
      !this.addressTaken.has(p.symbol)
    const ordered = [
      ...this.pendingLocals.filter(early),
      ...this.pendingLocals.filter((p) => !early(p))
    ]
    for (const p of ordered) {
      const at = alignUp(this.frameCursor + p.slot.size, variableAlign(p.type))
      this.frameCursor = at
      p.slot.offset = -at
    }
    this.pendingLocals = []
  }

  private localDeclaration(d: VarDecl): void {
    if (d.storage === 'typedef') return
    const info = this.current!
    if (this.scope.names.has(d.name) && this.scope.parent !== this.globalScope) {
      this.sink.error(`\`${d.name}\` is already declared in this block.`, d.pos)
      return
    }
    if (d.type.kind === 'function') {
      this.globalDeclaration(d)
      const g = this.globalScope.names.get(d.name)
      if (g) this.scope.names.set(d.name, g)
      return
    }
    if (d.storage === 'extern') {
      const g = this.globalScope.lookup(d.name)
      if (g) this.scope.names.set(d.name, g)
      else
        this.sink.error(
          `\`extern ${d.name}\` refers to a global that is not defined in this file.`,
          d.pos
        )
      return
    }
    if (!this.completeCheck(d.type, d.pos, d.name)) return
    if (d.storage === 'static') {
      const symbol: Symbol & { kind: 'global' } = {
        kind: 'global',
        name: d.name,
        type: d.type,
        id: this.nextId++,
        isStatic: true,
        pos: d.pos,
        init: d.init,
        functionName: info.name
      }
      d.symbol = symbol
      this.scope.names.set(d.name, symbol)
      if (d.init) this.checkInitializer(d.init, d.type, true)
      this.globals.push({ symbol, decl: d, displayName: `${info.name}.${d.name}` })
      return
    }
    const symbol: Symbol & { kind: 'local' } = {
      kind: 'local' as const,
      name: d.name,
      type: d.type,
      slot: { offset: 0, size: 0 },
      parameter: false,
      pos: d.pos,
      id: this.nextId++
    }
    symbol.slot = this.allocateLocal(d.type, symbol)
    d.symbol = symbol
    // Initializer sees the new name (int x = sizeof x) — C's scope starts at the declarator.
    this.scope.names.set(d.name, symbol)
    if (d.init) this.checkInitializer(d.init, d.type, false)
    info.locals.push({ ...symbol, scopeStart: d.pos.line, scopeEnd: Number.MAX_SAFE_INTEGER })
    // Keep the same symbol object identity for the tree and the views.
    info.locals[info.locals.length - 1] = Object.assign(symbol, {
      scopeStart: d.pos.line,
      scopeEnd: Number.MAX_SAFE_INTEGER
    })
  }

  private checkInitializer(init: Initializer, type: CType, isStatic: boolean): void {
    if (init.k === 'expr') {
      const e = init.expr
      if (type.kind === 'array') {
        if (e.k === 'string' && type.of.kind === 'int' && type.of.size === 1) {
          if (type.length !== null && e.bytes.length > type.length) {
            this.sink.error(
              `The string has ${e.bytes.length} characters, more than the ${type.length} the array holds.`,
              e.pos
            )
          }
          return
        }
        this.sink.error(
          `An array is initialized with a list in braces \`{ ... }\`${type.of.kind === 'int' && type.of.size === 1 ? ' or a string literal' : ''}.`,
          e.pos
        )
        return
      }
      const t = this.expr(e)
      if (t) this.assignable(type, e, t, 'initialize')
      if (isStatic) this.requireConstant(e)
      return
    }
    if (type.kind === 'array') {
      if (
        init.items.length === 1 &&
        init.items[0].init.k === 'expr' &&
        init.items[0].init.expr.k === 'string' &&
        type.of.kind === 'int' &&
        type.of.size === 1
      ) {
        this.checkInitializer(init.items[0].init, type, isStatic)
        return
      }
      let index = 0
      for (const item of init.items) {
        const d = item.designator?.[0]
        if (d) {
          if (!('index' in d)) {
            this.sink.error(`\`.${d.field}\` names a struct member, but this is an array.`, d.pos)
            continue
          }
          const v = this.constantInteger(d.index)
          if (v === null) continue
          index = Number(v)
        }
        if (type.length !== null && index >= type.length) {
          this.sink.error(
            `Too many initializers: the array has only ${type.length} elements.`,
            item.init.pos
          )
          return
        }
        this.checkInitializer(item.init, type.of, isStatic)
        index++
      }
      return
    }
    if (type.kind === 'struct') {
      let field = 0
      for (const item of init.items) {
        const d = item.designator?.[0]
        if (d) {
          if (!('field' in d)) {
            this.sink.error(
              'An index designator `[...]` needs an array, but this is a struct.',
              d.pos
            )
            continue
          }
          field = type.layout.fields.findIndex((f) => f.name === d.field)
          if (field < 0) {
            this.sink.error(`\`${typeName(type)}\` has no member named \`${d.field}\`.`, d.pos)
            return
          }
        }
        const f = type.layout.fields[field]
        if (!f) {
          this.sink.error(
            `Too many initializers: \`${typeName(type)}\` has only ${type.layout.fields.length} members.`,
            item.init.pos
          )
          return
        }
        this.checkInitializer(item.init, f.type, isStatic)
        field++
      }
      return
    }
    // `int x = { 5 };` is allowed.
    if (init.items.length === 1) this.checkInitializer(init.items[0].init, type, isStatic)
    else
      this.sink.error(
        `\`${typeName(type)}\` is a single value and needs one initializer, not a list.`,
        init.pos
      )
  }

  private requireConstant(e: Expr): void {
    if (!this.isConstantInitializer(e)) {
      this.sink.error(
        'A global or static variable needs a constant initializer (a number, a string, or the address of a global); assign the value in `main` instead.',
        e.pos
      )
    }
  }

  private isConstantInitializer(e: Expr): boolean {
    switch (e.k) {
      case 'int':
      case 'float':
      case 'string':
      case 'sizeof':
        return true
      case 'ident':
        return (
          e.symbol?.kind === 'function' ||
          (e.symbol?.kind === 'global' && (e.ty?.kind === 'array' || e.ty?.kind === 'function'))
        )
      case 'unary':
        if (e.op === '&') return this.isAddressConstant(e.operand)
        return ['-', '+', '~', '!'].includes(e.op) && this.isConstantInitializer(e.operand)
      case 'binary':
        return this.isConstantInitializer(e.left) && this.isConstantInitializer(e.right)
      case 'cast':
        return this.isConstantInitializer(e.operand)
      case 'cond':
        return (
          this.isConstantInitializer(e.test) &&
          this.isConstantInitializer(e.then) &&
          this.isConstantInitializer(e.otherwise)
        )
      default:
        return false
    }
  }

  private isAddressConstant(e: Expr): boolean {
    switch (e.k) {
      case 'ident':
        return e.symbol?.kind === 'global' || e.symbol?.kind === 'function'
      case 'index':
        return this.isAddressConstant(e.base) && e.index.k === 'int'
      case 'member':
        return !e.arrow && this.isAddressConstant(e.object)
      case 'string':
        return true
      default:
        return false
    }
  }

  private constantInteger(e: Expr): bigint | null {
    this.expr(e)
    const fold = (x: Expr): bigint | null => {
      switch (x.k) {
        case 'int':
          return x.value
        case 'unary': {
          const v = fold(x.operand)
          if (v === null) return null
          return x.op === '-'
            ? -v
            : x.op === '~'
              ? ~v
              : x.op === '+'
                ? v
                : x.op === '!'
                  ? v
                    ? 0n
                    : 1n
                  : null
        }
        case 'binary': {
          const a = fold(x.left)
          const b = fold(x.right)
          if (a === null || b === null) return null
          switch (x.op) {
            case '+':
              return a + b
            case '-':
              return a - b
            case '*':
              return a * b
            case '/':
              return b ? a / b : null
            case '%':
              return b ? a % b : null
            case '<<':
              return a << b
            case '>>':
              return a >> b
            case '&':
              return a & b
            case '|':
              return a | b
            case '^':
              return a ^ b
            default:
              return null
          }
        }
        case 'cast':
          return fold(x.operand)
        case 'sizeof':
          return BigInt(sizeOf(x.type ?? x.operand?.ty ?? INT))
        default:
          return null
      }
    }
    const v = fold(e)
    if (v === null) this.sink.error('This must be an integer constant.', e.pos)
    return v
  }

  // ---- statements -------------------------------------------------------------------------

  private blockItems(items: Stmt[]): void {
    for (const s of items) this.stmt(s)
  }

  private stmt(s: Stmt): void {
    switch (s.k) {
      case 'block': {
        const saved = this.scope
        this.scope = new Scope(saved)
        this.blockItems(s.items)
        this.scope = saved
        return
      }
      case 'decl':
        for (const d of s.decls) this.localDeclaration(d)
        return
      case 'expr':
        this.expr(s.expr)
        return
      case 'if':
        this.condition(s.test)
        this.stmt(s.then)
        if (s.otherwise) this.stmt(s.otherwise)
        return
      case 'while':
        this.condition(s.test)
        this.loop(s.body)
        return
      case 'do':
        this.loop(s.body)
        this.condition(s.test)
        return
      case 'for': {
        const saved = this.scope
        this.scope = new Scope(saved)
        if (s.init) this.stmt(s.init)
        if (s.test) this.condition(s.test)
        if (s.update) this.expr(s.update)
        this.loop(s.body)
        this.scope = saved
        return
      }
      case 'switch': {
        const t = this.expr(s.expr)
        if (t && !isInteger(decay(t)))
          this.sink.error(
            `A \`switch\` needs an integer value, but this is \`${typeName(t)}\`.`,
            s.expr.pos
          )
        this.switchDepth++
        this.loopDepth += 0
        const seen = new Set<bigint>()
        this.switchStmt(s.body, seen)
        this.switchDepth--
        return
      }
      case 'case':
        if (this.switchDepth === 0)
          this.sink.error('`case` can only appear inside a `switch`.', s.pos)
        return
      case 'default':
        if (this.switchDepth === 0)
          this.sink.error('`default` can only appear inside a `switch`.', s.pos)
        return
      case 'break':
        if (this.loopDepth === 0 && this.switchDepth === 0)
          this.sink.error('`break` can only appear inside a loop or a `switch`.', s.pos)
        return
      case 'continue':
        if (this.loopDepth === 0)
          this.sink.error('`continue` can only appear inside a loop.', s.pos)
        return
      case 'return': {
        const f = this.current!
        const want = f.type.returns
        if (!s.expr) {
          if (want.kind !== 'void')
            this.sink.warning(
              `\`${f.name}\` returns \`${typeName(want)}\`, but this \`return\` gives no value.`,
              s.pos
            )
          return
        }
        const t = this.expr(s.expr)
        if (!t) return
        if (want.kind === 'void') {
          this.sink.error(
            `\`${f.name}\` returns \`void\`, so \`return\` cannot give a value.`,
            s.expr.pos
          )
          return
        }
        this.assignable(want, s.expr, t, 'return')
        return
      }
      case 'empty':
        return
    }
  }

  private switchStmt(body: Stmt, seen: Set<bigint>): void {
    const visit = (s: Stmt): void => {
      if (s.k === 'case') {
        const v = this.constantInteger(s.expr)
        if (v !== null) {
          if (seen.has(v))
            this.sink.error(`The value ${v} appears in two \`case\` labels of this switch.`, s.pos)
          seen.add(v)
          s.value = v
        }
      }
    }
    // Case labels are found anywhere in the body except inside nested switches.
    const walk = (s: Stmt): void => {
      visit(s)
      if (s.k === 'block') s.items.forEach(walk)
      else if (s.k === 'if') {
        walk(s.then)
        if (s.otherwise) walk(s.otherwise)
      } else if (s.k === 'while' || s.k === 'do' || s.k === 'for') walk(s.body)
    }
    walk(body)
    this.stmt(body)
  }

  private loop(body: Stmt): void {
    this.loopDepth++
    const savedSwitch = this.switchDepth
    this.stmt(body)
    this.switchDepth = savedSwitch
    this.loopDepth--
  }

  private condition(e: Expr): void {
    const t = this.expr(e)
    if (t && !isScalar(decay(t)))
      this.sink.error(
        `A condition must be a number or a pointer, but this is \`${typeName(t)}\`.`,
        e.pos
      )
    if (e.k === 'assign' && e.op === '=')
      this.sink.warning(
        'This condition is an assignment `=`; did you mean the comparison `==`?',
        e.pos
      )
  }

  // ---- expressions ------------------------------------------------------------------------

  private text(e: Expr): string {
    const line = this.lines[e.pos.line - 1] ?? ''
    return line.slice(e.pos.column - 1, e.pos.endColumn - 1).trim() || 'this'
  }

  /** The type of `e`, or null after reporting an error in it. */
  expr(e: Expr): CType | null {
    const t = this.typeOf(e)
    if (t) e.ty = t
    return t
  }

  private isLvalue(e: Expr): boolean {
    switch (e.k) {
      case 'ident':
        return e.symbol?.kind === 'local' || e.symbol?.kind === 'global'
      case 'unary':
        return e.op === '*'
      case 'index':
      case 'string':
        return true
      case 'member':
        return e.arrow || this.isLvalue(e.object)
      default:
        return false
    }
  }

  private modifiable(e: Expr, what: string): boolean {
    const t = e.ty
    if (!t) return false
    if (!this.isLvalue(e)) {
      this.sink.error(
        `\`${this.text(e)}\` is a value, not a variable or a place in memory, so it cannot be ${what}.`,
        e.pos
      )
      return false
    }
    if (t.kind === 'array') {
      this.sink.error(
        `\`${this.text(e)}\` is an array; an array as a whole cannot be ${what} (copy it element by element or with memcpy).`,
        e.pos
      )
      return false
    }
    if (t.const) {
      this.sink.error(`\`${this.text(e)}\` is \`const\`, so it cannot be ${what}.`, e.pos)
      return false
    }
    if (t.kind === 'struct' && t.layout.fields.some((f) => f.type.const)) {
      this.sink.error(
        `\`${this.text(e)}\` has a \`const\` member, so it cannot be ${what} as a whole.`,
        e.pos
      )
      return false
    }
    return true
  }

  /** Can a value of type `from` (expression e) be stored in a `to`? Reports problems. */
  private assignable(
    to: CType,
    e: Expr,
    from: CType,
    action: 'assign' | 'initialize' | 'return' | 'pass'
  ): void {
    const f = decay(from)
    const verb =
      action === 'assign'
        ? 'assign'
        : action === 'initialize'
          ? 'initialize'
          : action === 'return'
            ? 'return'
            : 'pass'
    if (to.kind === 'struct') {
      if (f.kind !== 'struct' || f.layout !== to.layout) {
        this.sink.error(
          `Cannot ${verb} \`${typeName(from)}\` where \`${typeName(to)}\` is expected.`,
          e.pos
        )
      }
      return
    }
    if (isArithmetic(to) && isArithmetic(f)) return
    if (to.kind === 'pointer') {
      if (f.kind === 'pointer') {
        const a = to.to
        const b = f.to
        if (a.kind === 'void' || b.kind === 'void' || sameType(a, b)) {
          if (b.const && !a.const && action !== 'return') {
            this.sink.warning(
              `This ${verb}s a pointer to \`const\` data into \`${typeName(to)}\`, which drops the \`const\`.`,
              e.pos
            )
          }
          return
        }
        this.sink.warning(
          `\`${this.text(e)}\` is ${aType(from)}, but \`${typeName(to)}\` is expected; the pointer types do not match.`,
          e.pos
        )
        return
      }
      if (f.kind === 'int') {
        if (isNullConstant(e)) return
        this.sink.warning(
          `This makes the pointer \`${typeName(to)}\` from the integer \`${this.text(e)}\` without a cast.`,
          e.pos
        )
        return
      }
    }
    if (to.kind === 'int' && f.kind === 'pointer') {
      this.sink.warning(
        `This makes the integer \`${typeName(to)}\` from the pointer \`${this.text(e)}\` without a cast.`,
        e.pos
      )
      return
    }
    this.sink.error(
      `Cannot ${verb} \`${typeName(from)}\` where \`${typeName(to)}\` is expected.`,
      e.pos
    )
  }

  private typeOf(e: Expr): CType | null {
    switch (e.k) {
      case 'int':
        return e.type
      case 'float':
        return DOUBLE
      case 'string': {
        const key = e.bytes.join(',')
        let index = this.literalIndex.get(key)
        if (index === undefined) {
          index = this.literals.length
          this.literals.push(e.bytes)
          this.literalIndex.set(key, index)
        }
        e.literal = index
        return arrayOf(CHAR, e.bytes.length + 1)
      }
      case 'ident':
        return this.identifier(e)
      case 'unary':
        return this.unary(e)
      case 'binary':
        return this.binary(e)
      case 'assign': {
        const l = this.expr(e.left)
        const r = this.expr(e.right)
        if (!l || !r) return null
        if (!this.modifiable(e.left, 'assigned')) return null
        if (e.op === '=') {
          this.assignable(l, e.right, r, 'assign')
          return l
        }
        const op = e.op.slice(0, -1)
        const lt = decay(l)
        const rt = decay(r)
        if ((op === '+' || op === '-') && lt.kind === 'pointer' && rt.kind === 'int') return l
        if (!isArithmetic(lt) || !isArithmetic(rt)) {
          this.sink.error(
            `\`${e.op}\` needs numbers on both sides, but these are \`${typeName(l)}\` and \`${typeName(r)}\`.`,
            e.pos
          )
          return null
        }
        if (
          ['%', '<<', '>>', '&', '|', '^'].includes(op) &&
          (lt.kind !== 'int' || rt.kind !== 'int')
        ) {
          this.sink.error(
            `\`${e.op}\` needs integers, but these are \`${typeName(l)}\` and \`${typeName(r)}\`.`,
            e.pos
          )
          return null
        }
        return l
      }
      case 'cond': {
        const c = this.expr(e.test)
        const a = this.expr(e.then)
        const b = this.expr(e.otherwise)
        if (!c || !a || !b) return null
        const x = decay(a)
        const y = decay(b)
        if (isArithmetic(x) && isArithmetic(y)) return usualArithmetic(x, y)
        if (x.kind === 'struct' && y.kind === 'struct' && x.layout === y.layout) return x
        if (x.kind === 'void' && y.kind === 'void') return x
        if (x.kind === 'pointer' && (y.kind === 'pointer' || isNullConstant(e.otherwise)))
          return y.kind === 'pointer' && x.to.kind === 'void' ? y : x
        if (y.kind === 'pointer' && isNullConstant(e.then)) return y
        this.sink.error(
          `The two results of \`? :\` have incompatible types \`${typeName(a)}\` and \`${typeName(b)}\`.`,
          e.pos
        )
        return null
      }
      case 'call':
        return this.call(e)
      case 'index': {
        const b = this.expr(e.base)
        const i = this.expr(e.index)
        if (!b || !i) return null
        let p = decay(b)
        let n = decay(i)
        if (n.kind === 'pointer' && p.kind === 'int') {
          // `i[a]` is `a[i]`.
          const tmp = e.base
          e.base = e.index
          e.index = tmp
          ;[p, n] = [n, p]
        }
        if (p.kind !== 'pointer') {
          this.sink.error(
            `\`${this.text(e.base)}\` is ${aType(b)}, not an array or a pointer, so it cannot be indexed with \`[ ]\`.`,
            e.base.pos
          )
          return null
        }
        if (n.kind !== 'int') {
          this.sink.error(
            `An array index must be an integer, but \`${this.text(e.index)}\` is ${aType(i)}.`,
            e.index.pos
          )
          return null
        }
        if (p.to.kind === 'void') {
          this.sink.error(
            `\`${this.text(e.base)}\` is a \`void *\`: it points to bytes of no known type, so it cannot be indexed; cast it first.`,
            e.base.pos
          )
          return null
        }
        if (p.to.kind === 'struct' && !p.to.layout.complete) {
          this.sink.error(
            `\`${typeName(p.to)}\` is incomplete: its size is unknown, so it cannot be indexed.`,
            e.pos
          )
          return null
        }
        return p.to
      }
      case 'member':
        return this.member(e)
      case 'cast': {
        const t = this.expr(e.operand)
        if (!t) return null
        const from = decay(t)
        const to = e.type
        if (to.kind === 'void') return to
        if (to.kind === 'struct' || to.kind === 'array') {
          this.sink.error(
            `A cast to \`${typeName(to)}\` is not allowed: casts convert to a number or a pointer type.`,
            e.pos
          )
          return null
        }
        if (!isScalar(from)) {
          this.sink.error(`\`${typeName(t)}\` cannot be cast to \`${typeName(to)}\`.`, e.pos)
          return null
        }
        if (to.kind === 'pointer' && from.kind === 'double') {
          this.sink.error('A `double` cannot be cast to a pointer.', e.pos)
          return null
        }
        if (to.kind === 'double' && from.kind === 'pointer') {
          this.sink.error('A pointer cannot be cast to `double`.', e.pos)
          return null
        }
        return to
      }
      case 'sizeof': {
        const t = e.type ?? (e.operand ? this.expr(e.operand) : null)
        if (!t) return null
        if (t.kind === 'function') {
          this.sink.error('`sizeof` cannot be applied to a function.', e.pos)
          return null
        }
        if (t.kind === 'struct' && !t.layout.complete) {
          this.sink.error(
            `\`${typeName(t)}\` is incomplete: its members are not known, so it has no size.`,
            e.pos
          )
          return null
        }
        return SIZE_T
      }
      case 'comma': {
        this.expr(e.left)
        return this.expr(e.right)
      }
    }
  }

  private identifier(e: Expr & { k: 'ident' }): CType | null {
    let s = this.scope.lookup(e.name)
    if (!s && e.name === 'assert') {
      this.sink.error('`assert` must be called like a function: `assert(condition);`.', e.pos)
      return null
    }
    if (!s && BUILTINS[e.name]) {
      // The library functions are declared by their headers; accept them without the header.
      s = {
        kind: 'function',
        name: e.name,
        type: BUILTINS[e.name],
        id: this.nextId++,
        builtin: e.name
      }
      this.globalScope.names.set(e.name, s)
    }
    if (!s) {
      const hint = UNSUPPORTED_LIBRARY[e.name]
      if (hint) this.sink.error(`\`${e.name}\` is not available in this C subset: ${hint}.`, e.pos)
      else {
        const near = this.closestName(e.name)
        this.sink.error(
          `\`${e.name}\` is not declared${near ? `; did you mean \`${near}\`?` : '. Declare it before using it.'}`,
          e.pos
        )
      }
      return null
    }
    e.symbol = s
    switch (s.kind) {
      case 'local':
      case 'global':
        return s.type
      case 'function':
        return s.type
      case 'enum':
        return INT
    }
  }

  private closestName(name: string): string | null {
    let best: string | null = null
    let bestDistance = 3
    for (let s: Scope | null = this.scope; s; s = s.parent) {
      for (const candidate of s.names.keys()) {
        const d = editDistance(name, candidate)
        if (d < bestDistance) {
          best = candidate
          bestDistance = d
        }
      }
    }
    return best
  }

  private unary(e: Expr & { k: 'unary' }): CType | null {
    const t = this.expr(e.operand)
    if (!t) return null
    const d = decay(t)
    const what = this.text(e.operand)
    switch (e.op) {
      case '-':
      case '+':
        if (!isArithmetic(d)) {
          this.sink.error(
            `Unary \`${e.op}\` needs a number, but \`${what}\` is ${aType(t)}.`,
            e.pos
          )
          return null
        }
        return promote(d)
      case '~':
        if (d.kind !== 'int') {
          this.sink.error(
            `\`~\` flips the bits of an integer, but \`${what}\` is ${aType(t)}.`,
            e.pos
          )
          return null
        }
        return promote(d)
      case '!':
        if (!isScalar(d)) {
          this.sink.error(
            `\`!\` needs a number or a pointer, but \`${what}\` is ${aType(t)}.`,
            e.pos
          )
          return null
        }
        return INT
      case '*':
        if (d.kind !== 'pointer') {
          this.sink.error(
            `\`${what}\` is ${aType(t)}, not a pointer, so \`*${what}\` cannot follow it to memory.`,
            e.pos
          )
          return null
        }
        if (d.to.kind === 'void') {
          this.sink.error(
            `\`${what}\` is ${aType(t)}: it points to bytes of no known type, so it cannot be dereferenced; cast it to a typed pointer first.`,
            e.pos
          )
          return null
        }
        return d.to
      case '&':
        if (e.operand.k === 'ident' && e.operand.symbol) this.addressTaken.add(e.operand.symbol)
        if (e.operand.k === 'ident' && e.operand.symbol?.kind === 'function') {
          if (e.operand.symbol.builtin) {
            this.sink.error(
              `Taking the address of the library function \`${e.operand.name}\` is not supported.`,
              e.pos
            )
            return null
          }
          return pointerTo(t)
        }
        if (!this.isLvalue(e.operand)) {
          this.sink.error(
            `\`${what}\` is a value, not a variable or a place in memory, so it has no address.`,
            e.pos
          )
          return null
        }
        return pointerTo(t)
      default: {
        if (!this.modifiable(e.operand, e.op.includes('++') ? 'incremented' : 'decremented'))
          return null
        if (!isScalar(d)) {
          this.sink.error(
            `\`${e.op.replace(/pre|post/, '')}\` needs a number or a pointer, but \`${what}\` is ${aType(t)}.`,
            e.pos
          )
          return null
        }
        if (d.kind === 'pointer' && d.to.kind === 'struct' && !d.to.layout.complete) {
          this.sink.error(
            `\`${typeName(d.to)}\` is incomplete, so a pointer to it cannot be moved.`,
            e.pos
          )
          return null
        }
        return t
      }
    }
  }

  private binary(e: Expr & { k: 'binary' }): CType | null {
    const l = this.expr(e.left)
    const r = this.expr(e.right)
    if (!l || !r) return null
    const a = decay(l)
    const b = decay(r)
    const describe = (): string =>
      `\`${this.text(e.left)}\` is ${aType(l)} and \`${this.text(e.right)}\` is ${aType(r)}`
    switch (e.op) {
      case '&&':
      case '||':
        if (!isScalar(a) || !isScalar(b)) {
          this.sink.error(`\`${e.op}\` needs numbers or pointers: ${describe()}.`, e.pos)
          return null
        }
        return INT
      case '+':
        if (isArithmetic(a) && isArithmetic(b)) return usualArithmetic(a, b)
        if (a.kind === 'pointer' && b.kind === 'int') return this.pointerStep(a, e)
        if (a.kind === 'int' && b.kind === 'pointer') return this.pointerStep(b, e)
        this.sink.error(
          `\`+\` cannot add these: ${describe()}${a.kind === 'pointer' && b.kind === 'pointer' ? ' (two pointers cannot be added; subtracting them gives their distance)' : ''}.`,
          e.pos
        )
        return null
      case '-':
        if (isArithmetic(a) && isArithmetic(b)) return usualArithmetic(a, b)
        if (a.kind === 'pointer' && b.kind === 'int') return this.pointerStep(a, e)
        if (a.kind === 'pointer' && b.kind === 'pointer') {
          if (!sameType(a.to, b.to)) {
            this.sink.error(
              `Only pointers to the same type can be subtracted: ${describe()}.`,
              e.pos
            )
            return null
          }
          return { ...integer64Signed() }
        }
        this.sink.error(`\`-\` cannot subtract these: ${describe()}.`, e.pos)
        return null
      case '*':
      case '/':
        if (isArithmetic(a) && isArithmetic(b)) return usualArithmetic(a, b)
        this.sink.error(`\`${e.op}\` needs numbers: ${describe()}.`, e.pos)
        return null
      case '%':
      case '&':
      case '|':
      case '^':
        if (a.kind === 'int' && b.kind === 'int') return usualArithmetic(a, b)
        this.sink.error(`\`${e.op}\` needs integers: ${describe()}.`, e.pos)
        return null
      case '<<':
      case '>>':
        if (a.kind === 'int' && b.kind === 'int') return promote(a)
        this.sink.error(`\`${e.op}\` shifts an integer: ${describe()}.`, e.pos)
        return null
      default: {
        // Comparisons.
        if (isArithmetic(a) && isArithmetic(b)) return INT
        if (a.kind === 'pointer' && b.kind === 'pointer') {
          if (!sameType(a.to, b.to) && a.to.kind !== 'void' && b.to.kind !== 'void') {
            this.sink.warning(`Comparing pointers to different types: ${describe()}.`, e.pos)
          }
          return INT
        }
        if (
          (a.kind === 'pointer' && isNullConstant(e.right)) ||
          (b.kind === 'pointer' && isNullConstant(e.left))
        )
          return INT
        if (
          (a.kind === 'pointer' && b.kind === 'int') ||
          (a.kind === 'int' && b.kind === 'pointer')
        ) {
          this.sink.warning(`Comparing a pointer with an integer: ${describe()}.`, e.pos)
          return INT
        }
        this.sink.error(`\`${e.op}\` cannot compare these: ${describe()}.`, e.pos)
        return null
      }
    }
  }

  private pointerStep(p: CType & { kind: 'pointer' }, e: Expr): CType | null {
    if (p.to.kind === 'struct' && !p.to.layout.complete) {
      this.sink.error(
        `\`${typeName(p.to)}\` is incomplete: its size is unknown, so pointer arithmetic on it is impossible.`,
        e.pos
      )
      return null
    }
    if (p.to.kind === 'function') {
      this.sink.error('Arithmetic on a function pointer is not allowed.', e.pos)
      return null
    }
    return p
  }

  private member(e: Expr & { k: 'member' }): CType | null {
    const t = this.expr(e.object)
    if (!t) return null
    const what = this.text(e.object)
    let st: StructType
    if (e.arrow) {
      const d = decay(t)
      if (d.kind !== 'pointer' || d.to.kind !== 'struct') {
        const hint =
          t.kind === 'struct' ? ` (it is a struct itself: write \`${what}.${e.name}\`)` : ''
        this.sink.error(
          `\`${what}\` is ${aType(t)}, so \`${what}->${e.name}\` needs a struct pointer${hint}.`,
          e.pos
        )
        return null
      }
      st = d.to
    } else {
      if (t.kind !== 'struct') {
        const d = decay(t)
        const hint =
          d.kind === 'pointer' && d.to.kind === 'struct'
            ? ` It is a pointer to a struct: write \`${what}->${e.name}\`.`
            : ''
        this.sink.error(
          `\`${what}\` is ${aType(t)}, not a struct, so it has no member \`${e.name}\`.${hint}`,
          e.pos
        )
        return null
      }
      st = t
    }
    if (!st.layout.complete) {
      this.sink.error(
        `\`${typeName(st)}\` is incomplete: its members are not defined at this point.`,
        e.pos
      )
      return null
    }
    const field = st.layout.fields.find((f) => f.name === e.name)
    if (!field) {
      const names = st.layout.fields.map((f) => `\`${f.name}\``).join(', ')
      this.sink.error(
        `\`${typeName(st)}\` has no member named \`${e.name}\` (its members are ${names || 'none'}).`,
        e.pos
      )
      return null
    }
    e.offset = field.offset
    // A member of a const struct is const.
    if (st.const && !field.type.const) return { ...field.type, const: true } as CType
    return field.type
  }

  private call(e: Expr & { k: 'call' }): CType | null {
    if (e.callee.k === 'ident' && e.callee.name === 'assert' && !this.scope.lookup('assert')) {
      if (e.args.length !== 1) {
        this.sink.error('`assert` takes exactly one condition.', e.pos)
        return null
      }
      const t = this.expr(e.args[0])
      if (t && !isScalar(decay(t)))
        this.sink.error('`assert` needs a condition (a number or a pointer).', e.args[0].pos)
      e.callee = {
        k: 'ident',
        name: '__assert',
        pos: e.callee.pos,
        symbol: {
          kind: 'function',
          name: '__assert',
          type: BUILTINS.__assert,
          id: 0,
          builtin: '__assert'
        }
      }
      e.callee.ty = BUILTINS.__assert
      return BUILTINS.__assert.returns
    }
    const ct = this.expr(e.callee)
    const argTypes = e.args.map((a) => this.expr(a))
    if (!ct) return null
    let ft: FunctionType
    if (ct.kind === 'function') ft = ct
    else if (ct.kind === 'pointer' && ct.to.kind === 'function') ft = ct.to
    else {
      this.sink.error(
        `\`${this.text(e.callee)}\` is ${aType(ct)}, not a function, so it cannot be called.`,
        e.callee.pos
      )
      return null
    }
    const name = e.callee.k === 'ident' ? e.callee.name : 'the function'
    if (
      e.callee.k === 'ident' &&
      e.callee.symbol?.kind === 'function' &&
      !e.callee.symbol.builtin
    ) {
      if (!this.called.has(e.callee.name)) this.called.set(e.callee.name, e.callee.pos)
    }
    if (!ft.unprototyped) {
      const n = ft.params.length
      if (e.args.length < n || (e.args.length > n && !ft.variadic)) {
        this.sink.error(
          `\`${name}\` takes ${n} argument${n === 1 ? '' : 's'}${ft.variadic ? ' or more' : ''}, but ${e.args.length} ${e.args.length === 1 ? 'is' : 'are'} given.`,
          e.pos
        )
        return ft.returns
      }
      ft.params.forEach((p, i) => {
        const at = argTypes[i]
        if (at) this.assignable(p, e.args[i], at, 'pass')
      })
    }
    e.args.forEach((a, i) => {
      const at = argTypes[i]
      if (at && (ft.unprototyped || i >= ft.params.length) && at.kind === 'struct') {
        this.sink.error(
          'Passing a struct to a variable-argument function such as printf is not supported.',
          a.pos
        )
      }
    })
    if (ft.returns.kind === 'struct') {
      if (!ft.returns.layout.complete) {
        this.sink.error(
          `\`${typeName(ft.returns)}\` is incomplete, so it cannot be returned.`,
          e.pos
        )
        return null
      }
      if (this.current) e.temp = this.allocateLocal(ft.returns)
    }
    return ft.returns
  }
}

/** "a `char *`" or "an `int *`", as the article before the type's name is pronounced. */
function aType(t: CType): string {
  const name = typeName(t)
  return `${/^(int|unsigned|enum|long|uint|int\d)/.test(name) ? 'an' : 'a'} \`${name}\``
}

function integer64Signed(): CType {
  return { kind: 'int', name: 'long', size: 8, signed: true, alias: 'ptrdiff_t' }
}
