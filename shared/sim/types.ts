/**
 * The contracts every part of the simulator agrees on: the memory that programs read and
 * write, the host an allocator gets its memory from, and the allocator interface itself.
 *
 * Addresses are plain JavaScript numbers. The highest address any profile uses
 * (0x7ffffffff000, the top of a Linux user stack) is below 2^47, far inside the 2^53 range
 * where numbers are exact, so no BigInt is needed for addresses. 64-bit *values* stored in
 * memory (a `long`, a pointer read as data) go through `read64`/`write64` as BigInt.
 */

/** Segment names of a process's address space, in ascending address order on Linux. */
export type SegmentName = 'text' | 'rodata' | 'data' | 'bss' | 'heap' | 'mmap' | 'stack'

/** Page permissions as `/proc/PID/maps` prints them. */
export type Permissions = 'r-x' | 'r--' | 'rw-' | '---'

/** What an access tried to do; a fault reports it. */
export type AccessKind = 'read' | 'write' | 'execute'

/**
 * A memory fault: what a real process would receive as SIGSEGV. Returned as a value,
 * never thrown out of the simulator.
 */
export interface Fault {
  signal: 'SIGSEGV'
  /**
   * `SEGV_MAPERR`: nothing is mapped there; `SEGV_ACCERR`: mapped, but not with this permission;
   * `SI_KERNEL`: the access touches a non-canonical address (bits 47–63 not all equal, e.g.
   * 0x4141414141414141), which the CPU refuses with a general-protection fault before any page
   * is looked up, so the kernel reports no address.
   */
  code: 'SEGV_MAPERR' | 'SEGV_ACCERR' | 'SI_KERNEL'
  address: number
  access: AccessKind
  /** The segment the address falls in, if any. */
  segment?: SegmentName
  /** One sentence a learner understands, e.g. "Writing to 0x0: address 0 (NULL) is never mapped." */
  explanation: string
  /** The same sentence as a message key and parameters, for a translated user interface. */
  reason?: Reason
}

/**
 * A simulator sentence as data: a message key (under `simulator.` in the app's message files)
 * and its parameters (addresses already formatted as hex strings). JSON-safe, so it travels in
 * a ProcessState; the English `explanation`/`message` beside it stays for the command line.
 */
export interface Reason {
  key: string
  params: Record<string, string | number>
}

/** A mapped region of the address space. `end` is exclusive. */
export interface Segment {
  name: SegmentName
  start: number
  end: number
  permissions: Permissions
}

/**
 * Byte-addressable, little-endian, sparse memory with checked access. `check` is the single
 * gate: the interpreter calls it before an access and turns a returned `Fault` into SIGSEGV.
 * The unchecked `read*`/`write*` methods are for the simulator's own bookkeeping (allocator
 * headers) after a check, or where the address is known to be mapped.
 */
export interface Memory {
  /** `null` when `length` bytes at `address` may be accessed this way, the fault otherwise. */
  check(address: number, length: number, access: AccessKind): Fault | null
  read8(address: number): number
  read16(address: number): number
  read32(address: number): number
  read64(address: number): bigint
  readDouble(address: number): number
  write8(address: number, value: number): void
  write16(address: number, value: number): void
  write32(address: number, value: number): void
  write64(address: number, value: bigint): void
  /** A 64-bit little-endian value as a number, exact below 2^53 (pointers, sizes). */
  readPointer(address: number): number
  /** Store a non-negative number below 2^53 as 64 little-endian bits (pointers, sizes). */
  writePointer(address: number, value: number): void
  writeDouble(address: number, value: number): void
  readBytes(address: number, length: number): Uint8Array
  writeBytes(address: number, bytes: Uint8Array): void
  fill(address: number, length: number, value: number): void
  /** True for each byte never written since it was mapped (malloc'd memory is uninitialized). */
  isInitialized(address: number): boolean
  /** Mark bytes uninitialized again (freshly malloc'd or freed-and-reused memory). */
  uninitialize(address: number, length: number): void
  /**
   * A new watch on a few ranges of this memory (see `MemoryWatch`); `PagedMemory` has it, so
   * every machine's memory does.
   */
  watch?(): MemoryWatch
}

/**
 * A cheap "has anyone written my ranges?" for an allocator that keeps a typed-array copy of its
 * metadata words: `count` moves on every data write overlapping one of the ranges (and on every
 * restore), from the program, a builtin, a range operation, or the allocator itself. Keep `count`
 * at the end of each call, after your own writes; a different value at the start of the next
 * call means someone else wrote there. It may move for a few writes outside the ranges (the
 * check is against the span of all ranges), never stays still for one inside. Reads cost nothing.
 */
export interface MemoryWatch {
  /** Compare for equality only (a 32-bit counter that wraps). */
  readonly count: number
  /** Watch [start, end) as range `index` (0 to 3); start = end: none. Move it with the break. */
  setRange(index: number, start: number, end: number): void
  /**
   * [start, end) spanning every counted write since `clearWritten()` ([0, Infinity) after a
   * restore; [Infinity, -Infinity) when none), to reload only that part of a cache.
   */
  written(): { start: number; end: number }
  clearWritten(): void
  /** Stop watching. */
  close(): void
}

/** Why a block is where it is, for the views and the leak checker. */
export interface BlockOrigin {
  step: number
  line?: number
}

/**
 * One block of the heap (or one mmapped chunk) as the views and metrics see it.
 * `address` is where the block starts (its header); `payload` is the pointer malloc returned.
 * size = headerBytes + payload bytes (requested) + paddingBytes + footerBytes.
 */
export interface BlockInfo {
  address: number
  size: number
  payload: number
  /** Bytes the program asked for; 0 for a free block. */
  requested: number
  headerBytes: number
  footerBytes: number
  /** Alignment padding plus rounding up to the allocator's granularity. */
  paddingBytes: number
  free: boolean
  /** Where the block lives, for allocators that say more than free/allocated. */
  bin?:
    | 'tcache'
    | 'fastbin'
    | 'unsorted'
    | 'smallbin'
    | 'largebin'
    | 'top'
    | 'mmap'
    | 'pool'
    | 'buddy'
    | 'segregated'
    | 'bookkeeping'
  /**
   * What a `bookkeeping` block keeps, when the allocator says: glibc's `tcache-struct` (the
   * tcache_perthread_struct chunk at the start of the heap: 64 counts and 64 list heads, which
   * is why the first malloc does not return the heap's first byte) or a `fencepost` (the two
   * 16-byte chunks glibc writes to close a heap region it had to leave). On an allocated
   * block, `stdio-buffer`: the buffer the C library malloc'd for stdout on the first output
   * (the interpreter marks it; the allocator cannot tell it from the program's own blocks);
   * `stdin-buffer`: the one it malloc'd for stdin on the first read (getchar).
   */
  role?: 'tcache-struct' | 'fencepost' | 'stdio-buffer' | 'stdin-buffer'
  /** The header no longer holds what the allocator wrote there (heap overflow). */
  corrupted?: boolean
  allocated?: BlockOrigin
  freed?: BlockOrigin
}

/** Misuse of the heap API, reported as an event (checked allocators) or an abort (glibc). */
export interface MisuseEvent {
  kind:
    | 'double-free'
    | 'invalid-free'
    | 'use-after-free'
    | 'heap-overflow'
    | 'uninitialized-read'
    | 'leak'
  step: number
  /**
   * The line that did it (Machine.line): a C program's statement, or a trace's operation. The
   * leaks found at exit have none.
   */
  line?: number
  address: number
  /** Plain-language description for the learner. */
  message: string
  allocated?: BlockOrigin
  freed?: BlockOrigin
  /**
   * For leaks: `definite` (no pointer to it anywhere), `indirect` (only from lost blocks) or
   * `possible` (reached only through a pointer into the middle of a block, as memcheck says).
   */
  leak?: 'definite' | 'indirect' | 'possible'
  bytes?: number
  /** `message` as a message key and parameters, for a translated user interface. */
  reason?: Reason
}

/**
 * Everything an allocator may use. It gets memory only through `sbrk` and `mmap`, exactly as a
 * C library's malloc does, so the program break visibly moves.
 */
export interface HeapHost {
  readonly memory: Memory
  readonly pageSize: number
  /** The first heap address (the initial program break). */
  readonly heapStart: number
  /** Linux semantics: returns the old break, or -1 (ENOMEM) when the heap cannot grow. */
  sbrk(increment: number): number
  /** Current break without moving it (`sbrk(0)`). */
  programBreak(): number
  /** Anonymous private mapping of `length` bytes (page-rounded), or -1. */
  mmap(length: number): number
  munmap(address: number, length: number): number
  /**
   * Linux `mremap(address, oldLength, newLength, MREMAP_MAYMOVE)` of an anonymous mapping:
   * shrinks in place, grows in place when the pages above are free, moves (contents and all)
   * otherwise. Returns the mapping's address, or -1. Optional: glibc's realloc of an mmapped
   * chunk uses it; without it the allocator moves the chunk with mmap, copy and munmap.
   */
  mremap?(address: number, oldLength: number, newLength: number): number
  /** Report misuse without stopping the program (checked allocators). */
  report(event: Omit<MisuseEvent, 'step'>): void
  /**
   * Stop the process with SIGABRT and glibc's message, e.g. "free(): double free detected in
   * tcache 2". Throws `ProcessAbort`, which the run loop catches; never escapes the simulator.
   */
  abort(message: string): never
  /** The step counter and source line of the operation in progress (for BlockOrigin). */
  origin(): BlockOrigin
}

/** Thrown by `HeapHost.abort`; caught by whoever drives the run. */
export class ProcessAbort extends Error {
  /** SIGABRT; SIGSEGV for the `ProcessFault` kind of stop. */
  readonly signal: 'SIGABRT' | 'SIGSEGV' = 'SIGABRT'
  constructor(message: string) {
    super(message)
    this.name = 'ProcessAbort'
  }
}

/**
 * Thrown when the C library itself reads memory that is not mapped, e.g. glibc's `free` reading
 * the header of an mmapped chunk that an earlier `free` already unmapped: the real process dies
 * of SIGSEGV there, with nothing on stderr. `fault` says where, as an access check would. It is
 * a ProcessAbort so that a driver that only knows aborts still ends the run cleanly; a driver
 * that knows it reports the fault as SIGSEGV.
 */
export class ProcessFault extends ProcessAbort {
  override readonly signal = 'SIGSEGV' as const
  readonly fault: Fault
  /**
   * Why the C library touched that address, as a message key (the fault's own sentence is about
   * a program access there, e.g. "the stack has overflowed", which is not what happened).
   */
  readonly reason?: Reason
  constructor(message: string, fault: Fault, reason?: Reason) {
    super(message)
    this.name = 'ProcessFault'
    this.fault = fault
    if (reason !== undefined) this.reason = reason
  }
}

/** The C heap API plus inspection. Every allocator of the simulator implements it. */
export interface Allocator {
  /** Identifier used on the command line and in lesson packs, e.g. `first-fit`, `glibc`. */
  readonly name: string
  /** Returns the payload address, or 0 (NULL) when the request cannot be met. */
  malloc(size: number): number
  free(pointer: number): void
  calloc(count: number, size: number): number
  realloc(pointer: number, size: number): number
  /** Every block in address order (heap first, then mmapped chunks). */
  blocks(): BlockInfo[]
  /** The free list(s) in list order, as [block address, block size] pairs, keyed by list name. */
  freeLists(): Record<string, Array<[number, number]>>
  /**
   * A deep copy of the allocator's own state (not memory), for time travel. Given an earlier
   * snapshot of the same allocator (`against`), an allocator may keep only what changed since,
   * referring to that one (see `snapshotParts`); it may ignore it.
   */
  snapshot(against?: unknown): unknown
  restore(snapshot: unknown): void
  /**
   * For a time-travel budget: the bytes `snapshot` keeps of its own, roughly, and the earlier
   * snapshot it was taken against (which it keeps alive), or null when it is whole.
   */
  snapshotParts?(snapshot: unknown): { bytes: number; against: unknown }
  /**
   * Keep `snapshot` (taken against another) against `against`, an earlier snapshot, or whole
   * (null) from now on, the same state, in place: for a replay that drops the snapshot it was
   * taken against. Snapshots taken against this one stay valid.
   */
  rebase?(snapshot: unknown, against: unknown): void
  /**
   * The block whose payload starts at `pointer` (allocated or free), when the allocator can
   * find it cheaply. The machine uses it to tag headers and padding for overflow checks.
   */
  blockAt?(pointer: number): BlockInfo | undefined
  /**
   * Where the block whose payload starts at `pointer` lies, without making a BlockInfo: its
   * start (header address) in `out[0]` and its whole size in `out[1]`, the `address` and `size`
   * `blockAt` would give; false (and `out` untouched) when `blockAt` would give undefined. The
   * heap checker asks on every malloc, calloc and realloc to tag the block's header and padding;
   * without it the machine calls `blockAt`.
   */
  blockBounds?(pointer: number, out: Float64Array): boolean
  /**
   * Incrementally maintained totals; without it the machine sums `blocks()`. It is called after
   * every heap operation, so it may return one object updated in place (callers copy it).
   */
  stats?(): AllocatorStats
  /**
   * Running totals as plain numbers in a typed array, indexed by `AllocatorCounter`, that the
   * allocator keeps up to date as it works (and puts back on restore). The machine reads
   * `counters[AllocatorCounter.requestedBytes]` after every malloc, calloc and realloc for peak
   * utilization: one load, no call and no object, whatever allocator runs. Without it the
   * machine calls `stats()` there instead. The array must stay the same for the allocator's
   * life (the machine takes it once).
   */
  readonly counters?: Float64Array
  /**
   * Write every header and footer into memory again from the allocator's own bookkeeping.
   * Called after a restore that did not include memory (fast trace time travel).
   */
  repairMetadata?(): void
  /**
   * True when the allocator detects misuse itself, as its C library does (glibc aborts on a
   * double free): the machine then forwards every `free` unchecked instead of reporting it.
   */
  readonly nativeMisuse?: boolean
}

/** Indexes into `Allocator.counters`. */
export const AllocatorCounter = {
  /**
   * Bytes the program asked for in the blocks it holds (heap and mmapped): what
   * `allocatedBytes − headerBytes − paddingBytes` of `stats()` gives.
   */
  requestedBytes: 0,
  /** How many counters there are: the length of a `counters` array. */
  length: 1
} as const

/** Totals over an allocator's blocks (heap and mmapped), kept up to date as it runs. */
export interface AllocatorStats {
  /** Whole sizes of allocated blocks, headers included. */
  allocatedBytes: number
  /** Header and footer bytes of allocated blocks. */
  headerBytes: number
  /** Alignment padding and rounding in allocated blocks (block size − header − footer − requested). */
  paddingBytes: number
  freeBytes: number
  freeBlocks: number
  largestFreeBlock: number
  /** Allocated blocks, heap and mmapped. */
  liveBlocks: number
}
