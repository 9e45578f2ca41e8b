/**
 * The syntax tree of the C subset. The parser builds it with declared types already resolved
 * (C cannot be parsed without knowing typedef names); the checker fills in each expression's
 * type (`ty`) and each identifier's symbol.
 */
import { INT, alignOf, sizeOf, type CType, type FunctionType, type IntegerType } from './types'
import type { SourcePosition } from './diagnostics'

export interface Position extends SourcePosition {
  endColumn: number
}

interface ExprBase {
  pos: Position
  /** Set by the checker: the expression's type before decay. */
  ty?: CType
  /**
   * Stands for something already reported as unsupported (a compound literal): it has no
   * type, and nothing that uses it is reported again.
   */
  invalid?: boolean
  /** Written in its own parentheses: `while ((c = *s++))` says the assignment is meant. */
  parenthesized?: boolean
}

export type UnaryOp = '-' | '+' | '!' | '~' | '*' | '&' | 'pre++' | 'pre--' | 'post++' | 'post--'
export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '<<'
  | '>>'
  | '<'
  | '>'
  | '<='
  | '>='
  | '=='
  | '!='
  | '&'
  | '^'
  | '|'
  | '&&'
  | '||'
export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '<<=' | '>>=' | '&=' | '^=' | '|='

export type Expr =
  | (ExprBase & { k: 'int'; value: bigint; type: CType })
  | (ExprBase & { k: 'float'; value: number; /** A float constant (`1.5f`). */ single?: boolean })
  | (ExprBase & {
      k: 'string'
      bytes: number[]
      literal?: number
      /**
       * The first literal token as written (`"%d\n"` of `"%d\n" "x"`): gcc places a printf
       * format warning inside the format only when the directive lies in this token.
       */
      firstToken?: { text: string; line: number; column: number; byteCount: number }
    })
  | (ExprBase & { k: 'ident'; name: string; symbol?: Symbol })
  | (ExprBase & { k: 'unary'; op: UnaryOp; operand: Expr })
  | (ExprBase & { k: 'binary'; op: BinaryOp; left: Expr; right: Expr })
  | (ExprBase & { k: 'assign'; op: AssignOp; left: Expr; right: Expr })
  | (ExprBase & { k: 'cond'; test: Expr; then: Expr; otherwise: Expr })
  | (ExprBase & {
      k: 'call'
      callee: Expr
      args: Expr[]
      /**
       * Where a returned struct is put (the checker decides as gcc -O0 does): a temporary
       * slot in the caller's frame, the variable the call initializes or is assigned to
       * (`resultInto`), the caller's own hidden result pointer (`return f()` of a struct
       * returned through memory), or, for a struct gcc keeps in registers, scratch memory
       * below %rsp that no frame counts (`resultBelowStack`).
       */
      temp?: LocalSlot
      resultInto?: Symbol & { kind: 'local' }
      resultThroughPointer?: boolean
      resultBelowStack?: boolean
    })
  | (ExprBase & { k: 'index'; base: Expr; index: Expr })
  | (ExprBase & {
      k: 'member'
      object: Expr
      name: string
      arrow: boolean
      offset?: number
      /** A bit-field member: its bits in the storage unit at `offset`, and its declared type. */
      bitField?: { width: number; shift: number; type: IntegerType }
    })
  | (ExprBase & { k: 'cast'; type: CType; operand: Expr; implicit?: boolean })
  /** `sizeof`, or `_Alignof` when `align` is set (of a type or, as gcc allows, an expression). */
  | (ExprBase & { k: 'sizeof'; type?: CType; operand?: Expr; align?: true })
  | (ExprBase & { k: 'comma'; left: Expr; right: Expr })

export type Initializer =
  | { k: 'expr'; expr: Expr; pos: Position }
  | { k: 'list'; items: Array<{ designator?: Designator[]; init: Initializer }>; pos: Position }

export type Designator = { field: string; pos: Position } | { index: Expr; pos: Position }

export type StorageClass = 'auto' | 'static' | 'extern' | 'typedef'

export interface VarDecl {
  name: string
  type: CType
  storage: StorageClass
  init?: Initializer
  pos: Position
  symbol?: Symbol
  /** `int a[] = {...}`: the length was counted from the initializer. */
  inferredLength?: boolean
  /** Declared `register`: its address may not be taken. */
  register?: boolean
  /** `int a[n]`: the array's length, evaluated as the declaration runs (its type's length is null). */
  variableLength?: Expr
  /**
   * A global's or static's alignment as the program asked for it (`_Alignas`, `aligned(N)`),
   * which replaces the one gcc would choose by its size (`staticAlign`).
   */
  align?: number
}

export type Stmt =
  | { k: 'block'; items: Stmt[]; pos: Position; end: Position }
  | { k: 'decl'; decls: VarDecl[]; pos: Position }
  | { k: 'expr'; expr: Expr; pos: Position }
  | { k: 'if'; test: Expr; then: Stmt; otherwise?: Stmt; pos: Position }
  | { k: 'while'; test: Expr; body: Stmt; pos: Position }
  | { k: 'do'; body: Stmt; test: Expr; pos: Position; testPos: Position }
  | { k: 'for'; init?: Stmt; test?: Expr; update?: Expr; body: Stmt; pos: Position }
  | { k: 'switch'; expr: Expr; body: Stmt; pos: Position }
  /** `case 3:`, or GNU C's range `case 'a' ... 'z':` (`high`, its value `highValue`). */
  | { k: 'case'; expr: Expr; value?: bigint; high?: Expr; highValue?: bigint; pos: Position }
  | { k: 'default'; pos: Position }
  | { k: 'break'; pos: Position }
  | { k: 'continue'; pos: Position }
  | {
      k: 'return'
      expr?: Expr
      pos: Position
      /**
       * Set by the checker: `return &local;` (or a local array, or an address inside one).
       * gcc warns and, even at -O0, returns NULL instead of the dying address.
       */
      returnsLocalAddress?: boolean
    }
  | { k: 'empty'; pos: Position }
  /** `goto label;` */
  | { k: 'goto'; label: string; pos: Position }
  /** `label: statement` */
  | { k: 'labeled'; label: string; body: Stmt; pos: Position }

export interface Param {
  name: string | null
  type: CType
  pos: Position
  /** Declared `register`: its address may not be taken. */
  register?: boolean
  symbol?: Symbol
}

export interface FunctionDef {
  name: string
  type: FunctionType
  params: Param[]
  body: Stmt & { k: 'block' }
  storage: StorageClass
  pos: Position
  /** The position of the closing brace, where the function returns when it falls off the end. */
  end: Position
}

export type TopLevel =
  { k: 'function'; def: FunctionDef } | { k: 'decl'; decls: VarDecl[]; pos: Position }

export interface TranslationUnit {
  items: TopLevel[]
}

/** Where a local lives in its frame: an offset from the frame pointer (%rbp), always negative. */
export interface LocalSlot {
  offset: number
  size: number
}

/**
 * gcc -O0 reaches a variable-length array through two hidden 8-byte frame slots: its length
 * less one, saved as the declaration ran (what `sizeof` reads later), and its address, the
 * stack pointer after the declaration moved it down.
 */
export interface VariableLengthSlots {
  /** `n - 1`, as a size_t. */
  length: Symbol & { kind: 'local' }
  /** The array's first byte. */
  pointer: Symbol & { kind: 'local' }
}

/** What an identifier resolves to after checking. */
export type Symbol =
  | {
      kind: 'local'
      name: string
      type: CType
      slot: LocalSlot
      parameter: boolean
      pos: Position
      id: number
      /** Declared `register` (C11 6.7.1p6: `&` may not be applied to it). */
      register?: boolean
      /** A variable-length array (`int a[n]`): the frame slots gcc -O0 keeps it through. */
      vla?: VariableLengthSlots
    }
  | {
      kind: 'global'
      name: string
      type: CType
      id: number
      isStatic: boolean
      pos: Position
      init?: Initializer
      functionName?: string
    }
  | { kind: 'function'; name: string; type: FunctionType; id: number; builtin?: string }
  | { kind: 'enum'; name: string; value: bigint }

/** `init`'s expressions, each with every expression inside it (see {@link forEachExprIn}). */
/** The value of a `sizeof` (or `_Alignof`) whose operand is typed. */
export function sizeofValue(e: Expr & { k: 'sizeof' }): number {
  const t = e.type ?? e.operand?.ty ?? INT
  return e.align ? alignOf(t) : sizeOf(t)
}

export function forEachInitializer(init: Initializer, visit: (e: Expr) => void): void {
  if (init.k === 'expr') forEachExprIn(init.expr, visit)
  else for (const item of init.items) forEachInitializer(item.init, visit)
}

/**
 * Calls `visit` with `e` and every expression inside it, parents before children. Iterative,
 * because a chain such as `a + b + … + z` nests as deep as it is long.
 */
export function forEachExprIn(e: Expr, visit: (e: Expr) => void): void {
  const pending: Expr[] = [e]
  while (pending.length > 0) {
    const x = pending.pop()!
    visit(x)
    switch (x.k) {
      case 'unary':
      case 'cast':
        pending.push(x.operand)
        break
      case 'sizeof':
        if (x.operand) pending.push(x.operand)
        break
      case 'binary':
      case 'assign':
      case 'comma':
        pending.push(x.left, x.right)
        break
      case 'cond':
        pending.push(x.test, x.then, x.otherwise)
        break
      case 'call':
        pending.push(x.callee, ...x.args)
        break
      case 'index':
        pending.push(x.base, x.index)
        break
      case 'member':
        pending.push(x.object)
        break
      default:
    }
  }
}

/** Calls `visit` with every statement in `s`, `s` first. */
export function forEachStatement(s: Stmt, visit: (s: Stmt) => void): void {
  visit(s)
  switch (s.k) {
    case 'block':
      for (const item of s.items) forEachStatement(item, visit)
      return
    case 'if':
      forEachStatement(s.then, visit)
      if (s.otherwise) forEachStatement(s.otherwise, visit)
      return
    case 'while':
    case 'do':
    case 'switch':
      forEachStatement(s.body, visit)
      return
    case 'for':
      if (s.init) forEachStatement(s.init, visit)
      forEachStatement(s.body, visit)
      return
    case 'labeled':
      forEachStatement(s.body, visit)
      return
    default:
  }
}

/**
 * Calls `visit` with every expression in `s` (as forEachExprIn does), nested statements,
 * declarations' initializers and variable-length arrays' sizes included.
 */
export function forEachExprInStmt(s: Stmt, visit: (e: Expr) => void): void {
  forEachStatement(s, (x) => {
    switch (x.k) {
      case 'decl':
        for (const d of x.decls) {
          if (d.init) forEachInitializer(d.init, visit)
          if (d.variableLength) forEachExprIn(d.variableLength, visit)
        }
        return
      case 'expr':
        forEachExprIn(x.expr, visit)
        return
      case 'if':
      case 'while':
      case 'do':
        forEachExprIn(x.test, visit)
        return
      case 'for':
        if (x.test) forEachExprIn(x.test, visit)
        if (x.update) forEachExprIn(x.update, visit)
        return
      case 'switch':
        forEachExprIn(x.expr, visit)
        return
      case 'return':
        if (x.expr) forEachExprIn(x.expr, visit)
        return
      default:
    }
  })
}
