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
import { forEachStatement, sizeofValue } from './ast'
import { calleeSavedUse } from './callee-saved'
import {
  eightbyteClasses,
  hasBlockMode,
  parameterSpillAlign,
  parameterSpillSize,
  placeExpansionTemporaries,
  returnedInMemory,
  type ExpansionTemporary
} from './frame'
import { BUILTINS, NORETURN, UNSUPPORTED_LIBRARY, unsupportedLibraryName } from './builtins'
import { STANDARD_FUNCTION_HEADERS, STANDARD_FUNCTION_HINTS } from './standard-library'
import { DIAGNOSTIC_MESSAGES, DiagnosticSink, reason, type DiagnosticReason } from './diagnostics'
import { editDistance, foldArithmetic } from './parser'
import { formatDirectives } from './printf'
import { scanDirectives, type ScanDirective } from './scanf'
import { overflowWarning, startOf } from './conversion-warnings'
import { heapObjectWarnings, useAfterFreeWarnings } from './memory-warnings'
import { uninitializedWarnings } from './uninitialized-warnings'
import { mentionedLocals, ssaSlotOrder } from './ssa-order'
import { constantFoldingWarnings, foldConstant } from './constant-folding'
import {
  implicitDeclaration,
  type ImplicitDeclaration,
  type IncludedHeaders
} from './implicit-declarations'
import {
  bracedString,
  fullyBraced,
  isAggregate,
  isStringFor,
  type ElisionContext
} from './initializer'
import {
  CHAR,
  DOUBLE,
  FLOAT,
  INT,
  UINT,
  SIZE_T,
  alignUp,
  arrayOf,
  decay,
  isArithmetic,
  isInteger,
  isScalar,
  pointerTo,
  promote,
  defaultPromotion,
  sameType,
  sizeOf,
  typeName,
  usualArithmetic,
  variableAlign,
  type CType,
  type IntegerType,
  type FunctionType,
  type StructType,
  findMember,
  memberNames
} from './types'

/**
 * A function of the C library proper (`memcpy`, `printf`), which gcc also knows as
 * `__builtin_memcpy`: not gcc's own built-ins, the subset's internal helpers or GC_malloc.
 */
function isLibraryFunction(name: string): boolean {
  return !name.startsWith('__') && !name.startsWith('GC_')
}

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
  /**
   * Callee-saved registers gcc -O0 pushes right after %rbp, in push order (`['r12', 'rbx']`):
   * the first at %rbp-8, the next at %rbp-16. Part of `frameSize`.
   */
  savedRegisters?: string[]
  /** It declares a variable-length array (`int a[n]`), which moves %rsp as the function runs. */
  variableLength?: boolean
  /** Bytes of integer temporaries spilled below the parameters when five registers are not enough. */
  spilledTemporaryBytes?: number
  /**
   * The stack slot of a function returning a 3, 5-7 or 9-15-byte struct in registers: gcc
   * -O0 copies each `return`'s value there and loads %rax:%rdx from it.
   */
  returnSlot?: LocalSlot
  /** Temporaries gcc makes while expanding statements, placed after the parameters (frame.ts). */
  expansionTemporaries?: ExpansionTemporary[]
}

/**
 * A call returning a struct, and what its value is used for: that decides where gcc -O0 puts
 * the value (`placeStructResults`).
 */
interface StructCall {
  call: Expr & { k: 'call' }
  type: CType
  use: 'operand' | 'argument' | 'member' | 'init' | 'assign' | 'statement' | 'return'
  /** The variable a declaration initializes with the call. */
  symbol?: Symbol & { kind: 'local' }
  /** The left side of `x = f()`. */
  target?: Expr
  /** The statement it is in: an expansion temporary is free again after it. */
  statement: number
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
  /**
   * Locals whose address the program takes (`&x`, `&s.m`, `&a[i]`): gcc keeps every other local
   * scalar in a pseudo register (a gimple register), which changes when it is read
   * (codegen.ts, evaluation order).
   */
  addressTaken?: ReadonlySet<Symbol>
}

class Scope {
  readonly names = new Map<string, Symbol>()
  /** Blocks nested in this one, in source order (gcc lays out their locals in this order). */
  readonly children: Scope[] = []
  constructor(readonly parent: Scope | null) {
    parent?.children.push(this)
  }
  /** Whether this block is `other` or inside it: their locals are alive at the same time. */
  within(other: Scope): boolean {
    return this === other || (this.parent !== null && this.parent.within(other))
  }
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

/** The System V register save area of a variadic function: 6 × 8 + 8 × 16 bytes. */
const VARARGS_SAVE_AREA = 176

/** gcc's param_min_size_for_stack_sharing: inner-block variables this big are deferred and may share a slot. */
const MIN_SIZE_FOR_STACK_SHARING = 32

/** Checks a parsed translation unit. Problems are reported to `sink`. */
export function check(
  unit: TranslationUnit,
  sink: DiagnosticSink,
  source: string,
  included?: IncludedHeaders
): CheckedProgram | null {
  return new Checker(sink, source, included).run(unit)
}

/**
 * A format literal's bytes as a string, one character per byte, as printf and scanf read them (a
 * loop: spreading a very long literal would overflow the stack).
 */
function formatText(format: Expr & { k: 'string' }): string {
  let text = ''
  for (const byte of format.bytes) text += String.fromCharCode(byte)
  return text
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
  /**
   * Whether gcc -O0 saves %rbx in the function being checked: it copies a struct of 33 to 256
   * bytes eightbyte pairs at a time through %rcx and %rbx (callee-saved, so pushed after %rbp)
   * whenever one end of the copy is not at a fixed offset from %rbp or %rip: an argument copied
   * to the outgoing stack area, a struct returned through the hidden result pointer, and a copy
   * from or to `*p`, `p->m` or `a[i]` with a variable `i`. Larger copies use `rep movsq`.
   */
  private savesRbx = false
  /** Calls returning a struct in the function being checked, in the order gcc gimplifies them. */
  private structCalls: StructCall[] = []
  private readonly structCallOf = new Map<Expr, StructCall>()
  /** Statements checked so far in the function (see `StructCall.statement`). */
  private statementCount = 0
  /** The gimplifier's temporaries: stack slots of no block, placed before the block's locals. */
  private gimpleTemporaries: Array<{ slot: LocalSlot; type: CType }> = []
  /** Each `return value;`: how many struct calls came before it, and its statement. */
  private returnValues: Array<{ calls: number; statement: number }> = []
  private loopDepth = 0
  private switchDepth = 0
  private readonly defined = new Set<string>()
  /** Functions first called before any declaration, declared `int name()` there. */
  private readonly implicitlyDeclared = new Set<string>()
  private readonly called = new Map<string, Position>()
  /** `extern` declarations in a block naming a global not yet declared, by name. */
  private readonly blockExterns = new Map<string, Position>()
  /** Globals the file has so far only declared `extern` (not defined, even tentatively). */
  private readonly onlyExternSoFar = new Set<Symbol>()
  /** Every function the file defines, by name: a call above a definition can say so. */
  private readonly definedFunctions = new Map<string, FunctionDef>()
  /** `function\0name` of each undeclared name already reported. */
  private readonly reportedMissing = new Set<string>()
  private readonly lines: string[]

  constructor(
    private readonly sink: DiagnosticSink,
    private readonly source: string,
    /** The headers the file includes; without it every library function counts as declared. */
    private readonly included?: IncludedHeaders
  ) {
    this.lines = source.split('\n')
  }

  run(unit: TranslationUnit): CheckedProgram | null {
    for (const item of unit.items) {
      if (item.k === 'function') this.definedFunctions.set(item.def.name, item.def)
    }
    for (const item of unit.items) {
      if (item.k === 'decl') {
        for (const d of item.decls) this.globalDeclaration(d)
      } else {
        this.functionDefinition(item.def)
      }
    }
    for (const [name, pos] of this.called) {
      if (!this.defined.has(name)) {
        this.sink.error(reason('checker.neverDefined', { name }), pos)
      }
    }
    const definedInFile = new Set(
      unit.items.flatMap((item) =>
        item.k === 'decl' ? item.decls.filter((d) => d.storage !== 'extern').map((d) => d.name) : []
      )
    )
    for (const [name, pos] of this.blockExterns) {
      if (!definedInFile.has(name)) this.sink.error(reason('checker.externMissing', { name }), pos)
    }
    const main = this.functions.findIndex((f) => f.name === 'main')
    if (main < 0) {
      if (this.sink.errorCount === 0) {
        this.sink.error(reason('checker.noMain'), { line: 1, column: 1, endColumn: 2 })
      }
      return null
    }
    const m = this.functions[main]
    if (m.type.returns.kind !== 'int')
      this.sink.warning(reason('checker.mainReturnsInt'), m.def.pos)
    if (!mainParametersSupported(m.params))
      this.sink.error(reason('checker.mainParameters'), m.def.pos)
    return {
      functions: this.functions,
      main,
      globals: this.globals,
      literals: this.literals,
      source: this.source,
      addressTaken: this.addressTaken
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
            reason('checker.redeclaredType', {
              name: d.name,
              type: typeName(d.type),
              before: typeName(existing.type)
            }),
            d.pos
          )
        return
      }
      if (existing) {
        this.sink.error(reason('checker.alreadyVariable', { name: d.name }), d.pos)
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
        const g = this.globals.find((x) => x.symbol === existing)
        if (g && (d.storage !== 'extern' || d.init) && this.onlyExternSoFar.delete(existing)) {
          // gcc lays a global out where the file defines it (or first tentatively defines it,
          // `int later;`), not where an `extern int later;` above named it: its place among
          // the other globals of its section is this declaration's.
          this.globals.splice(this.globals.indexOf(g), 1)
          this.globals.push(g)
          g.decl = { ...d, symbol: existing }
        }
        if (d.init) {
          const init = this.checkInitializer(d.init, existing.type, true)
          existing.init = init
          const g = this.globals.find((x) => x.symbol === existing)
          if (g) g.decl = { ...g.decl, init }
        }
        return
      }
      this.sink.error(reason('checker.alreadyInFile', { name: d.name }), d.pos)
      return
    }
    this.inferLength(d)
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
    if (d.init) symbol.init = d.init = this.checkInitializer(d.init, d.type, true)
    else if (d.storage === 'extern') this.onlyExternSoFar.add(symbol)
    this.globals.push({ symbol, decl: d, displayName: d.name })
  }

  /**
   * `struct point ps[] = {p, q}`: the parser counted the elements before it knew that `p` and
   * `q` are whole structs; count again now that expression types are known.
   */
  private inferLength(d: VarDecl): void {
    if (!d.inferredLength || d.init?.k !== 'list' || d.type.kind !== 'array') return
    if (bracedString(d.init, d.type)) return
    const open = { ...d.type, length: null }
    const { length } = fullyBraced(d.init, open, { ...this.elision, error: () => {} })
    if (length !== d.type.length) d.type = { ...d.type, length }
  }

  private completeCheck(t: CType, pos: Position, name: string): boolean {
    if (t.kind === 'struct' && !t.layout.complete) {
      this.sink.error(reason('checker.incompleteVariable', { name, type: typeName(t) }), pos)
      return false
    }
    if (t.kind === 'array' && t.of.kind === 'struct' && !t.of.layout.complete)
      return this.completeCheck(t.of, pos, name)
    if (t.kind === 'void') {
      this.sink.error(reason('checker.voidVariable', { name }), pos)
      return false
    }
    if (t.kind === 'array' && t.length === null) {
      this.sink.error(reason('checker.arrayNeedsLength', { name }), pos)
      return false
    }
    return true
  }

  private functionDefinition(def: FunctionDef): void {
    const existing = this.globalScope.names.get(def.name)
    let symbol: Symbol & { kind: 'function' }
    if (existing) {
      if (existing.kind !== 'function') {
        this.sink.error(reason('checker.alreadyVariable', { name: def.name }), def.pos)
        return
      }
      if (this.defined.has(def.name)) {
        this.sink.error(reason('checker.definedTwice', { name: def.name }), def.pos)
        return
      }
      // A function declared implicitly as `int name()` may be defined `void`: gcc 12 warns
      // (conflicting types) and compiles it, as the implicit declaration's warning says.
      const implicitVoid = this.implicitlyDeclared.has(def.name) && def.type.returns.kind === 'void'
      if (!sameType(existing.type, def.type) && !implicitVoid) {
        this.sink.error(
          reason('checker.definitionType', { name: def.name, type: typeName(existing.type) }),
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
      this.sink.warning(reason('checker.replacesLibrary', { name: def.name }), def.pos)
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
    this.savesRbx = false
    this.structCalls = []
    this.structCallOf.clear()
    this.statementCount = 0
    this.gimpleTemporaries = []
    this.returnValues = []
    this.scope = new Scope(this.globalScope)
    const functionScope = this.scope
    if (def.type.returns.kind === 'struct' && !def.type.returns.layout.complete)
      this.completeCheck(def.type.returns, def.pos, def.name)
    // Parameters are declared now (so the body sees them) but placed after the locals, as gcc does.
    const paramSymbols: Array<Symbol & { kind: 'local' }> = []
    for (const p of def.params) {
      if (!p.name) continue
      if (this.scope.names.has(p.name))
        this.sink.error(reason('checker.parameterTwice', { name: p.name }), p.pos)
      const s: Symbol & { kind: 'local' } = {
        kind: 'local',
        name: p.name,
        type: p.type,
        slot: { offset: 0, size: sizeOf(p.type) },
        parameter: true,
        pos: p.pos,
        id: this.nextId++,
        ...(p.register && { register: true })
      }
      p.symbol = s
      this.scope.names.set(p.name, s)
      paramSymbols.push(s)
      if (p.type.kind === 'struct') this.completeCheck(p.type, p.pos, p.name)
    }
    info.params = paramSymbols
    this.blockItems(def.body.items)
    const jumps = this.checkLabels(def.body)
    for (const w of useAfterFreeWarnings(def.body)) this.sink.warning(w.reason, w.position)
    for (const w of heapObjectWarnings(def.body)) this.sink.warning(w.reason, w.position)
    // Its reads and stores are taken in the order written, which a goto can change. gcc warns
    // only about a program without errors (its middle end never runs otherwise), and a
    // declaration whose refused initializer was skipped would read as uninitialized.
    if (!jumps && this.sink.errorCount === 0)
      for (const w of uninitializedWarnings(def.body)) this.sink.warning(w.reason, w.position)
    for (const w of constantFoldingWarnings(def.body)) this.sink.warning(w.reason, w.position)
    if (def.type.returns.kind !== 'void' && def.name !== 'main' && completes(def.body)) {
      // gcc -Wall's -Wreturn-type, at the closing brace. (main falls off with 0, C99 5.1.2.2.3.)
      this.sink.warning(
        reason('checker.missingReturn', { name: def.name, type: typeName(def.type.returns) }),
        def.end
      )
    }
    const expansionTemporaries = this.placeStructResults(info)
    // Callee-saved registers are pushed right after %rbp; the locals start below them, at a
    // multiple of 16 (one register: 16 bytes lower, 8 of them padding).
    const saved = calleeSavedUse(def)
    if (this.savesRbx && !saved.registers.includes('rbx')) saved.registers.push('rbx')
    info.savedRegisters = saved.registers
    this.frameCursor = alignUp(8 * saved.registers.length, 16)
    // A variadic function's prologue stores the six integer and eight vector argument
    // registers in a 176-byte register save area (for va_arg) right below them.
    if (def.type.variadic) this.frameCursor += VARARGS_SAVE_AREA
    this.placeLocals(functionScope, def.body)
    this.placeParameters(def.params, paramSymbols)
    if (expansionTemporaries.length > 0) info.expansionTemporaries = expansionTemporaries
    this.frameCursor = placeExpansionTemporaries(this.frameCursor, expansionTemporaries)
    // Temporaries beyond the five registers are spilled below everything else.
    this.frameCursor += saved.spillBytes
    if (saved.spillBytes) info.spilledTemporaryBytes = saved.spillBytes
    info.frameSize = alignUp(this.frameCursor, 16)
    this.scope = this.globalScope
    this.current = null
  }

  /**
   * A function's labels are its own (C11 6.2.1p3): each defined once, each `goto` to one of
   * them. True when the function has a `goto`.
   */
  private checkLabels(body: Stmt): boolean {
    const labels = new Set<string>()
    const gotos: Array<Stmt & { k: 'goto' }> = []
    forEachStatement(body, (s) => {
      if (s.k === 'goto') gotos.push(s)
      if (s.k !== 'labeled') return
      if (labels.has(s.label))
        this.sink.error(reason('checker.labelDuplicate', { name: s.label }), s.pos)
      labels.add(s.label)
    })
    for (const g of gotos)
      if (!labels.has(g.label))
        this.sink.error(reason('checker.labelUndefined', { name: g.label }), g.pos)
    return gotos.length > 0
  }

  /** Marks what a call returning a struct is used for, if `e` is one and nothing said so yet. */
  private useOfStructCall(e: Expr, use: StructCall['use']): StructCall | undefined {
    const call = this.structCallOf.get(e)
    if (call === undefined || call.use !== 'operand') return undefined
    call.use = use
    return call
  }

  /**
   * Decides where each call returning a struct puts its value, as gcc 12 -O0 does, and makes
   * the temporaries that needs. Returns the expansion temporaries, placed after the parameters.
   *
   * Through memory (more than 16 bytes; the caller passes the place in %rdi):
   * - `struct s r = f();` — `r` itself, and so does `r = f();` for a local whose address is never
   *   taken and no earlier call was given (gimplify_modify_expr_rhs: CALL_EXPR_RETURN_SLOT_OPT;
   *   the first use marks it addressable);
   * - `return f();` — the function's own hidden result pointer;
   * - an operand (`f().a`, an argument) — a gimplifier temporary, laid out before the blocks'
   *   locals;
   * - anything else (`g = f()` of a global, `*p = f()`, `f();`) — a temporary made when the
   *   statement is expanded (assign_temp), after the parameters, reused by later statements.
   * In registers (16 bytes or less), the caller stores %rax:%rdx straight into the destination;
   * a 3-, 5-7- or 9-15-byte struct (no mode of its own) used as an operand gets a gimplifier
   * temporary, and a function returning one keeps its return value in a slot of its own (plus,
   * for 9-15 bytes, a 16-byte expansion temporary). What gcc keeps only in registers the
   * interpreter keeps just below %rsp, where no frame counts it.
   */
  private placeStructResults(info: FunctionInfo): ExpansionTemporary[] {
    const expansion: ExpansionTemporary[] = []
    const gimple = (type: CType): LocalSlot => {
      const slot: LocalSlot = { offset: 0, size: sizeOf(type) }
      this.gimpleTemporaries.push({ slot, type })
      return slot
    }
    const expand = (size: number, statement: number): LocalSlot => {
      const slot: LocalSlot = { offset: 0, size }
      expansion.push({ slot, statement })
      return slot
    }
    const returns = info.type.returns
    const returnsBlock =
      returns.kind === 'struct' && !returnedInMemory(returns) && hasBlockMode(returns)
    const returnSlot = (): LocalSlot => (info.returnSlot ??= gimple(returns))
    let nextReturn = 0
    const returnValuesBefore = (calls: number): void => {
      for (; nextReturn < this.returnValues.length; nextReturn++) {
        const r = this.returnValues[nextReturn]
        if (r.calls > calls) return
        if (!returnsBlock) continue
        returnSlot()
        // Loading 9-15 bytes into %rax:%rdx takes a 16-byte temporary.
        if (sizeOf(returns) > 8) expand(16, r.statement)
      }
    }
    // Variables a call's result went into: gcc marks them addressable.
    const given = new Set<Symbol>()
    for (const [i, c] of this.structCalls.entries()) {
      returnValuesBefore(i)
      const memory = returnedInMemory(c.type)
      const call = c.call
      switch (c.use) {
        case 'init':
          call.resultInto = c.symbol
          if (c.symbol) given.add(c.symbol)
          break
        case 'assign': {
          const v =
            c.target?.k === 'ident' && c.target.symbol?.kind === 'local' ? c.target.symbol : null
          if (v !== null && (!memory || (!this.addressTaken.has(v) && !given.has(v)))) {
            call.resultInto = v
            given.add(v)
          } else if (memory) call.temp = expand(sizeOf(c.type), c.statement)
          else call.resultBelowStack = true
          break
        }
        case 'statement':
          if (memory) call.temp = expand(sizeOf(c.type), c.statement)
          else call.resultBelowStack = true
          break
        case 'return':
          if (memory) call.resultThroughPointer = true
          else if (returnsBlock) call.temp = returnSlot()
          else call.resultBelowStack = true
          break
        case 'member': {
          // A member that is itself an aggregate (an array to index) needs the struct in memory.
          const member = c.target?.ty
          const scalar = member !== undefined && member.kind !== 'array' && member.kind !== 'struct'
          if (memory || hasBlockMode(c.type) || !scalar) call.temp = gimple(c.type)
          else call.resultBelowStack = true
          break
        }
        default:
          call.temp = gimple(c.type)
      }
    }
    returnValuesBefore(Number.MAX_SAFE_INTEGER)
    return expansion
  }

  /** gcc -O0: after the locals (rounded down to 16), each parameter at its alignment, small ones filling holes. */
  private placeParameters(params: Param[], symbols: Array<Symbol & { kind: 'local' }>): void {
    let cursor = alignUp(this.frameCursor, 16)
    const holes: Array<{ low: number; high: number }> = []
    for (const s of symbols) {
      // A char or short parameter is spilled from a 32-bit register into a 4-byte slot.
      const size = parameterSpillSize(s.type)
      const align = parameterSpillAlign(s.type)
      let placed = false
      for (const h of holes) {
        // Offsets are distances below %rbp; a hole spans (low, high] in distance. gcc puts the
        // parameter at the hole's upper end, nearest %rbp (try_fit_stack_local).
        const at = alignUp(h.low + size, align)
        if (at <= h.high) {
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
    this.pendingLocals.push({ slot, type, symbol, scope: this.scope })
    return slot
  }

  private pendingLocals: Array<{
    slot: LocalSlot
    type: CType
    symbol?: Symbol & { kind: 'local' }
    scope: Scope
  }> = []
  /** Locals whose address the program takes (`&x`). */
  private readonly addressTaken = new Set<Symbol>()

  /**
   * gcc -O0 (cfgexpand.cc) gives scalars whose address is never taken their slots first, in
   * the order of their SSA partitions (ssa-order.ts: those with a PHI node first, the others
   * by first mention in a walk of the dominator tree). Then the function's outermost block, its variables in declaration
   * order; then the inner blocks, each block's own variables before those of the blocks
   * inside it: those under 32 bytes at once, the bigger ones deferred. The deferred ones are
   * sorted by size (largest first; equal sizes, the later declared first) and those of blocks
   * never alive together share one slot, the size of the largest (`partition_stack_vars`).
   * Each slot at its alignment below the previous one.
   */
  private placeLocals(outermost: Scope, body: Stmt): void {
    type Pending = (typeof this.pendingLocals)[number]
    const early = (p: Pending): boolean =>
      p.symbol !== undefined &&
      (p.type.kind === 'int' || p.type.kind === 'double' || p.type.kind === 'pointer') &&
      !this.addressTaken.has(p.symbol)
    const byScope = new Map<Scope, Pending[]>()
    for (const p of this.pendingLocals) {
      if (early(p)) continue
      const list = byScope.get(p.scope) ?? []
      list.push(p)
      byScope.set(p.scope, list)
    }
    const immediate: Pending[] = []
    const deferred: Pending[] = []
    const visit = (scope: Scope, top: boolean): void => {
      for (const p of byScope.get(scope) ?? [])
        (top || p.slot.size < MIN_SIZE_FOR_STACK_SHARING ? immediate : deferred).push(p)
      for (const child of scope.children) visit(child, false)
    }
    visit(outermost, true)
    const place = (size: number, align: number, slots: LocalSlot[]): void => {
      const at = alignUp(this.frameCursor + size, align)
      this.frameCursor = at
      for (const slot of slots) slot.offset = -at
    }
    // In the order of their SSA partitions (ssa-order.ts), not as declared; one the code never
    // names gets no slot, as in gcc, and is left out of the function's locals (the views).
    const scalars = new Map(
      this.pendingLocals.filter(early).map((p) => [p.symbol as Symbol & { kind: 'local' }, p])
    )
    const mentioned = mentionedLocals(body)
    const unplaced = new Set<Symbol>()
    for (const symbol of ssaSlotOrder(body, [...scalars.keys()])) {
      const p = scalars.get(symbol)!
      if (mentioned.has(symbol)) place(p.slot.size, variableAlign(p.type), [p.slot])
      else unplaced.add(symbol)
    }
    if (unplaced.size > 0 && this.current)
      this.current.locals = this.current.locals.filter((l) => !unplaced.has(l))
    // A variable-length array's length and address are gimplifier temporaries too, made as
    // its declaration is gimplified: gcc lays them out before the others, in that order.
    for (const slot of this.variableLengthSlots) place(slot.size, 8, [slot])
    this.variableLengthSlots = []
    // The gimplifier's temporaries belong to no block: gcc lays them out next, the last made first.
    for (const t of [...this.gimpleTemporaries].reverse())
      place(t.slot.size, variableAlign(t.type), [t.slot])
    for (const p of immediate) place(p.slot.size, variableAlign(p.type), [p.slot])
    const sorted = deferred
      .map((p, order) => ({ p, order }))
      .sort((a, b) => b.p.slot.size - a.p.slot.size || b.order - a.order)
      .map(({ p }) => p)
    const shared = new Set<Pending>()
    for (const [i, leader] of sorted.entries()) {
      if (shared.has(leader)) continue
      const members = [leader]
      for (const other of sorted.slice(i + 1)) {
        if (shared.has(other)) continue
        if (members.some((m) => m.scope.within(other.scope) || other.scope.within(m.scope)))
          continue
        members.push(other)
        shared.add(other)
      }
      const align = Math.max(...members.map((m) => variableAlign(m.type)))
      place(
        leader.slot.size,
        align,
        members.map((m) => m.slot)
      )
    }
    this.pendingLocals = []
  }

  private localDeclaration(d: VarDecl): void {
    if (d.storage === 'typedef') return
    const info = this.current!
    // A function's outermost block shares its scope with the parameters, as in C. Declaring a
    // function or an `extern` again is allowed; defining an object twice is not.
    const again = d.type.kind === 'function' || d.storage === 'extern'
    if (this.scope.names.has(d.name) && !again) {
      this.sink.error(reason('checker.alreadyInBlock', { name: d.name }), d.pos)
      return
    }
    if (d.type.kind === 'function') {
      this.globalDeclaration(d)
      const g = this.globalScope.names.get(d.name)
      if (g) this.scope.names.set(d.name, g)
      return
    }
    if (d.storage === 'extern') {
      // `int counter = 5; extern int counter;` in one block: the local has no linkage, and
      // C gives one block's name one meaning (gcc: "extern declaration of 'counter' follows
      // declaration with no linkage").
      const before = this.scope.names.get(d.name)
      if (before && (before.kind === 'local' || (before.kind === 'global' && before.isStatic))) {
        this.sink.error(reason('checker.externAfterLocal', { name: d.name }), d.pos)
        return
      }
      let g = this.globalScope.lookup(d.name)
      if (!g) {
        // C lets the definition come further down the file: reserve the global now, and
        // check at the end that the file does define it.
        this.globalDeclaration(d)
        g = this.globalScope.lookup(d.name)
        if (g && !this.blockExterns.has(d.name)) this.blockExterns.set(d.name, d.pos)
      }
      if (g) this.scope.names.set(d.name, g)
      return
    }
    this.inferLength(d)
    // A variable-length array's element type must be complete; its own length comes later.
    const complete = d.variableLength && d.type.kind === 'array' ? d.type.of : d.type
    if (!this.completeCheck(complete, d.pos, d.name)) return
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
      if (d.init) symbol.init = d.init = this.checkInitializer(d.init, d.type, true)
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
      id: this.nextId++,
      ...(d.register && { register: true })
    }
    if (d.variableLength) this.variableLengthArray(d, symbol)
    else symbol.slot = this.allocateLocal(d.type, symbol)
    d.symbol = symbol
    // Initializer sees the new name (int x = sizeof x) — C's scope starts at the declarator.
    this.scope.names.set(d.name, symbol)
    if (d.init) d.init = this.checkInitializer(d.init, d.type, false)
    if (d.init?.k === 'expr') {
      const use = this.useOfStructCall(d.init.expr, 'init')
      if (use) use.symbol = symbol
    }
    if (d.init?.k === 'expr' && copiedThroughRbx(d.type) && !atFixedOffset(d.init.expr))
      this.savesRbx = true
    info.locals.push({ ...symbol, scopeStart: d.pos.line, scopeEnd: Number.MAX_SAFE_INTEGER })
    // Keep the same symbol object identity for the tree and the views.
    info.locals[info.locals.length - 1] = Object.assign(symbol, {
      scopeStart: d.pos.line,
      scopeEnd: Number.MAX_SAFE_INTEGER
    })
  }

  /**
   * `int a[n];`: the length must be an integer; the array gets gcc's two hidden slots (its
   * length less one and its address), and the symbol's own slot is the address's, so that
   * anything reading the symbol's slot reads a pointer, never the frame's saved registers.
   */
  private variableLengthArray(d: VarDecl, symbol: Symbol & { kind: 'local' }): void {
    const length = d.variableLength!
    const t = this.expr(length)
    if (t && t.kind !== 'int')
      this.sink.error(
        reason('checker.lengthNotInteger', { name: d.name, type: typeName(t) }),
        length.pos
      )
    const hidden = (name: string, type: CType): Symbol & { kind: 'local' } => {
      const slot: LocalSlot = { offset: 0, size: 8 }
      this.variableLengthSlots.push(slot)
      return { kind: 'local', name, type, slot, parameter: false, pos: d.pos, id: this.nextId++ }
    }
    symbol.vla = {
      length: hidden(`${d.name}.length`, SIZE_T),
      pointer: hidden(`${d.name}.address`, pointerTo(d.type))
    }
    symbol.slot = symbol.vla.pointer.slot
    this.current!.variableLength = true
  }

  /** Hidden slots of the variable-length arrays, in the order gcc makes them. */
  private variableLengthSlots: LocalSlot[] = []

  /**
   * Checks `init` for an object of type `type` and returns it fully braced: brace elision
   * (`int m[2][2] = {1, 2, 3}`) undone, every item placed by a designator (initializer.ts).
   */
  private checkInitializer(init: Initializer, type: CType, isStatic: boolean): Initializer {
    if (init.k === 'expr') {
      const e = init.expr
      if (type.kind === 'array') {
        if (isStringFor(e, type)) {
          if (type.length !== null && e.bytes.length > type.length) {
            this.sink.error(
              reason('checker.stringTooLong', { characters: e.bytes.length, length: type.length }),
              e.pos
            )
          }
          this.typedOnce(e)
          return init
        }
        const chars = type.of.kind === 'int' && type.of.size === 1
        this.sink.error(
          reason(chars ? 'checker.charArrayNeedsList' : 'checker.arrayNeedsList'),
          e.pos
        )
        return init
      }
      const t = this.typedOnce(e)
      if (t) this.assignable(type, e, t, 'initialize')
      if (isStatic) this.requireConstant(e)
      return init
    }
    if (isAggregate(type)) {
      if (bracedString(init, type)) {
        this.checkInitializer(init.items[0].init, type, isStatic)
        return init
      }
      const full = fullyBraced(init, type, this.elision).init
      this.checkBraced(full, type, isStatic)
      return full
    }
    // `int x = { 5 };` is allowed.
    if (init.items.length === 1) this.checkInitializer(init.items[0].init, type, isStatic)
    else this.sink.error(reason('checker.scalarList', { type: typeName(type) }), init.pos)
    return init
  }

  /** Checks a fully braced list (from `fullyBraced`): each item against the member it names. */
  private checkBraced(
    list: Initializer & { k: 'list' },
    type: CType & { kind: 'array' | 'struct' },
    isStatic: boolean
  ): void {
    for (const item of list.items) {
      const d = item.designator?.[0]
      const t =
        type.kind === 'array'
          ? type.of
          : type.layout.fields.find((f) => d !== undefined && 'field' in d && f.name === d.field)
              ?.type
      if (!t) continue
      if (item.init.k === 'list' && isAggregate(t) && !bracedString(item.init, t))
        this.checkBraced(item.init, t, isStatic)
      else this.checkInitializer(item.init, t, isStatic)
    }
  }

  /**
   * The type of an initializer expression, computed once: brace elision looks at an expression
   * (is it a whole struct?) before the checker checks it where it lands.
   */
  private typedOnce(e: Expr): CType | null {
    if (this.initializerTypes.has(e)) return this.initializerTypes.get(e) ?? null
    const t = this.expr(e)
    this.initializerTypes.set(e, t)
    return t
  }

  private readonly initializerTypes = new Map<Expr, CType | null>()

  /** What brace elision asks the checker. */
  private readonly elision: ElisionContext = {
    initializesWhole: (e, t) => {
      if (isStringFor(e, t)) return true
      if (t.kind !== 'struct') return false
      const from = this.typedOnce(e)
      // An expression already reported as wrong takes the whole member: no second error.
      return from === null || (from.kind === 'struct' && from.layout === t.layout)
    },
    designatorIndex: (e) => {
      const v = this.constantInteger(e)
      return v === null ? null : Number(v)
    },
    error: (why, where) => this.sink.error(why, where)
  }

  private requireConstant(e: Expr): void {
    if (!this.isConstantInitializer(e)) {
      this.sink.error(reason('checker.globalNotConstant'), e.pos)
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
      case 'binary': {
        // Along the left spine in a loop: a long chain `1 + 2 + …` must not deepen the stack.
        let x: Expr = e
        while (x.k === 'binary') {
          if (!this.isConstantInitializer(x.right)) return false
          x = x.left
        }
        return this.isConstantInitializer(x)
      }
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

  /**
   * gcc's -Wdiv-by-zero (on by default): the divisor of `/`, `%`, `/=` or `%=` is an integer
   * constant expression equal to 0 (`5 / 0`, `x % (2 - 2)`, even `5.0 / 0`; not `5 / 0.0`),
   * reported at the operator as gcc does.
   */
  private divisorCheck(divisor: Expr, operator: string, at: Position): void {
    if (divisor.ty?.kind !== 'int' || integerConstant(divisor) !== 0n) return
    this.sink.warning(reason('checker.divisionByZero', { operator }), at)
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
          return foldArithmetic(x.op, a, b)
        }
        case 'cast':
          return fold(x.operand)
        case 'sizeof':
          return BigInt(sizeofValue(x))
        default:
          return null
      }
    }
    const v = fold(e)
    if (v === null) this.sink.error(reason('checker.notConstant'), e.pos)
    return v
  }

  // ---- statements -------------------------------------------------------------------------

  private blockItems(items: Stmt[]): void {
    for (const s of items) this.stmt(s)
  }

  private stmt(s: Stmt): void {
    this.statementCount++
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
        this.useOfStructCall(s.expr, 'statement')
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
          this.sink.error(reason('checker.switchNotInteger', { type: typeName(t) }), s.expr.pos)
        this.switchDepth++
        this.loopDepth += 0
        const seen = new Set<bigint>()
        this.switchStmt(s.body, seen)
        this.switchDepth--
        return
      }
      case 'case':
        if (this.switchDepth === 0) this.sink.error(reason('checker.caseOutsideSwitch'), s.pos)
        return
      case 'default':
        if (this.switchDepth === 0) this.sink.error(reason('checker.defaultOutsideSwitch'), s.pos)
        return
      case 'break':
        if (this.loopDepth === 0 && this.switchDepth === 0)
          this.sink.error(reason('checker.breakOutside'), s.pos)
        return
      case 'continue':
        if (this.loopDepth === 0) this.sink.error(reason('checker.continueOutside'), s.pos)
        return
      case 'return': {
        const f = this.current!
        const want = f.type.returns
        if (!s.expr) {
          if (want.kind !== 'void')
            this.sink.warning(
              reason('checker.returnNoValue', { name: f.name, type: typeName(want) }),
              s.pos
            )
          return
        }
        const t = this.expr(s.expr)
        if (!t) return
        if (want.kind === 'void') {
          this.sink.error(reason('checker.returnInVoid', { name: f.name }), s.expr.pos)
          return
        }
        this.assignable(want, s.expr, t, 'return')
        this.useOfStructCall(s.expr, 'return')
        this.returnValues.push({ calls: this.structCalls.length, statement: this.statementCount })
        // A 16-byte struct with a double in it goes back in %rax/%xmm0 through %rbx (gcc -O0).
        const classes = want.kind === 'struct' ? eightbyteClasses(want) : null
        if (classes?.length === 2 && sizeOf(want) === 16 && classes.includes('SSE'))
          this.savesRbx = true
        if (copiedThroughRbx(want)) this.savesRbx = true
        const local = want.kind === 'pointer' ? this.returnedLocal(s.expr) : null
        if (local !== null) {
          s.returnsLocalAddress = true
          this.sink.warning(reason('checker.returnsLocalAddress', { name: local }), s.expr.pos)
        }
        return
      }
      case 'empty':
      case 'goto':
        return
      case 'labeled':
        this.stmt(s.body)
        return
    }
  }

  private switchStmt(body: Stmt, seen: Set<bigint>): void {
    const visit = (s: Stmt): void => {
      if (s.k === 'case') {
        const v = this.constantInteger(s.expr)
        // GNU C's `case low ... high:` stands for each value from low to high (none when high
        // is below low, as gcc's "empty range" warning says).
        const high = s.high ? this.constantInteger(s.high) : v
        if (v !== null && high !== null) {
          if (high - v >= CASE_RANGE_LIMIT) {
            this.sink.error(reason('unsupported.caseRange', { limit: CASE_RANGE_LIMIT }), s.pos)
            return
          }
          for (let k = v; k <= high; k++) {
            if (seen.has(k)) {
              this.sink.error(reason('checker.duplicateCase', { value: k }), s.pos)
              break
            }
            seen.add(k)
          }
          s.value = v
          if (s.high) s.highValue = high
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

  /**
   * The local variable whose address `e` is, as gcc's -Wreturn-local-addr sees it: `&x`, a
   * local array (or an array member or row of one), `&a[i]`, `&s.member`, `buf + 1`, through
   * casts; null otherwise (an address
   * kept in a pointer variable first is not seen, by gcc either).
   */
  private returnedLocal(e: Expr): string | null {
    switch (e.k) {
      case 'cast':
        return this.returnedLocal(e.operand)
      case 'unary':
        return e.op === '&' ? this.localObject(e.operand) : null
      case 'ident':
      case 'member':
      case 'index':
        // An array decays to the address of its first element.
        return e.ty?.kind === 'array' ? this.localObject(e) : null
      case 'binary':
        if (e.op === '+') return this.returnedLocal(e.left) ?? this.returnedLocal(e.right)
        return e.op === '-' && e.left.ty && decay(e.left.ty).kind === 'pointer'
          ? this.returnedLocal(e.left)
          : null
      default:
        return null
    }
  }

  /** The automatic variable the object `e` lies in, or null. */
  private localObject(e: Expr): string | null {
    switch (e.k) {
      case 'ident':
        return e.symbol?.kind === 'local' ? e.name : null
      case 'member':
        return e.arrow ? null : this.localObject(e.object)
      case 'index':
        return e.base.ty?.kind === 'array' ? this.localObject(e.base) : null
      default:
        return null
    }
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
      this.sink.error(reason('checker.conditionNotScalar', { type: typeName(t) }), e.pos)
    // Extra parentheses say the assignment is meant, as for gcc's -Wparentheses.
    if (e.k === 'assign' && e.op === '=' && !e.parenthesized)
      this.sink.warning(reason('checker.assignmentInCondition'), startOf(e))
  }

  // ---- expressions ------------------------------------------------------------------------

  private text(e: Expr): string {
    const line = this.lines[e.pos.line - 1] ?? ''
    return line.slice(e.pos.column - 1, e.pos.endColumn - 1).trim() || 'this'
  }

  /** The type of `e`, or null after reporting an error in it. */
  expr(e: Expr): CType | null {
    if (e.invalid) return null
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

  private modifiable(e: Expr, what: 'assigned' | 'incremented' | 'decremented'): boolean {
    const change = reason(`phrase.${what}`)
    const expression = this.text(e)
    const t = e.ty
    if (!t) return false
    if (!this.isLvalue(e)) {
      this.sink.error(reason('checker.notModifiableValue', { expression, change }), e.pos)
      return false
    }
    if (t.kind === 'array') {
      this.sink.error(reason('checker.notModifiableArray', { expression, change }), e.pos)
      return false
    }
    if (t.const) {
      this.sink.error(reason('checker.notModifiableConst', { expression, change }), e.pos)
      return false
    }
    if (t.kind === 'struct' && t.layout.fields.some((f) => f.type.const)) {
      this.sink.error(reason('checker.notModifiableConstMember', { expression, change }), e.pos)
      return false
    }
    return true
  }

  /** Can a value of type `from` (expression e) be stored in a `to`? Reports problems. */
  private assignable(
    to: CType,
    e: Expr,
    from: CType,
    action: 'assign' | 'initialize' | 'return' | 'pass',
    bitField?: { width: number; type: IntegerType }
  ): void {
    const f = decay(from)
    const mismatch = reason(CANNOT[action], { from: typeName(from), to: typeName(to) })
    if (to.kind === 'struct') {
      if (f.kind !== 'struct' || f.layout !== to.layout) this.sink.error(mismatch, e.pos)
      return
    }
    if (isArithmetic(to) && isArithmetic(f)) {
      const overflow = overflowWarning(to, e, bitField)
      if (overflow) this.sink.warning(overflow.reason, overflow.position)
      return
    }
    if (to.kind === 'pointer') {
      if (f.kind === 'pointer') {
        const a = to.to
        const b = f.to
        if (a.kind === 'void' || b.kind === 'void' || sameType(a, b)) {
          if (b.const && !a.const && action !== 'return') {
            this.sink.warning(reason(DROPS_CONST[action], { to: typeName(to) }), e.pos)
          }
          return
        }
        this.sink.warning(
          reason('checker.pointerMismatch', {
            expression: this.text(e),
            ...typed(from),
            to: typeName(to)
          }),
          e.pos
        )
        return
      }
      if (f.kind === 'int') {
        if (isNullConstant(e)) return
        this.sink.warning(
          reason('checker.pointerFromInteger', { to: typeName(to), expression: this.text(e) }),
          e.pos
        )
        return
      }
    }
    if (to.kind === 'int' && f.kind === 'pointer') {
      this.sink.warning(
        reason('checker.integerFromPointer', { to: typeName(to), expression: this.text(e) }),
        e.pos
      )
      return
    }
    this.sink.error(mismatch, e.pos)
  }

  private typeOf(e: Expr): CType | null {
    switch (e.k) {
      case 'int':
        return e.type
      case 'float':
        return e.single ? FLOAT : DOUBLE
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
          this.assignable(
            l,
            e.right,
            r,
            'assign',
            e.left.k === 'member' ? e.left.bitField : undefined
          )
          const use = this.useOfStructCall(e.right, 'assign')
          if (use) use.target = e.left
          if (copiedThroughRbx(l) && !(atFixedOffset(e.left) && atFixedOffset(e.right)))
            this.savesRbx = true
          return l
        }
        const op = e.op.slice(0, -1)
        const lt = decay(l)
        const rt = decay(r)
        if ((op === '+' || op === '-') && lt.kind === 'pointer' && rt.kind === 'int') return l
        if (!isArithmetic(lt) || !isArithmetic(rt)) {
          this.sink.error(
            reason('checker.compoundNeedsNumbers', {
              operator: e.op,
              left: typeName(l),
              right: typeName(r)
            }),
            e.pos
          )
          return null
        }
        if (
          ['%', '<<', '>>', '&', '|', '^'].includes(op) &&
          (lt.kind !== 'int' || rt.kind !== 'int')
        ) {
          this.sink.error(
            reason('checker.compoundNeedsIntegers', {
              operator: e.op,
              left: typeName(l),
              right: typeName(r)
            }),
            e.pos
          )
          return null
        }
        if (op === '/' || op === '%') this.divisorCheck(e.right, e.op, e.pos)
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
          reason('checker.conditionalTypes', { left: typeName(a), right: typeName(b) }),
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
            reason('checker.indexNotArray', { expression: this.text(e.base), ...typed(b) }),
            e.base.pos
          )
          return null
        }
        if (n.kind !== 'int') {
          this.sink.error(
            reason('checker.indexNotInteger', { expression: this.text(e.index), ...typed(i) }),
            e.index.pos
          )
          return null
        }
        if (p.to.kind === 'void') {
          this.sink.error(
            reason('checker.indexVoidPointer', { expression: this.text(e.base) }),
            e.base.pos
          )
          return null
        }
        if (p.to.kind === 'struct' && !p.to.layout.complete) {
          this.sink.error(reason('checker.indexIncomplete', { type: typeName(p.to) }), e.pos)
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
          this.sink.error(reason('checker.castToAggregate', { type: typeName(to) }), e.pos)
          return null
        }
        if (!isScalar(from)) {
          this.sink.error(
            reason('checker.castFromAggregate', { from: typeName(t), to: typeName(to) }),
            e.pos
          )
          return null
        }
        if (to.kind === 'pointer' && from.kind === 'double') {
          this.sink.error(reason('checker.castDoubleToPointer'), e.pos)
          return null
        }
        if (to.kind === 'double' && from.kind === 'pointer') {
          this.sink.error(reason('checker.castPointerToDouble'), e.pos)
          return null
        }
        // gcc's -Wint-to-pointer-cast and -Wpointer-to-int-cast (on by default): an integer of
        // another width than a pointer's 8 bytes (not _Bool, not a constant when it becomes a
        // pointer), as `(char *)sbrk(0)` is when sbrk is declared implicitly.
        const narrow = (x: CType): boolean => x.kind === 'int' && x.name !== '_Bool' && x.size !== 8
        if (to.kind === 'pointer' && narrow(from) && foldConstant(e.operand) === null)
          this.sink.warning(
            reason('checker.intToPointerCast', { from: typeName(from), to: typeName(to) }),
            e.pos
          )
        if (narrow(to) && from.kind === 'pointer')
          this.sink.warning(
            reason('checker.pointerToIntCast', { from: typeName(from), to: typeName(to) }),
            e.pos
          )
        return to
      }
      case 'sizeof': {
        const t = e.type ?? (e.operand ? this.expr(e.operand) : null)
        if (!t) return null
        if (t.kind === 'function') {
          this.sink.error(reason('checker.sizeofFunction'), e.pos)
          return null
        }
        if (t.kind === 'struct' && !t.layout.complete) {
          this.sink.error(reason('checker.sizeofIncomplete', { type: typeName(t) }), e.pos)
          return null
        }
        const vla =
          e.operand?.k === 'ident' && e.operand.symbol?.kind === 'local'
            ? e.operand.symbol.vla
            : undefined
        if (vla && t.kind === 'array' && !e.align) {
          // `sizeof a` of `int a[n]` is computed when it runs, from the length saved as the
          // declaration ran (a later change to n does not change it): (length + 1) * element.
          const pos = e.pos
          const count: Expr = {
            k: 'binary',
            op: '+',
            left: { k: 'ident', name: vla.length.name, symbol: vla.length, pos },
            right: { k: 'int', value: 1n, type: SIZE_T, pos },
            pos
          }
          const bytes: Expr = {
            k: 'binary',
            op: '*',
            left: count,
            right: { k: 'int', value: BigInt(sizeOf(t.of)), type: SIZE_T, pos },
            pos
          }
          const node = e as Partial<Expr & { k: 'sizeof' }>
          delete node.operand
          delete node.type
          Object.assign(e, bytes)
          return this.typeOf(e)
        }
        if (t.kind === 'array' && t.length === null) {
          // At the operand, where gcc points.
          const at = e.operand?.pos ?? e.pos
          this.sink.error(reason('checker.sizeofUnknownLength', { type: typeName(t) }), at)
          return null
        }
        return SIZE_T
      }
      case 'comma': {
        // `a, b, c, …` is left-deep too: typed in a loop, left to right.
        const spine: Array<Expr & { k: 'comma' }> = []
        let first: Expr = e
        while (first.k === 'comma') {
          spine.push(first)
          first = first.left
        }
        this.expr(first)
        for (let i = spine.length - 1; i >= 1; i--) {
          const t = this.expr(spine[i].right)
          if (t) spine[i].ty = t
        }
        return this.expr(e.right)
      }
    }
  }

  /** How gcc would declare library function `e` implicitly here, or null when its header is in. */
  private missingHeader(e: Expr & { k: 'ident' }): ImplicitDeclaration | null {
    const prototype = BUILTINS[e.name]
    if (!this.included || !prototype) return null
    return implicitDeclaration(e.name, prototype, e.pos.line, this.included)
  }

  /**
   * A library function called without its header: gcc 12 declares it implicitly, once per file,
   * with a warning that is on by default, and a second one for a built-in whose real type is not
   * `int name()`. A function gcc has no built-in for returns `int` (`sbrk`'s pointer is cut to
   * 32 bits and sign-extended).
   */
  private declareImplicitly(e: Expr & { k: 'ident' }): void {
    const implicit = this.missingHeader(e)
    if (!implicit) return
    const { header, type } = implicit
    this.sink.warning(
      implicit.truncatesResult
        ? reason('checker.implicitDeclarationTruncates', {
            name: e.name,
            header,
            type: typeName(BUILTINS[e.name].returns)
          })
        : reason('checker.implicitDeclaration', { name: e.name, header }),
      e.pos
    )
    if (implicit.incompatibleBuiltin)
      this.sink.warning(
        reason('checker.incompatibleBuiltin', { name: e.name, header, type: typeName(type) }),
        e.pos
      )
    this.globalScope.names.set(e.name, {
      kind: 'function',
      name: e.name,
      type,
      id: this.nextId++,
      builtin: e.name
    })
  }

  private identifier(e: Expr & { k: 'ident' }): CType | null {
    // A hidden slot the checker itself names (`a.length`: no C name has a dot) is resolved.
    if (e.symbol && e.name.includes('.')) return e.symbol.kind === 'local' ? e.symbol.type : null
    let s = this.scope.lookup(e.name)
    if (!s && e.name === 'assert') {
      this.sink.error(reason('checker.assertNotCalled'), e.pos)
      return null
    }
    const missingHeader = !s && BUILTINS[e.name] ? this.missingHeader(e) : null
    if (missingHeader) {
      // gcc declares a function implicitly only where it is called; a name alone is undeclared.
      const where = `${this.current?.name ?? ''}\0${e.name}`
      if (!this.reportedMissing.has(where)) {
        this.reportedMissing.add(where)
        this.sink.error(
          reason('checker.undeclaredLibrary', { name: e.name, header: missingHeader.header }),
          e.pos
        )
      }
      return null
    }
    const plain = !s && e.name.startsWith('__builtin_') ? e.name.slice('__builtin_'.length) : ''
    if (plain && BUILTINS[plain] && isLibraryFunction(plain)) {
      // gcc's `__builtin_memcpy`, `__builtin_strlen`, `__builtin_printf`… are the library
      // functions themselves, declared without a header.
      s = {
        kind: 'function',
        name: e.name,
        type: BUILTINS[plain],
        id: this.nextId++,
        builtin: plain
      }
      this.globalScope.names.set(e.name, s)
    }
    if (!s && BUILTINS[e.name]) {
      // The library functions are declared by their headers.
      s = {
        kind: 'function',
        name: e.name,
        type: BUILTINS[e.name],
        id: this.nextId++,
        builtin: e.name
      }
      this.globalScope.names.set(e.name, s)
    }
    const later = !s ? this.definedFunctions.get(e.name) : undefined
    if (later && implicitlyCallable(later)) {
      // gcc 12 (gnu17) still declares a function called before any declaration as `int
      // name()`, with a warning, and compiles the call: the arguments get the default
      // promotions and the definition further down reads them (K&R's first edition wrote C
      // this way). gcc 14 refuses it; a definition that does not fit `int name()` is refused
      // by both (definedBelow).
      this.sink.warning(
        reason('checker.implicitFunction', { name: e.name, prototype: prototypeOf(later) }),
        e.pos
      )
      s = {
        kind: 'function',
        name: e.name,
        type: { kind: 'function', returns: INT, params: [], variadic: false, unprototyped: true },
        id: this.nextId++
      }
      this.globalScope.names.set(e.name, s)
      this.implicitlyDeclared.add(e.name)
    }
    if (!s) {
      // Each missing name is reported once per function, as gcc does ("each undeclared
      // identifier is reported only once for each function it appears in").
      const where = `${this.current?.name ?? ''}\0${e.name}`
      if (this.reportedMissing.has(where)) return null
      this.reportedMissing.add(where)
      const refused =
        unsupportedLibraryName(e.name) ?? (plain ? unsupportedLibraryName(plain) : undefined)
      const header = STANDARD_FUNCTION_HEADERS[e.name]
      if (refused)
        this.sink.error(
          reason('unsupported.library', {
            name: e.name,
            hint: libraryHint(refused, UNSUPPORTED_LIBRARY[refused])
          }),
          e.pos
        )
      else if (header) {
        const alternative = STANDARD_FUNCTION_HINTS[e.name]
        this.sink.error(
          alternative
            ? reason('unsupported.standardFunctionHint', {
                name: e.name,
                header,
                hint: { key: `phrase.standard.${alternative}`, params: {} }
              })
            : reason('unsupported.standardFunction', { name: e.name, header }),
          e.pos
        )
      } else {
        const below = this.definedFunctions.get(e.name)
        if (below) {
          // C99 has no implicit declarations (gcc 12 only warns, gcc 14 refuses too).
          this.sink.error(
            reason('checker.definedBelow', { name: e.name, prototype: prototypeOf(below) }),
            e.pos
          )
          return null
        }
        const near = this.closestName(e.name)
        this.sink.error(
          near
            ? reason('checker.undeclaredNear', { name: e.name, near })
            : reason('checker.undeclared', { name: e.name }),
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

  /**
   * A declared name one or two edits away, to suggest. It must keep most of the name (fewer
   * edits than either has letters), so that `y` is not taken for a misspelt `p`.
   */
  private closestName(name: string): string | null {
    let best: string | null = null
    let bestDistance = 3
    for (let s: Scope | null = this.scope; s; s = s.parent) {
      for (const candidate of s.names.keys()) {
        const d = editDistance(name, candidate)
        if (d < bestDistance && d < name.length && d < candidate.length) {
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
            reason('checker.unaryNeedsNumber', { operator: e.op, expression: what, ...typed(t) }),
            e.pos
          )
          return null
        }
        return promote(d)
      case '~':
        if (d.kind !== 'int') {
          this.sink.error(
            reason('checker.bitNotNeedsInteger', { expression: what, ...typed(t) }),
            e.pos
          )
          return null
        }
        return promote(d)
      case '!':
        if (!isScalar(d)) {
          this.sink.error(
            reason('checker.notNeedsScalar', { expression: what, ...typed(t) }),
            e.pos
          )
          return null
        }
        return INT
      case '*':
        if (d.kind !== 'pointer') {
          this.sink.error(
            reason('checker.derefNotPointer', { expression: what, ...typed(t) }),
            e.pos
          )
          return null
        }
        if (d.to.kind === 'void') {
          this.sink.error(
            reason('checker.derefVoidPointer', { expression: what, ...typed(t) }),
            e.pos
          )
          return null
        }
        return d.to
      case '&': {
        if (e.operand.k === 'ident' && e.operand.symbol?.kind === 'local') {
          if (e.operand.symbol.register) {
            this.sink.error(
              reason('checker.addressOfRegister', { name: e.operand.symbol.name }),
              e.pos
            )
            return null
          }
        }
        // `&s.m` and `&a[i]` take the address of `s` and `a` too (gcc marks them addressable).
        const root = addressedVariable(e.operand)
        if (root) this.addressTaken.add(root)
        // A library function's address is its stub's in .text (codegen.ts compileLibraryStub).
        if (e.operand.k === 'ident' && e.operand.symbol?.kind === 'function') return pointerTo(t)
        if (!this.isLvalue(e.operand)) {
          this.sink.error(reason('checker.addressOfValue', { expression: what }), e.pos)
          return null
        }
        if (e.operand.k === 'member' && e.operand.bitField) {
          // Its bits share a byte with others: there is no address to give.
          this.sink.error(reason('checker.addressOfBitField', { name: e.operand.name }), e.pos)
          return null
        }
        return pointerTo(t)
      }
      default: {
        if (!this.modifiable(e.operand, e.op.includes('++') ? 'incremented' : 'decremented'))
          return null
        if (!isScalar(d)) {
          this.sink.error(
            reason('checker.stepNeedsScalar', {
              operator: e.op.replace(/pre|post/, ''),
              expression: what,
              ...typed(t)
            }),
            e.pos
          )
          return null
        }
        if (d.kind === 'pointer' && d.to.kind === 'struct' && !d.to.layout.complete) {
          this.sink.error(reason('checker.stepIncomplete', { type: typeName(d.to) }), e.pos)
          return null
        }
        return t
      }
    }
  }

  private binary(e: Expr & { k: 'binary' }): CType | null {
    // A long chain `a + b + c + …` is a left-deep tree: its left spine is walked in a loop and
    // typed from the bottom up, so the chain's length never deepens the JavaScript stack.
    const spine: Array<Expr & { k: 'binary' }> = [e]
    let bottom = e.left
    while (bottom.k === 'binary' && !bottom.invalid) {
      spine.push(bottom)
      bottom = bottom.left
    }
    let l = this.expr(bottom)
    for (let i = spine.length - 1; i >= 1; i--) {
      l = this.binaryOperands(spine[i], l)
      if (l) spine[i].ty = l
    }
    return this.binaryOperands(e, l)
  }

  /** The type of `e` (reporting what is wrong with it), its left operand's type `l` known. */
  private binaryOperands(e: Expr & { k: 'binary' }, l: CType | null): CType | null {
    const r = this.expr(e.right)
    if (!l || !r) return null
    const a = decay(l)
    const b = decay(r)
    const operands = reason('phrase.operands', {
      left: this.text(e.left),
      leftType: typed(l).type,
      right: this.text(e.right),
      rightType: typed(r).type
    })
    const operator = e.op
    switch (e.op) {
      case '&&':
      case '||':
        if (!isScalar(a) || !isScalar(b)) {
          this.sink.error(reason('checker.logicalNeedsScalars', { operator, operands }), e.pos)
          return null
        }
        return INT
      case '+':
        if (isArithmetic(a) && isArithmetic(b)) return usualArithmetic(a, b)
        if (a.kind === 'pointer' && b.kind === 'int') return this.pointerStep(a, e)
        if (a.kind === 'int' && b.kind === 'pointer') return this.pointerStep(b, e)
        this.sink.error(
          reason(
            a.kind === 'pointer' && b.kind === 'pointer'
              ? 'checker.cannotAddPointers'
              : 'checker.cannotAdd',
            { operands }
          ),
          e.pos
        )
        return null
      case '-':
        if (isArithmetic(a) && isArithmetic(b)) return usualArithmetic(a, b)
        if (a.kind === 'pointer' && b.kind === 'int') return this.pointerStep(a, e)
        if (a.kind === 'pointer' && b.kind === 'pointer') {
          if (!sameType(a.to, b.to)) {
            this.sink.error(reason('checker.subtractDifferentPointers', { operands }), e.pos)
            return null
          }
          return { ...integer64Signed() }
        }
        this.sink.error(reason('checker.cannotSubtract', { operands }), e.pos)
        return null
      case '*':
      case '/':
        if (isArithmetic(a) && isArithmetic(b)) {
          if (e.op === '/') this.divisorCheck(e.right, operator, e.pos)
          return usualArithmetic(a, b)
        }
        this.sink.error(reason('checker.needsNumbers', { operator, operands }), e.pos)
        return null
      case '%':
        if (a.kind === 'int' && b.kind === 'int') {
          this.divisorCheck(e.right, operator, e.pos)
          return usualArithmetic(a, b)
        }
        this.sink.error(reason('checker.needsIntegers', { operator, operands }), e.pos)
        return null
      case '&':
      case '|':
      case '^':
        if (a.kind === 'int' && b.kind === 'int') return usualArithmetic(a, b)
        this.sink.error(reason('checker.needsIntegers', { operator, operands }), e.pos)
        return null
      case '<<':
      case '>>':
        if (a.kind === 'int' && b.kind === 'int') return promote(a)
        this.sink.error(reason('checker.shiftNeedsIntegers', { operator, operands }), e.pos)
        return null
      default: {
        // Comparisons. gcc -Wall's -Waddress: a string literal (not parenthesized) compared
        // with anything but `==`/`!=` against a null pointer constant.
        const literal = (x: Expr, other: Expr): boolean =>
          x.k === 'string' &&
          !x.parenthesized &&
          !((e.op === '==' || e.op === '!=') && isNullConstant(other))
        if (literal(e.left, e.right) || literal(e.right, e.left))
          this.sink.warning(reason('checker.compareStringLiteral', { operator }), e.pos)
        if (isArithmetic(a) && isArithmetic(b)) return INT
        if (a.kind === 'pointer' && b.kind === 'pointer') {
          if (!sameType(a.to, b.to) && a.to.kind !== 'void' && b.to.kind !== 'void') {
            this.sink.warning(reason('checker.comparePointerTypes', { operands }), e.pos)
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
          this.sink.warning(reason('checker.comparePointerInteger', { operands }), e.pos)
          return INT
        }
        this.sink.error(reason('checker.cannotCompare', { operator, operands }), e.pos)
        return null
      }
    }
  }

  private pointerStep(p: CType & { kind: 'pointer' }, e: Expr): CType | null {
    if (p.to.kind === 'struct' && !p.to.layout.complete) {
      this.sink.error(reason('checker.arithmeticIncomplete', { type: typeName(p.to) }), e.pos)
      return null
    }
    if (p.to.kind === 'function') {
      this.sink.error(reason('checker.functionPointerArithmetic'), e.pos)
      return null
    }
    return p
  }

  private member(e: Expr & { k: 'member' }): CType | null {
    const t = this.expr(e.object)
    if (!t) return null
    if (!e.arrow) {
      const use = this.useOfStructCall(e.object, 'member')
      if (use) use.target = e
    }
    const what = this.text(e.object)
    let st: StructType
    if (e.arrow) {
      const d = decay(t)
      if (d.kind !== 'pointer' || d.to.kind !== 'struct') {
        this.sink.error(
          reason(
            t.kind !== 'struct'
              ? 'checker.arrowNeedsPointer'
              : t.layout.union
                ? 'checker.arrowOnUnion'
                : 'checker.arrowOnStruct',
            {
              expression: what,
              ...typed(t),
              member: e.name
            }
          ),
          e.pos
        )
        return null
      }
      st = d.to
    } else {
      if (t.kind !== 'struct') {
        const d = decay(t)
        const toStruct = d.kind === 'pointer' && d.to.kind === 'struct'
        this.sink.error(
          reason(
            !toStruct
              ? 'checker.dotNeedsStruct'
              : d.to.kind === 'struct' && d.to.layout.union
                ? 'checker.dotOnUnionPointer'
                : 'checker.dotOnPointer',
            {
              expression: what,
              ...typed(t),
              member: e.name
            }
          ),
          e.pos
        )
        return null
      }
      st = t
    }
    if (!st.layout.complete) {
      this.sink.error(reason('checker.memberOfIncomplete', { type: typeName(st) }), e.pos)
      return null
    }
    const field = findMember(st.layout, e.name)
    if (!field) {
      const members = memberNames(st.layout)
        .map((name) => `\`${name}\``)
        .join(', ')
      const type = typeName(st)
      this.sink.error(
        members
          ? reason('checker.noMember', { type, member: e.name, members })
          : reason('checker.noMemberNone', { type, member: e.name }),
        e.pos
      )
      return null
    }
    e.offset = field.offset
    if (field.bits && field.type.kind === 'int') {
      e.bitField = { ...field.bits, type: field.type }
      // A bit-field's value promotes by its width, whatever its declared type (gcc's
      // perform_integral_promotions): narrower than an int it is an int, so `s.a - 2` of an
      // `unsigned a : 3` is -1 and a `long b : 12` reaches printf as an int; 32 bits wide, an
      // int or an unsigned int; wider, its declared type.
      const declared = field.type
      const width = field.bits.width
      const value = width < 32 ? INT : width === 32 ? (declared.signed ? INT : UINT) : declared
      return st.const ? { ...value, const: true } : value
    }
    // A member of a const struct is const.
    if (st.const && !field.type.const) return { ...field.type, const: true } as CType
    return field.type
  }

  /**
   * gcc -Wall's -Wformat for scanf's family: each conversion's argument must point to what it
   * stores (`scanf("%d", n)` without `&` passes the int's value, which scanf takes as an
   * address: the store then faults or overwrites something else).
   */
  private checkScanFormat(
    format: Expr & { k: 'string' },
    argTypes: Array<CType | null>,
    first: number
  ): void {
    let next = first
    for (const d of scanDirectives(formatText(format))) {
      if (d.suppress) continue
      const index = next++
      const wanted = scanTarget(d)
      const t = argTypes[index]
      if (!wanted || !t) continue
      const passed = defaultPromotion(decay(t))
      const to = passed.kind === 'pointer' ? passed.to : null
      const fits =
        to !== null &&
        (to.kind === 'void'
          ? wanted.kind !== 'pointer'
          : to.kind === wanted.kind && sizeOf(to) === wanted.size)
      if (!fits)
        this.sink.warning(
          reason('checker.scanfArgumentType', {
            directive: d.text,
            wanted: wanted.name,
            index: index + 1,
            type: typeName(passed)
          }),
          formatPosition(format, d.at)
        )
    }
  }

  /**
   * gcc -Wall's -Wformat on a call with a literal format: each conversion against the argument
   * it reads (after the default promotions), missing and extra arguments, unknown conversions.
   * `first` is the index of the first variable argument.
   */
  private checkFormat(
    format: Expr & { k: 'string' },
    args: Expr[],
    argTypes: Array<CType | null>,
    first: number
  ): void {
    const text = formatText(format)
    let next = first
    let unchecked = false
    const check = (wanted: Wanted, directive: string, at: number): void => {
      const position = formatPosition(format, at)
      const name = wanted.k === 'integer' || wanted.k === 'pointerTo' ? wanted.name : ''
      const wantedName = name || WANTED_NAME[wanted.k as keyof typeof WANTED_NAME] || 'int'
      if (next >= args.length) {
        this.sink.warning(
          reason('checker.formatMissingArgument', { directive, wanted: wantedName }),
          position
        )
        return
      }
      const index = next++
      const t = argTypes[index]
      if (!t) {
        unchecked = true
        return
      }
      const passed = defaultPromotion(decay(t))
      if (!matches(wanted, passed))
        this.sink.warning(
          reason('checker.formatArgumentType', {
            directive,
            wanted: wantedName,
            index: index + 1,
            type: typeName(passed)
          }),
          position
        )
    }
    const INT_WANTED: Wanted = { k: 'integer', family: 'int', name: 'int' }
    for (const d of formatDirectives(text)) {
      const position = formatPosition(format, d.at)
      if (d.kind === 'trailing') {
        this.sink.warning(reason('checker.formatTrailingPercent'), position)
        continue
      }
      if (d.kind === 'unfinished') {
        this.sink.warning(reason('checker.formatUnfinished', { directive: d.text }), position)
        continue
      }
      if (d.kind === 'unknown') {
        const code = d.conversion.charCodeAt(0)
        const character =
          code > 32 && code < 127 ? d.conversion : `\\x${code.toString(16).padStart(2, '0')}`
        this.sink.warning(reason('checker.formatUnknown', { character }), position)
        continue
      }
      if (d.widthStar !== undefined) check(INT_WANTED, '*', d.widthStar)
      if (d.precisionStar !== undefined) check(INT_WANTED, '.*', d.precisionStar)
      const wanted = wantedFor(d.length, d.conversion)
      if (wanted.k === 'none') continue
      if (wanted.k === 'badLength') {
        this.sink.warning(
          reason('checker.formatLength', { length: d.length, conversion: d.conversion }),
          position
        )
        if (next < args.length) next++
        continue
      }
      check(wanted, d.text, d.at)
    }
    if (next < args.length && !unchecked)
      this.sink.warning(reason('checker.formatExtraArguments', { index: next + 1 }), format.pos)
  }

  private call(e: Expr & { k: 'call' }): CType | null {
    if (e.callee.k === 'ident' && e.callee.name === 'assert' && !this.scope.lookup('assert')) {
      if (e.args.length !== 1) {
        this.sink.error(reason('checker.assertArguments'), e.pos)
        return null
      }
      const t = this.expr(e.args[0])
      if (t && !isScalar(decay(t)))
        this.sink.error(reason('checker.assertCondition'), e.args[0].pos)
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
    if (e.callee.k === 'ident' && !this.scope.lookup(e.callee.name))
      this.declareImplicitly(e.callee)
    let ct = this.expr(e.callee)
    const argTypes = e.args.map((a) => this.expr(a))
    for (const a of e.args) this.useOfStructCall(a, 'argument')
    if (!ct) return null
    const classifier = e.callee.k === 'ident' ? e.callee.symbol : undefined
    if (
      classifier?.kind === 'function' &&
      (classifier.builtin === '__builtin_fpclassify' ||
        classifier.builtin === '__builtin_isnormal') &&
      argTypes[0]?.kind === 'double' &&
      argTypes[0].float === true
    ) {
      // fpclassify and isnormal are type-generic (<math.h>'s macros): a float is classified as
      // a float, so 1e-40f is subnormal though the double it converts to is normal.
      const name = `${classifier.builtin}f`
      ct = BUILTINS[name]
      e.callee = {
        k: 'ident',
        name,
        pos: e.callee.pos,
        symbol: { kind: 'function', name, type: ct, id: 0, builtin: name },
        ty: ct
      }
    }
    if (
      classifier?.kind === 'function' &&
      classifier.builtin === '__builtin_va_start' &&
      this.current !== null &&
      !this.current.type.variadic
    ) {
      // gcc: "'va_start' used in function with fixed arguments".
      this.sink.error(reason('checker.vaStartFixedArguments', { name: this.current.name }), e.pos)
    }
    let ft: FunctionType
    if (ct.kind === 'function') ft = ct
    else if (ct.kind === 'pointer' && ct.to.kind === 'function') ft = ct.to
    else {
      this.sink.error(
        reason('checker.notCallable', { expression: this.text(e.callee), ...typed(ct) }),
        e.callee.pos
      )
      return null
    }
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
        const takes = reason(
          ft.variadic
            ? n === 1
              ? 'phrase.oneArgumentOrMore'
              : 'phrase.argumentsOrMore'
            : n === 1
              ? 'phrase.oneArgument'
              : 'phrase.arguments',
          { count: n }
        )
        const count = e.args.length
        const given = reason(count === 1 ? 'phrase.givenOne' : 'phrase.givenMany', { count })
        this.sink.error(
          e.callee.k === 'ident'
            ? reason('checker.argumentCount', { name: e.callee.name, takes, given })
            : reason('checker.argumentCountUnnamed', { takes, given }),
          e.pos
        )
        return ft.returns
      }
      ft.params.forEach((p, i) => {
        const at = argTypes[i]
        if (at) this.assignable(p, e.args[i], at, 'pass')
      })
    }
    if (
      e.callee.k === 'ident' &&
      e.callee.symbol?.kind === 'function' &&
      e.callee.symbol.builtin !== undefined &&
      e.callee.symbol.builtin in FORMAT_ARGUMENT &&
      !ft.unprototyped
    ) {
      const at = FORMAT_ARGUMENT[e.callee.symbol.builtin]
      const format = e.args[at]
      if (format.k === 'string') this.checkFormat(format, e.args, argTypes, at + 1)
    }
    if (
      e.callee.k === 'ident' &&
      e.callee.symbol?.kind === 'function' &&
      e.callee.symbol.builtin !== undefined &&
      e.callee.symbol.builtin in SCAN_FORMAT_ARGUMENT
    ) {
      const at = SCAN_FORMAT_ARGUMENT[e.callee.symbol.builtin]
      const format = e.args[at]
      if (format?.k === 'string') this.checkScanFormat(format, argTypes, at + 1)
    }
    // A struct of more than 16 bytes is copied to the outgoing argument area, below %rsp.
    if (argTypes.some((t) => t !== null && copiedThroughRbx(t))) this.savesRbx = true
    e.args.forEach((a, i) => {
      const at = argTypes[i]
      if (at && (ft.unprototyped || i >= ft.params.length) && at.kind === 'struct') {
        this.sink.error(reason('checker.structToVariadic'), a.pos)
      }
    })
    if (ft.returns.kind === 'struct') {
      if (!ft.returns.layout.complete) {
        this.sink.error(reason('checker.returnIncomplete', { type: typeName(ft.returns) }), e.pos)
        return null
      }
      if (this.current) {
        const use: StructCall = {
          call: e,
          type: ft.returns,
          use: 'operand',
          statement: this.statementCount
        }
        this.structCalls.push(use)
        this.structCallOf.set(e, use)
      }
    }
    return ft.returns
  }
}

/** The most values one `case low ... high:` may stand for here (each is a table entry). */
const CASE_RANGE_LIMIT = 65536n

/** Library functions whose format gcc's -Wformat checks: the index of the format argument. */
const FORMAT_ARGUMENT: Record<string, number> = { printf: 0, sprintf: 1, snprintf: 2 }
/** The scanf family's, whose arguments are the places to store into. */
const SCAN_FORMAT_ARGUMENT: Record<string, number> = { scanf: 0, sscanf: 1, fscanf: 1 }

/**
 * What a scanf conversion stores through its argument: the pointed-to type's kind and size
 * (`%ld` a `long *`, `%lf` a `double *`, `%s` a `char *`), or null for one the check leaves.
 */
function scanTarget(
  d: ScanDirective
): { name: string; kind: 'int' | 'double' | 'pointer'; size: number } | null {
  switch (d.conversion) {
    case 'd':
    case 'i':
    case 'n':
    case 'u':
    case 'o':
    case 'x':
    case 'X': {
      const unsigned = 'uoxX'.includes(d.conversion)
      const base: Record<string, [string, number]> = {
        hh: ['char', 1],
        h: ['short', 2],
        '': ['int', 4],
        l: ['long', 8],
        ll: ['long long', 8],
        q: ['long long', 8],
        L: ['long long', 8],
        j: ['intmax_t', 8],
        z: ['size_t', 8],
        t: ['ptrdiff_t', 8]
      }
      const [name, size] = base[d.length] ?? ['int', 4]
      const shown =
        name === 'char'
          ? unsigned
            ? 'unsigned char'
            : 'signed char'
          : unsigned && !name.endsWith('_t')
            ? `unsigned ${name === 'int' ? 'int' : name}`
            : name
      return { name: `${shown} *`, kind: 'int', size }
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
      return d.length === 'l'
        ? { name: 'double *', kind: 'double', size: 8 }
        : d.length === ''
          ? { name: 'float *', kind: 'double', size: 4 }
          : null
    case 's':
    case 'c':
    case '[':
      return d.length === '' ? { name: 'char *', kind: 'int', size: 1 } : null
    case 'p':
      return { name: 'void **', kind: 'pointer', size: 8 }
    default:
      return null
  }
}

/** Integer types that printf's format check tells apart: signedness does not count. */
type IntegerFamily = 'char' | '_Bool' | 'short' | 'int' | 'long' | 'long long'

function familyOf(t: CType): IntegerFamily | null {
  if (t.kind !== 'int') return null
  if (t.name === '_Bool') return '_Bool'
  if (t.size === 1) return 'char'
  if (t.size === 2) return 'short'
  if (t.size === 4) return 'int'
  return t.name === 'long' || t.name === 'unsigned long' ? 'long' : 'long long'
}

/** What a printf conversion reads, as gcc's format check expects it (after promotions). */
type Wanted =
  | { k: 'integer'; family: IntegerFamily; name: string }
  | { k: 'pointerTo'; family: IntegerFamily; name: string }
  | { k: 'double' | 'longDouble' | 'string' | 'pointer' | 'none' | 'badLength' }

const WANTED_NAME = {
  double: 'double',
  longDouble: 'long double',
  string: 'char *',
  pointer: 'void *'
} as const

/** The integer an integer conversion with `length` reads, spelled as in C. */
function integerWanted(length: string, signed: boolean): { family: IntegerFamily; name: string } {
  const u = signed ? '' : 'unsigned '
  switch (length) {
    case 'hh':
    case 'h':
    case '':
      // A char or short argument arrives promoted to int, so int is what is checked.
      return { family: 'int', name: `${u}int` }
    case 'l':
      return { family: 'long', name: `${u}long` }
    case 'j':
      return { family: 'long', name: signed ? 'intmax_t' : 'uintmax_t' }
    case 'z':
    case 'Z':
      return { family: 'long', name: signed ? 'ssize_t' : 'size_t' }
    case 't':
      return { family: 'long', name: 'ptrdiff_t' }
    default:
      return { family: 'long long', name: `${u}long long` }
  }
}

/** What the conversion `%<length><conversion>` reads (gcc 12's printf table for the subset). */
function wantedFor(length: string, conversion: string): Wanted {
  if ('diouxX'.includes(conversion))
    return { k: 'integer', ...integerWanted(length, 'di'.includes(conversion)) }
  if (conversion === 'n') {
    const pointee: Record<string, [IntegerFamily, string]> = {
      hh: ['char', 'signed char *'],
      h: ['short', 'short *'],
      '': ['int', 'int *'],
      l: ['long', 'long *'],
      ll: ['long long', 'long long *'],
      q: ['long long', 'long long *'],
      L: ['long long', 'long long *'],
      j: ['long', 'intmax_t *'],
      z: ['long', 'ssize_t *'],
      Z: ['long', 'ssize_t *'],
      t: ['long', 'ptrdiff_t *']
    }
    const p = pointee[length]
    return p ? { k: 'pointerTo', family: p[0], name: p[1] } : { k: 'none' }
  }
  if ('fFeEgGaA'.includes(conversion))
    return length === '' || length === 'l'
      ? { k: 'double' }
      : length === 'L'
        ? { k: 'longDouble' }
        : { k: 'badLength' }
  if (conversion === 'C' || (conversion === 'c' && length === 'l'))
    return { k: 'integer', family: 'int', name: 'wint_t' }
  if (conversion === 'S' || (conversion === 's' && length === 'l'))
    return { k: 'pointerTo', family: 'int', name: 'wchar_t *' }
  if (length !== '') return { k: 'badLength' }
  if (conversion === 'c') return { k: 'integer', family: 'int', name: 'int' }
  if (conversion === 's') return { k: 'string' }
  if (conversion === 'p') return { k: 'pointer' }
  return { k: 'none' }
}

/** Whether an argument of type `t` (decayed and promoted) is what `wanted` reads. */
function matches(wanted: Wanted, t: CType): boolean {
  switch (wanted.k) {
    case 'integer':
      return familyOf(t) === wanted.family
    case 'double':
      return t.kind === 'double'
    case 'string':
      return t.kind === 'pointer' && familyOf(t.to) === 'char'
    case 'pointer':
      return t.kind === 'pointer'
    case 'pointerTo':
      return t.kind === 'pointer' && familyOf(t.to) === wanted.family
    default:
      return false
  }
}

/**
 * The source column of byte `index` of a string literal, where gcc places a format warning:
 * inside the first literal token (escapes decoded), else at the literal's start.
 */
function formatPosition(format: Expr & { k: 'string' }, index: number): Position {
  const first = format.firstToken
  if (!first || index >= first.byteCount) return format.pos
  let bytes = 0
  let j = first.text.indexOf('"') + 1
  while (j < first.text.length - 1) {
    const here = j
    let size = 1
    if (first.text[j] === '\\') {
      j++
      if (/[0-7]/.test(first.text[j])) {
        const end = j + 3
        while (j < end && /[0-7]/.test(first.text[j])) j++
      } else if (first.text[j] === 'x') {
        j++
        while (/[0-9A-Fa-f]/.test(first.text[j] ?? '')) j++
      } else j++
    } else {
      const code = first.text.codePointAt(j) ?? 0
      size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4
      j += code >= 0x10000 ? 2 : 1
    }
    if (index < bytes + size) {
      const column = first.column + here
      return { line: first.line, column, endColumn: column + 1 }
    }
    bytes += size
  }
  return format.pos
}

/** The prototype of a definition as a programmer writes it: `int later(int x);`. */
/**
 * Whether gcc 12 compiles a call to `def` made before any declaration of it: the implicit
 * `int name()` must agree with the definition — an external function returning int (or void,
 * with a warning) whose parameters are their own default promotions (no char, short, _Bool or
 * float) and which is not variadic.
 */
function implicitlyCallable(def: FunctionDef): boolean {
  if (def.storage === 'static' || def.type.variadic) return false
  const returns = def.type.returns
  const intResult = returns.kind === 'int' && returns.size === 4 && returns.signed
  if (!intResult && returns.kind !== 'void') return false
  return def.type.params.every((p) => {
    const t = decay(p)
    if (t.kind === 'int') return t.size >= 4
    if (t.kind === 'double') return t.float !== true
    return t.kind === 'pointer'
  })
}

function prototypeOf(def: FunctionDef): string {
  const named = (type: CType, name: string): string => {
    const t = typeName(type)
    return t.endsWith('*') ? `${t}${name}` : `${t} ${name}`
  }
  const params = def.params.map((p) => (p.name ? named(p.type, p.name) : typeName(p.type)))
  if (def.type.variadic) params.push('...')
  return `${named(def.type.returns, def.name)}(${params.length ? params.join(', ') : 'void'});`
}

/**
 * Whether control can run off the end of `s`, as gcc's -Wreturn-type sees it: not after a
 * `return`, a call to exit() or abort(), a loop whose condition is a non-zero constant and that
 * nothing breaks out of, an if whose both branches end so, or a switch with a `default` whose
 * body ends so and that nothing breaks out of. A `case` label makes what follows reachable again.
 */
function completes(s: Stmt): boolean {
  switch (s.k) {
    case 'return':
      return false
    case 'expr':
      return !(
        s.expr.k === 'call' &&
        s.expr.callee.k === 'ident' &&
        s.expr.callee.symbol?.kind === 'function' &&
        NORETURN.has(s.expr.callee.symbol.builtin ?? '')
      )
    case 'block': {
      let reachable = true
      for (const item of s.items) {
        if (item.k === 'case' || item.k === 'default' || item.k === 'labeled') reachable = true
        if (reachable && !completes(item)) reachable = false
      }
      return reachable
    }
    case 'if':
      return s.otherwise === undefined || completes(s.then) || completes(s.otherwise)
    case 'while':
      return !alwaysTrue(s.test) || breaksOut(s.body)
    case 'for':
      return (s.test !== undefined && !alwaysTrue(s.test)) || breaksOut(s.body)
    case 'do':
      return ((completes(s.body) || continues(s.body)) && !alwaysTrue(s.test)) || breaksOut(s.body)
    case 'switch':
      return !hasDefault(s.body) || breaksOut(s.body) || completes(s.body)
    case 'goto':
      return false
    case 'labeled':
      return completes(s.body)
    default:
      return true
  }
}

function alwaysTrue(e: Expr): boolean {
  return e.k === 'int' && e.value !== 0n
}

/** Statements of `s` outside nested loops and switches (where break and continue are its own). */
function ownStatements(s: Stmt, visit: (t: Stmt) => boolean): boolean {
  if (visit(s)) return true
  switch (s.k) {
    case 'block':
      return s.items.some((item) => ownStatements(item, visit))
    case 'if':
      return (
        ownStatements(s.then, visit) || (s.otherwise ? ownStatements(s.otherwise, visit) : false)
      )
    case 'labeled':
      return ownStatements(s.body, visit)
    default:
      return false
  }
}

function breaksOut(body: Stmt): boolean {
  return ownStatements(body, (t) => t.k === 'break')
}

function continues(body: Stmt): boolean {
  return ownStatements(body, (t) => t.k === 'continue')
}

function hasDefault(body: Stmt): boolean {
  return ownStatements(body, (t) => t.k === 'default')
}

/** The variable whose address `&e` takes along with `e`'s: `s` of `s.m`, `a` of `a[i]`. */
function addressedVariable(e: Expr): Symbol | undefined {
  if (e.k === 'ident') return e.symbol
  if (e.k === 'member' && !e.arrow) return addressedVariable(e.object)
  if (e.k === 'index' && e.base.ty?.kind === 'array') return addressedVariable(e.base)
  return undefined
}

/** A struct that gcc -O0 copies through %rcx/%rbx pairs (33 to 256 bytes; see `savesRbx`). */
function copiedThroughRbx(t: CType): boolean {
  if (t.kind !== 'struct') return false
  const size = sizeOf(t)
  return size > 32 && size <= 256
}

/**
 * Whether gcc addresses the object `e` as a fixed offset from %rbp or %rip (a variable, a
 * member or constant element of one, a call's result, which is built in place), rather than
 * through a register holding a computed address (`*p`, `p->m`, `a[i]`).
 */
function atFixedOffset(e: Expr): boolean {
  switch (e.k) {
    case 'ident':
    case 'call':
    case 'cond':
    case 'assign':
    case 'comma':
      return true
    case 'member':
      return !e.arrow && atFixedOffset(e.object)
    case 'index':
      return e.base.ty?.kind === 'array' && e.index.k === 'int' && atFixedOffset(e.base)
    default:
      return false
  }
}

/**
 * A type's name as a phrase: "a `char *`" or "an `int *`" in English, as the name is
 * pronounced; other languages need only the name.
 */
function typed(t: CType): { type: DiagnosticReason } {
  const type = typeName(t)
  // "an `int`", "an `unsigned long`", "an `enum color`"; "a `long`", "a `uint8_t`".
  const an = /^(int|unsigned|enum)/.test(type)
  return { type: reason(an ? 'phrase.anType' : 'phrase.aType', { type }) }
}

const CANNOT = {
  assign: 'checker.cannotAssign',
  initialize: 'checker.cannotInitialize',
  return: 'checker.cannotReturn',
  pass: 'checker.cannotPass'
} as const

const DROPS_CONST = {
  assign: 'checker.dropsConstAssign',
  initialize: 'checker.dropsConstInitialize',
  return: 'checker.dropsConstAssign',
  pass: 'checker.dropsConstPass'
} as const

/** Why a library function is left out, in the learner's language when the messages know it. */
function libraryHint(name: string, english: string): DiagnosticReason | string {
  const key = `phrase.library.${name}`
  return key in DIAGNOSTIC_MESSAGES ? { key, params: {} } : english
}

function integer64Signed(): CType {
  return { kind: 'int', name: 'long', size: 8, signed: true, alias: 'ptrdiff_t' }
}

/** The value of an integer constant expression (literals, enum constants, operators, casts, sizeof), or null. */
function integerConstant(x: Expr): bigint | null {
  switch (x.k) {
    case 'int':
      return x.value
    case 'ident':
      return x.symbol?.kind === 'enum' ? x.symbol.value : null
    case 'unary': {
      const v = integerConstant(x.operand)
      if (v === null) return null
      if (x.op === '-') return -v
      if (x.op === '+') return v
      if (x.op === '~') return ~v
      if (x.op === '!') return v ? 0n : 1n
      return null
    }
    case 'binary': {
      const a = integerConstant(x.left)
      const b = integerConstant(x.right)
      return a === null || b === null ? null : foldArithmetic(x.op, a, b)
    }
    case 'cast':
      return x.type.kind === 'int' ? integerConstant(x.operand) : null
    case 'sizeof':
      return BigInt(sizeofValue(x))
    default:
      return null
  }
}

/**
 * The forms of `main` the run can start: `main(void)`, `main(int argc)`, `main(int argc, char
 * *argv[])` and `main(int argc, char *argv[], char *envp[])` (process-start.ts supplies them).
 */
function mainParametersSupported(params: ReadonlyArray<{ type: CType }>): boolean {
  if (params.length > 3) return false
  return params.every(({ type }, i) =>
    i === 0
      ? type.kind === 'int' && type.size === 4
      : type.kind === 'pointer' &&
        type.to.kind === 'pointer' &&
        type.to.to.kind === 'int' &&
        type.to.to.size === 1
  )
}
