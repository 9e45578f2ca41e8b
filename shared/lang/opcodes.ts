/**
 * The compact instruction set the C subset compiles to: a stack machine whose operand stack
 * holds C values (JavaScript numbers, with BigInt only for 64-bit values beyond 2^53), while
 * every C object lives in simulated memory. Code is a flat number array: an opcode followed
 * by its operands.
 */

/** Value kinds on the operand stack, after C's integer promotions. */
export const K = {
  I32: 0,
  U32: 1,
  I64: 2,
  U64: 3,
  F64: 4,
  PTR: 5,
  STRUCT: 6,
  VOID: 7,
  /**
   * A float: on the operand stack a double that a binary32 holds, so only as the target of CVT
   * (which rounds to single precision); every other instruction sees it as F64.
   */
  F32: 9
} as const
export type Kind = (typeof K)[keyof typeof K]

/**
 * An argument kind of a variadic library call (BUILTIN's kinds): an `int` constant. gcc passes
 * it as an immediate — `movl $-5, %esi`, which clears the register's upper half like any 32-bit
 * value, but `pushq $-5` beyond the sixth integer argument, which sign-extends it.
 */
export const IMMEDIATE_I32 = 8

export const Op = {
  // Constants and addresses
  PUSH: 1, // value
  PUSHK: 2, // const index (a BigInt)
  LOCAL: 3, // rbp offset → address
  POP: 4,
  DUP: 5,
  REVERSE: 6, // count: the top count values in reverse order (arguments evaluated last to first)
  PERMUTE: 7, // count, const index of an order: top count values reordered (gcc's evaluation order)
  // Loads: address → value
  LD_I8: 10,
  LD_U8: 11,
  LD_I16: 12,
  LD_U16: 13,
  LD_I32: 14,
  LD_U32: 15,
  LD_I64: 16,
  LD_U64: 17,
  LD_F64: 18,
  LD_PTR: 19,
  // Fused local loads: rbp offset → value
  LDL_I32: 20,
  LDL_I64: 21,
  LDL_PTR: 22,
  LDL_F64: 23,
  LDL_U32: 24,
  LD_F32: 25,
  // Stores: address, value → value
  ST_8: 30,
  ST_16: 31,
  ST_32: 32,
  ST_64: 33,
  ST_F64: 34,
  ST_PTR: 35,
  COPY: 36, // size: dest, src → dest
  ZERO_LOCAL: 37, // offset, size
  // Fused store into a local, value discarded: value →
  STL_32: 38, // offset
  STL_PTR: 39, // offset
  STL_64: 40, // offset
  STL: 41, // offset, store op
  ST_F32: 42,
  // Bit-fields (operand: const index of a BitFieldAccess)
  LD_BITS: 43, // address of the storage unit → the field's value
  ST_BITS: 44, // address of the storage unit, value → the value as the field holds it
  // Arithmetic (binary ops pop b then a, push a op b)
  ADD_I32: 50,
  ADD_U32: 51,
  ADD_I64: 52,
  ADD_U64: 53,
  ADD_F64: 54,
  SUB_I32: 55,
  SUB_U32: 56,
  SUB_I64: 57,
  SUB_U64: 58,
  SUB_F64: 59,
  MUL_I32: 60,
  MUL_U32: 61,
  MUL_I64: 62,
  MUL_U64: 63,
  MUL_F64: 64,
  DIV_I32: 65,
  DIV_U32: 66,
  DIV_I64: 67,
  DIV_U64: 68,
  DIV_F64: 69,
  MOD_I32: 70,
  MOD_U32: 71,
  MOD_I64: 72,
  MOD_U64: 73,
  SHL_I32: 74,
  SHL_U32: 75,
  SHL_I64: 76,
  SHL_U64: 77,
  SHR_I32: 78,
  SHR_U32: 79,
  SHR_I64: 80,
  SHR_U64: 81,
  AND_I32: 82,
  AND_U32: 83,
  AND_64: 84, // kind operand
  OR_I32: 85,
  OR_U32: 86,
  OR_64: 87,
  XOR_I32: 88,
  XOR_U32: 89,
  XOR_64: 90,
  NEG: 91, // kind
  BITNOT: 92, // kind
  LNOT: 93,
  EQ: 94,
  NE: 95,
  LT: 96,
  LE: 97,
  GT: 98,
  GE: 99,
  PTR_ADD: 100, // scale: ptr, int → ptr
  PTR_SUB: 101, // scale: ptr, ptr → long
  CVT: 102, // from kind, to kind
  TRUNC: 103, // bits (8/16), signed (0/1)
  TOBOOL: 104,
  INCDEC: 105, // load op, delta, post(0/1), kind: address → value
  // Control
  JMP: 120, // target
  JZ: 121, // target: pops
  JNZ: 122,
  SWITCH: 123, // const index of a switch table
  STMT: 124, // line: a step boundary
  CALL: 125, // function index, argc, struct temp offset (0 = none)
  CALLI: 126, // argc, struct temp offset: args..., function address →
  BUILTIN: 127, // builtin id, argc, const index of argument kinds
  RET: 128, // has value (0/1)
  RET_STRUCT: 129, // size
  HALT: 130,
  // Variable-length arrays
  VLA_ALLOC: 135, // bytes → the new %rsp: %rsp -= bytes rounded up to 16
  SET_RSP: 136, // address →: %rsp := address (a block's variable-length arrays freed)
  // Variable arguments of a function of the program (System V x86-64)
  VARARGS: 137, // const index of a VariadicCall, callee address on top (0/1): args... → named args...
  VARARGS_END: 138, // bytes: %rsp += the bytes VARARGS pushed (the caller's `add $n, %rsp`)
  VA_SAVE: 139 // save area's %rbp offset, named integer and SSE registers: the prologue's stores
} as const

/**
 * A call of a variadic function of the program, as VARARGS reads it: the named arguments take
 * the first `integerRegisters` and `sseRegisters` (left on the operand stack for CALL), the
 * variable ones (`kinds`, after the default promotions) follow in %rsi… and %xmm… while they
 * last and are pushed on the stack after that, above the named ones the callee reads at %rbp + 16
 * (`stackBytes`: with those named ones, a multiple of 16).
 */
export interface VariadicCall {
  integerRegisters: number
  sseRegisters: number
  kinds: number[]
  stackBytes: number
}

/** A bit-field as LD_BITS and ST_BITS reach it: `width` bits from bit `shift` of a `unit`-byte unit. */
export interface BitFieldAccess {
  unit: number
  shift: number
  width: number
  /** Sign-extended when read (a plain `int` bit-field is signed in gcc). */
  signed: boolean
}

/** Names of the opcodes, for debugging listings. */
export const OP_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(Op).map(([k, v]) => [v, k])
)

/** Where va_start points a va_list in its function (codegen.ts): offsets and %rbp offsets. */
export interface VaStart {
  gpOffset: number
  fpOffset: number
  overflowOffset: number
  saveAreaOffset: number
}
