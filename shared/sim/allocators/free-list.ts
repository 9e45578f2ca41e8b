/**
 * The explicit free-list allocator of the textbooks (CS:APP 9.9, OSTEP 17), with every knob a
 * lesson wants to turn: placement (first / next / best / worst fit), free-list order
 * (address-sorted, LIFO, FIFO, size ascending, size descending), coalescing (immediate,
 * deferred until an allocation fails, none), splitting with a minimum block size, header size,
 * optional footer (boundary tag) and alignment.
 *
 * Every block starts with a real header in simulated memory holding `size | allocated`
 * (and ends with the same word as a footer when boundary tags are on), so a heap overflow
 * really overwrites the next header and `blocks()` shows that block as `corrupted`.
 *
 * The free list itself is in simulated memory too, where a real explicit free list keeps it:
 * the first payload word of every free block holds the address of the next free block on the
 * list and the second word the previous one's (0 at either end; 64-bit little-endian, the
 * pointer width of both layouts), rewritten whenever the list changes. So the byte inspector,
 * and a use-after-free read of a freed block, show the links.
 *
 * The allocator's own bookkeeping lives in JavaScript: the blocks in address order as a doubly
 * linked list, the free list as the same links between Block objects, and an ordered index of
 * the free list (`SizeIndexedTreap`) in list order, where each subtree knows its largest block. A real explicit-list allocator walks the list; the
 * index finds the same block the walk would find ("the first block in list order that fits")
 * in O(log n), so a 100,000-block heap replays as fast as a small one.
 */
import type { Allocator, AllocatorStats, BlockInfo, HeapHost } from '../types'
import { AllocatorCounter } from '../types'
import type { AllocatorOptions } from './registry'
import { heapBlockInfo, mmapChunkInfo, type MmapChunk, writeBounds } from './inspection'
import { copyBytes, reallocByMoving, reportInvalidRealloc } from './move'
import { SizeIndexedTreap } from './treap'
import { BestFitIndex } from './best-fit-index'
import { FreeBlockLinks } from './free-links'
import { PayloadTable } from './block-table'
import { RecordHistory, type KeptRecords, type RecordArray } from './record-delta'
import { emptyStats } from '../metrics'

const REQUESTED = AllocatorCounter.requestedBytes

export type Placement = 'first' | 'next' | 'best' | 'worst'
export type ListOrder = 'address' | 'lifo' | 'fifo' | 'size-ascending' | 'size-descending'
export type Coalescing = 'immediate' | 'deferred' | 'none'

export interface FreeListOptions {
  placement: Placement
  order: ListOrder
  coalescing: Coalescing
  /** Bytes of header before each payload (at least 4). */
  headerSize: number
  /** Copy the header into the block's last bytes (a boundary tag). */
  footer: boolean
  /** Payload alignment: 1, 2, 4, 8 or 16. Block sizes are multiples of it. */
  alignment: number
  /** Smallest block a split may leave behind; default: header + footer + 16 link bytes, aligned. */
  minBlockSize?: number
  /** Split a found block when the rest would be at least the minimum block size. */
  split: boolean
  /** Grow the heap by at least this many bytes at a time (0: exactly what is needed). */
  growBy: number
  /** Requests of at least this many bytes get their own mmap region; Infinity disables it. */
  mmapThreshold: number
}

const DEFAULTS: FreeListOptions = {
  placement: 'first',
  order: 'address',
  coalescing: 'immediate',
  headerSize: 8,
  footer: false,
  alignment: 16,
  split: true,
  growBy: 0,
  mmapThreshold: 128 * 1024
}

const PLACEMENTS: readonly Placement[] = ['first', 'next', 'best', 'worst']
const ORDERS: readonly ListOrder[] = [
  'address',
  'lifo',
  'fifo',
  'size-ascending',
  'size-descending'
]
const COALESCINGS: readonly Coalescing[] = ['immediate', 'deferred', 'none']

/** Check and complete user-supplied options; errors are plain English naming the option. */
export function resolveFreeListOptions(options: AllocatorOptions = {}): FreeListOptions {
  const known = new Set([...Object.keys(DEFAULTS), 'minBlockSize'])
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw new Error(
        `Unknown free-list option "${key}": known options are ${[...known].join(', ')}.`
      )
    }
  }
  const o = { ...DEFAULTS, ...(options as Partial<FreeListOptions>) }
  if (!PLACEMENTS.includes(o.placement)) {
    throw new Error(`Placement "${String(o.placement)}" is not one of ${PLACEMENTS.join(', ')}.`)
  }
  if (!ORDERS.includes(o.order)) {
    throw new Error(`List order "${String(o.order)}" is not one of ${ORDERS.join(', ')}.`)
  }
  if (!COALESCINGS.includes(o.coalescing)) {
    throw new Error(`Coalescing "${String(o.coalescing)}" is not one of ${COALESCINGS.join(', ')}.`)
  }
  if (![1, 2, 4, 8, 16].includes(o.alignment)) {
    throw new Error(`Alignment ${String(o.alignment)} is not 1, 2, 4, 8 or 16.`)
  }
  if (!Number.isInteger(o.headerSize) || o.headerSize < 4 || o.headerSize > 64) {
    throw new Error(
      `Header size ${String(o.headerSize)} must be a whole number of bytes from 4 to 64.`
    )
  }
  if (o.minBlockSize !== undefined && (!Number.isInteger(o.minBlockSize) || o.minBlockSize < 1)) {
    throw new Error(`Minimum block size ${String(o.minBlockSize)} must be a positive whole number.`)
  }
  return o
}

/** One block of the heap, in the allocator's own bookkeeping. */
interface Block {
  address: number
  size: number
  free: boolean
  requested: number
  prev: Block | null
  next: Block | null
  /** Free-list order key (see `keyOf`), valid while the block is free. */
  k1: number
  k2: number
  /** Insertion number, for LIFO/FIFO order. */
  seq: number
  /** Neighbours on the free list (valid while the block is free), mirrored in its payload. */
  fprev: Block | null
  fnext: Block | null
  /** Its entry in the list index and in best fit's size index while listed, else -1. */
  node: number
  sizeNode: number
  /** Scratch: the block's index in address order while a snapshot is taken. */
  mark: number
  allocStep: number
  allocLine: number
  freeStep: number
  freeLine: number
}

/**
 * Numbers per block in a snapshot: size and free bit, requested bytes or free step, allocation
 * step, and the two lines packed in one 16 + 16-bit word; 5 when a line does not fit 16 bits
 * (then each line has its own number). LIFO/FIFO lists add the insertion number.
 */
const PACKED_FIELDS = 4
const FIELDS = 5
/** Lines below this (+ 1) pack into half a 32-bit word. */
const PACKED_LINE_LIMIT = 0xffff

interface FreeListSnapshot extends KeptRecords {
  /**
   * Per block in address order: size × 2 + 1 when free; the requested bytes of an allocated
   * block or the free step + 1 of a free one (an allocated block has no free step, a free one no
   * request: one number holds either); the allocation step + 1; the allocation and free lines
   * + 1 (packed: allocation line in the low 16 bits); then the LIFO/FIFO number in those
   * orders. Addresses are not stored: blocks tile the heap from `base`, so each follows the
   * last. Fewer bytes per snapshot let a replay keep snapshots closer together within its
   * memory budget, and so replay fewer operations on each jump.
   */
  blocks: RecordArray | null
  /** The snapshot its blocks are a delta against (see `KeptRecords`), else null. */
  against: FreeListSnapshot | null
  /** Both lines in one number (see `blocks`). */
  packedLines: boolean
  base: number
  /**
   * Physical indices of the free blocks in list order; null for an address-ordered list, which
   * is the free blocks in the order of `blocks` (so a snapshot need not say it again).
   */
  listOrder: Int32Array | null
  /** The same by (size, list order), for best fit's second index; null without one. */
  sizeOrder: Int32Array | null
  mmaps: MmapChunk[]
  seq: number
  rover: [number, number] | null
  stats: AllocatorStats
  leadingPad: number
}

/**
 * A snapshot taken against the one before keeps its blocks as a delta when that takes at most
 * half a whole array's bytes, and the deltas since the last whole snapshot (a restore applies
 * them all, one pass over the blocks each) are at most 8 and take at most 1.5 whole arrays. First fit on binary2 x42: chains of 16 kept
 * 1,864 snapshots (longest gap 858 operations), of 8 1,334 (946), with half the passes at most.
 */
const DELTA_LIMITS = { deltaShare: 0.5, maxChain: 8, chainShare: 1.5 }

/** A block's size from its first snapshot number (size × 2 + free bit). */
const snapshotSize = (records: RecordArray, offset: number): number =>
  Math.floor((records[offset] as number) / 2)

const cmpSize = (a: Block, b: Block): number => a.size - b.size || a.k1 - b.k1 || a.k2 - b.k2

/**
 * Keys for the list index's `build`: size, then the list-order key (k1, k2, 0), per block, in
 * `scratch` when it is big enough (a restore builds the index every time: no new buffer each).
 */
function treeKeys(blocks: readonly Block[], scratch: Float64Array): Float64Array {
  const keys = scratch.length >= blocks.length * 4 ? scratch : new Float64Array(blocks.length * 8)
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]
    const o = i * 4
    keys[o] = b.size
    keys[o + 1] = b.k1
    keys[o + 2] = b.k2
    keys[o + 3] = 0
  }
  return keys
}

export class FreeListAllocator implements Allocator {
  declare readonly name: string
  declare readonly options: FreeListOptions
  declare private readonly host: HeapHost
  declare private readonly granularity: number
  declare private readonly footerSize: number
  declare private readonly overhead: number
  declare private readonly minBlock: number
  /**
   * The free list in list order. Its subtree maxima answer first, next and worst fit; best fit
   * asks `bySize` instead, so its list keeps none (their upkeep was a tenth of its time).
   */
  declare private readonly list: SizeIndexedTreap<Block>
  /**
   * The free blocks by (size, list order), kept only for best fit over a non-size order: best
   * fit is its lower bound on size, so it keeps no subtree maxima.
   */
  declare private readonly bySize: BestFitIndex<Block> | null
  /** Allocated blocks by payload offset from the heap start (rebuilt on every restore). */
  declare private readonly byPayload: PayloadTable<Block>
  private readonly mmaps = new Map<number, MmapChunk>()
  private first: Block | null = null
  private last: Block | null = null
  /** Ends of the free list. */
  private head: Block | null = null
  private tail: Block | null = null
  private readonly spareBlocks: Block[] = []
  /** Bytes between the heap start and the first block, so that payloads are aligned. */
  private leadingPad = -1
  private seq = 0
  /** Next fit: the list position where the last search stopped. */
  private hasRover = false
  private roverK1 = 0
  private roverK2 = 0
  private totals: AllocatorStats = emptyStats()
  /** Bytes the program asked for in the blocks it holds, for the machine (`Allocator.counters`). */
  readonly counters = new Float64Array(AllocatorCounter.length)
  /** The list's links in the free blocks' payloads. */
  declare private readonly links: FreeBlockLinks
  /** Reused by every restore: the blocks in address order, the free list, and index keys. */
  private scratchBlocks: Block[] = []
  private scratchListed: Block[] = []
  private scratchSorted: Block[] = []
  private scratchKeys: Float64Array = new Float64Array(0)
  /** Snapshots' blocks, each a delta against the one before where small (time travel). */
  private readonly history = new RecordHistory(snapshotSize, DELTA_LIMITS)

  constructor(host: HeapHost, options: AllocatorOptions = {}, name = 'free-list') {
    this.host = host
    this.name = name
    const o = resolveFreeListOptions(options)
    this.options = o
    this.granularity = o.alignment
    this.footerSize = o.footer ? o.headerSize : 0
    this.overhead = o.headerSize + this.footerSize
    this.links = new FreeBlockLinks(host, o.headerSize, this.overhead)
    this.minBlock = Math.max(
      this.alignSize(o.minBlockSize ?? this.overhead + 16),
      this.alignSize(this.overhead + 1)
    )
    this.bySize =
      o.placement === 'best' && o.order !== 'size-ascending'
        ? new BestFitIndex<Block>(this.granularity)
        : null
    this.list = new SizeIndexedTreap<Block>(0x2545f491, this.bySize === null)
    this.byPayload = new PayloadTable<Block>(this.granularity)
  }

  private alignSize(n: number): number {
    const g = this.granularity
    return Math.ceil(n / g) * g
  }

  /** Block size for a request: payload plus header and footer, aligned, at least the minimum. */
  blockSizeFor(request: number): number {
    return Math.max(this.minBlock, this.alignSize(request + this.overhead))
  }

  // ---- the free list -----------------------------------------------------------------------

  /**
   * A block's list-order key. Addresses enter it as offsets from the heap start: the same
   * order, and small integers that V8 passes around without boxing a double on every call.
   */
  private keyOf(b: Block): void {
    switch (this.options.order) {
      case 'address':
        b.k1 = b.address - this.host.heapStart
        b.k2 = 0
        break
      case 'lifo':
        b.k1 = -b.seq
        b.k2 = 0
        break
      case 'fifo':
        b.k1 = b.seq
        b.k2 = 0
        break
      case 'size-ascending':
        b.k1 = b.size
        b.k2 = b.address - this.host.heapStart
        break
      case 'size-descending':
        b.k1 = -b.size
        b.k2 = b.address - this.host.heapStart
        break
    }
  }

  /**
   * Make `a` and `b` neighbours on the free list (null: that end of the list) and write the
   * links into their payloads: `a`'s next word and `b`'s previous word.
   */
  private link(a: Block | null, b: Block | null): void {
    if (a === null) this.head = b
    else {
      a.fnext = b
      this.links.setNext(a, b)
    }
    if (b === null) this.tail = a
    else {
      b.fprev = a
      this.links.setPrev(b, a)
    }
  }

  /** `b` takes `old`'s place on the free list (a split remainder or a merged block). */
  private takePlace(old: Block, b: Block): void {
    const prev = old.fprev
    const next = old.fnext
    old.fprev = null
    old.fnext = null
    this.link(prev, b)
    this.link(b, next)
  }

  /** Put a free block on the free list. `fresh` gives it a new LIFO/FIFO position. */
  private enlist(b: Block, fresh: boolean): void {
    if (fresh) b.seq = ++this.seq
    this.keyOf(b)
    b.node = this.list.insert(b, b.size, b.k1, b.k2, 0)
    const prev = this.list.insertedAfter() ?? null
    const next = prev === null ? this.head : prev.fnext
    this.link(prev, b)
    this.link(b, next)
    if (this.bySize !== null) this.bySize.insert(b)
    this.totals.freeBytes += b.size
    this.totals.freeBlocks++
  }

  private unlist(b: Block): void {
    // The block's own words keep the stale links, as memory does once malloc hands it out.
    this.link(b.fprev, b.fnext)
    b.fprev = null
    b.fnext = null
    this.list.removeAt(b.node)
    b.node = -1
    if (this.bySize !== null) this.bySize.remove(b)
    this.totals.freeBytes -= b.size
    this.totals.freeBlocks--
  }

  /** The free block the policy picks for `size` bytes, or undefined. */
  private find(size: number): Block | undefined {
    switch (this.options.placement) {
      case 'first':
        return this.list.firstFit(size)
      case 'next': {
        // Nothing fits anywhere: no need to search from the rover and then from the start.
        if (this.list.largest() < size) return undefined
        if (this.hasRover) {
          const found = this.list.firstFitFrom(this.roverK1, this.roverK2, 0, size)
          if (found !== undefined) return found
        }
        return this.list.firstFit(size)
      }
      case 'best':
        return this.bySize === null ? this.list.firstFit(size) : this.bySize.best(size)
      case 'worst': {
        const largest = this.list.largest()
        return largest >= size ? this.list.firstFit(largest) : undefined
      }
    }
  }

  // ---- headers in memory -------------------------------------------------------------------

  private headerWord(size: number, allocated: boolean): number {
    // Low bit when sizes are even; with byte granularity, the top bit of a 32-bit word.
    if (!allocated) return size
    return this.granularity >= 2 ? size + 1 : size + 0x80000000
  }

  private writeTags(b: Block): void {
    const memory = this.host.memory
    const word = this.headerWord(b.size, !b.free)
    const h = this.options.headerSize
    // An 8-byte header is the word and 4 zero bytes: one 64-bit store.
    if (h >= 8) memory.writePointer(b.address, word)
    else memory.write32(b.address, word)
    if (this.footerSize > 0) {
      const f = b.address + b.size - this.footerSize
      if (h >= 8) memory.writePointer(f, word)
      else memory.write32(f, word)
    }
  }

  private tagsIntact(b: Block): boolean {
    const memory = this.host.memory
    const word = this.headerWord(b.size, !b.free)
    const h = this.options.headerSize
    if (memory.read32(b.address) !== word) return false
    if (h >= 8 && memory.read32(b.address + 4) !== 0) return false
    if (this.footerSize > 0) {
      const f = b.address + b.size - this.footerSize
      if (memory.read32(f) !== word) return false
      if (h >= 8 && memory.read32(f + 4) !== 0) return false
    }
    return true
  }

  // ---- Block objects -----------------------------------------------------------------------

  /** A free block object, reused from merged-away blocks so steady state allocates nothing. */
  private newBlock(address: number, size: number, prev: Block | null, next: Block | null): Block {
    const b = this.spareBlocks.pop()
    if (b === undefined) {
      return {
        address,
        size,
        free: true,
        requested: 0,
        prev,
        next,
        k1: 0,
        k2: 0,
        seq: 0,
        fprev: null,
        fnext: null,
        node: -1,
        sizeNode: -1,
        mark: 0,
        allocStep: -1,
        allocLine: -1,
        freeStep: -1,
        freeLine: -1
      }
    }
    b.address = address
    b.size = size
    b.free = true
    b.requested = 0
    b.prev = prev
    b.next = next
    b.k1 = 0
    b.k2 = 0
    b.seq = 0
    b.fprev = null
    b.fnext = null
    b.node = -1
    b.sizeNode = -1
    b.allocStep = -1
    b.allocLine = -1
    b.freeStep = -1
    b.freeLine = -1
    return b
  }

  /** A block merged into a neighbour: nothing refers to it any more. */
  private recycle(b: Block): void {
    b.prev = null
    b.next = null
    b.fprev = null
    b.fnext = null
    this.spareBlocks.push(b)
  }

  // ---- growth ------------------------------------------------------------------------------

  private ensureStart(): boolean {
    if (this.leadingPad >= 0) return true
    const start = this.host.programBreak()
    const h = this.options.headerSize
    const firstPayload = Math.ceil((start + h) / this.granularity) * this.granularity
    const pad = firstPayload - h - start
    if (pad > 0 && this.host.sbrk(pad) === -1) return false
    this.leadingPad = pad
    return true
  }

  /** Obtain at least `size` bytes at the end of the heap; returns the (free, listed) block. */
  private extend(size: number): Block | undefined {
    if (!this.ensureStart()) return undefined
    const tail = this.last
    const mergeTail = tail !== null && tail.free && this.options.coalescing !== 'none'
    const need = mergeTail ? size - (tail as Block).size : size
    const grow = this.alignSize(Math.max(need, this.options.growBy))
    const old = this.host.sbrk(grow)
    if (old === -1) return undefined
    if (mergeTail) {
      const t = tail as Block
      this.unlist(t)
      t.size += grow
      this.writeTags(t)
      this.enlist(t, false)
      return t
    }
    const b = this.newBlock(old, grow, tail, null)
    if (tail !== null) tail.next = b
    else this.first = b
    this.last = b
    this.writeTags(b)
    this.enlist(b, true)
    return b
  }

  // ---- malloc ------------------------------------------------------------------------------

  malloc(size: number): number {
    if (!Number.isFinite(size) || size < 0 || size > 0x7fffffff) return 0
    if (size >= this.options.mmapThreshold) return this.mmapChunk(size)
    const asize = this.blockSizeFor(size)
    let b = this.find(asize)
    if (b === undefined && this.options.coalescing === 'deferred') {
      this.coalesceAll()
      b = this.find(asize)
    }
    if (b === undefined) {
      const taken = this.takeNewTail(asize, size)
      if (taken >= 0) return taken
      b = this.extend(asize)
    }
    if (b === undefined) return 0
    this.place(b, asize, size)
    return b.address + this.options.headerSize
  }

  /**
   * The heap grows by exactly a block that malloc takes whole (no free block at the end to
   * merge with, no remainder to split off): what `extend` and `place` would do, without putting
   * the block on the list and taking it off again. Memory ends up the same: the new block's
   * link words hold the neighbours it would have had on the list (stale links, as a list
   * allocator leaves them), and those neighbours' links point at each other. Returns the
   * payload, 0 when the heap cannot grow, or -1 when the general path must run.
   */
  private takeNewTail(asize: number, request: number): number {
    if (!this.ensureStart()) return 0
    const tail = this.last
    if (tail !== null && tail.free && this.options.coalescing !== 'none') return -1
    const grow = this.alignSize(Math.max(asize, this.options.growBy))
    if (this.options.split && grow - asize >= this.minBlock) return -1
    const old = this.host.sbrk(grow)
    if (old === -1) return 0
    const b = this.newBlock(old, grow, tail, null)
    if (tail !== null) tail.next = b
    else this.first = b
    this.last = b
    b.seq = ++this.seq
    this.keyOf(b)
    // Where enlist would have put it: the highest address, the newest LIFO/FIFO entry, or by size.
    let before: Block | null
    switch (this.options.order) {
      case 'address':
      case 'fifo':
        before = this.tail
        break
      case 'lifo':
        before = null
        break
      default:
        before = this.list.itemBefore(b.k1, b.k2, 0) ?? null
    }
    const after = before === null ? this.head : before.fnext
    this.links.setPrev(b, before)
    this.links.setNext(b, after)
    this.links.join(before, after)
    if (this.options.placement === 'next') this.setRover(b)
    this.allocate(b, request)
    return b.address + this.options.headerSize
  }

  private place(b: Block, asize: number, request: number): void {
    const rest = b.size - asize
    const split = this.options.split && rest >= this.minBlock
    const order = this.options.order
    // A remainder keeps the found block's place in an address, LIFO or FIFO list, so the
    // index can take it in place of the found block without a remove and an insert.
    const inPlace = split && (order === 'address' || order === 'lifo' || order === 'fifo')
    if (!inPlace) this.unlist(b)
    if (split) {
      const r = this.newBlock(b.address + asize, rest, b, b.next)
      // The remainder keeps the found block's place in a LIFO/FIFO list.
      r.seq = b.seq
      if (b.next !== null) b.next.prev = r
      else this.last = r
      b.next = r
      if (inPlace) {
        this.keyOf(r)
        this.takePlace(b, r)
        this.list.replaceAt(b.node, r, r.size, r.k1, r.k2, 0)
        r.node = b.node
        b.node = -1
        if (this.bySize !== null) {
          this.bySize.remove(b)
          this.bySize.insert(r)
        }
        this.totals.freeBytes -= asize
      } else {
        this.enlist(r, false)
      }
      b.size = asize
      this.writeTags(r)
      if (this.options.placement === 'next') this.setRover(r)
    } else if (this.options.placement === 'next') {
      this.setRover(b)
    }
    this.allocate(b, request)
  }

  /** Mark `b` (off the list, its final size) allocated for `request` bytes. */
  private allocate(b: Block, request: number): void {
    b.free = false
    b.requested = request
    const origin = this.host.origin()
    b.allocStep = origin.step
    b.allocLine = origin.line ?? -1
    b.freeStep = -1
    b.freeLine = -1
    this.writeTags(b)
    this.byPayload.set(b.address + this.options.headerSize - this.host.heapStart, b)
    this.countAllocated(b, 1)
  }

  /** Next fit: the next search starts at `b`'s list position. */
  private setRover(b: Block): void {
    this.hasRover = true
    this.roverK1 = b.k1
    this.roverK2 = b.k2
  }

  private countAllocated(b: Block, sign: 1 | -1): void {
    const s = this.totals
    s.allocatedBytes += sign * b.size
    s.headerBytes += sign * this.overhead
    s.paddingBytes += sign * (b.size - this.overhead - b.requested)
    s.liveBlocks += sign
    this.counters[REQUESTED] += sign * b.requested
  }

  private mmapChunk(size: number): number {
    const header = Math.ceil(this.options.headerSize / this.granularity) * this.granularity
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
    this.host.memory.write32(address, length + (this.granularity >= 2 ? 1 : 0x80000000))
    this.mmaps.set(chunk.payload, chunk)
    const s = this.totals
    s.allocatedBytes += length
    s.headerBytes += header
    s.paddingBytes += length - header - size
    s.liveBlocks++
    this.counters[REQUESTED] += size
    return chunk.payload
  }

  // ---- free --------------------------------------------------------------------------------

  free(pointer: number): void {
    if (pointer === 0) return
    // Taken off the allocated blocks at once: free is the commonest call after malloc.
    const b = this.byPayload.take(pointer - this.host.heapStart)
    if (b === undefined) {
      const chunk = this.mmaps.get(pointer)
      if (chunk !== undefined) {
        this.mmaps.delete(pointer)
        const s = this.totals
        const header = chunk.payload - chunk.address
        s.allocatedBytes -= chunk.size
        s.headerBytes -= header
        s.paddingBytes -= chunk.size - header - chunk.requested
        s.liveBlocks--
        this.counters[REQUESTED] -= chunk.requested
        this.host.munmap(chunk.address, chunk.size)
        return
      }
      // Misuse is rare, so a walk over the heap is fine here.
      let inside: Block | null = this.first
      while (
        inside !== null &&
        !(pointer >= inside.address && pointer < inside.address + inside.size)
      ) {
        inside = inside.next
      }
      const h = this.options.headerSize
      if (
        inside !== null &&
        inside.free &&
        (pointer - h - inside.address) % this.granularity === 0 &&
        pointer - h >= inside.address
      ) {
        this.host.report({
          kind: 'double-free',
          address: pointer,
          message: `free(0x${pointer.toString(16)}): this memory is already free (double free).`,
          reason: {
            key: 'misuse.alreadyFree',
            params: { fn: 'free', pointer: '0x' + pointer.toString(16) }
          },
          ...(inside.freeStep >= 0
            ? { freed: this.originOf(inside.freeStep, inside.freeLine) }
            : {})
        })
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
      return
    }
    if (b.free) {
      this.byPayload.set(pointer - this.host.heapStart, b)
      this.host.report({
        kind: 'double-free',
        address: pointer,
        message: `free(0x${pointer.toString(16)}): this block is already free (double free).`,
        reason: {
          key: 'misuse.alreadyFree',
          params: { fn: 'free', pointer: '0x' + pointer.toString(16) }
        },
        allocated: { step: b.allocStep, line: b.allocLine < 0 ? undefined : b.allocLine },
        freed: { step: b.freeStep, line: b.freeLine < 0 ? undefined : b.freeLine }
      })
      return
    }
    this.countAllocated(b, -1)
    b.free = true
    const origin = this.host.origin()
    b.freeStep = origin.step
    b.freeLine = origin.line ?? -1
    if (this.options.coalescing === 'immediate' && this.options.order === 'address') {
      this.freeAddressOrdered(b)
      return
    }
    let merged = b
    if (this.options.coalescing === 'immediate') merged = this.coalesce(b)
    this.writeTags(merged)
    this.enlist(merged, true)
  }

  /**
   * Immediate coalescing in an address-ordered list, done in place: a merged block sits exactly
   * where its free neighbour sat in the list, so the index entry is reused.
   */
  private freeAddressOrdered(b: Block): void {
    const prev = b.prev
    const next = b.next
    const bySize = this.bySize
    if (prev !== null && prev.free) {
      if (bySize !== null) bySize.remove(prev)
      let grow = b.size
      let after = next
      if (next !== null && next.free) {
        this.unlist(next)
        grow += next.size
        after = next.next
        this.recycle(next)
      }
      prev.size += grow
      prev.next = after
      if (after !== null) after.prev = prev
      else this.last = prev
      prev.freeStep = b.freeStep
      prev.freeLine = b.freeLine
      this.list.replaceAt(prev.node, prev, prev.size, prev.k1, prev.k2, 0)
      if (bySize !== null) bySize.insert(prev)
      // unlist(next) took its bytes off the free total; they are free again inside prev.
      this.totals.freeBytes += grow
      this.writeTags(prev)
      this.recycle(b)
      return
    }
    if (next !== null && next.free) {
      if (bySize !== null) bySize.remove(next)
      b.size += next.size
      b.next = next.next
      if (next.next !== null) next.next.prev = b
      else this.last = b
      this.keyOf(b)
      this.takePlace(next, b)
      this.list.replaceAt(next.node, b, b.size, b.k1, b.k2, 0)
      b.node = next.node
      next.node = -1
      if (bySize !== null) bySize.insert(b)
      this.totals.freeBytes += b.size - next.size
      this.writeTags(b)
      this.recycle(next)
      return
    }
    this.writeTags(b)
    this.enlist(b, true)
  }

  /** Merge `b` (free, not listed) with free neighbours; returns the merged block (not listed). */
  private coalesce(b: Block): Block {
    let m = b
    const next = b.next
    if (next !== null && next.free) {
      this.unlist(next)
      m.size += next.size
      m.next = next.next
      if (next.next !== null) next.next.prev = m
      else this.last = m
      this.recycle(next)
    }
    const prev = b.prev
    if (prev !== null && prev.free) {
      this.unlist(prev)
      prev.size += m.size
      prev.next = m.next
      if (m.next !== null) m.next.prev = prev
      else this.last = prev
      prev.freeStep = m.freeStep
      prev.freeLine = m.freeLine
      this.recycle(m)
      m = prev
    }
    return m
  }

  /** Deferred coalescing: one pass over the heap merging every run of free blocks. */
  coalesceAll(): void {
    let b = this.first
    while (b !== null) {
      if (b.free && b.next !== null && b.next.free) {
        this.unlist(b)
        let end = b.next as Block | null
        while (end !== null && end.free) {
          this.unlist(end)
          b.size += end.size
          const absorbed = end
          end = end.next
          this.recycle(absorbed)
        }
        b.next = end
        if (end !== null) end.prev = b
        else this.last = b
        this.writeTags(b)
        this.enlist(b, true)
      }
      b = b.next
    }
    this.hasRover = false
  }

  private originOf(step: number, line: number): { step: number; line?: number } {
    return line >= 0 ? { step, line } : { step }
  }

  // ---- calloc / realloc --------------------------------------------------------------------

  calloc(count: number, size: number): number {
    const total = count * size
    if (!Number.isSafeInteger(total) || total < 0 || total > 0x7fffffff) return 0
    const p = this.malloc(total)
    if (p !== 0) this.host.memory.fill(p, total, 0)
    return p
  }

  realloc(pointer: number, size: number): number {
    if (pointer === 0) return this.malloc(size)
    if (size === 0) {
      this.free(pointer)
      return 0
    }
    const b = this.byPayload.get(pointer - this.host.heapStart)
    if (b === undefined || b.free) {
      const chunk = this.mmaps.get(pointer)
      if (chunk !== undefined) return this.move(pointer, chunk.requested, size)
      return reportInvalidRealloc(this.host, pointer, size)
    }
    if (size >= this.options.mmapThreshold) return this.move(pointer, b.requested, size)
    const asize = this.blockSizeFor(size)
    if (asize > b.size) {
      const moved = this.growInPlace(b, asize)
      if (moved === -1) return this.move(pointer, b.requested, size)
      if (moved !== pointer) {
        // Slid down into the free block before it: the new payload overlaps the old one.
        copyBytes(this.host.memory, moved, pointer, Math.min(b.requested, size))
        pointer = moved
      }
    } else {
      this.countAllocated(b, -1)
    }
    // Shrink (or trim what was absorbed) back to asize when the rest can stand alone.
    const rest = b.size - asize
    if (this.options.split && rest >= this.minBlock) {
      const r = this.newBlock(b.address + asize, rest, b, b.next)
      const origin = this.host.origin()
      r.freeStep = origin.step
      r.freeLine = origin.line ?? -1
      if (b.next !== null) b.next.prev = r
      else this.last = r
      b.next = r
      b.size = asize
      let m = r
      if (this.options.coalescing === 'immediate') m = this.coalesce(r)
      this.writeTags(m)
      this.enlist(m, true)
    }
    b.requested = size
    this.writeTags(b)
    this.countAllocated(b, 1)
    return pointer
  }

  /**
   * Make the allocated block `b` at least `asize` bytes without a malloc-copy-free, trying what
   * real allocators try, in this order: grow into the free block after it; at the end of the
   * heap (the last block, or only a free block after it) move the break by the difference;
   * otherwise slide down into the free block before it (taking the one after it too), as Doug
   * Lea's malloc 2.6 did ("shift backwards"): one memmove within the space it already borders,
   * instead of a copy to the other end of the heap. Returns the payload, lower than before
   * after a slide (the caller copies the bytes), or -1 when the block must move elsewhere.
   * Takes `b` off the allocated totals when it succeeds; writes no header (the caller does).
   */
  private growInPlace(b: Block, asize: number): number {
    const h = this.options.headerSize
    const next = b.next
    const nextFree = next !== null && next.free ? next : null
    const forward = b.size + (nextFree === null ? 0 : nextFree.size)
    const atEnd = nextFree === null ? next === null : nextFree.next === null
    const prev = b.prev
    const backward = prev !== null && prev.free ? forward + prev.size : 0
    let slide = false
    if (forward < asize && !(atEnd && this.host.sbrk(asize - forward) !== -1)) {
      if (backward < asize) return -1
      slide = true
    }
    this.countAllocated(b, -1)
    if (nextFree !== null) {
      this.unlist(nextFree)
      b.size += nextFree.size
      b.next = nextFree.next
      if (nextFree.next !== null) nextFree.next.prev = b
      else this.last = b
      this.recycle(nextFree)
    }
    // The break moved: the block now reaches exactly to it.
    if (forward < asize && !slide) b.size = asize
    if (!slide) return b.address + h
    const p = prev as Block
    this.unlist(p)
    const heapStart = this.host.heapStart
    this.byPayload.delete(b.address + h - heapStart)
    b.address = p.address
    b.size += p.size
    b.prev = p.prev
    if (p.prev !== null) p.prev.next = b
    else this.first = b
    this.recycle(p)
    this.byPayload.set(b.address + h - heapStart, b)
    return b.address + h
  }

  private move(pointer: number, oldSize: number, size: number): number {
    return reallocByMoving(this, this.host.memory, pointer, oldSize, size)
  }

  // ---- inspection --------------------------------------------------------------------------

  private info(b: Block): BlockInfo {
    const h = this.options.headerSize
    const requested = b.free ? 0 : b.requested
    const padding = b.free ? 0 : b.size - this.overhead - b.requested
    return heapBlockInfo(
      b.address,
      b.size,
      b.address + h,
      h,
      this.footerSize,
      requested,
      padding,
      b,
      undefined,
      !this.tagsIntact(b)
    )
  }

  /** `blockAt`'s address and size without a BlockInfo (see `Allocator.blockBounds`). */
  blockBounds(pointer: number, out: Float64Array): boolean {
    return writeBounds(
      this.byPayload.get(pointer - this.host.heapStart) ?? this.mmaps.get(pointer),
      out
    )
  }

  blockAt(pointer: number): BlockInfo | undefined {
    const b = this.byPayload.get(pointer - this.host.heapStart)
    if (b !== undefined) return this.info(b)
    const c = this.mmaps.get(pointer)
    return c === undefined ? undefined : mmapChunkInfo(c)
  }

  blocks(): BlockInfo[] {
    // Made at its final length (every block, the leading pad, the mmapped chunks), not grown
    // push by push: a view of 10,000 blocks otherwise copies its array over a dozen times.
    const out: BlockInfo[] = new Array<BlockInfo>(
      this.totals.freeBlocks + this.totals.liveBlocks + (this.leadingPad > 0 ? 1 : 0)
    )
    let n = 0
    if (this.leadingPad > 0) {
      const start = this.host.heapStart
      out[n++] = {
        address: start,
        size: this.leadingPad,
        payload: start,
        requested: 0,
        headerBytes: 0,
        footerBytes: 0,
        paddingBytes: this.leadingPad,
        free: false,
        bin: 'bookkeeping'
      }
    }
    for (let b = this.first; b !== null; b = b.next) out[n++] = this.info(b)
    if (this.mmaps.size > 0) {
      const chunks = [...this.mmaps.values()].sort((a, b) => a.address - b.address)
      for (const c of chunks) out[n++] = mmapChunkInfo(c)
    }
    out.length = n
    return out
  }

  freeLists(): Record<string, Array<[number, number]>> {
    return { 'free list': this.list.toArray().map((b) => [b.address, b.size]) }
  }

  /** The live totals (the same object each call, updated in place: copy it to keep it). */
  stats(): AllocatorStats {
    this.totals.largestFreeBlock =
      this.bySize === null ? this.list.largest() : this.bySize.largest()
    return this.totals
  }

  // ---- time travel -------------------------------------------------------------------------

  /** Write every header and footer again from the bookkeeping (after a restore without memory). */
  repairMetadata(): void {
    for (let b = this.first; b !== null; b = b.next) this.writeTags(b)
    for (let b = this.head; b !== null; b = b.fnext) this.link(b.fprev, b)
    this.link(this.tail, null)
    const g = this.granularity >= 2 ? 1 : 0x80000000
    for (const c of this.mmaps.values()) this.host.memory.write32(c.address, c.size + g)
  }

  /** Numbers per block in a snapshot (see `FreeListSnapshot.blocks`). */
  private fields(packedLines: boolean): number {
    return (packedLines ? PACKED_FIELDS : FIELDS) + (this.keepsInsertionOrder() ? 1 : 0)
  }

  /** Whether the list order depends on the insertion number (LIFO, FIFO). */
  private keepsInsertionOrder(): boolean {
    return this.options.order === 'lifo' || this.options.order === 'fifo'
  }

  /**
   * The allocator's state. Given the snapshot of this allocator taken before (`against`), its
   * blocks are kept as a delta against that one's when the delta is small (see `DELTA_SHARE`);
   * the snapshot then keeps `against` alive.
   */
  snapshot(against?: unknown): FreeListSnapshot {
    let n = 0
    let lastLine = -1
    for (let b = this.first; b !== null; b = b.next) {
      n++
      if (b.allocLine > lastLine) lastLine = b.allocLine
      if (b.freeLine > lastLine) lastLine = b.freeLine
    }
    const base = this.first === null ? 0 : this.first.address
    const end = this.last === null ? 0 : this.last.address + this.last.size
    // Compact (4 bytes a field) unless the heap or the step count outgrows 32 bits.
    const compact =
      end - base < 0x7fffffff && this.seq < 0xffffffff && this.host.origin().step < 0xfffffffe
    const packedLines = compact && lastLine + 1 < PACKED_LINE_LIMIT
    const fields = this.fields(packedLines)
    const hasSeq = this.keepsInsertionOrder()
    const data = this.history.buffer(n * fields, compact)
    let i = 0
    for (let b = this.first; b !== null; b = b.next, i++) {
      const o = i * fields
      data[o] = b.size * 2 + (b.free ? 1 : 0)
      data[o + 1] = b.free ? b.freeStep + 1 : b.requested
      data[o + 2] = b.allocStep + 1
      if (packedLines) {
        data[o + 3] = (b.allocLine + 1 + (b.freeLine + 1) * 0x10000) >>> 0
      } else {
        data[o + 3] = b.allocLine + 1
        data[o + 4] = b.freeLine + 1
      }
      if (hasSeq) data[o + fields - 1] = b.seq
      b.mark = i
    }
    // The free list in order, walked through its links (each block knows its index now).
    let listOrder: Int32Array | null = null
    let j = 0
    if (this.options.order !== 'address') {
      listOrder = new Int32Array(this.totals.freeBlocks)
      for (let b = this.head; b !== null; b = b.fnext) listOrder[j++] = b.mark
    }
    let sizeOrder: Int32Array | null = null
    if (this.bySize !== null) {
      const order = new Int32Array(this.totals.freeBlocks)
      j = 0
      this.bySize.forEach((b) => {
        order[j++] = b.mark
      })
      sizeOrder = order
    }
    const earlier = against as FreeListSnapshot | undefined
    const kept = this.history.take(data, n, base, fields, earlier)
    const snapshot: FreeListSnapshot = {
      ...kept,
      against: kept.against as FreeListSnapshot | null,
      fields,
      packedLines,
      base,
      listOrder,
      sizeOrder,
      mmaps: [...this.mmaps.values()].map((c) => ({ ...c })),
      seq: this.seq,
      rover: this.hasRover ? [this.roverK1, this.roverK2] : null,
      stats: { ...this.totals },
      leadingPad: this.leadingPad
    }
    this.history.remember(snapshot)
    return snapshot
  }

  /**
   * Keep `snapshot` against `against` (a snapshot taken before it) or whole (null) from now on,
   * in place (see `RecordHistory.rebase`): a replay that drops the snapshot between them.
   */
  rebase(snapshot: unknown, against: unknown): void {
    this.history.rebase(snapshot as FreeListSnapshot, against as FreeListSnapshot | null)
  }

  /** Bytes `snapshot` keeps of its own, and the snapshot its blocks are a delta against. */
  snapshotParts(snapshot: unknown): { bytes: number; against: unknown } {
    const s = snapshot as FreeListSnapshot
    const orders = (s.listOrder?.byteLength ?? 0) + (s.sizeOrder?.byteLength ?? 0)
    const own = 256 + orders + s.mmaps.length * 64
    return { bytes: own + this.history.bytes(s), against: s.against }
  }

  restore(snapshot: unknown): void {
    const s = snapshot as FreeListSnapshot
    const packedLines = s.packedLines
    const fields = this.fields(packedLines)
    const data = this.history.recordsOf(s)
    const n = this.history.countOf(s)
    const hasSeq = this.keepsInsertionOrder()
    const all = this.scratchBlocks
    const h = this.options.headerSize
    const heapStart = this.host.heapStart
    // Reuse the current Block objects: time travel restores often, and garbage costs time.
    // Each one's entry in the table of allocated blocks goes as it is reused (or put in the
    // spares), in the same walk: a walk of its own over ~12,000 scattered objects first was a
    // fifth of the restore. An entry the walk has already given to a block of the restored heap
    // holds that block and stays.
    const payloads = this.byPayload
    let spare = this.first
    this.first = null
    let prev: Block | null = null
    let address = s.base
    const listed = this.scratchListed
    const listOrder = s.listOrder
    let freeCount = 0
    for (let i = 0; i < n; i++) {
      const o = i * fields
      let b: Block
      if (spare !== null) {
        b = spare
        spare = spare.next
        if (!b.free) {
          const key = b.address + h - heapStart
          if (payloads.get(key) === b) payloads.delete(key)
        }
      } else b = this.newBlock(0, 0, null, null)
      const sizeFree = data[o]
      const free = sizeFree % 2 === 1
      const requestOrFreed = data[o + 1]
      b.address = address
      b.size = Math.floor(sizeFree / 2)
      b.free = free
      b.requested = free ? 0 : requestOrFreed
      b.prev = prev
      b.next = null
      b.seq = hasSeq ? data[o + fields - 1] : 0
      b.fprev = null
      b.fnext = null
      b.node = -1
      b.sizeNode = -1
      b.allocStep = data[o + 2] - 1
      b.freeStep = free ? requestOrFreed - 1 : -1
      if (packedLines) {
        const lines = data[o + 3]
        b.allocLine = (lines & 0xffff) - 1
        b.freeLine = (lines >>> 16) - 1
      } else {
        b.allocLine = data[o + 3] - 1
        b.freeLine = data[o + 4] - 1
      }
      address += b.size
      if (prev !== null) prev.next = b
      prev = b
      all[i] = b
      if (free) {
        this.keyOf(b)
        if (listOrder === null) listed[freeCount++] = b
      } else payloads.set(b.address + h - heapStart, b)
    }
    // Blocks the restored heap does not need wait in the spares for later splits and restores:
    // dropped, they would be old-generation garbage, and a scrubber jumping between a heap of
    // 5,000 blocks and one of 10,000 made megabytes of it per jump (long major GC pauses).
    for (; spare !== null; spare = spare.next) {
      if (!spare.free) {
        const key = spare.address + h - heapStart
        if (payloads.get(key) === spare) payloads.delete(key)
      }
      this.spareBlocks.push(spare)
    }
    this.first = n > 0 ? all[0] : null
    this.last = prev
    if (listOrder !== null) {
      freeCount = listOrder.length
      for (let j = 0; j < freeCount; j++) listed[j] = all[listOrder[j]]
    }
    listed.length = freeCount
    for (let j = 1; j < freeCount; j++) {
      // The links in memory came back with it (or repairMetadata rewrites them).
      listed[j].fprev = listed[j - 1]
      listed[j - 1].fnext = listed[j]
    }
    this.head = listed.length > 0 ? listed[0] : null
    this.tail = listed.length > 0 ? listed[listed.length - 1] : null
    this.scratchKeys = treeKeys(listed, this.scratchKeys)
    this.list.build(listed, this.scratchKeys)
    // build hands out handles in order.
    for (let j = 0; j < listed.length; j++) listed[j].node = j
    if (this.bySize !== null) {
      let sorted: Block[]
      if (s.sizeOrder !== null) {
        sorted = this.scratchSorted
        sorted.length = s.sizeOrder.length
        for (let j = 0; j < s.sizeOrder.length; j++) sorted[j] = all[s.sizeOrder[j]]
      } else sorted = [...listed].sort(cmpSize)
      this.scratchKeys = this.bySize.build(sorted, this.scratchKeys)
    }
    this.mmaps.clear()
    for (const c of s.mmaps) this.mmaps.set(c.payload, { ...c })
    this.seq = s.seq
    this.hasRover = s.rover !== null
    if (s.rover !== null) {
      this.roverK1 = s.rover[0]
      this.roverK2 = s.rover[1]
    }
    // Copied into the same object: a spread makes one of another shape, and every compiled
    // function that counts into the totals (allocate, free, enlist, unlist, …) was thrown away
    // at a cold worker's first jump ('wrong map').
    Object.assign(this.totals, s.stats)
    this.counters[REQUESTED] = s.stats.allocatedBytes - s.stats.headerBytes - s.stats.paddingBytes
    this.leadingPad = s.leadingPad
  }
}
