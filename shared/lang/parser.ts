/**
 * A recursive-descent parser for the C subset. It resolves declared types as it goes (C needs
 * to know typedef names to parse at all) and recovers from errors at the next `;` or `}` so
 * that several problems are reported in one go.
 */
import type {
  AssignOp,
  BinaryOp,
  Designator,
  Expr,
  FunctionDef,
  Initializer,
  Param,
  Position,
  StorageClass,
  Stmt,
  TopLevel,
  TranslationUnit,
  VarDecl
} from './ast'
import { CompileError, DiagnosticSink, reason, type DiagnosticReason } from './diagnostics'
import type { SemicolonContext, TokenPurpose } from './diagnostic-messages'
import { bracedString, fullyBraced, isStringFor } from './initializer'
import { KEYWORDS, type Token } from './lexer'
import { DIV_T, FILE_STRUCT, LDIV_T, LLDIV_T, VA_LIST } from './builtins'
import {
  BOOL,
  CHAR,
  DOUBLE,
  FLOAT,
  INT,
  LLONG,
  LONG,
  UINT,
  ULLONG,
  ULONG,
  VOID,
  alignOf,
  variableAlign,
  arrayOf,
  integer,
  layoutStruct,
  type MemberDeclaration,
  pointerTo,
  sizeOf,
  typeName,
  withConst,
  type CType,
  type FunctionType,
  type IntegerName,
  type IntegerType,
  type StructType,
  findMember
} from './types'

const ALIGNOF_KEYWORDS = new Set(['_Alignof', '__alignof__', '__alignof'])
const FUNCTION_NAME_IDENTIFIERS = new Set(['__func__', '__FUNCTION__', '__PRETTY_FUNCTION__'])

type ScopeEntry =
  { kind: 'typedef'; type: CType } | { kind: 'var'; type: CType } | { kind: 'enum'; value: bigint }

interface Scope {
  names: Map<string, ScopeEntry>
  tags: Map<string, StructType | { kind: 'enum' }>
}

/** Typedef names the standard headers provide. */
function standardTypedefs(): Map<string, ScopeEntry> {
  const m = new Map<string, ScopeEntry>()
  const def = (name: string, t: CType): void => {
    m.set(name, { kind: 'typedef', type: { ...t, alias: name } as CType })
  }
  def('size_t', ULONG)
  def('ssize_t', LONG)
  def('ptrdiff_t', LONG)
  def('intptr_t', LONG)
  def('uintptr_t', ULONG)
  def('int8_t', integer('signed char'))
  def('uint8_t', integer('unsigned char'))
  def('int16_t', integer('short'))
  def('uint16_t', integer('unsigned short'))
  def('int32_t', INT)
  def('uint32_t', UINT)
  def('int64_t', LONG)
  def('uint64_t', ULONG)
  // <stdint.h>'s least and fast types as glibc defines them on x86-64 (the fast ones wider
  // than 8 bits are long), and the widest.
  def('int_least8_t', integer('signed char'))
  def('uint_least8_t', integer('unsigned char'))
  def('int_least16_t', integer('short'))
  def('uint_least16_t', integer('unsigned short'))
  def('int_least32_t', INT)
  def('uint_least32_t', UINT)
  def('int_least64_t', LONG)
  def('uint_least64_t', ULONG)
  def('int_fast8_t', integer('signed char'))
  def('uint_fast8_t', integer('unsigned char'))
  def('int_fast16_t', LONG)
  def('uint_fast16_t', ULONG)
  def('int_fast32_t', LONG)
  def('uint_fast32_t', ULONG)
  def('int_fast64_t', LONG)
  def('uint_fast64_t', ULONG)
  def('intmax_t', LONG)
  def('uintmax_t', ULONG)
  def('time_t', LONG)
  def('clock_t', LONG)
  // <unistd.h>'s process id (glibc's __pid_t).
  def('pid_t', INT)
  // <stdio.h>'s FILE, opaque: `FILE *f` declares a pointer; stdout and stderr are the streams
  // the library writes (builtins.ts), and opening a file (fopen) says files are not supported.
  def('FILE', FILE_STRUCT)
  def('div_t', DIV_T)
  def('ldiv_t', LDIV_T)
  def('lldiv_t', LLDIV_T)
  // gcc's built-in va_list, which <stdarg.h> and <stdio.h> name `va_list` (glibc's stdio.h
  // declares vprintf with `__gnuc_va_list`).
  def('__builtin_va_list', VA_LIST)
  def('__gnuc_va_list', VA_LIST)
  def('va_list', VA_LIST)
  return m
}

interface DeclaratorResult {
  name: string | null
  pos: Position
  apply: (base: CType) => CType
  /** Parameters of the function suffix directly on the name, for a function definition. */
  params?: Param[]
  /** A local array's own length when it is not a constant (`int a[n]`, a VLA). */
  variableLength?: Expr
  /** `char heap[4096] __attribute__((aligned(16)))`: the alignment asked for after the name. */
  alignas?: AlignasRequest
}

const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '^=', '|='])

const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '>': 7,
  '<=': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10
}

const TYPE_KEYWORDS = new Set([
  'void',
  'char',
  'short',
  'int',
  'long',
  'signed',
  'unsigned',
  'double',
  'float',
  'struct',
  'union',
  'enum',
  'const',
  'volatile',
  'static',
  'extern',
  'typedef',
  'register',
  'auto',
  'inline',
  '_Bool',
  'restrict',
  '_Noreturn',
  '_Alignas',
  '__attribute__',
  '__attribute',
  'typeof',
  '__typeof__',
  '__typeof'
])

/** The diagnostics that refuse one word of C by name (each says `{word}`). */
type UnsupportedWordKey =
  | 'unsupported.complex'
  | 'unsupported.atomic'
  | 'unsupported.threadLocal'
  | 'unsupported.int128'
  | 'unsupported.generic'
  | 'unsupported.inlineAssembly'

/**
 * Specifiers and qualifiers of C11 and GNU C (gcc 12's default dialect) that this subset leaves
 * out. Each is refused by name where it stands, rather than read as an unknown name that ends
 * in "Expected `;`", and the declaration goes on without it, so the name it declares is kept.
 */
const UNSUPPORTED_SPECIFIERS: Record<string, UnsupportedWordKey> = {
  _Complex: 'unsupported.complex',
  __complex__: 'unsupported.complex',
  _Atomic: 'unsupported.atomic',
  _Thread_local: 'unsupported.threadLocal',
  __thread: 'unsupported.threadLocal',
  __int128: 'unsupported.int128',
  __int128_t: 'unsupported.int128',
  __uint128_t: 'unsupported.int128'
}

/** Words of C11 and GNU C that begin an expression or statement this subset leaves out. */
const UNSUPPORTED_EXPRESSIONS: Record<string, UnsupportedWordKey> = {
  _Generic: 'unsupported.generic',
  asm: 'unsupported.inlineAssembly',
  __asm__: 'unsupported.inlineAssembly',
  __asm: 'unsupported.inlineAssembly'
}

/** The diagnostic for `t` when it is one of `words`. */
function unsupportedWord(
  words: Record<string, UnsupportedWordKey>,
  t: Token
): UnsupportedWordKey | undefined {
  return t.kind === 'identifier' && Object.hasOwn(words, t.text) ? words[t.text] : undefined
}

/** An alignment asked for a declaration: `_Alignas(N)` or `__attribute__((aligned(N)))`. */
interface AlignasRequest {
  align: number
  pos: Position
  /** How the program spelled it, for a refusal: `_Alignas(32)`, `__attribute__((aligned))`. */
  what: string
}

/** The stricter of two alignment requests (a declaration may carry one before and after its name). */
function stricter(
  a: AlignasRequest | undefined,
  b: AlignasRequest | undefined
): AlignasRequest | undefined {
  if (!a) return b
  if (!b) return a
  return b.align > a.align ? b : a
}

/** gcc's largest alignment for a global or static: its ELF object file's maximum, 2^28. */
const STATIC_ALIGNMENT_LIMIT = 1 << 28

/** An attribute of gcc's `__attribute__((…))`, its name without surrounding underscores. */
interface Attribute {
  name: string
  /** `aligned(16)`: the constant argument; `aligned` alone is x86-64's largest, 16. */
  value?: bigint | null
  pos: Position
}

/**
 * How deeply expressions (operands inside operands: `-(a + (b * (c ...)))`, nested calls and
 * assignments) and statements (blocks, loops and ifs inside one another) may nest. Every level
 * is a JavaScript call in the parser, checker and code generator, and JavaScript's own stack
 * must never overflow (a worker or the command line has about 1 MB of it): past these limits
 * the program gets a diagnostic. gcc accepts deeper nesting, but C11 5.2.4.1 asks a compiler for
 * only 63 nested parentheses and 127 nested blocks. Runs of plain parentheses `((((x))))` and
 * long chains of operators (`1 + 1 + … + 1`, `a, b, c`) are read in loops and do not count.
 */
export const EXPRESSION_NESTING_LIMIT = 500
export const STATEMENT_NESTING_LIMIT = 300

const POSTFIX_OPERATORS = new Set(['[', '(', '.', '->', '++', '--'])

export class Parser {
  private i = 0
  private scopes: Scope[] = [{ names: standardTypedefs(), tags: new Map() }]
  /** Expressions and statements being parsed inside one another (see the limits above). */
  private expressionNesting = 0
  private statementNesting = 0
  /** The next declarator read is a parameter's (its array length may be a variable). */
  private parameterDeclarator = false
  /** The next declarator declares a block-scope object, which may be a variable-length array. */
  private localDeclarator = false
  /** The limit the last `#pragma pack` set on struct members' alignment (0: none). */
  private packLimit = 0
  /** The function whose body is being read (its `__func__`). */
  private functionName: string | null = null
  /** Compound literals met in the statement being parsed (null outside function bodies). */
  private compoundLiterals: VarDecl[] | null = null
  private compoundLiteralCount = 0
  /** The parameters of the last old-style (K&R) identifier list read, for its declarations. */
  private oldStyleParameters: Param[] | null = null

  constructor(
    private readonly tokens: Token[],
    private readonly sink: DiagnosticSink
  ) {}

  // ---- token helpers -------------------------------------------------------------------

  private get tok(): Token {
    return this.tokens[this.i]
  }
  private peek(n = 1): Token {
    return this.tokens[Math.min(this.i + n, this.tokens.length - 1)]
  }
  private is(text: string): boolean {
    const t = this.tok
    return (t.kind === 'punct' || t.kind === 'keyword') && t.text === text
  }
  private accept(text: string): boolean {
    if (this.is(text)) {
      this.i++
      return true
    }
    return false
  }
  private expect(text: string, purpose?: TokenPurpose): Token {
    if (this.is(text)) return this.tokens[this.i++]
    const t = this.tok
    const found = foundPhrase(t)
    throw new CompileError(
      purpose
        ? reason('parser.expectedTokenFor', {
            token: text,
            purpose: reason(`phrase.${purpose}`),
            found
          })
        : reason('parser.expectedToken', { token: text, found }),
      this.position(t)
    )
  }
  /** A missing `;` is best reported at the end of the previous token, where it belongs. */
  private expectSemicolon(after: SemicolonContext): Token {
    if (this.is(';') || this.i === 0) return this.expect(';')
    const prev = this.tokens[this.i - 1]
    throw new CompileError(
      reason('parser.expectedSemicolon', {
        after: reason(`phrase.${after}`),
        found: foundPhrase(this.tok)
      }),
      { line: prev.line, column: prev.endColumn, endColumn: prev.endColumn + 1 }
    )
  }
  private position(t: Token = this.tok): Position {
    return { line: t.line, column: t.column, endColumn: Math.max(t.endColumn, t.column + 1) }
  }
  private span(from: Position, to: Token = this.tokens[Math.max(0, this.i - 1)]): Position {
    return {
      line: from.line,
      column: from.column,
      endColumn: to.line === from.line ? Math.max(to.endColumn, from.column + 1) : from.endColumn
    }
  }

  // ---- scopes -----------------------------------------------------------------------------

  private lookup(name: string): ScopeEntry | undefined {
    for (let s = this.scopes.length - 1; s >= 0; s--) {
      const e = this.scopes[s].names.get(name)
      if (e) return e
    }
    return undefined
  }
  private lookupTag(tag: string): StructType | { kind: 'enum' } | undefined {
    for (let s = this.scopes.length - 1; s >= 0; s--) {
      const e = this.scopes[s].tags.get(tag)
      if (e) return e
    }
    return undefined
  }
  private declare(name: string, entry: ScopeEntry): void {
    this.scopes[this.scopes.length - 1].names.set(name, entry)
  }
  private pushScope(): void {
    this.scopes.push({ names: new Map(), tags: new Map() })
  }
  private popScope(): void {
    this.scopes.pop()
  }
  private isTypedefName(t: Token = this.tok): boolean {
    return t.kind === 'identifier' && this.lookup(t.text)?.kind === 'typedef'
  }
  private startsDeclaration(t: Token = this.tok): boolean {
    return (
      (t.kind === 'keyword' && TYPE_KEYWORDS.has(t.text)) ||
      this.isTypedefName(t) ||
      unsupportedWord(UNSUPPORTED_SPECIFIERS, t) !== undefined
    )
  }

  // ---- translation unit ---------------------------------------------------------------------

  parseTranslationUnit(): TranslationUnit {
    const items: TopLevel[] = []
    while (this.tok.kind !== 'eof') {
      const start = this.i
      try {
        const item = this.parseExternalDeclaration()
        if (item) items.push(item)
      } catch (e) {
        if (!(e instanceof CompileError)) throw e
        this.expressionNesting = 0
        this.statementNesting = 0
        this.sink.error(e.reason, e.position)
        this.recoverTopLevel()
      }
      if (this.i === start) this.i++
    }
    return { items }
  }

  private recoverTopLevel(): void {
    let depth = 0
    while (this.tok.kind !== 'eof') {
      if (this.is('{')) depth++
      else if (this.is('}')) {
        depth--
        if (depth <= 0) {
          this.i++
          if (depth === 0) return
          depth = 0
          continue
        }
      } else if (this.is(';') && depth === 0) {
        this.i++
        return
      }
      this.i++
    }
  }

  private parseExternalDeclaration(): TopLevel | null {
    const startPos = this.position()
    if (this.accept(';')) return null
    if (this.packPragma()) return null
    if (this.is('_Static_assert')) {
      this.parseStaticAssert()
      return null
    }
    const refused = unsupportedWord(UNSUPPORTED_EXPRESSIONS, this.tok)
    if (refused !== undefined)
      throw new CompileError(reason(refused, { word: this.tok.text }), startPos)
    // K&R's `main() { … }`: a function defined without a type returns int, as gcc (gnu17)
    // still compiles it, with a warning.
    const implicitInt =
      this.tok.kind === 'identifier' && !this.isTypedefName() && this.peek().text === '('
    if (implicitInt) this.sink.warning(reason('parser.noType'), this.position())
    const spec = implicitInt
      ? { type: INT, storage: 'auto' as StorageClass, register: false, alignas: undefined }
      : this.parseSpecifiers()
    if (this.accept(';')) return null // `struct node { ... };`
    const decls: VarDecl[] = []
    for (;;) {
      this.oldStyleParameters = null
      const d = this.parseDeclarator(false)
      const type = d.apply(spec.type)
      const alignas = stricter(spec.alignas, d.alignas)
      // A typedef's alignment would change its type wherever it is used: refused unless it
      // asks for no more than the type has.
      if (spec.storage === 'typedef') this.checkAlignas(alignas, type, alignOf(type))
      const userAlign = spec.storage === 'typedef' ? undefined : this.staticAlignas(alignas, type)
      if (type.kind === 'function' && d.params && d.params === this.oldStyleParameters) {
        this.oldStyleDefinition(d, type, d.params)
      }
      if (type.kind === 'function' && this.is('{')) {
        if (decls.length > 0) throw new CompileError(reason('parser.bodyAfterList'), d.pos)
        return { k: 'function', def: this.parseFunctionBody(d, type, spec.storage) }
      }
      const { decl, skipped } = this.declaratorOrName(d, type, spec.storage, true)
      if (userAlign !== undefined) decl.align = userAlign
      decls.push(decl)
      if (skipped) return { k: 'decl', decls, pos: startPos }
      if (!this.accept(',')) break
    }
    this.expectSemicolon('after.declaration')
    return { k: 'decl', decls, pos: startPos }
  }

  /**
   * `int f(a, b) int a, b; { … }`: gcc 12 still compiles old-style definitions, this subset
   * does not. The declarations between `)` and `{` are read to type the parameters (so the
   * body and the calls check as the prototype would), and the learner is shown the prototype.
   */
  private oldStyleDefinition(d: DeclaratorResult, type: FunctionType, params: Param[]): void {
    while (this.startsDeclaration()) {
      const spec = this.parseSpecifiers()
      do {
        const p = this.parseDeclarator(false)
        this.checkAlignas(stricter(spec.alignas, p.alignas), p.apply(spec.type), 1)
        const param = params.find((x) => x.name === p.name)
        if (param) {
          const t = p.apply(spec.type)
          param.type = t.kind === 'array' ? pointerTo(t.of) : t
        }
      } while (this.accept(','))
      this.expectSemicolon('after.declaration')
    }
    type.params = params.map((p) => p.type)
    const named = (t: CType, name: string): string => {
      const text = typeName(t)
      return text.endsWith('*') ? `${text}${name}` : `${text} ${name}`
    }
    const prototype = `${named(type.returns, d.name ?? 'f')}(${params.map((p) => named(p.type, p.name ?? '')).join(', ')})`
    this.sink.error(reason('unsupported.oldStyleDefinition', { prototype }), d.pos)
  }

  private parseFunctionBody(
    d: DeclaratorResult,
    type: FunctionType,
    storage: StorageClass
  ): FunctionDef {
    const name = d.name ?? '<anonymous>'
    const params = d.params ?? []
    if (type.unprototyped) type.params = []
    if (name !== null) this.declare(name, { kind: 'var', type })
    this.pushScope()
    for (const p of params) {
      if (p.name) this.declare(p.name, { kind: 'var', type: p.type })
      else if (p.type.kind !== 'void') this.sink.error(reason('parser.unnamedParameter'), p.pos)
    }
    const enclosing = this.functionName
    this.functionName = name
    const body = this.parseBlock(false)
    this.functionName = enclosing
    this.popScope()
    return { name, type, params, body, storage, pos: d.pos, end: body.end }
  }

  /**
   * `finishDeclarator`, but when the initializer is broken the error is reported, the rest of
   * the declaration skipped, and the name still declared (without an initializer), so that
   * every later use of it does not say "not declared" again.
   */
  private declaratorOrName(
    d: DeclaratorResult,
    type: CType,
    storage: StorageClass,
    global: boolean
  ): { decl: VarDecl; skipped: boolean } {
    const start = this.i
    const nesting = this.expressionNesting
    try {
      return { decl: this.finishDeclarator(d, type, storage, global), skipped: false }
    } catch (e) {
      if (!(e instanceof CompileError) || !d.name || storage === 'typedef' || this.i === start)
        throw e
      this.expressionNesting = nesting
      this.sink.error(e.reason, e.position)
      if (this.tokens[start]?.text === '=' && type.kind !== 'function') {
        this.declare(d.name, { kind: 'var', type })
        this.recoverStatement()
        return { decl: { name: d.name, type, storage, pos: d.pos }, skipped: true }
      }
      throw e
    }
  }

  private finishDeclarator(
    d: DeclaratorResult,
    type: CType,
    storage: StorageClass,
    global: boolean
  ): VarDecl {
    if (!d.name) throw new CompileError(reason('parser.declarationNeedsName'), d.pos)
    if (storage === 'typedef') {
      this.declare(d.name, { kind: 'typedef', type: nameTypedef(type, d.name) })
      if (this.is('=')) throw new CompileError(reason('parser.typedefInitializer'), this.position())
      return { name: d.name, type, storage, pos: d.pos }
    }
    this.declare(d.name, { kind: 'var', type })
    let init: Initializer | undefined
    let inferredLength = false
    if (this.accept('=')) {
      init = this.parseInitializer()
      // `struct point p = (struct point){1, 2};` initializes p itself, as gcc -O0 does: the
      // literal gets no object of its own.
      const last = this.compoundLiterals?.at(-1)
      if (
        last &&
        init.k === 'expr' &&
        init.expr.k === 'ident' &&
        init.expr.name === last.name &&
        type.kind !== 'array' &&
        typeName(type) === typeName(last.type) &&
        last.init
      ) {
        this.compoundLiterals?.pop()
        init = last.init
      }
      if (type.kind === 'array' && type.length === null) {
        // `int a[] = {1, 2, 3}` and `char s[] = "hi"` take their length from the initializer.
        type = arrayOf(type.of, this.initializerLength(init, type))
        this.declare(d.name, { kind: 'var', type })
        inferredLength = true
      }
    }
    if (type.kind === 'function' && init)
      throw new CompileError(reason('parser.functionInitialized'), d.pos)
    void global
    return {
      name: d.name,
      type,
      storage,
      init,
      pos: d.pos,
      ...(inferredLength && { inferredLength })
    }
  }

  // ---- declaration specifiers -------------------------------------------------------------

  private parseSpecifiers(): {
    type: CType
    storage: StorageClass
    register: boolean
    alignas?: AlignasRequest
  } {
    let alignas: AlignasRequest | undefined
    let storage: StorageClass = 'auto'
    let register = false
    let isConst = false
    let signedness: 'signed' | 'unsigned' | null = null
    let base: string | null = null
    let longs = 0
    let shorts = 0
    let type: CType | null = null
    const start = this.position()
    let any = false
    for (;;) {
      const t = this.tok
      if (t.kind === 'keyword') {
        switch (t.text) {
          case 'static':
          case 'extern':
          case 'typedef':
            storage = t.text
            this.i++
            any = true
            continue
          case 'register':
            register = true
            this.i++
            any = true
            continue
          case 'auto':
          case 'inline':
          case 'volatile':
          case 'restrict':
          case '_Noreturn':
            this.i++
            any = true
            continue
          case 'const':
            isConst = true
            this.i++
            any = true
            continue
          case 'signed':
          case 'unsigned':
            signedness = t.text
            this.i++
            any = true
            continue
          case 'short':
            shorts++
            this.i++
            any = true
            continue
          case 'long':
            longs++
            this.i++
            any = true
            continue
          case 'void':
          case 'char':
          case 'int':
          case 'float':
          case 'double':
          case '_Bool':
            if (base && !(base === 'int' && t.text !== 'int'))
              throw new CompileError(
                reason('parser.combinedTypes', { type: t.text, base }),
                this.position()
              )
            base = t.text
            this.i++
            any = true
            continue
          case '__attribute__':
          case '__attribute':
            alignas = stricter(alignas, this.declarationAttributes(this.parseAttributes()))
            any = true
            continue
          case '_Alignas':
            alignas = stricter(alignas, this.parseAlignas())
            any = true
            continue
          case 'typeof':
          case '__typeof__':
          case '__typeof': {
            // GNU C's typeof (C23's too): of a type name, or of an expression whose type the
            // parser knows here (a variable, a member, an element, a constant).
            const at = this.position()
            this.i++
            this.expect('(')
            const named = this.startsDeclaration()
              ? this.parseTypeName()
              : this.staticType(this.parseExpression())
            this.expect(')')
            if (!named) throw new CompileError(reason('unsupported.typeof'), at)
            type = named
            any = true
            continue
          }
          case 'struct':
          case 'union':
            type = this.parseStructSpecifier()
            any = true
            continue
          case 'enum':
            type = this.parseEnumSpecifier()
            any = true
            continue
        }
      }
      const refused = unsupportedWord(UNSUPPORTED_SPECIFIERS, t)
      if (refused !== undefined) {
        this.sink.error(reason(refused, { word: t.text }), this.position())
        this.i++
        any = true
        // Read on as gcc would type the rest: `_Atomic(int)` as int, a 128-bit integer as the
        // 64-bit one of its signedness; `_Complex double` is its double, `__thread int` its int.
        if (t.text === '_Atomic' && this.accept('(')) {
          type = this.parseTypeName()
          this.expect(')')
        } else if (refused === 'unsupported.int128') {
          longs = Math.max(longs, 1)
          if (t.text === '__uint128_t') signedness = 'unsigned'
        }
        continue
      }
      if (
        t.kind === 'identifier' &&
        !type &&
        !base &&
        !signedness &&
        longs === 0 &&
        shorts === 0 &&
        this.isTypedefName(t)
      ) {
        const entry = this.lookup(t.text)
        if (entry?.kind === 'typedef') type = entry.type
        this.i++
        any = true
        continue
      }
      break
    }
    if (!any) {
      const t = this.tok
      if (t.kind === 'identifier') {
        throw new CompileError(reason('parser.notATypeName', { name: t.text }), this.position())
      }
      throw new CompileError(
        reason('parser.expectedDeclaration', { found: foundPhrase(t) }),
        this.position()
      )
    }
    if (!type) {
      if (base === 'void') type = VOID
      else if (base === 'float') {
        const other = longs ? 'long' : shorts ? 'short' : signedness
        if (other)
          throw new CompileError(
            reason('parser.combinedTypes', { type: other, base: 'float' }),
            start
          )
        type = FLOAT
      } else if (base === 'double') {
        if (longs) this.sink.error(reason('unsupported.longDouble'), start)
        type = DOUBLE
      } else if (base === '_Bool') type = BOOL
      else if (base === 'char') {
        type =
          signedness === 'unsigned'
            ? integer('unsigned char')
            : signedness === 'signed'
              ? integer('signed char')
              : CHAR
      } else {
        const u = signedness === 'unsigned'
        let name: IntegerName
        if (shorts) name = u ? 'unsigned short' : 'short'
        else if (longs >= 2) name = u ? 'unsigned long long' : 'long long'
        else if (longs === 1) name = u ? 'unsigned long' : 'long'
        else name = u ? 'unsigned int' : 'int'
        // `static x = 1;`, `const n = 4;`: gcc (gnu17) defaults the type to int and warns.
        if (!base && !signedness && !longs && !shorts)
          this.sink.warning(reason('parser.noType'), start)
        type = integer(name)
      }
    }
    if (isConst) type = withConst(type)
    return { type, storage, register, alignas }
  }

  /**
   * gcc's `__attribute__((name, name(arguments), …))`, as many as follow one another; none
   * when the next token is not one. Names lose their surrounding underscores (`__packed__`).
   */
  private parseAttributes(): Attribute[] {
    const attributes: Attribute[] = []
    while (this.is('__attribute__') || this.is('__attribute')) {
      this.i++
      this.expect('(')
      this.expect('(')
      while (!this.is(')') && this.tok.kind !== 'eof') {
        const pos = this.position()
        const t = this.tok
        if (t.kind !== 'identifier' && t.kind !== 'keyword')
          throw new CompileError(reason('parser.expectedName', { found: foundPhrase(t) }), pos)
        this.i++
        const name = t.text.replace(/^__(.*)__$/, '$1')
        const attribute: Attribute = { name, pos }
        if (this.accept('(')) {
          // Only aligned's argument means something here; the others' are read and left.
          if (name === 'aligned' && !this.is(')'))
            attribute.value = this.fold(this.parseAssignment())
          let depth = 1
          while (depth > 0 && this.tokens[this.i].kind !== 'eof') {
            if (this.is('(')) depth++
            else if (this.is(')')) depth--
            this.i++
          }
        } else if (name === 'aligned') attribute.value = 16n
        attributes.push(attribute)
        if (!this.accept(',')) break
      }
      this.expect(')')
      this.expect(')')
    }
    return attributes
  }

  /** The alignment `aligned(N)` asks for: a power of two, else reported (and 1). */
  private attributeAlignment(a: Attribute): number {
    const v = a.value
    if (v === undefined || v === null || v <= 0n || (v & (v - 1n)) !== 0n) {
      this.sink.error(reason('parser.alignmentNotPowerOfTwo'), a.pos)
      return 1
    }
    return Number(v)
  }

  /**
   * Attributes of a declaration (not of a struct type): those that change no byte of the
   * process (`unused`, `noreturn`, `noinline`, `format`…) are accepted and have no effect; an
   * alignment is returned as a request, which each declarator checks as `_Alignas`'s
   * (`checkAlignas`).
   */
  private declarationAttributes(attributes: Attribute[]): AlignasRequest | undefined {
    let request: AlignasRequest | undefined
    for (const a of attributes)
      if (a.name === 'aligned') {
        const align = this.attributeAlignment(a)
        request = stricter(request, { align, pos: a.pos, what: '__attribute__((aligned))' })
      }
    return request
  }

  /**
   * `_Alignas(N)` or `_Alignas(type)` (`alignas` of <stdalign.h>). The subset keeps each
   * variable at its type's alignment, so one that asks for more is refused by name; asking for
   * no more than an object already gets (`_Alignas(16) char heap[4096]`, 16-aligned as every
   * array of 16 bytes or more is) is accepted: each declarator checks it (`checkAlignas`).
   */
  private parseAlignas(): AlignasRequest {
    const pos = this.position()
    this.i++
    this.expect('(')
    let value: bigint | null
    if (this.startsDeclaration()) value = BigInt(alignOf(this.parseTypeName()))
    else value = this.fold(this.parseAssignment())
    this.expect(')')
    const attribute: Attribute = { name: 'aligned', value, pos }
    const align = this.attributeAlignment(attribute)
    return { align, pos, what: `_Alignas(${align})` }
  }

  /** A `#pragma pack` (the lexer's `__pragma_pack` token): the limit for later structs. */
  private packPragma(): boolean {
    if (this.tok.kind !== 'identifier' || this.tok.text !== '__pragma_pack') return false
    this.packLimit = Number(this.tok.integer ?? 0n)
    this.i++
    return true
  }

  /** An alignment asked of this declaration, if any: it may ask for no more than `natural`. */
  private checkAlignas(request: AlignasRequest | undefined, type: CType, natural: number): void {
    if (!request || type.kind === 'function' || request.align <= natural) return
    this.sink.error(reason('unsupported.variableAlignment', { what: request.what }), request.pos)
  }

  /**
   * The alignment of a global or static the program asked for, which gcc gives it instead of
   * its own (`varasm.cc` align_variable applies DATA_ALIGNMENT only without DECL_USER_ALIGN):
   * `static char heap[64] __attribute__((aligned(8)))` is 8-aligned where a plain one is 32.
   * Never below the type's own alignment (C forbids asking for less; gcc ignores it).
   */
  private staticAlignas(request: AlignasRequest | undefined, type: CType): number | undefined {
    if (!request || type.kind === 'function') return undefined
    this.checkAlignas(request, type, STATIC_ALIGNMENT_LIMIT)
    return Math.max(alignOf(type), Math.min(request.align, STATIC_ALIGNMENT_LIMIT))
  }

  private parseStructSpecifier(): StructType {
    const keyword = this.tokens[this.i++]
    const union = keyword.text === 'union'
    const attributes = this.parseAttributes()
    let tag: string | null = null
    const tagPos = this.position()
    if (this.tok.kind === 'identifier') tag = this.tokens[this.i++].text
    if (!this.is('{')) {
      if (!tag)
        throw new CompileError(reason('parser.tagNeeded', { keyword: keyword.text }), tagPos)
      const found = this.lookupTag(tag)
      if (found && found.kind === 'struct') return found
      if (found)
        throw new CompileError(reason('parser.tagIsEnum', { tag, keyword: keyword.text }), tagPos)
      const fresh: StructType = {
        kind: 'struct',
        tag,
        layout: { fields: [], size: 0, align: 1, complete: false, union }
      }
      this.scopes[this.scopes.length - 1].tags.set(tag, fresh)
      return fresh
    }
    // A definition: reuse a forward declaration in this scope so earlier pointers see the fields.
    let st: StructType | undefined
    if (tag) {
      const here = this.scopes[this.scopes.length - 1].tags.get(tag)
      if (here && here.kind === 'struct') {
        if (here.layout.complete)
          throw new CompileError(reason('parser.structDefinedTwice', { tag }), tagPos)
        st = here
      }
    }
    st ??= {
      kind: 'struct',
      tag,
      layout: { fields: [], size: 0, align: 1, complete: false, union }
    }
    if (tag) this.scopes[this.scopes.length - 1].tags.set(tag, st)
    this.expect('{')
    const fields: MemberDeclaration[] = []
    let flexible: { name: string; pos: Position } | null = null
    while (!this.is('}') && this.tok.kind !== 'eof') {
      // gcc applies a pack pragma inside a struct to the structs defined after it.
      if (this.packPragma()) continue
      const spec = this.parseSpecifiers()
      // Member errors are reported and the member left out, and the struct still completes, so
      // its uses draw no "incomplete" cascade.
      if (spec.storage !== 'auto')
        this.sink.error(reason('parser.memberStorage', { storage: spec.storage }), this.position())
      if (this.is(';') && spec.type.kind === 'struct' && spec.type.tag === null) {
        // An anonymous struct or union member (C11): its members are the enclosing struct's.
        // Its field gets a name no identifier can spell (types.ts `isAnonymousMember`).
        const kind = spec.type.layout.union ? 'union' : 'struct'
        const count = fields.filter((f) => f.name.startsWith(`(anonymous ${kind}`)).length
        const name = count === 0 ? `(anonymous ${kind})` : `(anonymous ${kind} ${count + 1})`
        fields.push({ name, type: spec.type })
        this.i++
        continue
      }
      do {
        if (this.is(':')) {
          // An unnamed bit-field (`int : 3;` skips bits, `int : 0;` ends the storage unit).
          const width = this.bitFieldWidth('', spec.type)
          if (width !== null) fields.push({ name: '', type: spec.type, width })
          continue
        }
        const d = this.parseDeclarator(false)
        const t = d.apply(spec.type)
        this.checkAlignas(stricter(spec.alignas, d.alignas), t, alignOf(t))
        if (this.is(':')) {
          const width = this.bitFieldWidth(d.name ?? '', t)
          if (!d.name) throw new CompileError(reason('parser.memberNeedsName'), d.pos)
          if (width === null) continue
          if (fields.some((f) => f.name === d.name)) {
            this.sink.error(reason('parser.memberTwice', { name: d.name }), d.pos)
            continue
          }
          fields.push({ name: d.name, type: t, width })
          continue
        }
        if (!d.name) throw new CompileError(reason('parser.memberNeedsName'), d.pos)
        if (t.kind === 'struct' && !t.layout.complete) {
          this.sink.error(
            t.layout === st.layout
              ? reason('parser.structContainsItself', { tag: tag ?? '', name: d.name })
              : reason('parser.incompleteMember', { type: typeName(t) }),
            d.pos
          )
          continue
        }
        // A flexible array member (C99 6.7.2.1p18): `char data[]` as the last member of a
        // struct with at least one named member before it; it adds no size of its own.
        if (flexible) {
          this.sink.error(
            reason('parser.flexibleArrayNotLast', { name: flexible.name }),
            flexible.pos
          )
          flexible = null
        }
        if (t.kind === 'array' && t.length === null) {
          if (union) this.sink.error(reason('parser.flexibleArrayInUnion', { name: d.name }), d.pos)
          else if (fields.length === 0)
            this.sink.error(reason('parser.flexibleArrayAlone', { name: d.name }), d.pos)
          else flexible = { name: d.name, pos: d.pos }
        } else if (t.kind === 'struct' && t.layout.flexible) {
          // gcc accepts it (a GNU extension) and warns only with -pedantic, as here.
          this.sink.warning(reason('parser.flexibleStructMember', { type: typeName(t) }), d.pos)
        }
        if (t.kind === 'function') {
          this.sink.error(reason('parser.functionMember', { name: d.name }), d.pos)
          continue
        }
        if (fields.some((f) => f.name === d.name)) {
          this.sink.error(reason('parser.memberTwice', { name: d.name }), d.pos)
          continue
        }
        fields.push({ name: d.name, type: t })
      } while (this.accept(','))
      this.expectSemicolon('after.structMember')
    }
    this.expect('}')
    attributes.push(...this.parseAttributes())
    if (fields.length === 0) this.sink.warning(reason('parser.emptyStruct'), tagPos)
    const packed = attributes.some((a) => a.name === 'packed')
    let aligned = 1
    for (const a of attributes)
      if (a.name === 'aligned') aligned = Math.max(aligned, this.attributeAlignment(a))
    layoutStruct(st.layout, fields, { packed, aligned, maxAlign: this.packLimit })
    if (flexible) st.layout.flexible = true
    return st
  }

  private parseEnumSpecifier(): IntegerType {
    this.i++
    let tag: string | undefined
    if (this.tok.kind === 'identifier') tag = this.tokens[this.i++].text
    const type: IntegerType = { ...integer('unsigned int'), enumTag: tag ?? '<anonymous>' }
    if (!this.accept('{')) {
      if (tag === undefined)
        throw new CompileError(reason('parser.tagNeeded', { keyword: 'enum' }), this.position())
      return { ...INT, enumTag: tag }
    }
    if (tag) this.scopes[this.scopes.length - 1].tags.set(tag, { kind: 'enum' })
    let next = 0n
    let negative = false
    while (!this.is('}')) {
      const nameTok = this.tok
      if (nameTok.kind !== 'identifier')
        throw new CompileError(reason('parser.expectedEnumerator'), this.position())
      this.i++
      if (this.accept('=')) {
        next = this.constantExpression(this.parseConditional())
      }
      if (next < 0n) negative = true
      this.declare(nameTok.text, { kind: 'enum', value: next })
      next++
      if (!this.accept(',')) break
    }
    this.expect('}')
    // gcc gives an enum with a negative constant the type int, otherwise unsigned int.
    return negative ? { ...INT, enumTag: type.enumTag } : type
  }

  // ---- declarators ------------------------------------------------------------------------

  private parseDeclarator(abstract: boolean): DeclaratorResult {
    const parameter = this.parameterDeclarator
    this.parameterDeclarator = false
    const local = this.localDeclarator
    this.localDeclarator = false
    let variableLength: Expr | undefined
    const consts: boolean[] = []
    while (this.is('*')) {
      this.i++
      let c = false
      while (this.is('const') || this.is('volatile') || this.is('restrict')) {
        if (this.tok.text === 'const') c = true
        this.i++
      }
      consts.push(c)
    }
    let inner: DeclaratorResult | null = null
    let name: string | null = null
    let pos = this.position()
    if (
      this.is('(') &&
      (this.peek().text === '*' ||
        this.peek().text === '(' ||
        (this.peek().kind === 'identifier' && !this.isTypedefName(this.peek()) && !abstract))
    ) {
      this.i++
      inner = this.parseDeclarator(abstract)
      this.expect(')', 'for.closeDeclarator')
      pos = inner.pos
    } else if (this.tok.kind === 'identifier') {
      name = this.tok.text
      pos = this.position()
      this.i++
    } else if (!abstract) {
      const t = this.tok
      throw new CompileError(
        t.kind === 'keyword'
          ? reason('parser.keywordAsName', { keyword: t.text })
          : reason('parser.expectedName', { found: foundPhrase(t) }),
        this.position()
      )
    }
    type Suffix =
      | { kind: 'array'; length: number | null }
      | { kind: 'function'; params: Param[]; variadic: boolean; unprototyped: boolean }
    const suffixes: Suffix[] = []
    let params: Param[] | undefined
    for (;;) {
      if (this.accept('[')) {
        let length: number | null = null
        if (!this.is(']')) {
          const e = this.parseAssignment()
          const v = this.fold(e)
          // A parameter's own length (`int n, int a[n]`) is dropped as the array becomes a
          // pointer, so it need not be a constant: gcc -O0 makes it `int *a`, frame and all.
          if (v === null && parameter && suffixes.length === 0 && inner === null) {
            this.expect(']')
            suffixes.push({ kind: 'array', length: null })
            continue
          }
          // A local array's own length may be known only at run time (C99 6.7.5.2p4): the
          // checker sizes it as the declaration runs. An inner dimension (`int m[r][c]`) or
          // a type name (`sizeof(int[n])`) would make the element size vary too.
          if (v === null && local && suffixes.length === 0 && inner === null) {
            this.expect(']')
            variableLength = e
            suffixes.push({ kind: 'array', length: null })
            continue
          }
          // Reported, and the array given one element, so that the name is still declared.
          if (v === null)
            this.sink.error(
              reason(
                local && inner === null ? 'parser.variableLengthInner' : 'parser.variableLength'
              ),
              e.pos
            )
          else if (v < 0n) this.sink.error(reason('parser.negativeLength'), e.pos)
          length = v === null || v < 0n ? 1 : Number(v)
        }
        this.expect(']')
        suffixes.push({ kind: 'array', length })
      } else if (this.is('(')) {
        const f = this.parseParameterList()
        if (suffixes.length === 0 && !inner) params = f.params
        else if (suffixes.length === 0 && inner && inner.params === undefined && !inner.name)
          params = f.params
        suffixes.push({ kind: 'function', ...f })
      } else break
    }
    // `int x __attribute__((unused))`, `void die(void) __attribute__((noreturn))`,
    // `char heap[4096] __attribute__((aligned(16)))` (the declaration checks the alignment).
    const alignas = stricter(inner?.alignas, this.declarationAttributes(this.parseAttributes()))
    const apply = (base: CType): CType => {
      let t = base
      for (const c of consts) t = c ? withConst(pointerTo(t)) : pointerTo(t)
      for (let s = suffixes.length - 1; s >= 0; s--) {
        const sx = suffixes[s]
        if (sx.kind === 'array') {
          if (t.kind === 'function') throw new CompileError(reason('parser.arrayOfFunctions'), pos)
          if (t.kind === 'void') throw new CompileError(reason('parser.arrayOfVoid'), pos)
          if (t.kind === 'struct' && t.layout.flexible)
            this.sink.warning(reason('parser.flexibleStructMember', { type: typeName(t) }), pos)
          t = arrayOf(t, sx.length)
        } else {
          if (t.kind === 'array') throw new CompileError(reason('parser.returnsArray'), pos)
          if (t.kind === 'function') throw new CompileError(reason('parser.returnsFunction'), pos)
          t = {
            kind: 'function',
            returns: t,
            params: sx.params.map((p) => p.type),
            variadic: sx.variadic,
            unprototyped: sx.unprototyped
          }
        }
      }
      return inner ? inner.apply(t) : t
    }
    return {
      name: inner ? inner.name : name,
      pos,
      apply,
      params: inner ? (inner.params ?? params) : params,
      ...(variableLength && { variableLength }),
      ...(alignas && { alignas })
    }
  }

  private parseParameterList(): { params: Param[]; variadic: boolean; unprototyped: boolean } {
    this.expect('(')
    const params: Param[] = []
    if (this.accept(')')) return { params, variadic: false, unprototyped: true }
    if (this.is('void') && this.peek().text === ')') {
      this.i += 2
      return { params, variadic: false, unprototyped: false }
    }
    if (
      this.scopes.length === 1 &&
      this.tok.kind === 'identifier' &&
      !this.isTypedefName() &&
      /^[,)]$/.test(this.peek().text)
    ) {
      // An old-style (K&R) identifier list `f(a, b) int a, b; { … }` at file scope: read as
      // `int` parameters until parseExternalDeclaration finds the declarations that type them.
      const names: Param[] = []
      do {
        const t = this.tok
        if (t.kind !== 'identifier') break
        this.i++
        names.push({ name: t.text, type: INT, pos: this.position(t) })
      } while (this.accept(','))
      this.expect(')', 'for.closeParameterList')
      this.oldStyleParameters = names
      return { params: names, variadic: false, unprototyped: false }
    }
    let variadic = false
    this.pushScope()
    try {
      do {
        if (this.accept('...')) {
          variadic = true
          break
        }
        const spec = this.parseSpecifiers()
        this.parameterDeclarator = true
        const d = this.parseDeclarator(true)
        let t = d.apply(spec.type)
        this.checkAlignas(stricter(spec.alignas, d.alignas), t, alignOf(t))
        // Parameters of array and function type are adjusted to pointers.
        if (t.kind === 'array') t = pointerTo(t.of)
        else if (t.kind === 'function') t = pointerTo(t)
        if (t.kind === 'void') throw new CompileError(reason('parser.voidParameter'), d.pos)
        params.push({ name: d.name, type: t, pos: d.pos, ...(spec.register && { register: true }) })
      } while (this.accept(','))
    } finally {
      this.popScope()
    }
    this.expect(')', 'for.closeParameterList')
    return { params, variadic, unprototyped: false }
  }

  private parseTypeName(): CType {
    const spec = this.parseSpecifiers()
    if (spec.storage !== 'auto')
      throw new CompileError(
        reason('parser.storageInTypeName', { storage: spec.storage }),
        this.position()
      )
    const d = this.parseDeclarator(true)
    if (d.name) throw new CompileError(reason('parser.typeNameDeclares', { name: d.name }), d.pos)
    const type = d.apply(spec.type)
    this.checkAlignas(stricter(spec.alignas, d.alignas), type, alignOf(type))
    return type
  }

  // ---- initializers -----------------------------------------------------------------------

  private parseInitializer(): Initializer {
    const pos = this.position()
    if (!this.accept('{')) {
      const expr = this.parseAssignment()
      return { k: 'expr', expr, pos: expr.pos }
    }
    const items: Array<{ designator?: Designator[]; init: Initializer }> = []
    while (!this.is('}')) {
      let designator: Designator[] | undefined
      while (this.is('.') || this.is('[')) {
        designator ??= []
        const dpos = this.position()
        if (this.accept('.')) {
          const t = this.tok
          if (t.kind !== 'identifier')
            throw new CompileError(
              reason('parser.expectedMemberName', { operator: '.' }),
              this.position()
            )
          this.i++
          designator.push({ field: t.text, pos: this.span(dpos) })
        } else {
          this.i++
          const index = this.parseConditional()
          this.expect(']')
          designator.push({ index, pos: this.span(dpos) })
        }
      }
      if (designator) this.expect('=', 'for.afterDesignator')
      items.push({ designator, init: this.parseInitializer() })
      if (!this.accept(',')) break
    }
    this.expect('}', 'for.closeInitializerList')
    return { k: 'list', items, pos: this.span(pos) }
  }

  // ---- statements -------------------------------------------------------------------------

  private parseBlock(newScope = true): Stmt & { k: 'block' } {
    const pos = this.position()
    this.expect('{')
    if (newScope) this.pushScope()
    const items: Stmt[] = []
    const outerLiterals = this.compoundLiterals
    while (!this.is('}') && this.tok.kind !== 'eof') {
      if (this.packPragma()) continue
      const start = this.i
      const nesting = this.statementNesting
      const literals: VarDecl[] = []
      this.compoundLiterals = literals
      try {
        const item = this.parseStatementOrDeclaration()
        // The statement's compound literals are declared (and initialized) just before it.
        for (const decl of literals) items.push({ k: 'decl', decls: [decl], pos: decl.pos })
        items.push(item)
      } catch (e) {
        if (!(e instanceof CompileError)) throw e
        this.expressionNesting = 0
        this.statementNesting = nesting
        this.sink.error(e.reason, e.position)
        this.recoverStatement()
      }
      if (this.i === start) this.i++
    }
    this.compoundLiterals = outerLiterals
    const end = this.position()
    if (newScope) this.popScope()
    if (this.tok.kind === 'eof') {
      this.sink.error(reason('parser.blockNeverClosed'), pos)
    } else this.i++
    return { k: 'block', items, pos, end }
  }

  /**
   * GNU C's statement expression `({ ... })` (course macros: `max`, `SWAP`) is refused by name.
   * The parser first moves past its closing `})`, so that the enclosing statement's recovery
   * skips to that statement's `;` instead of stopping inside the braces, and the refusal is
   * the one error the statement gets.
   */
  private statementExpression(open: Position): CompileError {
    let depth = 0
    while (this.tok.kind !== 'eof') {
      if (this.is('{')) depth++
      else if (this.is('}') && --depth === 0) {
        this.i++
        if (this.is(')')) this.i++
        break
      }
      this.i++
    }
    return new CompileError(reason('unsupported.statementExpression'), open)
  }

  private recoverStatement(): void {
    let depth = 0
    while (this.tok.kind !== 'eof') {
      if (this.is('{')) depth++
      else if (this.is('}')) {
        if (depth === 0) return
        depth--
        if (depth === 0) {
          this.i++
          return
        }
      } else if (this.is(';') && depth === 0) {
        this.i++
        return
      }
      this.i++
    }
  }

  private parseStatementOrDeclaration(): Stmt {
    if (this.is('_Static_assert')) {
      // A declaration in C11's grammar: it declares nothing, so it is an empty statement.
      const pos = this.position()
      this.parseStaticAssert()
      return { k: 'block', items: [], pos, end: pos }
    }
    if (this.startsDeclaration() && !(this.tok.kind === 'identifier' && this.peek().text === ':')) {
      return this.parseLocalDeclaration()
    }
    return this.parseStatement()
  }

  private parseLocalDeclaration(): Stmt {
    const pos = this.position()
    const spec = this.parseSpecifiers()
    const decls: VarDecl[] = []
    if (!this.is(';')) {
      do {
        this.localDeclarator = true
        const d = this.parseDeclarator(false)
        const type = d.apply(spec.type)
        if (type.kind === 'function' && this.is('{'))
          throw new CompileError(
            reason('unsupported.nestedFunction', { word: d.name ?? '' }),
            d.pos
          )
        const alignas = stricter(spec.alignas, d.alignas)
        // A local keeps the slot gcc -O0 gives it (it ignores a request below that); a static
        // one is placed as a global is.
        let userAlign: number | undefined
        if (spec.storage === 'static') userAlign = this.staticAlignas(alignas, type)
        else if (spec.storage === 'typedef') this.checkAlignas(alignas, type, alignOf(type))
        else this.checkAlignas(alignas, type, variableAlign(type))
        const { decl, skipped } = this.declaratorOrName(d, type, spec.storage, false)
        if (userAlign !== undefined) decl.align = userAlign
        if (spec.register) decl.register = true
        if (d.variableLength) this.variableLengthArray(decl, d.variableLength)
        decls.push(decl)
        if (skipped) return { k: 'decl', decls, pos }
      } while (this.accept(','))
    }
    this.expectSemicolon('after.declaration')
    return { k: 'decl', decls, pos }
  }

  /**
   * `int a[n];`: an automatic array whose length is computed as the declaration runs. Static
   * storage needs a size at compile time, a typedef would carry the length into other
   * declarations, and C gives a variable-length array no initializer (gcc's errors, all three).
   */
  private variableLengthArray(decl: VarDecl, length: Expr): void {
    if (decl.storage === 'static' || decl.storage === 'extern' || decl.storage === 'typedef')
      this.sink.error(reason('parser.variableLengthStorage', { name: decl.name }), length.pos)
    else if (decl.init)
      this.sink.error(reason('parser.variableLengthInitialized', { name: decl.name }), decl.pos)
    else decl.variableLength = length
  }

  private parseStatement(): Stmt {
    if (this.statementNesting++ >= STATEMENT_NESTING_LIMIT) {
      throw new CompileError(
        reason('parser.statementsTooDeep', { limit: STATEMENT_NESTING_LIMIT }),
        this.position()
      )
    }
    const statement = this.parseStatementItself()
    this.statementNesting--
    return statement
  }

  private parseStatementItself(): Stmt {
    const pos = this.position()
    const t = this.tok
    if (t.kind === 'keyword') {
      switch (t.text) {
        case 'if': {
          this.i++
          this.expect('(', 'for.afterIf')
          const test = this.parseExpression()
          this.expect(')', 'for.closeIfCondition')
          const then = this.parseSubStatement()
          const otherwise = this.accept('else') ? this.parseSubStatement() : undefined
          return { k: 'if', test, then, otherwise, pos: this.headerPos(pos, test) }
        }
        case 'while': {
          this.i++
          this.expect('(', 'for.afterWhile')
          const literals = this.compoundLiterals?.length ?? 0
          const test = this.parseExpression()
          this.noCompoundLiteralSince(literals, test)
          this.expect(')', 'for.closeWhileCondition')
          const body = this.parseSubStatement()
          return { k: 'while', test, body, pos: this.headerPos(pos, test) }
        }
        case 'do': {
          this.i++
          const body = this.parseSubStatement()
          const testPos = this.position()
          this.expect('while', 'for.afterDoBody')
          this.expect('(')
          const literals = this.compoundLiterals?.length ?? 0
          const test = this.parseExpression()
          this.noCompoundLiteralSince(literals, test)
          this.expect(')')
          this.expectSemicolon('after.doWhile')
          return { k: 'do', body, test, pos, testPos }
        }
        case 'for': {
          this.i++
          this.expect('(', 'for.afterFor')
          this.pushScope()
          try {
            let init: Stmt | undefined
            if (this.accept(';')) init = undefined
            else if (this.startsDeclaration()) init = this.parseLocalDeclaration()
            else {
              const e = this.parseExpression()
              this.expectSemicolon('after.forInitializer')
              init = { k: 'expr', expr: e, pos: e.pos }
            }
            const literals = this.compoundLiterals?.length ?? 0
            const test = this.is(';') ? undefined : this.parseExpression()
            this.noCompoundLiteralSince(literals, test)
            this.expectSemicolon('after.forCondition')
            const beforeUpdate = this.compoundLiterals?.length ?? 0
            const update = this.is(')') ? undefined : this.parseExpression()
            this.noCompoundLiteralSince(beforeUpdate, update)
            this.expect(')', 'for.closeForHeader')
            const body = this.parseSubStatement()
            return { k: 'for', init, test, update, body, pos }
          } finally {
            this.popScope()
          }
        }
        case 'switch': {
          this.i++
          this.expect('(', 'for.afterSwitch')
          const expr = this.parseExpression()
          this.expect(')')
          const body = this.parseSubStatement()
          return { k: 'switch', expr, body, pos: this.headerPos(pos, expr) }
        }
        case 'case': {
          this.i++
          const expr = this.parseConditional()
          const high = this.accept('...') ? this.parseConditional() : undefined
          this.expect(':', 'for.afterCaseValue')
          return { k: 'case', expr, ...(high ? { high } : {}), pos: this.span(pos) }
        }
        case 'default':
          this.i++
          this.expect(':', 'for.afterDefault')
          return { k: 'default', pos: this.span(pos) }
        case 'break':
          this.i++
          this.expectSemicolon('after.break')
          return { k: 'break', pos: this.span(pos) }
        case 'continue':
          this.i++
          this.expectSemicolon('after.continue')
          return { k: 'continue', pos: this.span(pos) }
        case 'return': {
          this.i++
          const expr = this.is(';') ? undefined : this.parseExpression()
          this.expectSemicolon('after.return')
          return { k: 'return', expr, pos: this.span(pos) }
        }
        case 'goto': {
          this.i++
          const name = this.peek(0)
          if (name.text === '*')
            throw new CompileError(reason('unsupported.labelsAsValues'), this.span(pos))
          if (name.kind !== 'identifier')
            throw new CompileError(reason('parser.gotoNeedsLabel'), this.span(pos))
          this.i++
          this.expectSemicolon('after.goto')
          return { k: 'goto', label: name.text, pos: this.span(pos) }
        }
      }
    }
    if (this.is('{')) return this.parseBlock()
    if (this.accept(';')) return { k: 'empty', pos }
    if (t.kind === 'identifier' && this.peek().text === ':') {
      this.i += 2
      // A label at the end of a block labels nothing (gcc accepts it as a null statement).
      const body: Stmt = this.is('}') ? { k: 'empty', pos } : this.parseStatement()
      return { k: 'labeled', label: t.text, body, pos }
    }
    const next = this.peek()
    if (
      t.kind === 'identifier' &&
      !this.lookup(t.text) &&
      ['identifier', 'integer', 'string', 'char', 'float'].includes(next.kind)
    ) {
      // `retrun 0;` or `unsinged x;`: a misspelled keyword or type.
      const keyword = closestKeyword(t.text)
      throw new CompileError(
        keyword
          ? reason('parser.misspelledKeyword', { word: t.text, keyword })
          : reason('parser.unknownWord', { word: t.text }),
        pos
      )
    }
    const expr = this.parseExpression()
    this.expectSemicolon('after.expression')
    return { k: 'expr', expr, pos: expr.pos }
  }

  /** A statement that is the body of if/while/for: a declaration there gets its own scope. */
  private parseSubStatement(): Stmt {
    if (this.startsDeclaration()) {
      throw new CompileError(reason('parser.declarationAsBody'), this.position())
    }
    // Its compound literals are declared just before it, in a block of its own, so that they
    // are made each time it runs (a loop body's on every iteration) and see its loop variable.
    const outer = this.compoundLiterals
    const literals: VarDecl[] = []
    this.compoundLiterals = outer === null ? null : literals
    try {
      const body = this.parseStatement()
      if (literals.length === 0) return body
      const items: Stmt[] = literals.map((decl) => ({ k: 'decl', decls: [decl], pos: decl.pos }))
      return { k: 'block', items: [...items, body], pos: body.pos, end: body.pos }
    } finally {
      this.compoundLiterals = outer
    }
  }

  /**
   * A loop's condition or a `for` update may not hold a compound literal: it would be made once,
   * before the loop, where each iteration needs a fresh one.
   */
  private noCompoundLiteralSince(count: number, where: Expr | undefined): void {
    if (where && (this.compoundLiterals?.length ?? 0) > count)
      this.sink.error(reason('unsupported.compoundLiteralInLoop'), where.pos)
  }

  private headerPos(pos: Position, e: Expr): Position {
    return {
      line: pos.line,
      column: pos.column,
      endColumn: e.pos.line === pos.line ? e.pos.endColumn + 1 : pos.endColumn
    }
  }

  // ---- expressions ------------------------------------------------------------------------

  parseExpression(): Expr {
    return this.parseExpressionFrom(this.parseAssignment())
  }

  /** The rest of a comma expression whose first operand `e` is already read. */
  private parseExpressionFrom(e: Expr): Expr {
    while (this.is(',')) {
      this.i++
      const right = this.parseAssignment()
      e = { k: 'comma', left: e, right, pos: joinPos(e.pos, right.pos) }
    }
    return e
  }

  private parseAssignment(): Expr {
    this.enterExpression()
    const e = this.parseAssignmentFrom(this.parseCast())
    this.expressionNesting--
    return e
  }

  /** An assignment expression whose leftmost operand `operand` is already read. */
  private parseAssignmentFrom(operand: Expr): Expr {
    const left = this.parseConditionalFrom(operand)
    const t = this.tok
    if (t.kind === 'punct' && ASSIGN_OPS.has(t.text)) {
      this.i++
      const right = this.parseAssignment()
      return {
        k: 'assign',
        op: t.text as AssignOp,
        left,
        right,
        pos: { ...this.position(t), line: t.line }
      }
    }
    return left
  }

  private parseConditional(): Expr {
    return this.parseConditionalFrom(this.parseCast())
  }

  private parseConditionalFrom(operand: Expr): Expr {
    const test = this.parseBinaryFrom(operand, 1)
    if (!this.is('?')) return test
    const q = this.tok
    this.i++
    const then = this.parseExpression()
    this.expect(':', 'for.conditionalColon')
    this.enterExpression()
    const otherwise = this.parseConditional()
    this.expressionNesting--
    return { k: 'cond', test, then, otherwise, pos: this.position(q) }
  }

  private parseBinary(minPrecedence: number): Expr {
    return this.parseBinaryFrom(this.parseCast(), minPrecedence)
  }

  /** Binary operators of at least `minPrecedence` after the operand `left`. */
  private parseBinaryFrom(left: Expr, minPrecedence: number): Expr {
    for (;;) {
      const t = this.tok
      const p = t.kind === 'punct' ? BINARY_PRECEDENCE[t.text] : undefined
      if (p === undefined || p < minPrecedence) return left
      this.i++
      const right = this.parseBinary(p + 1)
      left = { k: 'binary', op: t.text as BinaryOp, left, right, pos: this.position(t) }
    }
  }

  /** One more expression level inside another; past the limit the expression is refused. */
  private enterExpression(): void {
    if (this.expressionNesting++ >= EXPRESSION_NESTING_LIMIT) {
      throw new CompileError(
        reason('parser.expressionTooDeep', { limit: EXPRESSION_NESTING_LIMIT }),
        this.position()
      )
    }
  }

  private parseUnary(): Expr {
    const t = this.tok
    const pos = this.position(t)
    if (t.kind === 'punct') {
      switch (t.text) {
        case '&&':
          // GNU C's address of a label, `&&done`, not a logical and.
          if (this.peek().kind === 'identifier')
            throw new CompileError(reason('unsupported.labelsAsValues'), pos)
          break
        case '++':
        case '--': {
          this.i++
          this.enterExpression()
          const operand = this.parseUnary()
          this.expressionNesting--
          return {
            k: 'unary',
            op: t.text === '++' ? 'pre++' : 'pre--',
            operand,
            pos: joinPos(pos, operand.pos)
          }
        }
        case '-':
        case '+':
        case '!':
        case '~':
        case '*':
        case '&': {
          this.i++
          this.enterExpression()
          const operand = this.parseCast()
          this.expressionNesting--
          return { k: 'unary', op: t.text, operand, pos: joinPos(pos, operand.pos) }
        }
      }
    }
    if (t.kind === 'keyword' && (t.text === 'sizeof' || ALIGNOF_KEYWORDS.has(t.text))) {
      // `_Alignof` (C11; `alignof` from <stdalign.h>, GNU `__alignof__`) reads as sizeof does:
      // of a type, or of an expression as gcc allows (its type's alignment).
      const align: { align?: true } = t.text === 'sizeof' ? {} : { align: true }
      this.i++
      if (this.is('(') && this.startsDeclaration(this.peek())) {
        this.i++
        let type = this.parseTypeName()
        this.expect(')')
        if (this.is('{')) {
          // `sizeof (int[]){1, 2, 3}`: the size of a compound literal, which is not evaluated.
          const init = this.parseInitializer()
          if (type.kind === 'array' && type.length === null)
            type = arrayOf(type.of, this.initializerLength(init, type))
        }
        return { k: 'sizeof', type, pos: this.span(pos), ...align }
      }
      this.enterExpression()
      const operand = this.parseUnary()
      this.expressionNesting--
      return { k: 'sizeof', operand, pos: joinPos(pos, operand.pos), ...align }
    }
    return this.parsePostfix(this.parsePrimary())
  }

  private parseCast(): Expr {
    if (this.is('(') && this.startsDeclaration(this.peek())) {
      const pos = this.position()
      this.i++
      const type = this.parseTypeName()
      this.expect(')', 'for.closeCast')
      if (this.is('{')) {
        const init = this.parseInitializer()
        const literal = this.span(pos)
        if (this.compoundLiterals === null) {
          // At file scope (static storage): reported, read past, and left as a value of no
          // type that silences what uses it.
          this.sink.error(reason('unsupported.compoundLiteral'), literal)
          return { k: 'int', value: 0n, type: INT, pos: literal, invalid: true }
        }
        // A postfix expression: `(int[]){1, 2}[i]`, `(struct point){1, 2}.x`.
        return this.parsePostfix(this.compoundLiteral(type, init, literal))
      }
      this.enterExpression()
      const operand = this.parseCast()
      this.expressionNesting--
      return { k: 'cast', type, operand, pos: joinPos(pos, operand.pos) }
    }
    return this.parseUnary()
  }

  private parsePostfix(e: Expr): Expr {
    // Each postfix operator nests its operand one level deeper (`p->next->next…`).
    for (let operators = 0; ; operators++) {
      const t = this.tok
      if (t.kind !== 'punct') return e
      if (operators === EXPRESSION_NESTING_LIMIT && POSTFIX_OPERATORS.has(t.text)) {
        throw new CompileError(
          reason('parser.expressionTooDeep', { limit: EXPRESSION_NESTING_LIMIT }),
          this.position()
        )
      }
      switch (t.text) {
        case '[': {
          this.i++
          const index = this.parseExpression()
          this.expect(']', 'for.closeSubscript')
          e = { k: 'index', base: e, index, pos: this.span(e.pos) }
          continue
        }
        case '(': {
          this.i++
          const args: Expr[] = []
          if (!this.is(')')) {
            do args.push(this.parseAssignment())
            while (this.accept(','))
          }
          this.expect(')', 'for.closeArgumentList')
          e = { k: 'call', callee: e, args, pos: this.span(e.pos) }
          continue
        }
        case '.':
        case '->': {
          this.i++
          const m = this.tok
          if (m.kind !== 'identifier')
            throw new CompileError(
              reason('parser.expectedMemberName', { operator: t.text }),
              this.position()
            )
          this.i++
          e = {
            k: 'member',
            object: e,
            name: m.text,
            arrow: t.text === '->',
            pos: this.span(e.pos)
          }
          continue
        }
        case '++':
        case '--':
          this.i++
          e = {
            k: 'unary',
            op: t.text === '++' ? 'post++' : 'post--',
            operand: e,
            pos: this.span(e.pos)
          }
          continue
        default:
          return e
      }
    }
  }

  private parsePrimary(): Expr {
    const t = this.tok
    const pos = this.position(t)
    switch (t.kind) {
      case 'integer': {
        this.i++
        return { k: 'int', value: t.integer ?? 0n, type: integerLiteralType(t, this.sink), pos }
      }
      case 'char':
        this.i++
        return { k: 'int', value: t.integer ?? 0n, type: INT, pos }
      case 'float':
        this.i++
        return t.single
          ? { k: 'float', value: t.float ?? 0, single: true, pos }
          : { k: 'float', value: t.float ?? 0, pos }
      case 'string': {
        // Adjacent string literals are concatenated.
        const bytes: number[] = []
        let last = t
        while (this.tok.kind === 'string') {
          last = this.tok
          bytes.push(...(this.tok.bytes ?? []))
          this.i++
        }
        return {
          k: 'string',
          bytes,
          firstToken: {
            text: t.text,
            line: t.line,
            column: t.column,
            byteCount: t.bytes?.length ?? 0
          },
          pos: {
            line: pos.line,
            column: pos.column,
            endColumn: last.line === pos.line ? last.endColumn : pos.endColumn
          }
        }
      }
      case 'identifier': {
        if (t.text === 'offsetof' && this.peek().text === '(' && !this.lookup('offsetof'))
          return this.parseOffsetof()
        if (t.text === '__builtin_va_arg' && this.peek().text === '(') return this.parseVaArg()
        if (t.text === '__builtin_va_start' && this.peek().text === '(') return this.parseVaStart()
        const refused = unsupportedWord(UNSUPPORTED_EXPRESSIONS, t)
        if (refused !== undefined) throw new CompileError(reason(refused, { word: t.text }), pos)
        this.i++
        const entry = this.lookup(t.text)
        if (
          entry === undefined &&
          this.functionName !== null &&
          FUNCTION_NAME_IDENTIFIERS.has(t.text)
        ) {
          // C99's `static const char __func__[] = "name";` in every function (and gcc's
          // __FUNCTION__, __PRETTY_FUNCTION__): read as that string.
          const bytes = [...new TextEncoder().encode(this.functionName)]
          const text = JSON.stringify(this.functionName)
          return {
            k: 'string',
            bytes,
            firstToken: { text, line: t.line, column: t.column, byteCount: bytes.length },
            pos
          }
        }
        if (entry?.kind === 'enum') return { k: 'int', value: entry.value, type: INT, pos }
        if (entry?.kind === 'typedef')
          throw new CompileError(reason('parser.typeAsValue', { name: t.text }), pos)
        return { k: 'ident', name: t.text, pos }
      }
      case 'punct':
        if (t.text === '(') {
          // A run of grouping parentheses `((((e) + 1) * 2))` is read in a loop: after each `)`
          // the enclosing level goes on with the parenthesized operand as its first operand.
          let levels = 0
          do {
            const open = this.position()
            this.i++
            levels++
            if (this.is('{')) throw this.statementExpression(open)
          } while (this.is('(') && !this.startsDeclaration(this.peek()))
          let e = this.parseExpression()
          for (;;) {
            this.expect(')', 'for.closeParenthesis')
            e.parenthesized = true
            if (--levels === 0) return e
            e = this.parseExpressionFrom(this.parseAssignmentFrom(this.parsePostfix(e)))
          }
        }
        break
      case 'eof':
        throw new CompileError(reason('parser.endsInExpression'), pos)
    }
    throw new CompileError(reason('parser.expectedExpression', { token: t.text }), pos)
  }

  /**
   * `va_arg(ap, T)` (gcc's `__builtin_va_arg`): `*(T *)__builtin_va_arg_slot(ap, class)`, where
   * the built-in answers where the next argument of T's class is (an integer register's slot or
   * a double's in the register save area, or the next eightbyte the caller pushed) and steps
   * past it. A type that `...` promotes (char, short, float) never arrives as itself: gcc warns
   * and makes the call a trap; here it is an error that names the type to ask for.
   */
  private parseVaArg(): Expr {
    const pos = this.position()
    this.i += 2
    const list = this.parseAssignment()
    this.expect(',', 'for.afterVaArgList')
    const typePos = this.position()
    const type = this.parseTypeName()
    this.expect(')', 'for.closeArgumentList')
    const at = this.span(pos)
    const promoted =
      type.kind === 'int' && type.size < 4
        ? 'int'
        : type.kind === 'double' && type.float
          ? 'double'
          : null
    if (promoted !== null)
      this.sink.error(
        reason('parser.vaArgPromoted', { type: typeName(type), promoted }),
        this.span(typePos)
      )
    else if (type.kind !== 'int' && type.kind !== 'pointer' && type.kind !== 'double')
      this.sink.error(reason('unsupported.vaArgType', { type: typeName(type) }), this.span(typePos))
    const slot: Expr = {
      k: 'call',
      callee: { k: 'ident', name: '__builtin_va_arg_slot', pos },
      args: [list, { k: 'int', value: type.kind === 'double' ? 1n : 0n, type: INT, pos: at }],
      pos: at
    }
    return {
      k: 'unary',
      op: '*',
      operand: { k: 'cast', type: pointerTo(type), operand: slot, pos: at },
      pos: at
    }
  }

  /**
   * `va_start(ap, last)` (gcc's `__builtin_va_start`): the call of the built-in with `ap` only;
   * where the variable arguments begin is the function's own, which codegen knows.
   */
  private parseVaStart(): Expr {
    const pos = this.position()
    this.i += 2
    const list = this.parseAssignment()
    if (this.accept(',')) this.parseAssignment()
    this.expect(')', 'for.closeArgumentList')
    const at = this.span(pos)
    return {
      k: 'call',
      callee: { k: 'ident', name: '__builtin_va_start', pos },
      args: [list],
      pos: at
    }
  }

  /**
   * `_Static_assert(condition, "message");` (C11; `static_assert` of <assert.h>; C2x's form
   * without the message, which gcc 12 accepts too), at file scope or in a block: checked as gcc
   * checks it, when the program compiles, leaving nothing in the program. A memory lab writes
   * `_Static_assert(sizeof(header_t) == 16, "header is 16 bytes")`.
   */
  private parseStaticAssert(): void {
    const pos = this.position()
    this.i++
    this.expect('(')
    const condition = this.parseAssignment()
    let message: string | undefined
    if (this.accept(',')) {
      const text = this.parseAssignment()
      if (text.k !== 'string')
        throw new CompileError(reason('parser.staticAssertMessage'), text.pos)
      message = new TextDecoder().decode(Uint8Array.from(text.bytes))
    }
    this.expect(')', 'for.closeParenthesis')
    this.expectSemicolon('after.declaration')
    const value = this.fold(condition)
    if (value === null) this.sink.error(reason('parser.staticAssertNotConstant'), condition.pos)
    else if (value === 0n)
      this.sink.error(
        message === undefined
          ? reason('parser.staticAssertFailedBare')
          : reason('parser.staticAssertFailed', { message: JSON.stringify(message) }),
        pos
      )
  }

  /** `offsetof(type, member.member...)` from <stddef.h>, a constant of type size_t. */
  private parseOffsetof(): Expr {
    const pos = this.position()
    this.i += 2
    let type = this.parseTypeName()
    this.expect(',', 'for.afterOffsetofType')
    let offset = 0
    do {
      const m = this.tok
      if (m.kind !== 'identifier')
        throw new CompileError(reason('parser.offsetofMemberName'), this.position())
      this.i++
      if (type.kind !== 'struct' || !type.layout.complete) {
        throw new CompileError(
          reason('parser.offsetofNotStruct', { type: typeName(type) }),
          this.position(m)
        )
      }
      const field = findMember(type.layout, m.text)
      if (!field)
        throw new CompileError(
          reason('checker.noMemberNamed', { type: typeName(type), member: m.text }),
          this.position(m)
        )
      offset += field.offset
      type = field.type
      // `z[1].s`: a constant index steps over whole elements of an array member.
      while (this.is('[')) {
        const open = this.tok
        this.i++
        if (type.kind !== 'array')
          throw new CompileError(
            reason('parser.offsetofNotArray', { type: typeName(type) }),
            this.position(open)
          )
        const index = this.parseExpression()
        const value = this.fold(index)
        if (value === null)
          throw new CompileError(reason('parser.offsetofIndexNotConstant'), index.pos)
        this.expect(']', 'for.closeSubscript')
        type = type.of
        offset += Number(value) * sizeOf(type)
      }
    } while (this.accept('.'))
    this.expect(')', 'for.closeOffsetof')
    return { k: 'int', value: BigInt(offset), type: ULONG, pos: this.span(pos) }
  }

  /**
   * Reads `: width` after a bit-field's declarator: an integer constant from 1 to the bits of
   * its integer type (0 only unnamed). null, with gcc's error, for a width or type it refuses.
   */
  private bitFieldWidth(name: string, type: CType): number | null {
    this.expect(':')
    const e = this.parseConditional()
    const v = this.fold(e)
    const shown = name || '(unnamed)'
    if (type.kind !== 'int') {
      this.sink.error(reason('parser.bitFieldType', { name: shown, type: typeName(type) }), e.pos)
      return null
    }
    const max = type.name === '_Bool' ? 1 : type.size * 8
    if (v === null || v < 0n || v > BigInt(max) || (v === 0n && name !== '')) {
      this.sink.error(
        reason('parser.bitFieldWidth', { name: shown, type: typeName(type), max }),
        e.pos
      )
      return null
    }
    return Number(v)
  }

  // ---- constant expressions -----------------------------------------------------------------

  /** Evaluates an integer constant expression: an enum value, or an array length. */
  constantExpression(e: Expr, arrayLength = false): bigint {
    const v = this.fold(e)
    if (v === null) {
      throw new CompileError(
        arrayLength ? reason('parser.variableLength') : reason('parser.enumValueNotConstant'),
        e.pos
      )
    }
    return v
  }

  /** The value of `e` when its left operand's value is `a`. */
  private foldBinary(e: Expr & { k: 'binary' }, a: bigint): bigint | null {
    const b = this.fold(e.right)
    if (b === null) return null
    switch (e.op) {
      case '<':
        return a < b ? 1n : 0n
      case '>':
        return a > b ? 1n : 0n
      case '<=':
        return a <= b ? 1n : 0n
      case '>=':
        return a >= b ? 1n : 0n
      case '==':
        return a === b ? 1n : 0n
      case '!=':
        return a !== b ? 1n : 0n
      case '&&':
        return a && b ? 1n : 0n
      case '||':
        return a || b ? 1n : 0n
    }
    return foldArithmetic(e.op, a, b)
  }

  private fold(e: Expr): bigint | null {
    switch (e.k) {
      case 'int':
        return e.value
      case 'unary': {
        const v = this.fold(e.operand)
        if (v === null) return null
        switch (e.op) {
          case '-':
            return -v
          case '+':
            return v
          case '~':
            return ~v
          case '!':
            return v === 0n ? 1n : 0n
          default:
            return null
        }
      }
      case 'binary': {
        // A long chain `1 + 1 + …` is folded in a loop along its left spine.
        const spine: Array<Expr & { k: 'binary' }> = [e]
        let bottom = e.left
        while (bottom.k === 'binary') {
          spine.push(bottom)
          bottom = bottom.left
        }
        let value = this.fold(bottom)
        for (let i = spine.length - 1; i >= 0 && value !== null; i--) {
          value = this.foldBinary(spine[i], value)
        }
        return value
      }
      case 'cond': {
        const t = this.fold(e.test)
        if (t === null) return null
        return t !== 0n ? this.fold(e.then) : this.fold(e.otherwise)
      }
      case 'cast': {
        const v = this.fold(e.operand)
        if (v === null || e.type.kind !== 'int') return null
        return e.type.signed
          ? BigInt.asIntN(e.type.size * 8, v)
          : BigInt.asUintN(e.type.size * 8, v)
      }
      case 'sizeof': {
        const t = e.type ?? this.staticType(e.operand)
        return t ? BigInt(e.align ? alignOf(t) : sizeOf(t)) : null
      }
      default:
        return null
    }
  }

  /**
   * The length an `int a[] = ...` array takes from its initializer, brace elision included
   * (`struct point ps[] = {1, 2, 3, 4}` has 2 elements). Expression types are not known yet,
   * so a struct value is recognised only as a variable's name; the checker has the last word.
   */
  /**
   * A compound literal `(struct point){1, 2}` in a function: an unnamed object of the
   * enclosing block (C11 6.5.2.5p5), which gcc -O0 gives a stack slot like a local. It becomes
   * a local named `(compound literal N)` declared, with the literal's initializer, just before
   * the statement of the block that contains it, and the expression names that local. So it is
   * initialized once per execution of that statement (a literal in a loop's condition or in
   * one arm of `?:` is initialized before the statement runs, not where it appears).
   */
  private compoundLiteral(type: CType, init: Initializer, pos: Position): Expr {
    if (type.kind === 'array' && type.length === null)
      type = arrayOf(type.of, this.initializerLength(init, type))
    const name = `(compound literal ${++this.compoundLiteralCount})`
    this.declare(name, { kind: 'var', type })
    this.compoundLiterals?.push({ name, type, storage: 'auto', init, pos })
    return { k: 'ident', name, pos }
  }

  private initializerLength(init: Initializer, type: CType & { kind: 'array' }): number {
    if (init.k === 'expr') return isStringFor(init.expr, type) ? init.expr.bytes.length + 1 : 1
    if (bracedString(init, type)) {
      const only = init.items[0].init as Initializer & { k: 'expr' }
      return (only.expr as Expr & { k: 'string' }).bytes.length + 1
    }
    return fullyBraced(init, type, {
      initializesWhole: (e, t) => {
        if (isStringFor(e, t)) return true
        const known = e.k === 'ident' ? this.staticType(e) : null
        return t.kind === 'struct' && known?.kind === 'struct' && known.layout === t.layout
      },
      designatorIndex: (e) => {
        const v = this.fold(e)
        return v === null ? null : Number(v)
      },
      error: () => {}
    }).length
  }

  /** The type of a simple expression, for `sizeof x`, `sizeof *p`, `sizeof a[0]` in constants. */
  private staticType(e: Expr | undefined): CType | null {
    if (!e) return null
    switch (e.k) {
      case 'ident': {
        const entry = this.lookup(e.name)
        return entry?.kind === 'var' ? entry.type : null
      }
      case 'string':
        return arrayOf(CHAR, e.bytes.length + 1)
      case 'int':
        return e.type
      case 'float':
        return e.single ? FLOAT : DOUBLE
      case 'unary': {
        if (e.op !== '*') return null
        const t = this.staticType(e.operand)
        return t && (t.kind === 'pointer' ? t.to : t.kind === 'array' ? t.of : null)
      }
      case 'index': {
        const t = this.staticType(e.base)
        return t && (t.kind === 'pointer' ? t.to : t.kind === 'array' ? t.of : null)
      }
      case 'member': {
        let t = this.staticType(e.object)
        if (t && e.arrow) t = t.kind === 'pointer' ? t.to : null
        if (!t || t.kind !== 'struct') return null
        return findMember(t.layout, e.name)?.type ?? null
      }
      default:
        return null
    }
  }
}

function closestKeyword(word: string): string | null {
  let best: string | null = null
  let bestDistance = 3
  for (const k of KEYWORDS) {
    const d = editDistance(word, k)
    if (d < bestDistance) {
      best = k
      bestDistance = d
    }
  }
  return best
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 99
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...new Array<number>(b.length).fill(0)
  ])
  for (let j = 1; j <= b.length; j++) dp[0][j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i][j] = Math.min(
        dp[i - 1][j] + 1,
        dp[i][j - 1] + 1,
        dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      )
    }
  }
  return dp[a.length][b.length]
}

function joinPos(a: Position, b: Position): Position {
  return {
    line: a.line,
    column: a.column,
    endColumn: b.line === a.line ? Math.max(b.endColumn, a.column + 1) : a.endColumn
  }
}

/** What the parser found instead: the token as written, or the end of the file. */
function foundPhrase(t: Token): DiagnosticReason {
  return t.kind === 'eof' ? reason('phrase.endOfFile') : reason('phrase.token', { token: t.text })
}

function nameTypedef(t: CType, name: string): CType {
  if (t.kind === 'int' || t.kind === 'struct' || t.kind === 'pointer') return { ...t, alias: name }
  return t
}

/** C11 6.4.4.1: the first type in the list for this suffix and radix that can hold the value. */
function integerLiteralType(t: Token, sink: DiagnosticSink): CType {
  const v = t.integer ?? 0n
  const s = t.suffix ?? ''
  const unsignedOk = t.radixNotDecimal || s.includes('U')
  const fitsInt = v <= 0x7fffffffn
  const fitsUint = v <= 0xffffffffn
  const fitsLong = v <= 0x7fffffffffffffffn
  if (s === 'U') return fitsUint ? UINT : ULONG
  if (s === 'UL') return ULONG
  if (s === 'ULL') return ULLONG
  if (s === 'LL') return fitsLong ? LLONG : unsignedOk ? ULLONG : LLONG
  if (s === 'L') return fitsLong ? LONG : unsignedOk ? ULONG : LONG
  if (fitsInt) return INT
  if (unsignedOk && fitsUint) return UINT
  if (fitsLong) return LONG
  if (unsignedOk) return ULONG
  sink.warning(reason('parser.hugeDecimal', { text: t.text }), {
    line: t.line,
    column: t.column,
    endColumn: t.endColumn
  })
  return ULONG
}

/**
 * `a op b` for the arithmetic and bitwise operators of an integer constant expression (unbounded
 * integers: the caller wraps to the type), null for another operator or a division by zero.
 */
export function foldArithmetic(op: string, a: bigint, b: bigint): bigint | null {
  switch (op) {
    case '+':
      return a + b
    case '-':
      return a - b
    case '*':
      return a * b
    case '/':
      return b === 0n ? null : a / b
    case '%':
      return b === 0n ? null : a % b
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
