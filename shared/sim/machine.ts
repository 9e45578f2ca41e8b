/**
 * The simulated machine: one process's address space (layout + memory + program break + mmap
 * regions), the allocator chosen for the run, the heap checker, metrics and time travel.
 *
 * The C interpreter drives it: it sets `step` and `line` before each operation, calls
 * `access()` before every load and store (a returned Fault is SIGSEGV; heap misuse becomes an
 * event), and calls `malloc`/`free`/`calloc`/`realloc`/`sbrk` for the program. Trace replay
 * drives the same heap API without the per-access checks.
 */
import { AddressSpace } from './address-space'
import {
  alignUp,
  formatAddress,
  layoutProgram,
  type LayoutProfile,
  type ProgramLayout,
  type SectionSizes
} from './layout'
import { HeapTag, PagedMemory, type MemorySnapshot } from './memory'
import { createAllocator, type AllocatorOptions } from './allocators/index'
import {
  AllocatorCounter,
  ProcessAbort,
  type AccessKind,
  type Allocator,
  type AllocatorStats,
  type BlockInfo,
  type BlockOrigin,
  type Fault,
  type HeapHost,
  type MisuseEvent,
  type Segment
} from './types'
import type { HeapMetrics } from '../state'
import { statsFromBlocks } from './metrics'
import { HeapLog, HeapOpCode } from './heap-log'
import { FreedBlocks, type FreedBlocksSnapshot } from './freed-blocks'
import { OffsetTable } from './offset-table'

export interface MachineOptions {
  /** Layout profile name (`linux-x86_64`, `classroom`) or a full profile. */
  layout?: string | LayoutProfile
  /** Per-run overrides of the profile (stack limit, page size, mmap threshold, heap start...). */
  layoutOverrides?: Partial<LayoutProfile>
  /** Section sizes the compiled program needs. */
  sections?: Partial<SectionSizes>
  /** Allocator name from the registry; default `first-fit`. */
  allocator?: string
  allocatorOptions?: AllocatorOptions
  /**
   * The heap checker (default on): tracks live and freed blocks, poisons freed payloads,
   * reports use after free, overflow, double and invalid free. Off for fast trace replay,
   * where the allocator's own reports remain.
   */
  checked?: boolean
  /**
   * Bytes of freed blocks held back from reuse (AddressSanitizer's quarantine), so a dangling
   * pointer keeps pointing at poisoned memory instead of someone else's block. 0: off.
   */
  quarantineBytes?: number
  /** Report reads of never-written bytes (checked mode only). */
  reportUninitializedReads?: boolean
}

/** What the checker knows about a live block, as reports read it. */
class LiveBlock {
  constructor(
    public requested: number,
    /** Step and line (−1: none) of the call that allocated it. */
    public step: number,
    public line: number
  ) {}

  get allocated(): BlockOrigin {
    return originOf(this.step, this.line)
  }
}

/** An opaque picture of the whole machine at one step. */
export interface MachineSnapshot {
  readonly memory: MemorySnapshot | null
  readonly programBreak: number
  readonly mmaps: Array<[number, number]>
  readonly allocator: unknown
  readonly events: number
  readonly log: number
  readonly step: number
  readonly line: number | undefined
  /** Live blocks, packed: payload − heap start, requested, step, line (−1: none) per block. */
  readonly live: Float64Array | null
  /** Freed blocks the checker remembers (a log shared with later snapshots). */
  readonly freed: FreedBlocksSnapshot | null
  readonly quarantine: Array<[number, number]>
  readonly quarantined: number
  readonly peaks: [number, number, number]
  readonly reported: Set<string> | null
}

/** The heap part of a process's state, as views and lesson checks read it. */
export interface HeapView {
  heapStart: number
  programBreak: number
  segments: Segment[]
  blocks: BlockInfo[]
  freeLists: Record<string, Array<[number, number]>>
  metrics: HeapMetrics
  events: MisuseEvent[]
}

const hex = (n: number): string => formatAddress(n)

/**
 * One past the highest user-space address of x86-64 (47-bit virtual addresses): above it an
 * address is non-canonical or the kernel's, never the program's.
 */
const USER_SPACE_END = 0x800000000000
/** Where the canonical kernel half of the 64-bit address space begins (0xffff800000000000). */
const KERNEL_SPACE_START = 2 ** 64 - 2 ** 47
/** Above 2^53 a double no longer holds every address, so the address is shown as rounded. */
const EXACT_LIMIT = 2 ** 53
const TWO_64 = 2 ** 64

const VERBS: Record<AccessKind, string> = {
  read: 'Reading',
  write: 'Writing to',
  execute: 'Executing code at'
}

/**
 * The fault of an access at or above the end of user space (`*(int *)0xdeadbeefdeadbeef`):
 * checked here because above 2^53 `address + length` rounds back to `address`, so a range check
 * would see an empty access.
 */
function beyondUserSpace(address: number, access: AccessKind, stackTop: number): Fault {
  // A value that rounded up to 2^64 was just below it.
  const shown = address >= TWO_64 ? TWO_64 - 2048 : address
  const where = (address >= EXACT_LIMIT ? 'about ' : '') + formatAddress(shown)
  return {
    signal: 'SIGSEGV',
    // The kernel's half (from 0xffff800000000000) is canonical: a page fault there, SEGV_MAPERR.
    // Below it, the access reaches a non-canonical byte (also one that starts in user space and
    // runs past its end): a general-protection fault, si_code SI_KERNEL, as the real kernel says.
    code: shown >= KERNEL_SPACE_START ? 'SEGV_MAPERR' : 'SI_KERNEL',
    address: shown,
    access,
    explanation: `${VERBS[access]} ${where} faults: it is above the top of the stack (${formatAddress(stackTop)}), beyond the end of user space (${formatAddress(USER_SPACE_END)}), where nothing of the program is ever mapped.`,
    reason: {
      key: 'fault.aboveStack',
      params: { access, address: where, stackTop: formatAddress(stackTop) }
    }
  }
}

/**
 * The log's codes of the heap calls, as constants of this module: V8 folds a module constant
 * into the code of a heap call, where `HeapOpCode.free` was a load of the imported object, a
 * check of its map and a load of its field on every call.
 */
const MALLOC = HeapOpCode.malloc
const CALLOC = HeapOpCode.calloc
const REALLOC = HeapOpCode.realloc
const FREE = HeapOpCode.free
/** The allocator counter peak utilization reads, a constant of this module for the same reason. */
const REQUESTED_BYTES = AllocatorCounter.requestedBytes

/** How many freed blocks the checker remembers for double-free and use-after-free reports. */
const FREED_MEMORY = 65536

// Snapshots keep the checker's maps packed in typed arrays: a few times smaller than Maps of
// objects, which matters when a long run keeps hundreds of snapshots.
const originOf = (step: number, line: number): BlockOrigin => (line < 0 ? { step } : { step, line })

/** Columns of the live-block table: requested bytes, allocation step and line (−1: none). */
const REQUESTED = 0
const STEP = 1
const LINE = 2

function packLive(live: OffsetTable): Float64Array {
  const out = new Float64Array(live.size * 4)
  let i = 0
  live.forEachSlot((slot) => {
    out[i++] = live.keyAt(slot)
    out[i++] = live.value(slot, REQUESTED)
    out[i++] = live.value(slot, STEP)
    out[i++] = live.value(slot, LINE)
  })
  return out
}

function unpackLive(a: Float64Array, into: OffsetTable | null): OffsetTable {
  const live = into ?? new OffsetTable(3, a.length / 4)
  live.clear()
  for (let i = 0; i < a.length; i += 4) live.set(a[i], a[i + 1], a[i + 2], a[i + 3])
  return live
}

/** "1 byte", "2 bytes". */
function bytes(n: number): string {
  return n === 1 ? '1 byte' : `${n} bytes`
}

function where(origin: BlockOrigin | undefined): string {
  if (origin === undefined) return ''
  return origin.line !== undefined ? ` at line ${origin.line}` : ` at step ${origin.step}`
}

/** The fields of a BlockInfo that withOrigins copies one by one (see there). */
const BLOCK_FIELDS = 8

/**
 * A copy of `b` with its origins, its fields written in one fixed order: `{ ...b, allocated }`
 * copied each block through V8's generic object spread (~4 µs a block; a third of state() after
 * a jump in malloc-heavy). A block with fields this does not know is spread as before.
 */
function withOrigins(
  b: BlockInfo,
  allocated: BlockOrigin,
  freed: BlockOrigin | undefined
): BlockInfo {
  const out: BlockInfo = {
    address: b.address,
    size: b.size,
    payload: b.payload,
    requested: b.requested,
    headerBytes: b.headerBytes,
    footerBytes: b.footerBytes,
    paddingBytes: b.paddingBytes,
    free: b.free
  }
  let fields = BLOCK_FIELDS
  if (b.bin !== undefined) {
    out.bin = b.bin
    fields++
  }
  if (b.role !== undefined) {
    out.role = b.role
    fields++
  }
  if (b.corrupted !== undefined) {
    out.corrupted = b.corrupted
    fields++
  }
  if (b.allocated !== undefined) fields++
  if (b.freed !== undefined) fields++
  if (Object.keys(b).length !== fields) return { ...b, allocated, ...(freed ? { freed } : {}) }
  out.allocated = allocated
  const gone = freed ?? b.freed
  if (gone !== undefined) out.freed = gone
  return out
}

export class Machine implements HeapHost {
  declare readonly layout: ProgramLayout
  declare readonly space: AddressSpace
  declare readonly memory: PagedMemory
  declare readonly allocator: Allocator
  declare readonly pageSize: number
  /**
   * Declared, not defined as undefined first (useDefineForClassFields), as `breakValue` below:
   * a field V8 first sees holding undefined keeps every number boxed, and each heap call reads it.
   */
  declare readonly heapStart: number
  declare readonly checked: boolean
  /** The operation in progress: set by whoever drives the machine. */
  step = 0
  line: number | undefined = undefined
  /** Misuse reports, oldest first. Append-only between snapshots. */
  readonly events: MisuseEvent[] = []
  /**
   * The reports after `events` in this history, from `laterAt` on: kept when a restore goes
   * back, so that a restore of a later snapshot (forwards again) gets them back.
   */
  private laterEvents: MisuseEvent[] = []
  private laterAt = 0
  /** Every heap call and break/mapping change, in order. */
  declare readonly log: HeapLog

  declare private breakValue: number
  private mmapTotal = 0
  /**
   * 1 when the break or the mappings moved since the footprint's peak was last taken (brk, mmap,
   * munmap, mremap, restore set it), else 0: a heap call looks at the footprint only then, since
   * nothing else changes it. A number, not a boolean: V8 tests a field that only ever holds small
   * integers with one compare, but a boolean field, which its optimized code knows only as some
   * heap object, with a whole ToBoolean (false, empty string, undetectable, number, bigint: five
   * compares) on every heap call.
   */
  private footprintMoved: 0 | 1 = 1
  declare private readonly quarantineLimit: number
  declare private readonly reportUninitialized: boolean
  /**
   * Live blocks by payload offset from the heap start (mmapped chunks lie far above, which is
   * still correct): requested bytes, allocation step and line.
   */
  declare private live: OffsetTable | null
  declare private readonly freed: FreedBlocks | null
  private quarantine: Array<[number, number]> = []
  private quarantined = 0
  /** Highest requested bytes and highest heap + mmap bytes (peak utilization is their ratio). */
  private peakRequested = 0
  private peakFootprint = 0
  /** One report per kind, access and line, as a leak checker groups errors by context. */
  declare private reported: Set<string> | null
  /** What origin() hands out: one object per shape, reused (see there). */
  private readonly stepOnly: { step: number } = { step: 0 }
  private readonly stepAndLine: { step: number; line: number } = { step: 0, line: 0 }
  /**
   * The allocator's live requested bytes, read without a call after every malloc, calloc and
   * realloc (see `Allocator.counters`); null: the allocator has none, ask `stats()`.
   */
  declare private readonly counters: Float64Array | null
  /** Where blockBounds() puts a block's start and size. */
  private readonly bounds = new Float64Array(2)

  constructor(options: MachineOptions = {}) {
    this.layout = layoutProgram(
      options.sections ?? {},
      options.layout ?? 'linux-x86_64',
      options.layoutOverrides ?? {}
    )
    this.space = new AddressSpace(this.layout)
    this.memory = new PagedMemory(this.space)
    this.pageSize = this.layout.pageSize
    this.heapStart = this.layout.heapStart
    this.memory.denseFrom(this.heapStart)
    this.breakValue = this.heapStart
    // Heap addresses count from the heap's start; mappings, mmapped chunks and the stack from 4 GiB
    // below the stack's top.
    this.log = new HeapLog(this.heapStart, this.layout.stackTop - 2 ** 32, this.breakValue)
    this.checked = options.checked ?? true
    this.quarantineLimit = this.checked ? (options.quarantineBytes ?? 0) : 0
    this.reportUninitialized = this.checked && (options.reportUninitializedReads ?? false)
    this.live = this.checked ? new OffsetTable(3) : null
    this.freed = this.checked ? new FreedBlocks(FREED_MEMORY, this.heapStart) : null
    this.reported = this.checked ? new Set() : null
    // The layout's mmap threshold applies unless the allocator options say otherwise.
    this.allocator = createAllocator(options.allocator ?? 'first-fit', this, {
      mmapThreshold: this.layout.mmapThreshold,
      ...(options.allocatorOptions ?? {})
    })
    this.counters = this.allocator.counters ?? null
  }

  // ---- HeapHost ----------------------------------------------------------------------------

  /**
   * The operation in progress as a BlockOrigin. The same two objects are handed out every time
   * (no allocation per heap call): read their fields at once, never keep them.
   */
  origin(): BlockOrigin {
    const line = this.line
    if (line === undefined) {
      const o = this.stepOnly
      o.step = this.step
      return o
    }
    const o = this.stepAndLine
    o.step = this.step
    o.line = line
    return o
  }

  programBreak(): number {
    return this.breakValue
  }

  /** Linux `brk`: set the break; returns 0, or -1 (ENOMEM) when it cannot move there. */
  brk(address: number): number {
    if (address < this.heapStart) return -1
    const newEnd = alignUp(address, this.pageSize)
    const oldEnd = alignUp(this.breakValue, this.pageSize)
    if (newEnd > oldEnd && newEnd > this.heapLimit()) return -1
    // The kernel's overcommit check: heap and mappings together stay within RAM + swap.
    if (newEnd > oldEnd && newEnd - this.heapStart + this.mmapTotal > this.layout.memoryLimit)
      return -1
    // Pages given back to the kernel come back zero-filled if the heap grows again.
    if (newEnd < oldEnd) this.memory.discard(newEnd, oldEnd - newEnd)
    const old = this.breakValue
    this.breakValue = address
    this.footprintMoved = 1
    this.space.setProgramBreak(address)
    this.log.append(this.step, this.line ?? -1, HeapOpCode.brk, 0, address, old, address)
    return 0
  }

  /**
   * `sbrk` as glibc's does it: -1 (ENOMEM) when the break cannot grow there; a shrink below
   * the heap's start is refused by the kernel's brk, which returns the unchanged break, and
   * glibc takes a break at or above the one asked for as success: the old break comes back.
   */
  sbrk(increment: number): number {
    const old = this.breakValue
    if (increment === 0 || old + increment < this.heapStart) return old
    return this.brk(old + increment) === 0 ? old : -1
  }

  /** The heap may grow up to the lowest mmap region (or the mmap base when there is none). */
  private heapLimit(): number {
    let limit = this.layout.mmapBase
    for (const [start] of this.space.mmapRegions()) if (start < limit) limit = start
    return limit
  }

  mmap(length: number): number {
    if (!(length > 0)) return -1
    const size = alignUp(length, this.pageSize)
    const heapBytes = alignUp(this.breakValue, this.pageSize) - this.heapStart
    if (size + this.mmapTotal + heapBytes > this.layout.memoryLimit) return -1
    const start = this.unmappedArea(size)
    if (start < 0) return -1
    this.space.addMapping(start, start + size)
    this.mmapTotal += size
    this.footprintMoved = 1
    this.log.append(this.step, this.line ?? -1, HeapOpCode.mmap, 0, size, start, this.breakValue)
    return start
  }

  /**
   * Where Linux's get_unmapped_area puts `size` bytes of anonymous memory, or -1. Top-down: the
   * highest gap that fits, first the holes between the shared libraries (above the mmap base),
   * then below the mmap base. A length that is a multiple of the huge page size is first
   * looked for with a huge page more (__thp_get_unmapped_area): in the highest gap that fits
   * that, the mapping starts at the first huge-page boundary above the gap's lowest fitting
   * start, or one huge page higher when that start is itself a boundary; where nothing fits
   * the padded length, the mapping is placed as any other.
   */
  private unmappedArea(size: number): number {
    const huge = this.layout.hugePageAlignment
    if (huge !== undefined && huge > 0 && size % huge === 0) {
      const padded = this.highestFit(size + huge)
      if (padded >= 0) {
        const misalignment = (huge - (padded % huge)) % huge
        return misalignment === 0 ? padded + huge : padded + misalignment
      }
    }
    return this.highestFit(size)
  }

  private highestFit(size: number): number {
    const regions = this.space.mmapRegions()
    const holes = this.layout.mmapHoles ?? []
    let start = -1
    for (let h = holes.length - 1; h >= 0 && start < 0; h--) {
      const [holeStart, holeEnd] = holes[h] as readonly [number, number]
      start = this.highestGap(regions, size, holeStart, holeEnd)
    }
    if (start < 0)
      start = this.highestGap(
        regions,
        size,
        alignUp(this.breakValue, this.pageSize),
        this.layout.mmapBase
      )
    return start
  }

  /**
   * The highest start of `size` free bytes between `floor` and `ceiling` among the mappings
   * `regions` (sorted by address), or -1.
   */
  private highestGap(
    regions: Array<[number, number]>,
    size: number,
    floor: number,
    ceiling: number
  ): number {
    let top = ceiling
    for (let i = regions.length - 1; i >= -1; i--) {
      const region = i >= 0 ? (regions[i] as [number, number]) : undefined
      if (region !== undefined && region[0] >= ceiling) continue
      const below = region !== undefined ? Math.max(region[1], floor) : floor
      if (top - size >= below) return top - size
      if (region === undefined || region[0] <= floor) return -1
      top = region[0]
    }
    return -1
  }

  munmap(address: number, length: number): number {
    const region = this.space.mmapRegions().find(([start]) => start === address)
    if (region === undefined) return -1
    const size = region[1] - region[0]
    if (alignUp(length, this.pageSize) !== size) return -1
    this.space.removeMapping(address)
    this.mmapTotal -= size
    this.footprintMoved = 1
    this.log.append(
      this.step,
      this.line ?? -1,
      HeapOpCode.munmap,
      address,
      size,
      0,
      this.breakValue
    )
    this.memory.discard(address, size)
    return 0
  }

  /**
   * Linux `mremap(..., MREMAP_MAYMOVE)`: shrink in place, grow in place when the pages above
   * are free (below the mmap base), otherwise move the contents to a new mapping.
   */
  mremap(address: number, oldLength: number, newLength: number): number {
    const regions = this.space.mmapRegions()
    const index = regions.findIndex(([start]) => start === address)
    if (index < 0 || !(newLength > 0)) return -1
    const oldSize = regions[index][1] - address
    if (alignUp(oldLength, this.pageSize) !== oldSize) return -1
    const newSize = alignUp(newLength, this.pageSize)
    if (newSize === oldSize) return address
    // Growth in place stops at the next mapping, or at the top of the area the mapping is in.
    const hole = (this.layout.mmapHoles ?? []).find(
      ([start, end]) => address >= start && address < end
    )
    const areaTop = hole !== undefined ? hole[1] : this.layout.mmapBase
    const next = index + 1 < regions.length ? regions[index + 1][0] : areaTop
    const ceiling = Math.min(next, areaTop)
    if (newSize < oldSize || address + newSize <= ceiling) {
      if (newSize < oldSize) this.memory.discard(address + newSize, oldSize - newSize)
      else if (newSize - oldSize + this.mmapTotal > this.layout.memoryLimit) return -1
      this.space.removeMapping(address)
      this.space.addMapping(address, address + newSize)
      this.mmapTotal += newSize - oldSize
      this.footprintMoved = 1
      return address
    }
    const moved = this.mmap(newSize)
    if (moved === -1) return -1
    this.memory.copy(moved, address, oldSize)
    this.munmap(address, oldSize)
    return moved
  }

  report(event: Omit<MisuseEvent, 'step'>): void {
    const reported: MisuseEvent =
      this.line === undefined
        ? { ...event, step: this.step }
        : { ...event, step: this.step, line: this.line }
    if (this.laterAt < this.laterEvents.length) {
      // Running again over ground a restore went back across: the event recorded there the
      // first time, or a different future (whose later events no longer hold).
      const before = this.laterEvents[this.laterAt++] as MisuseEvent
      if (
        before.kind !== reported.kind ||
        before.step !== reported.step ||
        before.address !== reported.address ||
        before.message !== reported.message
      ) {
        this.laterEvents = []
        this.laterAt = 0
      }
    }
    this.events.push(reported)
  }

  abort(message: string): never {
    throw new ProcessAbort(message)
  }

  // ---- the heap API, checked ---------------------------------------------------------------

  malloc(size: number): number {
    const p = this.allocator.malloc(size)
    if (p !== 0 && this.live !== null) this.track(p, size, false)
    this.afterAllocation(MALLOC, size, p)
    return p
  }

  calloc(count: number, size: number): number {
    const p = this.allocator.calloc(count, size)
    if (p !== 0 && this.live !== null) this.track(p, count * size, true)
    this.afterAllocation(CALLOC, count * size, p)
    return p
  }

  free(pointer: number): void {
    // The checked path apart, so that a replay loop inlining free has bytecode to spare for
    // the log's append (see afterAllocation).
    if (this.live !== null && pointer !== 0) return this.freeChecked(pointer)
    if (pointer !== 0) this.allocator.free(pointer)
    this.afterFree(pointer)
  }

  private freeChecked(pointer: number): void {
    const slot = this.checkFree(pointer, 'free')
    if (slot < 0) return
    this.release(pointer, slot)
    this.afterFree(pointer)
  }

  realloc(pointer: number, size: number): number {
    if (this.live === null) {
      const q = this.allocator.realloc(pointer, size)
      this.afterRealloc(pointer, size, q)
      return q
    }
    if (pointer === 0) return this.malloc(size)
    const base = this.heapStart
    if (!this.live.has(pointer - base) && this.allocator.nativeMisuse === true) {
      const q = this.allocator.realloc(pointer, size)
      this.afterRealloc(pointer, size, q)
      return q
    }
    const slot = this.checkFree(pointer, 'realloc')
    if (slot < 0) return 0
    const old = this.liveBlock(pointer - base) as LiveBlock
    if (size === 0) {
      this.release(pointer, slot)
      this.afterRealloc(pointer, 0, 0)
      return 0
    }
    // Quarantine changes nothing for realloc: the old block is released when moved.
    const q = this.allocator.realloc(pointer, size)
    if (q === 0) {
      this.afterRealloc(pointer, size, 0)
      return 0
    }
    if (q === pointer) {
      const grown = size - old.requested
      this.live.delete(pointer - base)
      this.track(q, size, true)
      if (grown > 0) this.memory.uninitialize(q + old.requested, grown)
      const entry = this.live.slotOf(q - base)
      this.live.setValue(entry, STEP, old.step)
      this.live.setValue(entry, LINE, old.line)
    } else {
      this.live.delete(pointer - base)
      this.poison(pointer, old.requested, old.step, old.line)
      this.track(q, size, true)
      if (size > old.requested) this.memory.uninitialize(q + old.requested, size - old.requested)
    }
    this.afterRealloc(pointer, size, q)
    return q
  }

  /** Record a new live block and tag its bytes. `keepInit`: calloc/realloc contents are defined. */
  private track(p: number, size: number, keepInit: boolean): void {
    const live = this.live as OffsetTable
    const heapStart = this.heapStart
    live.set(p - heapStart, size, this.step, this.line ?? -1)
    // The freed-block memory keeps what it knew of an earlier block at p: the checker asks it
    // only about addresses where no live block starts (see FreedBlocks), so it need not be told.
    const end = p + size
    if (this.blockBounds(p)) {
      const address = this.bounds[0] as number
      // A header the program overwrote can claim any size (text over glibc's size word reads as
      // ~4e18 bytes): only the mapping the block lies in is the block's to tag. A block below
      // the break lies in the heap's mapping, [heap start, break rounded up to a page).
      const heapEnd = alignUp(this.breakValue, this.pageSize)
      const inHeap = p >= heapStart && p < heapEnd
      const mapping = inHeap ? undefined : this.space.mappingAt(p)
      const mappingStart = inHeap ? heapStart : (mapping?.start ?? p)
      const mappingEnd = inHeap ? heapEnd : (mapping?.end ?? end)
      const blockStart = Math.max(address, mappingStart)
      const blockEnd = Math.min(address + (this.bounds[1] as number), Math.max(mappingEnd, end))
      if (p >= blockStart && end <= blockEnd) {
        // Header and tail untagged, payload tagged: each byte written once.
        this.memory.tagBlock(blockStart, p, size, blockEnd, !keepInit)
        return
      }
      if (blockEnd > blockStart) this.memory.setTag(blockStart, blockEnd - blockStart, HeapTag.none)
    }
    // No bounds (or a header claiming more than its mapping): the payload alone, in one visit.
    this.memory.tagBlock(p, p, size, end, !keepInit)
  }

  /**
   * The block whose payload starts at `p` into `bounds` (start, size), from the allocator's
   * blockBounds (no object) or else its blockAt; false when it does not say.
   */
  private blockBounds(p: number): boolean {
    const allocator = this.allocator
    if (allocator.blockBounds !== undefined) return allocator.blockBounds(p, this.bounds)
    const block = allocator.blockAt?.(p)
    if (block === undefined) return false
    this.bounds[0] = block.address
    this.bounds[1] = block.size
    return true
  }

  /**
   * free()/realloc() of a pointer: its slot in the live-block table when it is live, else −1
   * after reporting the misuse.
   */
  private checkFree(pointer: number, fn: 'free' | 'realloc'): number {
    const live = this.live as OffsetTable
    const slot = live.slotOf(pointer - this.heapStart)
    if (slot >= 0) return slot
    if (this.allocator.nativeMisuse === true && fn === 'free') {
      // The allocator reacts as its C library does (glibc aborts with its own message).
      this.allocator.free(pointer)
      return -1
    }
    const freed = (this.freed as FreedBlocks).get(pointer)
    if (freed !== undefined) {
      this.report({
        kind: 'double-free',
        address: pointer,
        message: `${fn}(${hex(pointer)}): this ${freed.requested}-byte block was already freed${where(freed.freed)} (allocated${where(freed.allocated)}); freeing it twice is a double free.`,
        reason: {
          key: 'misuse.doubleFree',
          params: { fn, pointer: hex(pointer), bytes: freed.requested }
        },
        allocated: freed.allocated,
        freed: freed.freed,
        bytes: freed.requested
      })
      return -1
    }
    const inside = this.liveBlockContaining(pointer)
    const message =
      inside !== undefined
        ? `${fn}(${hex(pointer)}): this points ${pointer - inside[0]} bytes into the ${inside[1].requested}-byte block at ${hex(inside[0])} (allocated${where(inside[1].allocated)}); only the pointer malloc returned may be freed.`
        : `${fn}(${hex(pointer)}): this address was never returned by malloc, calloc or realloc, so it cannot be freed.`
    this.report({
      kind: 'invalid-free',
      address: pointer,
      message,
      reason:
        inside !== undefined
          ? {
              key: 'misuse.invalidFreeInside',
              params: {
                fn,
                pointer: hex(pointer),
                offset: pointer - inside[0],
                bytes: inside[1].requested,
                block: hex(inside[0])
              }
            }
          : { key: 'misuse.invalidFree', params: { fn, pointer: hex(pointer) } },
      ...(inside !== undefined ? { allocated: inside[1].allocated } : {})
    })
    return -1
  }

  /** The live block at payload offset `offset`, as reports read it. */
  private liveBlock(offset: number): LiveBlock | undefined {
    const live = this.live
    const slot = live === null ? -1 : live.slotOf(offset)
    if (live === null || slot < 0) return undefined
    return new LiveBlock(
      live.value(slot, REQUESTED),
      live.value(slot, STEP),
      live.value(slot, LINE)
    )
  }

  /**
   * Bytes requested for the block the program holds whose payload is at `pointer`; -1 when
   * there is none, or when the heap checker is off (nothing known).
   */
  liveRequestedAt(pointer: number): number {
    const live = this.live
    // (Below the heap there is no block, and the table's keys are offsets from its start.)
    if (live === null || pointer < this.heapStart) return -1
    const slot = live.slotOf(pointer - this.heapStart)
    return slot < 0 ? -1 : live.value(slot, REQUESTED)
  }

  /** Every live block with its payload address (any order). */
  private eachLiveBlock(visit: (payload: number, block: LiveBlock) => void): void {
    const live = this.live
    if (live === null) return
    live.forEachSlot((slot) =>
      visit(
        live.keyAt(slot) + this.heapStart,
        new LiveBlock(live.value(slot, REQUESTED), live.value(slot, STEP), live.value(slot, LINE))
      )
    )
  }

  private liveBlockContaining(address: number): [number, LiveBlock] | undefined {
    let found: [number, LiveBlock] | undefined
    this.eachLiveBlock((p, b) => {
      if (address >= p && address < p + Math.max(1, b.requested)) found = [p, b]
    })
    return found
  }

  private poison(pointer: number, requested: number, allocStep: number, allocLine: number): void {
    this.memory.setTag(pointer, requested, HeapTag.freed)
    // The most recent frees only (FREED_MEMORY), so a long run does not grow without bound.
    ;(this.freed as FreedBlocks).add(
      pointer,
      requested,
      allocStep,
      allocLine,
      this.step,
      this.line ?? -1
    )
  }

  /** Free the live block at `pointer`, in `slot` of the live-block table (from checkFree). */
  private release(pointer: number, slot: number): void {
    const live = this.live as OffsetTable
    const requested = live.value(slot, REQUESTED)
    this.poison(pointer, requested, live.value(slot, STEP), live.value(slot, LINE))
    live.deleteSlot(slot)
    if (this.quarantineLimit <= 0) {
      this.allocator.free(pointer)
      return
    }
    this.quarantine.push([pointer, requested])
    this.quarantined += requested
    while (this.quarantined > this.quarantineLimit && this.quarantine.length > 0) {
      const [p, n] = this.quarantine.shift() as [number, number]
      this.quarantined -= n
      this.allocator.free(p)
    }
  }

  /** Give every quarantined block back to the allocator (e.g. before a leak report). */
  drainQuarantine(): void {
    for (const [p] of this.quarantine) this.allocator.free(p)
    this.quarantine = []
    this.quarantined = 0
  }

  /**
   * After a malloc or calloc (`code`): the log entry, then the peaks of requested bytes and of
   * the footprint (heap + mappings) that peak utilization is made of. No object is made: the
   * requested bytes come from the allocator's counters when it has them. The log's append
   * for a malloc (`HeapLog.appendAllocation`) is smaller than append, so that more of what a
   * replay loop inlines fits V8's inlining budget (see the README: the floor).
   */
  private afterAllocation(code: number, size: number, result: number): void {
    this.log.appendAllocation(this.step, this.line ?? -1, code, size, result)
    this.notePeakRequested()
    if (this.footprintMoved) this.notePeaks()
  }

  /** afterAllocation of a realloc of `pointer`. */
  private afterRealloc(pointer: number, size: number, result: number): void {
    this.log.appendCall(this.step, this.line ?? -1, REALLOC, pointer, size, result)
    this.notePeakRequested()
    if (this.footprintMoved) this.notePeaks()
  }

  private notePeakRequested(): void {
    const counters = this.counters
    const requested =
      counters !== null ? (counters[REQUESTED_BYTES] as number) : this.requestedFromStats()
    if (requested > this.peakRequested) this.peakRequested = requested
  }

  /** The live requested bytes of an allocator without counters. */
  private requestedFromStats(): number {
    const s = this.stats()
    return s.allocatedBytes - s.headerBytes - s.paddingBytes
  }

  /**
   * After a free: the log entry and the footprint's peak when it moved (the program may have
   * moved the break or mapped memory since the last heap call). A free never raises the
   * requested bytes, so their peak needs no look.
   */
  private afterFree(pointer: number): void {
    this.log.appendCall(this.step, this.line ?? -1, FREE, pointer, 0, 0)
    if (this.footprintMoved) this.notePeaks()
  }

  /** The footprint's peak, taken after a heap call when the break or the mappings moved. */
  private notePeaks(): void {
    const footprint = this.breakValue - this.heapStart + this.mmapTotal
    if (footprint > this.peakFootprint) this.peakFootprint = footprint
    this.footprintMoved = 0
  }

  /**
   * The malloc lab's score: the most payload ever live over the largest heap ever needed. A
   * function of the two peaks, so it is worked out when read, not on every heap call.
   */
  private peakUtilization(): number {
    return this.peakFootprint > 0 ? this.peakRequested / this.peakFootprint : 0
  }

  // ---- program accesses --------------------------------------------------------------------

  /**
   * Check a program load or store of `length` bytes. Returns the fault (SIGSEGV) when the
   * address space forbids it; heap misuse (use after free, overflow, uninitialized read) is
   * reported as an event and the access goes ahead, as it would on a real machine.
   */
  access(address: number, length: number, kind: AccessKind): Fault | null {
    if (address + length > USER_SPACE_END || address < 0)
      return beyondUserSpace(address < 0 ? address + TWO_64 : address, kind, this.layout.stackTop)
    const fault = this.space.check(address, length, kind)
    if (fault !== null || this.live === null || kind === 'execute') return fault
    const end = address + length
    if (end <= this.heapStart) return null
    if (address >= this.layout.stackBottom) return null
    const heapEnd = alignUp(this.breakValue, this.pageSize)
    if (address >= heapEnd && address < this.lowestMmap()) return null
    const bad = this.memory.firstUntagged(address, length, HeapTag.allocated)
    if (bad >= 0) this.heapMisuse(bad, address, length, kind, this.memory.tagAt(bad))
    if (this.reportUninitialized && kind === 'read') {
      for (let a = address; a < end; a++) {
        if (!this.memory.isInitialized(a)) {
          this.reportOnce('uninitialized-read', a, () => ({
            kind: 'uninitialized-read',
            address: a,
            message: `Reading ${bytes(length)} at ${hex(address)} uses memory that was never written since malloc returned it (its value is garbage).`,
            reason: {
              key: 'misuse.uninitializedRead',
              params: { length, address: hex(address) }
            }
          }))
          break
        }
      }
    }
    return null
  }

  private lowestMmap(): number {
    const regions = this.space.mmapRegions()
    return regions.length > 0 ? regions[0][0] : this.layout.mmapBase
  }

  private reportOnce(key: string, _address: number, make: () => Omit<MisuseEvent, 'step'>): void {
    const k = `${key}:${this.line ?? 's' + this.step}`
    const reported = this.reported as Set<string>
    if (reported.has(k)) return
    reported.add(k)
    this.report(make())
  }

  /**
   * An access into the header or padding in front of a live block (`c[-1]`) belongs to that
   * block: a heap buffer underflow, reported against it. As AddressSanitizer decides, the
   * nearer block wins (bytes past the end of the one below against bytes before the one above;
   * a tie goes to the block above), so `a[24]` of `malloc(24)` stays an overflow of `a` even
   * where glibc's next chunk header starts there. `null` when the access is not in front of a
   * block.
   */
  private underflow(
    at: number,
    address: number,
    length: number,
    kind: AccessKind,
    below: [number, LiveBlock] | undefined,
    above: [number, LiveBlock] | undefined
  ): Omit<MisuseEvent, 'step'> | null {
    if (above === undefined) return null
    const [p, block] = above
    const info = this.allocator.blockAt?.(p)
    // Without the allocator's block, a 16-byte header (size and link words) is assumed.
    const chunkStart = info !== undefined ? info.address : p - 16
    if (at < chunkStart) return null
    if (below !== undefined && at - (below[0] + below[1].requested) < p - at) return null
    const before = p - address
    const verb = kind === 'write' ? 'Writing' : 'Reading'
    const part = info === undefined || at < info.address + info.headerBytes ? 'header' : 'padding'
    return {
      kind: 'heap-overflow',
      reason: {
        key: part === 'header' ? 'misuse.heapUnderflow' : 'misuse.heapUnderflowPadding',
        params: {
          access: kind,
          length,
          address: hex(address),
          before,
          bytes: block.requested,
          block: hex(p)
        }
      },
      address: at,
      message: `${verb} ${bytes(length)} at ${hex(address)} is ${bytes(before)} before the ${block.requested}-byte block at ${hex(p)} (allocated${where(block.allocated)}), in its ${part}: a heap buffer underflow.`,
      allocated: block.allocated
    }
  }

  private heapMisuse(
    at: number,
    address: number,
    length: number,
    kind: AccessKind,
    tag: number
  ): void {
    const verb = kind === 'write' ? 'Writing' : 'Reading'
    if (tag === HeapTag.freed) {
      this.reportOnce(`use-after-free:${kind}`, at, () => {
        const live = this.live as OffsetTable
        const base = this.heapStart
        const found = (this.freed as FreedBlocks).containing(at, (p) => live.has(p - base))
        const block = found?.[1]
        const reason: MisuseEvent['reason'] =
          found !== undefined
            ? {
                key: 'misuse.useAfterFree',
                params: {
                  access: kind,
                  length,
                  address: hex(address),
                  bytes: block?.requested ?? 0,
                  block: hex(found[0])
                }
              }
            : {
                key: 'misuse.useAfterFreeUnknown',
                params: { access: kind, length, address: hex(address) }
              }
        return {
          kind: 'use-after-free',
          reason,
          address: at,
          message:
            found !== undefined
              ? `${verb} ${bytes(length)} at ${hex(address)} uses the ${block?.requested}-byte block at ${hex(found[0])} after it was freed${where(block?.freed)} (allocated${where(block?.allocated)}).`
              : `${verb} ${bytes(length)} at ${hex(address)} uses heap memory that has been freed.`,
          ...(block !== undefined ? { allocated: block.allocated, freed: block.freed } : {})
        }
      })
      return
    }
    this.reportOnce(`heap-overflow:${kind}`, at, () => {
      let below: [number, LiveBlock] | undefined
      let above: [number, LiveBlock] | undefined
      this.eachLiveBlock((p, b) => {
        if (p + b.requested <= at && (below === undefined || p > below[0])) below = [p, b]
        if (p > at && (above === undefined || p < above[0])) above = [p, b]
      })
      const underflow = this.underflow(at, address, length, kind, below, above)
      if (underflow !== null) return underflow
      const header = kind === 'write' ? " and may overwrite the next block's header" : ''
      // How far the access reaches beyond the block, not where it starts: memset(p, 0, 20) on a
      // 10-byte block runs 10 bytes past its end even though it starts inside it.
      const past = below !== undefined ? address + length - (below[0] + below[1].requested) : 0
      const reason: MisuseEvent['reason'] =
        below !== undefined
          ? {
              key: kind === 'write' ? 'misuse.heapOverflowWrite' : 'misuse.heapOverflow',
              params: {
                access: kind,
                length,
                address: hex(address),
                past,
                bytes: below[1].requested,
                block: hex(below[0])
              }
            }
          : {
              key: kind === 'write' ? 'misuse.strayWrite' : 'misuse.strayRead',
              params: { access: kind, length, address: hex(address) }
            }
      return {
        kind: 'heap-overflow',
        reason,
        address: at,
        message:
          below !== undefined
            ? `${verb} ${bytes(length)} at ${hex(address)} goes ${bytes(past)} past the end of the ${below[1].requested}-byte block at ${hex(below[0])} (allocated${where(below[1].allocated)})${header}: a heap buffer overflow.`
            : `${verb} ${bytes(length)} at ${hex(address)} touches heap memory that belongs to no allocated block${header}: a heap buffer overflow.`,
        ...(below !== undefined ? { allocated: below[1].allocated } : {})
      }
    })
  }

  // ---- inspection --------------------------------------------------------------------------

  private stats(): AllocatorStats {
    return this.allocator.stats !== undefined
      ? this.allocator.stats()
      : statsFromBlocks(this.allocator.blocks())
  }

  /** Bytes in mmap regions now. */
  mmapBytes(): number {
    return this.mmapTotal
  }

  /** Heap figures now (see `HeapMetrics`). */
  metrics(): HeapMetrics {
    const s = this.stats()
    const requested = s.allocatedBytes - s.headerBytes - s.paddingBytes
    const internal = s.allocatedBytes - requested
    return {
      heapSize: this.breakValue - this.heapStart,
      requestedBytes: requested,
      allocatedBytes: s.allocatedBytes,
      internalFragmentation: internal,
      headerBytes: s.headerBytes,
      paddingBytes: s.paddingBytes,
      externalFragmentation: s.freeBytes > 0 ? 1 - s.largestFreeBlock / s.freeBytes : 0,
      freeBytes: s.freeBytes,
      freeBlocks: s.freeBlocks,
      largestFreeBlock: s.largestFreeBlock,
      peakUtilization: this.peakUtilization(),
      mmapBytes: this.mmapBytes(),
      liveBlocks: s.liveBlocks
    }
  }

  /** Segments as the address-space map draws them. */
  segments(): Segment[] {
    return this.space.segments()
  }

  /**
   * The heap part of the process state at this step; its blocks `listed` (some of the
   * allocator's blocks(), listed already: a big heap's state carries a part) or all of them.
   */
  heapView(listed?: BlockInfo[]): HeapView {
    return {
      heapStart: this.heapStart,
      programBreak: this.breakValue,
      segments: this.segments(),
      blocks: this.heapBlocks(listed),
      freeLists: this.allocator.freeLists(),
      metrics: this.metrics(),
      events: this.events.slice()
    }
  }

  /**
   * Every block of the heap and every mmapped chunk, by address, with where each came from; or
   * those of them `listed` (see heapView).
   */
  heapBlocks(listed: BlockInfo[] = this.allocator.blocks()): BlockInfo[] {
    return this.withOrigins(listed)
  }

  /**
   * `blocks` with the step and line that allocated (and freed) each one. The textbook
   * allocators record them themselves; for those that do not (glibc's chunks carry only what is
   * in memory) the heap checker knows: its live blocks and its memory of freed ones.
   */
  private withOrigins(blocks: BlockInfo[]): BlockInfo[] {
    const live = this.live
    const freed = this.freed
    if (live === null || freed === null) return blocks
    const lacking = (b: BlockInfo): boolean =>
      b.bin !== 'bookkeeping' && b.bin !== 'top' && (b.free ? !b.freed : !b.allocated)
    if (!blocks.some(lacking)) return blocks
    return blocks.map((b) => {
      if (!lacking(b)) return b
      if (!b.free) {
        const from = this.liveBlock(b.payload - this.heapStart)?.allocated
        return from ? withOrigins(b, from, undefined) : b
      }
      const gone = freed.get(b.payload)
      return gone ? withOrigins(b, gone.allocated, gone.freed) : b
    })
  }

  /** Payload addresses and requested sizes of the blocks the program still holds. */
  liveBlocks(): Array<{ payload: number; requested: number; allocated?: BlockOrigin }> {
    if (this.live !== null) {
      const blocks: Array<{ payload: number; requested: number; allocated: BlockOrigin }> = []
      // An indexed store, not push(): a new `[]` is an array of small integers to V8, and the
      // push it inlined, compiled after the warm-up's calls, deoptimized ('not a Smi') in the
      // first jumps of every new run (the store below changes the array's kind instead).
      this.eachLiveBlock((payload, b) => {
        blocks[blocks.length] = { payload, requested: b.requested, allocated: b.allocated }
      })
      // Slot order is arbitrary: callers get the blocks by address.
      return blocks.sort((x, y) => x.payload - y.payload)
    }
    return this.allocator
      .blocks()
      .filter((b) => !b.free && b.bin !== 'bookkeeping')
      .map((b) => ({ payload: b.payload, requested: b.requested, allocated: b.allocated }))
  }

  /**
   * The blocks the program still holds as two columns in address order: `payloads[i]` and the
   * bytes requested at it, `requested[i]`; null without the heap checker (liveBlocks() then
   * asks the allocator). What finding the block a pointer points into needs, and no more: the
   * stack view classifies every pointer it shows at every step, and liveBlocks' objects (two
   * per block, with their origins) were most of that work.
   */
  liveExtents(): { payloads: Float64Array; requested: Float64Array } | null {
    const live = this.live
    if (live === null) return null
    const payloads = new Float64Array(live.size)
    let n = 0
    live.forEachSlot((slot) => {
      payloads[n++] = live.keyAt(slot)
    })
    // A typed array sorts numerically, natively; each offset's size is then looked up again.
    payloads.sort()
    const requested = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const offset = payloads[i] as number
      requested[i] = live.value(live.slotOf(offset), REQUESTED)
      payloads[i] = offset + this.heapStart
    }
    return { payloads, requested }
  }

  // ---- time travel -------------------------------------------------------------------------

  /**
   * Capture the whole machine. Memory pages are shared copy-on-write, so this costs the
   * allocator's snapshot plus O(live blocks). `includeMemory: false` skips memory for callers
   * that never need bytes back (trace replay rewrites headers on restore). `allocatorAgainst`:
   * an earlier snapshot's allocator part that this one's may be kept as a delta against (see
   * `Allocator.snapshot`).
   */
  snapshot(includeMemory = true, allocatorAgainst?: unknown): MachineSnapshot {
    return {
      memory: includeMemory ? this.memory.snapshot() : null,
      programBreak: this.breakValue,
      mmaps: this.space.mmapRegions(),
      allocator: this.allocator.snapshot(allocatorAgainst),
      events: this.events.length,
      log: this.log.length,
      step: this.step,
      line: this.line,
      live: this.live === null ? null : packLive(this.live),
      freed: this.freed === null ? null : this.freed.snapshot(),
      quarantine: this.quarantine.map(([p, n]) => [p, n] as [number, number]),
      quarantined: this.quarantined,
      peaks: [this.peakRequested, this.peakFootprint, this.peakUtilization()],
      reported: this.reported === null ? null : new Set(this.reported)
    }
  }

  /** Back (or forwards again) to the first `count` reports of this history. */
  private restoreEvents(count: number): void {
    const events = this.events
    if (count < events.length) {
      const cut = events.splice(count)
      this.laterEvents =
        this.laterAt < this.laterEvents.length
          ? cut.concat(this.laterEvents.slice(this.laterAt))
          : cut
      this.laterAt = 0
    } else if (count > events.length) {
      const end = Math.min(this.laterEvents.length, this.laterAt + count - events.length)
      for (let i = this.laterAt; i < end; i++) events.push(this.laterEvents[i] as MisuseEvent)
      this.laterAt = end
    }
  }

  /**
   * Back (or forwards) to the state `s` captured. A snapshot taken without memory has its
   * memory put back by the caller first (`memoryRestored`: a trace replay keeps memory as full
   * snapshots and deltas between them), or else the allocator rewrites its headers and links
   * (`repairMetadata`), which leaves any other word as it was.
   */
  restore(s: MachineSnapshot, memoryRestored = false): void {
    // A restore without memory still counts for memory watches: the allocator's restore and
    // repairMetadata rewrite what they cached, and whatever else was written is not undone.
    if (s.memory !== null) this.memory.restore(s.memory)
    else this.memory.wroteEverything()
    this.breakValue = s.programBreak
    this.space.setProgramBreak(s.programBreak)
    this.space.setMmapRegions(s.mmaps)
    this.mmapTotal = s.mmaps.reduce((n, [start, end]) => n + end - start, 0)
    this.footprintMoved = 1
    this.allocator.restore(s.allocator)
    if (s.memory === null && !memoryRestored) this.allocator.repairMetadata?.()
    this.restoreEvents(s.events)
    this.log.truncate(s.log)
    this.step = s.step
    this.line = s.line
    this.live = s.live === null ? null : unpackLive(s.live, this.live)
    if (s.freed !== null) this.freed?.restore(s.freed)
    this.quarantine = s.quarantine.map(([p, n]) => [p, n] as [number, number])
    this.quarantined = s.quarantined
    ;[this.peakRequested, this.peakFootprint] = s.peaks
    this.reported = s.reported === null ? null : new Set(s.reported)
  }
}
