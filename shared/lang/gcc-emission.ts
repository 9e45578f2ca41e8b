/**
 * What gcc 12 -O0 puts in a program's object file, in its order: which string literals it
 * emits into `.rodata` and where among the `const` objects, the order of the objects in
 * `.data`, `.data.rel.local` and `.bss`, which library functions the program calls through the
 * PLT, and the `printf` calls gcc rewrites into `puts` or `putchar`. With these the interpreter
 * puts every global, static and literal at the address the real program prints (see
 * shared/sim/layout.ts for where the linker puts the sections themselves).
 *
 * What gcc does, checked with `gcc -S` and `nm` on this machine:
 * - Globals and functions are output in source order (-O0 implies -fno-toplevel-reorder). A
 *   function's literals go to `.rodata` when the function is output, in the order gcc expands
 *   its code: a call's arguments last to first (a nested call before the literals of the call
 *   around it), a loop's body before its condition (`for`: init, body, update, condition).
 *   The literals a global's initializer points at are output just before the global.
 * - Identical literals share one copy. A literal gcc folds or copies with immediate moves is
 *   not output at all: `strlen("abc")`, `strcpy(buf, "abc")`, `strcat(buf, "abc")`,
 *   `strcmp` of two literals or with `""`, a `char a[] = "abc"` initializer.
 * - Static locals come after everything else, function by function: those the function uses
 *   in the order it first uses them, then the unused ones last declared first. Within a
 *   statement, `x = y` uses y first (gimplified `_1 = y; x = _1`), and a call's `&s` arguments
 *   (constants, left in the call) come after its loaded ones, first to last.
 * - A static without an initializer, at file scope or local, is a local common symbol
 *   (`.local s; .comm s,size,align`), which the assembler allocates after the object's other
 *   `.bss` (codegen.ts placeData).
 * - Sections by what the object is: `const` (even zero) → `.rodata`; holding an address
 *   (pointer initialized with `&x`, a literal or a function) → `.data.rel.local`, or
 *   `.data.rel.ro.local` when also const; zero or no initializer → `.bss`; else `.data`.
 * - When its value is unused, `printf("text\n")` becomes `puts("text")`, `printf("x")` and
 *   `printf("%c", c)` become `putchar`, `printf("%s\n", s)` becomes `puts(s)`, `printf("")`
 *   disappears (gcc's gimple_fold_builtin_printf).
 */
import type { Expr, Initializer, Stmt } from './ast'
import { sizeofValue } from './ast'
import { foldConstant } from './constant-folding'
import { gccFoldsMathCall } from './library-functions'
import type { CheckedProgram, FunctionInfo, GlobalInfo } from './checker'
import { promote, decay, sizeOf, type CType } from './types'

/** The object-file section a global or static local goes to. */
export type ObjectSection = 'rodata' | 'data' | 'data.rel.local' | 'data.rel.ro' | 'bss'

/** One thing gcc outputs into `.rodata`: a string literal or a const object. */
export type RodataItem =
  | { kind: 'literal'; bytes: number[] }
  | { kind: 'object'; global: GlobalInfo }
  /** A function's `__PRETTY_FUNCTION__` (its name, for assert's message): a static array. */
  | { kind: 'function-name'; bytes: number[] }

/** An argument of a rewritten library call. */
export type RewrittenArgument = { expr: Expr } | { literal: number[] } | { char: number }

/** A `printf` gcc replaces: by `puts` or `putchar` with these arguments, or by nothing. */
export interface LibraryCallRewrite {
  callee: 'puts' | 'putchar' | null
  args: RewrittenArgument[]
}

/** What the planner needs to know about a global from the code generator. */
export interface GlobalClassification {
  section: ObjectSection
  /** String literals the initializer points at (as addresses), in initializer order. */
  literals: number[][]
}

export interface EmissionPlan {
  /** `.rodata`: literals and const objects in gcc's order. */
  rodata: RodataItem[]
  data: GlobalInfo[]
  dataRelLocal: GlobalInfo[]
  /** Const objects holding addresses (`.data.rel.ro.local`, in the RELRO page on Linux). */
  dataRelRo: GlobalInfo[]
  bss: GlobalInfo[]
  /** Library functions called through the PLT (gcc's symbols: puts, __ctype_b_loc, ...). */
  libraryFunctions: string[]
  /**
   * Library functions the program calls and also takes the address of: its calls go through the
   * GOT (a `.plt.got` stub of 8 bytes each) instead of the PLT.
   */
  addressTakenLibraryFunctions: string[]
  /** `printf` calls gcc rewrites. */
  rewrites: Map<Expr, LibraryCallRewrite>
}

const NEWLINE = 10
const PERCENT = 37

/** The library symbol a call to `name` reaches through the PLT, or null when gcc inlines or folds it. */
const PLT_SYMBOL: Record<string, string | null> = {
  abs: null,
  labs: null,
  // fabs and fabsf are an `and` with a sign mask.
  fabs: null,
  fabsf: null,
  // isnan and isinf (glibc's macros are gcc's built-ins) and copysign are inline too.
  isnan: null,
  isinf: null,
  copysign: null,
  __assert: '__assert_fail',
  isdigit: '__ctype_b_loc',
  isalpha: '__ctype_b_loc',
  isspace: '__ctype_b_loc',
  isupper: '__ctype_b_loc',
  islower: '__ctype_b_loc',
  isalnum: '__ctype_b_loc'
}

function key(bytes: number[]): string {
  return bytes.join(',')
}

/** A <math.h> call with constant arguments that gcc computes at compile time. */
export function foldedMathCall(name: string, args: Expr[]): boolean {
  const values: number[] = []
  for (const a of args) {
    const v = foldConstant(a)
    if (v === null) return false
    values.push(v.kind === 'double' ? v.value : Number(v.value))
  }
  return gccFoldsMathCall(name, values)
}

/** The expression without the checker's implicit conversions around it. */
function bare(e: Expr): Expr {
  while (e.k === 'cast' && e.implicit) e = e.operand
  return e
}

function isStringLiteral(e: Expr | undefined): e is Expr & { k: 'string' } {
  return e !== undefined && bare(e).k === 'string'
}

/**
 * The literal an argument is an address constant of (gcc's is_gimple_min_invariant): the
 * literal itself under any casts, or the address of one of its elements at a constant index.
 */
function constantLiteral(e: Expr): (Expr & { k: 'string' }) | null {
  while (e.k === 'cast') e = e.operand
  if (e.k === 'string') return e
  if (e.k === 'unary' && e.op === '&') {
    const element = e.operand
    if (
      element.k === 'index' &&
      element.base.k === 'string' &&
      smallConstant(element.index) !== null
    )
      return element.base
  }
  return null
}

function literalBytes(e: Expr): number[] {
  return (bare(e) as Expr & { k: 'string' }).bytes
}

/** An integer constant made of literals, `sizeof` and casts (what gcc folds a size from), or null. */
function smallConstant(e: Expr | undefined): number | null {
  if (e === undefined) return null
  while (e.k === 'cast') e = e.operand
  if (e.k === 'int') return Number(e.value)
  if (e.k === 'sizeof') return e.type || e.operand?.ty ? sizeOfExpression(e) : null
  return null
}

function sizeOfExpression(e: Expr & { k: 'sizeof' }): number {
  return sizeofValue(e)
}

/** `0`, `(void *)0`: a null pointer constant or the integer zero. */
function isZero(e: Expr): boolean {
  return smallConstant(e) === 0
}

/** `strlen(s) == 0`, `strlen(s) != 0`, `strlen(s) > 0`, `0 == strlen(s)`. */
function comparesLengthWithZero(e: Expr & { k: 'binary' }): boolean {
  if (!['==', '!=', '>'].includes(e.op)) return false
  const [call, zero] = isZero(e.right) ? [e.left, e.right] : [e.right, e.left]
  const c = bare(call)
  return (
    isZero(zero) &&
    (e.op !== '>' || zero === e.right) &&
    c.k === 'call' &&
    c.callee.k === 'ident' &&
    c.callee.symbol?.kind === 'function' &&
    c.callee.symbol.builtin === 'strlen'
  )
}

/** A `char` array initialized from a string literal: its bytes are the array's, no literal. */
function initializesCharArray(type: CType, e: Expr): boolean {
  return (
    type.kind === 'array' && type.of.kind === 'int' && type.of.size === 1 && bare(e).k === 'string'
  )
}

/**
 * gcc's rewrite of a `printf` whose value is unused (gimple_fold_builtin_printf), or null.
 * `args` are the call's arguments as written.
 */
export function printfRewrite(args: Expr[]): LibraryCallRewrite | null {
  const format = args[0]
  if (!isStringLiteral(format)) return null
  const f = literalBytes(format)
  const text = String.fromCharCode(...f)
  if (!f.includes(PERCENT) || text === '%s') {
    let s: number[]
    if (text === '%s') {
      if (args.length !== 2 || !isStringLiteral(args[1])) return null
      s = literalBytes(args[1])
    } else {
      if (args.length !== 1) return null
      s = f
    }
    if (s.length === 0) return { callee: null, args: [] }
    if (s.length === 1) return { callee: 'putchar', args: [{ char: s[0] }] }
    if (s[s.length - 1] === NEWLINE) return { callee: 'puts', args: [{ literal: s.slice(0, -1) }] }
    return null
  }
  if (args.length !== 2) return null
  const argType = args[1].ty ? promote(decay(args[1].ty)) : null
  if (text === '%s\n' && argType?.kind === 'pointer') {
    return { callee: 'puts', args: [{ expr: args[1] }] }
  }
  if (
    text === '%c' &&
    argType?.kind === 'int' &&
    argType.size === 4 &&
    argType.signed &&
    !argType.enumTag
  ) {
    return { callee: 'putchar', args: [{ expr: args[1] }] }
  }
  return null
}

/**
 * Plans the object file gcc 12 -O0 makes of `program`. `classify` gives each global's (and
 * static local's) section and the literals its initializer points at.
 */
export function planEmission(
  program: CheckedProgram,
  classify: (g: GlobalInfo) => GlobalClassification,
  asserts: AssertSource = { file: 'program.c', assertText: () => '' }
): EmissionPlan {
  return new EmissionPlanner(program, classify, asserts).plan()
}

/**
 * What `assert(c)` expands to needs: `__assert_fail("c", __FILE__, __LINE__,
 * __PRETTY_FUNCTION__)` puts the condition's text and the file name (as gcc was given it) in
 * `.rodata`, and the function's name as a static array after its static locals.
 */
export interface AssertSource {
  file: string
  assertText: (call: Expr) => string
}

class EmissionPlanner {
  private readonly rodata: RodataItem[] = []
  private readonly emittedLiterals = new Set<string>()
  private readonly sections: Record<Exclude<ObjectSection, 'rodata'>, GlobalInfo[]> = {
    data: [],
    'data.rel.local': [],
    'data.rel.ro': [],
    bss: []
  }
  private readonly library = new Set<string>()
  /** Library functions used as values (`&puts`, `= strlen`): reached through `.plt.got`. */
  private readonly addressTaken = new Set<string>()
  private readonly rewrites = new Map<Expr, LibraryCallRewrite>()
  /** The current function's static locals, in order of first use. */
  private staticUses: GlobalInfo[] = []
  private staticBySymbol = new Map<number, GlobalInfo>()

  constructor(
    private readonly program: CheckedProgram,
    private readonly classify: (g: GlobalInfo) => GlobalClassification,
    private readonly asserts: AssertSource
  ) {}

  /** Whether the current function calls assert (and so has a __PRETTY_FUNCTION__). */
  private asserting = false

  plan(): EmissionPlan {
    const staticLocals = new Map<string, GlobalInfo[]>()
    const topLevel: Array<{ line: number; column: number; global?: GlobalInfo; f?: FunctionInfo }> =
      []
    for (const g of this.program.globals) {
      const owner = g.symbol.functionName
      if (owner !== undefined) {
        const list = staticLocals.get(owner) ?? []
        list.push(g)
        staticLocals.set(owner, list)
      } else {
        topLevel.push({ line: g.decl.pos.line, column: g.decl.pos.column, global: g })
      }
    }
    for (const f of this.program.functions) {
      topLevel.push({ line: f.def.pos.line, column: f.def.pos.column, f })
    }
    topLevel.sort((a, b) => a.line - b.line || a.column - b.column)

    // Static locals are output after everything else, function by function.
    const deferred: Array<GlobalInfo | { functionName: string }> = []
    for (const item of topLevel) {
      if (item.global) {
        this.output(item.global)
        continue
      }
      const f = item.f!
      const own = staticLocals.get(f.name) ?? []
      this.staticBySymbol = new Map(own.map((g) => [g.symbol.id, g]))
      this.staticUses = []
      this.asserting = false
      this.statement(f.def.body)
      const unused = own.filter((g) => !this.staticUses.includes(g)).reverse()
      deferred.push(...this.staticUses, ...unused)
      if (this.asserting) deferred.push({ functionName: f.name })
    }
    for (const g of deferred) {
      if ('symbol' in g) this.output(g)
      else this.rodata.push({ kind: 'function-name', bytes: textBytes(g.functionName) })
    }

    return {
      rodata: this.rodata,
      data: this.sections.data,
      dataRelLocal: this.sections['data.rel.local'],
      dataRelRo: this.sections['data.rel.ro'],
      bss: this.sections.bss,
      libraryFunctions: [...this.library].filter((f) => !this.addressTaken.has(f)).sort(),
      addressTakenLibraryFunctions: [...this.library]
        .filter((f) => this.addressTaken.has(f))
        .sort(),
      rewrites: this.rewrites
    }
  }

  private output(g: GlobalInfo): void {
    const { section, literals } = this.classify(g)
    for (const bytes of literals) this.literal(bytes)
    if (section === 'rodata') this.rodata.push({ kind: 'object', global: g })
    else this.sections[section].push(g)
  }

  private literal(bytes: number[]): void {
    const k = key(bytes)
    if (this.emittedLiterals.has(k)) return
    this.emittedLiterals.add(k)
    this.rodata.push({ kind: 'literal', bytes })
  }

  // ---- a function body in the order gcc expands it ------------------------------------------

  private statement(s: Stmt | undefined): void {
    if (!s) return
    switch (s.k) {
      case 'block':
        for (const item of s.items) this.statement(item)
        return
      case 'decl':
        for (const d of s.decls) {
          if (d.symbol?.kind === 'global' || !d.init) continue
          this.initializer(d.init, d.type)
        }
        return
      case 'expr':
        this.expression(s.expr, true)
        return
      case 'if':
        this.expression(s.test)
        this.statement(s.then)
        this.statement(s.otherwise)
        return
      case 'while':
        this.statement(s.body)
        this.expression(s.test)
        return
      case 'do':
        this.statement(s.body)
        this.expression(s.test)
        return
      case 'for':
        this.statement(s.init)
        this.statement(s.body)
        if (s.update) this.expression(s.update, true)
        if (s.test) this.expression(s.test)
        return
      case 'labeled':
        this.statement(s.body)
        return
      case 'switch':
        this.expression(s.expr)
        this.statement(s.body)
        return
      case 'return':
        if (s.expr) this.expression(s.expr)
        return
      default:
        return
    }
  }

  private initializer(init: Initializer, type: CType): void {
    if (init.k === 'expr') {
      if (!initializesCharArray(type, init.expr)) this.expression(init.expr)
      return
    }
    if (type.kind === 'array' && init.items.length === 1 && init.items[0].init.k === 'expr') {
      if (initializesCharArray(type, init.items[0].init.expr)) return
    }
    let field = 0
    for (const item of init.items) {
      let inner: CType = type
      if (type.kind === 'array') inner = type.of
      else if (type.kind === 'struct') {
        const d = item.designator?.[0]
        if (d && 'field' in d) field = type.layout.fields.findIndex((f) => f.name === d.field)
        inner = type.layout.fields[field]?.type ?? type
        field++
      }
      this.initializer(item.init, inner)
    }
  }

  /** Visits `e` in gcc's expansion order; `unused`: its value is thrown away. */
  private expression(e: Expr, unused = false): void {
    // Left-deep chains (`a + b + c + …`, `a, b, …`) are walked in a loop, as the code generator does.
    const spine: Expr[] = []
    let first = e
    while ((first.k === 'binary' || first.k === 'comma') && first.left.k === first.k) {
      spine.push(first)
      first = first.left
    }
    if (spine.length > 0) {
      this.expression(first, e.k === 'comma')
      for (let i = spine.length - 1; i >= 0; i--) {
        const link = spine[i] as Expr & { k: 'binary' | 'comma' }
        this.expression(link.right, link.k === 'comma' && (i > 0 || unused))
      }
      return
    }
    switch (e.k) {
      case 'string':
        this.literal(e.bytes)
        return
      case 'ident': {
        const s = e.symbol
        if (s?.kind === 'function' && s.builtin !== undefined) {
          const symbol = s.builtin in PLT_SYMBOL ? PLT_SYMBOL[s.builtin] : s.builtin
          if (symbol) this.addressTaken.add(symbol)
        }
        if (s?.kind === 'global') {
          const g = this.staticBySymbol.get(s.id)
          if (g && !this.staticUses.includes(g)) this.staticUses.push(g)
        }
        return
      }
      case 'unary':
        this.expression(e.operand)
        return
      case 'cast':
        this.expression(e.operand, e.type.kind === 'void')
        return
      case 'binary':
        if (comparesLengthWithZero(e)) {
          // `strlen(s) == 0` is folded to `*s == 0`: strlen is not called.
          const call = bare(isZero(e.left) ? e.right : e.left) as Expr & { k: 'call' }
          this.expression(call.args[0])
          return
        }
        this.expression(e.left)
        this.expression(e.right)
        return
      case 'assign':
        // `x = y` is gimplified as `_1 = y; x = _1;`: the right side's variables come first.
        if (e.op === '=') {
          this.expression(e.right)
          this.expression(e.left)
          return
        }
        this.expression(e.left)
        this.expression(e.right)
        return
      case 'comma':
        this.expression(e.left, true)
        this.expression(e.right, unused)
        return
      case 'cond':
        this.expression(e.test)
        this.expression(e.then)
        this.expression(e.otherwise)
        return
      case 'index':
        this.expression(e.base)
        this.expression(e.index)
        return
      case 'member':
        this.expression(e.object)
        return
      case 'call':
        this.call(e, unused)
        return
      default:
        return
    }
  }

  private call(e: Expr & { k: 'call' }, unused: boolean): void {
    const callee = e.callee
    const name =
      callee.k === 'ident' && callee.symbol?.kind === 'function' ? callee.symbol.builtin : undefined
    if (callee.k !== 'ident' || callee.symbol?.kind !== 'function') this.expression(callee)
    if (name === undefined) {
      this.arguments(e.args)
      return
    }
    const [a, b] = e.args
    switch (name) {
      case 'printf': {
        const rewrite = unused ? printfRewrite(e.args) : null
        if (!rewrite) break
        this.rewrites.set(e, rewrite)
        if (rewrite.callee) this.library.add(rewrite.callee)
        for (const arg of [...rewrite.args].reverse()) {
          if ('literal' in arg) this.literal(arg.literal)
          else if ('expr' in arg) this.expression(arg.expr)
        }
        return
      }
      case 'strlen':
        if (isStringLiteral(a)) return
        break
      case 'strncmp': {
        // Of two literals it is folded; past a literal's NUL it is strcmp.
        if (isStringLiteral(a) && isStringLiteral(b)) return
        const size = smallConstant(e.args[2])
        const literal = isStringLiteral(b) ? b : isStringLiteral(a) ? a : undefined
        if (literal && size !== null && size > literalBytes(literal).length) {
          this.library.add('strcmp')
          this.arguments(e.args)
          return
        }
        break
      }
      case 'memmove':
      case 'memcpy': {
        // A copy of 1, 2, 4, 8 or 16 bytes is one move: gcc -O0 expands it in place.
        // So is a copy between two structs given by address (`memcpy(&a, &b, sizeof a)`).
        const size = smallConstant(e.args[2])
        const structs = e.args.slice(0, 2).every((x) => {
          const address = bare(x)
          return (
            address.k === 'unary' && address.op === '&' && address.operand.ty?.kind === 'struct'
          )
        })
        if (size !== null && (structs || [1, 2, 4, 8, 16].includes(size))) {
          this.arguments(e.args)
          return
        }
        break
      }
      case 'strncpy': {
        // From a literal, no more than its bytes and NUL: immediate moves, no literal.
        const size = smallConstant(e.args[2])
        if (isStringLiteral(b) && size !== null && size <= literalBytes(b).length + 1) {
          this.expression(a)
          return
        }
        break
      }
      case 'strchr':
        // strchr(s, 0) is s + strlen(s).
        if (smallConstant(b) === 0) {
          this.library.add('strlen')
          this.expression(a)
          return
        }
        break
      case 'realloc':
        // realloc(NULL, n) is malloc(n).
        if (isZero(a)) {
          this.library.add('malloc')
          this.arguments(e.args)
          return
        }
        break
      case 'strcpy':
      case 'strcat':
        if (isStringLiteral(b)) {
          // Copied with immediate moves (strcat finds the end with strlen first).
          if (name === 'strcat') this.library.add('strlen')
          this.expression(a)
          return
        }
        break
      case 'strcmp':
        if (isStringLiteral(a) && isStringLiteral(b)) return
        if (isStringLiteral(a) && literalBytes(a).length === 0) return this.expression(b)
        if (isStringLiteral(b) && literalBytes(b).length === 0) return this.expression(a)
        break
      case 'memcmp':
        if (isStringLiteral(a) && isStringLiteral(b)) return
        break

      case '__assert':
        // __assert_fail's arguments last to first: the function's name (a static array, output
        // with the statics), the line (a number), the file name, the condition's text.
        this.library.add('__assert_fail')
        this.asserting = true
        this.expression(a)
        this.literal(textBytes(this.asserts.file))
        this.literal(textBytes(this.asserts.assertText(e)))
        return
    }
    if (foldedMathCall(name, e.args)) return
    // gcc's built-ins are instructions (popcount: libgcc's __popcountdi2, linked in .text).
    const symbol = name.startsWith('__builtin_')
      ? null
      : name in PLT_SYMBOL
        ? PLT_SYMBOL[name]
        : name
    if (symbol) this.library.add(symbol)
    this.arguments(e.args)
  }

  /**
   * gcc evaluates a call's arguments last to first; constant ones (a literal, under casts or
   * not, or `&"lit"[k]`) are loaded at the call itself, those passed in registers (the first six
   * integer or pointer arguments, the first eight double ones) before those passed on the
   * stack, each last to first. `"lit" + k` is computed before.
   */
  private arguments(args: Expr[]): void {
    const inRegister: boolean[] = []
    let integers = 0
    let doubles = 0
    for (const arg of args) {
      const type = arg.ty
      if (type?.kind === 'double') inRegister.push(doubles++ < 8)
      else if (type?.kind === 'struct') {
        const words = Math.ceil(sizeOf(type) / 8)
        const fits = words <= 2 && integers + words <= 6
        if (fits) integers += words
        inRegister.push(fits)
      } else inRegister.push(integers++ < 6)
    }
    const registers: number[][] = []
    const stack: number[][] = []
    // `&s` of a static is a constant too: left in the call, it is output when the call is
    // expanded, first to last (`printf("%p %p", &d, &e)` outputs d, then e).
    const addresses: Expr[] = []
    for (let i = args.length - 1; i >= 0; i--) {
      const literal = constantLiteral(args[i] as Expr)
      if (literal !== null) (inRegister[i] === true ? registers : stack).push(literal.bytes)
      else if (this.staticAddress(args[i])) addresses.unshift(args[i])
      else this.expression(args[i])
    }
    const constants = [...registers, ...stack]
    for (const bytes of constants) this.literal(bytes)
    for (const a of addresses) this.expression(a)
  }

  /** Whether `e` is `&s` (or `s` of an array) of a static local, converted or not. */
  private staticAddress(e: Expr): boolean {
    let x = e
    while (x.k === 'cast') x = x.operand
    if (x.k === 'unary' && x.op === '&') x = x.operand
    else if (!(x.k === 'ident' && x.ty?.kind === 'array')) return false
    return x.k === 'ident' && x.symbol?.kind === 'global' && this.staticBySymbol.has(x.symbol.id)
  }
}

/** A string's UTF-8 bytes, as gcc stores a literal. */
function textBytes(text: string): number[] {
  return [...new TextEncoder().encode(text)]
}
