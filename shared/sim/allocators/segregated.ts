/**
 * Segregated free lists ("segregated fits", CS:APP 9.9.14): one free list per size class, so
 * a request looks only at blocks of about the right size instead of walking one long list.
 *
 * - A request becomes a block size (payload + header + footer, aligned, at least the minimum
 *   block). Its size class is the first class whose upper bound is at least that size.
 * - The allocator looks through that class's list, first fit, examining at most `searchLimit`
 *   blocks; then it takes the head of the next non-empty larger class, where every block fits
 *   (a bitmap of non-empty classes finds it in one step).
 * - A free block at the end of the heap (the "wilderness", next to the break) is taken only when
 *   no other free block fits (Korn and Vo's wilderness preservation; glibc's top chunk is used
 *   the same way). It is the one free block that can grow without limit, so keeping it whole
 *   spares the break; and a block just before it can grow into it with realloc instead of
 *   moving (CS:APP's malloc-lab realloc trace: one block grows 4,800 times while small blocks
 *   come and go, which would otherwise land right after it). When nothing fits at all the heap
 *   grows with `sbrk`, merging with the wilderness.
 * - The chosen block is split when the rest is at least a minimum block; the rest goes on the
 *   list of its own class. Freed blocks are coalesced at once with free neighbours (boundary
 *   tags: the bookkeeping knows both physical neighbours) unless coalescing is `none`.
 * - Every list is LIFO: a freed block goes to the front, as in most real segregated allocators.
 *
 * Headers (and footers) hold `size | allocated` in simulated memory, so a heap overflow really
 * overwrites the next block's header and `blocks()` shows it as corrupted. Each class list is
 * an explicit free list in memory too, laid out as the explicit free-list allocator's
 * (`FreeBlockLinks`): next at payload + 0, previous at payload + 8, written here directly. The
 * allocator also keeps the same links in its own block table, so it never has to read memory
 * (which a program may have overwritten).
 *
 * The block table is typed arrays indexed by small integer handles (see below), not objects:
 * every malloc and free touches a few blocks, and this keeps each touch a load or a store with
 * no heap number made for an address and nothing left for the garbage collector.
 */
import type { Allocator, AllocatorStats, BlockInfo, HeapHost, Memory } from '../types'
import { HeapWords, PagedMemory } from '../memory'
import { AllocatorCounter } from '../types'
import type { AllocatorOptions } from './registry'
import { heapBlockInfo, mmapChunkInfo, type MmapChunk, writeBounds } from './inspection'
import { reallocByMoving, reportInvalidRealloc } from './move'
import { PayloadIndex } from './block-table'
import { RecordHistory, type KeptRecords, type RecordArray } from './record-delta'

export interface SegregatedOptions {
  /**
   * Upper bounds (inclusive, in block bytes) of the size classes, ascending; a last class with
   * no upper bound is added for everything larger. At most 31 bounds.
   */
  classes: number[]
  /** Bytes of header before each payload (4 to 64). */
  headerSize: number
  /** Copy the header into the block's last bytes (a boundary tag). */
  footer: boolean
  /** Payload alignment and block granularity: 1, 2, 4, 8 or 16. */
  alignment: number
  /** `immediate`: merge a freed block with free neighbours; `none`: never merge. */
  coalescing: 'immediate' | 'none'
  /** Blocks examined in the request's own class before moving to a larger class. */
  searchLimit: number
  /** Grow the heap by at least this many bytes at a time (0: exactly what is needed). */
  growBy: number
  /** Requests of at least this many bytes get their own mmap region; Infinity disables it. */
  mmapThreshold: number
}

/** Powers of two from 32 to 64 KiB: classes (0,32], (32,64], ..., (32K,64K], and the rest. */
export const DEFAULT_SIZE_CLASSES: readonly number[] = Array.from({ length: 12 }, (_, i) => 32 << i)

const DEFAULTS: SegregatedOptions = {
  classes: [...DEFAULT_SIZE_CLASSES],
  headerSize: 8,
  footer: false,
  alignment: 16,
  coalescing: 'immediate',
  searchLimit: 32,
  growBy: 0,
  mmapThreshold: 128 * 1024
}

/** Check and complete user-supplied options; errors are plain English naming the option. */
export function resolveSegregatedOptions(options: AllocatorOptions = {}): SegregatedOptions {
  for (const key of Object.keys(options)) {
    if (!(key in DEFAULTS)) {
      throw new Error(
        `Unknown segregated-list option "${key}": known options are ${Object.keys(DEFAULTS).join(', ')}.`
      )
    }
  }
  const o = { ...DEFAULTS, ...(options as Partial<SegregatedOptions>) }
  if (
    !Array.isArray(o.classes) ||
    o.classes.length === 0 ||
    o.classes.length > 31 ||
    o.classes.some((c, i) => !Number.isInteger(c) || c < 1 || (i > 0 && c <= o.classes[i - 1]!))
  ) {
    throw new Error(
      `Size classes must be 1 to 31 ascending whole numbers of bytes, such as [32, 64, 128]; got ${JSON.stringify(o.classes)}.`
    )
  }
  if (![1, 2, 4, 8, 16].includes(o.alignment)) {
    throw new Error(`Alignment ${String(o.alignment)} is not 1, 2, 4, 8 or 16.`)
  }
  if (!Number.isInteger(o.headerSize) || o.headerSize < 4 || o.headerSize > 64) {
    throw new Error(
      `Header size ${String(o.headerSize)} must be a whole number of bytes from 4 to 64.`
    )
  }
  if (o.coalescing !== 'immediate' && o.coalescing !== 'none') {
    throw new Error(`Coalescing "${String(o.coalescing)}" is not immediate or none.`)
  }
  if (!(o.searchLimit >= 1)) {
    throw new Error(`Search limit ${String(o.searchLimit)} must be at least 1.`)
  }
  if (!(o.growBy >= 0)) throw new Error(`growBy ${String(o.growBy)} must be 0 or more bytes.`)
  if (!(o.mmapThreshold >= 1)) {
    throw new Error(`mmapThreshold ${String(o.mmapThreshold)} must be a positive number of bytes.`)
  }
  return { ...o, classes: [...o.classes] }
}

// ---- the block table ---------------------------------------------------------------------
// Every block (free or allocated) is a small integer handle; its fields lie side by side in
// typed arrays. A heap address is above 2^31, so a Block object's address field, a list of
// blocks or a call returning one would box it as a heap number on every operation; in a
// Float64Array it is just a double, and a handle is always a small integer.

/** The fields of a block in `num`: `STRIDE` doubles per block. */
const enum Num {
  STRIDE = 7,
  ADDRESS = 0,
  SIZE = 1,
  /** What the program asked for (0 while free). */
  ASKED = 2,
  ALLOC_STEP = 3,
  ALLOC_LINE = 4,
  FREE_STEP = 5,
  FREE_LINE = 6
}
/** Handles per block in `link`: physical neighbours (address order) and free-list neighbours. */
const enum Link {
  STRIDE = 4,
  PREV = 0,
  NEXT = 1,
  PREV_FREE = 2,
  NEXT_FREE = 3
}
const enum Handle {
  /** No block: the end of a list, or no neighbour (also `PayloadIndex`'s NO_HANDLE). */
  NONE = -1
}
/** `state` of a block: its size class while on a free list, or one of these. */
const enum State {
  ALLOCATED = -2,
  UNLISTED = -1
}

/**
 * Indexes of `totals`, kept up to date in place. Header and padding bytes follow from these
 * and the requested bytes (`counters`), so malloc and free keep two fewer sums.
 */
const enum Total {
  ALLOCATED_BYTES = 0,
  /** Header bytes of the mmapped chunks (a heap block's header and footer are `overhead`). */
  MMAP_HEADER_BYTES = 1,
  /** In a snapshot only: the requested bytes (`counters`). */
  REQUESTED_BYTES = 2,
  FREE_BYTES = 3,
  FREE_BLOCKS = 4,
  LIVE_BLOCKS = 5,
  COUNT = 6
}
/** Index of `counters`: `AllocatorCounter.requestedBytes`. */
const enum Counter {
  REQUESTED = 0
}
/** Where the class-list links lie in a free block's payload, as free-links.ts lays them out. */
const enum FreeLink {
  NEXT = 0,
  PREV = 8
}

/** The heap arena's layout as `HeapWords` describes it (memory.ts). */
const enum Arena {
  /** Bytes of a page; its initialized bitmap (a bit a byte) follows them in the arena. */
  PAGE = 512,
  PAGE_MASK = 511,
  PAGE_SHIFT = 9,
  /** The pages `HeapWords.meta` covers: 1 GiB from `first`. */
  LIMIT = 0x40000000,
  INVERSE_TWO_32 = 2.3283064365386963e-10
}

/**
 * Store `value` (a whole number below 2^53: a size or an address) as the little-endian 8-byte
 * word at index `i` of the heap arena's `words`. A Uint32Array store keeps a number modulo
 * 2^32, its low half; the high half is below 2^21.
 */
function putWord(words: Uint32Array, i: number, value: number): void {
  words[i] = value
  words[i + 1] = (value * Arena.INVERSE_TWO_32) | 0
}

/**
 * Where in the heap arena's bytes the initialized bit of the word at arena index `i` lies, `w`
 * bytes into its page: a byte per 8-byte word, in the bitmap after the page's bytes.
 */
function initializedByte(i: number, w: number): number {
  return 4 * i - w + Arena.PAGE + (w >> 3)
}

/** The table grows by doubling from this many blocks. */
const INITIAL_BLOCKS = 64

/** Fields per block in a snapshot (address order). */
const FIELDS = 6

interface SegregatedSnapshot extends KeptRecords {
  /**
   * Per block, in address order: size × 2 + 1 when free, requested bytes, then allocation step,
   * allocation line, free step and free line, each + 1 (0: none); in 32 bits when they fit.
   * No addresses: the blocks tile the heap from `base`. Null when they are kept as a delta
   * against the snapshot before (`KeptRecords`).
   */
  blocks: RecordArray | null
  against: SegregatedSnapshot | null
  /** For each class, the block indices (address order) of its free list, head first. */
  lists: Int32Array[]
  mmaps: MmapChunk[]
  totals: Float64Array
  leadingPad: number
}

/** A block's size from its snapshot numbers (see `SegregatedSnapshot.blocks`). */
const snapshotSize = (records: RecordArray, offset: number): number =>
  Math.floor((records[offset] as number) / 2)

/** Whether `v` is a whole number a 32-bit snapshot number holds. */
const fits32 = (v: number): boolean => v >= 0 && v <= 0xffffffff && Math.floor(v) === v

/** As the explicit list's (see `free-list.ts`): a delta takes at most half a whole snapshot. */
const DELTA_LIMITS = { deltaShare: 0.5, maxChain: 8, chainShare: 1.5 }

export class SegregatedAllocator implements Allocator {
  declare readonly name: string
  declare readonly options: SegregatedOptions
  declare private readonly host: HeapHost
  /** The host's memory and heap start (both fixed for the host's life). */
  declare private readonly memory: Memory
  /**
   * The heap's words (see HeapWords): headers and list links are stored straight into the
   * arena, with no call for V8 to leave out of line and no address boxed to pass to one.
   */
  declare private readonly heapWords: HeapWords
  declare private readonly heapStart: number
  declare private readonly bounds: number[]
  declare private readonly headerSize: number
  declare private readonly footerSize: number
  declare private readonly overhead: number
  /**
   * The smallest block: room for the header, footer and both free-list links. Every block is
   * at least this big, so a free block always holds its links.
   */
  declare private readonly minBlock: number
  declare private readonly alignment: number
  /** 1: immediate coalescing, 0: none (a number: a boolean field costs a full truth test). */
  declare private readonly coalescing: number
  /** What marks an allocated header: bit 0 (sizes are even) or, unaligned, bit 31. */
  declare private readonly allocatedBit: number
  /** 1: header and footer tags are 8-byte words; 0: 4-byte. */
  declare private readonly wideTags: number
  /** 1: 8-byte header words (a multiple of 8 bytes of header) and no footer (see `writeFront`). */
  declare private readonly plainTags: number
  /** Block fields (see NUM, LINK); `state`: size class while listed, ALLOCATED or UNLISTED. */
  declare private num: Float64Array
  declare private link: Int32Array
  declare private state: Int32Array
  declare private capacity: number
  /** Handles ever handed out; those freed by a merge wait in `spare`. */
  private used = 0
  declare private spare: Int32Array
  /** Snapshots' blocks, each a delta against the one before where small (time travel). */
  private readonly history = new RecordHistory(snapshotSize, DELTA_LIMITS)
  private spareCount = 0
  /** A snapshot's handle-to-position map, kept between snapshots. */
  private scratch = new Int32Array(0)
  /** Heads of the class lists; the last class has no upper bound. */
  declare private readonly heads: Int32Array
  /** Bit c set when class c's list is not empty. */
  private nonEmpty = 0
  /** Allocated blocks by payload offset from the heap start (rebuilt on every restore). */
  declare private readonly byPayload: PayloadIndex
  private readonly mmaps = new Map<number, MmapChunk>()
  /** The first and last block in address order. */
  private first: number = Handle.NONE
  private last: number = Handle.NONE
  private leadingPad = -1
  /** The totals (`TOTALS` of them), updated in place as blocks change. */
  private readonly totals = new Float64Array(Total.COUNT)
  /**
   * What `stats()` hands out, refreshed from `totals` on each call; the largest free block
   * needs a walk of one list, so it is computed when read.
   */
  private readonly statsView: AllocatorStats = Object.defineProperty(
    {
      allocatedBytes: 0,
      headerBytes: 0,
      paddingBytes: 0,
      freeBytes: 0,
      freeBlocks: 0,
      liveBlocks: 0
    },
    'largestFreeBlock',
    { enumerable: true, get: () => this.largestFree() }
  ) as AllocatorStats
  /** Bytes the program asked for in the blocks it holds, for the machine (`Allocator.counters`). */
  readonly counters = new Float64Array(AllocatorCounter.length)
  /** Size class of each block size up to `classTableTop`, by size / alignment. */
  declare private readonly classBySize: Uint8Array
  declare private readonly classTableTop: number
  /** The upper bound of the last bounded class: anything larger is in the unbounded one. */
  declare private readonly largestBound: number
  declare private readonly inverseAlignment: number

  constructor(host: HeapHost, options: AllocatorOptions = {}, name = 'segregated') {
    this.host = host
    this.memory = host.memory
    this.heapWords = host.memory instanceof PagedMemory ? host.memory.heapWords() : new HeapWords()
    this.heapStart = host.heapStart
    this.name = name
    const o = resolveSegregatedOptions(options)
    this.options = o
    this.bounds = o.classes
    this.headerSize = o.headerSize
    this.footerSize = o.footer ? o.headerSize : 0
    this.overhead = o.headerSize + this.footerSize
    this.alignment = o.alignment
    this.inverseAlignment = 1 / o.alignment
    this.byPayload = new PayloadIndex(o.alignment)
    this.minBlock = this.alignSize(this.overhead + 16)
    this.coalescing = o.coalescing === 'immediate' ? 1 : 0
    this.allocatedBit = o.alignment >= 2 ? 1 : 0x80000000
    this.wideTags = o.headerSize >= 8 ? 1 : 0
    this.plainTags = o.headerSize % 8 === 0 && !o.footer ? 1 : 0
    this.capacity = INITIAL_BLOCKS
    this.num = new Float64Array(INITIAL_BLOCKS * Num.STRIDE)
    this.link = new Int32Array(INITIAL_BLOCKS * Link.STRIDE)
    this.state = new Int32Array(INITIAL_BLOCKS)
    this.spare = new Int32Array(INITIAL_BLOCKS)
    this.heads = new Int32Array(this.bounds.length + 1).fill(Handle.NONE)
    const g = o.alignment
    // Classes by size up to the largest bound (at most a million entries: larger bounds are
    // found by a walk of the bounds).
    const top = Math.min(this.bounds[this.bounds.length - 1]!, g << 20)
    this.classTableTop = top
    this.largestBound = this.bounds[this.bounds.length - 1]!
    this.classBySize = new Uint8Array(Math.floor(top / g) + 1)
    for (let i = 0, c = 0; i < this.classBySize.length; i++) {
      while (i * g > this.bounds[c]!) c++
      this.classBySize[i] = c
    }
  }

  private alignSize(n: number): number {
    const g = this.alignment
    // Whole numbers well inside 32 bits (every request) round with a mask.
    if (n === (n | 0) && n <= 0x7fff0000 && n >= 0) return (n + g - 1) & -g
    return Math.ceil(n / g) * g
  }

  /** Block size for a request: payload plus header and footer, aligned, at least the minimum. */
  blockSizeFor(request: number): number {
    const size = this.alignSize(request + this.overhead)
    return size > this.minBlock ? size : this.minBlock
  }

  /** The size class of a block of `size` bytes. */
  classOf(size: number): number {
    if (size <= this.classTableTop) {
      const index = size * this.inverseAlignment
      if (index === (index | 0) && index >= 0) return this.classBySize[index] as number
    }
    const bounds = this.bounds
    if (size > this.largestBound) return bounds.length
    let c = 0
    while (c < bounds.length && size > bounds[c]!) c++
    return c
  }

  /** A human label for class `c`, e.g. `33-64`, `65537+`. */
  classLabel(c: number): string {
    const low = c === 0 ? 1 : this.bounds[c - 1]! + 1
    return c < this.bounds.length ? `${low}-${this.bounds[c]}` : `${low}+`
  }

  // ---- block handles -----------------------------------------------------------------------

  /**
   * A new free, unlisted block (a reused handle when a merge left one). The table may grow:
   * callers read `this.num`/`this.link` again after this.
   */
  private newBlock(address: number, size: number, prev: number): number {
    let b: number
    if (this.spareCount > 0) b = this.spare[--this.spareCount] as number
    else {
      if (this.used === this.capacity) this.growTable(this.capacity * 2)
      b = this.used++
    }
    const num = this.num
    const n = b * Num.STRIDE
    num[n + Num.ADDRESS] = address
    num[n + Num.SIZE] = size
    num[n + Num.ASKED] = 0
    num[n + Num.ALLOC_STEP] = -1
    num[n + Num.ALLOC_LINE] = -1
    num[n + Num.FREE_STEP] = -1
    num[n + Num.FREE_LINE] = -1
    const link = this.link
    const l = b * Link.STRIDE
    link[l + Link.PREV] = prev
    link[l + Link.NEXT] = Handle.NONE
    link[l + Link.PREV_FREE] = Handle.NONE
    link[l + Link.NEXT_FREE] = Handle.NONE
    this.state[b] = State.UNLISTED
    return b
  }

  /** A block merged into its neighbour: its handle is reused by the next new block. */
  private dropBlock(b: number): void {
    this.spare[this.spareCount++] = b
  }

  private growTable(capacity: number): void {
    const num = new Float64Array(capacity * Num.STRIDE)
    num.set(this.num)
    this.num = num
    const link = new Int32Array(capacity * Link.STRIDE)
    link.set(this.link)
    this.link = link
    const state = new Int32Array(capacity)
    state.set(this.state)
    this.state = state
    const spare = new Int32Array(capacity)
    spare.set(this.spare)
    this.spare = spare
    this.capacity = capacity
  }

  // ---- the class lists ---------------------------------------------------------------------

  /**
   * Put the free block `b` at the front of its class's list, in memory too: its header (and
   * footer) and both links, and the old head's link back to it.
   */
  private enlist(b: number): void {
    const num = this.num
    const link = this.link
    const size = num[b * Num.STRIDE + Num.SIZE] as number
    const c = this.classOf(size)
    const head = this.heads[c] as number
    this.state[b] = c
    link[b * Link.STRIDE + Link.PREV_FREE] = Handle.NONE
    link[b * Link.STRIDE + Link.NEXT_FREE] = head
    this.writeFront(b, head)
    if (head !== Handle.NONE) {
      link[head * Link.STRIDE + Link.PREV_FREE] = b
      this.setLink(head, FreeLink.PREV, b)
    }
    this.heads[c] = b
    this.nonEmpty |= 1 << c
    this.totals[Total.FREE_BYTES] += size
    this.totals[Total.FREE_BLOCKS]++
  }

  /** Take the free block `b` off its list; its own words keep the stale links, as in memory. */
  private unlist(b: number): void {
    const num = this.num
    const link = this.link
    const c = this.state[b] as number
    const before = link[b * Link.STRIDE + Link.PREV_FREE] as number
    const after = link[b * Link.STRIDE + Link.NEXT_FREE] as number
    if (before !== Handle.NONE) {
      link[before * Link.STRIDE + Link.NEXT_FREE] = after
      this.setLink(before, FreeLink.NEXT, after)
    } else this.heads[c] = after
    if (after !== Handle.NONE) {
      link[after * Link.STRIDE + Link.PREV_FREE] = before
      this.setLink(after, FreeLink.PREV, before)
    }
    if (this.heads[c] === Handle.NONE) this.nonEmpty &= ~(1 << c)
    link[b * Link.STRIDE + Link.PREV_FREE] = Handle.NONE
    link[b * Link.STRIDE + Link.NEXT_FREE] = Handle.NONE
    this.state[b] = State.UNLISTED
    this.totals[Total.FREE_BYTES] -= num[b * Num.STRIDE + Num.SIZE] as number
    this.totals[Total.FREE_BLOCKS]--
  }

  /**
   * First fit in the own class (bounded), then the head of the next non-empty larger class; the
   * wilderness (a free block at the end of the heap) only when no other free block fits.
   */
  private find(size: number): number {
    const num = this.num
    const link = this.link
    const c = this.classOf(size)
    const limit = this.options.searchLimit
    // The last block in address order; when free it borders the break (the wilderness).
    const wilderness = this.last
    let examined = 0
    let b = this.heads[c] as number
    for (
      ;
      b !== Handle.NONE && examined < limit;
      b = link[b * Link.STRIDE + Link.NEXT_FREE] as number
    ) {
      if ((num[b * Num.STRIDE + Num.SIZE] as number) >= size && b !== wilderness) return b
      examined++
    }
    let larger = this.nonEmpty & ~((2 << c) - 1)
    while (larger !== 0) {
      const d = 31 - Math.clz32(larger & -larger)
      larger &= larger - 1
      b = this.heads[d] as number
      if (d < this.bounds.length) {
        // Every block of a larger bounded class fits: its head, or the one after the wilderness.
        if (b === wilderness) b = link[b * Link.STRIDE + Link.NEXT_FREE] as number
        if (b !== Handle.NONE) return b
        continue
      }
      // The unbounded class holds blocks of any large size: first fit through it.
      for (; b !== Handle.NONE; b = link[b * Link.STRIDE + Link.NEXT_FREE] as number)
        if ((num[b * Num.STRIDE + Num.SIZE] as number) >= size && b !== wilderness) return b
    }
    // The own class past the search limit may still hold a fit.
    if (examined >= limit) {
      for (
        b = this.heads[c] as number;
        b !== Handle.NONE;
        b = link[b * Link.STRIDE + Link.NEXT_FREE] as number
      )
        if ((num[b * Num.STRIDE + Num.SIZE] as number) >= size && b !== wilderness) return b
    }
    if (
      wilderness !== Handle.NONE &&
      this.state[wilderness] >= 0 &&
      (num[wilderness * Num.STRIDE + Num.SIZE] as number) >= size
    )
      return wilderness
    return Handle.NONE
  }

  // ---- headers in memory -------------------------------------------------------------------

  /**
   * Store the 8-byte word `value` (a header, footer or list link) at heap `address`. Called
   * only where both were computed (writeTags, setLink): a call that V8 leaves out of line then
   * passes block handles, small integers, and never an address it has to box.
   */
  private setWord(address: number, value: number): void {
    const heapWords = this.heapWords
    const i = this.arenaIndex(address, 8)
    if (i < 0) {
      this.memory.writePointer(address, value)
      return
    }
    putWord(heapWords.words, i, value)
    const w = (address - heapWords.first) & Arena.PAGE_MASK
    heapWords.bytes[initializedByte(i, w)] = 0xff
  }

  /**
   * The index in the heap arena's words (see `HeapWords`) of the 8-byte aligned heap `address`,
   * when its page is current (written since the last snapshot) and the `span` bytes from it lie
   * in that page; -1 otherwise (then `Memory.writePointer` stores it).
   */
  private arenaIndex(address: number, span: number): number {
    const heapWords = this.heapWords
    const offset = address - heapWords.first
    const k = (offset >> Arena.PAGE_SHIFT) << 1
    const meta = heapWords.meta
    if (
      offset >= 0 &&
      offset < Arena.LIMIT &&
      (offset & 7) === 0 &&
      (offset & Arena.PAGE_MASK) + span <= Arena.PAGE &&
      k < meta.length &&
      meta[k] === heapWords.gen
    )
      return (meta[k + 1] as number) + ((offset & Arena.PAGE_MASK) >> 2)
    return -1
  }

  /** Store in free block `b`'s list link `field` the address of block `to` (0 for none). */
  private setLink(b: number, field: FreeLink, to: number): void {
    const num = this.num
    this.setWord(
      (num[b * Num.STRIDE + Num.ADDRESS] as number) + this.headerSize + field,
      to === Handle.NONE ? 0 : (num[to * Num.STRIDE + Num.ADDRESS] as number)
    )
  }

  private headerWord(size: number, allocated: boolean): number {
    return allocated ? size + this.allocatedBit : size
  }

  /**
   * Write the free block `b`'s words as the front of a list: its header (and footer), its link
   * to `next` (a handle, or none) and its link back (none). With 8-byte tags and no footer, the
   * three words usually share a page of the heap arena: one page lookup (see `HeapWords`) instead
   * of three, and the words split into halves here (sizes and addresses below 2^53).
   */
  private writeFront(b: number, next: number): void {
    const num = this.num
    const address = num[b * Num.STRIDE + Num.ADDRESS] as number
    const h = this.headerSize
    const i = this.plainTags === 1 ? this.arenaIndex(address, h + 16) : -1
    if (i < 0) {
      this.writeTags(b)
      this.setLink(b, FreeLink.PREV, Handle.NONE)
      this.setLink(b, FreeLink.NEXT, next)
      return
    }
    const heapWords = this.heapWords
    const words = heapWords.words
    putWord(words, i, num[b * Num.STRIDE + Num.SIZE] as number)
    const links = i + (h >> 2)
    putWord(
      words,
      links + (FreeLink.NEXT >> 2),
      next === Handle.NONE ? 0 : (num[next * Num.STRIDE + Num.ADDRESS] as number)
    )
    putWord(words, links + (FreeLink.PREV >> 2), 0)
    const w = (address - heapWords.first) & Arena.PAGE_MASK
    const bits = initializedByte(i, w)
    const bytes = heapWords.bytes
    bytes[bits] = 0xff
    bytes[bits + ((h + FreeLink.NEXT) >> 3)] = 0xff
    bytes[bits + ((h + FreeLink.PREV) >> 3)] = 0xff
  }

  /** Write `b`'s header (and footer) as its bookkeeping has it. */
  private writeTags(b: number): void {
    const memory = this.memory
    const size = this.num[b * Num.STRIDE + Num.SIZE] as number
    const address = this.num[b * Num.STRIDE + Num.ADDRESS] as number
    const word = this.state[b] === State.ALLOCATED ? size + this.allocatedBit : size
    // An 8-byte tag is the word and 4 zero bytes: one 64-bit store (one page lookup).
    if (this.wideTags === 1) this.setWord(address, word)
    else memory.write32(address, word)
    if (this.footerSize > 0) {
      const f = address + size - this.footerSize
      if (this.wideTags === 1) this.setWord(f, word)
      else memory.write32(f, word)
    }
  }

  private tagsIntact(b: number): boolean {
    const memory = this.memory
    const size = this.num[b * Num.STRIDE + Num.SIZE] as number
    const address = this.num[b * Num.STRIDE + Num.ADDRESS] as number
    const word = this.headerWord(size, this.state[b] === State.ALLOCATED)
    const wide = this.wideTags === 1
    if (memory.read32(address) !== word) return false
    if (wide && memory.read32(address + 4) !== 0) return false
    if (this.footerSize > 0) {
      const f = address + size - this.footerSize
      if (memory.read32(f) !== word) return false
      if (wide && memory.read32(f + 4) !== 0) return false
    }
    return true
  }

  // ---- growth ------------------------------------------------------------------------------

  private ensureStart(): boolean {
    if (this.leadingPad >= 0) return true
    const start = this.host.programBreak()
    const h = this.headerSize
    const g = this.alignment
    const pad = Math.ceil((start + h) / g) * g - h - start
    if (pad > 0 && this.host.sbrk(pad) === -1) return false
    this.leadingPad = pad
    return true
  }

  /** Obtain a free, unlisted block of at least `size` bytes at the end of the heap. */
  private extend(size: number): number {
    if (!this.ensureStart()) return Handle.NONE
    const tail = this.last
    const mergeTail =
      tail !== Handle.NONE && this.state[tail] !== State.ALLOCATED && this.coalescing === 1
    const need = mergeTail ? size - (this.num[tail * Num.STRIDE + Num.SIZE] as number) : size
    const grow = this.alignSize(Math.max(need, this.options.growBy))
    const old = this.host.sbrk(grow)
    if (old === -1) return Handle.NONE
    if (mergeTail) {
      this.unlist(tail)
      this.num[tail * Num.STRIDE + Num.SIZE] += grow
      return tail
    }
    const b = this.newBlock(old, grow, tail)
    if (tail !== Handle.NONE) this.link[tail * Link.STRIDE + Link.NEXT] = b
    else this.first = b
    this.last = b
    return b
  }

  // ---- malloc / free -----------------------------------------------------------------------

  malloc(size: number): number {
    // NaN and ±Infinity fail these tests too.
    if (!(size >= 0 && size <= 0x7fffffff)) return 0
    if (size >= this.options.mmapThreshold) return this.mmapChunk(size)
    const asize = this.blockSizeFor(size)
    let b = this.find(asize)
    if (b !== Handle.NONE) this.unlist(b)
    else {
      b = this.extend(asize)
      if (b === Handle.NONE) return 0
    }
    this.place(b, asize, size)
    return (this.num[b * Num.STRIDE + Num.ADDRESS] as number) + this.headerSize
  }

  /**
   * Cut `b` (free, unlisted, `b`'s size − `asize` ≥ the minimum block) down to `asize` bytes:
   * the rest becomes a free, unlisted block after it, returned.
   */
  private splitOff(b: number, asize: number): number {
    const address = this.num[b * Num.STRIDE + Num.ADDRESS] as number
    const rest = (this.num[b * Num.STRIDE + Num.SIZE] as number) - asize
    const r = this.newBlock(address + asize, rest, b)
    const link = this.link
    const after = link[b * Link.STRIDE + Link.NEXT] as number
    link[r * Link.STRIDE + Link.NEXT] = after
    if (after !== Handle.NONE) link[after * Link.STRIDE + Link.PREV] = r
    else this.last = r
    link[b * Link.STRIDE + Link.NEXT] = r
    this.num[b * Num.STRIDE + Num.SIZE] = asize
    return r
  }

  /** Allocate the (unlisted) block `b` for `request`, splitting off a free rest. */
  private place(b: number, asize: number, request: number): void {
    if ((this.num[b * Num.STRIDE + Num.SIZE] as number) - asize >= this.minBlock) {
      const r = this.splitOff(b, asize)
      this.enlist(r)
    }
    const num = this.num
    const n = b * Num.STRIDE
    this.state[b] = State.ALLOCATED
    num[n + Num.ASKED] = request
    const origin = this.host.origin()
    num[n + Num.ALLOC_STEP] = origin.step
    num[n + Num.ALLOC_LINE] = origin.line ?? -1
    num[n + Num.FREE_STEP] = -1
    num[n + Num.FREE_LINE] = -1
    this.writeTags(b)
    this.byPayload.set((num[n + Num.ADDRESS] as number) + this.headerSize - this.heapStart, b)
    this.countAllocated(b, 1)
  }

  private countAllocated(b: number, sign: 1 | -1): void {
    const t = this.totals
    t[Total.ALLOCATED_BYTES] += sign * (this.num[b * Num.STRIDE + Num.SIZE] as number)
    t[Total.LIVE_BLOCKS] += sign
    this.counters[Counter.REQUESTED] += sign * (this.num[b * Num.STRIDE + Num.ASKED] as number)
  }

  private mmapChunk(size: number): number {
    const g = this.alignment
    const header = Math.ceil(this.headerSize / g) * g
    const address = this.host.mmap(size + header)
    if (address === -1) return 0
    const pageSize = this.host.pageSize
    const length = Math.ceil((size + header) / pageSize) * pageSize
    const origin = this.host.origin()
    const chunk: MmapChunk = {
      address,
      size: length,
      payload: address + header,
      requested: size,
      allocStep: origin.step,
      allocLine: origin.line ?? -1
    }
    this.memory.write32(address, this.headerWord(length, true))
    this.mmaps.set(chunk.payload, chunk)
    const t = this.totals
    t[Total.ALLOCATED_BYTES] += length
    t[Total.MMAP_HEADER_BYTES] += header
    t[Total.LIVE_BLOCKS]++
    this.counters[Counter.REQUESTED] += size
    return chunk.payload
  }

  free(pointer: number): void {
    if (pointer === 0) return
    // Taken off the allocated blocks at once: free is the commonest call after malloc.
    const b = this.byPayload.take(pointer - this.heapStart)
    if (b === Handle.NONE) {
      this.freeOther(pointer)
      return
    }
    this.countAllocated(b, -1)
    this.state[b] = State.UNLISTED
    const origin = this.host.origin()
    this.num[b * Num.STRIDE + Num.FREE_STEP] = origin.step
    this.num[b * Num.STRIDE + Num.FREE_LINE] = origin.line ?? -1
    const merged = this.coalescing === 1 ? this.coalesce(b) : b
    this.enlist(merged)
  }

  /** free() of a pointer that is no heap block: an mmapped chunk, or a misuse to report. */
  private freeOther(pointer: number): void {
    const chunk = this.mmaps.get(pointer)
    if (chunk !== undefined) {
      this.unmapChunk(chunk)
      return
    }
    this.host.report({
      kind: 'invalid-free',
      address: pointer,
      message: `free(0x${pointer.toString(16)}): this address was never returned by malloc.`,
      reason: {
        key: 'misuse.invalidFree',
        params: { fn: 'free', pointer: '0x' + pointer.toString(16) }
      }
    })
  }

  private unmapChunk(chunk: MmapChunk): void {
    this.mmaps.delete(chunk.payload)
    const t = this.totals
    const header = chunk.payload - chunk.address
    t[Total.ALLOCATED_BYTES] -= chunk.size
    t[Total.MMAP_HEADER_BYTES] -= header
    t[Total.LIVE_BLOCKS]--
    this.counters[Counter.REQUESTED] -= chunk.requested
    this.host.munmap(chunk.address, chunk.size)
  }

  /** Merge the free, unlisted `b` with free neighbours; returns the merged (unlisted) block. */
  private coalesce(b: number): number {
    const num = this.num
    const link = this.link
    const next = link[b * Link.STRIDE + Link.NEXT] as number
    if (next !== Handle.NONE && this.state[next] !== State.ALLOCATED) {
      this.unlist(next)
      num[b * Num.STRIDE + Num.SIZE] += num[next * Num.STRIDE + Num.SIZE] as number
      const after = link[next * Link.STRIDE + Link.NEXT] as number
      link[b * Link.STRIDE + Link.NEXT] = after
      if (after !== Handle.NONE) link[after * Link.STRIDE + Link.PREV] = b
      else this.last = b
      this.dropBlock(next)
    }
    const prev = link[b * Link.STRIDE + Link.PREV] as number
    if (prev !== Handle.NONE && this.state[prev] !== State.ALLOCATED) {
      this.unlist(prev)
      num[prev * Num.STRIDE + Num.SIZE] += num[b * Num.STRIDE + Num.SIZE] as number
      const after = link[b * Link.STRIDE + Link.NEXT] as number
      link[prev * Link.STRIDE + Link.NEXT] = after
      if (after !== Handle.NONE) link[after * Link.STRIDE + Link.PREV] = prev
      else this.last = prev
      num[prev * Num.STRIDE + Num.FREE_STEP] = num[b * Num.STRIDE + Num.FREE_STEP] as number
      num[prev * Num.STRIDE + Num.FREE_LINE] = num[b * Num.STRIDE + Num.FREE_LINE] as number
      this.dropBlock(b)
      return prev
    }
    return b
  }

  // ---- calloc / realloc --------------------------------------------------------------------

  calloc(count: number, size: number): number {
    const total = count * size
    if (!Number.isSafeInteger(total) || total < 0 || total > 0x7fffffff) return 0
    const p = this.malloc(total)
    if (p !== 0) this.memory.fill(p, total, 0)
    return p
  }

  realloc(pointer: number, size: number): number {
    if (pointer === 0) return this.malloc(size)
    if (size === 0) {
      this.free(pointer)
      return 0
    }
    const b = this.byPayload.get(pointer - this.heapStart)
    if (b === Handle.NONE) return this.reallocOther(pointer, size)
    // A heap block that can grow in place stays in the heap (glibc too), even past the mmap threshold.
    const asize = this.blockSizeFor(size)
    const num = this.num
    const link = this.link
    const n = b * Num.STRIDE
    const bsize = num[n + Num.SIZE] as number
    const asked = num[n + Num.ASKED] as number
    if (asize > bsize) {
      const next = link[b * Link.STRIDE + Link.NEXT] as number
      const nextFree =
        next !== Handle.NONE && this.state[next] !== State.ALLOCATED ? next : Handle.NONE
      const nsize = nextFree !== Handle.NONE ? (num[nextFree * Num.STRIDE + Num.SIZE] as number) : 0
      // Too small a free block at the end of the heap is taken too, and the break moves by the
      // rest (as dlmalloc grows into its top chunk): no copy.
      const atEnd =
        nextFree !== Handle.NONE && link[nextFree * Link.STRIDE + Link.NEXT] === Handle.NONE
      if (nextFree !== Handle.NONE && bsize + nsize - asize >= this.minBlock)
        return this.growIntoNext(b, nextFree, asize, size, pointer)
      if (nextFree !== Handle.NONE && (bsize + nsize >= asize || atEnd)) {
        if (bsize + nsize < asize && this.host.sbrk(asize - bsize - nsize) === -1)
          return this.move(pointer, asked, size)
        this.unlist(nextFree)
        num[n + Num.SIZE] = Math.max(bsize + nsize, asize)
        const after = link[nextFree * Link.STRIDE + Link.NEXT] as number
        link[b * Link.STRIDE + Link.NEXT] = after
        if (after !== Handle.NONE) link[after * Link.STRIDE + Link.PREV] = b
        else this.last = b
        this.dropBlock(nextFree)
      } else if (next === Handle.NONE) {
        // The last block grows by moving the break instead of moving the data.
        if (this.host.sbrk(asize - bsize) === -1) return this.move(pointer, asked, size)
        num[n + Num.SIZE] = asize
      } else {
        return this.move(pointer, asked, size)
      }
    }
    if ((num[n + Num.SIZE] as number) - asize >= this.minBlock) {
      const r = this.splitOff(b, asize)
      const origin = this.host.origin()
      this.num[r * Num.STRIDE + Num.FREE_STEP] = origin.step
      this.num[r * Num.STRIDE + Num.FREE_LINE] = origin.line ?? -1
      const m = this.coalescing === 1 ? this.coalesce(r) : r
      this.enlist(m)
    }
    // splitOff may have grown the table: `num` is read again.
    this.num[n + Num.ASKED] = size
    this.writeTags(b)
    this.recount(b, bsize, asked)
    return pointer
  }

  /** `b` changed from `oldSize` bytes holding `oldAsked` to what its fields say now (realloc). */
  private recount(b: number, oldSize: number, oldAsked: number): void {
    this.totals[Total.ALLOCATED_BYTES] += (this.num[b * Num.STRIDE + Num.SIZE] as number) - oldSize
    this.counters[Counter.REQUESTED] += (this.num[b * Num.STRIDE + Num.ASKED] as number) - oldAsked
  }

  /**
   * realloc() of `b` into the free block `f` right after it, when a free rest of `f` remains:
   * what taking all of `f` and splitting the rest off again leaves (the rest a new free block,
   * at the front of its class's list), with `f`'s handle moved up to the rest instead of
   * dropping one handle and making another. The rest has nothing to merge with: `b` before it
   * is allocated, and the block after `f` was not free (immediate coalescing leaves no two free
   * blocks side by side). When `f` heads its class's list and the rest stays in that class
   * (a realloc growing into the end of the heap, as a vector does), taking it off the list and
   * putting it back in front would leave the list as it is: only its link words move.
   */
  private growIntoNext(b: number, f: number, asize: number, size: number, pointer: number): number {
    const num = this.num
    const n = b * Num.STRIDE
    const bsize = num[n + Num.SIZE] as number
    const asked = num[n + Num.ASKED] as number
    const fsize = num[f * Num.STRIDE + Num.SIZE] as number
    const rest = bsize + fsize - asize
    const c = this.state[f] as number
    const keepsPlace = this.heads[c] === f && this.classOf(rest) === c
    if (keepsPlace) this.totals[Total.FREE_BYTES] += rest - fsize
    else this.unlist(f)
    num[n + Num.SIZE] = asize
    // `b` and `f` stay physical neighbours; `f` now starts where `b` ends.
    const r = f * Num.STRIDE
    const address = (num[n + Num.ADDRESS] as number) + asize
    num[r + Num.ADDRESS] = address
    num[r + Num.SIZE] = rest
    num[r + Num.ASKED] = 0
    num[r + Num.ALLOC_STEP] = -1
    num[r + Num.ALLOC_LINE] = -1
    const origin = this.host.origin()
    num[r + Num.FREE_STEP] = origin.step
    num[r + Num.FREE_LINE] = origin.line ?? -1
    if (keepsPlace) {
      // The words enlist() would write: no previous block, the same next one.
      const after = this.link[f * Link.STRIDE + Link.NEXT_FREE] as number
      this.writeFront(f, after)
      if (after !== Handle.NONE) this.setLink(after, FreeLink.PREV, f)
    } else this.enlist(f)
    num[n + Num.ASKED] = size
    this.writeTags(b)
    this.recount(b, bsize, asked)
    return pointer
  }

  /** realloc() of a pointer that is no heap block: an mmapped chunk, or a misuse to report. */
  private reallocOther(pointer: number, size: number): number {
    const chunk = this.mmaps.get(pointer)
    if (chunk !== undefined) {
      // Like mremap: a mapping still long enough keeps its place; only its payload changes.
      const header = chunk.payload - chunk.address
      if (size >= this.options.mmapThreshold && size + header <= chunk.size) {
        this.counters[Counter.REQUESTED] += size - chunk.requested
        chunk.requested = size
        return pointer
      }
      return this.move(pointer, chunk.requested, size)
    }
    return reportInvalidRealloc(this.host, pointer, size)
  }

  private move(pointer: number, oldSize: number, size: number): number {
    return reallocByMoving(this, this.memory, pointer, oldSize, size)
  }

  // ---- inspection --------------------------------------------------------------------------

  private info(b: number): BlockInfo {
    const num = this.num
    const n = b * Num.STRIDE
    const h = this.headerSize
    const free = this.state[b] !== State.ALLOCATED
    const size = num[n + Num.SIZE] as number
    const asked = num[n + Num.ASKED] as number
    const address = num[n + Num.ADDRESS] as number
    const history = {
      free,
      allocStep: num[n + Num.ALLOC_STEP] as number,
      allocLine: num[n + Num.ALLOC_LINE] as number,
      freeStep: num[n + Num.FREE_STEP] as number,
      freeLine: num[n + Num.FREE_LINE] as number
    }
    return heapBlockInfo(
      address,
      size,
      address + h,
      h,
      this.footerSize,
      free ? 0 : asked,
      free ? 0 : size - this.overhead - asked,
      history,
      'segregated',
      !this.tagsIntact(b)
    )
  }

  /** `blockAt`'s address and size without a BlockInfo (see `Allocator.blockBounds`). */
  blockBounds(pointer: number, out: Float64Array): boolean {
    const b = this.byPayload.get(pointer - this.heapStart)
    if (b === Handle.NONE) return writeBounds(this.mmaps.get(pointer), out)
    out[0] = this.num[b * Num.STRIDE + Num.ADDRESS] as number
    out[1] = this.num[b * Num.STRIDE + Num.SIZE] as number
    return true
  }

  blockAt(pointer: number): BlockInfo | undefined {
    const b = this.byPayload.get(pointer - this.heapStart)
    if (b !== Handle.NONE) return this.info(b)
    const c = this.mmaps.get(pointer)
    return c === undefined ? undefined : mmapChunkInfo(c)
  }

  blocks(): BlockInfo[] {
    const out: BlockInfo[] = []
    if (this.leadingPad > 0) {
      const start = this.heapStart
      out.push({
        address: start,
        size: this.leadingPad,
        payload: start,
        requested: 0,
        headerBytes: 0,
        footerBytes: 0,
        paddingBytes: this.leadingPad,
        free: false,
        bin: 'bookkeeping'
      })
    }
    for (
      let b = this.first;
      b !== Handle.NONE;
      b = this.link[b * Link.STRIDE + Link.NEXT] as number
    )
      out.push(this.info(b))
    const chunks = [...this.mmaps.values()].sort((a, b) => a.address - b.address)
    for (const c of chunks) out.push(mmapChunkInfo(c))
    return out
  }

  /** One list per size class, keyed `class 33-64` and so on, head first (empty ones too). */
  freeLists(): Record<string, Array<[number, number]>> {
    const lists: Record<string, Array<[number, number]>> = {}
    const num = this.num
    this.heads.forEach((head, c) => {
      const list: Array<[number, number]> = []
      for (
        let b = head;
        b !== Handle.NONE;
        b = this.link[b * Link.STRIDE + Link.NEXT_FREE] as number
      )
        list.push([
          num[b * Num.STRIDE + Num.ADDRESS] as number,
          num[b * Num.STRIDE + Num.SIZE] as number
        ])
      lists[`class ${this.classLabel(c)}`] = list
    })
    return lists
  }

  stats(): AllocatorStats {
    const s = this.statsView
    const t = this.totals
    const allocated = t[Total.ALLOCATED_BYTES] as number
    const headers =
      ((t[Total.LIVE_BLOCKS] as number) - this.mmaps.size) * this.overhead +
      (t[Total.MMAP_HEADER_BYTES] as number)
    s.allocatedBytes = allocated
    s.headerBytes = headers
    s.paddingBytes = allocated - headers - (this.counters[Counter.REQUESTED] as number)
    s.freeBytes = t[Total.FREE_BYTES] as number
    s.freeBlocks = t[Total.FREE_BLOCKS] as number
    s.liveBlocks = t[Total.LIVE_BLOCKS] as number
    return s
  }

  /** The largest free block: the biggest in the highest non-empty class. */
  private largestFree(): number {
    if (this.nonEmpty === 0) return 0
    const c = 31 - Math.clz32(this.nonEmpty)
    let largest = 0
    for (
      let b = this.heads[c] as number;
      b !== Handle.NONE;
      b = this.link[b * Link.STRIDE + Link.NEXT_FREE] as number
    )
      largest = Math.max(largest, this.num[b * Num.STRIDE + Num.SIZE] as number)
    return largest
  }

  // ---- time travel -------------------------------------------------------------------------

  /**
   * Rewrite every header, footer and list link from the bookkeeping (after a restore without
   * memory).
   */
  repairMetadata(): void {
    const memory = this.memory
    const num = this.num
    const link = this.link
    const h = this.headerSize
    for (let b = this.first; b !== Handle.NONE; b = link[b * Link.STRIDE + Link.NEXT] as number) {
      this.writeTags(b)
      if (this.state[b] === State.ALLOCATED) continue
      const after = link[b * Link.STRIDE + Link.NEXT_FREE] as number
      memory.writePointer(
        (num[b * Num.STRIDE + Num.ADDRESS] as number) + h + FreeLink.NEXT,
        after === Handle.NONE ? 0 : (num[after * Num.STRIDE + Num.ADDRESS] as number)
      )
      if (after !== Handle.NONE)
        memory.writePointer(
          (num[after * Num.STRIDE + Num.ADDRESS] as number) + h + FreeLink.PREV,
          num[b * Num.STRIDE + Num.ADDRESS] as number
        )
    }
    for (let c = 0; c < this.heads.length; c++) {
      const head = this.heads[c] as number
      if (head !== Handle.NONE)
        memory.writePointer((num[head * Num.STRIDE + Num.ADDRESS] as number) + h + FreeLink.PREV, 0)
    }
    for (const c of this.mmaps.values()) memory.write32(c.address, this.headerWord(c.size, true))
  }

  /**
   * The allocator's state; given the snapshot taken before (`against`), its blocks as a delta
   * against that one's where small (see `RecordHistory`).
   */
  snapshot(against?: unknown): SegregatedSnapshot {
    const num = this.num
    const link = this.link
    let n = 0
    for (let b = this.first; b !== Handle.NONE; b = link[b * Link.STRIDE + Link.NEXT] as number) n++
    // Blocks in address order; a free block's place in that order, for its list.
    const index = this.scratch.length >= this.used ? this.scratch : new Int32Array(this.capacity)
    this.scratch = index
    // In 32 bits unless a number does not fit (then again in doubles).
    let data = this.history.buffer(n * FIELDS, true)
    if (!this.writeRecords(data, index)) {
      data = this.history.buffer(n * FIELDS, false)
      this.writeRecords(data, index)
    }
    const lists: Int32Array[] = []
    for (let c = 0; c < this.heads.length; c++) {
      let length = 0
      for (
        let b = this.heads[c] as number;
        b !== Handle.NONE;
        b = link[b * Link.STRIDE + Link.NEXT_FREE] as number
      )
        length++
      const order = new Int32Array(length)
      length = 0
      for (
        let b = this.heads[c] as number;
        b !== Handle.NONE;
        b = link[b * Link.STRIDE + Link.NEXT_FREE] as number
      )
        order[length++] = index[b] as number
      lists.push(order)
    }
    const base =
      this.first === Handle.NONE ? 0 : (num[this.first * Num.STRIDE + Num.ADDRESS] as number)
    const kept = this.history.take(data, n, base, FIELDS, against as SegregatedSnapshot | undefined)
    const snapshot: SegregatedSnapshot = {
      ...kept,
      against: kept.against as SegregatedSnapshot | null,
      fields: FIELDS,
      base,
      lists,
      mmaps: [...this.mmaps.values()].map((c) => ({ ...c })),
      totals: this.totalsWithRequested(),
      leadingPad: this.leadingPad
    }
    this.history.remember(snapshot)
    return snapshot
  }

  /**
   * The blocks in address order into `data` (see `SegregatedSnapshot.blocks`), and each one's
   * place in `index`; false when a number does not fit a 32-bit `data`.
   */
  private writeRecords(data: RecordArray, index: Int32Array): boolean {
    const num = this.num
    const link = this.link
    const narrow = data instanceof Uint32Array
    let i = 0
    for (
      let b = this.first;
      b !== Handle.NONE;
      b = link[b * Link.STRIDE + Link.NEXT] as number, i++
    ) {
      const o = i * FIELDS
      const at = b * Num.STRIDE
      const free = this.state[b] !== State.ALLOCATED
      const sizeFree = (num[at + Num.SIZE] as number) * 2 + (free ? 1 : 0)
      const asked = num[at + Num.ASKED] as number
      const allocStep = (num[at + Num.ALLOC_STEP] as number) + 1
      const allocLine = (num[at + Num.ALLOC_LINE] as number) + 1
      const freeStep = (num[at + Num.FREE_STEP] as number) + 1
      const freeLine = (num[at + Num.FREE_LINE] as number) + 1
      if (
        narrow &&
        !(
          fits32(sizeFree) &&
          fits32(asked) &&
          fits32(allocStep) &&
          fits32(allocLine) &&
          fits32(freeStep) &&
          fits32(freeLine)
        )
      )
        return false
      data[o] = sizeFree
      data[o + 1] = asked
      data[o + 2] = allocStep
      data[o + 3] = allocLine
      data[o + 4] = freeStep
      data[o + 5] = freeLine
      index[b] = i
    }
    return true
  }

  /** Bytes `snapshot` keeps of its own, and the snapshot its blocks are a delta against. */
  snapshotParts(snapshot: unknown): { bytes: number; against: unknown } {
    const s = snapshot as SegregatedSnapshot
    let lists = 0
    for (const l of s.lists) lists += l.byteLength + 64
    const own = 256 + lists + s.totals.byteLength + s.mmaps.length * 64
    return { bytes: own + this.history.bytes(s), against: s.against }
  }

  /**
   * Keep `snapshot` against `against` (a snapshot taken before it) or whole (null) from now on,
   * in place (see `RecordHistory.rebase`): a replay that drops the snapshot between them.
   */
  rebase(snapshot: unknown, against: unknown): void {
    this.history.rebase(snapshot as SegregatedSnapshot, against as SegregatedSnapshot | null)
  }

  /** The totals with the requested bytes in their snapshot place. */
  private totalsWithRequested(): Float64Array {
    const t = this.totals.slice()
    t[Total.REQUESTED_BYTES] = this.counters[Counter.REQUESTED] as number
    return t
  }

  /**
   * The blocks of a snapshot's numbers (`n` of them, from `base`) into handles 0 … n − 1, and
   * the allocated ones into the payload index. A function of its own so that its loop is
   * compiled with it: inside `restore`, V8 compiled the loop alone (on-stack replacement)
   * before the lines after it had run, and every restore then deoptimized where the loop ended
   * (`--trace-deopt`, binary2 x42: 19 deoptimizations of restore in 30 jumps), running the
   * free lists' rebuild unoptimized; as buddy's restoreBlocks.
   */
  private restoreBlocks(data: RecordArray, n: number, base: number): void {
    const num = this.num
    const link = this.link
    const state = this.state
    const table = this.byPayload
    const offset = this.headerSize - this.heapStart
    // Forget the allocated blocks of now (one entry each: the index is never walked whole).
    for (let b = this.first; b !== Handle.NONE; b = link[b * Link.STRIDE + Link.NEXT] as number)
      if (state[b] === State.ALLOCATED)
        table.take((num[b * Num.STRIDE + Num.ADDRESS] as number) + offset)
    let address = base
    for (let b = 0; b < n; b++) {
      const o = b * FIELDS
      const sizeFree = data[o] as number
      const size = Math.floor(sizeFree / 2)
      num[b * Num.STRIDE + Num.ADDRESS] = address
      num[b * Num.STRIDE + Num.SIZE] = size
      address += size
      num[b * Num.STRIDE + Num.ASKED] = data[o + 1] as number
      num[b * Num.STRIDE + Num.ALLOC_STEP] = (data[o + 2] as number) - 1
      num[b * Num.STRIDE + Num.ALLOC_LINE] = (data[o + 3] as number) - 1
      num[b * Num.STRIDE + Num.FREE_STEP] = (data[o + 4] as number) - 1
      num[b * Num.STRIDE + Num.FREE_LINE] = (data[o + 5] as number) - 1
      link[b * Link.STRIDE + Link.PREV] = b - 1
      link[b * Link.STRIDE + Link.NEXT] = b + 1 < n ? b + 1 : Handle.NONE
      link[b * Link.STRIDE + Link.PREV_FREE] = Handle.NONE
      link[b * Link.STRIDE + Link.NEXT_FREE] = Handle.NONE
      if (sizeFree % 2 === 1) state[b] = State.UNLISTED
      else {
        state[b] = State.ALLOCATED
        table.set((num[b * Num.STRIDE + Num.ADDRESS] as number) + offset, b)
      }
    }
  }

  /** Restores give the blocks handles 0, 1, ... in address order. */
  restore(snapshot: unknown): void {
    const s = snapshot as SegregatedSnapshot
    const n = this.history.countOf(s)
    if (n > this.capacity) {
      let capacity = this.capacity
      while (capacity < n) capacity *= 2
      this.growTable(capacity)
    }
    this.restoreBlocks(this.history.recordsOf(s), n, s.base)
    const link = this.link
    const state = this.state
    this.used = n
    this.spareCount = 0
    this.first = n > 0 ? 0 : Handle.NONE
    this.last = n - 1
    this.nonEmpty = 0
    s.lists.forEach((order, c) => {
      let tail: number = Handle.NONE
      for (let k = 0; k < order.length; k++) {
        const b = order[k] as number
        state[b] = c
        link[b * Link.STRIDE + Link.PREV_FREE] = tail
        if (tail !== Handle.NONE) link[tail * Link.STRIDE + Link.NEXT_FREE] = b
        else this.heads[c] = b
        tail = b
      }
      if (tail === Handle.NONE) this.heads[c] = Handle.NONE
      else this.nonEmpty |= 1 << c
    })
    this.mmaps.clear()
    for (const c of s.mmaps) this.mmaps.set(c.payload, { ...c })
    const t = this.totals
    t.set(s.totals)
    this.counters[Counter.REQUESTED] = t[Total.REQUESTED_BYTES] as number
    t[Total.REQUESTED_BYTES] = 0
    this.leadingPad = s.leadingPad
  }
}
