/**
 * What a learner can see of a process at one step: the plain-data picture the simulator
 * produces and the views draw. It crosses the worker and IPC/WebSocket boundaries, so it
 * holds only JSON-safe data (numbers, strings, arrays, plain objects; no BigInt, no classes).
 *
 * The interpreter (`shared/lang`) builds it; the memory views (`renderer/src/components/memory`)
 * draw it; lesson checks (`shared/lessons`) read facts from it.
 */
import type { BlockInfo, MisuseEvent, Permissions, Reason, SegmentName } from './sim/types'
import { hexAddress } from './hex'

/** Heap figures at one step (see the simulator-core issue for the definitions). */
export interface HeapMetrics {
  /** Program break minus heap start, in bytes. */
  heapSize: number
  /** Sum of the sizes the program asked for, over live blocks. */
  requestedBytes: number
  /** Sum of whole block sizes over live (allocated) blocks, headers included. */
  allocatedBytes: number
  /** allocatedBytes − requestedBytes, and its parts. */
  internalFragmentation: number
  headerBytes: number
  paddingBytes: number
  /** 1 − largestFree ÷ totalFree; 0 when nothing is free. */
  externalFragmentation: number
  freeBytes: number
  freeBlocks: number
  largestFreeBlock: number
  /** Peak requested payload ÷ heap size at that point (CS:APP malloc lab definition). */
  peakUtilization: number
  mmapBytes: number
  liveBlocks: number
}

/** One mapped region, as the address-space map draws it. `end` is exclusive. */
export interface SegmentView {
  name: SegmentName
  start: number
  end: number
  permissions: Permissions
  /** Stack only: the lowest address the stack may reach (top − limit). */
  limit?: number
}

/** Where a pointer points, classified for the arrows of the pointer view. */
export interface PointerTarget {
  kind: 'null' | 'heap' | 'freed' | 'global' | 'stack' | 'rodata' | 'text' | 'mmap' | 'invalid'
  /** What is there, e.g. "block at 0x5555555592a0 (+8)", "global counter", "main". */
  label: string
  /**
   * `label` as a message key (under `memory.pointer.target.` in the app's message files) and
   * parameters, for a translated interface: `address` is a number (the view formats it), an
   * `offset` is said as " (+offset)" after the sentence. Absent for NULL, a function's own
   * name and blocks (whose sentence the view makes from `kind` and `base`).
   */
  reason?: Reason
  /** Start of the block/variable/function pointed into, when known. */
  base?: number
}

/** A value as the views print it. 64-bit integers travel as decimal strings. */
export type ValueView =
  | { kind: 'uninitialized' }
  | { kind: 'integer'; text: string }
  | { kind: 'float'; text: string }
  | { kind: 'pointer'; address: number; target: PointerTarget }
  | { kind: 'array'; elements: VariableView[]; truncated?: number }
  | { kind: 'struct'; fields: VariableView[] }
  | { kind: 'function'; name: string; address: number }

/** A named object in memory: a local, a parameter, a global, a static, an element or a field. */
export interface VariableView {
  name: string
  /** The C type as a programmer writes it, e.g. `struct node *`, `int[10]`. */
  type: string
  address: number
  size: number
  kind: 'local' | 'parameter' | 'global' | 'static' | 'element' | 'field'
  value: ValueView
}

/** One activation record, laid out as gcc -O0 does on x86-64. */
export interface StackFrameView {
  /** 0 for main's frame, increasing towards the top of the stack. */
  depth: number
  function: string
  /** Line of the call that created this frame (undefined for main). */
  callLine?: number
  /** Line currently executing in this frame. */
  line: number
  /** Address of the saved frame pointer slot (the value of %rbp in this frame). */
  framePointer: number
  /** Lowest address of the frame (the value of %rsp when this frame is on top). */
  stackPointer: number
  returnAddress: number
  /** The caller's frame pointer, saved in this frame. */
  savedFramePointer: number
  /**
   * Callee-saved registers gcc -O0 pushes right after %rbp (a value computed before a call
   * waits in one across it: `fib(n - 1) + fib(n - 2)`), highest address first: `%rbx` of a
   * function that needs one register is at framePointer - 8. Absent when there are none.
   */
  savedRegisters?: Array<{ register: string; address: number }>
  variables: VariableView[]
}

export interface ExitInfo {
  /** Exit status when the program returned from main or called exit. */
  status?: number
  signal?: 'SIGSEGV' | 'SIGBUS' | 'SIGFPE' | 'SIGABRT' | 'SIGKILL'
  /** e.g. SEGV_MAPERR, SEGV_ACCERR, FPE_INTDIV. */
  code?: string
  /** One or two sentences for the learner. */
  explanation?: string
  /** `explanation` as a message key and parameters, for a translated user interface. */
  reason?: Reason
  line?: number
}

/** A string literal or other constant in .rodata. */
export interface LiteralView {
  address: number
  text: string
  size: number
}

/**
 * Most heap blocks a state carries. A program that mallocs until the memory limit leaves a
 * quarter of a million blocks: carrying every one on every step (listed, packed, sent, parsed,
 * laid out) froze the page for ~30 s an action. The heap view shows this many at a time, and
 * asks for another part of the heap when the learner moves through it.
 */
export const HEAP_BLOCK_WINDOW = 2000

/** Which part of a big heap a state's `blocks` are (see ProcessState.blockWindow). */
export interface BlockWindow {
  /** Position of `blocks[0]` among all the heap's blocks, in address order. */
  first: number
  /** How many blocks the heap has at this step, all of them. */
  total: number
  /** Of them, those the program's calls made (not the allocator's bookkeeping). */
  programBlocks: number
  /** Position of the largest free block among all (the first when sizes tie), or -1. */
  largestFree: number
}

/**
 * Where a big heap's carried part starts: a position among all blocks, 'end' (the last ones,
 * where a growing heap changes), or `{ address }`: the part with the block holding that address
 * (or the first block above it) in its middle, for a view that looks at one address (the byte
 * inspector) to see who owns it.
 */
export type BlocksFrom = number | 'end' | { address: number }

/** Position of the first block (in address order) that ends above `address`. */
function positionOfAddress(blocks: readonly BlockInfo[], address: number): number {
  let lo = 0
  let hi = blocks.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (blocks[mid].address + blocks[mid].size <= address) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The part of `blocks` (every block, in address order) a state carries: all of them when there
 * are at most `count`, else `count` from `from` (clamped) and the window saying which. One
 * pass of comparisons over all blocks, no object made per block.
 */
export function windowOfBlocks<B extends BlockInfo>(
  blocks: readonly B[],
  from: BlocksFrom,
  count = HEAP_BLOCK_WINDOW
): { blocks: B[]; window?: BlockWindow } {
  if (blocks.length <= count) return { blocks: blocks.slice() }
  const last = blocks.length - count
  const start =
    from === 'end'
      ? last
      : typeof from === 'number'
        ? from
        : positionOfAddress(blocks, from.address) - Math.floor(count / 2)
  const first = Math.max(0, Math.min(last, Math.floor(start)))
  let programBlocks = 0
  let largestFree = -1
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]
    if (block.bin !== 'bookkeeping') programBlocks++
    if (block.free && (largestFree < 0 || block.size > blocks[largestFree].size)) largestFree = i
  }
  return {
    blocks: blocks.slice(first, first + count),
    window: { first, total: blocks.length, programBlocks, largestFree }
  }
}

/** The whole picture at one step. */
export interface ProcessState {
  step: number
  /** Source line about to execute (or that faulted). */
  line: number | null
  layout: string
  allocator: string
  segments: SegmentView[]
  heapStart: number
  programBreak: number
  stackTop: number
  stackLimit: number
  /** %rsp and %rbp of the innermost frame. */
  stackPointer: number
  framePointer: number
  /** Innermost frame last. When the stack is very deep, only the outermost and innermost frames are included. */
  frames: StackFrameView[]
  /** Total number of frames, which may exceed `frames.length`. */
  frameCount: number
  /**
   * What sits above main's frame, top of the stack last: the start-up frames of libc
   * (`libc-start`), argc, the argv and envp pointer arrays, the auxiliary vector and the
   * strings they point at, as Linux lays them out. Absent when the process has no frames.
   */
  processStart?: Array<{
    kind: 'libc-start' | 'argc' | 'argv' | 'envp' | 'auxv' | 'strings'
    start: number
    /** Exclusive. */
    end: number
  }>
  /** When frames were left out: they sit between frames[elidedAfter] and frames[elidedAfter + 1]. */
  elided?: { after: number; count: number; functions: string[]; bytes: number }
  globals: VariableView[]
  literals: LiteralView[]
  blocks: BlockInfo[]
  /**
   * Present when the heap has more blocks than a state carries (HEAP_BLOCK_WINDOW): which of
   * them `blocks` holds, and the figures over all of them the views need. Absent, `blocks` is
   * every block.
   */
  blockWindow?: BlockWindow
  /**
   * Only on the way from the simulator worker to the page: `blocks` packed into numbers, as
   * base64 text (shared/packedBlocks.ts), `blocks` then empty. The page's API client unpacks them.
   */
  packedBlocks?: string
  freeLists: Record<string, Array<[number, number]>>
  metrics: HeapMetrics
  /** Misuse reports so far (double free, leaks, ...). */
  events: MisuseEvent[]
  /** Everything the program printed so far. */
  output: string
  /**
   * When the program wrote to stderr: stdout and stderr interleaved as a terminal shows them
   * (stderr is unbuffered, so it can come before stdout text printed earlier).
   */
  terminal?: Array<{ stream: 'stdout' | 'stderr'; text: string }>
  /** A read of standard input found its end (getchar returned EOF) by this step. */
  inputEnded?: true
  exit?: ExitInfo
}

/** Bytes of memory at one step, for the byte inspector. */
export interface MemoryDump {
  address: number
  /** One entry per byte: 0–255, or null when unmapped. */
  bytes: Array<number | null>
  /** Per byte: false when never written since it was mapped or allocated. */
  initialized: boolean[]
  /** Per byte: true when the last step changed it. */
  changed: boolean[]
}

/** Per-step figures for the charts and the scrubber, sampled when a run is long. */
export interface TimelinePoint {
  step: number
  heapSize: number
  requestedBytes: number
  allocatedBytes: number
  externalFragmentation: number
  liveBytes: number
  leakedBytes: number
  stackDepth: number
  stackBytes: number
}

/**
 * A run's timeline keeps its first this many markers (heap calls, misuse reports, checkpoints);
 * its exit and a fault are always kept. The scrubber says where the marks stop.
 */
export const TIMELINE_MARKER_LIMIT = 5000

export interface TimelineMarker {
  step: number
  kind: 'malloc' | 'free' | 'realloc' | 'fault' | 'misuse' | 'checkpoint' | 'brk' | 'exit'
  line?: number
  /** What happened, in English (`malloc → 0x5555555592a0`). */
  label: string
  /**
   * `label` as a message key under `memory.scrubber.event` and its parameters, so the scrubber
   * can say it in the learner's language. Absent for markers whose label is already the
   * learner's text (a lesson's checkpoint title).
   * @example { key: 'malloc', params: { address: '0x5555555592a0' } }
   */
  reason?: Reason
}

/** A stream whose buffer the C library mallocs itself: stdout at the first output, stdin at the first read. */
export type StdioStreamName = 'stdout' | 'stdin'

/**
 * Why the C library made a heap call for a stream's buffer: the stream's first use (`stdout`,
 * `stdin`), or setvbuf/setbuf (`stdout-setvbuf`, `stdin-setvbuf`), which mallocs a fully
 * buffered stream's buffer at once and frees the library's buffer it replaces.
 */
export type StdioBufferCall = StdioStreamName | `${StdioStreamName}-setvbuf`

/**
 * The timeline's marker for a heap call: what malloc returned, what free was given, the old
 * break sbrk returned, or, for realloc, the block it was given (`from`) and the one it returned.
 * A realloc that moved its block freed the one at `from`: its marker is the only trace of that
 * free. A malloc the C library made for a stream's buffer (`stdioBuffer`) is said to be the
 * library's, so it does not read as a malloc of the program at the printf's line; so is the
 * free of stdout's buffer when setvbuf or setbuf replaces it.
 */
export function heapCallMarker(
  step: number,
  kind: 'malloc' | 'free' | 'realloc' | 'brk',
  address: number,
  line?: number,
  from = 0,
  stdioBuffer?: StdioBufferCall
): TimelineMarker {
  const hex = hexAddress(address)
  if (kind === 'malloc' && stdioBuffer && address !== 0) {
    const stream = stdioBuffer.startsWith('stdout') ? 'stdout' : 'stdin'
    const bySetvbuf = stdioBuffer.endsWith('-setvbuf')
    const key = `malloc${stream === 'stdout' ? 'Stdout' : 'Stdin'}Buffer${bySetvbuf ? 'Setvbuf' : ''}`
    return {
      step,
      kind,
      line,
      label: `${stream}'s buffer → ${hex} (the C library's malloc${bySetvbuf ? ', by setvbuf' : ''})`,
      reason: { key, params: { address: hex } }
    }
  }
  if (kind === 'free' && stdioBuffer === 'stdout-setvbuf') {
    // setvbuf/setbuf replaced the buffer the library had malloc'd (glibc's _IO_setb frees it).
    return {
      step,
      kind,
      line,
      label: `free(${hex}): stdout's buffer (the C library's free)`,
      reason: { key: 'freeStdoutBuffer', params: { address: hex } }
    }
  }
  if (kind === 'realloc') {
    const old = hexAddress(from)
    const key = address === 0 ? 'reallocNull' : address === from ? 'reallocInPlace' : 'realloc'
    return {
      step,
      kind,
      line,
      label: `realloc(${old}) → ${hex}`,
      reason: { key, params: { from: old, address: hex } }
    }
  }
  const label =
    kind === 'malloc' ? `malloc → ${hex}` : kind === 'free' ? `free(${hex})` : `sbrk → ${hex}`
  return { step, kind, line, label, reason: { key: kind, params: { address: hex } } }
}

/** Reason keys of misuse markers (the scrubber's `event.*` sentences), by MisuseEvent kind. */
const MISUSE_MARK_KEYS: Record<Exclude<MisuseEvent['kind'], 'leak'>, string> = {
  'double-free': 'doubleFree',
  'invalid-free': 'invalidFree',
  'use-after-free': 'useAfterFree',
  'heap-overflow': 'heapOverflow',
  'uninitialized-read': 'uninitializedRead'
}

/**
 * The marker of a misuse the checker reported (a double free, a use after free, an overflow...),
 * at the step whose state first holds the report, so the scrubber can jump to it. Leaks have
 * none: they are found at the exit, which has its own marker.
 */
export function misuseMarker(event: MisuseEvent): TimelineMarker | null {
  if (event.kind === 'leak') return null
  const address = hexAddress(event.address)
  return {
    step: event.step,
    kind: 'misuse',
    line: event.line,
    label: `${event.kind} at ${address}`,
    reason: { key: MISUSE_MARK_KEYS[event.kind], params: { address } }
  }
}

/** The timeline's last marker: how the run ended (`exit 0`, a signal), or `end` while it has not. */
export function endMarker(step: number, exit: ExitInfo | null, line?: number): TimelineMarker {
  const kind = exit?.signal ? 'fault' : 'exit'
  if (!exit) return { step, kind, line, label: 'end', reason: { key: 'end', params: {} } }
  if (exit.signal) {
    const { signal, code } = exit
    return code
      ? {
          step,
          kind,
          line,
          label: `${signal} (${code})`,
          reason: { key: 'signalCode', params: { signal, code } }
        }
      : { step, kind, line, label: signal, reason: { key: 'signal', params: { signal } } }
  }
  const status = String(exit.status ?? 0)
  return { step, kind, line, label: `exit ${status}`, reason: { key: 'exit', params: { status } } }
}

export interface Timeline {
  totalSteps: number
  points: TimelinePoint[]
  markers: TimelineMarker[]
}
