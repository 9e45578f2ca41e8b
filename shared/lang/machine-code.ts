/**
 * How many bytes of x86-64 machine code gcc 12 -O0 makes of each function, estimated from the
 * interpreter's own code, so that `.text` — and everything the linker places after it: `.rodata`,
 * `.data`, `.bss` and the heap — is as long as in the real binary, and `&f` prints an address
 * near the real one.
 *
 * The function's frame set-up is counted as gcc writes it (`push %rbp; mov %rsp,%rbp`, a `sub`
 * of the frame from %rsp when the function calls anything, a `mov` of each register parameter
 * into its slot — 3 bytes for an int, 4 for a long or pointer, 5 for a double, one more for a
 * displacement beyond ±127 — and `leave`/`pop %rbp; ret`). The body is priced per instruction
 * of the stack machine: gcc's code for a construct is not a fixed translation of ours, so the
 * prices were fitted (non-negative least squares) to the sizes `nm -S` reports for 714 functions
 * of gcc -O0 object files (the example corpus, the address programs and the session-4
 * conformance programs). Per function the estimate is off by about 13 % on average, per program
 * by about 10 %: pages and the first function's address come out right, later functions'
 * addresses only near (machine-code.test.ts compares with gcc).
 */
import { BUILTIN_NAMES, type CompiledProgram } from './codegen'
import { Op, type VariadicCall } from './opcodes'
import { operandCount } from './vm'

/** Bytes per instruction of the stack machine (fitted; see above). Absent: 0. */
const PRICE: Partial<Record<number, number>> = {
  [Op.ADD_I32]: 2.93,
  [Op.ADD_I64]: 2.73,
  [Op.AND_64]: 10.48,
  [Op.AND_I32]: 3.27,
  [Op.BUILTIN]: 2.3,
  [Op.CALL]: 4.78,
  [Op.CALLI]: 4.78,
  [Op.COPY]: 43.48,
  [Op.CVT]: 1.32,
  [Op.DIV_F64]: 14.44,
  [Op.EQ]: 2.16,
  [Op.INCDEC]: 6.55,
  [Op.JMP]: 1.89,
  [Op.JZ]: 3.48,
  [Op.LD_F64]: 23.31,
  // Not fitted (no float in the fitted functions): as a double's movsd, movss is as long.
  [Op.LD_F32]: 23.31,
  [Op.LD_I8]: 3.9,
  [Op.LD_U32]: 1.32,
  [Op.LD_U64]: 1.09,
  [Op.LT]: 5.51,
  [Op.MUL_I32]: 5.05,
  [Op.MUL_I64]: 12.63,
  [Op.MUL_U64]: 8.79,
  [Op.NE]: 11.97,
  [Op.NEG]: 4.54,
  [Op.OR_64]: 8.17,
  [Op.POP]: 0.59,
  [Op.PTR_ADD]: 2.47,
  [Op.PUSHK]: 24.64,
  [Op.RET]: 1.06,
  [Op.RET_STRUCT]: 7.57,
  [Op.REVERSE]: 0.67,
  [Op.SHL_I64]: 43.6,
  [Op.SHL_U64]: 2.62,
  [Op.STMT]: 0.38,
  [Op.ST_16]: 1.35,
  [Op.ST_32]: 2.46,
  [Op.ST_64]: 1.68,
  [Op.ST_8]: 1.91,
  [Op.ST_PTR]: 4.85,
  [Op.SUB_I64]: 7.95,
  [Op.SUB_U32]: 2.79,
  [Op.SUB_U64]: 0.67,
  [Op.SWITCH]: 15.56,
  [Op.TRUNC]: 3.06,
  [Op.ZERO_LOCAL]: 13.27,
  // Not fitted: gcc 12 -O0's `int a[n]` is 99 bytes from loading n to storing the address, 23
  // of them priced on the instructions around VLA_ALLOC, plus 6 saving %rsp at the block.
  [Op.VLA_ALLOC]: 82,
  [Op.SET_RSP]: 3
}

/** Loads and stores of a local: [displacement within ±127, wider displacement]. */
const LOCAL_PRICE: Partial<Record<number, [number, number]>> = {
  [Op.LOCAL]: [0, 9.96],
  [Op.LDL_I32]: [2.34, 3.49],
  [Op.LDL_I64]: [3.69, 6.94],
  [Op.LDL_PTR]: [4.4, 3.77],
  [Op.LDL_F64]: [13.49, 13.49],
  [Op.STL_32]: [2.31, 7.41],
  [Op.STL_64]: [6.51, 4.28],
  [Op.STL_PTR]: [3.51, 3.51],
  [Op.STL]: [0, 8.01]
}

/** Division and remainder: [by a constant (a multiplication by its inverse), by a variable]. */
const DIVISION_PRICE: Partial<Record<number, [number, number]>> = {
  [Op.DIV_I32]: [9.25, 0],
  [Op.DIV_U32]: [0, 2.94],
  [Op.DIV_U64]: [14.74, 5.56],
  [Op.MOD_I32]: [28.34, 0],
  [Op.MOD_I64]: [48.01, 0],
  [Op.MOD_U32]: [25.45, 13.55],
  [Op.MOD_U64]: [20.05, 7.73]
}

/** Each argument of a call (moved into its register or pushed). */
const ARGUMENT_PRICE = 5.33
/** `mov $0, %eax` before a variadic call (the number of vector registers used). */
const VARIADIC_CALL_PRICE = 3.02
/** A function's or string's address (`lea x(%rip), %rax`). */
const ADDRESS_PRICE = 4.75
/** A constant stored straight into a local (`movl $5, -4(%rbp)`). */
const CONSTANT_STORE_PRICE = 2.27
/** A constant that does not fit an 8-bit immediate, as an operator's operand. */
const WIDE_IMMEDIATE_PRICE = 2.25
/** Each callee-saved register: its push, and the reload before `leave`. */
const SAVED_REGISTER_PRICE = 5.04

const VARIADIC_LIBRARY = new Set(['printf', 'sprintf', 'snprintf', 'fprintf'])

/**
 * <stdarg.h>'s built-ins, which gcc expands inline (counted from gcc 12 -O0's assembly, the
 * va_list's address beyond the one-byte displacement, as a register save area puts it):
 * va_start four stores (two `movl $c`, two `lea` + `mov`), va_arg the offset's test, the
 * register or stack branch and the update (for an integer; a double's is as long), va_copy
 * three 8-byte moves, va_end nothing. Less what the arguments' own instructions and the load
 * after the step are priced, and fitted to five variadic functions' `nm -S` within 5 %.
 */
const INLINE_BUILTIN_BYTES: Record<string, number> = {
  __builtin_va_start: 25,
  __builtin_va_arg_slot: 30,
  __builtin_va_copy: 20,
  __builtin_va_end: 0
}
/** va_arg of a double: its load after the step is priced as a double's (LD_F64's fitted 23). */
const DOUBLE_VA_ARG_BYTES = 8

/**
 * A variadic function's prologue storing the argument registers after its named arguments
 * into the register save area: `mov %reg, d(%rbp)` each (7 bytes: the area is beyond ±127),
 * `test %al, %al; je`, and `movaps %xmmN, d(%rbp)` each (4 bytes within ±127, else 7).
 */
function registerSaveBytes(areaOffset: number, integers: number, sses: number): number {
  let bytes = 7 * (6 - integers) + 4
  for (let r = sses; r < 8; r++) bytes += displacement(areaOffset + 48 + 16 * r) === 0 ? 4 : 7
  return bytes
}

const BINARY_OPERATORS = new Set<number>([
  Op.ADD_I32,
  Op.ADD_U32,
  Op.ADD_I64,
  Op.ADD_U64,
  Op.SUB_I32,
  Op.SUB_U32,
  Op.SUB_I64,
  Op.SUB_U64,
  Op.MUL_I32,
  Op.MUL_U32,
  Op.MUL_I64,
  Op.MUL_U64,
  Op.AND_I32,
  Op.AND_U32,
  Op.AND_64,
  Op.OR_I32,
  Op.OR_U32,
  Op.OR_64,
  Op.XOR_I32,
  Op.XOR_U32,
  Op.XOR_64,
  Op.SHL_I32,
  Op.SHL_U32,
  Op.SHL_I64,
  Op.SHL_U64,
  Op.SHR_I32,
  Op.SHR_U32,
  Op.SHR_I64,
  Op.SHR_U64,
  Op.LT,
  Op.LE,
  Op.GT,
  Op.GE,
  Op.EQ,
  Op.NE
])

const STORE_INTO_LOCAL = new Set<number>([Op.STL_32, Op.STL_64, Op.STL_PTR, Op.STL])

/** Bytes gcc -O0 needs to move a register parameter into its slot, by the slot's store op. */
function parameterSpillBytes(store: number, offset: number, index: number): number {
  const wide = offset < -128 ? 3 : 0
  switch (store) {
    case Op.ST_32:
      return 3 + wide + (index >= 4 ? 1 : 0)
    case Op.ST_64:
    case Op.ST_PTR:
      return 4 + wide
    case Op.ST_F64:
    case Op.ST_F32:
      return 5 + wide
    case Op.ST_8:
      return 5 + wide + (index >= 4 ? 1 : 0)
    case Op.ST_16:
      return 6 + wide + (index >= 4 ? 1 : 0)
    default:
      // A struct in one or two registers: a `mov` per eightbyte.
      return 8 + wide
  }
}

/** Where each function's and each instruction's machine code starts. */
export interface MachineCodeLayout {
  /** Byte offset of every instruction from the first function's start (length code.length + 1). */
  instructionOffsets: Float64Array
  /** Byte offset of each function's first byte, by function index. */
  functionOffsets: number[]
  /** Bytes of all functions together. */
  size: number
}

/**
 * Lays the program's functions out one after the other, as gcc -O0 emits them (no alignment
 * padding between functions at -O0), each as long as its estimated machine code.
 */
export function layOutMachineCode(program: CompiledProgram): MachineCodeLayout {
  const code = program.code
  const addressAt = new Set<number>()
  for (const r of program.relocations) if (r.in === 'code') addressAt.add(r.at)
  const instructionOffsets = new Float64Array(code.length + 1)
  const functionOffsets: number[] = []
  let offset = 0
  for (const f of program.functions) {
    const start = offset
    functionOffsets[f.index] = start
    let calls = false
    for (let pc = f.entry; pc < f.end; pc += 1 + operandCount(code[pc])) {
      const op = code[pc]
      if (op === Op.CALL || op === Op.CALLI || op === Op.BUILTIN) calls = true
    }
    // push %rbp; mov %rsp,%rbp … leave (or pop %rbp); ret
    let bytes = 4 + 2
    const saved = f.info.savedRegisters?.length ?? 0
    bytes += Math.round(saved * SAVED_REGISTER_PRICE)
    // A leaf's `sub` covers only what its red zone cannot hold (most leaves have none).
    const sub = f.frameSize - 8 * saved - (calls ? 0 : Math.min(f.frameSize, 120))
    if (sub > 0) bytes += sub < 128 ? 4 : 7
    f.params.forEach((p, i) => {
      if (p.offset < 0) bytes += parameterSpillBytes(p.store, p.offset, i)
    })
    // The function's length is the fitted estimate. Where each instruction starts within it
    // comes from a closer reading of gcc's instruction choices (translationBytes), which gets
    // straight-line code right to the byte (so a return address's low bits, which glibc reads
    // when a stack array is freed, are the real ones), squeezed into the fitted length.
    const instructions: number[] = []
    for (let pc = f.entry; pc < f.end; pc += 1 + operandCount(code[pc])) instructions.push(pc)
    let fitted = 0
    let translated = 0
    const translatedAt = new Float64Array(instructions.length)
    instructions.forEach((pc, i) => {
      translatedAt[i] = translated
      fitted += instructionPrice(
        program,
        pc,
        i > 0 ? code[instructions[i - 1]] : -1,
        i + 1 < instructions.length ? code[instructions[i + 1]] : -1,
        addressAt
      )
      translated += translationBytes(program, instructions, i, addressAt)
    })
    const body = Math.max(Math.round(bytes + fitted) - bytes, instructions.length > 0 ? 1 : 0)
    // Where the translation runs longer than the fitted length, instructions near the end are
    // pushed together: each one that makes code keeps at least a byte.
    let making = 0
    for (let i = instructions.length - 1; i >= 0; i--) {
      const pc = instructions[i]
      const own = (i + 1 < instructions.length ? translatedAt[i + 1] : translated) - translatedAt[i]
      if (own > 0) making++
      instructionOffsets[pc] =
        i === 0 ? start : start + bytes - 2 + Math.max(0, Math.min(translatedAt[i], body - making))
    }
    offset = start + bytes + body
    instructionOffsets.fill(offset, f.end, f.end + 1)
  }
  instructionOffsets[code.length] = offset
  return { instructionOffsets, functionOffsets, size: offset }
}

function instructionPrice(
  program: CompiledProgram,
  pc: number,
  previousOp: number,
  nextOp: number,
  addressAt: ReadonlySet<number>
): number {
  const code = program.code
  const op = code[pc]
  const local = LOCAL_PRICE[op]
  if (local) return code[pc + 1] >= -128 && code[pc + 1] < 128 ? local[0] : local[1]
  const division = DIVISION_PRICE[op]
  if (division) return previousOp === Op.PUSH ? division[0] : division[1]
  switch (op) {
    case Op.PUSH: {
      if (addressAt.has(pc + 1)) return ADDRESS_PRICE
      if (STORE_INTO_LOCAL.has(nextOp)) return CONSTANT_STORE_PRICE
      const value = code[pc + 1]
      const wide = !(value >= -128 && value < 128)
      return wide && BINARY_OPERATORS.has(nextOp) ? WIDE_IMMEDIATE_PRICE : 0
    }
    case Op.CALL:
      return (PRICE[op] ?? 0) + ARGUMENT_PRICE * code[pc + 2]
    case Op.CALLI:
      return (PRICE[op] ?? 0) + ARGUMENT_PRICE * code[pc + 1]
    case Op.BUILTIN: {
      const name = BUILTIN_NAMES[code[pc + 1]]
      // va_arg's class is the constant pushed right before: 1 for a double.
      if (name === '__builtin_va_arg_slot' && code[pc - 2] === Op.PUSH && code[pc - 1] === 1)
        return DOUBLE_VA_ARG_BYTES
      if (name in INLINE_BUILTIN_BYTES) return INLINE_BUILTIN_BYTES[name]
      const variadic = VARIADIC_LIBRARY.has(name)
      return (PRICE[op] ?? 0) + ARGUMENT_PRICE * code[pc + 2] + (variadic ? VARIADIC_CALL_PRICE : 0)
    }
    case Op.VARARGS:
      // The variable arguments' moves or pushes, and `mov $n, %eax`.
      return (
        ARGUMENT_PRICE * (program.consts[code[pc + 1]] as VariadicCall).kinds.length +
        VARIADIC_CALL_PRICE
      )
    case Op.VARARGS_END:
      return 4
    case Op.VA_SAVE:
      return registerSaveBytes(code[pc + 1], code[pc + 2], code[pc + 3])
    default:
      return PRICE[op] ?? 0
  }
}

const CONDITIONS = new Set<number>([Op.LT, Op.LE, Op.GT, Op.GE, Op.EQ, Op.NE])
const LOADS_FROM_ADDRESS = new Set<number>([
  Op.LD_I8,
  Op.LD_U8,
  Op.LD_I16,
  Op.LD_U16,
  Op.LD_I32,
  Op.LD_U32,
  Op.LD_I64,
  Op.LD_U64,
  Op.LD_F64,
  Op.LD_F32,
  Op.LD_PTR
])
const WIDE_LOADS = new Set<number>([Op.LD_I64, Op.LD_U64, Op.LD_PTR])

/** x86-64 bytes of gcc -O0's usual instruction for each stack-machine instruction. */
const TRANSLATION: Partial<Record<number, number>> = {
  [Op.LDL_I32]: 3,
  [Op.LDL_U32]: 3,
  [Op.LDL_I64]: 4,
  [Op.LDL_PTR]: 4,
  [Op.LDL_F64]: 5,
  [Op.STL_32]: 3,
  [Op.STL_64]: 4,
  [Op.STL_PTR]: 4,
  [Op.STL]: 4,
  [Op.LOCAL]: 4,
  [Op.LD_I32]: 2,
  [Op.LD_U32]: 2,
  [Op.LD_I64]: 3,
  [Op.LD_U64]: 3,
  [Op.LD_PTR]: 3,
  [Op.LD_I8]: 3,
  [Op.LD_U8]: 3,
  [Op.LD_I16]: 3,
  [Op.LD_U16]: 3,
  [Op.LD_F64]: 4,
  [Op.LD_F32]: 4,
  [Op.ST_32]: 5,
  [Op.ST_64]: 6,
  [Op.ST_PTR]: 6,
  [Op.ST_8]: 5,
  [Op.ST_16]: 6,
  [Op.ST_F64]: 6,
  [Op.ST_F32]: 6,
  [Op.ADD_I32]: 2,
  [Op.ADD_U32]: 2,
  [Op.SUB_I32]: 2,
  [Op.SUB_U32]: 2,
  [Op.ADD_I64]: 3,
  [Op.ADD_U64]: 3,
  [Op.SUB_I64]: 3,
  [Op.SUB_U64]: 3,
  [Op.MUL_I32]: 3,
  [Op.MUL_U32]: 3,
  [Op.MUL_I64]: 4,
  [Op.MUL_U64]: 4,
  [Op.AND_I32]: 2,
  [Op.OR_I32]: 2,
  [Op.XOR_I32]: 2,
  [Op.AND_U32]: 2,
  [Op.OR_U32]: 2,
  [Op.XOR_U32]: 2,
  [Op.AND_64]: 3,
  [Op.OR_64]: 3,
  [Op.XOR_64]: 3,
  [Op.SHL_I32]: 4,
  [Op.SHR_I32]: 4,
  [Op.SHL_U32]: 4,
  [Op.SHR_U32]: 4,
  [Op.SHL_I64]: 5,
  [Op.SHR_I64]: 5,
  [Op.SHL_U64]: 5,
  [Op.SHR_U64]: 5,
  [Op.DIV_I32]: 5,
  [Op.MOD_I32]: 7,
  [Op.DIV_U32]: 7,
  [Op.MOD_U32]: 9,
  [Op.DIV_I64]: 6,
  [Op.MOD_I64]: 8,
  [Op.DIV_U64]: 8,
  [Op.MOD_U64]: 10,
  [Op.ADD_F64]: 4,
  [Op.SUB_F64]: 4,
  [Op.MUL_F64]: 4,
  [Op.DIV_F64]: 4,
  [Op.NEG]: 2,
  [Op.BITNOT]: 2,
  [Op.LNOT]: 9,
  [Op.TOBOOL]: 9,
  [Op.PTR_ADD]: 10,
  [Op.PTR_SUB]: 7,
  [Op.CVT]: 3,
  [Op.TRUNC]: 3,
  [Op.INCDEC]: 4,
  [Op.JZ]: 2,
  [Op.JNZ]: 2,
  [Op.SWITCH]: 20,
  [Op.CALL]: 5,
  [Op.CALLI]: 8,
  [Op.BUILTIN]: 5,
  [Op.RET_STRUCT]: 10,
  [Op.COPY]: 20,
  [Op.PUSHK]: 10
}

/** Bytes of a local's displacement beyond the one-byte form. */
function displacement(offset: number): number {
  return offset >= -128 && offset < 128 ? 0 : 3
}

/** Whether only the function's epilogue (`PUSH 0`, `STMT`, `RET`) follows instruction i. */
function onlyEpilogueAfter(code: ArrayLike<number>, instructions: number[], i: number): boolean {
  const rest = instructions.slice(i + 1).map((pc) => code[pc])
  return (
    (rest.length === 2 && rest[0] === Op.STMT && rest[1] === Op.RET) ||
    (rest.length === 3 && rest[0] === Op.PUSH && rest[1] === Op.STMT && rest[2] === Op.RET)
  )
}

/**
 * The bytes of the instructions gcc -O0 writes for instruction i: a local's load or store is one
 * `mov` with a %rbp displacement, a constant stored into a local one `movl $c`, a global's load
 * one %rip-relative `mov`, an address one `lea`, a call 5 bytes plus a register move per
 * argument (and `mov $0, %eax` before a variadic one), a comparison a `cmp` and a jump, a
 * `return` at the end no jump.
 */
function translationBytes(
  program: CompiledProgram,
  instructions: number[],
  i: number,
  addressAt: ReadonlySet<number>
): number {
  const code = program.code
  const pc = instructions[i]
  const op = code[pc]
  const nextOp = i + 1 < instructions.length ? code[instructions[i + 1]] : -1
  const previousPc = i > 0 ? instructions[i - 1] : -1
  const previousOp = previousPc >= 0 ? code[previousPc] : -1
  let bytes = TRANSLATION[op] ?? 0
  if (LOCAL_PRICE[op]) bytes += displacement(code[pc + 1])
  if (CONDITIONS.has(op)) bytes = nextOp === Op.JZ || nextOp === Op.JNZ ? 2 : 8
  if ((op === Op.JZ || op === Op.JNZ) && !CONDITIONS.has(previousOp)) bytes += 4
  switch (op) {
    case Op.PUSH: {
      const value = code[pc + 1]
      if (addressAt.has(pc + 1)) return LOADS_FROM_ADDRESS.has(nextOp) ? 6 : 7
      if (STORE_INTO_LOCAL.has(nextOp)) return 4
      // The value of a `return`, loaded into %eax.
      if (nextOp === Op.JMP) return 5
      if (previousOp === Op.JMP && onlyEpilogueAfter(code, instructions, i)) return 0
      return value >= -128 && value < 128 ? 1 : 4
    }
    case Op.LOCAL:
      return LOADS_FROM_ADDRESS.has(nextOp) ? 0 : bytes
    case Op.JMP:
      return onlyEpilogueAfter(code, instructions, i) ? 0 : 2
    case Op.CALL:
      return bytes + 3 * code[pc + 2]
    case Op.CALLI:
      return bytes + 3 * code[pc + 1]
    case Op.BUILTIN: {
      const name = BUILTIN_NAMES[code[pc + 1]]
      if (name in INLINE_BUILTIN_BYTES) return INLINE_BUILTIN_BYTES[name]
      return bytes + 3 * code[pc + 2] + (VARIADIC_LIBRARY.has(name) ? 5 : 0)
    }
    case Op.VARARGS:
      return 3 * (program.consts[code[pc + 1]] as VariadicCall).kinds.length + 5
    case Op.VARARGS_END:
      return 4
    case Op.VA_SAVE:
      return registerSaveBytes(code[pc + 1], code[pc + 2], code[pc + 3])
    case Op.ZERO_LOCAL: {
      // Not zeroed first when the initializer's constants cover the whole object.
      let covered = 0
      for (let k = i + 1; k + 1 < instructions.length; k += 2) {
        const store = code[instructions[k + 1]]
        if (code[instructions[k]] !== Op.PUSH || !STORE_INTO_LOCAL.has(store)) break
        covered += store === Op.STL_32 ? 4 : store === Op.STL ? 1 : 8
      }
      return covered >= code[pc + 2] ? 0 : 10
    }
    default:
      break
  }
  if (LOADS_FROM_ADDRESS.has(op)) {
    if (previousOp === Op.PUSH && addressAt.has(previousPc + 1)) return 0
    if (previousOp === Op.LOCAL)
      return (
        (op === Op.LD_F64 || op === Op.LD_F32 ? 5 : WIDE_LOADS.has(op) ? 4 : 3) +
        displacement(code[previousPc + 1])
      )
  }
  return bytes
}
