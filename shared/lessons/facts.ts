/**
 * The fact namespace: everything a lesson's condition or expected value may read about a run.
 * Facts are derived from the simulator's `ProcessState` (see shared/state.ts) and nothing else,
 * so a pack sees numbers and strings, never objects of the engine.
 *
 * `factNamespace` describes every fact with its type and meaning; the expression checker
 * refuses names that are not in it, and docs/pack-format.md is written from it.
 */
import type { ProcessState } from '../state'
import type { BlockInfo, MisuseEvent, SegmentName } from '../sim/types'

/** A value an expression can produce or read. Lists and records only come from facts. */
export type FactValue = number | string | boolean | null | FactValue[] | FactRecord

/** A record of named facts. Built with a null prototype so no inherited name is reachable. */
export interface FactRecord {
  readonly [name: string]: FactValue
}

/** The static shape of a fact, used to check expressions before any program runs. */
export type FactShape =
  | { kind: 'number'; nullable?: boolean; doc: string }
  | { kind: 'string'; doc: string }
  | { kind: 'boolean'; doc: string }
  | { kind: 'record'; fields: Record<string, FactShape>; doc: string }
  | { kind: 'list'; element: FactShape; doc: string }

const num = (doc: string): FactShape => ({ kind: 'number', doc })
const maybeNum = (doc: string): FactShape => ({ kind: 'number', nullable: true, doc })
const str = (doc: string): FactShape => ({ kind: 'string', doc })
const bool = (doc: string): FactShape => ({ kind: 'boolean', doc })
const rec = (doc: string, fields: Record<string, FactShape>): FactShape => ({
  kind: 'record',
  fields,
  doc
})

/** Segment names as a program's address space has them, lowest address first. */
export const segmentNames: readonly SegmentName[] = [
  'text',
  'rodata',
  'data',
  'bss',
  'heap',
  'mmap',
  'stack'
]

const segmentShape = (name: string): FactShape =>
  rec(`The ${name} segment.`, {
    start: num('Lowest address of the segment.'),
    end: num('First address past the segment.'),
    size: num('end − start, in bytes (0 when the segment is not mapped).'),
    permissions: str('Permissions as /proc/PID/maps prints them: "r-x", "r--", "rw-".'),
    mapped: bool('True when the segment exists in this run.')
  })

const blockShape = rec('One heap block (or mmapped chunk), in address order.', {
  address: num('Where the block starts (its header).'),
  payload: num('The pointer malloc returned for it.'),
  size: num('Whole block size in bytes: header + payload + padding + footer.'),
  requested: num('Bytes the program asked for; 0 for a free block.'),
  headerBytes: num('Bytes of header.'),
  footerBytes: num('Bytes of footer (boundary tag), 0 when the allocator has none.'),
  paddingBytes: num('Alignment padding and rounding.'),
  free: bool('True when the block is free.'),
  bin: str('Where the block lives for allocators that say more ("tcache", "top", ...), else "".'),
  corrupted: bool('True when the header no longer holds what the allocator wrote.')
})

const frameShape = rec('One stack frame; frames[0] is main, the last one is innermost.', {
  function: str('Name of the function.'),
  line: num('Line executing in this frame.'),
  framePointer: num('Value of %rbp in this frame.'),
  stackPointer: num('Lowest address of the frame.'),
  returnAddress: num('Where the call returns to, in .text.'),
  size: num('Bytes of the frame (framePointer − stackPointer + 16).')
})

/** Every fact an expression may name, with its type and one line of meaning. */
export const factNamespace: Record<string, FactShape> = {
  step: num('Number of steps executed so far.'),
  line: maybeNum('Source line about to execute (or that faulted); null when none.'),
  output: str('Everything the program printed so far.'),
  layout: str('The layout profile: "linux-x86_64" or "classroom".'),
  allocator: str('The allocator of this run, e.g. "first-fit", "glibc".'),
  heap: rec('The heap and its metrics.', {
    start: num('First heap address (the initial program break).'),
    break: num('The program break: the end of the heap, moved by brk/sbrk.'),
    size: num('break − start, in bytes.'),
    requested: num('Bytes the program asked for, over live blocks.'),
    allocated: num('Whole block sizes over live blocks, headers included.'),
    internalFragmentation: num('allocated − requested, in bytes.'),
    headerBytes: num('Bytes of headers over live blocks.'),
    paddingBytes: num('Bytes of alignment padding over live blocks.'),
    externalFragmentation: num('1 − largestFree ÷ free; 0 when nothing is free.'),
    free: num('Total free bytes in the heap.'),
    freeBlocks: num('Number of free blocks.'),
    largestFree: num('Size of the largest free block.'),
    peakUtilization: num('Peak requested bytes ÷ heap size at that point, 0 to 1.'),
    mmapBytes: num('Bytes in mmapped chunks.'),
    liveBlocks: num('Number of allocated blocks.')
  }),
  stack: rec('The stack.', {
    top: num('Highest stack address (the stack grows down from here).'),
    limit: num('The stack limit in bytes (8 MiB on linux-x86_64 by default).'),
    pointer: num('%rsp of the innermost frame.'),
    framePointer: num('%rbp of the innermost frame.'),
    depth: num('Number of frames on the stack, main included.'),
    bytes: num('Bytes of stack in use: top − pointer.'),
    function: str('Name of the innermost function, "" when no frame.'),
    frames: { kind: 'list', element: frameShape, doc: 'The frames included in the picture.' }
  }),
  segments: rec(
    'Each segment of the address space by name.',
    Object.fromEntries(segmentNames.map((name) => [name, segmentShape(name)]))
  ),
  blocks: { kind: 'list', element: blockShape, doc: 'Every heap block in address order.' },
  leaks: rec('Leaks reported by the leak checker (at exit).', {
    bytes: num('Bytes leaked: definitely, indirectly and possibly lost together.'),
    count: num('Number of leaked blocks.'),
    definiteBytes: num('Bytes no pointer reaches at all.'),
    indirectBytes: num('Bytes reachable only from leaked blocks.'),
    possibleBytes: num('Bytes reachable only through a pointer into their middle (possibly lost).')
  }),
  misuse: rec('Misuse of the heap API reported so far (counts).', {
    count: num('All misuse events except leaks.'),
    doubleFree: num('Double frees.'),
    invalidFree: num('Frees of pointers malloc never returned.'),
    useAfterFree: num('Accesses to freed blocks.'),
    heapOverflow: num('Writes past the end of a block.'),
    uninitializedRead: num('Reads of bytes never written.'),
    last: str('Message of the latest misuse event, "" when none.')
  }),
  exit: rec('How the program ended; every field is null/"" while it still runs.', {
    exited: bool('True once the program has ended, normally or by a signal.'),
    status: maybeNum('Exit status after return from main or exit(); null otherwise.'),
    signal: str('"SIGSEGV", "SIGBUS", "SIGFPE", "SIGABRT" or "SIGKILL" when a signal ended it, else "".'),
    code: str('Signal detail such as "SEGV_MAPERR", else "".'),
    line: maybeNum('Line where the program ended, when known.')
  })
}

/** Names of list facts' built-in members: `blocks.count`. */
export const listMembers = { count: 'Number of elements in the list.' } as const

function record(entries: Record<string, FactValue>): FactRecord {
  return Object.assign(Object.create(null) as Record<string, FactValue>, entries)
}

function blockFacts(block: BlockInfo): FactRecord {
  return record({
    address: block.address,
    payload: block.payload,
    size: block.size,
    requested: block.requested,
    headerBytes: block.headerBytes,
    footerBytes: block.footerBytes,
    paddingBytes: block.paddingBytes,
    free: block.free,
    bin: block.bin ?? '',
    corrupted: block.corrupted === true
  })
}

function countMisuse(events: MisuseEvent[], kind: MisuseEvent['kind']): number {
  return events.filter((e) => e.kind === kind).length
}

/** The facts of one moment of a run, as expressions read them. */
export function factsFromState(state: ProcessState): FactRecord {
  const m = state.metrics
  const leaks = state.events.filter((e) => e.kind === 'leak')
  const leakBytes = (filter: (e: MisuseEvent) => boolean): number =>
    leaks.filter(filter).reduce((sum, e) => sum + (e.bytes ?? 0), 0)
  const misuse = state.events.filter((e) => e.kind !== 'leak')
  const innermost = state.frames[state.frames.length - 1]
  const segments: Record<string, FactValue> = {}
  for (const name of segmentNames) {
    const segment = state.segments.find((s) => s.name === name)
    segments[name] = record({
      start: segment?.start ?? 0,
      end: segment?.end ?? 0,
      size: segment ? segment.end - segment.start : 0,
      permissions: segment?.permissions ?? '---',
      mapped: segment !== undefined
    })
  }
  const exit = state.exit
  return record({
    step: state.step,
    line: state.line,
    output: state.output,
    layout: state.layout,
    allocator: state.allocator,
    heap: record({
      start: state.heapStart,
      break: state.programBreak,
      size: state.programBreak - state.heapStart,
      requested: m.requestedBytes,
      allocated: m.allocatedBytes,
      internalFragmentation: m.internalFragmentation,
      headerBytes: m.headerBytes,
      paddingBytes: m.paddingBytes,
      externalFragmentation: m.externalFragmentation,
      free: m.freeBytes,
      freeBlocks: m.freeBlocks,
      largestFree: m.largestFreeBlock,
      peakUtilization: m.peakUtilization,
      mmapBytes: m.mmapBytes,
      liveBlocks: m.liveBlocks
    }),
    stack: record({
      top: state.stackTop,
      limit: state.stackLimit,
      pointer: state.stackPointer,
      framePointer: state.framePointer,
      depth: state.frameCount,
      bytes: state.stackTop - state.stackPointer,
      function: innermost?.function ?? '',
      frames: state.frames.map((f) =>
        record({
          function: f.function,
          line: f.line,
          framePointer: f.framePointer,
          stackPointer: f.stackPointer,
          returnAddress: f.returnAddress,
          size: f.framePointer - f.stackPointer + 16
        })
      )
    }),
    segments: record(segments),
    blocks: state.blocks.map(blockFacts),
    leaks: record({
      bytes: leakBytes(() => true),
      count: leaks.length,
      definiteBytes: leakBytes((e) => e.leak !== 'indirect' && e.leak !== 'possible'),
      indirectBytes: leakBytes((e) => e.leak === 'indirect'),
      possibleBytes: leakBytes((e) => e.leak === 'possible')
    }),
    misuse: record({
      count: misuse.length,
      doubleFree: countMisuse(misuse, 'double-free'),
      invalidFree: countMisuse(misuse, 'invalid-free'),
      useAfterFree: countMisuse(misuse, 'use-after-free'),
      heapOverflow: countMisuse(misuse, 'heap-overflow'),
      uninitializedRead: countMisuse(misuse, 'uninitialized-read'),
      last: misuse[misuse.length - 1]?.message ?? ''
    }),
    exit: record({
      exited: exit !== undefined,
      status: exit?.status ?? null,
      signal: exit?.signal ?? '',
      code: exit?.code ?? '',
      line: exit?.line ?? null
    })
  })
}
