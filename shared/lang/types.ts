/**
 * C types of the subset, with sizes, alignments and struct layout as gcc computes them for
 * x86-64 Linux (the LP64 data model: int 4, long 8, pointer 8).
 */

export type IntegerName =
  | 'char'
  | 'signed char'
  | 'unsigned char'
  | 'short'
  | 'unsigned short'
  | 'int'
  | 'unsigned int'
  | 'long'
  | 'unsigned long'
  | 'long long'
  | 'unsigned long long'
  | '_Bool'

export interface VoidType {
  kind: 'void'
  const?: boolean
}
export interface IntegerType {
  kind: 'int'
  name: IntegerName
  size: 1 | 2 | 4 | 8
  signed: boolean
  const?: boolean
  /** A typedef name it was spelled with (`size_t`), for printing only. */
  alias?: string
  /** For enum types: the tag. */
  enumTag?: string
}
/**
 * A floating type: `double` (IEEE 754 binary64), or `float` (binary32) when `float` is set. Both
 * live on the operand stack as JavaScript numbers; a float's value is always one a binary32
 * holds (every operation on floats rounds its result to single precision, as gcc's SSE code
 * — addss, mulss, cvtsi2ss — does on x86-64, where FLT_EVAL_METHOD is 0).
 */
export interface DoubleType {
  kind: 'double'
  /** `float`: 4 bytes, 4-aligned, binary32. */
  float?: boolean
  const?: boolean
}
export interface PointerType {
  kind: 'pointer'
  to: CType
  const?: boolean
  alias?: string
}
export interface ArrayType {
  kind: 'array'
  of: CType
  /** null for `int a[]` before an initializer gives the length, or an incomplete parameter. */
  length: number | null
  const?: boolean
}
export interface StructField {
  name: string
  type: CType
  /**
   * A bit-field (`unsigned flag : 1`): `offset` is then the byte offset of its storage unit —
   * an object of the declared type, aligned to its size, that holds all of the field's bits —
   * and the field is `width` bits from bit `shift` of that unit (bit 0 the least significant).
   */
  bits?: BitField
  offset: number
}
export interface StructType {
  kind: 'struct'
  tag: string | null
  /** Shared by every reference to the same struct, so a later definition completes it. */
  layout: StructLayout
  const?: boolean
  alias?: string
}
export interface StructLayout {
  fields: StructField[]
  size: number
  align: number
  complete: boolean
  union: boolean
  /**
   * Ends with a flexible array member (`char data[]`): sizeof leaves it out, and the program
   * mallocs room for as many elements as it needs after the struct.
   */
  flexible?: boolean
}
export interface FunctionType {
  kind: 'function'
  returns: CType
  params: CType[]
  variadic: boolean
  /** `int f()`: parameters unspecified (treated as accepting any arguments). */
  unprototyped: boolean
  const?: boolean
}

export type CType =
  VoidType | IntegerType | DoubleType | PointerType | ArrayType | StructType | FunctionType

const INTEGER_INFO: Record<IntegerName, { size: 1 | 2 | 4 | 8; signed: boolean }> = {
  char: { size: 1, signed: true },
  'signed char': { size: 1, signed: true },
  'unsigned char': { size: 1, signed: false },
  short: { size: 2, signed: true },
  'unsigned short': { size: 2, signed: false },
  int: { size: 4, signed: true },
  'unsigned int': { size: 4, signed: false },
  long: { size: 8, signed: true },
  'unsigned long': { size: 8, signed: false },
  'long long': { size: 8, signed: true },
  'unsigned long long': { size: 8, signed: false },
  _Bool: { size: 1, signed: false }
}

export function integer(name: IntegerName): IntegerType {
  return { kind: 'int', name, ...INTEGER_INFO[name] }
}

export const VOID: VoidType = { kind: 'void' }
export const CHAR = integer('char')
export const UCHAR = integer('unsigned char')
export const INT = integer('int')
export const UINT = integer('unsigned int')
export const LONG = integer('long')
export const ULONG = integer('unsigned long')
export const LLONG = integer('long long')
export const ULLONG = integer('unsigned long long')
export const BOOL = integer('_Bool')
export const DOUBLE: DoubleType = { kind: 'double' }
export const FLOAT: DoubleType = { kind: 'double', float: true }

/** Whether t is `float` (single precision). */
export const isFloat = (t: CType): boolean => t.kind === 'double' && t.float === true
export const SIZE_T: IntegerType = { ...ULONG, alias: 'size_t' }

export function pointerTo(to: CType): PointerType {
  return { kind: 'pointer', to }
}

export function arrayOf(of: CType, length: number | null): ArrayType {
  return { kind: 'array', of, length }
}

export function sizeOf(t: CType): number {
  switch (t.kind) {
    case 'void':
      return 1 // gcc's extension: sizeof(void) == 1, so void* arithmetic moves by bytes.
    case 'int':
      return t.size
    case 'double':
      return t.float ? 4 : 8
    case 'pointer':
      return 8
    case 'array':
      return (t.length ?? 0) * sizeOf(t.of)
    case 'struct':
      return t.layout.size
    case 'function':
      return 1
  }
}

export function alignOf(t: CType): number {
  switch (t.kind) {
    case 'array':
      return alignOf(t.of)
    case 'struct':
      return t.layout.align
    default:
      return sizeOf(t)
  }
}

/**
 * Alignment of a variable of this type on the stack or in a data segment: the x86-64 ABI
 * gives arrays of 16 bytes or more 16-byte alignment, and gcc applies it to locals too.
 */
export function variableAlign(t: CType): number {
  const a = alignOf(t)
  // gcc on x86-64 gives every array or struct of at least 16 bytes 16-byte alignment (the ABI
  // asks it for arrays; gcc 12 -O0 does it for structs too: measured with char-array and int
  // structs of 1–40 bytes after a 1-byte local).
  // Not a va_list (`struct __va_list_tag[1]`, 24 bytes): ix86_local_alignment leaves gcc's
  // own va_list type at its alignment of 8.
  if (t.kind === 'array' && t.of.kind === 'struct' && t.of.tag === '__va_list_tag') return a
  if ((t.kind === 'array' || t.kind === 'struct') && sizeOf(t) >= 16) return Math.max(a, 16)
  return a
}

/**
 * Alignment of a global or static: gcc (ix86_data_alignment) aligns aggregates by size, 8 bytes
 * and up to 8, 16 and up to 16, 32 and up to 32 (gcc -S shows `.align 8/16/32`).
 */
export function staticAlign(t: CType): number {
  const natural = variableAlign(t)
  if (t.kind !== 'array' && t.kind !== 'struct') return natural
  const size = sizeOf(t)
  return Math.max(natural, size >= 32 ? 32 : size >= 16 ? 16 : size >= 8 ? 8 : 1)
}

export function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a
}

/** Where a bit-field's bits lie in its storage unit. */
export interface BitField {
  width: number
  shift: number
}

/** A member as declared: a bit-field has a width (an unnamed one, `int : 0;`, an empty name). */
export interface MemberDeclaration {
  name: string
  type: CType
  width?: number
}

/**
 * gcc's attributes of a struct type: `packed` puts each member at the next byte (alignment 1,
 * the struct's too), `aligned(N)` raises the struct's alignment, and so its size, to N.
 */
export interface StructAttributes {
  packed?: boolean
  aligned?: number
  /** `#pragma pack(N)`: no member is aligned to more than N bytes (0: no limit). */
  maxAlign?: number
}

/**
 * Lays out the fields of a struct (or union) as gcc does on x86-64 (the System V ABI): each
 * at its alignment, size rounded to the largest. A bit-field goes at the next free bit unless
 * that would make it straddle a boundary of its declared type's size, when it starts at that
 * boundary; a zero-width one moves to the next such boundary; a named bit-field's type aligns
 * the struct as a member of that type would, an unnamed one's does not. The member after a
 * bit-field starts at the next byte at its alignment.
 */
export function layoutStruct(
  layout: StructLayout,
  members: MemberDeclaration[],
  attributes: StructAttributes = {}
): void {
  const packed = attributes.packed === true
  const limit = packed ? 1 : attributes.maxAlign || Infinity
  let bit = 0
  let align = 1
  let sizeBits = 0
  const fields: StructField[] = []
  for (const m of members) {
    if (layout.union) bit = 0
    if (m.width !== undefined) {
      const unitBits = sizeOf(m.type) * 8
      if (m.width === 0) {
        bit = alignUp(bit, unitBits)
        continue
      }
      if (Math.floor(bit / unitBits) !== Math.floor((bit + m.width - 1) / unitBits))
        bit = alignUp(bit, unitBits)
      const unit = Math.floor(bit / unitBits) * (unitBits / 8)
      if (m.name) {
        align = Math.max(align, Math.min(limit, alignOf(m.type)))
        fields.push({
          name: m.name,
          type: m.type,
          offset: unit,
          bits: { width: m.width, shift: bit - unit * 8 }
        })
      }
      bit += m.width
    } else {
      const a = Math.min(limit, alignOf(m.type))
      align = Math.max(align, a)
      const at = alignUp(Math.ceil(bit / 8), a)
      fields.push({ name: m.name, type: m.type, offset: at })
      bit = (at + sizeOf(m.type)) * 8
    }
    sizeBits = Math.max(sizeBits, bit)
  }
  align = Math.max(align, attributes.aligned ?? 1)
  layout.fields = fields
  layout.align = align
  layout.size = alignUp(Math.ceil(sizeBits / 8), align)
  layout.complete = true
}

/**
 * An anonymous struct or union member (C11 6.7.2.1p13: `struct v { int kind; union { int i;
 * double d; }; }`) is a field whose name no identifier can spell, so its own members are found
 * through it, as if they were members of the struct around it.
 */
export function isAnonymousMember(f: StructField): f is StructField & { type: StructType } {
  return f.name.startsWith('(') && f.type.kind === 'struct'
}

/**
 * The member `name` of a struct: its own field, or one of an anonymous member's (at any depth),
 * as the path of fields that leads to it (outermost first); null when there is none.
 */
export function memberPath(layout: StructLayout, name: string): StructField[] | null {
  const own = layout.fields.find((f) => f.name === name)
  if (own) return [own]
  for (const f of layout.fields) {
    if (!isAnonymousMember(f)) continue
    const inner = memberPath(f.type.layout, name)
    if (inner) return [f, ...inner]
  }
  return null
}

/** A member found through `memberPath`: its type, offset from the struct's start and bits. */
export function findMember(layout: StructLayout, name: string): StructField | null {
  const path = memberPath(layout, name)
  if (!path) return null
  const last = path[path.length - 1]
  const offset = path.reduce((sum, f) => sum + f.offset, 0)
  return { ...last, offset }
}

/** The names a learner can write after `.`: anonymous members' own members in their place. */
export function memberNames(layout: StructLayout): string[] {
  return layout.fields.flatMap((f) =>
    isAnonymousMember(f) ? memberNames(f.type.layout) : f.name ? [f.name] : []
  )
}

export const isInteger = (t: CType): t is IntegerType => t.kind === 'int'
export const isArithmetic = (t: CType): boolean => t.kind === 'int' || t.kind === 'double'
export const isPointer = (t: CType): t is PointerType => t.kind === 'pointer'
export const isScalar = (t: CType): boolean =>
  t.kind === 'int' || t.kind === 'double' || t.kind === 'pointer'
export const isStruct = (t: CType): t is StructType => t.kind === 'struct'

/** The type a value of type t has after array-to-pointer and function-to-pointer decay. */
export function decay(t: CType): CType {
  if (t.kind === 'array') return pointerTo(t.of)
  if (t.kind === 'function') return pointerTo(t)
  return t
}

/**
 * The default argument promotions (C11 6.5.2.2p6) of an argument to `...` or to a function
 * without a prototype: the integer promotions, and float becomes double (printf's `%f` always
 * reads a double).
 */
export function defaultPromotion(t: CType): CType {
  if (t.kind === 'double') return DOUBLE
  return promote(t)
}

/** Integer promotion: char, short and _Bool become int. */
export function promote(t: CType): CType {
  if (t.kind === 'int' && t.size < 4) return INT
  return t
}

/**
 * The usual arithmetic conversions of C11 6.3.1.8 for LP64. Integer conversion rank decides,
 * not size: `long` and `long long` are both 8 bytes but different types, so `5LL - 1LL` is a
 * `long long` and `1L + 2LL` too (printf's `%ld` and `%lld` tell them apart, as gcc's -Wformat
 * does).
 */
export function usualArithmetic(a: CType, b: CType): CType {
  // double beats float, and either beats every integer type.
  if ((a.kind === 'double' && !a.float) || (b.kind === 'double' && !b.float)) return DOUBLE
  if (a.kind === 'double' || b.kind === 'double') return FLOAT
  const x = unqualified(promote(a) as IntegerType)
  const y = unqualified(promote(b) as IntegerType)
  if (x.signed === y.signed) return plain(rank(x) >= rank(y) ? x : y)
  const unsigned = x.signed ? y : x
  const signed = x.signed ? x : y
  // The unsigned operand's rank is at least the other's: the unsigned type.
  if (rank(unsigned) >= rank(signed)) return plain(unsigned)
  // A signed type of greater rank that holds every value of the unsigned one (long and an
  // unsigned int) is the type; one of the same size (long long and an unsigned long) is not,
  // and its unsigned version is.
  if (signed.size > unsigned.size) return plain(signed)
  return unsignedVersion(signed)
}

/** Integer conversion rank (C11 6.3.1.1) of a promoted integer type. */
function rank(t: IntegerType): number {
  if (t.name === 'long long' || t.name === 'unsigned long long') return 3
  if (t.name === 'long' || t.name === 'unsigned long') return 2
  return 1
}

/** The type itself, without an enum tag: an enum operand's arithmetic is in its integer type. */
function plain(t: IntegerType): IntegerType {
  return t.enumTag === undefined ? t : integer(t.name)
}

function unsignedVersion(t: IntegerType): IntegerType {
  return t.name === 'long long' ? ULLONG : t.name === 'long' ? ULONG : UINT
}

export function unqualified<T extends CType>(t: T): T {
  if (!t.const && !('alias' in t && t.alias)) return t
  const copy = { ...t }
  delete copy.const
  if ('alias' in copy) delete copy.alias
  return copy
}

export function withConst<T extends CType>(t: T): T {
  return { ...t, const: true }
}

/** Structural type equality (ignoring qualifiers and typedef names). */
export function sameType(a: CType, b: CType): boolean {
  if (a.kind !== b.kind) return false
  switch (a.kind) {
    case 'void':
      return true
    case 'double':
      return !a.float === !(b as DoubleType).float
    case 'int':
      return (
        a.size === (b as IntegerType).size &&
        a.signed === (b as IntegerType).signed &&
        (a.name === 'char') === ((b as IntegerType).name === 'char')
      )
    case 'pointer':
      return sameType(a.to, (b as PointerType).to)
    case 'array': {
      const bb = b as ArrayType
      return (
        (a.length === bb.length || a.length === null || bb.length === null) && sameType(a.of, bb.of)
      )
    }
    case 'struct':
      return a.layout === (b as StructType).layout
    case 'function': {
      const bf = b as FunctionType
      if (!sameType(a.returns, bf.returns)) return false
      if (a.unprototyped || bf.unprototyped) return true
      return (
        a.variadic === bf.variadic &&
        a.params.length === bf.params.length &&
        a.params.every((p, i) => sameType(p, bf.params[i]))
      )
    }
  }
}

/** The type as a C programmer writes it: `int`, `struct node *`, `char [16]`, `int (*)[3]`. */
export function typeName(t: CType): string {
  return declarator(t, '').trim()
}

function baseName(t: CType): string {
  const c = t.const ? 'const ' : ''
  switch (t.kind) {
    case 'void':
      return c + 'void'
    case 'int':
      return c + (t.alias ?? (t.enumTag !== undefined ? `enum ${t.enumTag}` : t.name))
    case 'double':
      return c + (t.float ? 'float' : 'double')
    case 'struct':
      return c + (t.alias ?? `${t.layout.union ? 'union' : 'struct'} ${t.tag ?? '<anonymous>'}`)
    default:
      return ''
  }
}

/** Renders `t` around the name `inner`, as C declarators nest. */
export function declarator(t: CType, inner: string): string {
  switch (t.kind) {
    case 'pointer': {
      if (t.alias) return `${t.alias}${t.const ? ' const' : ''} ${inner}`.trimEnd()
      const star = `*${t.const ? ' const' : ''}${inner && t.const ? ' ' : ''}${inner}`
      const needsParens = t.to.kind === 'array' || t.to.kind === 'function'
      return declarator(t.to, needsParens ? `(${star})` : star)
    }
    case 'array':
      return declarator(t.of, `${inner}[${t.length ?? ''}]`)
    case 'function': {
      const params = t.unprototyped
        ? ''
        : t.params.length === 0 && !t.variadic
          ? 'void'
          : t.params.map(typeName).join(', ') + (t.variadic ? ', ...' : '')
      return declarator(t.returns, `${inner}(${params})`)
    }
    default: {
      const base = baseName(t)
      if (!inner) return base
      return inner.startsWith('[') || inner.startsWith('(')
        ? `${base} ${inner}`
        : `${base} ${inner}`
    }
  }
}
