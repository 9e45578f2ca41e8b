/**
 * The interpreter: runs compiled C on the simulated machine.
 *
 * Every C object lives in simulated memory and every load and store goes through the machine's
 * checked `access`. A call pushes a real x86-64 frame (return address, saved %rbp, locals)
 * onto the simulated stack, and the frame chain lives only there: the interpreter never
 * recurses in JavaScript, so a 200,000-deep recursion overflows the simulated 8 MiB stack and
 * nothing else. Because frames are in memory, a buffer overflow that overwrites a return
 * address makes the `return` jump to garbage, as on a real machine.
 */
import {
  HeapTag,
  Machine,
  MemoryLimitExceeded,
  ProcessAbort,
  SIMULATED_PAGE_BYTES,
  ProcessFault,
  findLeaks,
  formatAddress,
  type AccessKind,
  type AllocatorOptions,
  type Fault,
  type LeakReport,
  type LeakRoots,
  type Reason
} from '../sim'
import type { ExitInfo, StdioBufferCall } from '../state'
import {
  BOOL_INCDEC,
  BUILTIN_NAMES,
  type CompiledFunction,
  type CompiledProgram,
  type Section,
  type SwitchTable
} from './codegen'
import * as Int64 from './int64'
import type { CType } from './types'
import type { Value } from './int64'
import {
  IMMEDIATE_I32,
  K as KINDS,
  Op as OPCODES,
  type BitFieldAccess,
  type VaStart,
  type VariadicCall
} from './opcodes'

// Plain local copies: imported bindings may be getters, too slow for the inner loop.
const Op = { ...OPCODES }
const K = { ...KINDS }
const I = { ...Int64 }
import { layOutMachineCode, type MachineCodeLayout } from './machine-code'
import { decimalToFloat32, float32Bits, float32FromBits } from './float32'
import { decimalPrefix, scan, type ScanSource } from './scanf'
import { formatPrintf, type PrintfArguments } from './printf'
import { LIBRARY_STACK_BOUND, libraryStackBytes, usesLibraryStack } from './library-stack'
import {
  LIBC_RETURN_ADDRESS,
  PARENT_PROCESS_ID,
  PROCESS_ID,
  PROGRAM_SHORT_NAME,
  layOutProcessStart,
  type ProcessStart
} from './process-start'
import { BUILTINS, STDERR_FILE, STDIN_FILE, STDOUT_FILE } from './builtins'
import {
  BSEARCH_FRAME_BYTES,
  MERGE_FRAME_BYTES,
  QSORT_FRAME_BYTES,
  answerComparison,
  copyCallbackState,
  nextComparison,
  startSearch,
  startSort,
  type CallbackMemory,
  type CallbackState
} from './library-callbacks'
import {
  CHARACTER_CLASSES,
  MATH_FUNCTIONS,
  frexp,
  isNegative,
  errorMessage,
  parseDouble,
  parseInteger
} from './library-functions'
import {
  BUFSIZ,
  FULLY_BUFFERED,
  LINE_BUFFERED,
  LINE_BUFFERED_PIPE,
  PIPE,
  StdoutStream,
  UNBUFFERED,
  TERMINAL,
  type StdoutBuffering,
  type StdoutSnapshot
} from './stdio'

/**
 * What the program's standard output is connected to, which decides how glibc buffers it
 * (stdio.ts): a `terminal` (line-buffered, a 1024-byte buffer malloc'd on the first output),
 * a `pipe` or file (fully buffered, 4096 bytes), a `line-buffered-pipe` (a pipe under
 * `stdbuf -oL`), or `unbuffered`: every byte written at once and no buffer allocated, the
 * textbook picture the `classroom` layout keeps.
 */
export type StdoutDevice = 'terminal' | 'pipe' | 'line-buffered-pipe' | 'unbuffered'

/** The largest integer a double holds exactly (2^53 − 1): pointers beyond it are BigInts. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER

const STDOUT_BUFFERING: Record<Exclude<StdoutDevice, 'unbuffered'>, StdoutBuffering> = {
  terminal: TERMINAL,
  pipe: PIPE,
  'line-buffered-pipe': LINE_BUFFERED_PIPE
}

/**
 * The stdout a run gets when it names none: on `linux-x86_64` a terminal, as the app's output
 * pane is one, so the heap holds glibc's 1 KiB stdout buffer after the first output, as on the
 * learner's own machine; on `classroom` (and any other layout) unbuffered output that allocates
 * nothing, so the small teaching heap holds only the program's own blocks.
 */
export function defaultStdout(layout: string): StdoutDevice {
  return layout === 'linux-x86_64' ? 'terminal' : 'unbuffered'
}

/** How to run a program. */
export interface RunOptions {
  /** `linux-x86_64` (default) or `classroom`. */
  layout?: string
  /**
   * Allocator name (see the simulator's registry). Default: the one a real process on the
   * layout has — `glibc` on `linux-x86_64`, `first-fit` on `classroom` (`defaultAllocator`).
   */
  allocator?: string
  allocatorOptions?: AllocatorOptions
  /** glibc tunables as `GLIBC_TUNABLES` spells them, e.g. `glibc.malloc.tcache_count=0`. */
  tunables?: string
  /**
   * The program's arguments, argv[1] onwards (argv[0] is `./prog`); they and the stack Linux
   * builds from them sit above main's frame (process-start.ts).
   */
  args?: readonly string[]
  /** Environment strings, `NAME=value` (default none, as `env -i` runs a program). */
  environment?: readonly string[]
  /** Stack size limit in bytes (default: the profile's, 8 MiB on linux-x86_64). */
  stackLimit?: number
  /** Statements executed before the run is stopped (default 10,000,000). */
  stepBudget?: number
  /**
   * Most bytes of simulated memory the program may have touched (pages written, 512 bytes
   * each; default no limit): a write needing more ends the run there with SIGKILL, as the
   * kernel's OOM killer would end it, before the simulator's own process runs out of memory.
   */
  memoryLimit?: number
  /** Bytes `getchar` reads. */
  stdin?: string
  /** What standard output is connected to (default: `defaultStdout(layout)`). */
  stdout?: StdoutDevice
  /**
   * What standard input is: glibc mallocs its buffer at the first read, 1024 bytes for a
   * `terminal` (which hands over a line per read), 4096 for a `pipe` or a file; `unbuffered`
   * allocates nothing. Default: a terminal when stdout is one, `unbuffered` when stdout is,
   * else a pipe.
   */
  stdinDevice?: 'terminal' | 'pipe' | 'unbuffered'
  /** File name used in messages (assert, diagnostics). */
  file?: string
  /** Steps between time-travel snapshots (default 4096). */
  snapshotInterval?: number
  /** Time-travel snapshots kept at most (default 512); beyond it they are thinned out. */
  snapshotLimit?: number
  /**
   * Bytes of copied memory pages the time-travel snapshots may pin (default 256 MiB); beyond it
   * they are thinned out like beyond `snapshotLimit`.
   */
  snapshotBytes?: number
  /** Report reads of never-written heap bytes. */
  reportUninitializedReads?: boolean
}

/**
 * The allocator a run gets when it names none: on `linux-x86_64` glibc's malloc, so that
 * addresses and heap growth are what the learner's own Linux machine shows (the first
 * `malloc(16)` returns 0x5555555592a0 there); on the small `classroom` space (and any other)
 * the textbook first-fit free list.
 */
export function defaultAllocator(layout: string): string {
  return layout === 'linux-x86_64' ? 'glibc' : 'first-fit'
}

/** Ends the run: a fault, a signal, exit() or the step budget. */
class Stop {
  constructor(readonly exit: ExitInfo) {}
}

/** Standard output kept per run; the rest is dropped with a note. */
const OUTPUT_LIMIT = 1 << 20

const SIGNAL_NUMBERS: Record<string, number> = {
  SIGSEGV: 11,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGABRT: 6,
  SIGKILL: 9
}

/**
 * Whether an x86-64 address is canonical: bits 47 to 63 all equal (user space below
 * 0x800000000000, the kernel's from 0xffff800000000000). Any other address faults with a
 * general-protection fault (SIGSEGV, si_code SI_KERNEL), or a stack-segment fault (SIGBUS)
 * when %rsp or %rbp is the base register.
 */
function isCanonical(address: Value): boolean {
  const a = BigInt.asUintN(64, BigInt(address))
  return a < 0x800000000000n || a >= 0xffff800000000000n
}

/**
 * The return register. gcc -O0 returns a value in %rax (%eax for an int); a function that ends
 * without `return value` (falling off its closing brace) simply leaves whatever %rax holds, and
 * its caller reads that. The interpreter keeps a model of %rax: the value of the last call that
 * returned an integer or a pointer — a function of the program or a library function, so
 * `int f(void) { printf("abc\n"); }` returns 4, printf's count, as on the real machine. Not
 * modelled: arithmetic gcc happens to do in %eax after the last call (`s += i` leaves i there),
 * and what the C library's start-up leaves before the first call (0 here; garbage on Linux).
 *
 * PUSH_RAX is the interpreter's own instruction, not the compiler's: at link time the `PUSH 0`
 * codegen places before a non-void function's closing brace (reached only by falling off the
 * end) becomes PUSH_RAX with the conversion of the function's return type (the caller reads
 * %al, %ax, %eax or %rax and extends it).
 */
const PUSH_RAX = 131
const RAX = {
  none: 0,
  i8: 1,
  u8: 2,
  i16: 3,
  u16: 4,
  i32: 5,
  u32: 6,
  i64: 7,
  u64: 8,
  ptr: 9
} as const

/** How a function returning `type` reads %rax (RAX.none: not through %rax — void, double, struct). */
function raxConversion(type: CType): number {
  if (type.kind === 'pointer') return RAX.ptr
  if (type.kind !== 'int') return RAX.none
  switch (type.size) {
    case 1:
      return type.signed ? RAX.i8 : RAX.u8
    case 2:
      return type.signed ? RAX.i16 : RAX.u16
    case 4:
      return type.signed ? RAX.i32 : RAX.u32
    default:
      return type.signed ? RAX.i64 : RAX.u64
  }
}

/** %rax as a function returning through `conversion` hands it to its caller. */
function fromRax(rax: Value, conversion: number): Value {
  switch (conversion) {
    case RAX.i8:
      return (I.low32(rax) << 24) >> 24
    case RAX.u8:
      return I.low32(rax) & 0xff
    case RAX.i16:
      return (I.low32(rax) << 16) >> 16
    case RAX.u16:
      return I.low32(rax) & 0xffff
    case RAX.i32:
      return I.low32(rax)
    case RAX.u32:
      return I.low32u(rax)
    case RAX.i64:
      return I.asS64(rax)
    case RAX.u64:
      return I.asU64(rax)
    default:
      return I.convert(rax, K.I64, K.PTR)
  }
}

/** The exit status a shell reports: the status, or 128 + signal number. */
export function shellStatus(exit: ExitInfo | undefined): number {
  if (!exit) return 0
  if (exit.signal) return 128 + (SIGNAL_NUMBERS[exit.signal] ?? 0)
  return (exit.status ?? 0) & 0xff
}

/** Everything needed to put a process back at one step. */
export interface ProcessSnapshot {
  machine: ReturnType<Machine['snapshot']>
  pc: number
  sp: number
  stack: Value[]
  rbp: number
  rsp: number
  depth: number
  steps: number
  line: number
  output: string
  stderr: string
  stdinPos: number
  /** stdin's buffer (0 before the first read) and the end of the input it holds. */
  stdinBuffer: number
  stdinFilled: number
  /** What setvbuf made of stdin before its first read: its buffer's size, and whether a read flushes stdout. */
  stdinBufferBytes: number
  stdinFlushesStdout: boolean
  inputEnded: boolean
  rand: Int32Array
  randIndex: number
  exit: ExitInfo | null
  maxDepth: number
  minRsp: number
  gcBlocks: number[]
  reportedUninitialized: string[]
  peakHeapBytes: number
  rax: Value
  /** stdout's buffer (null when output is unbuffered). */
  stdout: StdoutSnapshot | null
  /** The C library's own state (errno, strtok's position, qsort/bsearch in progress). */
  library: LibrarySnapshot
}

export class Process {
  readonly machine: Machine
  /**
   * The linked code, as 32-bit words: V8 then reads opcodes and operands as integers (a plain
   * array holding one address beyond 2^31 would store every word as a double, and every
   * dispatch would convert it). Operands that do not fit (addresses, large constants,
   * doubles) are pushed with PUSHK from `consts`.
   */
  readonly code: Int32Array
  readonly functions: CompiledFunction[]
  readonly textStart: number
  /** Where gcc's machine code of each function and instruction would be (machine-code.ts). */
  private readonly machineCode: MachineCodeLayout
  /** Instruction by text address, for the entries of functions and the return points. */
  private readonly pcAtAddress = new Map<number, number>()
  /**
   * The instruction after each library call, by the return address its `call` leaves below
   * %rsp: a `ret` through a corrupted frame pointer may find one and go back there.
   */
  private readonly libraryReturnAt = new Map<number, number>()
  readonly sectionStart: Record<Section, number>
  readonly stackTop: number
  readonly stackBottom: number
  readonly mainRbp: number
  /** The stack above main's frame as Linux and libc's start-up leave it (process-start.ts). */
  readonly processStart: ProcessStart
  /** main's first call, when the code before it is straight-line (see `firstCallOfMain`). */
  private readonly mainFirstCall: MainFirstCall | null
  readonly file: string
  /** Statements after which the run is ended (RunOptions.stepBudget, or where `endAt` put it). */
  stepBudget: number
  /** How the run ends at `stepBudget` when `endAt` set it: said instead of the step budget. */
  private budgetEnd: { explanation: string; reason: Reason } | null = null
  /** Function index by entry pc, for calls through pointers. */
  private readonly functionAtEntry = new Map<number, number>()
  /** The stack-argument bytes of the function each instruction belongs to (popped on return). */
  private readonly stackArgBytesAt: Int32Array
  /** The function's hidden result pointer slot (%rbp offset) at each instruction; 0 when none. */
  private readonly resultPointerAt: Int32Array
  /** 1 at every pc right after a CALL: the only valid return targets. */
  private readonly returnPoint: Uint8Array
  /** 1 at every pc of a function that returns an integer or a pointer in %rax. */
  private readonly returnsInRax: Uint8Array
  /**
   * 1 for each function the hot loop calls itself: no struct parameter copied in and no
   * struct result returned through memory.
   */
  private readonly plainCall: Uint8Array
  /** The program's constants, then the PUSH operands that are not 32-bit integers (see `code`). */
  private readonly consts: unknown[]

  // Registers and the operand stack.
  pc = 0
  sp = 0
  /**
   * The operand stack. One array for the whole run (restore copies into it). It starts as an
   * array of doubles, which V8 stores unboxed: addresses on linux-x86_64 (0x5555…, 0x7fff…)
   * are beyond the small-integer range, and an array of any value would box every one pushed
   * in a heap object. The first 64-bit value beyond 2^53 (a BigInt) turns it into an array of
   * any value, once per process.
   */
  readonly stack: Value[] = newOperandStack()
  rbp = 0
  rsp = 0
  /** The return register: the last integer or pointer a call returned (see PUSH_RAX). */
  rax: Value = 0
  depth = 0
  /** Statements executed (STMT instructions passed). */
  steps = 0
  /** Line of the statement executing (or about to). */
  line = 0
  /** Standard output as bytes, one character per byte: what reached the terminal or pipe. */
  output = ''
  /**
   * stdout's `FILE` as glibc buffers it; null for unbuffered output (RunOptions.stdout). Text
   * waiting in its buffer is not in `output` yet.
   */
  readonly stdoutStream: StdoutStream | null
  /** Whether stdout is a terminal (line-buffered: printf flushes each line from deeper down). */
  private readonly stdoutTerminal: boolean
  exit: ExitInfo | null = null
  maxDepth = 0
  minRsp = 0
  private stdin: string
  private stdinPos = 0
  /** Bytes of stdin's buffer (0: none), its address once malloc'd, and how far it was filled. */
  private stdinBufferBytes: number
  private readonly stdinTerminal: boolean
  /**
   * A read that refills stdin flushes a line-buffered stdout first (glibc's
   * `_IO_new_file_underflow`) when stdin is line-buffered (a terminal's, or setvbuf's `_IOLBF`)
   * or unbuffered, so a prompt shows before the program waits.
   */
  private stdinFlushesStdout: boolean
  private stdinBuffer = 0
  private stdinFilled = 0
  /** A read of stdin found the end of the input (EOF), so the view can say why a read got nothing. */
  private endOfInput = false
  /**
   * glibc's random() state: 34 int32_t words, filled in place by srand (see seedRandom). An
   * Int32Array: in an array of numbers a word beyond V8's small integers made its elements
   * doubles, and the generator's `%` a call to C's fmod.
   */
  private readonly rand = new Int32Array(34)
  private randIndex = 0
  /** Payload addresses of blocks from GC_malloc, which GC_gcollect may reclaim. */
  readonly gcBlocks: number[] = []
  /**
   * Called after each heap call of the program (for timeline markers); `from` is the block a
   * realloc was given, 0 for the other calls; `stdioBuffer` names the stream whose buffer the C
   * library itself malloc'd (at the first output or read), not the program.
   */
  onHeapCall:
    | ((
        kind: 'malloc' | 'free' | 'realloc' | 'brk',
        address: number,
        from: number,
        stdioBuffer?: StdioBufferCall
      ) => void)
    | null = null

  // Pause conditions, checked at every statement boundary.
  stopAt = Infinity
  stopDepth = -1
  stopLine = -1

  constructor(
    readonly program: CompiledProgram,
    options: RunOptions = {}
  ) {
    const layoutName = options.layout ?? 'linux-x86_64'
    const allocatorOptions: AllocatorOptions = { ...(options.allocatorOptions ?? {}) }
    this.machineCode = layOutMachineCode(program)
    if (options.tunables) (allocatorOptions as Record<string, unknown>).tunables = options.tunables
    this.machine = new Machine({
      layout: layoutName,
      layoutOverrides: options.stackLimit ? { stackLimit: options.stackLimit } : {},
      sections: { ...program.sizes, ...program.sectionHints, text: this.machineCode.size },
      allocator: options.allocator ?? defaultAllocator(layoutName),
      allocatorOptions,
      reportUninitializedReads: options.reportUninitializedReads ?? false
    })
    this.file = options.file ?? 'program.c'
    this.stepBudget = options.stepBudget ?? 10_000_000
    if (options.memoryLimit !== undefined)
      this.machine.memory.pageLimit = Math.floor(options.memoryLimit / SIMULATED_PAGE_BYTES)
    this.checkUninitialized = options.reportUninitializedReads ?? false
    this.stdin = options.stdin ?? ''
    const device = options.stdout ?? defaultStdout(layoutName)
    const input =
      options.stdinDevice ??
      (device === 'terminal' ? 'terminal' : device === 'unbuffered' ? 'unbuffered' : 'pipe')
    this.stdinTerminal = input === 'terminal'
    this.stdinBufferBytes = input === 'terminal' ? 1024 : input === 'pipe' ? 4096 : 0
    this.stdinFlushesStdout = this.stdinTerminal
    this.stdoutTerminal = device === 'terminal'
    this.stdoutStream =
      device === 'unbuffered'
        ? null
        : new StdoutStream(
            STDOUT_BUFFERING[device],
            (bytes) =>
              this.allocateStdioBuffer(bytes, this.inSetvbuf ? 'stdout-setvbuf' : 'stdout'),
            (offset, bytes) => this.storeInStdoutBuffer(offset, bytes)
          )
    const layout = this.machine.layout
    this.sectionStart = {
      text: layout.sections.text.start,
      rodata: layout.sections.rodata.start,
      data: layout.sections.data.start,
      bss: layout.sections.bss.start
    }
    this.textStart = this.sectionStart.text
    this.functions = program.functions
    this.consts = program.consts.slice()
    this.code = this.link()
    this.returnPoint = new Uint8Array(this.code.length + 1)
    for (let pc = 0; pc < this.code.length;) {
      const op = this.code[pc]
      const n = operandCount(op)
      if (op === Op.CALL || op === Op.CALLI) {
        this.returnPoint[pc + 1 + n] = 1
        this.pcAtAddress.set(this.textAddress(pc + 1 + n), pc + 1 + n)
      } else if (op === Op.BUILTIN && CALLED_BUILTIN[this.code[pc + 1]] === 1) {
        this.libraryReturnAt.set(this.textAddress(pc + 1 + n), pc + 1 + n)
      }
      pc += 1 + n
    }
    this.stackArgBytesAt = new Int32Array(this.code.length)
    this.resultPointerAt = new Int32Array(this.code.length)
    this.returnsInRax = new Uint8Array(this.code.length)
    this.plainCall = Uint8Array.from(this.functions, (f) =>
      f.resultPointerOffset === 0 && f.params.every((p) => p.store !== Op.COPY) ? 1 : 0
    )
    for (const f of this.functions) {
      this.functionAtEntry.set(f.entry, f.index)
      this.pcAtAddress.set(this.textAddress(f.entry), f.entry)
      this.stackArgBytesAt.fill(f.stackArgBytes, f.entry, f.end)
      this.resultPointerAt.fill(f.resultPointerOffset, f.entry, f.end)
      if (raxConversion(f.info.type.returns) !== RAX.none) this.returnsInRax.fill(1, f.entry, f.end)
    }
    this.stackTop = layout.stackTop
    this.stackBottom = layout.stackBottom
    const main = this.functions[program.main]
    this.processStart = layOutProcessStart({
      layout: layout.profile.name,
      stackTop: this.stackTop,
      args: options.args ?? [],
      environment: options.environment,
      imageBase: layout.profile.imageBase,
      textStart: this.textStart,
      mainAddress: this.textAddress(main.entry),
      dataStart: layout.sections.data.start
    })
    this.mainRbp = this.processStart.mainFramePointer
    this.mainFirstCall = firstCallOfMain(program.code, main, this.consts)
    this.loadImage()
    this.seedRandom(1)
    this.startMain()
  }

  /**
   * Copies the code with every section-relative address made absolute, as 32-bit words: a PUSH
   * of a value that is not a 32-bit integer becomes a PUSHK of a constant of this process.
   */
  private link(): Int32Array {
    const code = this.program.code.slice()
    for (const r of this.program.relocations) {
      if (r.in !== 'code') continue
      code[r.at] = this.resolve(r.section, r.offset)
    }
    // Falling off the end of a non-void function returns %rax (see PUSH_RAX); main returns 0
    // there, as C99 says and gcc does.
    for (const f of this.functions) {
      const conversion = raxConversion(f.info.type.returns)
      const at = f.end - 6
      if (conversion === RAX.none || f.index === this.program.main || at < f.entry) continue
      if (
        code[at] === Op.PUSH &&
        code[at + 1] === 0 &&
        code[at + 2] === Op.STMT &&
        code[at + 4] === Op.RET &&
        code[at + 5] === 1
      ) {
        code[at] = PUSH_RAX
        code[at + 1] = conversion
      }
    }
    const words = new Int32Array(code.length)
    for (let pc = 0; pc < code.length; pc += 1 + operandCount(code[pc])) {
      const op = code[pc]
      const value = code[pc + 1]
      if (op === Op.PUSH && !Object.is(value, value | 0)) {
        words[pc] = Op.PUSHK
        words[pc + 1] = this.consts.push(value) - 1
        continue
      }
      words[pc] = op
      for (let k = 1; k <= operandCount(op); k++) {
        if (code[pc + k] !== (code[pc + k] | 0))
          throw new Error(
            `internal: operand ${code[pc + k]} of opcode ${op} at ${pc} is not a 32-bit integer`
          )
        words[pc + k] = code[pc + k]
      }
    }
    return words
  }

  /** An address: functions are encoded as text offset −1 − index. */
  private resolve(section: Section, offset: number): number {
    if (section === 'text' && offset < 0) {
      const f = this.program.functions[-1 - offset]
      return this.textAddress(f.entry)
    }
    return this.sectionStart[section] + offset
  }

  private loadImage(): void {
    const mem = this.machine.memory
    const { rodata, data } = this.program.image
    if (rodata.length) mem.writeBytes(this.sectionStart.rodata, rodata)
    if (data.length) mem.writeBytes(this.sectionStart.data, data)
    for (const r of this.program.relocations) {
      if (r.in === 'code') continue
      mem.writePointer(this.sectionStart[r.in] + r.at, this.resolve(r.section, r.offset))
    }
    // .bss is zero-filled by the loader: defined, not garbage.
    if (this.program.sizes.bss) mem.initialize(this.sectionStart.bss, this.program.sizes.bss)
  }

  private startMain(): void {
    const main = this.functions[this.program.main]
    const mem = this.machine.memory
    const start = this.processStart
    // argv's strings and arrays, the auxiliary vector, libc's frames and what the loader left
    // below them: real bytes, so main's uninitialized locals hold what they hold on Linux.
    const from = Math.max(start.low, this.stackBottom)
    mem.writeBytes(from, start.bytes.subarray(from - start.low))
    this.rbp = this.mainRbp
    mem.writePointer(this.rbp + 8, LIBC_RETURN_ADDRESS)
    mem.writePointer(this.rbp, 1)
    mem.uninitialize(this.rbp - main.frameSize, main.frameSize)
    // A leaf main keeps its locals in the red zone, below %rsp.
    this.rsp = this.rbp - main.frameSize + main.redZone
    // main(int argc, char *argv[], char *envp[]): the prologue spills them into the frame.
    const values = [start.argc, start.argv, start.envp]
    main.params.forEach((p, i) => {
      if (p.store === 32) mem.write32(this.rbp + p.offset, values[i])
      else mem.writePointer(this.rbp + p.offset, values[i])
    })
    this.minRsp = this.rbp - main.frameSize
    this.pc = main.entry
    this.depth = 0
  }

  /**
   * Code addresses: each function's code is as long as gcc -O0's machine code for it
   * (machine-code.ts), and its instructions are spread over it, so `&f` and a frame's return
   * address are where they would be in the real binary (near it, for all but the first
   * function). A return address is the address of the instruction after the call.
   */
  textAddress(pc: number): number {
    return this.textStart + this.machineCode.instructionOffsets[pc]
  }

  returnAddress(pc: number): number {
    return this.textStart + this.machineCode.instructionOffsets[pc]
  }

  /** The first instruction of the function at a text address (−1 when none starts there). */
  pcOf(address: number): number {
    if (typeof address !== 'number') return -1
    const pc = this.pcAtAddress.get(address)
    return pc !== undefined && this.functionAtEntry.has(pc) ? pc : -1
  }

  /** The instruction a return address goes back to (−1 when it is not one). */
  pcOfReturn(address: number): number {
    if (typeof address !== 'number') return -1
    const pc = this.pcAtAddress.get(address)
    return pc !== undefined && this.returnPoint[pc] === 1 ? pc : -1
  }

  /** The function whose machine code contains a text address. */
  functionAtAddress(address: number): CompiledFunction | undefined {
    const offset = address - this.textStart
    if (!(offset >= 0 && offset < this.machineCode.size)) return undefined
    const starts = this.machineCode.functionOffsets
    let found: CompiledFunction | undefined
    for (const f of this.functions) if (starts[f.index] <= offset) found = f
    return found
  }

  /** The function whose code contains `pc`. */
  functionAt(pc: number): CompiledFunction | undefined {
    const fs = this.functions
    let lo = 0
    let hi = fs.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const f = fs[mid]
      if (pc < f.entry) hi = mid - 1
      else if (pc >= f.end) lo = mid + 1
      else return f
    }
    return undefined
  }

  /** The source line of the statement at or before `pc` in its function. */
  lineAt(pc: number): number {
    const f = this.functionAt(pc)
    if (!f) return 0
    let line = f.line
    for (let p = f.entry; p < pc && p < f.end;) {
      const op = this.code[p]
      if (op === Op.STMT) line = this.code[p + 1]
      p += 1 + operandCount(op)
    }
    return line
  }

  /**
   * Ends the run at step `steps` with `explanation`, as the step budget ends one: a session that
   * stops a program which ran too long (by the clock) ends it where it got to, and every replay
   * from a snapshot then ends at the same step with the same words.
   */
  endAt(steps: number, explanation: string, reason: Reason): void {
    this.stepBudget = steps
    this.budgetEnd = { explanation, reason }
  }

  // ---- snapshots ----------------------------------------------------------------------------

  snapshot(): ProcessSnapshot {
    return {
      machine: this.machine.snapshot(),
      pc: this.pc,
      sp: this.sp,
      stack: this.stack.slice(0, this.sp),
      rbp: this.rbp,
      rsp: this.rsp,
      depth: this.depth,
      steps: this.steps,
      line: this.line,
      output: this.output,
      stderr: this.stderr,
      stdinPos: this.stdinPos,
      stdinBuffer: this.stdinBuffer,
      stdinFilled: this.stdinFilled,
      stdinBufferBytes: this.stdinBufferBytes,
      stdinFlushesStdout: this.stdinFlushesStdout,
      inputEnded: this.endOfInput,
      rand: this.rand.slice(),
      randIndex: this.randIndex,
      exit: this.exit,
      maxDepth: this.maxDepth,
      minRsp: this.minRsp,
      gcBlocks: this.gcBlocks.slice(),
      reportedUninitialized: [...this.reportedUninitialized],
      peakHeapBytes: this.peakHeapBytes,
      rax: this.rax,
      stdout: this.stdoutStream ? this.stdoutStream.snapshot() : null,
      library: {
        exitHandlers: this.exitHandlers.slice(),
        errno: this.errnoValue,
        errnoMapped: this.errnoMapped,
        strtok: this.strtokNext,
        slept: this.slept,
        stderrMarks: this.stderrMarks.slice(),
        callbacks: this.callbacks.map(copyCallbackState)
      }
    }
  }

  restore(s: ProcessSnapshot): void {
    this.machine.restore(s.machine)
    this.epoch++
    this.pc = s.pc
    this.sp = s.sp
    // Copied into the same arrays and set, never replaced: the optimized run loop is
    // specialized to these objects' shapes, and swapping them would deoptimize it on every jump.
    const stack = this.stack
    for (let i = 0; i < s.stack.length; i++) stack[i] = s.stack[i]
    this.rbp = s.rbp
    this.rsp = s.rsp
    this.depth = s.depth
    this.steps = s.steps
    this.line = s.line
    this.output = s.output
    this.stderr = s.stderr
    this.stdinPos = s.stdinPos
    this.stdinBuffer = s.stdinBuffer
    this.stdinFilled = s.stdinFilled
    this.stdinBufferBytes = s.stdinBufferBytes
    this.stdinFlushesStdout = s.stdinFlushesStdout
    this.endOfInput = s.inputEnded
    for (let i = 0; i < s.rand.length; i++) this.rand[i] = s.rand[i]
    this.randIndex = s.randIndex
    this.exit = s.exit
    this.maxDepth = s.maxDepth
    this.minRsp = s.minRsp
    this.gcBlocks.length = 0
    this.gcBlocks.push(...s.gcBlocks)
    this.reportedUninitialized.clear()
    for (const key of s.reportedUninitialized) this.reportedUninitialized.add(key)
    this.peakHeapBytes = s.peakHeapBytes
    this.rax = s.rax
    if (this.stdoutStream && s.stdout) this.stdoutStream.restore(s.stdout)
    this.exitHandlers = s.library.exitHandlers.slice()
    this.errnoValue = s.library.errno
    this.errnoMapped = s.library.errnoMapped
    this.strtokNext = s.library.strtok
    this.slept = s.library.slept
    this.stderrMarks = s.library.stderrMarks.slice()
    this.callbacks = s.library.callbacks.map(copyCallbackState)
  }

  // ---- faults -------------------------------------------------------------------------------

  /**
   * An access through a pointer beyond 2^53 (`*(int *)0xdeadbeefdeadbeef`), which the
   * interpreter holds as a BigInt: far beyond user space, so a SIGSEGV, reported at the exact
   * address (the machine sees it rounded to a double).
   */
  private wildAccess(
    address: unknown,
    length: number,
    kind: AccessKind,
    what?: string,
    why?: Reason
  ): Stop {
    const f = this.machine.access(Number(address), length, kind)
    if (f === null) throw new Error('internal: an address beyond 2^53 is mapped')
    const shown = f.reason?.params?.address
    if (typeof address !== 'bigint' || typeof shown !== 'string') return this.fault(f, what, why)
    const text = '0x' + BigInt.asUintN(64, address).toString(16)
    const stop = this.fault(
      {
        ...f,
        explanation: f.explanation.replace(shown, text),
        reason: { ...f.reason!, params: { ...f.reason!.params, address: text } }
      },
      what,
      why
    )
    // A non-canonical address is a general-protection fault: no page fault, no address.
    if (!isCanonical(address)) stop.exit.code = 'SI_KERNEL'
    return stop
  }

  private fault(f: Fault, what?: string, reason?: Reason): Stop {
    const exit: ExitInfo = {
      signal: 'SIGSEGV',
      code: f.code,
      explanation: (what ? what + ' ' : '') + f.explanation,
      line: this.line
    }
    const why = reason ?? f.reason
    if (why) exit.reason = why
    return new Stop(exit)
  }

  private check(address: number, length: number, kind: AccessKind): void {
    if (typeof address !== 'number') throw this.wildAccess(address, length, kind)
    const f = this.machine.access(address, length, kind)
    if (f !== null) throw this.fault(f)
  }

  private signal(
    signal: 'SIGFPE' | 'SIGABRT' | 'SIGKILL',
    code: string | undefined,
    explanation: string,
    reason?: Reason
  ): Stop {
    const exit: ExitInfo = { signal, explanation, line: this.line }
    if (code) exit.code = code
    if (reason) exit.reason = reason
    return new Stop(exit)
  }

  /**
   * The program needed more memory than the run's limit (RunOptions.memoryLimit): ended at the
   * write that needed it, as the kernel's OOM killer would end it (or, under `ulimit -v`, its
   * malloc would return NULL first); everything up to there is kept.
   */
  private memoryLimitExit(e: MemoryLimitExceeded): ExitInfo {
    const mib = Math.round((e.pages * SIMULATED_PAGE_BYTES * 10) / 1024 / 1024) / 10
    const line = this.line
    return {
      signal: 'SIGKILL',
      explanation: `The program had written ${mib} MiB of memory by line ${line}, the most a run may use here, so it was stopped (SIGKILL) at step ${this.steps.toLocaleString('en-US')}. On a real machine it would go on until memory ran out: then the kernel's OOM killer ends it with SIGKILL, or, under a limit such as \`ulimit -v\`, malloc returns NULL. Every step up to there is kept.`,
      reason: { key: 'exit.memoryLimit', params: { mib, line, steps: this.steps } },
      line
    }
  }

  // ---- the run loop -------------------------------------------------------------------------

  /**
   * Runs until a pause condition holds at a statement boundary (`stopAt` steps, depth at most
   * `stopDepth`, or `stopLine` reached), or the program ends. Returns true when it ended.
   */
  run(): boolean {
    if (this.exit) return true
    try {
      this.loop()
    } catch (e) {
      if (e instanceof Stop) this.exit = e.exit
      // The C library touched unmapped memory itself (glibc reading the size word of a chunk
      // already unmapped): the kernel kills the process with SIGSEGV before glibc can say a word.
      else if (e instanceof ProcessFault) {
        // The fault's own sentence is about a program access there; say what the library did.
        const explanation = e.reason ? `${e.message}.` : e.fault.explanation
        this.exit = this.fault({ ...e.fault, explanation }, undefined, e.reason).exit
      } else if (e instanceof MemoryLimitExceeded) {
        this.exit = this.memoryLimitExit(e)
      } else if (e instanceof ProcessAbort) {
        this.exit = {
          signal: 'SIGABRT',
          explanation: `${e.message} — the C library detected heap corruption or misuse and aborted the program.`,
          reason: { key: 'exit.abort', params: { message: e.message } },
          line: this.line
        }
        this.writeStderr(`${e.message}\n`)
      } else throw e
    }
    if (this.exit !== null) this.endOutput(this.exit)
    return this.exit !== null
  }

  /**
   * The process has ended: exit() and the return from main flush stdout's buffer (glibc's
   * `_IO_cleanup`); a fatal signal kills the process with the buffer's bytes still in memory,
   * so they never reach the terminal (on a terminal, the unfinished last line).
   */
  private endOutput(exit: ExitInfo): void {
    const stream = this.stdoutStream
    if (!stream) return
    if (exit.signal === undefined) this.deliver(stream.flush())
    else stream.discard()
  }

  /**
   * Argument arrays of library calls by argument count, reused so that calls allocate nothing.
   * Made whole at the start, so every process's list has the same shape: one filled as calls
   * came (by index, with holes) had a shape of its own per process, and a run's first call
   * with a new count (printf at the end of a heap loop) threw away the compiled rare().
   */
  private readonly argsOfCount: Value[][] = Array.from({ length: ARGUMENT_ARRAYS }, (_, n) =>
    newArguments(n)
  )

  /** Inside setvbuf/setbuf: a malloc of stdout's buffer is setvbuf's, not the first output's. */
  private inSetvbuf = false

  /** Functions atexit registered, in order; exit calls them last first (codegen.ts). */
  private exitHandlers: number[] = []

  /** Report reads of never-written locals (RunOptions.reportUninitializedReads). */
  readonly checkUninitialized: boolean
  private readonly reportedUninitialized = new Set<string>()

  /** Text the program wrote to standard error (fprintf(stderr, …), perror, assert, glibc). */
  stderr = ''
  /**
   * Where standard error's writes fall among standard output's, for showing the two
   * interleaved as a terminal does: pairs [output.length, stderr.length] before each write.
   */
  stderrMarks: number[] = []
  /** errno (while the program has not asked where it lives: then it is in memory too). */
  private errnoValue = 0
  /** Whether errno's TLS page is mapped (the program used `errno`). */
  private errnoMapped = false
  /** Microseconds the program has slept (sleep, usleep): the clock moved on without steps. */
  private slept = 0
  /** strtok's saved position (glibc's static `olds`), 0 before the first call. */
  private strtokNext = 0
  /** qsort/bsearch calls waiting for their comparator, innermost last. */
  private callbacks: CallbackState[] = []
  /**
   * The argument registers a call of a variadic function of the program left for its prologue
   * (VARARGS to VA_SAVE, with no statement between): %rsi… and %xmm… by register number.
   */
  private pendingVarargs: { integers: Value[]; doubles: number[]; sseUsed: number } | null = null

  /**
   * The hot loop: the instructions nearly every program spends its time in, each on its fast
   * path only. Anything else — a rare instruction, a library call, a check that may fault, a
   * value beyond 2^53, a pause — leaves the switch (`break`) before it has changed anything,
   * and `rare()` executes that instruction in full.
   *
   * Why two functions: V8 compiles this one with what it has seen run. Code that has never run
   * when it is compiled (the return from main, the first printf of a recursion) makes it throw
   * the compiled code away when reached, and recompiling a loop of every instruction took
   * longer than a jump (the first jump after a run was its slowest). Here every rare path goes
   * through the one call to `rare()` below, which already ran at step 0 of the first run (the
   * pause there), so reaching a new one changes nothing in this function; and the loop is small
   * enough that V8 inlines the memory accesses into it instead of calling them with a boxed
   * address.
   */
  private loop(): void {
    const code = this.code
    const mem = this.machine.memory
    const machine = this.machine
    const stack = this.stack
    const stackBottom = this.stackBottom
    const stackTop = this.stackTop
    const allowedAddress = this.allowedAddress
    const allowedEnd = this.allowedEnd
    const allowedEpoch = this.allowedEpoch
    // Checked mode reports reads of uninitialized locals: rare() does those loads.
    const plainLocals = !this.checkUninitialized
    let pc = this.pc
    let sp = this.sp
    let rbp = this.rbp
    let a: Value
    let b: Value
    let addr: number
    for (;;) {
      const op = code[pc]
      hot: switch (op) {
        case 124: // STMT
          if (
            this.steps >= this.stopAt ||
            this.depth <= this.stopDepth ||
            code[pc + 1] === this.stopLine ||
            this.steps >= this.stepBudget
          )
            break
          this.steps++
          this.line = code[pc + 1]
          machine.step = this.steps
          machine.line = this.line
          pc += 2
          continue
        case 1: // PUSH
          stack[sp++] = code[pc + 1]
          pc += 2
          continue
        case 2: // PUSHK
          stack[sp++] = this.consts[code[pc + 1]] as Value
          pc += 2
          continue
        case 3: // LOCAL
          stack[sp++] = rbp + code[pc + 1]
          pc += 2
          continue
        case 4: // POP
          sp--
          pc += 1
          continue
        case 5: // DUP
          stack[sp] = stack[sp - 1]
          sp++
          pc += 1
          continue
        case 6: // REVERSE of two values (`slots[k] = malloc(n)`: gcc computes n before &slots[k])
          if (code[pc + 1] !== 2) break
          a = stack[sp - 1]
          stack[sp - 1] = stack[sp - 2] as Value
          stack[sp - 2] = a
          pc += 2
          continue
        // ---- loads. A local needs no check (CALL placed the frame inside the mapped stack);
        // an address elsewhere needs none when the access cache holds it (see recentlyChecked).
        case 20: // LDL_I32
          if (!plainLocals) break
          stack[sp++] = mem.read32(rbp + code[pc + 1]) | 0
          pc += 2
          continue
        case 24: // LDL_U32
          if (!plainLocals) break
          stack[sp++] = mem.read32(rbp + code[pc + 1]) >>> 0
          pc += 2
          continue
        case 22: // LDL_PTR
          if (!plainLocals) break
          a = mem.readPointer(rbp + code[pc + 1])
          if (a > MAX_SAFE) break
          stack[sp++] = a
          pc += 2
          continue
        case 21: {
          // LDL_I64
          if (!plainLocals) break
          addr = rbp + code[pc + 1]
          const hi = mem.read32(addr + 4) | 0
          if (!(hi >= -0x200000 && hi < 0x200000)) break
          stack[sp++] = hi * 4294967296 + (mem.read32(addr) >>> 0)
          pc += 2
          continue
        }
        case 23: // LDL_F64
          if (!plainLocals) break
          stack[sp++] = mem.readDouble(rbp + code[pc + 1])
          pc += 2
          continue
        case 14: // LD_I32
        case 15: // LD_U32
        case 19: // LD_PTR
        case 16: // LD_I64
        case 17: // LD_U64
        case 18: // LD_F64
        case 10: // LD_I8
        case 11: {
          // LD_U8
          addr = stack[sp - 1] as number
          const size = op <= 11 ? 1 : op <= 15 ? 4 : 8
          if (!(addr >= stackBottom && addr <= stackTop - size)) {
            // Not on the stack: allowed without asking when the cache says so.
            if (typeof addr !== 'number') break
            const i = ((addr >>> 3) & 16383) * 2
            if (!(
              allowedAddress[i] === addr &&
              allowedEpoch[i] === this.epoch &&
              allowedEnd[i] >= addr + size
            ))
              break
          }
          switch (op) {
            case 14:
              stack[sp - 1] = mem.read32(addr) | 0
              break
            case 15:
              stack[sp - 1] = mem.read32(addr) >>> 0
              break
            case 19:
              a = mem.readPointer(addr)
              // Beyond 2^53 a double is not exact: rare() reads such a pointer as two halves.
              if (a > MAX_SAFE) break hot
              stack[sp - 1] = a
              break
            case 16: {
              const hi = mem.read32(addr + 4) | 0
              if (!(hi >= -0x200000 && hi < 0x200000)) break hot
              stack[sp - 1] = hi * 4294967296 + (mem.read32(addr) >>> 0)
              break
            }
            case 17: {
              const hi = mem.read32(addr + 4) >>> 0
              if (hi >= 0x200000) break hot
              stack[sp - 1] = hi * 4294967296 + (mem.read32(addr) >>> 0)
              break
            }
            case 18:
              stack[sp - 1] = mem.readDouble(addr)
              break
            case 10:
              stack[sp - 1] = (mem.read8(addr) << 24) >> 24
              break
            default:
              stack[sp - 1] = mem.read8(addr)
          }
          pc += 1
          continue
        }
        // ---- stores
        case 38: // STL_32
          sp--
          mem.write32(rbp + code[pc + 1], stack[sp] as number)
          pc += 2
          continue
        case 39: // STL_PTR
        case 40: // STL_64
          a = stack[sp - 1]
          if (typeof a !== 'number') break
          sp--
          mem.writePointer(rbp + code[pc + 1], a)
          pc += 2
          continue
        case 32: // ST_32
        case 33: // ST_64
        case 35: // ST_PTR
        case 34: // ST_F64
        case 30: {
          // ST_8
          a = stack[sp - 1]
          addr = stack[sp - 2] as number
          const size = op === 30 ? 1 : op === 32 ? 4 : 8
          if (!(addr >= stackBottom && addr <= stackTop - size)) {
            if (typeof addr !== 'number') break
            const i = ((addr >>> 3) & 16383) * 2 + 1
            if (!(
              allowedAddress[i] === addr &&
              allowedEpoch[i] === this.epoch &&
              allowedEnd[i] >= addr + size
            ))
              break
          }
          if (op === 32) mem.write32(addr, a as number)
          else if (op === 30) mem.write8(addr, (a as number) & 0xff)
          else if (op === 34) mem.writeDouble(addr, a as number)
          else if (typeof a === 'number') mem.writePointer(addr, a)
          else break
          sp--
          stack[sp - 1] = a
          pc += 1
          continue
        }
        // ---- arithmetic on numbers
        case 50: // ADD_I32
          b = stack[--sp]
          stack[sp - 1] = ((stack[sp - 1] as number) + (b as number)) | 0
          pc += 1
          continue
        case 51: // ADD_U32
          b = stack[--sp]
          stack[sp - 1] = ((stack[sp - 1] as number) + (b as number)) >>> 0
          pc += 1
          continue
        case 55: // SUB_I32
          b = stack[--sp]
          stack[sp - 1] = ((stack[sp - 1] as number) - (b as number)) | 0
          pc += 1
          continue
        case 56: // SUB_U32
          b = stack[--sp]
          stack[sp - 1] = ((stack[sp - 1] as number) - (b as number)) >>> 0
          pc += 1
          continue
        case 60: // MUL_I32
          b = stack[--sp]
          stack[sp - 1] = Math.imul(stack[sp - 1] as number, b as number)
          pc += 1
          continue
        case 61: // MUL_U32
          b = stack[--sp]
          stack[sp - 1] = Math.imul(stack[sp - 1] as number, b as number) >>> 0
          pc += 1
          continue
        case 65: // DIV_I32
        case 70: {
          // MOD_I32: dividing by zero or INT_MIN / -1 traps, in rare().
          b = stack[sp - 1] as number
          a = stack[sp - 2] as number
          if (b === 0 || (b === -1 && a === -2147483648)) break
          sp--
          // `| 0` on the operands (int32 already) tells V8 so: it divides with the processor's
          // integer divide instead of a call to C's fmod for `%` on the doubles the stack holds.
          stack[sp - 1] = op === 65 ? ((a | 0) / (b | 0)) | 0 : ((a | 0) % (b | 0)) | 0
          pc += 1
          continue
        }
        case 66: // DIV_U32
        case 71: {
          // MOD_U32
          b = stack[sp - 1] as number
          a = stack[sp - 2] as number
          if (b === 0) break
          sp--
          // (Unsigned operands: `>>> 0` makes the integer divide an unsigned one, as above.)
          stack[sp - 1] = op === 66 ? ((a >>> 0) / (b >>> 0)) >>> 0 : ((a >>> 0) % (b >>> 0)) >>> 0
          pc += 1
          continue
        }
        case 74: // SHL_I32
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) << b
          pc += 1
          continue
        case 78: // SHR_I32
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) >> b
          pc += 1
          continue
        case 79: // SHR_U32
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) >>> b
          pc += 1
          continue
        case 82: // AND_I32
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) & b
          pc += 1
          continue
        case 85: // OR_I32
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) | b
          pc += 1
          continue
        case 88: // XOR_I32
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) ^ b
          pc += 1
          continue
        case 52: {
          // ADD_I64: numbers whose sum stays exact.
          b = stack[sp - 1]
          a = stack[sp - 2]
          if (typeof a !== 'number' || typeof b !== 'number') break
          const r = a + b
          if (!(r >= -9007199254740991 && r <= 9007199254740991)) break
          sp--
          stack[sp - 1] = r
          pc += 1
          continue
        }
        case 53: {
          // ADD_U64: unsigned numbers (never negative) whose sum stays exact.
          b = stack[sp - 1]
          a = stack[sp - 2]
          if (typeof a !== 'number' || typeof b !== 'number' || a < 0 || b < 0) break
          const r = a + b
          if (!(r <= 9007199254740991)) break
          sp--
          stack[sp - 1] = r
          pc += 1
          continue
        }
        case 57: {
          // SUB_I64: numbers whose difference stays exact.
          b = stack[sp - 1]
          a = stack[sp - 2]
          if (typeof a !== 'number' || typeof b !== 'number') break
          const r = a - b
          if (!(r >= -9007199254740991 && r <= 9007199254740991)) break
          sp--
          stack[sp - 1] = r
          pc += 1
          continue
        }
        case 54: // ADD_F64
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) + b
          pc += 1
          continue
        case 59: // SUB_F64
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) - b
          pc += 1
          continue
        case 64: // MUL_F64
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) * b
          pc += 1
          continue
        case 69: // DIV_F64
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) / b
          pc += 1
          continue
        case 93: // LNOT
          a = stack[sp - 1]
          stack[sp - 1] = a === 0 || a === 0n ? 1 : 0
          pc += 1
          continue
        case 94: // EQ
          b = stack[--sp]
          stack[sp - 1] = stack[sp - 1] === b ? 1 : 0
          pc += 1
          continue
        case 95: // NE
          b = stack[--sp]
          stack[sp - 1] = stack[sp - 1] !== b ? 1 : 0
          pc += 1
          continue
        case 96: // LT
          b = stack[--sp]
          stack[sp - 1] = stack[sp - 1] < b ? 1 : 0
          pc += 1
          continue
        case 97: // LE
          b = stack[--sp]
          stack[sp - 1] = stack[sp - 1] <= b ? 1 : 0
          pc += 1
          continue
        case 98: // GT
          b = stack[--sp]
          stack[sp - 1] = stack[sp - 1] > b ? 1 : 0
          pc += 1
          continue
        case 99: // GE
          b = stack[--sp]
          stack[sp - 1] = stack[sp - 1] >= b ? 1 : 0
          pc += 1
          continue
        case 100: {
          // PTR_ADD: an exact address (wrapping, or beyond 2^53, in rare()).
          b = stack[sp - 1]
          a = stack[sp - 2]
          if (typeof a !== 'number' || typeof b !== 'number') break
          const sum = a + b * code[pc + 1]
          if (!(sum >= 0 && sum <= MAX_SAFE)) break
          sp--
          stack[sp - 1] = sum
          pc += 2
          continue
        }
        case 102: {
          // CVT: widening an integer number to 64 bits keeps it (to unsigned: when not negative).
          a = stack[sp - 1]
          const from = code[pc + 1]
          const to = code[pc + 2]
          if (!(
            typeof a === 'number' &&
            from !== K.F64 &&
            (to === K.I64 || (to === K.U64 && a >= 0))
          ))
            break
          pc += 3
          continue
        }
        case 103: {
          // TRUNC
          const v = stack[sp - 1] as number
          const bits = code[pc + 1]
          stack[sp - 1] = code[pc + 2]
            ? bits === 8
              ? (v << 24) >> 24
              : (v << 16) >> 16
            : bits === 8
              ? v & 0xff
              : v & 0xffff
          pc += 3
          continue
        }
        case 104: // TOBOOL
          a = stack[sp - 1]
          stack[sp - 1] = a === 0 || a === 0n ? 0 : 1
          pc += 1
          continue
        case 105: {
          // INCDEC of a local counter or pointer (int, long, size_t, a pointer): the loop
          // variable of nearly every program. A value that would leave the exact range of a
          // double goes to rare().
          addr = stack[sp - 1] as number
          const ld = code[pc + 1]
          if (!(addr >= stackBottom && addr <= stackTop - 8)) break
          const delta = code[pc + 2]
          if (ld === 14) {
            const old = mem.read32(addr) | 0
            const next = (old + delta) | 0
            mem.write32(addr, next)
            stack[sp - 1] = code[pc + 3] ? old : next
            pc += 5
            continue
          }
          if (!(ld === 16 || ld === 17 || ld === 19)) break
          const hi = mem.read32(addr + 4)
          if (hi >= 0x200000 && (ld !== 16 || hi < 0xffe00000)) break
          const old = (hi | 0) * 4294967296 + (mem.read32(addr) >>> 0)
          const next = old + delta
          if (!(ld === 16 ? next >= -MAX_SAFE : next >= 0) || next > MAX_SAFE) break
          mem.writePointer(addr, next)
          stack[sp - 1] = code[pc + 3] ? old : next
          pc += 5
          continue
        }
        // ---- control
        case 120: // JMP
          pc = code[pc + 1]
          continue
        // Both destinations are worked out before the choice, so that no code after it is new
        // to V8 the first time a branch goes the other way (a loop's exit).
        case 121: {
          // JZ
          a = stack[--sp]
          const taken = code[pc + 1]
          const next = pc + 2
          pc = a === 0 || a === 0n ? taken : next
          continue
        }
        case 122: {
          // JNZ
          a = stack[--sp]
          const taken = code[pc + 1]
          const next = pc + 2
          pc = a === 0 || a === 0n ? next : taken
          continue
        }
        case 125: {
          // CALL of a function of the program that takes no struct by value and returns none
          // through memory (plainCall).
          const fi = code[pc + 1]
          const f = this.functions[fi]
          const argc = code[pc + 2]
          const next = pc + 4
          // The caller pushes the stack arguments, then `call` pushes the return address.
          const newRbp = this.rsp - f.stackArgBytes - 16
          const newRsp = newRbp - f.frameSize
          if (newRsp < stackBottom || this.plainCall[fi] === 0) break
          mem.writePointer(newRbp + 8, this.returnAddress(next))
          mem.writePointer(newRbp, rbp)
          if (f.frameSize) mem.uninitialize(newRsp, f.frameSize)
          const params = f.params
          for (let i = argc - 1; i >= 0; i--) {
            const v = stack[--sp]
            const p = params[i]
            if (p === undefined || p.store === 0) continue
            const at = newRbp + p.offset
            if (p.store === 32) mem.write32(at, v as number)
            else if (typeof v !== 'number' || p.store === 42) this.storeUnchecked(p.store, at, v)
            else if (p.store === 34) mem.writeDouble(at, v)
            else if (p.store === 30) mem.write8(at, v & 0xff)
            else if (p.store === 31) mem.write16(at, v & 0xffff)
            else mem.writePointer(at, v)
          }
          rbp = newRbp
          this.rbp = rbp
          this.rsp = newRsp + f.redZone
          if (newRsp < this.minRsp) this.minRsp = newRsp
          this.depth++
          if (this.depth > this.maxDepth) this.maxDepth = this.depth
          pc = f.entry
          continue
        }
        case 128: {
          // RET from a function that main called, to a valid return address and frame.
          if (this.depth === 0) break
          const returnAddress = mem.readPointer(rbp + 8)
          const target = this.pcOfReturn(returnAddress)
          if (!(target >= 0 && target < code.length && this.returnPoint[target] === 1)) break
          const savedRbp = mem.readPointer(rbp)
          if (!(savedRbp >= rbp + 16 && savedRbp <= this.mainRbp)) break
          // `ret` pops the return address; the caller then pops the arguments it pushed.
          this.rsp = rbp + 16 + this.stackArgBytesAt[pc]
          rbp = savedRbp
          this.rbp = rbp
          this.depth--
          if (code[pc + 1] === 1 && this.returnsInRax[pc] === 1) this.rax = stack[sp - 1]
          pc = target
          continue
        }
        case 127: {
          // BUILTIN rand, malloc or free: the calls a heap-heavy loop makes, straight to the
          // generator and the machine (a pointer beyond 2^53, and every other function: rare()).
          const id = code[pc + 1]
          if (id === RAND) {
            // `call` leaves its return address below %rsp (see rare()).
            mem.writePointer(this.rsp - 8, this.returnAddress(pc + 4))
            const r = this.nextRandom()
            stack[sp++] = r
            this.rax = r
            pc += 4
            continue
          }
          if (id !== MALLOC && id !== FREE) break
          a = stack[sp - 1]
          if (typeof a !== 'number') break
          // As rare() leaves them, for a fault or abort inside the library.
          this.pc = pc
          this.sp = sp - 1
          this.rbp = rbp
          mem.writePointer(this.rsp - 8, this.returnAddress(pc + 4))
          this.epoch++
          if (id === MALLOC) {
            const bytes = size(a)
            const p = this.heapCall('malloc', machine.malloc(bytes))
            this.allowNewBlock(p, bytes)
            stack[sp - 1] = p
            this.rax = p
          } else {
            if (this.gcBlocks.length !== 0) this.gcForget(a)
            machine.free(a)
            this.heapCall('free', a)
            sp--
          }
          pc += 4
          continue
        }
      }
      // Everything else, in full.
      this.pc = pc
      this.sp = sp
      this.rbp = rbp
      const stop = this.rare()
      pc = this.pc
      sp = this.sp
      rbp = this.rbp
      if (stop) return
    }
  }

  /**
   * Executes the one instruction at `pc` that the hot loop left to it (every instruction in
   * full, with all its checks), and says whether the run pauses or ends there.
   */
  private rare(): boolean {
    const code = this.code
    const mem = this.machine.memory
    const machine = this.machine
    const stack = this.stack
    const stackBottom = this.stackBottom
    const stackTop = this.stackTop
    let pc = this.pc
    let sp = this.sp
    let rbp = this.rbp
    let a: Value
    let b: Value
    let addr: number
    // One instruction: the `continue` that ends each case leaves this loop.
    for (let once = 0; once < 1; once++) {
      const op = code[pc]
      switch (op) {
        case 124: {
          // STMT
          if (
            this.steps >= this.stopAt ||
            this.depth <= this.stopDepth ||
            code[pc + 1] === this.stopLine
          ) {
            this.pc = pc
            this.sp = sp
            this.rbp = rbp
            return true
          }
          if (this.steps >= this.stepBudget) {
            this.pc = pc
            this.sp = sp
            this.rbp = rbp
            const end = this.budgetEnd
            throw this.signal(
              'SIGKILL',
              undefined,
              end?.explanation ??
                `The program was stopped after ${this.stepBudget.toLocaleString('en-US')} steps (the step budget); it may be in an endless loop.`,
              end?.reason ?? { key: 'exit.stepBudget', params: { steps: this.stepBudget } }
            )
          }
          this.steps++
          this.line = code[pc + 1]
          machine.step = this.steps
          machine.line = this.line
          pc += 2
          continue
        }
        case 1: // PUSH
          stack[sp++] = code[pc + 1]
          pc += 2
          continue
        case 2: // PUSHK
          stack[sp++] = this.consts[code[pc + 1]] as Value
          pc += 2
          continue
        case 3: // LOCAL
          stack[sp++] = rbp + code[pc + 1]
          pc += 2
          continue
        case 4: // POP
          sp--
          pc += 1
          continue
        case 5: // DUP
          stack[sp] = stack[sp - 1]
          sp++
          pc += 1
          continue
        case 6: {
          // REVERSE: arguments gcc evaluated last to first, put back in parameter order.
          for (let i = sp - code[pc + 1], j = sp - 1; i < j; i++, j--) {
            const v = stack[i]
            stack[i] = stack[j]
            stack[j] = v
          }
          pc += 2
          continue
        }
        case 7: {
          // PERMUTE: the top values in the order gcc evaluated them, put back where the
          // operation expects them (new i-th = old order[i]-th, counted from the deepest).
          const n = code[pc + 1]
          const order = this.consts[code[pc + 2]] as number[]
          const old = stack.slice(sp - n, sp)
          for (let i = 0; i < n; i++) stack[sp - n + i] = old[order[i]]
          pc += 3
          continue
        }
        // ---- loads
        // Locals need no check: every slot lies inside the current frame, which CALL placed
        // inside the mapped stack, and RET only ever restores a frame pointer that does too.
        case 20: // LDL_I32
          addr = rbp + code[pc + 1]
          this.pc = pc
          if (this.checkUninitialized) this.uninitializedLocal(addr, 4)
          stack[sp++] = mem.read32(addr) | 0
          pc += 2
          continue
        case 24: // LDL_U32
          addr = rbp + code[pc + 1]
          this.pc = pc
          if (this.checkUninitialized) this.uninitializedLocal(addr, 4)
          stack[sp++] = mem.read32(addr) >>> 0
          pc += 2
          continue
        case 22: // LDL_PTR
          addr = rbp + code[pc + 1]
          this.pc = pc
          if (this.checkUninitialized) this.uninitializedLocal(addr, 8)
          a = mem.readPointer(addr)
          stack[sp++] = a > MAX_SAFE ? this.loadU64(addr) : a
          pc += 2
          continue
        case 21: {
          // LDL_I64
          addr = rbp + code[pc + 1]
          this.pc = pc
          if (this.checkUninitialized) this.uninitializedLocal(addr, 8)
          stack[sp++] = this.loadS64(addr)
          pc += 2
          continue
        }
        case 23: // LDL_F64
          addr = rbp + code[pc + 1]
          this.pc = pc
          if (this.checkUninitialized) this.uninitializedLocal(addr, 8)
          stack[sp++] = mem.readDouble(addr)
          pc += 2
          continue
        case 14: {
          // LD_I32
          addr = stack[sp - 1] as number
          if (
            !(addr <= this.stackTop - 4 && addr >= this.stackBottom) &&
            !this.recentlyChecked(addr, 4, 0)
          ) {
            const reports = machine.events.length
            const f = machine.access(addr, 4, 'read')
            if (f !== null) {
              this.pc = pc
              throw this.fault(f)
            }
            if (machine.events.length === reports) this.remember(addr, 4, 0)
          }
          stack[sp - 1] = mem.read32(addr) | 0
          pc += 1
          continue
        }
        case 19: {
          // LD_PTR
          addr = stack[sp - 1] as number
          if (
            !(addr <= this.stackTop - 8 && addr >= this.stackBottom) &&
            !this.recentlyChecked(addr, 8, 0)
          ) {
            const reports = machine.events.length
            const f = machine.access(addr, 8, 'read')
            if (f !== null) {
              this.pc = pc
              throw this.fault(f)
            }
            if (machine.events.length === reports) this.remember(addr, 8, 0)
          }
          a = mem.readPointer(addr)
          // Beyond 2^53 a double is not exact: such a pointer is read as its two halves.
          stack[sp - 1] = a > MAX_SAFE ? this.loadU64(addr) : a
          pc += 1
          continue
        }
        case 16: {
          // LD_I64
          addr = stack[sp - 1] as number
          if (
            !(addr <= this.stackTop - 8 && addr >= this.stackBottom) &&
            !this.recentlyChecked(addr, 8, 0)
          ) {
            this.pc = pc
            stack[sp - 1] = this.load(op, addr)
            pc += 1
            continue
          }
          const lo = mem.read32(addr) >>> 0
          const hi = mem.read32(addr + 4) | 0
          stack[sp - 1] =
            hi >= -0x200000 && hi < 0x200000 ? hi * 4294967296 + lo : this.loadS64(addr)
          pc += 1
          continue
        }
        case 10: // LD_I8
        case 11: {
          // LD_U8: a char, often on the stack (a local array), else checked as any load.
          addr = stack[sp - 1] as number
          if (addr >= stackBottom && addr < stackTop) {
            const c = mem.read8(addr)
            stack[sp - 1] = op === 10 ? (c << 24) >> 24 : c
          } else {
            this.pc = pc
            stack[sp - 1] = this.load(op, addr)
          }
          pc += 1
          continue
        }
        case 17: // LD_U64
          addr = stack[sp - 1] as number
          this.pc = pc
          stack[sp - 1] =
            addr <= stackTop - 8 && addr >= stackBottom ? this.loadU64(addr) : this.load(op, addr)
          pc += 1
          continue
        case 12: // LD_I16
        case 13: // LD_U16
        case 15: // LD_U32
        case 25: // LD_F32
        case 18: {
          // LD_F64
          addr = stack[sp - 1] as number
          this.pc = pc
          stack[sp - 1] = this.load(op, addr)
          pc += 1
          continue
        }
        // ---- stores
        case 38: // STL_32
          addr = rbp + code[pc + 1]
          this.pc = pc
          mem.write32(addr, stack[--sp] as number)
          pc += 2
          continue
        case 39: // STL_PTR
          addr = rbp + code[pc + 1]
          this.pc = pc
          a = stack[--sp]
          if (typeof a === 'number') mem.writePointer(addr, a)
          else mem.write64(addr, a)
          pc += 2
          continue
        case 40: // STL_64
          addr = rbp + code[pc + 1]
          this.pc = pc
          this.storeUnchecked(Op.ST_64, addr, stack[--sp])
          pc += 2
          continue
        case 41: // STL
          this.pc = pc
          this.storeUnchecked(code[pc + 2], rbp + code[pc + 1], stack[--sp])
          pc += 3
          continue
        // A store into the stack segment needs no check (it is mapped read-write and holds no
        // heap block): the common ones are written here, the rest go through store().
        case 35: // ST_PTR
          a = stack[--sp]
          addr = stack[sp - 1] as number
          if (typeof a === 'number' && addr <= stackTop - 8 && addr >= stackBottom)
            mem.writePointer(addr, a)
          else {
            this.pc = pc
            this.store(op, addr, a)
          }
          stack[sp - 1] = a
          pc += 1
          continue
        case 32: // ST_32
          a = stack[--sp]
          addr = stack[sp - 1] as number
          if (addr <= stackTop - 4 && addr >= stackBottom) mem.write32(addr, a as number)
          else {
            this.pc = pc
            this.store(op, addr, a)
          }
          stack[sp - 1] = a
          pc += 1
          continue
        case 33: // ST_64
          a = stack[--sp]
          addr = stack[sp - 1] as number
          if (typeof a === 'number' && addr <= stackTop - 8 && addr >= stackBottom)
            mem.writePointer(addr, a)
          else {
            this.pc = pc
            this.store(op, addr, a)
          }
          stack[sp - 1] = a
          pc += 1
          continue
        case 30: // ST_8
        case 31: // ST_16
        case 42: // ST_F32
        case 34: {
          // ST_F64
          a = stack[--sp]
          addr = stack[sp - 1] as number
          this.pc = pc
          this.store(op, addr, a)
          stack[sp - 1] = a
          pc += 1
          continue
        }
        case 43: {
          // LD_BITS
          const field = this.consts[code[pc + 1]] as BitFieldAccess
          addr = stack[sp - 1] as number
          this.pc = pc
          const unit = this.load(UNIT_LOAD[field.unit], addr)
          stack[sp - 1] = fieldOfUnit(unit, field)
          pc += 2
          continue
        }
        case 44: {
          // ST_BITS: the unit read, the field's bits replaced, the unit written back.
          const field = this.consts[code[pc + 1]] as BitFieldAccess
          a = stack[--sp]
          addr = stack[sp - 1] as number
          this.pc = pc
          const unit = this.load(UNIT_LOAD[field.unit], addr)
          const { unit: updated, value } = withField(unit, field, a)
          this.store(UNIT_STORE[field.unit], addr, updated)
          stack[sp - 1] = value
          pc += 2
          continue
        }
        case 36: {
          // COPY
          const n = code[pc + 1]
          const src = stack[--sp] as number
          const dst = stack[sp - 1] as number
          this.pc = pc
          this.check(src, n, 'read')
          this.check(dst, n, 'write')
          mem.copy(dst, src, n)
          pc += 2
          continue
        }
        case 37: {
          // ZERO_LOCAL
          addr = rbp + code[pc + 1]
          this.pc = pc
          this.check(addr, code[pc + 2], 'write')
          mem.fill(addr, code[pc + 2], 0)
          pc += 3
          continue
        }
        // ---- 32-bit arithmetic
        case 50: // ADD_I32
          b = stack[--sp]
          stack[sp - 1] = ((stack[sp - 1] as number) + (b as number)) | 0
          pc += 1
          continue
        case 51: // ADD_U32
          b = stack[--sp]
          stack[sp - 1] = ((stack[sp - 1] as number) + (b as number)) >>> 0
          pc += 1
          continue
        case 55: // SUB_I32
          b = stack[--sp]
          stack[sp - 1] = ((stack[sp - 1] as number) - (b as number)) | 0
          pc += 1
          continue
        case 56: // SUB_U32
          b = stack[--sp]
          stack[sp - 1] = ((stack[sp - 1] as number) - (b as number)) >>> 0
          pc += 1
          continue
        case 60: // MUL_I32
          b = stack[--sp]
          stack[sp - 1] = Math.imul(stack[sp - 1] as number, b as number)
          pc += 1
          continue
        case 61: // MUL_U32
          b = stack[--sp]
          stack[sp - 1] = Math.imul(stack[sp - 1] as number, b as number) >>> 0
          pc += 1
          continue
        case 65: // DIV_I32
        case 70: {
          // MOD_I32
          b = stack[--sp] as number
          a = stack[sp - 1] as number
          this.pc = pc
          if (b === 0) throw this.divideByZero()
          if (a === -2147483648 && b === -1) throw this.divideOverflow('int')
          stack[sp - 1] = op === Op.DIV_I32 ? (a / b) | 0 : (a % b) | 0
          pc += 1
          continue
        }
        case 66: // DIV_U32
        case 71: {
          // MOD_U32
          b = stack[--sp] as number
          a = stack[sp - 1] as number
          this.pc = pc
          if (b === 0) throw this.divideByZero()
          stack[sp - 1] = op === Op.DIV_U32 ? Math.floor(a / b) >>> 0 : (a % b) >>> 0
          pc += 1
          continue
        }
        case 74: // SHL_I32
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) << b
          pc += 1
          continue
        case 75: // SHL_U32
          b = stack[--sp] as number
          stack[sp - 1] = ((stack[sp - 1] as number) << b) >>> 0
          pc += 1
          continue
        case 78: // SHR_I32
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) >> b
          pc += 1
          continue
        case 79: // SHR_U32
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) >>> b
          pc += 1
          continue
        case 82: // AND_I32
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) & b
          pc += 1
          continue
        case 83: // AND_U32
          b = stack[--sp] as number
          stack[sp - 1] = ((stack[sp - 1] as number) & b) >>> 0
          pc += 1
          continue
        case 85: // OR_I32
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) | b
          pc += 1
          continue
        case 86: // OR_U32
          b = stack[--sp] as number
          stack[sp - 1] = ((stack[sp - 1] as number) | b) >>> 0
          pc += 1
          continue
        case 88: // XOR_I32
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) ^ b
          pc += 1
          continue
        case 89: // XOR_U32
          b = stack[--sp] as number
          stack[sp - 1] = ((stack[sp - 1] as number) ^ b) >>> 0
          pc += 1
          continue
        // ---- 64-bit and floating-point arithmetic
        case 52: {
          // ADD_I64: numbers whose sum stays exact need no call.
          b = stack[--sp]
          a = stack[sp - 1]
          if (typeof a === 'number' && typeof b === 'number') {
            const r = a + b
            if (r >= -9007199254740991 && r <= 9007199254740991) {
              stack[sp - 1] = r
              pc += 1
              continue
            }
          }
          stack[sp - 1] = I.addS(a, b)
          pc += 1
          continue
        }
        case 53: {
          // ADD_U64: unsigned numbers (never negative) whose sum stays exact need no call.
          b = stack[--sp]
          a = stack[sp - 1]
          if (typeof a === 'number' && typeof b === 'number' && a >= 0 && b >= 0) {
            const r = a + b
            if (r <= 9007199254740991) {
              stack[sp - 1] = r
              pc += 1
              continue
            }
          }
          stack[sp - 1] = I.addU(a, b)
          pc += 1
          continue
        }
        case 57: // SUB_I64
          b = stack[--sp]
          stack[sp - 1] = I.subS(stack[sp - 1], b)
          pc += 1
          continue
        case 58: // SUB_U64
          b = stack[--sp]
          stack[sp - 1] = I.subU(stack[sp - 1], b)
          pc += 1
          continue
        case 62: // MUL_I64
          b = stack[--sp]
          stack[sp - 1] = I.mulS(stack[sp - 1], b)
          pc += 1
          continue
        case 63: // MUL_U64
          b = stack[--sp]
          stack[sp - 1] = I.mulU(stack[sp - 1], b)
          pc += 1
          continue
        case 67: // DIV_I64
        case 72: // MOD_I64
          b = stack[--sp]
          a = stack[sp - 1]
          this.pc = pc
          if (b === 0) throw this.divideByZero()
          if (b === -1 && a === -9223372036854775808n) throw this.divideOverflow('long')
          stack[sp - 1] = op === Op.DIV_I64 ? I.divS(a, b) : I.modS(a, b)
          pc += 1
          continue
        case 68: // DIV_U64
        case 73: // MOD_U64
          b = stack[--sp]
          a = stack[sp - 1]
          this.pc = pc
          if (b === 0) throw this.divideByZero()
          stack[sp - 1] = op === Op.DIV_U64 ? I.divU(a, b) : I.modU(a, b)
          pc += 1
          continue
        case 76: // SHL_I64
        case 77: // SHL_U64
          b = stack[--sp] as number
          stack[sp - 1] = I.shl(stack[sp - 1], b, op === Op.SHL_I64)
          pc += 1
          continue
        case 80: // SHR_I64
          b = stack[--sp] as number
          stack[sp - 1] = I.shrS(stack[sp - 1], b)
          pc += 1
          continue
        case 81: // SHR_U64
          b = stack[--sp] as number
          stack[sp - 1] = I.shrU(stack[sp - 1], b)
          pc += 1
          continue
        case 84: // AND_64
        case 87: // OR_64
        case 90: // XOR_64
          b = stack[--sp]
          stack[sp - 1] = I.bitwise(
            op === Op.AND_64 ? '&' : op === Op.OR_64 ? '|' : '^',
            stack[sp - 1],
            b,
            code[pc + 1] === K.I64
          )
          pc += 2
          continue
        case 54: // ADD_F64
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) + b
          pc += 1
          continue
        case 59: // SUB_F64
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) - b
          pc += 1
          continue
        case 64: // MUL_F64
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) * b
          pc += 1
          continue
        case 69: // DIV_F64
          b = stack[--sp] as number
          stack[sp - 1] = (stack[sp - 1] as number) / b
          pc += 1
          continue
        case 91: {
          // NEG
          const k = code[pc + 1]
          a = stack[sp - 1]
          stack[sp - 1] =
            k === K.I32
              ? -(a as number) | 0
              : k === K.U32
                ? -(a as number) >>> 0
                : k === K.I64
                  ? I.negS(a)
                  : k === K.U64
                    ? I.negU(a)
                    : -(a as number)
          pc += 2
          continue
        }
        case 92: {
          // BITNOT
          const k = code[pc + 1]
          a = stack[sp - 1]
          stack[sp - 1] =
            k === K.I32
              ? ~(a as number)
              : k === K.U32
                ? ~(a as number) >>> 0
                : k === K.I64
                  ? I.notS(a)
                  : I.notU(a)
          pc += 2
          continue
        }
        case 93: // LNOT
          a = stack[sp - 1]
          stack[sp - 1] = a === 0 || a === 0n ? 1 : 0
          pc += 1
          continue
        case 94: // EQ
          b = stack[--sp]
          stack[sp - 1] = stack[sp - 1] === b ? 1 : 0
          pc += 1
          continue
        case 95: // NE
          b = stack[--sp]
          stack[sp - 1] = stack[sp - 1] !== b ? 1 : 0
          pc += 1
          continue
        case 96: // LT
          b = stack[--sp]
          stack[sp - 1] = stack[sp - 1] < b ? 1 : 0
          pc += 1
          continue
        case 97: // LE
          b = stack[--sp]
          stack[sp - 1] = stack[sp - 1] <= b ? 1 : 0
          pc += 1
          continue
        case 98: // GT
          b = stack[--sp]
          stack[sp - 1] = stack[sp - 1] > b ? 1 : 0
          pc += 1
          continue
        case 99: // GE
          b = stack[--sp]
          stack[sp - 1] = stack[sp - 1] >= b ? 1 : 0
          pc += 1
          continue
        case 100: {
          // PTR_ADD
          b = stack[--sp]
          a = stack[sp - 1]
          if (typeof a === 'number' && typeof b === 'number') {
            const sum = a + b * code[pc + 1]
            if (sum >= 0 && sum <= MAX_SAFE) {
              stack[sp - 1] = sum
              pc += 2
              continue
            }
          }
          // Wrapping, or beyond 2^53: exact in 64 bits.
          stack[sp - 1] = I.pointerAdd(a, b, code[pc + 1])
          pc += 2
          continue
        }
        case 101: {
          // PTR_SUB
          b = stack[--sp]
          a = stack[sp - 1]
          stack[sp - 1] =
            typeof a === 'number' && typeof b === 'number'
              ? Math.trunc((a - b) / code[pc + 1]) || 0
              : I.pointerDifference(a, b, code[pc + 1])
          pc += 2
          continue
        }
        case 102: {
          // CVT. Widening an integer number to 64 bits keeps it (to unsigned: when not negative).
          a = stack[sp - 1]
          const from = code[pc + 1]
          const to = code[pc + 2]
          if (!(
            typeof a === 'number' &&
            from !== K.F64 &&
            (to === K.I64 || (to === K.U64 && a >= 0))
          ))
            stack[sp - 1] = I.convert(a, from, to)
          pc += 3
          continue
        }
        case 103: {
          // TRUNC
          const v = stack[sp - 1] as number
          const bits = code[pc + 1]
          stack[sp - 1] = code[pc + 2]
            ? bits === 8
              ? (v << 24) >> 24
              : (v << 16) >> 16
            : bits === 8
              ? v & 0xff
              : v & 0xffff
          pc += 3
          continue
        }
        case 104: // TOBOOL
          a = stack[sp - 1]
          stack[sp - 1] = a === 0 || a === 0n ? 0 : 1
          pc += 1
          continue
        case 105: {
          // INCDEC
          addr = stack[sp - 1] as number
          this.pc = pc
          const ld = code[pc + 1]
          if (ld === 14 && addr >= stackBottom && addr + 4 <= stackTop) {
            // i++ on an int local: the loop counter of nearly every program.
            const old = mem.read32(addr) | 0
            const next = (old + code[pc + 2]) | 0
            mem.write32(addr, next)
            stack[sp - 1] = code[pc + 3] ? old : next
            pc += 5
            continue
          }
          const old = this.load(ld, addr)
          const delta = code[pc + 2]
          let next: Value
          switch (ld) {
            case 10: // LD_I8
              next = (((old as number) + delta) << 24) >> 24
              break
            case 11: // LD_U8 (a _Bool's new value is 0 or 1)
              next =
                code[pc + 4] === BOOL_INCDEC
                  ? (old as number) + delta !== 0
                    ? 1
                    : 0
                  : ((old as number) + delta) & 0xff
              break
            case 12: // LD_I16
              next = (((old as number) + delta) << 16) >> 16
              break
            case 13: // LD_U16
              next = ((old as number) + delta) & 0xffff
              break
            case 14: // LD_I32
              next = ((old as number) + delta) | 0
              break
            case 15: // LD_U32
              next = ((old as number) + delta) >>> 0
              break
            case 16: // LD_I64
              next = I.addS(old, delta)
              break
            case 17: // LD_U64
              next = I.addU(old, delta < 0 ? I.asU64(delta) : delta)
              break
            case 25: // LD_F32: f++ adds 1.0f, rounded to float
              next = Math.fround((old as number) + delta)
              break
            default:
              next = (old as number) + delta
          }
          this.store(storeForLoad(ld), addr, next)
          stack[sp - 1] = code[pc + 3] ? old : next
          pc += 5
          continue
        }
        // ---- control
        case 120: // JMP
          pc = code[pc + 1]
          continue
        // Both destinations are worked out before the choice: V8's optimized loop would throw
        // itself away the first time a branch goes the other way (a loop's exit, at the end of
        // the run, just before the learner jumps back) if only one of them had run before.
        case 121: {
          // JZ
          a = stack[--sp]
          const taken = code[pc + 1]
          const next = pc + 2
          pc = a === 0 || a === 0n ? taken : next
          continue
        }
        case 122: {
          // JNZ
          a = stack[--sp]
          const taken = code[pc + 1]
          const next = pc + 2
          pc = a === 0 || a === 0n ? next : taken
          continue
        }
        case 123: {
          // SWITCH
          const table = this.consts[code[pc + 1]] as SwitchTable
          a = stack[--sp]
          pc = table.cases.get(a) ?? table.otherwise
          continue
        }
        case 125: // CALL
        case 126: {
          // CALLI
          let fi: number
          let argc: number
          let next: number
          if (op === Op.CALL) {
            fi = code[pc + 1]
            argc = code[pc + 2]
            next = pc + 4
          } else {
            argc = code[pc + 1]
            next = pc + 3
            const target = stack[--sp]
            const entry = this.functionAtEntry.get(this.pcOf(target as number))
            this.pc = pc
            if (entry === undefined) throw this.badCall(target)
            fi = entry
          }
          const f = this.functions[fi]
          // The caller pushes the stack arguments, then `call` pushes the return address.
          const newRbp = this.rsp - f.stackArgBytes - 16
          const newRsp = newRbp - f.frameSize
          this.pc = pc
          this.sp = sp
          if (newRsp < this.stackBottom)
            throw this.stackOverflow(f.name, newRsp, this.overflowLine(f, newRbp))
          mem.writePointer(newRbp + 8, this.returnAddress(next))
          mem.writePointer(newRbp, rbp)
          if (f.frameSize) mem.uninitialize(newRsp, f.frameSize)
          const params = f.params
          for (let i = argc - 1; i >= 0; i--) {
            const v = stack[--sp]
            const p = params[i]
            if (!p || p.store === 0) continue
            const at = newRbp + p.offset
            if (p.store === Op.COPY) mem.copy(at, v as number, p.size)
            else this.storeUnchecked(p.store, at, v)
          }
          // A struct of more than 16 bytes comes back through memory: %rdi carries where the
          // caller wants it (pushed before the arguments: its variable, a temporary or its own
          // result pointer), and gcc -O0 keeps that pointer in the frame.
          if (f.resultPointerOffset !== 0)
            this.storeUnchecked(Op.ST_PTR, newRbp + f.resultPointerOffset, stack[--sp])
          rbp = newRbp
          this.rbp = rbp
          this.rsp = newRsp + f.redZone
          if (newRsp < this.minRsp) this.minRsp = newRsp
          this.depth++
          if (this.depth > this.maxDepth) this.maxDepth = this.depth
          pc = f.entry
          continue
        }
        case 128: // RET
        case 129: {
          // RET_STRUCT
          const hasValue = op === Op.RET_STRUCT || code[pc + 1] === 1
          let value: Value = 0
          if (hasValue) value = stack[--sp]
          // A struct returned through memory goes where the hidden result pointer points.
          const resultPointer =
            op === Op.RET_STRUCT && this.resultPointerAt[pc] !== 0
              ? this.loadU64(rbp + this.resultPointerAt[pc])
              : null
          this.pc = pc
          this.sp = sp
          const returnAddress = mem.readPointer(rbp + 8)
          // Where `ret` goes: after a call of a function of the program, or — a return address
          // a library call left on the stack, read through a frame pointer gone wrong — after a
          // library call (its result is what %rax holds).
          const afterLibraryCall =
            op === Op.RET ? (this.libraryReturnAt.get(returnAddress) ?? -1) : -1
          const target = afterLibraryCall >= 0 ? afterLibraryCall : this.pcOfReturn(returnAddress)
          const toProgram =
            afterLibraryCall >= 0 ||
            (target >= 0 && target < code.length && this.returnPoint[target] === 1)
          if (this.depth === 0 && !toProgram) {
            // main returns into __libc_start_call_main through its saved return address, and
            // only that function then calls exit(): a smashed one crashes first, and stdout's
            // buffer is lost with it.
            const libcReturn = this.loadU64(rbp + 8)
            if (libcReturn !== LIBC_RETURN_ADDRESS) throw this.badReturn(libcReturn)
            // `void main` returns whatever %eax holds (the last call's result), as gcc -O0 does.
            this.exitWith(I.low32(hasValue ? value : this.rax) & 0xff, value)
            this.pc = pc
            this.sp = sp
            return true
          }
          if (!toProgram) throw this.badReturn(this.loadU64(rbp + 8))
          const savedRbp = mem.readPointer(rbp)
          // A saved %rbp that is not the caller's frame (a one-byte overflow of a local buffer
          // into its low byte, the off-by-one exploit's demo) is restored all the same, as
          // `leave` does: the caller goes on, reads and writes its locals where the wrong %rbp
          // puts them, and its own `leave; ret` returns through that frame. The run stops here
          // only when the caller's frame would not lie inside the stack; main's frame, whose
          // return address pointed back into the program (a call's return address left there),
          // goes on in the program too.
          if (
            !(savedRbp >= rbp + 16 && savedRbp <= this.mainRbp) &&
            !this.frameInsideStack(savedRbp, target)
          )
            throw this.badFramePointer(this.loadU64(rbp))
          // `ret` pops the return address; the caller then pops the arguments it pushed.
          this.rsp = rbp + 16 + this.stackArgBytesAt[pc]
          rbp = savedRbp
          this.rbp = rbp
          if (this.depth > 0) this.depth--
          if (op === Op.RET_STRUCT) {
            const size = code[pc + 1]
            // (A pointer beyond 2^53 stays a bigint, and the check reports it as a wild write.)
            const dest = resultPointer === null ? rbp + code[target - 1] : (resultPointer as number)
            this.check(value as number, size, 'read')
            this.check(dest, size, 'write')
            mem.copy(dest, value as number, size)
            value = dest
          }
          if (afterLibraryCall >= 0) {
            // The code after the library call takes its result from %rax, if it has one.
            if (hasValue && this.returnsInRax[pc] === 1) this.rax = value
            if (RETURNS_VOID[code[afterLibraryCall - 3]] === 0) stack[sp++] = this.rax as Value
          } else if (hasValue) {
            stack[sp++] = value
            if (this.returnsInRax[pc] === 1) this.rax = value
          }
          pc = target
          continue
        }
        case 127: {
          // BUILTIN
          const id = code[pc + 1]
          const argc = code[pc + 2]
          this.pc = pc
          this.sp = sp - argc
          this.rbp = rbp
          // `call` pushes the return address below %rsp, where the library function's frame
          // begins; it stays there as garbage (glibc's free of a stack pointer reads it). gcc's
          // built-ins are instructions, not calls: they leave nothing there (a leaf's red-zone
          // locals and va_start's register save area keep their bytes).
          if (CALLED_BUILTIN[id] === 1) mem.writePointer(this.rsp - 8, this.returnAddress(pc + 4))
          if (CHANGES_HEAP[id] === 1) this.epoch++
          let result: Value | undefined
          a = stack[sp - 1]
          // The calls a heap-heavy loop makes, straight to the machine: no argument array, no
          // search for the name.
          if (id === RAND) result = this.nextRandom()
          else if (id === MALLOC && typeof a === 'number')
            result = this.heapCall('malloc', machine.malloc(size(a)))
          else if (id === FREE && typeof a === 'number') {
            if (this.gcBlocks.length !== 0) this.gcForget(a)
            machine.free(a)
            this.heapCall('free', a)
          } else {
            const args =
              argc < ARGUMENT_ARRAYS ? (this.argsOfCount[argc] as Value[]) : newArguments(argc)
            for (let i = 0; i < argc; i++) args[i] = stack[sp - argc + i]
            if (LIBRARY_STACK[id] === 1 && this.rsp - LIBRARY_STACK_BOUND < this.stackBottom)
              this.checkLibraryStack(id, args)
            result = this.builtin(id, args, this.consts[code[pc + 3]])
          }
          sp -= argc
          if (this.exit) {
            this.sp = sp
            return true
          }
          if (result !== undefined) {
            stack[sp++] = result
            // Library functions return integers and pointers in %rax (sqrt's double: in %xmm0).
            if (RETURNS_DOUBLE[id] === 0) this.rax = result
          }
          pc += 4
          continue
        }
        case 131: // PUSH_RAX (the interpreter's own, see there)
          stack[sp++] = fromRax(this.rax, code[pc + 1])
          pc += 2
          continue
        case 130: // HALT
          this.pc = pc
          this.sp = sp
          return true
        case 135: {
          // VLA_ALLOC: `sub %rax,%rsp` of gcc -O0's (bytes + 15) / 16 * 16, in 64-bit unsigned
          // arithmetic (a negative length wraps as it does on the machine). The stack is not
          // touched: an array too large for it faults at its first access or the next call.
          const bytes = BigInt.asUintN(64, BigInt(stack[sp - 1]))
          const rounded = (BigInt.asUintN(64, bytes + 15n) / 16n) * 16n
          const rsp = BigInt(this.rsp) - rounded
          if (rsp >= 0n) {
            this.rsp = Number(rsp)
            if (this.rsp >= stackBottom && this.rsp < this.minRsp) this.minRsp = this.rsp
            stack[sp - 1] = this.rsp
          } else {
            // Below address 0: the array's address wraps far beyond user space, and no call
            // can push a frame.
            this.rsp = 0
            stack[sp - 1] = Int64.wrapU64(rsp)
          }
          pc += 1
          continue
        }
        case 136: {
          // SET_RSP: a block's variable-length arrays freed (`mov %rbx,%rsp`).
          this.rsp = Number(stack[--sp])
          pc += 1
          continue
        }
        case 137: {
          // VARARGS: a call of a variadic function of the program. The variable arguments
          // go where the caller puts them: the argument registers the named ones left (for
          // the callee's prologue to store, VA_SAVE), then pushed on the stack in order.
          const call = this.consts[code[pc + 1]] as VariadicCall
          const target = code[pc + 2] === 1 ? stack[--sp] : undefined
          const base = sp - call.kinds.length
          const integers: Value[] = []
          const doubles: number[] = []
          const pushed: Array<{ value: Value; kind: number }> = []
          let gp = call.integerRegisters
          let fp = call.sseRegisters
          for (let k = 0; k < call.kinds.length; k++) {
            const v = stack[base + k]
            const kind = call.kinds[k]
            if (kind === K.F64) {
              if (fp < 8) doubles[fp++] = v as number
              else pushed.push({ value: v, kind })
            } else if (gp < 6) {
              // An int travels in a register loaded by a 32-bit move (upper half clear).
              integers[gp++] =
                (kind === K.I32 || kind === IMMEDIATE_I32) && typeof v === 'number' ? v >>> 0 : v
            } else {
              // Pushed: a constant by `pushq $imm` (sign-extended), an int variable through
              // %rax after a 32-bit move (upper half clear).
              const value = kind === K.I32 && typeof v === 'number' ? v >>> 0 : v
              pushed.push({ value, kind })
            }
          }
          sp = base
          this.rsp -= call.stackBytes
          if (this.rsp >= this.stackBottom)
            pushed.forEach(({ value, kind }, k) =>
              this.storeUnchecked(kind === K.F64 ? Op.ST_F64 : Op.ST_64, this.rsp + 8 * k, value)
            )
          this.pendingVarargs = { integers, doubles, sseUsed: fp }
          if (target !== undefined) stack[sp++] = target
          pc += 3
          continue
        }
        case 138: {
          // VARARGS_END: the caller takes back the stack its variable arguments used.
          this.rsp += code[pc + 1]
          pc += 2
          continue
        }
        case 139: {
          // VA_SAVE: a variadic function's prologue stores the argument registers after the
          // named ones in its register save area (the vector ones only when %al says some were
          // used, as gcc's `testb %al, %al` decides).
          const area = rbp + code[pc + 1]
          const pending = this.pendingVarargs
          this.pendingVarargs = null
          if (pending !== null) {
            pending.integers.forEach((v, r) => {
              if (v !== undefined) this.storeUnchecked(Op.ST_64, area + 8 * r, v)
            })
            if (pending.sseUsed > 0)
              pending.doubles.forEach((v, r) => {
                if (v !== undefined) mem.writeDouble(area + 48 + 16 * r, v)
              })
          }
          pc += 4
          continue
        }
        default:
          throw new Error(`internal: unknown opcode ${op} at ${pc}`)
      }
    }
    this.pc = pc
    this.sp = sp
    this.rbp = rbp
    return false
  }

  private loadS64(addr: number): Value {
    const mem = this.machine.memory
    const lo = mem.read32(addr) >>> 0
    const hi = mem.read32(addr + 4) | 0
    if (hi >= -0x200000 && hi < 0x200000) return hi * 4294967296 + lo
    return I.norm((BigInt(hi) << 32n) | BigInt(lo))
  }

  private loadU64(addr: number): Value {
    const mem = this.machine.memory
    const lo = mem.read32(addr) >>> 0
    const hi = mem.read32(addr + 4) >>> 0
    if (hi < 0x200000) return hi * 4294967296 + lo
    return (BigInt(hi) << 32n) | BigInt(lo)
  }

  /** Checked mode: reading a local that was never written is reported (once per line). */
  private uninitializedLocal(address: number, length: number): void {
    if (this.machine.memory.isRangeInitialized(address, length)) return
    const key = `${this.line}:${address}`
    if (this.reportedUninitialized.has(key)) return
    this.reportedUninitialized.add(key)
    const f = this.functionAt(this.pc)
    const slot =
      f &&
      [...f.info.params, ...f.info.locals].find(
        (l) =>
          address >= this.rbp + l.slot.offset && address < this.rbp + l.slot.offset + l.slot.size
      )
    this.machine.report({
      kind: 'uninitialized-read',
      address,
      message: `Line ${this.line} reads ${slot ? `\`${slot.name}\`` : `${length} bytes at ${formatAddress(address)}`} before anything was stored in it: its value is whatever an earlier call left on the stack.`,
      reason: slot
        ? { key: 'misuse.uninitializedLocal', params: { line: this.line, name: slot.name } }
        : {
            key: 'misuse.uninitializedStack',
            params: { line: this.line, length, address: formatAddress(address) }
          }
    })
  }

  // ---- a cache of accesses the machine has allowed --------------------------------------------
  // The machine's heap checker looks at per-byte tags, which change only when the heap does
  // (malloc, free, realloc, sbrk: all library calls) or on time travel. Until then, an access it
  // has allowed once is allowed again with no report, so it need not be asked twice.

  private readonly allowedAddress = new Float64Array(32768).fill(-1)
  private readonly allowedEnd = new Float64Array(32768)
  private readonly allowedEpoch = new Int32Array(32768)
  /** Bumped by every library call that changes the heap, and on restore; a cache entry of an older epoch is stale. */
  private epoch = 1

  private recentlyChecked(addr: number, size: number, write: number): boolean {
    // A pointer beyond 2^53 (a BigInt) is never mapped: it faults here, before any arithmetic.
    if (typeof addr !== 'number') throw this.wildAccess(addr, size, write ? 'write' : 'read')
    const i = ((addr >>> 3) & 16383) * 2 + write
    return (
      this.allowedAddress[i] === addr &&
      this.allowedEpoch[i] === this.epoch &&
      this.allowedEnd[i] >= addr + size
    )
  }

  private remember(addr: number, size: number, write: number): void {
    // Checked mode reports reads of uninitialized bytes, which change with every store.
    if (this.checkUninitialized) return
    const i = ((addr >>> 3) & 16383) * 2 + write
    this.allowedAddress[i] = addr
    this.allowedEnd[i] = addr + size
    this.allowedEpoch[i] = this.epoch
  }

  /**
   * The block malloc just returned, in the access cache: its requested bytes are tagged
   * allocated (Machine.track) and lie in the heap's read-write mapping, so the machine would
   * allow any access inside them with no report until the next heap call (which starts a new
   * epoch). The program's first store into a fresh block (`p->next = head`) then needs no
   * question to the machine. Blocks outside the break (mmapped, or a pointer a corrupted
   * allocator made up) are left to the machine.
   */
  private allowNewBlock(p: number, bytes: number): void {
    const m = this.machine
    if (!m.checked || p < m.heapStart || p + bytes > m.programBreak() || bytes <= 0) return
    this.remember(p, bytes, 0)
    this.remember(p, bytes, 1)
  }

  /** A checked load. */
  load(op: number, addr: number): Value {
    const mem = this.machine.memory
    const size = loadSize(op)
    if (typeof addr !== 'number') throw this.wildAccess(addr, size, 'read')
    // The whole stack segment is mapped read-write and holds no heap blocks: nothing to check.
    if (
      !(addr >= this.stackBottom && addr + size <= this.stackTop) &&
      !this.recentlyChecked(addr, size, 0)
    ) {
      const reports = this.machine.events.length
      const f = this.machine.access(addr, size, 'read')
      if (f !== null) throw this.fault(f)
      // An access that produced a report (use after free, overflow) is asked about every time.
      if (this.machine.events.length === reports) this.remember(addr, size, 0)
    }
    switch (op) {
      case Op.LD_I8:
        return (mem.read8(addr) << 24) >> 24
      case Op.LD_U8:
        return mem.read8(addr)
      case Op.LD_I16:
        return (mem.read16(addr) << 16) >> 16
      case Op.LD_U16:
        return mem.read16(addr)
      case Op.LD_I32:
        return mem.read32(addr) | 0
      case Op.LD_U32:
        return mem.read32(addr) >>> 0
      case Op.LD_I64:
        return this.loadS64(addr)
      case Op.LD_U64:
        return this.loadU64(addr)
      case Op.LD_F64:
        return mem.readDouble(addr)
      case Op.LD_F32:
        return float32FromBits(mem.read32(addr))
      default:
        return mem.readPointer(addr)
    }
  }

  /** A checked store. */
  store(op: number, addr: number, v: Value): void {
    const size =
      op === Op.ST_8 ? 1 : op === Op.ST_16 ? 2 : op === Op.ST_32 || op === Op.ST_F32 ? 4 : 8
    if (typeof addr !== 'number') throw this.wildAccess(addr, size, 'write')
    if (
      !(addr >= this.stackBottom && addr + size <= this.stackTop) &&
      !this.recentlyChecked(addr, size, 1)
    ) {
      const reports = this.machine.events.length
      const f = this.machine.access(addr, size, 'write')
      if (f !== null) throw this.fault(f)
      if (this.machine.events.length === reports) this.remember(addr, size, 1)
    }
    this.storeUnchecked(op, addr, v)
  }

  /** A store into the current frame (or a parameter slot of a frame being pushed), always valid. */
  private storeUnchecked(op: number, addr: number, v: Value): void {
    const mem = this.machine.memory
    switch (op) {
      case Op.ST_8:
        mem.write8(addr, (v as number) & 0xff)
        return
      case Op.ST_16:
        mem.write16(addr, (v as number) & 0xffff)
        return
      case Op.ST_32:
        mem.write32(addr, v as number)
        return
      case Op.ST_F64:
        mem.writeDouble(addr, v as number)
        return
      case Op.ST_F32:
        mem.write32(addr, float32Bits(v as number))
        return
      case Op.ST_PTR:
        if (typeof v === 'number') mem.writePointer(addr, v)
        else mem.write64(addr, v)
        return
      default:
        if (typeof v === 'number') mem.writePointer(addr, v)
        else mem.write64(addr, v)
    }
  }

  /**
   * div, ldiv, lldiv: `{ quot, rem }` of `bytes`-byte integers, stored at the call's result
   * place (args[2]), whose address is the call's value. glibc divides with idiv, so a zero
   * divisor and the most negative value divided by -1 trap as `/` does.
   */
  private quotientAndRemainder(bytes: 4 | 8, args: Value[]): Value {
    const n = BigInt(args[0])
    const d = BigInt(args[1])
    if (d === 0n) throw this.divideByZero()
    const bits = bytes * 8
    if (d === -1n && n === -(1n << BigInt(bits - 1)))
      throw this.divideOverflow(bytes === 4 ? 'int' : 'long')
    const place = num(args[2])
    this.check(place, 2 * bytes, 'write')
    const mem = this.machine.memory
    if (bytes === 4) {
      mem.write32(place, Number(BigInt.asIntN(32, n / d)))
      mem.write32(place + 4, Number(BigInt.asIntN(32, n % d)))
    } else {
      mem.write64(place, BigInt.asUintN(64, n / d))
      mem.write64(place + 8, BigInt.asUintN(64, n % d))
    }
    return place
  }

  private divideByZero(): Stop {
    return this.signal(
      'SIGFPE',
      'FPE_INTDIV',
      `Integer division by zero at line ${this.line}: the processor's divide instruction traps, and the kernel sends SIGFPE ("Floating point exception", although no floating point is involved).`,
      { key: 'exit.divideByZero', params: { line: this.line } }
    )
  }

  private divideOverflow(type: string): Stop {
    return this.signal(
      'SIGFPE',
      'FPE_INTDIV',
      `Dividing the most negative ${type} by −1 at line ${this.line}: the quotient does not fit in ${type === 'int' ? '32' : '64'} bits, so the divide instruction traps with SIGFPE.`,
      {
        key: 'exit.divideOverflow',
        params: { line: this.line, type, bits: type === 'int' ? 32 : 64 }
      }
    )
  }

  /** printf, puts and putchar need stack of their own below %rsp (library-stack.ts). */
  private checkLibraryStack(id: number, args: Value[]): void {
    const name = BUILTIN_NAMES[id]
    const at =
      name === 'printf'
        ? 0
        : name === 'sprintf' || name === 'fprintf'
          ? 1
          : name === 'snprintf'
            ? 2
            : -1
    const format = at >= 0 && typeof args[at] === 'number' ? this.readCString(args[at]) : null
    const stream =
      name === 'perror'
        ? STDERR_FILE
        : name === 'fprintf'
          ? args[0]
          : name === 'fwrite'
            ? args[3]
            : name.startsWith('fput') || name === 'putc'
              ? args[1]
              : 0
    // glibc's 8 KiB stderr buffer on the stack is the real machine's; the classroom layout's
    // 8 KiB teaching stack could not hold one, so there stderr costs what stdout does.
    const toStderr = stream === STDERR_FILE && this.machine.layout.profile.name === 'linux-x86_64'
    const lowest = this.rsp - libraryStackBytes(name, format, this.stdoutTerminal, toStderr)
    if (lowest < this.stackBottom) throw this.stackOverflow(name, lowest)
  }

  /**
   * The line gdb names for a call whose frame does not fit: where the real process first
   * touches memory below the stack limit. The caller's `call` pushes the return address (after
   * any stack arguments): below the limit, the call's own line. Then the callee's prologue
   * pushes %rbp and spills its register parameters (and a struct result's pointer), all
   * attributed by gcc -O0 to the line of the function's opening brace. Past those, only the
   * body touches the rest of the frame (a large local array): the simulator stops at the call
   * still, and names the body's first statement with code, where gdb stops when that statement
   * stores below the limit (`buf[0] = 1;` first); gdb stops later when the body stores nearer
   * the top first, or, if it never touches the frame's bottom, at the next call.
   */
  private overflowLine(f: CompiledFunction, newRbp: number): number {
    const limit = this.stackBottom
    if (newRbp + 8 < limit) return this.line
    let lowest = newRbp
    for (const p of f.params) if (p.store !== 0) lowest = Math.min(lowest, newRbp + p.offset)
    if (f.resultPointerOffset !== 0) lowest = Math.min(lowest, newRbp + f.resultPointerOffset)
    const brace = f.info.def.body.pos.line
    if (lowest < limit) return brace
    // The first statement with code (a declaration without an initializer has none).
    for (let p = f.entry; p < f.end; p += 1 + operandCount(this.code[p]))
      if (this.code[p] === Op.STMT) return this.code[p + 1]
    return brace
  }

  private stackOverflow(name: string, newRsp: number, line = this.line): Stop {
    const limit = this.stackTop - this.stackBottom
    return new Stop({
      signal: 'SIGSEGV',
      code: 'SEGV_MAPERR',
      explanation: `Stack overflow: calling \`${name}\` at depth ${this.depth + 1} needs its frame at ${formatAddress(newRsp)}, below the stack limit ${formatAddress(this.stackBottom)} (${limit.toLocaleString('en-US')} bytes below the top of the stack), so the process gets SIGSEGV. ${this.depth + 1} frames were on the stack.`,
      reason: {
        key: 'exit.stackOverflow',
        params: {
          name,
          depth: this.depth + 1,
          address: formatAddress(newRsp),
          stackLimit: formatAddress(this.stackBottom),
          bytes: limit
        }
      },
      line
    })
  }

  private badCall(target: Value): Stop {
    // A pointer beyond 2^53 is a BigInt; the machine sees it rounded, the learner exactly.
    const shown =
      typeof target === 'bigint'
        ? '0x' + BigInt.asUintN(64, target).toString(16)
        : formatAddress(target)
    if (typeof target === 'bigint')
      return this.wildAccess(
        target,
        1,
        'execute',
        `Calling through a function pointer that holds ${shown}:`,
        {
          key: 'exit.badCallUnmapped',
          params: { address: shown }
        }
      )
    const f = this.machine.access(target, 1, 'execute')
    if (f !== null)
      return this.fault(f, `Calling through a function pointer that holds ${shown}:`, {
        key: 'exit.badCallUnmapped',
        params: { address: shown }
      })
    return new Stop({
      signal: 'SIGSEGV',
      code: 'SEGV_ACCERR',
      explanation: `Calling through a function pointer that holds ${shown}, which is not the start of any function: the processor would run garbage instructions and crash.`,
      reason: { key: 'exit.badCall', params: { address: shown } },
      line: this.line
    })
  }

  /**
   * Whether the frame of the function holding `pc`, with `framePointer` as its %rbp, lies inside
   * the stack's reach (its locals below, its saved %rbp, return address and stack arguments
   * above): the hot loop reads and writes locals unchecked, which is safe only there.
   */
  private frameInsideStack(framePointer: number, pc: number): boolean {
    const f = this.functionAt(pc)
    return (
      f !== undefined &&
      framePointer - f.frameSize >= this.stackBottom &&
      framePointer + 16 + f.stackArgBytes <= this.stackTop
    )
  }

  private badFramePointer(address: Value): Stop {
    if (!isCanonical(address)) {
      // The caller's next local, at an offset from %rbp, is then a non-canonical address with
      // %rbp as its base register: the processor raises a stack-segment fault (#SS), which
      // Linux delivers as SIGBUS ("Bus error"), si_code SI_KERNEL.
      const shown = '0x' + BigInt.asUintN(64, BigInt(address)).toString(16)
      return new Stop({
        signal: 'SIGBUS',
        code: 'SI_KERNEL',
        explanation: `The function returned with a saved frame pointer of ${shown}: the saved %rbp on the stack was overwritten (for example by writing past the end of a local array). The caller reaches its locals through %rbp, and ${shown} is not even a valid x86-64 address (bits 47 to 63 differ), so the processor raises a stack-segment fault and the process gets SIGBUS (Bus error).`,
        reason: { key: 'exit.badFramePointerNonCanonical', params: { address: shown } },
        line: this.line
      })
    }
    address = Number(address)
    return new Stop({
      signal: 'SIGSEGV',
      code: 'SEGV_MAPERR',
      explanation: `The function returned with a saved frame pointer of ${formatAddress(address)}, which is not the caller's frame: the saved %rbp on the stack was overwritten (for example by writing past the end of a local array), so the caller's locals can no longer be found.`,
      reason: { key: 'exit.badFramePointer', params: { address: formatAddress(address) } },
      line: this.line
    })
  }

  private badReturn(address: Value): Stop {
    const inText =
      typeof address === 'number' && this.machine.access(address, 1, 'execute') === null
    // `ret` to a non-canonical address is a general-protection fault (no page, no address).
    const code = !isCanonical(address) ? 'SI_KERNEL' : inText ? 'SEGV_ACCERR' : 'SEGV_MAPERR'
    const shown = '0x' + address.toString(16)
    // A function whose %rbp is not where its frame is (a callee restored a saved %rbp that had
    // been overwritten): `leave` took the return address from the wrong place. CALL puts %rsp
    // at %rbp - frameSize (+ the red zone), and only variable-length arrays move it after.
    const f = this.functionAt(this.pc)
    const frame = f === undefined ? this.rbp : this.rsp + f.frameSize - f.redZone
    if (f !== undefined && !f.info.variableLength && frame !== this.rbp) {
      const params = {
        framePointer: formatAddress(this.rbp),
        frame: formatAddress(frame),
        slot: formatAddress(this.rbp + 8),
        address: shown
      }
      return new Stop({
        signal: 'SIGSEGV',
        code,
        explanation: `This function's %rbp was ${params.framePointer}, not its frame's ${params.frame}: a function it called returned with a saved frame pointer that had been overwritten (for example by a one-byte overflow of a local array), so its locals were read and written at the wrong place, and its return took the return address from ${params.slot}, which held ${shown}: the processor jumped there.`,
        reason: { key: 'exit.badReturnWrongFrame', params },
        line: this.line
      })
    }
    return new Stop({
      signal: 'SIGSEGV',
      code,
      explanation: `The function returned to 0x${address.toString(16)}, which is not where it was called from: its saved return address on the stack was overwritten (for example by writing past the end of a local array), so the processor jumped to garbage.`,
      reason: { key: 'exit.badReturn', params: { address: '0x' + address.toString(16) } },
      line: this.line
    })
  }

  private exitWith(status: number, _value?: Value): void {
    this.exit = { status, line: this.line }
  }

  // ---- the C library --------------------------------------------------------------------------

  /** Reads a NUL-terminated string (as one character per byte), checking every byte. */
  readCString(addr: number, limit = 1 << 20): string {
    const mem = this.machine.memory
    let s = ''
    for (let i = 0; i < limit; i++) {
      const f = this.machine.access(addr + i, 1, 'read')
      if (f !== null) throw this.fault(f)
      const c = mem.read8(addr + i)
      if (c === 0) return s
      s += String.fromCharCode(c)
    }
    return s
  }

  private writeCString(addr: number, s: string): void {
    this.check(addr, s.length + 1, 'write')
    const bytes = new Uint8Array(s.length + 1)
    for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i) & 0xff
    this.machine.memory.writeBytes(addr, bytes)
  }

  private seedRandom(seed: number): void {
    // glibc's random(): the TYPE_3 additive feedback generator, r[i] = r[i-3] + r[i-31].
    const r = this.rand
    r[0] = seed | 0
    for (let i = 1; i < 31; i++) {
      // glibc keeps the words as int32_t and divides with C's truncation: a seed of 2^31 or more
      // is a negative word here, which Math.floor would round the wrong way.
      const hi = Math.trunc(r[i - 1] / 127773)
      const lo = r[i - 1] % 127773
      let word = 16807 * lo - 2836 * hi
      if (word < 0) word += 2147483647
      r[i] = word
    }
    for (let i = 31; i < 34; i++) r[i] = r[i - 31]
    this.randIndex = 34
    // glibc discards the first 310 outputs.
    for (let i = 34; i < 344; i++) this.nextRandom()
  }

  private nextRandom(): number {
    const r = this.rand
    const i = this.randIndex | 0
    const v = ((r[(i - 31) % 34] as number) + (r[(i - 3) % 34] as number)) | 0
    r[i % 34] = v
    this.randIndex = i + 1
    return v >>> 1
  }

  /**
   * free and realloc first read the size word in front of the block: for a pointer beyond 2^53
   * (`free((void *)-1)`), far beyond user space, that read is the SIGSEGV.
   */
  private heapPointer(pointer: Value): void {
    if (typeof pointer === 'bigint')
      throw this.wildAccess(BigInt.asUintN(64, pointer - 8n), 8, 'read')
  }

  private builtin(id: number, args: Value[], extra: unknown): Value | undefined {
    const name = BUILTIN_NAMES[id]
    const m = this.machine
    // Cases are compared in order: the calls programs make in their loops come first.
    switch (name) {
      case 'rand':
        return this.nextRandom()
      case 'malloc':
        return this.heapCall('malloc', m.malloc(size(args[0])))
      case 'calloc':
        return this.heapCall('malloc', m.calloc(size(args[0]), size(args[1])))
      case 'realloc': {
        this.heapPointer(args[0])
        const from = num(args[0])
        const bytes = size(args[1])
        const result = m.realloc(from, bytes)
        // realloc(NULL, n) is malloc(n) and realloc(p, 0) frees p, and are marked as those;
        // any other realloc is marked with both blocks, since one that moved freed the old one.
        if (from === 0) return this.heapCall('malloc', result)
        if (bytes === 0 && result === 0) {
          this.heapCall('free', from)
          return 0
        }
        return this.heapCall('realloc', result, from)
      }
      case 'free':
        this.heapPointer(args[0])
        this.gcForget(num(args[0]))
        m.free(num(args[0]))
        this.heapCall('free', num(args[0]))
        return undefined
      case 'GC_malloc': {
        const p = m.calloc(1, size(args[0]))
        if (p) this.gcBlocks.push(p)
        return p
      }
      case 'GC_gcollect':
        this.collectGarbage()
        return undefined
      case 'GC_init':
        return undefined
      case 'sbrk': {
        const increment = num(args[0])
        const old = m.sbrk(increment)
        // Memory the program takes with sbrk itself is its own, not an overflow of some block.
        if (old !== -1 && increment > 0) m.memory.setTag(old, increment, HeapTag.allocated)
        this.heapCall('brk', old)
        if (old === -1) this.setErrno(12)
        // (void *)-1: all ones, a pointer beyond 2^53, so a BigInt.
        return old === -1 ? I.convert(-1, K.I64, K.PTR) : old
      }
      case 'gettimeofday': {
        const tv = num(args[0])
        const now = this.microseconds()
        if (tv !== 0) {
          this.check(tv, 16, 'write')
          m.memory.writePointer(tv, Math.floor(now / 1e6))
          m.memory.writePointer(tv + 8, now % 1e6)
        }
        return 0
      }
      case 'time': {
        const seconds = Math.floor(this.microseconds() / 1e6)
        const at = num(args[0])
        if (at !== 0) {
          this.check(at, 8, 'write')
          m.memory.writePointer(at, seconds)
        }
        return seconds
      }
      case 'clock':
        // The process's CPU time in microseconds (CLOCKS_PER_SEC): its steps.
        return this.steps * MICROSECONDS_PER_STEP
      case 'sleep':
        this.slept += (num(args[0]) >>> 0) * 1e6
        return 0
      case 'usleep':
        this.slept += num(args[0]) >>> 0
        return 0
      case 'getpagesize':
        return 4096
      case 'getpid':
        return PROCESS_ID
      case 'getppid':
        return PARENT_PROCESS_ID
      case 'malloc_usable_size': {
        // glibc's answer (chunk size − 8: the next chunk's prev_size field is lent to the
        // block); a textbook allocator's block minus its header and footer.
        const p = num(args[0])
        const glibc = m.allocator as { mallocUsableSize?: (pointer: number) => number }
        if (glibc.mallocUsableSize) return glibc.mallocUsableSize(p)
        const block = m.allocator.blocks().find((b) => b.payload === p && !b.free)
        return block ? block.size - block.headerBytes - block.footerBytes : 0
      }
      case 'malloc_trim': {
        // glibc gives free pages back to the kernel; the textbook allocators keep them (0).
        const glibc = m.allocator as { mallocTrim?: (pad: number) => number }
        const released = glibc.mallocTrim ? glibc.mallocTrim(size(args[0])) : 0
        this.heapCall('brk', m.programBreak())
        return released
      }
      case 'memset': {
        const p = num(args[0])
        const n = size(args[2])
        this.check(p, n, 'write')
        m.memory.fill(p, n, num(args[1]) & 0xff)
        return p
      }
      case 'memcpy':
      case 'memmove': {
        const d = num(args[0])
        const s = num(args[1])
        const n = size(args[2])
        this.check(s, n, 'read')
        this.check(d, n, 'write')
        m.memory.copy(d, s, n)
        return d
      }
      case 'memcmp': {
        const p = num(args[0])
        const q = num(args[1])
        const n = size(args[2])
        this.check(p, n, 'read')
        this.check(q, n, 'read')
        for (let i = 0; i < n; i++) {
          const x = m.memory.read8(p + i)
          const y = m.memory.read8(q + i)
          if (x !== y) return x - y
        }
        return 0
      }
      case 'strlen':
        return this.readCString(num(args[0])).length
      case 'strcpy': {
        const d = num(args[0])
        this.writeCString(d, this.readCString(num(args[1])))
        return d
      }
      case 'strncpy': {
        const d = num(args[0])
        const n = size(args[2])
        const s = this.readCString(num(args[1]), n)
        this.check(d, n, 'write')
        const bytes = new Uint8Array(n)
        for (let i = 0; i < Math.min(n, s.length); i++) bytes[i] = s.charCodeAt(i)
        m.memory.writeBytes(d, bytes)
        return d
      }
      case 'strcat': {
        const d = num(args[0])
        const head = this.readCString(d)
        this.writeCString(d + head.length, this.readCString(num(args[1])))
        return d
      }
      case 'strdup': {
        const s = this.readCString(num(args[0]))
        const p = this.heapCall('malloc', m.malloc(s.length + 1))
        if (p) this.writeCString(p, s)
        return p
      }
      case 'strcmp':
      case 'strncmp': {
        const limit = name === 'strncmp' ? size(args[2]) : Infinity
        const p = num(args[0])
        const q = num(args[1])
        for (let i = 0; i < limit; i++) {
          this.check(p + i, 1, 'read')
          this.check(q + i, 1, 'read')
          const x = m.memory.read8(p + i)
          const y = m.memory.read8(q + i)
          if (x !== y) return x - y
          if (x === 0) return 0
        }
        return 0
      }
      case 'strchr': {
        const p = num(args[0])
        const c = num(args[1]) & 0xff
        const s = this.readCString(p)
        const i = c === 0 ? s.length : s.indexOf(String.fromCharCode(c))
        return i < 0 ? 0 : p + i
      }
      case 'printf': {
        const text = this.format(num(args[0]), args.slice(1), (extra as number[]).slice(1), 1)
        this.write(text)
        return text.length
      }
      case 'sprintf':
      case 'snprintf': {
        const skip = name === 'snprintf' ? 2 : 1
        const text = this.format(
          num(args[skip]),
          args.slice(skip + 1),
          (extra as number[]).slice(skip + 1),
          skip + 1
        )
        const d = num(args[0])
        const cap = name === 'snprintf' ? size(args[1]) : Infinity
        if (cap > 0) this.writeCString(d, text.slice(0, Math.min(text.length, cap - 1)))
        return text.length
      }
      case 'puts': {
        const text = this.readCString(num(args[0]))
        // glibc's _IO_puts: the string through _IO_sputn, then the newline through putc.
        this.write(text)
        this.put('\n')
        // glibc's _IO_puts answers the bytes it wrote, newline included.
        return Math.min(text.length + 1, 0x7fffffff)
      }
      case 'putchar':
        this.put(String.fromCharCode(num(args[0]) & 0xff))
        return num(args[0]) & 0xff
      case 'getchar':
        return this.readStdin()
      case 'scanf':
      case 'sscanf':
      case 'fscanf':
        return this.scanFormatted(name, args, extra as number[])
      case 'exit':
        this.exit = { status: num(args[0]) & 0xff, line: this.line }
        return undefined
      case '_exit':
        // The system call at once: no atexit handlers, no flush, so what waits in stdout's
        // buffer is lost, as after a crash (the classic surprise after fork).
        this.stdoutStream?.discard()
        this.exit = { status: num(args[0]) & 0xff, line: this.line }
        return undefined
      case 'getenv':
        return this.environmentValue(this.readCString(num(args[0])))
      case 'write':
        return this.writeFileDescriptor(num(args[0]) | 0, args[1], size(args[2]))
      case 'abort':
        throw this.signal(
          'SIGABRT',
          undefined,
          `abort() was called at line ${this.line}: the process sends itself SIGABRT and dies.`,
          { key: 'exit.abortCalled', params: { line: this.line } }
        )
      case '__assert': {
        const a = args[0]
        if (a !== 0 && a !== 0n) return undefined
        const info = extra as { assertText: string; function: string }
        // glibc's __assert_fail: "%s%s%s:%u: %s%sAssertion `%s' failed.", the program's short
        // name and ": " first (`prog: t.c:5: main: Assertion ...` for ./prog).
        const message = `${PROGRAM_SHORT_NAME}: ${this.file}:${this.line}: ${info.function}: Assertion \`${info.assertText}' failed.`
        this.writeStderr(message + '\n')
        throw this.signal(
          'SIGABRT',
          undefined,
          `${message} — assert() found its condition false, printed this message and called abort(), which raises SIGABRT.`,
          { key: 'exit.assert', params: { message } }
        )
      }
      case 'atoi':
      case 'atol': {
        const s = this.readCString(num(args[0]))
        const match = /^[ \t\n\v\f\r]*([+-]?[0-9]+)/.exec(s)
        if (!match) return 0
        // glibc's atoi and atol are strtol, which saturates at LONG_MIN / LONG_MAX.
        let v = BigInt(match[1])
        if (v > 0x7fffffffffffffffn) v = 0x7fffffffffffffffn
        else if (v < -0x8000000000000000n) v = -0x8000000000000000n
        return name === 'atoi' ? Number(BigInt.asIntN(32, v)) : I.wrapS64(v)
      }
      case 'abs': {
        const v = num(args[0])
        return v < 0 ? -v | 0 : v
      }
      case 'labs':
        return I.negS(args[0]) > args[0] ? I.negS(args[0]) : args[0]
      case '__builtin_popcount':
      case '__builtin_popcountl':
      case '__builtin_popcountll':
      case '__builtin_clz':
      case '__builtin_clzl':
      case '__builtin_clzll':
      case '__builtin_ctz':
      case '__builtin_ctzl':
      case '__builtin_ctzll':
      case '__builtin_parity':
      case '__builtin_parityl':
      case '__builtin_parityll':
      case '__builtin_ffs':
      case '__builtin_ffsl':
      case '__builtin_ffsll':
        return bitBuiltin(name, args[0])
      case '__builtin_bswap16':
      case '__builtin_bswap32':
      case '__builtin_bswap64':
        return byteSwap(
          name === '__builtin_bswap16' ? 2 : name === '__builtin_bswap32' ? 4 : 8,
          args[0]
        )
      case 'div':
      case 'ldiv':
      case 'lldiv':
        return this.quotientAndRemainder(name === 'div' ? 4 : 8, args)
      case 'srand':
        this.seedRandom(num(args[0]) >>> 0 || 1)
        return undefined
      case 'isdigit':
        return /[0-9]/.test(String.fromCharCode(num(args[0]))) ? 2048 : 0
      case 'isalpha':
        return /[A-Za-z]/.test(String.fromCharCode(num(args[0]))) ? 1024 : 0
      case 'isspace':
        return /[ \t\n\v\f\r]/.test(String.fromCharCode(num(args[0]))) ? 8192 : 0
      case 'isupper':
        return /[A-Z]/.test(String.fromCharCode(num(args[0]))) ? 256 : 0
      case 'islower':
        return /[a-z]/.test(String.fromCharCode(num(args[0]))) ? 512 : 0
      case 'isalnum':
        return /[A-Za-z0-9]/.test(String.fromCharCode(num(args[0]))) ? 8 : 0
      case 'toupper': {
        const c = num(args[0])
        return c >= 97 && c <= 122 ? c - 32 : c
      }
      case 'tolower': {
        const c = num(args[0])
        return c >= 65 && c <= 90 ? c + 32 : c
      }
      case 'sqrt':
        return Math.sqrt(num(args[0]))
      default:
        return this.moreLibrary(name, args, extra)
    }
  }

  /** printf, puts: `text` written to stdout (through its buffer, when it has one). */
  private write(text: string): void {
    const stream = this.stdoutStream
    if (!stream) return this.deliver(text)
    const delivered = stream.write(text)
    if (delivered) this.deliver(delivered)
  }

  /** putchar and puts' newline: one byte to stdout (glibc's putc). */
  private put(byte: string): void {
    const stream = this.stdoutStream
    if (!stream) return this.deliver(byte)
    const delivered = stream.put(byte)
    if (delivered) this.deliver(delivered)
  }

  /** glibc copies the text into the buffer in the heap: the byte inspector shows it there. */
  private storeInStdoutBuffer(offset: number, bytes: string): void {
    const address = (this.stdoutStream?.bufferAddress ?? 0) + offset
    const mem = this.machine.memory
    for (let i = 0; i < bytes.length; i++) mem.write8(address + i, bytes.charCodeAt(i) & 0xff)
  }

  /**
   * `_IO_file_doallocate`: the first output mallocs stdout's buffer through the run's
   * allocator, a block like any other (heap log, timeline, heap view), at the line of that output.
   */
  /**
   * glibc's `_IO_file_underflow` for stdin: the first read mallocs its buffer (even at end of
   * input), and each refill read()s the next input into it, a line from a terminal, up to the
   * buffer's size from a pipe or file. When stdin is line-buffered (a terminal's) or
   * unbuffered, a line-buffered stdout is flushed first, so a prompt shows before the program
   * waits (`stdinFlushesStdout`).
   */
  private fillStdin(): void {
    const size = this.stdinBufferBytes
    if (size !== 0 && this.stdinBuffer === 0)
      this.stdinBuffer = this.allocateStdioBuffer(size, 'stdin')
    if (this.stdinFlushesStdout && this.stdoutStream?.lineBuffered) {
      this.deliver(this.stdoutStream.flush())
    }
    if (size === 0) {
      // Unbuffered: each refill read()s one byte into the FILE's `_shortbuf`.
      this.stdinFilled = Math.min(this.stdin.length, this.stdinPos + 1)
      return
    }
    let end = Math.min(this.stdin.length, this.stdinPos + size)
    if (this.stdinTerminal) {
      const newline = this.stdin.indexOf('\n', this.stdinPos)
      if (newline >= 0 && newline < end) end = newline + 1
    }
    if (this.stdinBuffer !== 0 && end > this.stdinPos) {
      const bytes = new Uint8Array(end - this.stdinPos)
      for (let i = 0; i < bytes.length; i++)
        bytes[i] = this.stdin.charCodeAt(this.stdinPos + i) & 0xff
      this.machine.memory.writeBytes(this.stdinBuffer, bytes)
    }
    this.stdinFilled = end
  }

  /** The C library's own malloc of a stream's buffer (glibc's _IO_file_doallocate). */
  private allocateStdioBuffer(bytes: number, stream: StdioBufferCall): number {
    this.epoch++
    return this.heapCall('malloc', this.machine.malloc(bytes), 0, stream)
  }

  /** Appends to standard output, keeping at most OUTPUT_LIMIT bytes (a runaway print loop). */
  private deliver(text: string): void {
    if (this.output.length >= OUTPUT_LIMIT) return
    this.output += text
    if (this.output.length >= OUTPUT_LIMIT) {
      this.output =
        this.output.slice(0, OUTPUT_LIMIT) +
        `\n[output truncated after ${OUTPUT_LIMIT.toLocaleString('en-US')} bytes]\n`
    }
  }

  private heapCall(
    kind: 'malloc' | 'free' | 'realloc' | 'brk',
    address: number,
    from = 0,
    stdioBuffer?: StdioBufferCall
  ): number {
    const m = this.machine
    // glibc's malloc, calloc and realloc set errno to ENOMEM when they fail.
    if (address === 0 && (kind === 'malloc' || kind === 'realloc')) this.setErrno(12)
    const footprint = m.programBreak() - m.heapStart + m.mmapBytes()
    if (footprint > this.peakHeapBytes) this.peakHeapBytes = footprint
    if (this.onHeapCall) this.onHeapCall(kind, address, from, stdioBuffer)
    return address
  }

  /** Largest heap + mmap footprint so far (bytes obtained from the kernel). */
  peakHeapBytes = 0

  /**
   * printf's formatting of the variable arguments `args` (their kinds as codegen passed them),
   * after `fixedIntegers` integer parameters (1 for printf's format, 2 for sprintf, 3 for
   * snprintf).
   */
  private format(
    formatAddr: number,
    args: Value[],
    kinds: number[],
    fixedIntegers: number
  ): string {
    const format = this.readCString(formatAddr)
    let i = 0
    // printf reads its variable arguments from registers/stack by what the format says, not by
    // what was passed, so a mismatch reads the raw bits, as on x86-64 (ints and doubles live in
    // different registers, which this reproduces by taking them from separate queues).
    const ints: Value[] = []
    const doubles: number[] = []
    args.forEach((v, k) => {
      const kind = kinds[k]
      if (kind === K.F64) doubles.push(v as number)
      else if ((kind === K.I32 || kind === IMMEDIATE_I32) && typeof v === 'number' && v < 0) {
        // gcc passes an int with a 32-bit move, which clears the upper half of the 64-bit
        // register, so `%ld` of -5 reads 4294967291; only a constant pushed on the stack (past
        // the sixth integer argument) arrives sign-extended, by `pushq $-5`.
        const onStack = fixedIntegers + ints.length >= 6
        ints.push(kind === IMMEDIATE_I32 && onStack ? v : v >>> 0)
      } else ints.push(v)
    })
    // printf, fprintf, sprintf and snprintf (glibc 2.36: `sub $0xd8,%rsp`, then, only when %al
    // says doubles were passed, %xmm0..7 to 0x50(%rsp)...) keep the double argument registers
    // in a save area at the caller's %rsp - 0x90 + 16k, and a %f reads its double from there.
    // With no double passed the slot keeps what was left in it: printf("%f", 5) after
    // printf("%f", 2.5) at the same depth prints 2.500000, as the real process does.
    const saveArea = this.rsp - 0x90
    const memory = this.machine.memory
    // All eight registers are saved; those not passed are taken as 0 (not modelled: what
    // arithmetic left in them).
    if (doubles.length > 0)
      for (let k = 0; k < 8; k++) memory.writeDouble(saveArea + 16 * k, doubles[k] ?? 0)
    let di = 0
    // An argument the format asks for and the call did not pass is what its register holds
    // (`missingRegister`), and past the six integer registers and the eight vector ones the next
    // word of the caller's stack, above its %rsp, as va_arg's overflow area walks it: printf of
    // `%d %d %d %d %d %d %d` with nothing passed prints main's saved %rbp and return address
    // there. When the call itself passed arguments on the stack, what lies beyond them is not
    // modelled (read as 0).
    const passedOnStack =
      Math.max(0, fixedIntegers + ints.length - 6) + Math.max(0, doubles.length - 8)
    let overflow = 0
    const fromStack = (): bigint => {
      const at = this.rsp + 8 * overflow++
      if (passedOnStack > 0) return 0n
      this.check(at, 8, 'read')
      return BigInt.asUintN(64, BigInt(this.loadS64(at)))
    }
    const nextInteger = (): Value => {
      const k = i++
      if (k < ints.length) return ints[k]
      const register = fixedIntegers + k
      return register < 6 ? this.missingRegister(register) : fromStack()
    }
    const source: PrintfArguments = {
      int: () => {
        const v = nextInteger()
        return typeof v === 'bigint' ? v : BigInt(v)
      },
      double: () => {
        const k = di++
        if (k < doubles.length) return doubles[k]
        if (k < 8) return memory.readDouble(saveArea + 16 * k)
        const bits = fromStack()
        return new Float64Array(new BigUint64Array([bits]).buffer)[0]
      },
      string: () => {
        const p = Number(nextInteger())
        return p === 0 ? null : this.readCString(p)
      },
      pointer: () => {
        const v = nextInteger()
        return typeof v === 'bigint' || v < 0 ? BigInt.asUintN(64, BigInt(v)) : v
      },
      storeCount: (count, bits) => {
        // A missing argument reads what the register holds (0 when not modelled: it faults as NULL).
        const v = nextInteger()
        if (typeof v !== 'number') throw this.wildAccess(v, bits / 8, 'write')
        this.check(v, bits / 8, 'write')
        const mem = this.machine.memory
        if (bits === 8) mem.write8(v, count & 0xff)
        else if (bits === 16) mem.write16(v, count & 0xffff)
        else if (bits === 32) mem.write32(v, count)
        else mem.write64(v, BigInt(count))
      }
    }
    return formatPrintf(format, source)
  }

  /**
   * What argument register `register` (0 %rdi … 5 %r9) holds at a library call that did not
   * load it: at main's first call, before any code could change them, what the C library's
   * start-up left (`ProcessStart.entryRegisters`: argv in %rsi, envp in %rdx, ...); %rdx and
   * %rcx only when nothing before the call used them as scratch. Elsewhere not modelled: 0.
   */
  private missingRegister(register: number): Value {
    const first = this.mainFirstCall
    const entry = this.processStart.entryRegisters
    if (!first || !entry || this.pc !== first.pc || this.depth !== 0 || register < 1) return 0
    if ((register === 2 || register === 3) && !first.scratchKept) return 0
    return entry[register - 1]
  }

  /**
   * The simulated clock, in microseconds since the epoch: a fixed start, one microsecond per
   * step, and what the program slept. So a run gives the same times every time, time travel
   * shows the clock as it was, and OSTEP's `Spin(1)` (GetTime in a loop) waits a simulated
   * second: about a million steps.
   */
  private microseconds(): number {
    return CLOCK_START_SECONDS * 1e6 + this.steps * MICROSECONDS_PER_STEP + this.slept
  }

  /**
   * va_arg's step (gcc's inline code, glibc's vfprintf does the same): the address of the next
   * argument of its class in the va_list at `list` — a slot of the register save area while
   * gp_offset < 48 (fp_offset < 176 for a double), else the next eightbyte the caller pushed —
   * and the list moved past it.
   */
  private nextVariableArgument(list: number, sse: boolean): number {
    const memory = this.machine.memory
    this.check(list, 24, 'read')
    this.check(list, 24, 'write')
    const offsetAt = sse ? list + 4 : list
    const offset = memory.read32(offsetAt) >>> 0
    if (offset < (sse ? 176 : 48)) {
      memory.write32(offsetAt, offset + (sse ? 16 : 8))
      return memory.readPointer(list + 16) + offset
    }
    const overflow = memory.readPointer(list + 8)
    memory.writePointer(list + 8, overflow + 8)
    return overflow
  }

  /**
   * vprintf's formatting: each conversion takes its argument through the va_list at `list`, as
   * va_arg would, so the caller's list has moved past them afterwards (on x86-64 a va_list is
   * passed by reference).
   */
  private formatFromList(formatAddr: number, list: number): string {
    const format = this.readCString(formatAddr)
    const next = (sse: boolean): number => {
      const at = this.nextVariableArgument(list, sse)
      this.check(at, 8, 'read')
      return at
    }
    const memory = this.machine.memory
    const source: PrintfArguments = {
      int: () => BigInt(this.loadU64(next(false))),
      double: () => memory.readDouble(next(true)),
      string: () => {
        const p = this.loadU64(next(false))
        return p === 0 ? null : this.readCString(num(p))
      },
      pointer: () => this.loadU64(next(false)),
      storeCount: (count, bits) => {
        const v = this.loadU64(next(false))
        if (typeof v !== 'number') throw this.wildAccess(v, bits / 8, 'write')
        this.check(v, bits / 8, 'write')
        if (bits === 8) memory.write8(v, count & 0xff)
        else if (bits === 16) memory.write16(v, count & 0xffff)
        else if (bits === 32) memory.write32(v, count)
        else memory.write64(v, BigInt(count))
      }
    }
    return formatPrintf(format, source)
  }

  // ---- the rest of the C library (stdio streams, strings, strtol, math, memalign, qsort) ------

  /** The library functions after the ones programs call in their loops. */
  private moreLibrary(name: string, args: Value[], extra: unknown): Value | undefined {
    const m = this.machine
    const math = MATH_FUNCTIONS[name]
    if (math !== undefined) return math(num(args[0]), num(args[1] ?? 0))
    switch (name) {
      case 'fprintf': {
        const stream = this.stream(args[0], name)
        const text = this.format(num(args[1]), args.slice(2), (extra as number[]).slice(2), 2)
        this.writeStream(stream, text)
        return text.length
      }
      case 'fputs': {
        const stream = this.stream(args[1], name)
        const text = this.readCString(num(args[0]))
        // glibc's _IO_fputs answers 1 (EOF for a stream not open for writing).
        return this.writeStream(stream, text) ? 1 : -1
      }
      case 'fputc':
      case 'putc': {
        const stream = this.stream(args[1], name)
        const byte = num(args[0]) & 0xff
        if (stream === 'stdout') this.put(String.fromCharCode(byte))
        else if (!this.writeStream(stream, String.fromCharCode(byte))) return -1
        return byte
      }
      case 'fwrite': {
        const stream = this.stream(args[3], name)
        const count = size(args[2])
        const bytes = size(args[1]) * count
        const p = num(args[0])
        this.check(p, bytes, 'read')
        let text = ''
        for (let i = 0; i < bytes; i++) text += String.fromCharCode(m.memory.read8(p + i))
        if (bytes === 0) return 0
        return this.writeStream(stream, text) ? count : 0
      }
      case 'fflush': {
        // fflush(NULL) flushes every stream; stderr has no buffer.
        const f = num(args[0])
        if (f !== 0) this.stream(args[0], name)
        if ((f === 0 || f === STDOUT_FILE) && this.stdoutStream)
          this.deliver(this.stdoutStream.flush())
        return 0
      }
      case 'setvbuf':
        return this.setvbuf(args[0], num(args[1]), num(args[2]) | 0, size(args[3]), name)
      case 'setbuf':
        // glibc's setbuf is setvbuf with BUFSIZ bytes, always fully buffered (_IO_setbuffer).
        this.setvbuf(args[0], num(args[1]), num(args[1]) === 0 ? UNBUFFERED : -1, BUFSIZ, name)
        return undefined
      case 'perror': {
        // glibc: "s: message\n", just the message when s is NULL or empty.
        const s = num(args[0]) === 0 ? '' : this.readCString(num(args[0]))
        const message = errorMessage(this.currentErrno())
        this.writeStderr(s === '' ? `${message}\n` : `${s}: ${message}\n`)
        return undefined
      }
      case 'strerror':
        return this.errorString(num(args[0]) | 0)
      case 'getc':
      case 'fgetc':
        return this.stream(args[0], name) === 'stdin' ? this.readStdin() : this.notReadable()
      case 'getline':
        return this.getdelim(args[0], args[1], 10, args[2], name)
      case 'getdelim':
        return this.getdelim(args[0], args[1], num(args[2]) & 0xff, args[3], name)
      case 'fgets': {
        // glibc's fgets: up to n - 1 bytes, through the newline; NULL when nothing was read.
        const s = num(args[0])
        const n = num(args[1]) | 0
        if (this.stream(args[2], name) !== 'stdin') {
          this.notReadable()
          return 0
        }
        if (n <= 0) return 0
        let line = ''
        while (line.length < n - 1) {
          const c = this.readStdin()
          if (c < 0) break
          line += String.fromCharCode(c)
          if (c === 10) break
        }
        if (line === '' && n > 1) return 0
        this.writeCString(s, line)
        return s
      }
      case '__errno_location':
        this.mapLibraryPage()
        return ERRNO_ADDRESS
      case 'strndup': {
        const s = this.readCString(num(args[0]), size(args[1]))
        const p = this.heapCall('malloc', m.malloc(s.length + 1))
        if (p) this.writeCString(p, s)
        return p
      }
      case 'strrchr': {
        const p = num(args[0])
        const c = num(args[1]) & 0xff
        const s = this.readCString(p)
        const i = c === 0 ? s.length : s.lastIndexOf(String.fromCharCode(c))
        return i < 0 ? 0 : p + i
      }
      case 'strstr': {
        const p = num(args[0])
        const i = this.readCString(p).indexOf(this.readCString(num(args[1])))
        return i < 0 ? 0 : p + i
      }
      case 'strpbrk': {
        const p = num(args[0])
        const s = this.readCString(p)
        const set = this.readCString(num(args[1]))
        for (let i = 0; i < s.length; i++) if (set.includes(s[i])) return p + i
        return 0
      }
      case 'strspn':
      case 'strcspn': {
        const s = this.readCString(num(args[0]))
        const set = this.readCString(num(args[1]))
        const inSet = name === 'strspn'
        let i = 0
        while (i < s.length && set.includes(s[i]) === inSet) i++
        return i
      }
      case 'strncat': {
        const d = num(args[0])
        const head = this.readCString(d)
        this.writeCString(d + head.length, this.readCString(num(args[1]), size(args[2])))
        return d
      }
      case 'strnlen':
        return this.readCString(num(args[0]), size(args[1])).length
      case 'strtok':
        return this.strtok(num(args[0]), num(args[1]))
      case 'memchr': {
        const p = num(args[0])
        const c = num(args[1]) & 0xff
        const n = size(args[2])
        for (let i = 0; i < n; i++) {
          this.check(p + i, 1, 'read')
          if (m.memory.read8(p + i) === c) return p + i
        }
        return 0
      }
      case 'atoll':
        return this.builtin(BUILTIN_NAMES.indexOf('atol'), args, extra)
      case 'lround':
      case 'llround': {
        const r = MATH_FUNCTIONS.round(num(args[0]), 0)
        // Out of range (or NaN), cvttsd2si's answer: the most negative value.
        if (!(Math.abs(r) < 2 ** 63)) return I.wrapS64(-(1n << 63n))
        return I.wrapS64(BigInt(r))
      }
      case 'isnan':
        return num(args[0]) !== num(args[0]) ? 1 : 0
      case 'isinf': {
        const x = num(args[0])
        return x === Infinity ? 1 : x === -Infinity ? -1 : 0
      }
      case '__builtin_frame_address':
      case '__builtin_return_address': {
        // gcc -O0 follows the saved %rbp chain `level` times from this function's %rbp.
        let frame: Value = this.rbp
        for (let level = num(args[0]); level > 0; level--) frame = this.loadU64(frame as number)
        return name === '__builtin_frame_address' ? frame : this.loadU64((frame as number) + 8)
      }
      case '__builtin_expect':
        return args[0]
      case '__builtin_va_start': {
        // gcc's inline va_start: gp_offset and fp_offset past the named arguments' registers,
        // the caller's pushed arguments after the named ones, the prologue's register save area.
        const start = (extra as { vaStart: VaStart }).vaStart
        const list = num(args[0])
        this.check(list, 24, 'write')
        m.memory.write32(list, start.gpOffset)
        m.memory.write32(list + 4, start.fpOffset)
        m.memory.writePointer(list + 8, this.rbp + start.overflowOffset)
        m.memory.writePointer(list + 16, this.rbp + start.saveAreaOffset)
        return undefined
      }
      case '__builtin_va_end':
        return undefined
      case '__builtin_va_copy': {
        const to = num(args[0])
        const from = num(args[1])
        this.check(from, 24, 'read')
        this.check(to, 24, 'write')
        m.memory.copy(to, from, 24)
        return undefined
      }
      case '__builtin_va_arg_slot':
        return this.nextVariableArgument(num(args[0]), num(args[1]) === 1)
      case 'vprintf': {
        const text = this.formatFromList(num(args[0]), num(args[1]))
        this.write(text)
        return text.length
      }
      case 'vfprintf': {
        const stream = this.stream(args[0], name)
        const text = this.formatFromList(num(args[1]), num(args[2]))
        this.writeStream(stream, text)
        return text.length
      }
      case 'vsprintf':
      case 'vsnprintf': {
        const skip = name === 'vsnprintf' ? 2 : 1
        const text = this.formatFromList(num(args[skip]), num(args[skip + 1]))
        const cap = name === 'vsnprintf' ? size(args[1]) : Infinity
        if (cap > 0) this.writeCString(num(args[0]), text.slice(0, Math.min(text.length, cap - 1)))
        return text.length
      }
      case '__builtin_isfinite':
        return Number.isFinite(num(args[0])) ? 1 : 0
      case '__builtin_signbit':
        return isNegative(num(args[0])) ? 1 : 0
      case '__builtin_nanf':
        return NaN
      case '__builtin_inff':
      case '__builtin_huge_val':
        return Infinity
      case '__builtin_fpclassify':
      case '__builtin_fpclassifyf': {
        // glibc's FP_NAN 0, FP_INFINITE 1, FP_ZERO 2, FP_SUBNORMAL 3, FP_NORMAL 4.
        const x = Math.abs(num(args[0]))
        if (x !== x) return 0
        if (x === Infinity) return 1
        if (x === 0) return 2
        return x < (name === '__builtin_fpclassify' ? 2 ** -1022 : 2 ** -126) ? 3 : 4
      }
      case '__builtin_isnormal':
      case '__builtin_isnormalf': {
        const x = Math.abs(num(args[0]))
        return x >= (name === '__builtin_isnormal' ? 2 ** -1022 : 2 ** -126) && x < Infinity ? 1 : 0
      }
      case 'modf':
      case 'frexp': {
        const x = num(args[0])
        const at = num(args[1])
        let result: number
        if (name === 'modf') {
          const whole = Number.isFinite(x) ? Math.trunc(x) : x
          this.check(at, 8, 'write')
          this.machine.memory.writeDouble(at, whole)
          result =
            x !== x
              ? x
              : Number.isFinite(x)
                ? x - whole || (isNegative(x) ? -0 : 0)
                : isNegative(x)
                  ? -0
                  : 0
        } else {
          const [m, e] = x === 0 || !Number.isFinite(x) ? [x, 0] : frexp(x)
          this.check(at, 4, 'write')
          this.machine.memory.write32(at, e)
          result = m
        }
        return result
      }
      case 'atof':
      case 'strtod': {
        const text = num(args[0])
        const parsed = parseDouble(this.readCString(text))
        const endptr = name === 'strtod' ? num(args[1]) : 0
        if (endptr !== 0) {
          this.check(endptr, 8, 'write')
          m.memory.writePointer(endptr, text + parsed.consumed)
        }
        if (parsed.errno !== 0) this.setErrno(parsed.errno)
        return parsed.value
      }
      case 'isascii':
        return (num(args[0]) & ~0x7f) === 0 ? 1 : 0
      case 'isprint':
      case 'isgraph':
      case 'ispunct':
      case 'isxdigit':
      case 'iscntrl':
      case 'isblank': {
        const c = num(args[0])
        const [members, bit] = CHARACTER_CLASSES[name]
        return c >= 0 && c < 128 && members.test(String.fromCharCode(c)) ? bit : 0
      }
      case 'llabs':
        return this.builtin(BUILTIN_NAMES.indexOf('labs'), args, extra)
      case 'strtol':
      case 'strtoll':
      case 'strtoul':
      case 'strtoull': {
        const text = num(args[0])
        const unsigned = name === 'strtoul' || name === 'strtoull'
        const parsed = parseInteger(
          this.readCString(text),
          num(args[2]) | 0,
          unsigned ? 'unsigned long' : 'long'
        )
        const endptr = num(args[1])
        if (endptr !== 0 && parsed.errno !== 22) {
          this.check(endptr, 8, 'write')
          m.memory.writePointer(endptr, text + parsed.consumed)
        }
        if (parsed.errno !== 0) this.setErrno(parsed.errno)
        return unsigned ? I.wrapU64(parsed.value) : I.wrapS64(parsed.value)
      }
      case 'posix_memalign': {
        const glibc = this.glibcOnly(name)
        const result = glibc.posixMemalign(size(args[1]), size(args[2]))
        this.heapCall('malloc', result.pointer)
        if (result.error === 0) {
          const at = num(args[0])
          this.check(at, 8, 'write')
          m.memory.writePointer(at, result.pointer)
        }
        return result.error
      }
      case 'aligned_alloc':
      case 'memalign': {
        const glibc = this.glibcOnly(name)
        // glibc 2.36's aligned_alloc is memalign (the power-of-two check came in 2.38).
        return this.heapCall('malloc', glibc.memalign(size(args[0]), size(args[1])))
      }
      case 'mallopt':
        return this.glibcOnly(name).mallopt(num(args[0]) | 0, num(args[1]) | 0)
      case 'brk': {
        const address = num(args[0])
        // The kernel refuses a break below the heap's start and answers the old one, which
        // glibc's brk() takes as success.
        if (address < m.heapStart) return 0
        const old = m.programBreak()
        if (m.brk(address) !== 0) {
          this.setErrno(12)
          return -1
        }
        if (address > old) m.memory.setTag(old, address - old, HeapTag.allocated)
        this.heapCall('brk', old)
        return 0
      }
      case 'qsort':
      case 'bsearch':
        return this.startCallbacks(name, args)
      case '__callback_next':
        return this.nextCallback()
      case 'atexit':
        // glibc keeps the first 32 in libc's .data (initial); later blocks it callocs are not
        // modelled.
        this.exitHandlers.push(num(args[0]))
        return 0
      case '__exit_pending':
        return this.exitHandlers.length > 0 ? 1 : 0
      case '__exit_handler':
        return this.exitHandlers.pop() ?? 0
      case '__callback_argument': {
        const call = this.callbacks[this.callbacks.length - 1]?.call
        return call ? call[num(args[0])] : 0
      }
      case '__callback_answer': {
        const state = this.callbacks[this.callbacks.length - 1]
        // The comparator's int, as glibc reads %eax.
        const a = args[0]
        const answer = typeof a === 'bigint' ? Number(BigInt.asIntN(32, a)) : num(a) | 0
        if (state) answerComparison(state, answer, this.callbackMemory)
        return undefined
      }
      case '__callback_end':
        return this.endCallbacks()
      default:
        throw new Error(`internal: library function ${name} is not implemented`)
    }
  }

  /**
   * scanf, fscanf(stdin, …) and sscanf (scanf.ts reads, this stores): bytes from stdin's
   * buffer, one pushed back where a conversion stops, or from the string, which glibc's
   * sscanf measures first; each value through the pointer argument it belongs to, checked as
   * any store is (a missing `&` faults where the int's value points).
   */
  private scanFormatted(name: string, args: Value[], kinds: number[]): number {
    const fixed = name === 'scanf' ? 1 : 2
    let source: ScanSource
    if (name === 'sscanf') {
      const text = this.readCString(num(args[0]))
      let at = 0
      source = {
        next: () => (at < text.length ? text.charCodeAt(at++) : -1),
        unget: () => {
          at--
        }
      }
    } else {
      if (name === 'fscanf' && this.stream(args[0], name) !== 'stdin') return this.notReadable()
      source = {
        next: () => this.readStdin(),
        unget: () => {
          this.stdinPos--
        }
      }
    }
    const format = this.readCString(num(args[fixed - 1]))
    // The pointers arrive as integer arguments; a double passed by mistake is in another
    // register, so it is not among them (as on x86-64).
    const pointers = args.slice(fixed).filter((_, k) => kinds[fixed + k] !== K.F64)
    const memory = this.machine.memory
    const result = scan(format, source, (argument, value) => {
      const at = pointers[argument] ?? 0
      if (typeof at === 'bigint') {
        // Beyond 2^53: far above any mapping, so the store faults (at the nearest double).
        this.check(Number(at), 1, 'write')
        return
      }
      if (value.kind === 'bytes') {
        if (value.terminate) this.writeCString(at, value.text)
        else {
          this.check(at, value.text.length, 'write')
          const bytes = new Uint8Array(value.text.length)
          for (let i = 0; i < bytes.length; i++) bytes[i] = value.text.charCodeAt(i)
          memory.writeBytes(at, bytes)
        }
        return
      }
      if (value.kind === 'floating' && value.bytes === 8) {
        this.check(at, 8, 'write')
        memory.writeDouble(at, value.value)
        return
      }
      let bits: bigint
      let width: number
      if (value.kind === 'floating') {
        // strtof: the decimal text rounded once to single precision.
        const decimal = /^[+-]?[0-9.]/.test(value.text) && !/^[+-]?0[xX]/.test(value.text)
        const f = decimal ? decimalToFloat32(decimalPrefix(value.text)) : Math.fround(value.value)
        bits = BigInt(float32Bits(f))
        width = 4
      } else {
        bits = BigInt.asUintN(64, value.value)
        width = value.kind === 'pointer' ? 8 : value.bytes
      }
      this.check(at, width, 'write')
      const bytes = new Uint8Array(width)
      for (let i = 0; i < width; i++) bytes[i] = Number((bits >> BigInt(8 * i)) & 0xffn)
      memory.writeBytes(at, bytes)
    })
    return result.assigned
  }

  /** getchar: the next byte of stdin, through its buffer (fillStdin), or EOF (-1). */
  private readStdin(): number {
    if (this.stdinPos >= this.stdinFilled) this.fillStdin()
    if (this.stdinPos >= this.stdin.length) {
      this.endOfInput = true
      return -1
    }
    return this.stdin.charCodeAt(this.stdinPos++) & 0xff
  }

  /** Whether a read of stdin has found the end of the input (getchar returned EOF) by now. */
  get inputEnded(): boolean {
    return this.endOfInput
  }

  /** Reading from stdout or stderr: glibc answers EOF and sets EBADF. */
  private notReadable(): number {
    this.setErrno(9)
    return -1
  }

  /** Which standard stream a `FILE *` argument is; anything else stops the program. */
  private stream(file: Value, name: string): 'stdout' | 'stderr' | 'stdin' {
    const f = num(file)
    if (f === STDOUT_FILE) return 'stdout'
    if (f === STDERR_FILE) return 'stderr'
    if (f === STDIN_FILE) return 'stdin'
    // glibc reads the FILE's flags first: through NULL that is a SIGSEGV at address 0.
    if (f === 0) this.check(0, 4, 'read')
    const shown =
      typeof file === 'bigint' ? '0x' + BigInt.asUintN(64, file).toString(16) : formatAddress(f)
    throw new Stop({
      signal: 'SIGSEGV',
      code: 'SEGV_MAPERR',
      explanation: `\`${name}\` was given the FILE * ${shown}, which is not stdout, stderr or stdin: this C subset has no files, so no other stream exists, and the C library would read a FILE structure that is not there.`,
      reason: { key: 'exit.notAStream', params: { name, address: shown } },
      line: this.line
    })
  }

  /**
   * glibc's getenv: the value's address inside the environment strings Linux put at the top of
   * the stack (`__environ` is main's envp), or NULL. A run has the environment of `env -i`
   * unless RunOptions.environment gives it one, so `getenv("HOME")` is NULL, as it is for
   * `env -i ./prog`.
   */
  private environmentValue(name: string): number {
    let slot = this.processStart.envp
    if (slot === 0 || name === '') return 0
    const mem = this.machine.memory
    for (; ; slot += 8) {
      this.check(slot, 8, 'read')
      const entry = mem.readPointer(slot)
      if (entry === 0) return 0
      const text = this.readCString(entry, name.length + 1)
      if (text === `${name}=`) return entry + name.length + 1
    }
  }

  /**
   * The `write` system call: straight to the file descriptor, past stdio's buffers, so a
   * `printf` still waiting in stdout's buffer comes out after it. fd 1 is stdout's device, 2
   * stderr's; any other is not open (EBADF). Memory the process cannot read is the kernel's
   * EFAULT, not a signal.
   */
  private writeFileDescriptor(fd: number, buffer: Value, count: number): number {
    if (fd !== 1 && fd !== 2) {
      this.setErrno(9)
      return -1
    }
    if (count === 0) return 0
    const p = num(buffer)
    if (typeof buffer !== 'number' || this.machine.access(p, count, 'read') !== null) {
      this.setErrno(14)
      return -1
    }
    let text = ''
    for (let i = 0; i < count; i++) text += String.fromCharCode(this.machine.memory.read8(p + i))
    if (fd === 1) this.deliver(text)
    else this.writeStderr(text)
    return count
  }

  /**
   * getline/getdelim as glibc 2.36's `_IO_getdelim` (libio/iogetdelim.c): the line goes into
   * a heap block the function mallocs (120 bytes, before stdin's own buffer on the first read)
   * when `*lineptr` is NULL or `*n` 0, and reallocs to the larger of what it needs and twice
   * `*n` when a line does not fit; it copies what stdin's buffer holds up to the delimiter,
   * refilling the buffer as it empties. Answers the bytes read, or -1 at end of input.
   */
  private getdelim(
    linePointer: Value,
    sizePointer: Value,
    delimiter: number,
    file: Value,
    name: string
  ): number {
    const m = this.machine
    const stream = this.stream(file, name)
    const lineAt = num(linePointer)
    const sizeAt = num(sizePointer)
    if (lineAt === 0 || sizeAt === 0) {
      this.setErrno(22)
      return -1
    }
    this.check(lineAt, 8, 'read')
    this.check(sizeAt, 8, 'read')
    let line = m.memory.readPointer(lineAt)
    let capacity = m.memory.readPointer(sizeAt)
    const store = (): void => {
      this.check(lineAt, 8, 'write')
      m.memory.writePointer(lineAt, line)
      this.check(sizeAt, 8, 'write')
      m.memory.writePointer(sizeAt, capacity)
    }
    if (line === 0 || capacity === 0) {
      capacity = 120
      this.epoch++
      line = this.heapCall('malloc', m.malloc(capacity))
      if (line === 0) return -1
      store()
    }
    if (stream !== 'stdin') return this.notReadable()
    let length = 0
    if (this.stdinPos >= this.stdinFilled && !this.underflowStdin()) return -1
    for (;;) {
      const held = this.stdin.slice(this.stdinPos, this.stdinFilled)
      const end = held.indexOf(String.fromCharCode(delimiter))
      const chunk = end >= 0 ? held.slice(0, end + 1) : held
      let needed = length + chunk.length + 1
      if (needed > capacity) {
        if (needed < 2 * capacity) needed = 2 * capacity
        this.epoch++
        const moved = this.heapCall('realloc', m.realloc(line, needed), line)
        if (moved === 0) return -1
        line = moved
        capacity = needed
        store()
      }
      this.check(line + length, chunk.length, 'write')
      const bytes = new Uint8Array(chunk.length)
      for (let i = 0; i < chunk.length; i++) bytes[i] = chunk.charCodeAt(i) & 0xff
      m.memory.writeBytes(line + length, bytes)
      this.stdinPos += chunk.length
      length += chunk.length
      if (end >= 0 || !this.underflowStdin()) break
    }
    this.check(line + length, 1, 'write')
    m.memory.write8(line + length, 0)
    return length
  }

  /** `__underflow` on stdin: refills its buffer; false at the end of the input. */
  private underflowStdin(): boolean {
    this.fillStdin()
    if (this.stdinPos < this.stdinFilled) return true
    this.endOfInput = true
    return false
  }

  /**
   * setvbuf(stream, buffer, mode, size) as glibc 2.36 does it (`mode` -1: setbuf's fully
   * buffered `buffer`). stdout changes buffering (stdio.ts `StdoutStream.setvbuf`): `_IONBF`
   * frees the library's buffer and writes each printf at once, so a crash loses nothing;
   * `_IOFBF` with NULL mallocs the buffer now if there is none. stderr is unbuffered already.
   * stdin's buffering only matters before its first read (whether its buffer is malloc'd, and
   * whether a read flushes a line-buffered stdout first).
   */
  private setvbuf(file: Value, buffer: number, mode: number, bytes: number, name: string): number {
    const stream = this.stream(file, name)
    const known =
      mode === -1 || mode === FULLY_BUFFERED || mode === LINE_BUFFERED || mode === UNBUFFERED
    if (!known) return -1
    if (stream === 'stdout') {
      const stdout = this.stdoutStream
      // The classroom's stdout has no buffer at all (RunOptions.stdout 'unbuffered').
      if (!stdout) return 0
      const before = this.stdioBuffer()
      let result = 0
      this.inSetvbuf = true
      if (mode === -1) this.deliver(stdout.setbuf(buffer, bytes))
      else {
        const answer = stdout.setvbuf(mode, buffer, bytes)
        this.deliver(answer.delivered)
        result = answer.result
      }
      this.inSetvbuf = false
      if (before && this.stdioBuffer()?.payload !== before.payload) {
        this.epoch++
        this.machine.free(before.payload)
        this.heapCall('free', before.payload, 0, 'stdout-setvbuf')
      }
      return result
    }
    if (stream === 'stderr' && mode === UNBUFFERED) return 0
    if (stream === 'stdin' && buffer === 0 && mode !== -1 && this.stdinBuffer === 0) {
      if (mode === UNBUFFERED) {
        this.stdinBufferBytes = 0
        this.stdinFlushesStdout = true
      } else if (mode === LINE_BUFFERED) this.stdinFlushesStdout = true
      else {
        // _IOFBF mallocs the buffer now; on a terminal that also clears the line mode the
        // allocation set, so reads no longer flush stdout.
        if (this.stdinBufferBytes !== 0)
          this.stdinBuffer = this.allocateStdioBuffer(this.stdinBufferBytes, 'stdin-setvbuf')
        this.stdinFlushesStdout = false
      }
      return 0
    }
    throw new Stop({
      signal: 'SIGABRT',
      explanation: `\`${name}\` was asked to give ${stream} a buffering this C subset does not model: it models stdout's buffering, stderr unbuffered, and stdin's before its first read without a buffer of the program's.`,
      reason: { key: 'exit.bufferingUnsupported', params: { name, stream } },
      line: this.line
    })
  }

  /** Text to stdout (through its buffer) or stderr (unbuffered); false for stdin (EOF, EBADF). */
  private writeStream(stream: 'stdout' | 'stderr' | 'stdin', text: string): boolean {
    if (stream === 'stdout') this.write(text)
    else if (stream === 'stderr') this.writeStderr(text)
    else {
      this.setErrno(9)
      return false
    }
    return true
  }

  /** Standard error: unbuffered, so it reaches the terminal at once, before stdout's buffer. */
  private writeStderr(text: string): void {
    if (text === '' || this.stderr.length >= OUTPUT_LIMIT) return
    const marks = this.stderrMarks
    // A new run of stderr text only where stdout has delivered something since the last one.
    if (marks.length === 0 || marks[marks.length - 2] !== this.output.length)
      marks.push(this.output.length, this.stderr.length)
    this.stderr += text
  }

  /** errno as the program would read it now. */
  private currentErrno(): number {
    return this.errnoMapped ? this.machine.memory.read32(ERRNO_ADDRESS) | 0 : this.errnoValue
  }

  private setErrno(value: number): void {
    this.errnoValue = value
    if (this.errnoMapped) this.machine.memory.write32(ERRNO_ADDRESS, value)
  }

  /**
   * The thread's TLS block, where glibc keeps errno (0x7ffff7dd16c0 in a real process under
   * `setarch -R`), mapped when the program first asks for errno's address; strerror's
   * messages are put there too (a real one points into libc's .rodata, not modelled).
   */
  private mapLibraryPage(): void {
    if (this.errnoMapped) return
    this.machine.space.addMapping(LIBRARY_PAGE, LIBRARY_PAGE + LIBRARY_PAGE_BYTES)
    // The C library's own memory, not a block of the heap checker's.
    this.machine.memory.setTag(LIBRARY_PAGE, LIBRARY_PAGE_BYTES, HeapTag.allocated)
    this.errnoMapped = true
    this.machine.memory.write32(ERRNO_ADDRESS, this.errnoValue)
  }

  /** strerror: the message's address (unknown numbers share glibc's one buffer). */
  private errorString(errnum: number): number {
    this.mapLibraryPage()
    const slot = errnum >= 0 && errnum < KNOWN_ERRORS ? errnum : KNOWN_ERRORS
    const address = LIBRARY_PAGE + ERROR_STRINGS_OFFSET + slot * ERROR_STRING_BYTES
    this.writeCString(address, errorMessage(errnum))
    return address
  }

  /**
   * strtok as glibc's: skip delimiters from `s` (or where the last call stopped), and end the
   * token at the next delimiter, which becomes a NUL; the position is static state.
   */
  private strtok(s: number, delimiters: number): number {
    let at = s === 0 ? this.strtokNext : s
    const set = this.readCString(delimiters)
    // glibc reads *s at once: a first call with NULL reads address 0.
    if (at === 0) this.check(0, 1, 'read')
    const text = this.readCString(at)
    let i = 0
    while (i < text.length && set.includes(text[i])) i++
    at += i
    if (i === text.length) {
      this.strtokNext = at
      return 0
    }
    const token = at
    let j = i
    while (j < text.length && !set.includes(text[j])) j++
    if (j === text.length) this.strtokNext = token + (j - i)
    else {
      this.check(token + (j - i), 1, 'write')
      this.machine.memory.write8(token + (j - i), 0)
      this.strtokNext = token + (j - i) + 1
    }
    return token
  }

  /** The allocator as glibc's, for a function only glibc's malloc has; otherwise a clear stop. */
  private glibcOnly(name: string): GlibcExtras {
    const allocator = this.machine.allocator as unknown as Partial<GlibcExtras>
    if (allocator.mallopt && allocator.memalign && allocator.posixMemalign)
      return allocator as GlibcExtras
    const used = this.machine.allocator.name
    throw new Stop({
      signal: 'SIGABRT',
      explanation: `\`${name}\` belongs to glibc's malloc, and this run uses the \`${used}\` allocator, which has no such function. Run the program with the glibc allocator to see what it does.`,
      reason: { key: 'exit.glibcOnly', params: { name, allocator: used } },
      line: this.line
    })
  }

  /** Checked memory for the qsort/bsearch state machines. */
  private readonly callbackMemory: CallbackMemory = {
    copy: (dest, src, bytes) => {
      this.check(src, bytes, 'read')
      this.check(dest, bytes, 'write')
      this.machine.memory.copy(dest, src, bytes)
    },
    readPointer: (address) => {
      this.check(address, 8, 'read')
      return this.machine.memory.readPointer(address)
    },
    writePointer: (address, value) => {
      this.check(address, 8, 'write')
      this.machine.memory.writePointer(address, value)
    }
  }

  /** qsort/bsearch, called by their driver (codegen.ts compileCallbackLoop) in its frame. */
  private startCallbacks(name: string, args: Value[]): undefined {
    if (name === 'bsearch') {
      const [key, base, count, width, compare] = args.map(num)
      this.callbacks.push(startSearch(key, base, count, width, compare))
      return undefined
    }
    const [base, count, width, compare] = args.map(num)
    const state = startSort(
      base,
      count,
      width,
      compare,
      this.callbackMemory,
      (bytes) => {
        // glibc keeps errno across this malloc.
        const saved = this.errnoValue
        const p = this.heapCall('malloc', this.machine.malloc(bytes))
        this.setErrno(saved)
        return p
      },
      this.rsp
    )
    if (state.tmp === 0)
      throw new Stop({
        signal: 'SIGKILL',
        explanation: `qsort could not malloc its ${(count * width).toLocaleString('en-US')}-byte temporary array: glibc would then sort with its quicksort instead, which this simulator does not model.`,
        reason: { key: 'exit.qsortNoMemory', params: { bytes: count * width } },
        line: this.line
      })
    const lowest = this.rsp - state.stackBytes - MERGE_FRAME_BYTES
    if (lowest < this.stackBottom) throw this.stackOverflow('qsort', lowest)
    if (state.stackBytes > 0) this.machine.memory.uninitialize(state.tmp, state.stackBytes)
    this.callbacks.push(state)
    return undefined
  }

  /**
   * The next comparison, if any (1), with %rsp lowered to where glibc calls the comparator
   * from: below qsort's temporary array and one merge frame per level of the merge sort.
   */
  private nextCallback(): number {
    const state = this.callbacks[this.callbacks.length - 1]
    if (!state || !nextComparison(state, this.callbackMemory)) return 0
    const call = state.call!
    const rsp =
      state.kind === 'qsort'
        ? this.rbp - QSORT_FRAME_BYTES - state.stackBytes - MERGE_FRAME_BYTES * call[2]
        : this.rbp - BSEARCH_FRAME_BYTES
    this.rsp = rsp
    if (rsp < this.minRsp) this.minRsp = rsp
    return 1
  }

  /** qsort frees its malloc'd array; bsearch answers what it found. */
  private endCallbacks(): number | undefined {
    const state = this.callbacks.pop()
    if (!state) return undefined
    if (state.kind === 'qsort') {
      this.rsp = this.rbp - QSORT_FRAME_BYTES
      if (state.heapTmp !== 0) {
        this.machine.free(state.heapTmp)
        this.heapCall('free', state.heapTmp)
      }
      return undefined
    }
    this.rsp = this.rbp - BSEARCH_FRAME_BYTES
    return state.result
  }

  // ---- reachability: leaks and garbage collection ------------------------------------------------

  /** Ranges that hold roots: .data, .bss and the live part of the stack. */
  private rootRanges(includeStack: boolean): Array<[number, number]> {
    const ranges: Array<[number, number]> = []
    const { data, bss } = this.program.sizes
    if (data) ranges.push([this.sectionStart.data, this.sectionStart.data + data])
    if (bss) ranges.push([this.sectionStart.bss, this.sectionStart.bss + bss])
    // A leaf function's locals lie below %rsp, in the red zone.
    if (includeStack)
      ranges.push([this.rsp - (this.functionAt(this.pc)?.redZone ?? 0), this.mainRbp + 16])
    return ranges
  }

  /**
   * Where pointers that keep blocks alive may be, as memcheck looks for them: .data, .bss, the
   * live stack (`includeStack`: not after main has returned) and the "registers", the values
   * the expression being evaluated still holds on the operand stack.
   */
  leakRoots(includeStack: boolean): LeakRoots {
    const values: number[] = []
    // stdout's FILE, in libc's data, points to its buffer.
    const buffer = this.stdoutStream?.bufferAddress ?? 0
    if (buffer !== 0) values.push(buffer)
    // So does stdin's.
    if (this.stdinBuffer !== 0) values.push(this.stdinBuffer)
    for (let k = 0; k < this.sp; k++) {
      const v = this.stack[k]
      if (typeof v === 'number') values.push(v)
    }
    return { ranges: this.rootRanges(includeStack), values }
  }

  /**
   * Classifies live blocks as valgrind's memcheck does (shared/sim/leaks.ts): still reachable,
   * possibly lost (reached only through an interior pointer), definitely lost, or indirectly
   * lost (only lost blocks point to it; one block of a lost cycle leads it, definitely lost).
   */
  leakReport(includeStack: boolean): LeakReport {
    const report = findLeaks(this.machine, this.leakRoots(includeStack))
    const buffer = this.stdioBuffer()
    if (buffer) {
      // valgrind runs glibc's __libc_freeres at exit, which frees stdout's buffer: it is
      // reported neither lost nor still reachable.
      report.reachableBlocks--
      report.reachableBytes -= buffer.requested
    }
    if (this.stdinBuffer !== 0) {
      report.reachableBlocks--
      report.reachableBytes -= this.stdinBufferBytes
    }
    return report
  }

  /** stdout's buffer while it is allocated (the C library's block, not the program's). */
  stdioBuffer(): { payload: number; requested: number } | null {
    const stream = this.stdoutStream
    // A buffer the program gave setvbuf/setbuf is its own memory, not the library's block.
    if (!stream || stream.bufferAddress === 0 || stream.userBuffer) return null
    return { payload: stream.bufferAddress, requested: stream.bufferBytes }
  }

  /** stdin's buffer while it is allocated (the C library's, malloc'd by the first read). */
  stdinBufferBlock(): { payload: number; requested: number } | null {
    return this.stdinBuffer === 0
      ? null
      : { payload: this.stdinBuffer, requested: this.stdinBufferBytes }
  }

  private gcForget(p: number): void {
    const i = this.gcBlocks.indexOf(p)
    if (i >= 0) this.gcBlocks.splice(i, 1)
  }

  /**
   * Boehm-Demers-Weiser style: mark from the roots conservatively, free unreachable GC blocks.
   * Like Boehm's collector by default, a pointer into the middle of a block keeps it (memcheck's
   * "possibly lost" is kept); only blocks no chain of pointers reaches are garbage.
   */
  private collectGarbage(): void {
    const report = this.leakReport(true)
    const garbage = new Set([...report.definite, ...report.indirect].map((b) => b.payload))
    const keep: number[] = []
    for (const p of this.gcBlocks) {
      if (!garbage.has(p)) keep.push(p)
      else this.machine.free(p)
    }
    this.gcBlocks.length = 0
    this.gcBlocks.push(...keep)
  }
}

/** glibc's TLS block in a real process (`setarch -R`): errno is at 0x7ffff7dd16c0. */
const LIBRARY_PAGE = 0x7ffff7dd1000
const LIBRARY_PAGE_BYTES = 0x3000
const ERRNO_ADDRESS = LIBRARY_PAGE + 0x6c0
/** strerror's messages, one 64-byte slot per errno value 0–133, then the "Unknown error" one. */
const ERROR_STRINGS_OFFSET = 0x800
const ERROR_STRING_BYTES = 64
const KNOWN_ERRORS = 134

/** What glibc's malloc has beyond the common allocator interface. */
interface GlibcExtras {
  memalign(alignment: number, size: number): number
  posixMemalign(alignment: number, size: number): { error: number; pointer: number }
  mallopt(param: number, value: number): number
}

/** The C library's part of a snapshot. */
export interface LibrarySnapshot {
  /** Functions atexit registered and exit has not called yet, in registration order. */
  exitHandlers: number[]
  errno: number
  errnoMapped: boolean
  strtok: number
  slept: number
  stderrMarks: number[]
  callbacks: CallbackState[]
}

/**
 * 1 for the library functions that change heap blocks (and so the heap checker's tags), after
 * which the access cache must be asked again; the others (printf, rand, strlen…) leave it valid.
 */
const CHANGES_HEAP = Uint8Array.from(BUILTIN_NAMES, (name) =>
  [
    'malloc',
    'calloc',
    'realloc',
    'free',
    'strdup',
    'strndup',
    'posix_memalign',
    'aligned_alloc',
    'memalign',
    'mallopt',
    'brk',
    'qsort',
    '__callback_end',
    'sbrk',
    'malloc_trim',
    'setvbuf',
    'setbuf',
    'getline',
    'getdelim',
    'GC_malloc',
    'GC_gcollect'
  ].includes(name)
    ? 1
    : 0
)

/**
 * 1 for the library functions a real `call` reaches; 0 for gcc's built-ins it expands inline
 * (callee-saved.ts `expandedInline`: all `__builtin_` names but popcount, libgcc's).
 */
const CALLED_BUILTIN = Uint8Array.from(BUILTIN_NAMES, (name) =>
  name.startsWith('__builtin_') && !name.startsWith('__builtin_popcount') ? 0 : 1
)

/** Library functions the BUILTIN instruction calls without the generic dispatch. */
const RAND = BUILTIN_NAMES.indexOf('rand')
const PRINTF = BUILTIN_NAMES.indexOf('printf')
const MALLOC = BUILTIN_NAMES.indexOf('malloc')
const FREE = BUILTIN_NAMES.indexOf('free')

/**
 * An argument array of a library call, of doubles as the operand stack (see newOperandStack):
 * an address copied into it is not boxed.
 */
/** When the simulated clock starts: 2026-01-01 00:00:00 UTC (vm.ts `microseconds`). */
export const CLOCK_START_SECONDS = 1767225600
/** How long a step takes on the simulated clock. */
export const MICROSECONDS_PER_STEP = 1

/** Library calls with fewer arguments than this reuse an argument array (Process.argsOfCount). */
const ARGUMENT_ARRAYS = 16

function newArguments(count: number): Value[] {
  const args = new Array<number>(count).fill(0.5)
  args.fill(0)
  return args
}

/** An array of 256 doubles (V8's unboxed double elements: the 0.5 fill makes it one). */
function newOperandStack(): Value[] {
  const stack = new Array<number>(256).fill(0.5)
  stack.fill(0)
  return stack
}

/** 1 for the library functions that return a double (in %xmm0, leaving %rax alone). */
/** Library functions whose own stack use is modelled (library-stack.ts). */
const LIBRARY_STACK = Uint8Array.from(BUILTIN_NAMES, (name) => (usesLibraryStack(name) ? 1 : 0))
const DOUBLE_RESULTS = new Set([
  'atof',
  'strtod',
  'modf',
  'frexp',
  '__builtin_nanf',
  '__builtin_inff',
  '__builtin_huge_val'
])
/** 1 for the library functions that return nothing (no result after their call). */
const RETURNS_VOID = Uint8Array.from(BUILTIN_NAMES, (name) =>
  BUILTINS[name].returns.kind === 'void' ? 1 : 0
)

const RETURNS_DOUBLE = Uint8Array.from(BUILTIN_NAMES, (name) =>
  name in MATH_FUNCTIONS || DOUBLE_RESULTS.has(name) ? 1 : 0
)

/**
 * gcc's bit built-ins on the argument's 32 or 64 bits (`l`/`ll`: 64), as gcc 12 -O0 computes
 * them on x86-64: popcount through libgcc's __popcountdi2, clz as `bsr` then `xor 31` (`bsr`
 * leaves a zero argument as it is, so clz(0) is 31, clzl(0) 63), ctz as `rep bsf`, which is
 * `tzcnt` on a processor with BMI1 (ctz(0) is 32, ctzl(0) 64), ffs and parity exactly.
 */
function bitBuiltin(name: string, v: Value): number {
  const wide = name.endsWith('l')
  const width = wide ? 64 : 32
  let x = BigInt.asUintN(width, BigInt(v))
  const base = name.slice('__builtin_'.length).replace(/l+$/, '')
  if (base === 'popcount' || base === 'parity') {
    let count = 0
    for (; x !== 0n; x &= x - 1n) count++
    return base === 'popcount' ? count : count & 1
  }
  if (base === 'clz') return x === 0n ? width - 1 : width - x.toString(2).length
  // ctz and ffs: the lowest set bit.
  let low = 0
  if (x !== 0n) while (((x >> BigInt(low)) & 1n) === 0n) low++
  if (base === 'ffs') return x === 0n ? 0 : low + 1
  return x === 0n ? width : low
}

/** __builtin_bswap16/32/64: the `bytes` low bytes of `v` in the opposite order. */
function byteSwap(bytes: 2 | 4 | 8, v: Value): Value {
  let x = BigInt.asUintN(bytes * 8, BigInt(v))
  let r = 0n
  for (let i = 0; i < bytes; i++, x >>= 8n) r = (r << 8n) | (x & 0xffn)
  return bytes === 8 ? I.wrapU64(r) : Number(r)
}

/** A value as a JavaScript number (pointers, sizes, ints). */
function num(v: Value): number {
  return typeof v === 'number' ? v : Number(v)
}

/** A size_t argument: a negative value is a huge unsigned size that no allocation can meet. */
function size(v: Value): number {
  const n = num(v)
  return n < 0 ? Number.MAX_SAFE_INTEGER : n
}

function loadSize(op: number): number {
  switch (op) {
    case Op.LD_I8:
    case Op.LD_U8:
      return 1
    case Op.LD_I16:
    case Op.LD_U16:
      return 2
    case Op.LD_I32:
    case Op.LD_U32:
    case Op.LD_F32:
      return 4
    default:
      return 8
  }
}

/** A bit-field's storage unit is read and written whole, unsigned, by its size in bytes. */
const UNIT_LOAD: Record<number, number> = { 1: Op.LD_U8, 2: Op.LD_U16, 4: Op.LD_U32, 8: Op.LD_U64 }
const UNIT_STORE: Record<number, number> = { 1: Op.ST_8, 2: Op.ST_16, 4: Op.ST_32, 8: Op.ST_64 }

/** The value of a bit-field in its storage unit (sign-extended from its width when signed). */
function fieldOfUnit(unit: Value, field: BitFieldAccess): Value {
  const bits =
    (BigInt.asUintN(field.unit * 8, I.big(unit)) >> BigInt(field.shift)) &
    ((1n << BigInt(field.width)) - 1n)
  return I.norm(field.signed ? BigInt.asIntN(field.width, bits) : bits)
}

/** The unit with the field set to `v` cut to its width, and the value the field then holds. */
function withField(unit: Value, field: BitFieldAccess, v: Value): { unit: Value; value: Value } {
  const mask = ((1n << BigInt(field.width)) - 1n) << BigInt(field.shift)
  const bits = BigInt.asUintN(field.width, I.big(v))
  const updated =
    (BigInt.asUintN(field.unit * 8, I.big(unit)) & ~mask) | (bits << BigInt(field.shift))
  return {
    unit: I.norm(updated),
    value: I.norm(field.signed ? BigInt.asIntN(field.width, bits) : bits)
  }
}

function storeForLoad(ld: number): number {
  switch (ld) {
    case Op.LD_I8:
    case Op.LD_U8:
      return Op.ST_8
    case Op.LD_I16:
    case Op.LD_U16:
      return Op.ST_16
    case Op.LD_I32:
    case Op.LD_U32:
      return Op.ST_32
    case Op.LD_F64:
      return Op.ST_F64
    case Op.LD_F32:
      return Op.ST_F32
    case Op.LD_PTR:
      return Op.ST_PTR
    default:
      return Op.ST_64
  }
}

/** Operand words after each opcode. */
/** main's first call and whether %rdx and %rcx still hold what main started with there. */
interface MainFirstCall {
  pc: number
  scratchKept: boolean
}

/**
 * Instructions gcc -O0 makes without %rdx or %rcx: constants, a local's address, loads and
 * stores of locals, loads through a pointer (`mov (%rax),%eax`).
 */
const KEEPS_SCRATCH = new Set<number>([
  Op.PUSH,
  Op.PUSHK,
  Op.LOCAL,
  Op.POP,
  Op.STMT,
  Op.LDL_I32,
  Op.LDL_I64,
  Op.LDL_PTR,
  Op.LDL_F64,
  Op.LDL_U32,
  Op.STL_32,
  Op.STL_PTR,
  Op.STL_64,
  Op.STL,
  Op.LD_I8,
  Op.LD_U8,
  Op.LD_I16,
  Op.LD_U16,
  Op.LD_I32,
  Op.LD_U32,
  Op.LD_I64,
  Op.LD_U64,
  Op.LD_F64,
  Op.LD_PTR
])

/**
 * main's first call, if main reaches it by straight-line code from its entry (no branch before
 * it and none back into that stretch), so that it runs once per run, with the argument
 * registers as the C library's start-up left them except those the call loads; null otherwise,
 * or when a struct copy (`rep movs`: %rsi, %rcx) comes first. `scratchKept`: no instruction
 * before it is one gcc makes with %rdx or %rcx (KEEPS_SCRATCH; an element at a constant index
 * is an `add $n,%rax`), and the call is a printf passing at most one argument after the format:
 * with two, gcc may hold one in %rdx while it loads the other (`printf("%d", n, 2.5)` loads
 * 2.5 through %rdx).
 */
function firstCallOfMain(
  code: Int32Array | number[],
  main: CompiledFunction,
  consts: readonly unknown[]
): MainFirstCall | null {
  let scratchKept = true
  let call = -1
  let previous = -1
  for (let pc = main.entry; pc < main.end; pc += 1 + operandCount(code[pc])) {
    const op = code[pc]
    if (op === Op.BUILTIN || op === Op.CALL || op === Op.CALLI || op === Op.VARARGS) {
      call = pc
      break
    }
    if (op === Op.JMP || op === Op.JZ || op === Op.JNZ || op === Op.SWITCH) return null
    if (op === Op.RET || op === Op.HALT || op === Op.COPY) return null
    if (!KEEPS_SCRATCH.has(op) && !(op === Op.PTR_ADD && previous === Op.PUSH)) scratchKept = false
    previous = op
  }
  if (call < 0 || code[call] !== Op.BUILTIN || CALLED_BUILTIN[code[call + 1]] !== 1) return null
  if (code[call + 1] !== PRINTF || code[call + 2] > 2) scratchKept = false
  // A jump later in main back into the stretch (a loop's head) would run the call again.
  for (let pc = main.entry; pc < main.end; pc += 1 + operandCount(code[pc])) {
    const op = code[pc]
    const targets =
      op === Op.JMP || op === Op.JZ || op === Op.JNZ
        ? [code[pc + 1]]
        : op === Op.SWITCH
          ? [
              ...(consts[code[pc + 1]] as SwitchTable).cases.values(),
              (consts[code[pc + 1]] as SwitchTable).otherwise
            ]
          : []
    if (targets.some((t) => t > main.entry && t <= call)) return null
  }
  return { pc: call, scratchKept }
}

export function operandCount(op: number): number {
  switch (op) {
    case Op.PUSH:
    case Op.PUSHK:
    case Op.LOCAL:
    case Op.REVERSE:
    case Op.LDL_I32:
    case Op.LDL_I64:
    case Op.LDL_PTR:
    case Op.LDL_F64:
    case Op.LDL_U32:
    case Op.STL_32:
    case Op.STL_PTR:
    case Op.STL_64:
    case Op.COPY:
    case Op.LD_BITS:
    case Op.ST_BITS:
    case Op.AND_64:
    case Op.OR_64:
    case Op.XOR_64:
    case Op.NEG:
    case Op.BITNOT:
    case Op.PTR_ADD:
    case Op.PTR_SUB:
    case Op.JMP:
    case Op.JZ:
    case Op.JNZ:
    case Op.SWITCH:
    case Op.STMT:
    case Op.RET:
    case Op.RET_STRUCT:
    case PUSH_RAX:
    case Op.VARARGS_END:
      return 1
    case Op.ZERO_LOCAL:
    case Op.PERMUTE:
    case Op.STL:
    case Op.CVT:
    case Op.TRUNC:
    case Op.CALLI:
    case Op.VARARGS:
      return 2
    case Op.CALL:
    case Op.BUILTIN:
    case Op.VA_SAVE:
      return 3
    case Op.INCDEC:
      return 4
    default:
      return 0
  }
}
