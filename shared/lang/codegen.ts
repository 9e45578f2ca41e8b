/**
 * Code generation: the checked syntax tree becomes a flat instruction array (see opcodes.ts)
 * plus the initial contents of `.rodata` and `.data` and the sizes of every section. Addresses
 * of globals, literals and functions are section-relative here; `link` (in program.ts) fixes
 * them once the layout profile has placed the sections.
 */
import type { Expr, Initializer, Param, Stmt, Symbol } from './ast'
import {
  forEachExprIn,
  forEachExprInStmt,
  forEachInitializer,
  forEachStatement,
  sizeofValue
} from './ast'
import { BUILTINS, CALLS_BACK } from './builtins'
import { forEachExpr } from './memory-warnings'
import { BSEARCH_FRAME_BYTES, QSORT_FRAME_BYTES } from './library-callbacks'
import { expandedInline } from './callee-saved'
import {
  eightbyteClasses,
  parameterSpillAlign,
  parameterSpillSize,
  placeExpansionTemporaries,
  returnedInMemory
} from './frame'
import type { CheckedProgram, FunctionInfo, GlobalInfo } from './checker'
import type { SectionSizes } from '../sim/layout'
import {
  planEmission,
  type EmissionPlan,
  type GlobalClassification,
  type LibraryCallRewrite
} from './gcc-emission'
import { convert as convertValue } from './int64'
import { float32Bits, integerToFloat32, toFloat32 } from './float32'
import { differsFromInstruction, outOfRange, saturatingConversion } from './constant-folding'
import { foldAssumingNoOverflow } from './overflow-folding'
import {
  IMMEDIATE_I32,
  K,
  Op,
  type BitFieldAccess,
  type Kind,
  type VaStart,
  type VariadicCall
} from './opcodes'
import {
  callAfterLeftAddress,
  foldSwapsOperands,
  hasSideEffects,
  foldCompounds,
  isIntegerConstant,
  isInvariant,
  registerValue,
  unaffectedBy,
  addressUnaffectedBy,
  uselessConversion,
  writesVariable,
  type AddressTaken
} from './evaluation-order'
import {
  typeName,
  alignUp,
  decay,
  defaultPromotion,
  isFloat,
  promote,
  sizeOf,
  usualArithmetic,
  pointerTo,
  variableAlign,
  staticAlign,
  INT,
  CHAR,
  SIZE_T,
  type BitField,
  type CType,
  type FunctionType,
  type IntegerType
} from './types'

export type Section = 'text' | 'rodata' | 'data' | 'bss'

export interface CompiledParam {
  name: string
  /**
   * Where the callee finds it, from its %rbp: below it (negative) for a parameter that came in
   * a register and was spilled, above the return address (16 and up) for one the caller
   * passed on the stack.
   */
  offset: number
  size: number
  /** Store opcode for a scalar, Op.COPY for a struct passed by value, 0 for an unnamed one. */
  store: number
}

export interface CompiledFunction {
  index: number
  name: string
  /** First instruction (the function's text address: vm.ts textAddress(entry)). */
  entry: number
  /** One past the last instruction. */
  end: number
  frameSize: number
  /**
   * Bytes at the bottom of the frame below %rsp (a leaf's locals in the red zone): %rsp is
   * %rbp − frameSize + redZone while the function runs. 0 for a function that calls.
   */
  redZone: number
  params: CompiledParam[]
  /**
   * Bytes the caller pushes for the arguments passed on the stack (7th and later integers,
   * 9th and later doubles, structs of more than 16 bytes), rounded up to 16; the callee's
   * return address sits right below them.
   */
  stackArgBytes: number
  /**
   * %rbp offset where the callee keeps the hidden result pointer of a function returning a
   * struct of more than 16 bytes (it arrives in %rdi); 0 when there is none.
   */
  resultPointerOffset: number
  info: FunctionInfo
  line: number
  endLine: number
}

/** A named object in the image: a global, a static local or a string literal. */
export interface DataObject {
  name: string
  type: CType
  section: Exclude<Section, 'text'>
  offset: number
  size: number
  kind: 'global' | 'static' | 'literal'
  /** Literal text, for the rodata view. */
  text?: string
  symbolId?: number
}

export interface Relocation {
  /** Where the address goes: an index into `code`, or a byte offset into a data section. */
  at: number
  in: 'code' | 'rodata' | 'data'
  section: Section
  offset: number
}

/** The program's section alignments and PLT size, for placing globals exactly (layout.ts). */
export type SectionHints = Pick<
  SectionSizes,
  | 'rodataAlignment'
  | 'dataAlignment'
  | 'bssAlignment'
  | 'pltFunctions'
  | 'gotFunctions'
  | 'functionSavedRegisters'
  | 'dataSectionAlignment'
>

export interface CompiledProgram {
  code: number[]
  consts: unknown[]
  functions: CompiledFunction[]
  main: number
  sizes: Record<Section, number>
  objects: DataObject[]
  image: { rodata: Uint8Array; data: Uint8Array }
  relocations: Relocation[]
  /** What the linker needs to place the sections as ld places gcc's (shared/sim/layout.ts). */
  sectionHints?: SectionHints
  /** Line of the STMT at or before each instruction, for fault reports. */
  source: string
}

// ---- the System V x86-64 calling convention, as gcc -O0 lays parameters out -------------------

/** Where a function's parameters live, from its %rbp. */
interface ParameterLayout {
  params: CompiledParam[]
  stackArgBytes: number
  resultPointerOffset: number
  /**
   * A variadic function's named arguments: the argument registers they take (va_start's
   * gp_offset is 8 per integer one, fp_offset 48 + 16 per double) and where the first variable
   * argument the caller pushed would be (%rbp + overflowOffset: after the named ones).
   */
  named?: { integerRegisters: number; sseRegisters: number; overflowOffset: number }
}

/**
 * The %rbp offset of a variadic function's register save area (its prologue stores the
 * argument registers there for va_arg): right below the callee-saved registers it pushes,
 * as the checker laid the frame out (`VARARGS_SAVE_AREA`).
 */
function registerSaveAreaOffset(f: FunctionInfo): number {
  return -(alignUp(8 * (f.savedRegisters?.length ?? 0), 16) + 176)
}

/** General-purpose and SSE registers that carry arguments (rdi rsi rdx rcx r8 r9; xmm0–7). */
const INTEGER_REGISTERS = 6
const SSE_REGISTERS = 8

/**
 * Places a function's parameters as gcc -O0 does on x86-64 (checked against gcc 12 with
 * `-O0 -fno-omit-frame-pointer`, see examples/stack-*.c):
 * - arguments that travel in registers (the first six INTEGER eightbytes in rdi…r9, the first
 *   eight doubles in xmm0–7; a struct of at most 16 bytes only when all its eightbytes still
 *   find a register) are spilled below the locals, in declaration order, as the checker does
 *   (`placeParameters`), a hidden result pointer (in rdi) first;
 * - the others are pushed by the caller and read above the return address at %rbp+16, +24, …
 *   each in its own 8-byte-aligned slot, the whole area rounded up to 16.
 * The checker has placed every parameter as spilled; this moves the ones that are not.
 */
/**
 * How gcc -O0 aligns each function's %rsp: to 16 bytes when the function needs it — a local of
 * 16-byte alignment (an array or struct of 16 bytes or more, a temporary), the register save
 * area of a variadic function, or a call whose callee may need an aligned stack: a library
 * function, a call through a pointer, or a function defined later in the file (or itself) —
 * and otherwise to 8 (-fipa-stack-alignment, on by default: a function that only calls
 * functions defined before it that need 8 keeps its frame 8-aligned). So `int calls(int x) {
 * return leaf(x) + 1; }` after a leaf has `sub $8, %rsp`, and its callee's frame sits 8 bytes
 * higher than a 16-byte rounding would put it.
 */
function frameAlignments(functions: FunctionInfo[]): {
  alignment: Map<FunctionInfo, number>
  leaf: Set<FunctionInfo>
} {
  const alignment = new Map<FunctionInfo, number>()
  const leaf = new Set<FunctionInfo>()
  const defined = new Map<string, FunctionInfo>()
  for (const f of functions) {
    let needs16 =
      f.type.variadic ||
      f.variableLength === true ||
      (f.expansionTemporaries?.length ?? 0) > 0 ||
      [...f.params, ...f.locals].some((s) => variableAlign(s.type) >= 16)
    let calls = false
    forEachExpr(f.def.body, (e) => {
      if (e.k !== 'call') return
      const callee = e.callee
      const symbol = callee.k === 'ident' ? callee.symbol : undefined
      if (symbol?.kind === 'function' && symbol.builtin) {
        if (expandedInline(symbol.builtin, e.args)) return
        calls = true
        needs16 = true
        return
      }
      calls = true
      const known = symbol?.kind === 'function' ? defined.get(symbol.name) : undefined
      if (known === undefined || alignment.get(known) !== 8) needs16 = true
    })
    alignment.set(f, needs16 ? 16 : 8)
    if (!calls) leaf.add(f)
    defined.set(f.name, f)
  }
  return { alignment, leaf }
}

/** Set by generate() for the program being compiled (see frameAlignments). */
let frameAlignment = new Map<FunctionInfo, number>()

/**
 * Bytes of a leaf function's frame that lie below its %rsp, in the red zone: a function that
 * calls nothing does not move %rsp for up to 120 bytes of locals (the ABI's 128-byte red zone
 * less gcc's 8-byte reserve); beyond that it subtracts only the rest (`char buf[200]` in a
 * leaf: a 208-byte frame, `sub $88, %rsp`). gdb in such a function shows $rsp == $rbp.
 */
function redZoneOf(f: FunctionInfo, leaf: boolean): number {
  // A variable-length array goes below the frame, so %rsp must cover the whole frame first.
  if (!leaf || (f.savedRegisters?.length ?? 0) > 0 || f.variableLength) return 0
  return Math.min(f.frameSize, 120)
}

/** For each label of a function body, the blocks it lies in. */
function blocksAroundLabels(body: Stmt): Map<string, Set<Stmt>> {
  const around = new Map<string, Set<Stmt>>()
  const open: Stmt[] = []
  const visit = (s: Stmt): void => {
    switch (s.k) {
      case 'block':
        open.push(s)
        for (const item of s.items) visit(item)
        open.pop()
        return
      case 'labeled':
        around.set(s.label, new Set(open))
        visit(s.body)
        return
      case 'if':
        visit(s.then)
        if (s.otherwise) visit(s.otherwise)
        return
      case 'while':
      case 'do':
      case 'switch':
        visit(s.body)
        return
      case 'for':
        if (s.init) visit(s.init)
        visit(s.body)
        return
      default:
    }
  }
  visit(body)
  return around
}

/** The argument registers of each class a call has handed out so far (System V x86-64). */
interface RegistersUsed {
  integers: number
  sses: number
}

/**
 * Whether an argument of `type` travels in registers, taking them if so: all its eightbytes go
 * in the free registers of their classes, or the whole argument goes on the stack (a struct is
 * never split between the two).
 */
function takeArgumentRegisters(type: CType, used: RegistersUsed): boolean {
  const classes = eightbyteClasses(type)
  if (classes === null) return false
  const needInteger = classes.filter((c) => c === 'INTEGER').length
  const needSse = classes.length - needInteger
  if (used.integers + needInteger > INTEGER_REGISTERS || used.sses + needSse > SSE_REGISTERS)
    return false
  used.integers += needInteger
  used.sses += needSse
  return true
}

function layOutParameters(f: FunctionInfo): ParameterLayout {
  // Where the locals end (rounded to 16): the checker put the first parameter right below.
  // (Every type of the subset has an alignment of at most 8, so stack slots are 8-aligned.)
  const spillSize = parameterSpillSize
  const spillAlign = parameterSpillAlign
  const first = f.params[0]
  const localsEnd =
    first === undefined
      ? f.frameSize
      : Math.floor((-first.slot.offset - spillSize(first.type)) / 16) * 16

  const returnsInMemory = f.type.returns.kind === 'struct' && sizeOf(f.type.returns) > 16
  const used: RegistersUsed = { integers: returnsInMemory ? 1 : 0, sses: 0 }
  // Parameters that get a slot in the frame: those that came in registers, and char or short
  // ones from the stack (gcc -O0 copies those into a 4-byte local slot too).
  const spilled: Array<{ param: Param | null; type: CType }> = []
  const onStack: Param[] = []
  if (returnsInMemory) spilled.push({ param: null, type: pointerTo(f.type.returns) })
  for (const p of f.def.params) {
    if (takeArgumentRegisters(p.type, used)) {
      spilled.push({ param: p, type: p.type })
    } else {
      onStack.push(p)
      if (p.type.kind === 'int' && p.type.size < 4) spilled.push({ param: p, type: p.type })
    }
  }

  // Spilled register arguments: after the locals, each at its alignment, small ones filling
  // the holes that alignment leaves (the checker's rule).
  let cursor = localsEnd
  const holes: Array<{ low: number; high: number }> = []
  let resultPointerOffset = 0
  const place = (type: CType): number => {
    const size = spillSize(type)
    const align = spillAlign(type)
    for (const h of holes) {
      // gcc (try_fit_stack_local) takes the hole's upper end, nearest %rbp.
      const at = alignUp(h.low + size, align)
      if (at <= h.high) {
        holes.splice(holes.indexOf(h), 1)
        return -at
      }
    }
    const at = alignUp(cursor + size, align)
    if (at - size > cursor) holes.push({ low: cursor, high: at - size })
    cursor = at
    return -at
  }
  for (const { param, type } of spilled) {
    const offset = place(type)
    if (param === null) resultPointerOffset = offset
    else if (param.symbol?.kind === 'local')
      param.symbol.slot = { offset, size: sizeOf(param.type) }
  }
  // Stack arguments: from %rbp+16 up, in order, each in whole eightbytes.
  let above = 16
  for (const p of onStack) {
    const narrow = p.type.kind === 'int' && p.type.size < 4
    if (p.symbol?.kind === 'local' && !narrow)
      p.symbol.slot = { offset: above, size: sizeOf(p.type) }
    above += alignUp(sizeOf(p.type), 8)
  }
  cursor = placeExpansionTemporaries(cursor, f.expansionTemporaries ?? [])
  // Integer temporaries the five callee-saved registers could not hold go below the parameters.
  f.frameSize = alignUp(cursor + (f.spilledTemporaryBytes ?? 0), frameAlignment.get(f) ?? 16)

  const params = f.def.params.map((p): CompiledParam =>
    p.symbol?.kind === 'local'
      ? {
          name: p.symbol.name,
          offset: p.symbol.slot.offset,
          size: p.symbol.slot.size,
          store: storeOp(p.type)
        }
      : { name: '', offset: 0, size: sizeOf(p.type), store: 0 }
  )
  return {
    params,
    // A variadic function's caller pushes the variable arguments right after the named ones
    // and rounds the two together up to 16 (variadicCall), so its named area is not rounded.
    stackArgBytes: f.type.variadic ? above - 16 : alignUp(above - 16, 16),
    resultPointerOffset,
    ...(f.type.variadic
      ? {
          named: {
            integerRegisters: used.integers,
            sseRegisters: used.sses,
            overflowOffset: above
          }
        }
      : {})
  }
}

/**
 * How a call of a variadic function passes its arguments (System V x86-64): the named ones
 * (and a hidden result pointer) take the first registers of their classes, the variable ones
 * the registers left, in order, and the stack after that. null for a function that is not
 * variadic or is unprototyped.
 */
function variadicCall(ft: FunctionType, kinds: number[], inMemory: boolean): VariadicCall | null {
  if (!ft.variadic || ft.unprototyped) return null
  const used: RegistersUsed = { integers: inMemory ? 1 : 0, sses: 0 }
  // Named arguments past the registers go on the stack first, at the lowest addresses
  // (layOutParameters reads them from %rbp + 16 and the first variable one right after).
  let namedBytes = 0
  for (const t of ft.params)
    if (!takeArgumentRegisters(t, used)) namedBytes += alignUp(sizeOf(t), 8)
  const { integers, sses } = used
  const variable = kinds.slice(ft.params.length)
  let gp = integers
  let fp = sses
  let pushed = 0
  for (const kind of variable) {
    if (kind === K.F64) {
      if (fp < SSE_REGISTERS) fp++
      else pushed++
    } else if (gp < INTEGER_REGISTERS) gp++
    else pushed++
  }
  return {
    integerRegisters: integers,
    sseRegisters: sses,
    kinds: variable,
    stackBytes: alignUp(namedBytes + 8 * pushed, 16) - namedBytes
  }
}

/**
 * INCDEC's kind operand for a `_Bool`: the new value is converted to _Bool (`b++` leaves 1,
 * `b--` of 0 gives 1, as gcc computes `b = b - 1 != 0`), not cut to 8 bits.
 */
export const BOOL_INCDEC = 2

/** Names of the library functions in builtin-id order. */
export const BUILTIN_NAMES = Object.keys(BUILTINS)
/** The library's variadic functions. */
const VARIADIC_LIBRARY = BUILTIN_NAMES.filter((name) => BUILTINS[name].variadic)
const BUILTIN_ID = new Map(BUILTIN_NAMES.map((n, i) => [n, i]))

export interface SwitchTable {
  cases: Map<number | bigint, number>
  otherwise: number
}

/** The value kind of a (decayed) type on the operand stack. */
export function kindOf(t: CType): Kind {
  const d = decay(t)
  switch (d.kind) {
    case 'int':
      if (d.size < 4) return K.I32
      if (d.size === 4) return d.signed ? K.I32 : K.U32
      return d.signed ? K.I64 : K.U64
    case 'double':
      return K.F64
    case 'pointer':
      return K.PTR
    case 'struct':
      return K.STRUCT
    default:
      return K.VOID
  }
}

export function loadOp(t: CType): number {
  switch (t.kind) {
    case 'int':
      switch (t.size) {
        case 1:
          return t.signed ? Op.LD_I8 : Op.LD_U8
        case 2:
          return t.signed ? Op.LD_I16 : Op.LD_U16
        case 4:
          return t.signed ? Op.LD_I32 : Op.LD_U32
        default:
          return t.signed ? Op.LD_I64 : Op.LD_U64
      }
    case 'double':
      return t.float ? Op.LD_F32 : Op.LD_F64
    case 'pointer':
      return Op.LD_PTR
    default:
      return 0
  }
}

export function storeOp(t: CType): number {
  switch (t.kind) {
    case 'int':
      return t.size === 1 ? Op.ST_8 : t.size === 2 ? Op.ST_16 : t.size === 4 ? Op.ST_32 : Op.ST_64
    case 'double':
      return t.float ? Op.ST_F32 : Op.ST_F64
    case 'pointer':
      return Op.ST_PTR
    case 'struct':
      return Op.COPY
    default:
      return 0
  }
}

type ConstValue =
  | { kind: 'int'; value: bigint }
  | { kind: 'double'; value: number }
  | { kind: 'address'; section: Section; offset: number }

class CodeGenerator {
  readonly code: number[] = []
  readonly consts: unknown[] = []
  readonly relocations: Relocation[] = []
  readonly objects: DataObject[] = []
  private readonly redZones = new Map<FunctionInfo, number>()
  private readonly functions: CompiledFunction[] = []
  private readonly globalPlace = new Map<
    number,
    { section: Exclude<Section, 'text'>; offset: number }
  >()
  private readonly literalPlace: number[] = []
  /** Where each literal's bytes (joined with commas) are in .rodata. */
  private literalPlaceByKey = new Map<string, number>()
  /** What gcc outputs and in which order (gcc-emission.ts). */
  private plan!: EmissionPlan
  private readonly sectionHints: SectionHints = {}
  private readonly sizes: Record<Section, number> = { text: 0, rodata: 0, data: 0, bss: 0 }
  private rodata: number[] = []
  private data: number[] = []
  private breakTargets: number[][] = []
  /**
   * The blocks being generated, outermost first, for variable-length arrays: where %rsp was
   * as each began (the address of the last such array alive there, or the frame's bottom) and
   * the address slot of the last one it declared itself, if any.
   */
  private openBlocks: Array<{ block: Stmt | null; entry: number | null; declared: number | null }> =
    []
  /** How many blocks were open where each break or continue target's statement began. */
  private readonly blocksOpenAt = new WeakMap<number[], number>()
  /** The blocks around each label of the current function. */
  private labelBlocks = new Map<string, Set<Stmt>>()
  /** The switches being generated, innermost last: where `case` and `default` labels go. */
  private switches: { table: SwitchTable; kind: Kind }[] = []
  private continueTargets: number[][] = []
  private epilogue: number[] = []
  /** Jumps of `return;` in a non-void function, to the value falling off the end makes. */
  private bareReturns: number[] = []
  /** The current function's labels (where each starts) and its gotos (jumps to patch). */
  private readonly labels = new Map<string, number>()
  private gotos: Array<{ at: number; label: string }> = []
  private current: FunctionInfo | null = null
  /** Calls whose target function is not compiled yet: code index → function index. */
  private readonly pendingCalls: Array<[number, number]> = []

  /** Locals whose address is taken; every other local scalar is a gimple register. */
  private readonly addressTaken: AddressTaken

  constructor(
    private readonly program: CheckedProgram,
    private readonly file = 'program.c'
  ) {
    this.addressTaken = program.addressTaken ?? new Set()
  }

  run(): CompiledProgram {
    this.plan = planEmission(this.program, (g) => this.classifyGlobal(g), {
      file: this.file,
      assertText: (e) => this.assertText(e)
    })
    this.placeData()
    // Parameter places first: a function's body reads its parameters from them.
    const frames = frameAlignments(this.program.functions)
    frameAlignment = frames.alignment
    for (const f of this.program.functions) this.layouts.set(f, layOutParameters(f))
    for (const f of frames.leaf) this.redZones.set(f, redZoneOf(f, true))
    for (const f of this.program.functions) this.compileFunction(f)
    for (const [name, index] of this.libraryStubs) this.compileLibraryStub(name, index)
    for (const [at, index] of this.pendingCalls) this.code[at] = index
    this.sizes.text = this.code.length
    return {
      code: this.code,
      consts: this.consts,
      functions: this.functions,
      main: this.program.main,
      sizes: this.sizes,
      sectionHints: this.sectionHints,
      objects: this.objects,
      image: { rodata: Uint8Array.from(this.rodata), data: Uint8Array.from(this.data) },
      relocations: this.relocations,
      source: this.program.source
    }
  }

  // ---- data sections ------------------------------------------------------------------------

  /**
   * Lays out `.rodata`, `.data` and `.bss` as gcc 12 -O0 fills them (gcc-emission.ts): its
   * literals and const objects in its order, `.data` then the objects holding addresses
   * (`.data.rel.local`), `.bss`; then, after everything gcc outputs, the literals the
   * interpreter needs but gcc folds or copies by immediate moves, and const objects holding
   * addresses (gcc's `.data.rel.ro.local`, in the RELRO page on Linux: not modelled).
   */
  private placeData(): void {
    const plan = this.plan
    const byKey = new Map<string, number>()
    const placeLiteral = (bytes: number[], align: number): void => {
      const offset = alignUp(this.rodata.length, align)
      while (this.rodata.length < offset) this.rodata.push(0)
      this.rodata.push(...bytes, 0)
      byKey.set(bytes.join(','), offset)
      this.objects.push({
        name: JSON.stringify(String.fromCharCode(...bytes)),
        type: {
          kind: 'array',
          of: { kind: 'int', name: 'char', size: 1, signed: true },
          length: bytes.length + 1
        },
        section: 'rodata',
        offset,
        size: bytes.length + 1,
        kind: 'literal',
        text: new TextDecoder().decode(Uint8Array.from(bytes))
      })
    }
    let rodataAlignment = 1
    for (const item of plan.rodata) {
      if (item.kind === 'function-name') {
        // __PRETTY_FUNCTION__, a static const char array (for assert's message): not a literal.
        const align = staticAlign({ kind: 'array', of: CHAR, length: item.bytes.length + 1 })
        rodataAlignment = Math.max(rodataAlignment, align)
        const offset = alignUp(this.rodata.length, align)
        while (this.rodata.length < offset) this.rodata.push(0)
        this.rodata.push(...item.bytes, 0)
        continue
      }
      if (item.kind === 'literal') {
        // gcc aligns a literal of at least 31 bytes (with its NUL) to 8 (ix86_constant_alignment).
        const align = item.bytes.length + 1 >= 31 ? 8 : 1
        rodataAlignment = Math.max(rodataAlignment, align)
        placeLiteral(item.bytes, align)
      } else {
        rodataAlignment = Math.max(rodataAlignment, this.placeGlobal(item.global, 'rodata'))
      }
    }
    // A literal only a rewritten printf held (`printf("hello\n")` runs as `puts("hello")`) is
    // read by nothing: gcc outputs none of it, and placing it would show a constant in .rodata
    // that objdump does not.
    const read = literalsRead(this.program, plan.rewrites)
    this.program.literals.forEach((bytes, index) => {
      if (!byKey.has(bytes.join(',')) && read.has(index)) placeLiteral(bytes, 1)
    })
    for (const g of plan.dataRelRo) this.placeGlobal(g, 'rodata')
    // (An unread literal has no place; nothing looks it up.)
    this.literalPlace.push(...this.program.literals.map((b) => byKey.get(b.join(','))!))
    this.literalPlaceByKey = byKey

    let dataAlignment = 1
    for (const g of plan.data) dataAlignment = Math.max(dataAlignment, this.placeGlobal(g, 'data'))
    let relAlignment = 1
    for (const g of plan.dataRelLocal) relAlignment = Math.max(relAlignment, globalAlign(g))
    if (plan.dataRelLocal.length > 0) {
      // .data.rel.local follows .data; the program's .data opens 16 bytes (crt1's __data_start,
      // crtbegin's __dso_handle) after the start of the output section, which is aligned for both.
      const sectionAlign = Math.max(8, dataAlignment, relAlignment)
      const opening = alignUp(16, dataAlignment)
      // Offsets in the image are from the program's .data, `opening` bytes past an address
      // aligned for the whole section: each object is aligned as an address there.
      // The object file's .data.rel.local is aligned for its most aligned object (an array
      // of 32 bytes or more: 32), and the linker starts it at that alignment after .data.
      const start = alignUp(this.data.length + opening, relAlignment) - opening
      while (this.data.length < start) this.data.push(0)
      for (const g of plan.dataRelLocal) this.placeGlobal(g, 'data', opening)
      if (sectionAlign > Math.max(8, dataAlignment))
        this.sectionHints.dataSectionAlignment = sectionAlign
    }
    // A static without an initializer (file scope or local) is a local common symbol to gcc
    // (`.local s; .comm s,100,32`), which the assembler allocates after the object's .bss.
    const localCommon = (g: GlobalInfo): boolean =>
      g.decl.storage === 'static' || g.symbol.functionName !== undefined
    const bss = [...plan.bss.filter((g) => !localCommon(g)), ...plan.bss.filter(localCommon)]
    let bssAlignment = 1
    for (const g of bss) bssAlignment = Math.max(bssAlignment, this.placeGlobal(g, 'bss'))

    for (const g of this.program.globals) {
      const init = g.decl.init
      if (!init) continue
      const place = this.globalPlace.get(g.symbol.id)!
      if (place.section === 'bss') continue
      this.writeStatic(place.section, place.offset, g.symbol.type, init)
    }
    // gcc loads non-zero double constants (and negation's sign mask) from its constant pool,
    // aligned after everything else in .rodata: the section is then as aligned, which moves
    // its literals.
    let rodataEnd = this.rodata.length
    for (const entry of constantPool(this.program.functions.map((f) => f.def.body))) {
      rodataAlignment = Math.max(rodataAlignment, entry.align)
      rodataEnd = alignUp(rodataEnd, entry.align) + entry.size
    }
    this.sizes.rodata = rodataEnd
    this.sizes.data = this.data.length
    Object.assign(this.sectionHints, {
      rodataAlignment,
      dataAlignment,
      bssAlignment,
      pltFunctions: plan.libraryFunctions.length,
      gotFunctions: plan.addressTakenLibraryFunctions.length,
      functionSavedRegisters: this.program.functions.map((f) => f.savedRegisters?.length ?? 0)
    })
  }

  /**
   * Places a global or static local at the end of `section`, aligned as an address whose
   * offset 0 lies `bias` bytes past an aligned one; returns its alignment.
   */
  private placeGlobal(g: GlobalInfo, section: Exclude<Section, 'text'>, bias = 0): number {
    const type = g.symbol.type
    const size = sizeOf(type)
    const align = globalAlign(g)
    const buffer = section === 'rodata' ? this.rodata : section === 'data' ? this.data : null
    let offset: number
    if (buffer) {
      offset = alignUp(buffer.length + bias, align) - bias
      while (buffer.length < offset + size) buffer.push(0)
    } else {
      offset = alignUp(this.sizes.bss, align)
      this.sizes.bss = offset + size
    }
    this.globalPlace.set(g.symbol.id, { section, offset })
    this.objects.push({
      name: g.displayName,
      type,
      section,
      offset,
      size,
      kind: g.symbol.isStatic ? 'static' : 'global',
      symbolId: g.symbol.id
    })
    return align
  }

  /** gcc's section for a global or static local, and the literals its initializer points at. */
  /** True while planEmission classifies the globals, before any of them has a place. */
  private choosingSections = false

  private classifyGlobal(g: GlobalInfo): GlobalClassification {
    const type = g.symbol.type
    const init = g.decl.init
    const literals: number[][] = []
    this.choosingSections = true
    const holdsAddress = init ? this.addressesIn(init, type, literals) : false
    this.choosingSections = false
    if (isConstObject(type)) return { section: holdsAddress ? 'data.rel.ro' : 'rodata', literals }
    if (!init || this.isZeroInitializer(init)) return { section: 'bss', literals }
    return { section: holdsAddress ? 'data.rel.local' : 'data', literals }
  }

  /** Whether a static initializer stores an address; collects the literals it points at. */
  private addressesIn(init: Initializer, type: CType, literals: number[][]): boolean {
    if (type.kind === 'array') {
      if (stringInitializer(init, type)) return false
      if (init.k !== 'list') return false
      let found = false
      for (const item of init.items) found = this.addressesIn(item.init, type.of, literals) || found
      return found
    }
    if (type.kind === 'struct') {
      if (init.k !== 'list') return false
      let found = false
      let field = 0
      for (const item of init.items) {
        const d = item.designator?.[0]
        if (d && 'field' in d) field = type.layout.fields.findIndex((f) => f.name === d.field)
        const f = type.layout.fields[field]
        if (f) found = this.addressesIn(item.init, f.type, literals) || found
        field++
      }
      return found
    }
    const e = scalarInitializer(init)
    if (!e || this.constValue(e)?.kind !== 'address') return false
    collectLiterals(e, literals)
    return true
  }

  private isZeroInitializer(init: Initializer): boolean {
    if (init.k === 'list') return init.items.every((i) => this.isZeroInitializer(i.init))
    const v = this.constValue(init.expr)
    return (
      v !== null &&
      ((v.kind === 'int' && v.value === 0n) || (v.kind === 'double' && Object.is(v.value, 0)))
    )
  }

  private writeStatic(
    section: 'rodata' | 'data',
    offset: number,
    type: CType,
    init: Initializer
  ): void {
    const buffer = section === 'rodata' ? this.rodata : this.data
    if (type.kind === 'array') {
      const str = stringInitializer(init, type)
      if (str) {
        str.forEach((b, i) => {
          if (i < (type.length ?? 0)) buffer[offset + i] = b
        })
        return
      }
      if (init.k !== 'list') return
      const step = sizeOf(type.of)
      let index = 0
      for (const item of init.items) {
        const d = item.designator?.[0]
        if (d && 'index' in d) index = Number(this.constInt(d.index))
        this.writeStatic(section, offset + index * step, type.of, item.init)
        index++
      }
      return
    }
    if (type.kind === 'struct') {
      if (init.k === 'expr') return
      let field = 0
      for (const item of init.items) {
        const d = item.designator?.[0]
        if (d && 'field' in d) field = type.layout.fields.findIndex((f) => f.name === d.field)
        const f = type.layout.fields[field]
        if (f?.bits) this.writeStaticBits(section, offset + f.offset, f.bits, item.init)
        else if (f) this.writeStatic(section, offset + f.offset, f.type, item.init)
        field++
      }
      return
    }
    const e = scalarInitializer(init)
    if (!e) return
    const v = this.constValue(e)
    if (!v) return
    const size = sizeOf(type)
    if (v.kind === 'address') {
      this.relocations.push({ at: offset, in: section, section: v.section, offset: v.offset })
      return
    }
    if (type.kind === 'double') {
      const view = new DataView(new ArrayBuffer(8))
      if (type.float) view.setUint32(0, float32Bits(constantAsFloat(v)), true)
      else view.setFloat64(0, v.kind === 'double' ? v.value : Number(v.value), true)
      for (let i = 0; i < size; i++) buffer[offset + i] = view.getUint8(i)
      return
    }
    // A double constant out of range saturates, as gcc folds it (`int g = 1e10;` is INT_MAX).
    let n =
      v.kind === 'double'
        ? type.kind === 'int'
          ? saturatingConversion(v.value, type)
          : BigInt(Math.trunc(v.value))
        : v.value
    if (type.kind === 'int' && type.name === '_Bool') n = n !== 0n ? 1n : 0n
    n = BigInt.asUintN(size * 8, n)
    for (let i = 0; i < size; i++) buffer[offset + i] = Number((n >> BigInt(8 * i)) & 0xffn)
  }

  /** A bit-field's initial value, cut to its width, into its bits of the image (little-endian). */
  private writeStaticBits(
    section: Exclude<Section, 'text'>,
    unit: number,
    bits: BitField,
    init: Initializer
  ): void {
    const e = scalarInitializer(init)
    const v = e ? this.constValue(e) : null
    if (!v || v.kind === 'address') return
    const n = v.kind === 'double' ? BigInt(Math.trunc(v.value)) : v.value
    const value = BigInt.asUintN(bits.width, n)
    const buffer = section === 'rodata' ? this.rodata : this.data
    for (let i = 0; i < bits.width; i++) {
      if (((value >> BigInt(i)) & 1n) === 0n) continue
      const bit = bits.shift + i
      buffer[unit + (bit >> 3)] |= 1 << (bit & 7)
    }
  }

  private constInt(e: Expr): bigint {
    const v = this.constValue(e)
    return v && v.kind === 'int' ? v.value : 0n
  }

  /** Evaluates a constant initializer: a number, or an address in some section plus an offset. */
  private constValue(e: Expr): ConstValue | null {
    switch (e.k) {
      case 'int':
        return { kind: 'int', value: e.value }
      case 'float':
        return { kind: 'double', value: e.value }
      case 'sizeof':
        return { kind: 'int', value: BigInt(sizeofValue(e)) }
      case 'string':
        return { kind: 'address', section: 'rodata', offset: this.literalPlace[e.literal ?? 0] }
      case 'ident': {
        const s = e.symbol
        if (s?.kind === 'function')
          return { kind: 'address', section: 'text', offset: -1 - this.functionIndexOf(s) }
        if (s?.kind === 'global') {
          const p = this.globalPlace.get(s.id)
          if (p) return { kind: 'address', section: p.section, offset: p.offset }
          // While sections are chosen nothing is placed yet, but `&g` and `array + 3` are
          // addresses all the same (gcc puts a global holding one in .data.rel.local).
          return this.choosingSections ? { kind: 'address', section: 'data', offset: 0 } : null
        }
        if (s?.kind === 'enum') return { kind: 'int', value: s.value }
        return null
      }
      case 'unary': {
        if (e.op === '&') return this.constAddress(e.operand)
        const v = this.constValue(e.operand)
        if (!v || v.kind === 'address') return null
        if (v.kind === 'double')
          return e.op === '-'
            ? { kind: 'double', value: -v.value }
            : e.op === '!'
              ? { kind: 'int', value: v.value ? 0n : 1n }
              : v
        const t = e.ty ?? INT
        const wrap = (x: bigint): ConstValue => ({ kind: 'int', value: wrapInt(x, t) })
        return e.op === '-'
          ? wrap(-v.value)
          : e.op === '~'
            ? wrap(~v.value)
            : e.op === '!'
              ? { kind: 'int', value: v.value ? 0n : 1n }
              : v
      }
      case 'cast': {
        const v = this.constValue(e.operand)
        if (!v) return null
        const t = e.type
        if (t.kind === 'double') {
          if (v.kind === 'address') return null
          return { kind: 'double', value: t.float ? constantAsFloat(v) : Number(v.value) }
        }
        if (t.kind === 'int') {
          if (v.kind === 'address') return null
          const n = v.kind === 'double' ? saturatingConversion(v.value, t) : v.value
          return { kind: 'int', value: wrapInt(n, t) }
        }
        return v
      }
      case 'binary': {
        // A long chain `1 + 2 + …` is folded in a loop along its left spine.
        const spine: Array<Expr & { k: 'binary' }> = [e]
        let bottom = e.left
        while (bottom.k === 'binary') {
          spine.push(bottom)
          bottom = bottom.left
        }
        let value = this.constValue(bottom)
        for (let i = spine.length - 1; i >= 0 && value; i--) {
          value = this.constBinary(spine[i], value)
        }
        return value
      }
      case 'cond': {
        const c = this.constValue(e.test)
        if (!c) return null
        const truthy = c.kind === 'address' || (c.kind === 'int' ? c.value !== 0n : c.value !== 0)
        return this.constValue(truthy ? e.then : e.otherwise)
      }
      default:
        return null
    }
  }

  /** The constant value of `e` when its left operand's value is `a`. */
  private constBinary(e: Expr & { k: 'binary' }, a: ConstValue): ConstValue | null {
    const b = this.constValue(e.right)
    if (!b) return null
    const t = e.ty ?? INT
    if (a.kind === 'address' || b.kind === 'address') {
      if (a.kind === 'address' && b.kind === 'int' && (e.op === '+' || e.op === '-')) {
        const scale = BigInt(sizeOf((decay(e.left.ty ?? INT) as { to?: CType }).to ?? INT))
        const delta = Number(b.value * scale)
        return { ...a, offset: a.offset + (e.op === '+' ? delta : -delta) }
      }
      return null
    }
    if (t.kind === 'double' || a.kind === 'double' || b.kind === 'double') {
      // In float when neither operand is a double (`1.0f / 3`: 3 becomes 3.0f first).
      const single = isFloat(usualArithmetic(decay(e.left.ty ?? INT), decay(e.right.ty ?? INT)))
      const x = single ? constantAsFloat(a) : Number(a.value)
      const y = single ? constantAsFloat(b) : Number(b.value)
      const exact =
        e.op === '+'
          ? x + y
          : e.op === '-'
            ? x - y
            : e.op === '*'
              ? x * y
              : e.op === '/'
                ? x / y
                : NaN
      const r = single ? toFloat32(exact) : exact
      if (t.kind === 'double') return { kind: 'double', value: r }
      const cmp =
        e.op === '<'
          ? x < y
          : e.op === '>'
            ? x > y
            : e.op === '<='
              ? x <= y
              : e.op === '>='
                ? x >= y
                : e.op === '=='
                  ? x === y
                  : x !== y
      return { kind: 'int', value: cmp ? 1n : 0n }
    }
    const x = a.value
    const y = b.value
    let r: bigint
    switch (e.op) {
      case '+':
        r = x + y
        break
      case '-':
        r = x - y
        break
      case '*':
        r = x * y
        break
      case '/':
        if (y === 0n) return null
        r = x / y
        break
      case '%':
        if (y === 0n) return null
        r = x % y
        break
      case '<<':
        r = x << y
        break
      case '>>':
        r = x >> y
        break
      case '&':
        r = x & y
        break
      case '|':
        r = x | y
        break
      case '^':
        r = x ^ y
        break
      default: {
        const c =
          e.op === '<'
            ? x < y
            : e.op === '>'
              ? x > y
              : e.op === '<='
                ? x <= y
                : e.op === '>='
                  ? x >= y
                  : e.op === '=='
                    ? x === y
                    : e.op === '!='
                      ? x !== y
                      : e.op === '&&'
                        ? x !== 0n && y !== 0n
                        : x !== 0n || y !== 0n
        return { kind: 'int', value: c ? 1n : 0n }
      }
    }
    return { kind: 'int', value: wrapInt(r, t) }
  }

  private constAddress(e: Expr): ConstValue | null {
    switch (e.k) {
      case 'ident':
      case 'string':
        return this.constValue(e)
      case 'index': {
        const base = this.constAddress(e.base) ?? this.constValue(e.base)
        if (!base || base.kind !== 'address') return null
        const i = this.constValue(e.index)
        if (!i || i.kind !== 'int') return null
        return { ...base, offset: base.offset + Number(i.value) * sizeOf(e.ty ?? INT) }
      }
      case 'member': {
        const base = this.constAddress(e.object)
        if (!base || base.kind !== 'address') return null
        return { ...base, offset: base.offset + (e.offset ?? 0) }
      }
      default:
        return null
    }
  }

  // ---- functions ------------------------------------------------------------------------

  private emit(...words: number[]): void {
    for (const w of words) this.code.push(w)
  }

  private label(): number {
    this.literalEnd = -1
    this.doubleLiteralEnd = -1
    return this.code.length
  }

  /** Emits a jump with a placeholder target; returns the index to patch. */
  private jump(op: number): number {
    this.code.push(op, -1)
    return this.code.length - 1
  }

  private patch(at: number, target = this.code.length): void {
    this.code[at] = target
    // A jump now lands here: a conversion emitted next applies to every path, not just a literal.
    this.literalEnd = -1
    this.doubleLiteralEnd = -1
  }

  /** Code length right after the PUSH of an integer literal, while nothing else followed it. */
  private literalEnd = -1
  /** Where the last double literal's PUSH ends (an out-of-range conversion of it is folded). */
  private doubleLiteralEnd = -1

  private stmtMark(line: number): void {
    if (!this.quiet) this.emit(Op.STMT, line)
  }

  /** While set, statements emit no step boundary (a `for` initializer is part of the header's step). */
  private quiet = false

  /** Each function's parameter places under the calling convention (`layOutParameters`). */
  private readonly layouts = new Map<FunctionInfo, ParameterLayout>()

  /**
   * Library functions whose address the program takes (`size_t (*length)(const char *) =
   * strlen`, `&printf`), each with the function index of its stub, in the order the stubs
   * follow the program's own functions in .text.
   */
  private readonly libraryStubs = new Map<string, number>()

  /** The program calls atexit: exit (and main's return) runs the handlers first. */
  private get usesAtexit(): boolean {
    return (
      this.plan.libraryFunctions.includes('atexit') ||
      this.plan.addressTakenLibraryFunctions.includes('atexit')
    )
  }

  /** The function index of a function symbol: a library function gets a stub (see below). */
  private functionIndexOf(s: Symbol & { kind: 'function' }): number {
    if (!s.builtin) return (s as { functionIndex?: number }).functionIndex!
    return this.libraryStub(s.builtin)
  }

  private libraryStub(name: string): number {
    let index = this.libraryStubs.get(name)
    if (index === undefined) {
      index = this.program.functions.length + this.libraryStubs.size
      this.libraryStubs.set(name, index)
    }
    return index
  }

  /**
   * A library function called through a pointer needs an address in .text, as the PLT gives it
   * in a real PIE: a small function of the same prototype that passes its parameters on to the
   * library. It has no statements (nothing to step through), only a frame like any callee's,
   * its parameters spilled 8 bytes apart. A variadic function's stub takes only its fixed
   * parameters: arguments after them are not passed on (qsort-like callbacks into the library
   * are outside the subset).
   */
  private compileLibraryStub(name: string, index: number): void {
    const type = BUILTINS[name]
    const entry = this.label()
    const params: CompiledParam[] = []
    const symbols: FunctionInfo['params'] = []
    const at = { line: 0, column: 0, endColumn: 0 }
    type.params.forEach((t, i) => {
      const offset = -8 * (i + 1)
      const param = `arg${i + 1}`
      params.push({ name: param, offset, size: sizeOf(t), store: storeOp(t) })
      symbols.push({
        kind: 'local',
        name: param,
        type: t,
        slot: { offset, size: sizeOf(t) },
        parameter: true,
        pos: at,
        id: -1
      })
      this.emit(Op.LOCAL, offset)
      this.emit(loadOp(t))
    })
    if (name === 'exit' && this.usesAtexit) this.compileExitHandlers()
    this.consts.push(type.params.map(kindOf))
    this.emit(Op.BUILTIN, BUILTIN_ID.get(name)!, type.params.length, this.consts.length - 1)
    if (CALLS_BACK.has(name)) this.compileCallbackLoop(type.params.length)
    this.emit(Op.RET, type.returns.kind === 'void' ? 0 : 1)
    const frameSize = CALLS_BACK.has(name)
      ? name === 'qsort'
        ? QSORT_FRAME_BYTES
        : BSEARCH_FRAME_BYTES
      : name === 'exit' && this.usesAtexit
        ? EXIT_FRAME_BYTES
        : alignUp(8 * type.params.length, 16)
    const body: Stmt & { k: 'block' } = { k: 'block', items: [], pos: at, end: at }
    const info: FunctionInfo = {
      id: index,
      name,
      def: { name, type, params: [], body, storage: 'extern', pos: at, end: at },
      type,
      frameSize,
      params: symbols,
      locals: []
    }
    this.functions.push({
      index,
      name,
      entry,
      end: this.label(),
      frameSize,
      params,
      redZone: 0,
      stackArgBytes: 0,
      resultPointerOffset: 0,
      info,
      line: 0,
      endLine: 0
    })
  }

  /**
   * exit's driver before the exit itself, in a program that calls atexit: while a handler is
   * registered, take the last one (glibc's __run_exit_handlers calls them in the reverse order
   * of registration) and call it, through the simulated stack like any call, so its statements
   * are steps and its frame is on the stack. A handler that calls exit comes back here: the
   * remaining handlers run, then it exits with its status, as in glibc.
   */
  private compileExitHandlers(): void {
    const id = (name: string): number => BUILTIN_ID.get(name)!
    const noKinds = this.consts.push([]) - 1
    const loop = this.label()
    this.emit(Op.BUILTIN, id('__exit_pending'), 0, noKinds)
    const done = this.jump(Op.JZ)
    this.emit(Op.BUILTIN, id('__exit_handler'), 0, noKinds)
    this.emit(Op.CALLI, 0, 0)
    this.emit(Op.JMP, loop)
    this.patch(done)
  }

  /**
   * The rest of qsort's or bsearch's driver, after the BUILTIN that started it
   * (library-callbacks.ts): while the library wants a comparison, call the comparator (the
   * last parameter) with the two pointers it names, through the simulated stack like any call,
   * and hand its answer back; then the library's result.
   */
  private compileCallbackLoop(paramCount: number): void {
    const id = (name: string): number => BUILTIN_ID.get(name)!
    const noKinds = this.consts.push([]) - 1
    const intKind = this.consts.push([K.I32]) - 1
    const loop = this.label()
    this.emit(Op.BUILTIN, id('__callback_next'), 0, noKinds)
    const done = this.jump(Op.JZ)
    for (const which of [0, 1]) {
      this.emit(Op.PUSH, which)
      this.emit(Op.BUILTIN, id('__callback_argument'), 1, intKind)
    }
    this.emit(Op.LOCAL, -8 * paramCount)
    this.emit(Op.LD_PTR)
    this.emit(Op.CALLI, 2, 0)
    this.emit(Op.BUILTIN, id('__callback_answer'), 1, intKind)
    this.emit(Op.JMP, loop)
    this.patch(done)
    this.emit(Op.BUILTIN, id('__callback_end'), 0, noKinds)
  }

  private compileFunction(f: FunctionInfo): void {
    this.current = f
    const entry = this.label()
    this.epilogue = []
    this.bareReturns = []
    this.labels.clear()
    this.gotos = []
    const layout = this.layouts.get(f)!
    this.labelBlocks = f.variableLength ? blocksAroundLabels(f.def.body) : new Map()
    this.openBlocks = []
    const named = layout.named
    if (named)
      this.emit(Op.VA_SAVE, registerSaveAreaOffset(f), named.integerRegisters, named.sseRegisters)
    this.stmt(f.def.body)
    // The checker made sure every label a goto names is defined in the function.
    for (const g of this.gotos) this.patch(g.at, this.labels.get(g.label) ?? g.at - 1)
    // Falling off the end: main returns 0 (C99); other functions return %rax (the interpreter
    // turns this PUSH 0 into PUSH_RAX when it links the code), and so does a bare `return;`.
    const returnsValue = f.type.returns.kind !== 'void'
    const fallOff = this.label()
    for (const at of this.bareReturns) this.patch(at, fallOff)
    if (returnsValue) {
      if (f.type.returns.kind === 'struct')
        this.emit(Op.LOCAL, f.def.body.items.length >= 0 ? -f.frameSize : 0)
      else this.pushZero(kindOf(f.type.returns))
    }
    const epilogueAt = this.label()
    for (const at of this.epilogue) this.patch(at, epilogueAt)
    this.stmtMark(f.def.end.line)
    // main returns to __libc_start_call_main, which calls exit with its value: with atexit
    // handlers to run, that exit is the driver that calls them. main's `leave; ret` has popped
    // its frame by then (%rsp is %rbp + 16), so exit's frame takes main's place: its return
    // address goes where main's was, and the handlers' frames are as high as gcc's binary has
    // them (0x20 higher than below main's 16-byte frame).
    if (f.id === this.program.main && this.usesAtexit) {
      this.emit(Op.LOCAL, 16)
      this.emit(Op.SET_RSP)
      this.emit(Op.CALL, this.libraryStub('exit'), 1, 0)
    }
    if (f.type.returns.kind === 'struct') this.emit(Op.RET_STRUCT, sizeOf(f.type.returns))
    else this.emit(Op.RET, returnsValue ? 1 : 0)
    this.functions.push({
      index: f.id,
      name: f.name,
      entry,
      end: this.label(),
      frameSize: f.frameSize,
      redZone: this.redZones.get(f) ?? 0,
      params: layout.params,
      stackArgBytes: layout.stackArgBytes,
      resultPointerOffset: layout.resultPointerOffset,
      info: f,
      line: f.def.pos.line,
      endLine: f.def.end.line
    })
    this.current = null
  }

  private pushZero(kind: Kind): void {
    if (kind === K.F64) this.emit(Op.PUSH, 0)
    else this.emit(Op.PUSH, 0)
  }

  private block(items: Stmt[]): void {
    for (const s of items) this.stmt(s)
  }

  private stmt(s: Stmt): void {
    switch (s.k) {
      case 'block': {
        if (!this.current?.variableLength) {
          this.block(s.items)
          return
        }
        this.openBlocks.push({ block: s, entry: this.stackPointerSource(), declared: null })
        this.block(s.items)
        const closed = this.openBlocks.pop()!
        // Leaving the block frees its variable-length arrays: %rsp goes back where it was.
        if (closed.declared !== null) this.restoreStackPointer(closed.entry)
        return
      }
      case 'decl':
        for (const d of s.decls) {
          const sym = d.symbol
          if (sym?.kind === 'local' && sym.vla && d.variableLength) {
            this.stmtMark(d.pos.line)
            this.allocateVariableLength(sym, d.variableLength)
            continue
          }
          if (!sym || sym.kind !== 'local' || !d.init) continue
          this.stmtMark(d.pos.line)
          this.initializeLocal(sym.slot.offset, sym.type, d.init)
        }
        return
      case 'expr':
        this.stmtMark(s.pos.line)
        this.exprStatement(s.expr)
        return
      case 'if': {
        this.stmtMark(s.pos.line)
        const toElse = this.condJump(s.test, false)
        this.stmt(s.then)
        if (s.otherwise) {
          const toEnd = this.jump(Op.JMP)
          this.patch(toElse)
          this.stmt(s.otherwise)
          this.patch(toEnd)
        } else this.patch(toElse)
        return
      }
      case 'while': {
        const top = this.label()
        this.stmtMark(s.pos.line)
        const exit = this.condJump(s.test, false)
        this.loopBody(s.body, top)
        this.emit(Op.JMP, top)
        this.patch(exit)
        this.closeLoop()
        return
      }
      case 'do': {
        const top = this.label()
        this.breakTargets.push(this.jumpList())
        this.continueTargets.push(this.jumpList())
        this.stmt(s.body)
        const cont = this.label()
        for (const at of this.continueTargets.pop()!) this.patch(at, cont)
        this.stmtMark(s.testPos.line)
        const back = this.condJump(s.test, true)
        this.patch(back, top)
        for (const at of this.breakTargets.pop()!) this.patch(at)
        return
      }
      case 'for': {
        // One step on the header per iteration, as gdb stops there: initializer + first test,
        // then update + test on every later pass. `for (;;) {}` still passes a step boundary.
        this.stmtMark(s.pos.line)
        if (s.init) {
          this.quiet = true
          if (s.init.k === 'expr') this.exprStatement(s.init.expr)
          else this.stmt(s.init)
          this.quiet = false
        }
        const toCheck = this.jump(Op.JMP)
        const cont = this.label()
        this.stmtMark(s.pos.line)
        if (s.update) this.exprStatement(s.update)
        this.patch(toCheck)
        let exit = -1
        if (s.test) exit = this.condJump(s.test, false)
        this.breakTargets.push(this.jumpList())
        this.continueTargets.push(this.jumpList())
        this.stmt(s.body)
        for (const at of this.continueTargets.pop()!) this.patch(at, cont)
        this.emit(Op.JMP, cont)
        if (exit >= 0) this.patch(exit)
        for (const at of this.breakTargets.pop()!) this.patch(at)
        return
      }
      case 'switch': {
        this.stmtMark(s.pos.line)
        this.rvalue(s.expr)
        this.convert(s.expr.ty!, promote(decay(s.expr.ty!)))
        const table: SwitchTable = { cases: new Map(), otherwise: -1 }
        this.consts.push(table)
        this.emit(Op.SWITCH, this.consts.length - 1)
        const wide = kindOf(promote(decay(s.expr.ty!)))
        this.breakTargets.push(this.jumpList())
        this.switchBody(s.body, table, wide)
        const end = this.label()
        if (table.otherwise < 0) table.otherwise = end
        for (const at of this.breakTargets.pop()!) this.patch(at)
        return
      }
      case 'case':
      case 'default':
        // A label nested in a loop or an `if` of the switch body (Duff's device) still belongs
        // to the innermost switch, as in C.
        this.caseLabel(s)
        return
      case 'break': {
        this.stmtMark(s.pos.line)
        const targets = this.breakTargets[this.breakTargets.length - 1]
        this.leaveBlocks((b) => b >= (this.blocksOpenAt.get(targets) ?? 0))
        targets.push(this.jump(Op.JMP))
        return
      }
      case 'continue': {
        this.stmtMark(s.pos.line)
        const targets = this.continueTargets[this.continueTargets.length - 1]
        this.leaveBlocks((b) => b >= (this.blocksOpenAt.get(targets) ?? 0))
        targets.push(this.jump(Op.JMP))
        return
      }
      case 'goto': {
        this.stmtMark(s.pos.line)
        const around = this.labelBlocks.get(s.label)
        this.leaveBlocks((b) => !around?.has(this.openBlocks[b].block!))
        this.gotos.push({ at: this.jump(Op.JMP), label: s.label })
        return
      }
      case 'labeled':
        this.labels.set(s.label, this.label())
        this.stmt(s.body)
        return
      case 'return': {
        this.stmtMark(s.pos.line)
        const f = this.current!
        if (s.expr) {
          const want = f.type.returns
          if (want.kind === 'struct' && f.returnSlot) {
            // gcc -O0 copies the value into the function's return slot, then loads %rax:%rdx.
            this.emit(Op.LOCAL, f.returnSlot.offset)
            this.rvalue(s.expr)
            this.emit(Op.COPY, sizeOf(want))
          } else if (want.kind === 'struct') this.rvalue(s.expr)
          else if (want.kind === 'void') this.exprStatement(s.expr)
          else if (s.returnsLocalAddress) {
            // gcc (even at -O0) replaces an address of a local that escapes by `return` with
            // NULL, so the caller's first use faults instead of reading a dead frame.
            this.exprStatement(s.expr)
            this.pushZero(kindOf(want))
          } else {
            this.rvalue(s.expr)
            this.convert(s.expr.ty!, want)
          }
        } else if (f.type.returns.kind !== 'void' && f.type.returns.kind !== 'struct') {
          // `return;` in a non-void function: gcc warns and returns whatever %eax holds, as
          // falling off the end does, so it goes where the closing brace's value is made.
          this.bareReturns.push(this.jump(Op.JMP))
          return
        } else if (f.type.returns.kind !== 'void') {
          this.pushZero(kindOf(f.type.returns))
        }
        this.epilogue.push(this.jump(Op.JMP))
        return
      }
      case 'empty':
        return
    }
  }

  private switchBody(body: Stmt, table: SwitchTable, kind: Kind): void {
    this.switches.push({ table, kind })
    const visit = (s: Stmt): void => {
      if (s.k === 'block') {
        for (const x of s.items) visit(x)
        return
      }
      this.stmt(s)
    }
    visit(body)
    this.switches.pop()
  }

  /** Registers a `case` or `default` label at this point of the innermost switch. */
  private caseLabel(s: Stmt & { k: 'case' | 'default' }): void {
    const inner = this.switches[this.switches.length - 1]
    if (!inner) return // the checker reports a label outside any switch
    const { table, kind } = inner
    if (s.k === 'default') {
      table.otherwise = this.label()
      return
    }
    const at = this.label()
    const low = s.value ?? 0n
    for (let v = low; v <= (s.highValue ?? low); v++)
      table.cases.set(
        kind === K.I64 || kind === K.U64
          ? normalize64(kind === K.U64 ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v))
          : kind === K.U32
            ? Number(BigInt.asUintN(32, v))
            : Number(BigInt.asIntN(32, v)),
        at
      )
  }

  /** A list of jumps to one target, remembering how many blocks were open where it began. */
  private jumpList(): number[] {
    const list: number[] = []
    this.blocksOpenAt.set(list, this.openBlocks.length)
    return list
  }

  /**
   * Where %rsp is at this point of the function, for a block to go back to: the address of the
   * variable-length array declared last in the blocks open here (gcc moved %rsp down to it),
   * or null for the frame's own bottom.
   */
  private stackPointerSource(): number | null {
    for (let b = this.openBlocks.length - 1; b >= 0; b--) {
      const declared = this.openBlocks[b].declared
      if (declared !== null) return declared
    }
    return null
  }

  /** %rsp := what `stackPointerSource` gave (gcc: `mov %rbx,%rsp`, the pointer saved at the block). */
  private restoreStackPointer(source: number | null): void {
    if (source === null) this.emit(Op.LOCAL, -this.current!.frameSize)
    else this.emit(Op.LDL_PTR, source)
    this.emit(Op.SET_RSP)
  }

  /**
   * A jump out of blocks (`break`, `continue`, `goto`) frees their variable-length arrays as
   * leaving them does: %rsp goes back where it was as the outermost one left began.
   */
  private leaveBlocks(left: (block: number) => boolean): void {
    for (let b = 0; b < this.openBlocks.length; b++) {
      if (!left(b)) continue
      for (let inner = b; inner < this.openBlocks.length; inner++)
        if (this.openBlocks[inner].declared !== null) {
          this.restoreStackPointer(this.openBlocks[b].entry)
          return
        }
      return
    }
  }

  /**
   * `int a[n];` as gcc -O0 runs it: the length converted to size_t, n - 1 saved in the hidden
   * length slot, %rsp lowered by n * element size rounded up to 16, and that %rsp saved as the
   * array's address. Nothing is written into the array, so a length too large for the stack
   * faults at the first access to it (or the next call), as on Linux.
   */
  private allocateVariableLength(sym: Symbol & { kind: 'local' }, length: Expr): void {
    const vla = sym.vla!
    this.rvalue(length)
    this.convert(length.ty!, SIZE_T)
    this.emit(Op.DUP, Op.PUSH, 1, Op.SUB_U64)
    this.emit(Op.STL_64, vla.length.slot.offset)
    const element = sym.type.kind === 'array' ? sizeOf(sym.type.of) : 1
    this.emit(Op.PUSH, element, Op.MUL_U64, Op.VLA_ALLOC)
    this.emit(Op.STL_PTR, vla.pointer.slot.offset)
    this.openBlocks[this.openBlocks.length - 1].declared = vla.pointer.slot.offset
  }

  private loopBody(body: Stmt, continueTarget: number): void {
    this.breakTargets.push(this.jumpList())
    this.continueTargets.push(this.jumpList())
    this.stmt(body)
    for (const at of this.continueTargets.pop()!) this.patch(at, continueTarget)
  }

  private closeLoop(): void {
    for (const at of this.breakTargets.pop()!) this.patch(at)
  }

  private initializeLocal(offset: number, type: CType, init: Initializer): void {
    if (init.k === 'expr' && type.kind !== 'array') {
      const e = init.expr
      if (type.kind === 'struct') {
        this.emit(Op.LOCAL, offset)
        this.rvalue(e)
        this.emit(Op.COPY, sizeOf(type), Op.POP)
        return
      }
      this.rvalue(e)
      this.convert(e.ty!, type)
      this.storeLocal(offset, type)
      return
    }
    // Aggregates: zero the whole object first, then store what the initializer names (gcc -O0 does the same).
    this.emit(Op.ZERO_LOCAL, offset, sizeOf(type))
    this.initializeParts(offset, type, init)
  }

  private storeLocal(offset: number, type: CType): void {
    const st = storeOp(type)
    if (st === Op.ST_32) this.emit(Op.STL_32, offset)
    else if (st === Op.ST_PTR) this.emit(Op.STL_PTR, offset)
    else if (st === Op.ST_64) this.emit(Op.STL_64, offset)
    else this.emit(Op.STL, offset, st)
  }

  private initializeParts(offset: number, type: CType, init: Initializer): void {
    if (type.kind === 'array') {
      const str = stringInitializer(init, type)
      if (str) {
        // gcc stores the characters with immediate moves; the literal is not in .rodata.
        const n = Math.min(str.length, type.length ?? 0)
        for (let i = 0; i < n; i++)
          if (str[i] !== 0) this.emit(Op.PUSH, str[i], Op.STL, offset + i, Op.ST_8)
        return
      }
      if (init.k !== 'list') return
      const step = sizeOf(type.of)
      let index = 0
      for (const item of init.items) {
        const d = item.designator?.[0]
        if (d && 'index' in d) index = Number(this.constInt(d.index))
        this.initializeParts(offset + index * step, type.of, item.init)
        index++
      }
      return
    }
    if (type.kind === 'struct') {
      if (init.k === 'expr') {
        this.emit(Op.LOCAL, offset)
        this.rvalue(init.expr)
        this.emit(Op.COPY, sizeOf(type), Op.POP)
        return
      }
      let field = 0
      for (const item of init.items) {
        const d = item.designator?.[0]
        if (d && 'field' in d) field = type.layout.fields.findIndex((f) => f.name === d.field)
        const f = type.layout.fields[field]
        if (f?.bits) {
          const e = scalarInitializer(item.init)
          if (e) {
            // Into the bits of its storage unit, the rest of the unit kept.
            this.emit(Op.LOCAL, offset + f.offset)
            this.rvalue(e)
            this.convert(e.ty!, f.type)
            this.emit(
              Op.ST_BITS,
              this.bitFieldDescriptor({ ...f.bits, type: f.type as IntegerType })
            )
            this.emit(Op.POP)
          }
        } else if (f) this.initializeParts(offset + f.offset, f.type, item.init)
        field++
      }
      return
    }
    const e = scalarInitializer(init)
    if (!e) return
    this.rvalue(e)
    this.convert(e.ty!, type)
    this.storeLocal(offset, type)
  }

  /** The constant a bit-field's LD_BITS and ST_BITS name: its unit's size, its bits, its sign. */
  private bitFieldDescriptor(b: { width: number; shift: number; type: IntegerType }): number {
    const descriptor: BitFieldAccess = {
      unit: b.type.size,
      shift: b.shift,
      width: b.width,
      signed: b.type.signed && b.type.name !== '_Bool'
    }
    this.consts.push(descriptor)
    return this.consts.length - 1
  }

  /**
   * `s.bits = v`, `s.bits op= v`, `s.bits++`: a read-modify-write of the storage unit (gcc's
   * and/or of the unit); the expression's value is the field's new value (its old one for a
   * postfix ++/--), as wide as the field.
   */
  private storeBitField(
    target: Expr & { k: 'member' },
    op: string,
    right: Expr | null,
    postfix: boolean
  ): void {
    const bits = target.bitField!
    const k = this.bitFieldDescriptor(bits)
    const valueType = target.ty!
    this.address(target)
    if (op === '=') {
      this.rvalue(right!)
      this.convert(right!.ty!, bits.type)
      this.emit(Op.ST_BITS, k)
      this.convert(bits.type, valueType)
      return
    }
    this.emit(Op.DUP, Op.LD_BITS, k)
    this.convert(bits.type, valueType)
    if (postfix) this.emit(Op.DUP) // address, old, old
    const rt = right ? decay(right.ty!) : INT
    const shift = op === '<<' || op === '>>'
    const common = shift ? promote(valueType) : usualArithmetic(valueType, rt)
    this.convert(valueType, common)
    if (right) this.rvalue(right)
    else this.emit(Op.PUSH, 1)
    this.convert(rt, shift ? INT : common)
    this.arithmetic(op, common)
    this.convert(common, bits.type)
    if (postfix) {
      // address, old, new → old, address, new
      this.emitOrder([1, 0, 2])
      this.emit(Op.ST_BITS, k, Op.POP)
      return
    }
    this.emit(Op.ST_BITS, k)
    this.convert(bits.type, valueType)
  }

  // ---- expressions ------------------------------------------------------------------------

  /** Evaluates e for its side effects only. */
  private exprStatement(e: Expr): void {
    // `x = v;` as a statement: store into a local without keeping the value.
    if (
      e.k === 'assign' &&
      e.op === '=' &&
      e.left.k === 'ident' &&
      e.left.symbol?.kind === 'local'
    ) {
      const t = e.left.ty!
      const st = storeOp(t)
      if (st === Op.ST_32 || st === Op.ST_PTR || st === Op.ST_64) {
        this.rvalue(e.right)
        this.convert(e.right.ty!, t)
        this.storeLocal(e.left.symbol.slot.offset, t)
        return
      }
    }
    this.rvalue(e)
    if (kindOf(e.ty!) !== K.VOID) this.emit(Op.POP)
  }

  /** Pushes the address of an lvalue. */
  private address(e: Expr): void {
    switch (e.k) {
      case 'ident': {
        const s = e.symbol!
        // A variable-length array is where its hidden address slot says.
        if (s.kind === 'local' && s.vla) this.emit(Op.LDL_PTR, s.vla.pointer.slot.offset)
        else if (s.kind === 'local') this.emit(Op.LOCAL, s.slot.offset)
        else this.pushSymbolAddress(s)
        return
      }
      case 'string':
        this.emit(Op.PUSH, 0)
        this.relocations.push({
          at: this.code.length - 1,
          in: 'code',
          section: 'rodata',
          offset: this.literalPlace[e.literal ?? 0]
        })
        return
      case 'unary':
        // e.op === '*'
        this.rvalue(e.operand)
        return
      case 'index': {
        const elem = e.ty!
        this.rvalue(e.base)
        this.rvalue(e.index)
        this.toIndex(e.index.ty!)
        this.emit(Op.PTR_ADD, sizeOf(elem))
        return
      }
      case 'member': {
        if (e.arrow) this.rvalue(e.object)
        else this.address(e.object)
        if (e.offset) {
          this.emit(Op.PUSH, e.offset)
          this.emit(Op.PTR_ADD, 1)
        }
        return
      }
      case 'call':
        // A struct returned by value: the call leaves the temporary's address.
        this.rvalue(e)
        return
      case 'assign':
      case 'cond':
      case 'comma':
        // Struct-valued expressions evaluate to an address.
        this.rvalue(e)
        return
      default:
        throw new Error(`internal: no address for ${e.k}`)
    }
  }

  private pushSymbolAddress(s: Symbol): void {
    if (s.kind === 'global') {
      const p = this.globalPlace.get(s.id)!
      this.emit(Op.PUSH, 0)
      this.relocations.push({
        at: this.code.length - 1,
        in: 'code',
        section: p.section,
        offset: p.offset
      })
    } else if (s.kind === 'function') {
      this.emit(Op.PUSH, 0)
      this.relocations.push({
        at: this.code.length - 1,
        in: 'code',
        section: 'text',
        offset: -1 - this.functionIndexOf(s)
      })
    }
  }

  /** Converts an integer index on the stack to a signed 64-bit count. */
  private toIndex(t: CType): void {
    const k = kindOf(t)
    if (k !== K.I64 && k !== K.I32) this.emit(Op.CVT, k, K.I64)
  }

  /** Pushes the value of e (arrays and functions decay to their address; structs push their address). */
  rvalue(e: Expr): void {
    const t = e.ty!
    if (e.k === 'binary' || e.k === 'cast') {
      // gcc folds `1 << 32`, `INT_MIN / -1` and `(int)1e10` to what the instruction would not give.
      const folded = differsFromInstruction(e)
      if (folded !== null)
        return this.rvalue({ k: 'int', value: folded, type: t, ty: t, pos: e.pos })
      // ... and rewrites `x + 1 > x`, `-x < 0`, `x * 2 / 2` as if signed overflow never happened.
      const rewritten = foldAssumingNoOverflow(e)
      if (rewritten !== null) return this.rvalue(rewritten)
    }
    switch (e.k) {
      case 'int': {
        const k = kindOf(t)
        if (k === K.I64 || k === K.U64) {
          const v = normalize64(
            k === K.U64 ? BigInt.asUintN(64, e.value) : BigInt.asIntN(64, e.value)
          )
          if (typeof v === 'bigint') {
            this.consts.push(v)
            this.emit(Op.PUSHK, this.consts.length - 1)
          } else this.emit(Op.PUSH, v)
        } else {
          this.emit(
            Op.PUSH,
            k === K.U32 ? Number(BigInt.asUintN(32, e.value)) : Number(BigInt.asIntN(32, e.value))
          )
          this.literalEnd = this.code.length
        }
        return
      }
      case 'float':
        this.emit(Op.PUSH, e.value)
        this.doubleLiteralEnd = this.code.length
        return
      case 'string':
        this.address(e)
        return
      case 'ident': {
        const s = e.symbol!
        if (s.kind === 'enum') {
          this.emit(Op.PUSH, Number(s.value))
          return
        }
        if (s.kind === 'function') {
          this.pushSymbolAddress(s)
          return
        }
        if (t.kind === 'array' || t.kind === 'struct') {
          this.address(e)
          return
        }
        if (s.kind === 'local') {
          const ld = loadOp(t)
          const off = s.slot.offset
          if (ld === Op.LD_I32) this.emit(Op.LDL_I32, off)
          else if (ld === Op.LD_U32) this.emit(Op.LDL_U32, off)
          else if (ld === Op.LD_I64) this.emit(Op.LDL_I64, off)
          else if (ld === Op.LD_PTR) this.emit(Op.LDL_PTR, off)
          else if (ld === Op.LD_F64) this.emit(Op.LDL_F64, off)
          else this.emit(Op.LOCAL, off, ld)
          return
        }
        this.address(e)
        this.emit(loadOp(t))
        return
      }
      case 'index':
      case 'member':
        this.address(e)
        if (e.k === 'member' && e.bitField) {
          this.emit(Op.LD_BITS, this.bitFieldDescriptor(e.bitField))
          this.convert(e.bitField.type, t)
          return
        }
        if (t.kind !== 'array' && t.kind !== 'struct' && t.kind !== 'function') this.emit(loadOp(t))
        return
      case 'unary':
        if (this.foldedCompounds(e)) return
        this.unary(e)
        return
      case 'binary':
        if (this.foldedCompounds(e)) return
        this.binary(e)
        return
      case 'assign':
        this.assign(e)
        return
      case 'cond': {
        const target = t.kind === 'void' ? t : t
        const toElse = this.condJump(e.test, false)
        this.rvalue(e.then)
        if (target.kind !== 'void' && target.kind !== 'struct') this.convert(e.then.ty!, target)
        const toEnd = this.jump(Op.JMP)
        this.patch(toElse)
        this.rvalue(e.otherwise)
        if (target.kind !== 'void' && target.kind !== 'struct')
          this.convert(e.otherwise.ty!, target)
        this.patch(toEnd)
        return
      }
      case 'call': {
        // NAN, INFINITY and HUGE_VAL are gcc's built-in constants, not calls: a double literal,
        // which a conversion to an integer then folds as gcc does (`int k = NAN;` is 0).
        const callee = e.callee.k === 'ident' ? e.callee.symbol : undefined
        const builtin = callee?.kind === 'function' ? callee.builtin : undefined
        if (
          builtin === '__builtin_nanf' ||
          builtin === '__builtin_inff' ||
          builtin === '__builtin_huge_val'
        ) {
          this.emit(Op.PUSH, builtin === '__builtin_nanf' ? NaN : Infinity)
          this.doubleLiteralEnd = this.code.length
          return
        }
        this.call(e)
        return
      }
      case 'cast':
        if (this.foldedCompounds(e)) return
        this.rvalue(e.operand)
        if (e.type.kind === 'void') {
          if (kindOf(e.operand.ty!) !== K.VOID) this.emit(Op.POP)
          return
        }
        this.convert(e.operand.ty!, e.type)
        return
      case 'sizeof': {
        this.emit(Op.PUSH, sizeofValue(e))
        return
      }
      case 'comma': {
        // `a, b, c, …` is a left-deep tree: its operands are generated in a loop, left to right.
        const spine: Array<Expr & { k: 'comma' }> = []
        let first: Expr = e
        while (first.k === 'comma') {
          spine.push(first)
          first = first.left
        }
        this.exprStatement(first)
        for (let i = spine.length - 1; i >= 1; i--) this.exprStatement(spine[i].right)
        this.rvalue(e.right)
        return
      }
    }
  }

  /** Emits a conversion of the value on the stack from `from` to `to` (C's implicit or explicit conversion). */
  convert(from: CType, to: CType): void {
    const f = decay(from)
    if (to.kind === 'void' || to.kind === 'struct') return
    if (to.kind === 'int' && to.name === '_Bool') {
      if (!(f.kind === 'int' && f.name === '_Bool')) this.emit(Op.TOBOOL)
      return
    }
    const fk = kindOf(f)
    // A float is a double on the operand stack that a binary32 holds: converting one to double
    // changes nothing, converting anything else to float rounds it (K.F32).
    const tk = isFloat(to) && !isFloat(f) ? K.F32 : kindOf(to)
    const constant = to.kind === 'int' ? this.doubleConstantJustPushed() : null
    if (to.kind === 'int' && constant && outOfRange(constant.value, to)) {
      // An out-of-range double constant converted implicitly (`int v = 1e10;`): gcc folds it,
      // saturated (INT_MAX), where cvttsd2si would give INT_MIN.
      const value = saturatingConversion(constant.value, to)
      this.code.length = constant.start
      this.rvalue({ k: 'int', value, type: to, ty: to, pos: { line: 0, column: 0, endColumn: 0 } })
      return
    }
    if (this.literalEnd === this.code.length && this.code[this.code.length - 2] === Op.PUSH) {
      // Convert a constant now instead of at every execution.
      let v = convertValue(this.code[this.code.length - 1], fk, tk)
      if (to.kind === 'int' && to.size < 4) {
        const n = v as number
        v =
          to.size === 1
            ? to.signed
              ? (n << 24) >> 24
              : n & 0xff
            : to.signed
              ? (n << 16) >> 16
              : n & 0xffff
      }
      if (typeof v === 'number') {
        this.code[this.code.length - 1] = v
        return
      }
    }
    if (fk !== tk) this.emit(Op.CVT, fk, tk)
    if (to.kind === 'int' && to.size < 4) {
      const fsize = f.kind === 'int' ? f.size : 8
      // Every value of `from` is a value of `to` (no truncation needed) only when it is no
      // wider and, if signed, `to` is signed too: a negative char is not an unsigned short.
      const same =
        f.kind === 'int' &&
        fsize <= to.size &&
        (f.signed === to.signed || (!f.signed && fsize < to.size))
      if (!same) this.emit(Op.TRUNC, to.size * 8, to.signed ? 1 : 0)
    }
  }

  /** The double literal (or its negation) the code ends with, and where its code starts. */
  private doubleConstantJustPushed(): { value: number; start: number } | null {
    const end = this.code.length
    const at = this.doubleLiteralEnd
    if (at === end && this.code[end - 2] === Op.PUSH)
      return { value: this.code[end - 1], start: end - 2 }
    if (at === end - 2 && this.code[end - 2] === Op.NEG && this.code[end - 1] === K.F64)
      return { value: -this.code[at - 1], start: at - 2 }
    return null
  }

  /** Jumps when the condition is `when` (true/false); returns the index to patch. */
  private condJump(e: Expr, when: boolean): number {
    if (e.k === 'unary' && e.op === '!') return this.condJump(e.operand, !when)
    this.rvalue(e)
    return this.jump(when ? Op.JNZ : Op.JZ)
  }

  private unary(e: Expr & { k: 'unary' }): void {
    const t = e.ty!
    switch (e.op) {
      case '&':
        if (e.operand.k === 'ident' && e.operand.symbol?.kind === 'function') this.rvalue(e.operand)
        else this.address(e.operand)
        return
      case '*':
        this.rvalue(e.operand)
        if (t.kind !== 'array' && t.kind !== 'struct' && t.kind !== 'function') this.emit(loadOp(t))
        return
      case '+':
        this.rvalue(e.operand)
        this.convert(e.operand.ty!, t)
        return
      case '-': {
        const o = e.operand
        if (
          o.k === 'binary' &&
          o.op === '-' &&
          t.kind === 'int' &&
          o.ty !== undefined &&
          uselessConversion(o.ty, t) &&
          decay(o.left.ty!).kind === 'int' &&
          decay(o.right.ty!).kind === 'int' &&
          hasSideEffects(o.right)
        ) {
          // match.pd rewrites -(a - b) as b - a (integers only: a double's -0.0 forbids it),
          // so b is evaluated first.
          this.rvalue({ ...o, left: o.right, right: o.left })
          return
        }
        this.rvalue(o)
        this.convert(o.ty!, t)
        this.emit(Op.NEG, kindOf(t))
        return
      }
      case '~':
        this.rvalue(e.operand)
        this.convert(e.operand.ty!, t)
        this.emit(Op.BITNOT, kindOf(t))
        return
      case '!':
        this.rvalue(e.operand)
        this.emit(Op.LNOT)
        return
      default: {
        const operandType = e.operand.ty!
        if (e.operand.k === 'member' && e.operand.bitField) {
          this.storeBitField(
            e.operand,
            e.op.endsWith('++') ? '+' : '-',
            null,
            e.op.startsWith('post')
          )
          return
        }
        const delta = operandType.kind === 'pointer' ? sizeOf(operandType.to) : 1
        this.address(e.operand)
        this.emit(
          Op.INCDEC,
          loadOp(operandType),
          e.op.endsWith('++') ? delta : -delta,
          e.op.startsWith('post') ? 1 : 0,
          operandType.kind === 'int'
            ? operandType.name === '_Bool'
              ? BOOL_INCDEC
              : operandType.size * 8 + (operandType.signed ? 1 : 0)
            : 0
        )
        return
      }
    }
  }

  /** The operation `op` on two values of type t; a float result is rounded to single precision. */
  private arithmetic(op: string, t: CType): void {
    const kind = kindOf(t)
    const table: Record<string, number[] | number> = {
      '+': [Op.ADD_I32, Op.ADD_U32, Op.ADD_I64, Op.ADD_U64, Op.ADD_F64],
      '-': [Op.SUB_I32, Op.SUB_U32, Op.SUB_I64, Op.SUB_U64, Op.SUB_F64],
      '*': [Op.MUL_I32, Op.MUL_U32, Op.MUL_I64, Op.MUL_U64, Op.MUL_F64],
      '/': [Op.DIV_I32, Op.DIV_U32, Op.DIV_I64, Op.DIV_U64, Op.DIV_F64],
      '%': [Op.MOD_I32, Op.MOD_U32, Op.MOD_I64, Op.MOD_U64],
      '<<': [Op.SHL_I32, Op.SHL_U32, Op.SHL_I64, Op.SHL_U64],
      '>>': [Op.SHR_I32, Op.SHR_U32, Op.SHR_I64, Op.SHR_U64],
      '&': [Op.AND_I32, Op.AND_U32, Op.AND_64, Op.AND_64],
      '|': [Op.OR_I32, Op.OR_U32, Op.OR_64, Op.OR_64],
      '^': [Op.XOR_I32, Op.XOR_U32, Op.XOR_64, Op.XOR_64]
    }
    const row = table[op] as number[]
    const code = row[kind]
    this.emit(code)
    if (code === Op.AND_64 || code === Op.OR_64 || code === Op.XOR_64) this.emit(kind)
    // addss, mulss, …: the exact result rounded once to float, which is what rounding the
    // double result gives (a double holds the exact sum, difference or product of two floats,
    // and a quotient rounded to double rounds to the same float).
    if (isFloat(t)) this.emit(Op.CVT, K.F64, K.F32)
  }

  private binary(e: Expr & { k: 'binary' }): void {
    if (!this.leftOperandFirst(e)) {
      this.binaryRightFirst(e)
      return
    }
    if (this.gccOrderedBinary(e)) return
    // A long chain `a + b + c + …` is a left-deep tree: its left spine is walked in a loop and
    // generated from the bottom up, so the chain's length never deepens the JavaScript stack.
    const spine: Array<Expr & { k: 'binary' }> = [e]
    let bottom = e.left
    while (
      bottom.k === 'binary' &&
      this.leftOperandFirst(bottom) &&
      !hasSideEffects(bottom.right) &&
      differsFromInstruction(bottom) === null &&
      foldAssumingNoOverflow(bottom) === null
    ) {
      spine.push(bottom)
      bottom = bottom.left
    }
    this.rvalue(bottom)
    for (let i = spine.length - 1; i >= 0; i--) this.binaryAfterLeft(spine[i])
  }

  /**
   * Runs first what fold moves out of `e` (evaluation-order.ts `foldCompounds`: the left part
   * of a comma, a converted assignment of a constant), then the rest; false (nothing emitted)
   * when nothing moves.
   */
  private foldedCompounds(e: Expr): boolean {
    if (!hasSideEffects(e)) return false
    const { first, rest } = foldCompounds(e)
    if (first.length === 0) return false
    for (const x of first) this.exprStatement(x)
    this.rvalue(rest)
    return true
  }

  /**
   * A binary operation whose right operand has side effects, in gcc's order
   * (evaluation-order.ts): the right operand first when fold swapped the operands, or when the
   * left is a register variable the right one changes (it is read as the operator executes);
   * false (nothing emitted) when gcc's order is left to right.
   */
  private gccOrderedBinary(e: Expr & { k: 'binary' }): boolean {
    if (!hasSideEffects(e.right)) return false
    if (foldSwapsOperands(e) && !unaffectedBy(e.left, e.right, this.addressTaken)) {
      this.rvalue(e.right)
      this.rvalue(e.left)
      this.binaryAfterLeft(e, () => this.emitOrder([1, 0]))
      return true
    }
    const register = registerValue(e.left, this.addressTaken)
    const symbol = register?.symbol
    if (!register || !symbol || !writesVariable(e.right, symbol)) return false
    if (!uselessConversion(register.ty!, this.operandType(e))) return false
    const rightRegister = registerValue(e.right, this.addressTaken)
    if (e.left !== register) this.exprStatement(e.left)
    if (rightRegister) {
      // `i + ++i`: both are the register, read after the increment.
      this.exprStatement(e.right)
      this.rvalue(register)
      this.binaryAfterLeft(e, () => this.rvalue(rightRegister))
    } else {
      this.rvalue(e.right)
      this.rvalue(register)
      this.binaryAfterLeft(e, () => this.emitOrder([1, 0]))
    }
    return true
  }

  /** The type `e`'s left operand is converted to before the operator computes. */
  private operandType(e: Expr & { k: 'binary' }): CType {
    const lt = decay(e.left.ty!)
    const rt = decay(e.right.ty!)
    if (lt.kind === 'pointer' || rt.kind === 'pointer') return lt
    if (e.op === '<<' || e.op === '>>') return promote(lt)
    if (lt.kind === 'int' || lt.kind === 'double')
      if (rt.kind === 'int' || rt.kind === 'double') return usualArithmetic(lt, rt)
    return lt
  }

  /**
   * Puts the top values, pushed in the order gcc evaluates them, where the operation expects
   * them: `order[i]` is the position (from the deepest) of the value the i-th place needs.
   */
  private emitOrder(order: number[]): void {
    if (order.every((v, i) => v === i)) return
    if (order.every((v, i) => v === order.length - 1 - i)) {
      this.emit(Op.REVERSE, order.length)
      return
    }
    this.consts.push(order)
    this.emit(Op.PERMUTE, order.length, this.consts.length - 1)
  }

  /** Whether `e`'s code starts with its left operand's value (all but && || and int + pointer). */
  private leftOperandFirst(e: Expr & { k: 'binary' }): boolean {
    if (e.op === '&&' || e.op === '||') return false
    return !(
      (e.op === '+' || e.op === '-') &&
      decay(e.left.ty!).kind === 'int' &&
      decay(e.right.ty!).kind === 'pointer'
    )
  }

  /** && and || (which jump over their right operand) and int + pointer (pointer first). */
  private binaryRightFirst(e: Expr & { k: 'binary' }): void {
    const lt = decay(e.left.ty!)
    if (e.op === '&&' || e.op === '||') {
      const isAnd = e.op === '&&'
      const short1 = this.condJump(e.left, !isAnd)
      const short2 = this.condJump(e.right, !isAnd)
      this.emit(Op.PUSH, isAnd ? 1 : 0)
      const end = this.jump(Op.JMP)
      this.patch(short1)
      this.patch(short2)
      this.emit(Op.PUSH, isAnd ? 0 : 1)
      this.patch(end)
      return
    }
    const rt = decay(e.right.ty!)
    this.rvalue(e.right)
    this.rvalue(e.left)
    this.toIndex(lt)
    this.emit(Op.PTR_ADD, sizeOf((rt as CType & { kind: 'pointer' }).to))
  }

  /**
   * The rest of `e`'s code once its left operand's value is on the stack; `pushRight` brings
   * the right operand's value on top (by default, by evaluating it).
   */
  private binaryAfterLeft(
    e: Expr & { k: 'binary' },
    pushRight: () => void = () => this.rvalue(e.right)
  ): void {
    const lt = decay(e.left.ty!)
    const rt = decay(e.right.ty!)
    switch (e.op) {
      case '+':
      case '-':
        if (lt.kind === 'pointer' && rt.kind === 'int') {
          pushRight()
          this.toIndex(rt)
          if (e.op === '-') this.emit(Op.NEG, K.I64)
          this.emit(Op.PTR_ADD, sizeOf(lt.to))
          return
        }
        if (lt.kind === 'pointer' && rt.kind === 'pointer') {
          pushRight()
          this.emit(Op.PTR_SUB, sizeOf(lt.to))
          return
        }
        break
      case '<<':
      case '>>': {
        const t = e.ty!
        this.convert(lt, t)
        pushRight()
        this.convert(rt, INT)
        this.arithmetic(e.op, t)
        return
      }
      case '<':
      case '>':
      case '<=':
      case '>=':
      case '==':
      case '!=': {
        const common =
          lt.kind === 'pointer' || rt.kind === 'pointer' ? null : usualArithmetic(lt, rt)
        if (common) this.convert(lt, common)
        else if (lt.kind !== 'pointer') this.emit(Op.CVT, kindOf(lt), K.PTR)
        pushRight()
        if (common) this.convert(rt, common)
        else if (rt.kind !== 'pointer') this.emit(Op.CVT, kindOf(rt), K.PTR)
        const ops: Record<string, number> = {
          '<': Op.LT,
          '>': Op.GT,
          '<=': Op.LE,
          '>=': Op.GE,
          '==': Op.EQ,
          '!=': Op.NE
        }
        this.emit(ops[e.op])
        return
      }
    }
    const t = e.ty!
    this.convert(lt, t)
    pushRight()
    this.convert(rt, t)
    this.arithmetic(e.op, t)
  }

  private assign(e: Expr & { k: 'assign' }): void {
    if (e.left.k === 'member' && e.left.bitField) {
      this.storeBitField(e.left, e.op === '=' ? '=' : e.op.slice(0, -1), e.right, false)
      return
    }
    const lt = e.left.ty!
    if (
      e.op === '=' &&
      lt.kind !== 'struct' &&
      hasSideEffects(e.right) &&
      e.left.k !== 'ident' &&
      !callAfterLeftAddress(e.right, lt) &&
      !addressUnaffectedBy(e.left, e.right, this.addressTaken)
    ) {
      // gcc evaluates the right side before the left side's address: `a[i] = i++`.
      this.rvalue(e.right)
      this.convert(e.right.ty!, lt)
      this.address(e.left)
      this.emitOrder([1, 0])
      this.emit(storeOp(lt))
      return
    }
    if (e.op === '=' && lt.kind !== 'struct' && this.argumentsBeforeLeft(e.right, lt)) {
      // `a[i] = f(i++)`: gcc evaluates the call's arguments, then the left side's address,
      // then makes the call (`arr[gi] = g()` still stores where gi was before g ran).
      const call = this.pendingStore
      this.pendingStore = { call: this.wholeCall(e.right), left: e.left, done: false }
      this.rvalue(e.right)
      const store = this.pendingStore
      this.pendingStore = call
      this.convert(e.right.ty!, lt)
      if (!store.done) {
        // The call was folded or rewritten before its arguments were pushed.
        this.address(e.left)
        this.emitOrder([1, 0])
      }
      this.emit(storeOp(lt))
      return
    }
    if (e.op === '=') {
      this.address(e.left)
      this.rvalue(e.right)
      if (lt.kind === 'struct') {
        this.emit(Op.COPY, sizeOf(lt))
        return
      }
      this.convert(e.right.ty!, lt)
      this.emit(storeOp(lt))
      return
    }
    const op = e.op.slice(0, -1)
    const rt = decay(e.right.ty!)
    // A right side with side effects is evaluated completely first (c-typeck.cc
    // build_modify_expr), then the left side's address: `arr[gi] += g()`, `x += x++`.
    const rightFirst =
      hasSideEffects(e.right) &&
      !(
        e.left.k === 'ident' &&
        registerValue(e.left, this.addressTaken) !== null &&
        !writesVariable(e.right, e.left.symbol!)
      )
    if (rightFirst) this.rvalue(e.right)
    // Brings the right side's value from below the address and the old value to the top.
    const pushRight = (): void => {
      if (rightFirst) this.emitOrder([1, 2, 0])
      else this.rvalue(e.right)
    }
    this.address(e.left)
    this.emit(Op.DUP, loadOp(lt))
    if (lt.kind === 'pointer') {
      pushRight()
      this.toIndex(rt)
      if (op === '-') this.emit(Op.NEG, K.I64)
      this.emit(Op.PTR_ADD, sizeOf(lt.to))
      this.emit(storeOp(lt))
      return
    }
    const common = op === '<<' || op === '>>' ? promote(lt) : usualArithmetic(lt, rt)
    this.convert(lt, common)
    pushRight()
    this.convert(rt, op === '<<' || op === '>>' ? INT : common)
    this.arithmetic(op, common)
    this.convert(common, lt)
    this.emit(storeOp(lt))
  }

  /**
   * The store `left = call(...)` whose address goes between the call's arguments and the call
   * (see assign), while that call's code is generated.
   */
  private pendingStore: { call: Expr; left: Expr; done: boolean } | null = null

  /** The call that is the whole right side of `=` (under conversions that change nothing). */
  private wholeCall(right: Expr): Expr {
    let e = right
    while (e.k === 'cast' && e.operand.ty && uselessConversion(e.operand.ty, e.type)) e = e.operand
    return e
  }

  /** Whether `= right` is a call gcc makes after the left side's address, with arguments that have side effects. */
  private argumentsBeforeLeft(right: Expr, leftType: CType): boolean {
    if (!callAfterLeftAddress(right, leftType)) return false
    const call = this.wholeCall(right)
    return call.k === 'call' && call.args.some(hasSideEffects)
  }

  private call(e: Expr & { k: 'call' }): void {
    const folded = foldedComparison(e)
    if (folded !== null) {
      this.emit(Op.PUSH, folded)
      return
    }
    const rewrite = this.plan.rewrites.get(e)
    if (rewrite) {
      this.rewrittenCall(rewrite)
      return
    }
    const callee = e.callee
    const ct = decay(callee.ty!)
    const ft =
      ct.kind === 'pointer' && ct.to.kind === 'function'
        ? ct.to
        : (callee.ty as CType & { kind: 'function' })
    // A struct returned through memory: where it goes travels first, as the hidden argument.
    const inMemory = returnedInMemory(ft.returns)
    if (inMemory) this.pushResultPlace(e)
    const kinds: number[] = []
    const parameterType = (a: Expr, i: number): CType =>
      !ft.unprototyped && i < ft.params.length
        ? ft.params[i]
        : // Default argument promotions for variadic arguments.
          defaultPromotion(decay(a.ty!))
    const argument = (a: Expr, i: number): void => {
      this.rvalue(a)
      const p = parameterType(a, i)
      this.convert(a.ty!, p)
      kinds[i] = kindOf(p)
      // An int constant reaches a variadic function as an immediate (printf's `%ld` sees it).
      if (kinds[i] === K.I32 && (ft.unprototyped || i >= ft.params.length) && isIntegerConstant(a))
        kinds[i] = IMMEDIATE_I32
    }
    // gcc evaluates the function called through a pointer before the arguments
    // (`table[i++](i)` calls table[0] with the new i), unless it is a register variable.
    const calleeFirst = this.calleeBeforeArguments(e)
    if (calleeFirst) this.rvalue(callee)
    if (this.argumentOrderShows(e.args)) this.argumentsInGccOrder(e.args, argument, parameterType)
    else e.args.forEach(argument)
    if (calleeFirst) this.emitOrder([...e.args.map((_, i) => i + 1), 0])
    const store = this.pendingStore
    if (store?.call === e && !store.done) {
      // The left side's address of `left = e`, below the callee and the arguments.
      store.done = true
      const pushed = e.args.length + (calleeFirst ? 1 : 0)
      this.address(store.left)
      this.emitOrder([pushed, ...Array.from({ length: pushed }, (_, i) => i)])
    }
    // A struct returned in registers: where the caller stores it, from its %rbp.
    const temp = inMemory ? 0 : this.resultOffset(e)
    if (callee.k === 'ident' && callee.symbol?.kind === 'function') {
      const s = callee.symbol
      if (s.builtin && (CALLS_BACK.has(s.builtin) || (s.builtin === 'exit' && this.usesAtexit))) {
        // qsort and bsearch call the program's comparator, and exit the atexit handlers: their
        // driver is a function in .text.
        this.emit(Op.CALL, this.libraryStub(s.builtin), e.args.length, temp)
        return
      }
      if (s.builtin) {
        if (s.builtin === '__builtin_va_start') {
          // Where this function's variable arguments begin (the checker made sure it has some).
          const named = this.current ? this.layouts.get(this.current)?.named : undefined
          const vaStart: VaStart = {
            gpOffset: 8 * (named?.integerRegisters ?? 0),
            fpOffset: 48 + 16 * (named?.sseRegisters ?? 0),
            overflowOffset: named?.overflowOffset ?? 16,
            saveAreaOffset: this.current ? registerSaveAreaOffset(this.current) : 0
          }
          this.consts.push({ kinds, vaStart })
        } else if (s.builtin === '__assert') {
          // assert's message quotes the condition as written in the source.
          this.consts.push({
            kinds,
            assertText: this.assertText(e),
            function: this.current?.name ?? ''
          })
        } else this.consts.push(kinds)
        if (ft.returns.kind === 'struct') {
          // div, ldiv, lldiv: the library stores the struct where the caller stores %rax:%rdx
          // (one more argument, the place) and leaves its address, as a call of the program does.
          this.emit(Op.LOCAL, temp)
          kinds.push(K.PTR)
          this.emit(
            Op.BUILTIN,
            BUILTIN_ID.get(s.builtin)!,
            e.args.length + 1,
            this.consts.length - 1
          )
          return
        }
        this.emit(Op.BUILTIN, BUILTIN_ID.get(s.builtin)!, e.args.length, this.consts.length - 1)
        // Called without its header, a function gcc has no built-in for returns `int`: the
        // caller keeps the low 32 bits of %rax (sbrk's 0x55555557a000 becomes 0x5557a000).
        const real = BUILTINS[s.builtin].returns
        if (ft.returns.kind === 'int' && (real.kind !== 'int' || real.size > ft.returns.size))
          this.convert(real, ft.returns)
        return
      }
      const index = (s as { functionIndex?: number }).functionIndex!
      const variable = this.variableArguments(ft, e.args.length, kinds, inMemory, false)
      this.emit(Op.CALL, index, e.args.length - Math.max(variable, 0), temp)
      if (variable >= 0) this.variableArgumentsEnd(ft, kinds, inMemory)
      return
    }
    if (!calleeFirst) this.rvalue(callee)
    // A variadic library function called through a pointer (`int (*say)(const char *, ...) =
    // printf`) needs this call's own arguments and their kinds, which its stub cannot pass on:
    // the pointer is compared with the stub of the one variadic library function with as many
    // fixed parameters (printf 1, sprintf 2, snprintf 3), and if it is that one, the library
    // is called directly.
    // (sprintf and fprintf both have two: the pointer's parameter types tell them apart.)
    const candidates = ft.variadic
      ? VARIADIC_LIBRARY.filter((name) => BUILTINS[name].params.length === ft.params.length)
      : []
    const variadic =
      candidates.find((name) =>
        BUILTINS[name].params.every((t, i) => typeName(t) === typeName(ft.params[i]))
      ) ?? candidates[0]
    let done = -1
    if (variadic !== undefined) {
      this.emit(Op.DUP)
      this.emit(Op.PUSH, 0)
      this.relocations.push({
        at: this.code.length - 1,
        in: 'code',
        section: 'text',
        offset: -1 - this.libraryStub(variadic)
      })
      this.emit(Op.EQ)
      const other = this.jump(Op.JZ)
      this.emit(Op.POP)
      this.consts.push(kinds)
      this.emit(Op.BUILTIN, BUILTIN_ID.get(variadic)!, e.args.length, this.consts.length - 1)
      done = this.jump(Op.JMP)
      this.patch(other)
    }
    const variable = this.variableArguments(ft, e.args.length, kinds, inMemory, true)
    this.emit(Op.CALLI, e.args.length - Math.max(variable, 0), temp)
    if (variable >= 0) this.variableArgumentsEnd(ft, kinds, inMemory)
    if (done >= 0) this.patch(done)
  }

  /**
   * A call of a variadic function of the program passes its variable arguments as the System V
   * ABI says (VARARGS: registers after the named arguments', then the stack), for the callee's
   * va_arg to find; CALL then takes only the named ones. Answers how many are variable, or -1
   * for a function with none (no VARARGS).
   */
  private variableArguments(
    ft: FunctionType,
    argc: number,
    kinds: number[],
    inMemory: boolean,
    calleeOnTop: boolean
  ): number {
    const call = variadicCall(ft, kinds, inMemory)
    if (call === null) return -1
    this.consts.push(call)
    this.emit(Op.VARARGS, this.consts.length - 1, calleeOnTop ? 1 : 0)
    return argc - ft.params.length
  }

  /** After the call: the caller's `add $n, %rsp` for the variable arguments it pushed. */
  private variableArgumentsEnd(ft: FunctionType, kinds: number[], inMemory: boolean): void {
    const bytes = variadicCall(ft, kinds, inMemory)?.stackBytes ?? 0
    if (bytes > 0) this.emit(Op.VARARGS_END, bytes)
  }

  /** Whether a call through a pointer must evaluate the pointer before the arguments. */
  private calleeBeforeArguments(e: Expr & { k: 'call' }): boolean {
    const callee = e.callee
    if (callee.k === 'ident' && callee.symbol?.kind === 'function') return false
    if (registerValue(callee, this.addressTaken) !== null && !hasSideEffects(callee)) return false
    if (hasSideEffects(callee))
      return e.args.some((a) => !isInvariant(a) && !unaffectedBy(a, callee, this.addressTaken))
    return e.args.some(
      (a) =>
        hasSideEffects(a) && !isInvariant(callee) && !unaffectedBy(callee, a, this.addressTaken)
    )
  }

  /**
   * Whether the order of a call's arguments can show: two have side effects, or one has and
   * another reads memory or a register variable it changes. Other calls keep the shorter
   * left-to-right code.
   */
  private argumentOrderShows(args: Expr[]): boolean {
    const effects = args.filter(hasSideEffects)
    if (effects.length === 0) return false
    if (effects.length > 1) return true
    const [other] = effects
    return args.some(
      (a) => a !== other && !isInvariant(a) && !unaffectedBy(a, other, this.addressTaken)
    )
  }

  /**
   * A call's arguments as gcc evaluates them on x86-64 (gimplify_call_expr): last to first,
   * each into a temporary, except a register variable (evaluation-order.ts), which is read at
   * the call itself, after every other argument's side effects: `printf("%d %d", x, x++)`
   * prints `2 1`, `printf("%d %ld", fib(15), calls)` the calls counted before fib ran.
   */
  private argumentsInGccOrder(
    args: Expr[],
    argument: (a: Expr, i: number) => void,
    parameterType: (a: Expr, i: number) => CType
  ): void {
    const stackOrder: number[] = []
    const registers: Array<[number, Expr]> = []
    for (let i = args.length - 1; i >= 0; i--) {
      const a = args[i]
      const register = registerValue(a, this.addressTaken)
      if (register && uselessConversion(register.ty!, parameterType(a, i))) {
        if (register !== a) this.exprStatement(a)
        registers.push([i, register])
      } else {
        argument(a, i)
        stackOrder.push(i)
      }
    }
    registers.reverse()
    for (const [i, register] of registers) {
      argument(register, i)
      stackOrder.push(i)
    }
    this.emitOrder(args.map((_, i) => stackOrder.indexOf(i)))
  }

  /** Where a call's struct result goes, from the caller's %rbp (see ast.ts `temp`). */
  private resultOffset(e: Expr & { k: 'call' }): number {
    if (e.resultInto) return e.resultInto.slot.offset
    if (e.temp) return e.temp.offset
    if (e.resultBelowStack && this.current) {
      // Below %rsp and below where the callee's return address and saved %rbp were.
      return -(this.current.frameSize + 16 + alignUp(sizeOf(e.ty!), 16))
    }
    return 0
  }

  /** Pushes the hidden result pointer of a call returning a struct through memory. */
  private pushResultPlace(e: Expr & { k: 'call' }): void {
    if (e.resultThroughPointer && this.current) {
      this.emit(Op.LOCAL, this.layouts.get(this.current)!.resultPointerOffset)
      this.emit(Op.LD_PTR)
    } else this.emit(Op.LOCAL, this.resultOffset(e))
  }

  /** The condition of an `assert(...)` call as written, which its message quotes. */
  private assertText(e: Expr): string {
    const line = this.program.source.split('\n')[e.pos.line - 1] ?? ''
    return extractCall(line, e.pos.column - 1)
  }

  /**
   * A `printf` gcc turned into `puts` or `putchar` (or dropped): called as gcc calls it, so its
   * result, left in %rax, is that function's (`putchar('x')` returns 120 where printf("x")
   * would return 1).
   */
  private rewrittenCall(rewrite: LibraryCallRewrite): void {
    if (!rewrite.callee) {
      this.emit(Op.PUSH, 0)
      return
    }
    const parameter = BUILTINS[rewrite.callee].params[0]
    const [arg] = rewrite.args
    if ('literal' in arg) {
      this.emit(Op.PUSH, 0)
      this.relocations.push({
        at: this.code.length - 1,
        in: 'code',
        section: 'rodata',
        offset: this.literalPlaceByKey.get(arg.literal.join(','))!
      })
    } else if ('char' in arg) {
      this.emit(Op.PUSH, arg.char)
    } else {
      this.rvalue(arg.expr)
      this.convert(arg.expr.ty!, parameter)
    }
    this.consts.push([kindOf(parameter)])
    this.emit(Op.BUILTIN, BUILTIN_ID.get(rewrite.callee)!, 1, this.consts.length - 1)
  }
}

/**
 * gcc folds `strcmp` of two string literals, and `memcmp` of two with a constant length, even at
 * -O0, keeping only the sign (-1, 0 or 1), where the library's own strcmp answers the difference
 * of the first differing bytes: `strcmp("apple", "cherry")` is -1, `strcmp(buf, "cherry")` -2.
 * The folded value, or null for a call gcc leaves to the library.
 */
function foldedComparison(e: Expr & { k: 'call' }): number | null {
  const callee = e.callee
  if (callee.k !== 'ident' || callee.symbol?.kind !== 'function') return null
  const name = callee.symbol.builtin
  if (name !== 'strcmp' && name !== 'memcmp') return null
  const [a, b, length] = e.args
  if (a?.k !== 'string' || b?.k !== 'string') return null
  // With their terminating NULs, as the bytes are in memory.
  const x = [...a.bytes, 0]
  const y = [...b.bytes, 0]
  let n = Math.min(x.length, y.length)
  if (name === 'memcmp') {
    if (length?.k !== 'int' || length.value > BigInt(n)) return null
    n = Number(length.value)
  }
  for (let i = 0; i < n; i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1
    if (name === 'strcmp' && x[i] === 0) return 0
  }
  return 0
}

/** The text inside `assert( ... )` starting at `column` of `line`. */
function extractCall(line: string, column: number): string {
  const open = line.indexOf('(', column)
  if (open < 0) return line.trim()
  let depth = 0
  for (let i = open; i < line.length; i++) {
    if (line[i] === '(') depth++
    else if (line[i] === ')') {
      depth--
      if (depth === 0) return line.slice(open + 1, i).trim()
    }
  }
  return line.slice(open + 1).trim()
}

/** A numeric constant converted to float, rounded once (a 64-bit integer straight to float). */
function constantAsFloat(v: ConstValue & { kind: 'int' | 'double' }): number {
  return v.kind === 'double' ? toFloat32(v.value) : integerToFloat32(normalize64(v.value))
}

/**
 * The literals (checker's indexes) the program's code and static initializers read: every one
 * written, except in the arguments a rewritten `printf` no longer passes (its format, and the
 * literal `printf("%s", "text\n")` prints, which becomes puts's own shorter literal).
 */
function literalsRead(
  program: CheckedProgram,
  rewrites: Map<Expr, LibraryCallRewrite>
): Set<number> {
  const dropped = new Set<Expr>()
  for (const [call, rewrite] of rewrites) {
    if (call.k !== 'call') continue
    const passed = new Set(rewrite.args.flatMap((a) => ('expr' in a ? [a.expr] : [])))
    for (const arg of call.args) {
      if (!passed.has(arg)) forEachExprIn(arg, (x) => dropped.add(x))
    }
  }
  const read = new Set<number>()
  const visit = (e: Expr): void => {
    if (e.k === 'string' && e.literal !== undefined && !dropped.has(e)) read.add(e.literal)
  }
  for (const f of program.functions) forEachExprInStmt(f.def.body, visit)
  for (const g of program.globals) if (g.decl.init) forEachInitializer(g.decl.init, visit)
  return read
}

/** The string literals an address constant points at (`"abc"`, `"abc" + 1`, `c ? "a" : "b"`). */
function collectLiterals(e: Expr, out: number[][]): void {
  switch (e.k) {
    case 'string':
      out.push(e.bytes)
      return
    case 'cast':
    case 'unary':
      collectLiterals(e.operand, out)
      return
    case 'binary':
    case 'comma':
      collectLiterals(e.left, out)
      collectLiterals(e.right, out)
      return
    case 'cond':
      collectLiterals(e.then, out)
      collectLiterals(e.otherwise, out)
      return
    default:
      return
  }
}

/**
 * A global's or static's alignment: the one the program asked for (`_Alignas`, `aligned(N)`),
 * else the one gcc chooses by its size.
 */
function globalAlign(g: GlobalInfo): number {
  return g.decl.align ?? staticAlign(g.symbol.type)
}

function isConstObject(t: CType): boolean {
  if (t.const) return true
  if (t.kind === 'array') return isConstObject(t.of)
  return false
}

function stringInitializer(init: Initializer, type: CType & { kind: 'array' }): number[] | null {
  if (type.of.kind !== 'int' || type.of.size !== 1) return null
  let e: Expr | null = null
  if (init.k === 'expr') e = init.expr
  else if (init.items.length === 1 && init.items[0].init.k === 'expr') e = init.items[0].init.expr
  if (!e || e.k !== 'string') return null
  return [...e.bytes, 0]
}

function wrapInt(v: bigint, t: CType): bigint {
  const p = t.kind === 'int' ? t : null
  if (!p) return v
  const bits = Math.max(p.size, 4) * 8
  return p.signed || p.size < 4 ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v)
}

/** A 64-bit value as a number when exactly representable, else as a BigInt. */
export function normalize64(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v
}

/** Compiles a checked program. */
/**
 * exit's driver frame when it calls atexit handlers: on the reference machine glibc 2.36's exit
 * and __run_exit_handlers take 0x70 bytes from exit's return address to the handler's (a
 * handler's local 0x50 bytes below where a 16-byte frame put it, gcc 12's binary under
 * setarch -R), so the frame below the return address and saved %rbp is 0x60.
 */
const EXIT_FRAME_BYTES = 0x60

export function generate(program: CheckedProgram, file = 'program.c'): CompiledProgram {
  return new CodeGenerator(program, file).run()
}

/**
 * The expression that initializes a scalar: `= e`, or `= { e }` (C allows braces around a
 * scalar's initializer; any further items are the checker's to reject). Null for `= { }`.
 */
function scalarInitializer(init: Initializer): Expr | null {
  if (init.k === 'expr') return init.expr
  const first = init.items[0]?.init
  return first?.k === 'expr' ? first.expr : null
}

/**
 * The constant pool gcc -O0 outputs for these function bodies, after everything else in
 * `.rodata`: each distinct non-zero double constant (a double literal, or an integer literal
 * converted to double; 0.0 is made with pxor, and a static's initializer goes to .data), 8
 * bytes, and for the negation of a double value the 16-byte sign mask xorpd uses, 16-aligned.
 * Returns its size and alignment (0 and 1 when there is none).
 */
/**
 * gcc's constant pool for one program: the floating constants its code loads from .rodata
 * (movss/movsd .LCn(%rip)), each output once with its own alignment in order of first use —
 * a float 4 bytes (`.align 4; .long`), a double 8 — and negation's 16-byte sign mask
 * (xorps/xorpd: one for float, one for double). 0.0 is made with pxor and needs none; a static's
 * initializer is in .data. Entries in the order the statements are written.
 */
function constantPool(bodies: Stmt[]): Array<{ size: number; align: number }> {
  const entries: Array<{ size: number; align: number }> = []
  const seen = new Set<string>()
  const add = (single: boolean, value: number): void => {
    if (value === 0) return
    const key = `${single ? 'f' : 'd'}${Object.is(value, -0) ? '-0' : value}`
    if (seen.has(key)) return
    seen.add(key)
    entries.push(single ? { size: 4, align: 4 } : { size: 8, align: 8 })
  }
  const signMask = (single: boolean): void => {
    const key = single ? 'float sign' : 'double sign'
    if (seen.has(key)) return
    seen.add(key)
    entries.push({ size: 16, align: 16 })
  }
  const skipped = new Set<Expr>()
  /** A constant converted to `target` at compile time: an entry of the target's width. */
  const constantAs = (target: CType | undefined, e: Expr): boolean => {
    if (target?.kind === 'int' && e.k === 'float') {
      // `int n = 2.5;`, `(int)2.5`: folded to an integer.
      skipped.add(e)
      return true
    }
    if (target?.kind !== 'double') return false
    if (e.k === 'float') {
      skipped.add(e)
      add(isFloat(target), isFloat(target) ? toFloat32(e.value) : e.value)
      return true
    }
    if (e.k === 'int') {
      add(isFloat(target), Number(e.value))
      return true
    }
    return false
  }
  /** A local's initializer and the local's type (`float f = 2.5;` makes a float entry). */
  const initialized = new Map<Expr, CType>()
  const visit = (e: Expr): void => {
    if (skipped.has(e)) return
    const target = initialized.get(e)
    if (target && constantAs(target, e)) return
    if (e.k === 'float') add(e.single === true, e.value)
    else if (e.k === 'cast') constantAs(e.type, e.operand)
    else if (e.k === 'assign') constantAs(e.left.ty, e.right)
    else if (e.k === 'binary') {
      // An integer literal meeting a floating operand is converted at compile time.
      for (const [side, other] of [
        [e.left, e.right],
        [e.right, e.left]
      ] as const) {
        if (side.k === 'int' && other.ty?.kind === 'double') constantAs(other.ty, side)
      }
    } else if (e.k === 'unary' && e.op === '-' && e.ty?.kind === 'double') {
      if (e.operand.k === 'float') {
        skipped.add(e.operand)
        add(e.operand.single === true, -e.operand.value)
      } else signMask(isFloat(e.ty))
    }
  }
  for (const body of bodies) {
    forEachStatement(body, (s) => {
      if (s.k !== 'decl') return
      for (const d of s.decls) {
        if (d.storage === 'static' && d.init) forEachInitializer(d.init, (e) => skipped.add(e))
        else if (d.init?.k === 'expr') initialized.set(d.init.expr, d.type)
      }
    })
    forEachExpr(body, visit)
  }
  return entries
}
