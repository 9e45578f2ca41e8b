/**
 * The binary buddy allocator (Knowlton 1965; OSTEP 17.4; the Linux page allocator): every
 * block is 2^k bytes and starts at a multiple of its size from the arena base.
 *
 * - A request of n bytes needs a block of the smallest order k with 2^k >= n + header
 *   (padded to the alignment) and 2^k >= the minimum block. The smallest free block of order
 *   >= k is split in halves, again and again, each right half going on its order's free list,
 *   until a block of order k remains. What is left over inside the block is internal
 *   fragmentation, and a buddy allocator has plenty of it: a 65-byte request takes 128 bytes.
 * - A block's buddy is the other half of the block it was split from. Its address is found
 *   without any search: buddy = base + ((address - base) XOR 2^k). When a block is freed and
 *   its buddy is free and whole (same order), the two merge, and the merged block tries again
 *   one order up.
 * - The arena grows with `sbrk` by doubling: the new upper half is the buddy of the whole old
 *   arena, so the whole heap stays one power-of-two tree.
 *
 * Each block starts with a header in simulated memory: its size with the allocated bit, so an
 * overflow into the next block's header is visible as corruption. Requests at or above the
 * mmap threshold get their own mapping.
 */
import {
  AllocatorCounter,
  type Allocator,
  type AllocatorStats,
  type BlockInfo,
  type HeapHost
} from '../types'
import type { AllocatorOptions } from './registry'
import { heapBlockInfo, mmapChunkInfo, type MmapChunk } from './inspection'
import { reallocByMoving, reportInvalidRealloc } from './move'
import { emptyStats } from '../metrics'
import { RecordHistory, type KeptRecords, type RecordArray } from './record-delta'

export interface BuddyOptions {
  /** Smallest block, a power of two (at least twice the payload offset). */
  minBlock: number
  /** Bytes of header at the start of each block (4 to 64). */
  headerSize: number
  /** Payload alignment, a power of two from 1 to 16. */
  alignment: number
  /** Requests of at least this many bytes get their own mmap region; Infinity disables it. */
  mmapThreshold: number
}

const DEFAULTS: BuddyOptions = {
  minBlock: 32,
  headerSize: 8,
  alignment: 16,
  mmapThreshold: 128 * 1024
}

const isPowerOfTwo = (n: number): boolean => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0

/** Check and complete user-supplied options; errors are plain English naming the option. */
export function resolveBuddyOptions(options: AllocatorOptions = {}): BuddyOptions {
  for (const key of Object.keys(options)) {
    if (!(key in DEFAULTS)) {
      throw new Error(
        `Unknown buddy option "${key}": known options are ${Object.keys(DEFAULTS).join(', ')}.`
      )
    }
  }
  const o = { ...DEFAULTS, ...(options as Partial<BuddyOptions>) }
  if (!isPowerOfTwo(o.alignment) || o.alignment > 16) {
    throw new Error(`Alignment ${String(o.alignment)} is not 1, 2, 4, 8 or 16.`)
  }
  if (!Number.isInteger(o.headerSize) || o.headerSize < 4 || o.headerSize > 64) {
    throw new Error(
      `Header size ${String(o.headerSize)} must be a whole number of bytes from 4 to 64.`
    )
  }
  const offset = Math.ceil(o.headerSize / o.alignment) * o.alignment
  if (!isPowerOfTwo(o.minBlock) || o.minBlock < 2 * offset || o.minBlock > 1 << 30) {
    throw new Error(
      `Minimum block ${String(o.minBlock)} must be a power of two of at least ${2 * offset} bytes (twice the header).`
    )
  }
  if (!(o.mmapThreshold >= 1)) {
    throw new Error(`mmapThreshold ${String(o.mmapThreshold)} must be a positive number of bytes.`)
  }
  return o
}

/** A block of the buddy arena, in the allocator's bookkeeping. */
interface BuddyBlock {
  address: number
  order: number
  free: boolean
  requested: number
  allocStep: number
  allocLine: number
  freeStep: number
  freeLine: number
}

/** Numbers per block in a snapshot (see `BuddySnapshot.blocks`). */
const FIELDS = 6

interface BuddySnapshot extends KeptRecords {
  /**
   * FIELDS numbers per block in address order: order × 2 + 1 when free, requested bytes, then
   * allocation step, line, free step, line, each + 1. No addresses: the blocks tile the arena
   * from `base`, each 2^order bytes, so each starts where the one before ends. In 32 bits when
   * every number fits, else doubles; null when `delta` (against the snapshot before, see
   * `RecordHistory`) stands for them. Typed arrays, not objects: a million-operation replay
   * keeps hundreds of snapshots of 10,000 blocks, and objects took four times the bytes the
   * replay's budget counted (an RSS of 660 MB) and gave the GC millions of them to walk.
   */
  blocks: RecordArray | null
  against: BuddySnapshot | null
  /** Free blocks' offsets from the base, order by order, each order in list order. */
  lists: Uint32Array | Float64Array
  /** How many of `lists` belong to each order. */
  listLengths: Int32Array
  mmaps: MmapChunk[]
  base: number
  arenaOrder: number
  totals: AllocatorStats
}

/**
 * A snapshot against the one before keeps its blocks as a delta when that takes at most half a
 * whole array's bytes, at most 8 deltas and 1.5 whole arrays' bytes since the last whole one
 * (a restore applies them all), as the explicit list's (free-list.ts). Binary2 x42: 291 whole
 * snapshots (44 MB of the 64 MB budget, longest gap 3,670 operations) before.
 */
const DELTA_LIMITS = { deltaShare: 0.5, maxChain: 8, chainShare: 1.5 }

/** A block's size from its first snapshot number (order × 2 + free bit). */
const snapshotSize = (records: RecordArray, offset: number): number =>
  pow2(Math.floor((records[offset] as number) / 2))

/**
 * The arena's blocks by address: one slot per smallest block from the arena's base, so a lookup
 * is an array load and a restore fills an array in place. A Map rebuilt at every restore (and
 * grown from empty, rehashing as it went) was the largest part of a jump into a
 * million-operation replay. The blocks tile the arena, so a walk in address order steps from
 * each block to the slot after it.
 */
class BlockSlots {
  private slots: Array<BuddyBlock | undefined> = []
  private count = 0
  private base = 0

  constructor(private readonly unit: number) {}

  get size(): number {
    return this.count
  }

  /** Forget every block; addresses count from `base` from now on. */
  clear(base: number): void {
    if (this.count > 0) this.slots.fill(undefined)
    this.count = 0
    this.base = base
  }

  /** Hand every block of the arena of 2^arenaOrder bytes to `into`, leaving no slot taken. */
  takeAll(arenaOrder: number, into: BuddyBlock[]): void {
    const slots = this.slots
    const end = arenaOrder < 0 ? 0 : pow2(arenaOrder) / this.unit
    for (let i = 0; i < end && i < slots.length;) {
      const b = slots[i]
      if (b === undefined) {
        i++
        continue
      }
      into.push(b)
      slots[i] = undefined
      this.count--
      i += pow2(b.order) / this.unit
    }
  }

  /** The block at `address` exactly, if any (any number: a wild pointer finds none). */
  get(address: number): BuddyBlock | undefined {
    const i = (address - this.base) / this.unit
    return i >= 0 && i < this.slots.length && i === Math.floor(i) ? this.slots[i] : undefined
  }

  set(address: number, b: BuddyBlock): void {
    const i = (address - this.base) / this.unit
    while (this.slots.length <= i) this.slots.push(undefined)
    if (this.slots[i] === undefined) this.count++
    this.slots[i] = b
  }

  delete(address: number): void {
    const i = (address - this.base) / this.unit
    if (i >= 0 && i < this.slots.length && this.slots[i] !== undefined) {
      this.slots[i] = undefined
      this.count--
    }
  }

  /** Every block of the arena of 2^arenaOrder bytes, in address order. */
  forEach(arenaOrder: number, visit: (b: BuddyBlock) => void): void {
    const end = arenaOrder < 0 ? 0 : pow2(arenaOrder) / this.unit
    for (let i = 0; i < end && i < this.slots.length;) {
      const b = this.slots[i]
      if (b === undefined) {
        i++
        continue
      }
      visit(b)
      i += pow2(b.order) / this.unit
    }
  }
}

const REQUESTED = AllocatorCounter.requestedBytes

/** log2 of a power of two. */
const log2 = (n: number): number => 31 - Math.clz32(n)

/**
 * 2^k for k from 0 to 63. V8 compiles `2 ** k` with k a variable to a call of the C library's
 * pow: ~40 times a table load (a loop of 10^7 of each, 3.9 s against 0.1 s at load 40), and the
 * buddy system takes one at nearly every step, in a restore two per block.
 */
const POWERS_OF_TWO = Float64Array.from({ length: 64 }, (_, k) => 2 ** k)
const pow2 = (k: number): number => POWERS_OF_TWO[k] as number

export class BuddyAllocator implements Allocator {
  readonly name: string
  readonly options: BuddyOptions
  private readonly host: HeapHost
  /** Bytes from a block's start to its payload: the header, padded to the alignment. */
  private readonly payloadOffset: number
  private readonly minOrder: number
  /** The arena's first byte, or -1 before the first allocation. */
  private base = -1
  /** log2 of the arena size; -1 while there is no arena. */
  private arenaOrder = -1
  /** Free block addresses per order, oldest first. */
  private lists: Array<Set<number>> = []
  /** Every arena block by address. */
  private readonly byAddress: BlockSlots
  private readonly mmaps = new Map<number, MmapChunk>()
  private totals: AllocatorStats = emptyStats()
  /** Bytes the program asked for in the blocks it holds, for the machine (`Allocator.counters`). */
  readonly counters = new Float64Array(AllocatorCounter.length)
  /** Block objects a restore may reuse. */
  private readonly spareBlocks: BuddyBlock[] = []
  /** Snapshots' blocks, each a delta against the one before where small (time travel). */
  private readonly history = new RecordHistory(snapshotSize, DELTA_LIMITS)

  constructor(host: HeapHost, options: AllocatorOptions = {}, name = 'buddy') {
    this.host = host
    this.name = name
    this.options = resolveBuddyOptions(options)
    const { headerSize, alignment, minBlock } = this.options
    this.payloadOffset = Math.ceil(headerSize / alignment) * alignment
    this.minOrder = log2(minBlock)
    this.byAddress = new BlockSlots(pow2(this.minOrder))
  }

  /** The order (log2 of the block size) a request of `size` bytes needs. */
  orderFor(size: number): number {
    const need = size + this.payloadOffset
    if (need <= pow2(this.minOrder)) return this.minOrder
    // The bits of need − 1: 2^k needs order k, 2^k + 1 order k + 1.
    if (need <= 2 ** 31) return 32 - Math.clz32(need - 1)
    let order = 31
    while (pow2(order) < need) order++
    return order
  }

  /** The buddy of the block at `address` of order `order`: the other half of its parent. */
  buddyOf(address: number, order: number): number {
    return this.base + ((address - this.base) ^ pow2(order))
  }

  // ---- free lists and headers --------------------------------------------------------------

  private list(order: number): Set<number> {
    while (this.lists.length <= order) this.lists.push(new Set())
    return this.lists[order]!
  }

  private writeHeader(b: BuddyBlock): void {
    const memory = this.host.memory
    memory.write32(b.address, pow2(b.order) + (b.free ? 0 : 1))
    if (this.options.headerSize >= 8) memory.write32(b.address + 4, 0)
  }

  private headerIntact(b: BuddyBlock): boolean {
    const memory = this.host.memory
    if (memory.read32(b.address) !== pow2(b.order) + (b.free ? 0 : 1)) return false
    return this.options.headerSize < 8 || memory.read32(b.address + 4) === 0
  }

  /**
   * A block object to fill in: a spare (blocks split, merged, allocated and freed hand theirs
   * back, and so does a restore), or a new one. Each split and merge made one, and their garbage
   * was a sixth of a replay's time (collections included).
   */
  private takeBlock(): BuddyBlock {
    return (
      this.spareBlocks.pop() ?? {
        address: 0,
        order: 0,
        free: false,
        requested: 0,
        allocStep: -1,
        allocLine: -1,
        freeStep: -1,
        freeLine: -1
      }
    )
  }

  /** Record a free block of `order` at `address` (header written, listed), freed at that step and line. */
  private addFree(address: number, order: number, freeStep = -1, freeLine = -1): void {
    const b = this.takeBlock()
    b.address = address
    b.order = order
    b.free = true
    b.requested = 0
    b.allocStep = -1
    b.allocLine = -1
    b.freeStep = freeStep
    b.freeLine = freeLine
    this.byAddress.set(address, b)
    this.list(order).add(address)
    this.writeHeader(b)
    this.totals.freeBytes += pow2(order)
    this.totals.freeBlocks++
  }

  /** Unlist the free block `b`; its object goes back to the spares (read nothing of it after). */
  private removeFree(b: BuddyBlock): void {
    this.lists[b.order]!.delete(b.address)
    this.byAddress.delete(b.address)
    this.totals.freeBytes -= pow2(b.order)
    this.totals.freeBlocks--
    this.spareBlocks.push(b)
  }

  // ---- growth ------------------------------------------------------------------------------

  /** Create the arena with 2^order bytes, or double it; false when the heap cannot grow. */
  private grow(order: number): boolean {
    if (this.arenaOrder < 0) {
      const start = this.host.programBreak()
      const pad = (16 - (start % 16)) % 16
      if (this.host.sbrk(pad + pow2(order)) === -1) return false
      this.base = start + pad
      this.byAddress.clear(this.base)
      this.arenaOrder = order
      this.addFree(this.base, order)
      return true
    }
    const size = pow2(this.arenaOrder)
    const upper = this.host.sbrk(size)
    if (upper === -1) return false
    if (upper !== this.base + size) {
      // Someone else moved the break: the new bytes are not the old arena's buddy.
      this.host.sbrk(-size)
      return false
    }
    this.addFree(upper, this.arenaOrder)
    this.arenaOrder++
    // The new upper half merges with the old arena when that is one whole free block.
    this.mergeUp(this.byAddress.get(upper)!)
    return true
  }

  /** Merge the listed free block `b` with free buddies as far as it goes. */
  private mergeUp(b: BuddyBlock): void {
    let block = b
    while (block.order < this.arenaOrder) {
      const buddy = this.byAddress.get(this.buddyOf(block.address, block.order))
      if (buddy === undefined || !buddy.free || buddy.order !== block.order) return
      const address = Math.min(block.address, buddy.address)
      const order = block.order + 1
      const freeStep = Math.max(block.freeStep, buddy.freeStep)
      const freeLine = block.freeStep >= buddy.freeStep ? block.freeLine : buddy.freeLine
      this.removeFree(block)
      this.removeFree(buddy)
      this.addFree(address, order, freeStep, freeLine)
      block = this.byAddress.get(address)!
    }
  }

  // ---- malloc / free -----------------------------------------------------------------------

  malloc(size: number): number {
    if (!Number.isFinite(size) || size < 0 || size > 0x7fffffff) return 0
    if (size >= this.options.mmapThreshold) return this.mmapChunk(size)
    const order = this.orderFor(size)
    let found = this.smallestFreeOrder(order)
    while (found < 0) {
      if (!this.grow(order)) return 0
      found = this.smallestFreeOrder(order)
    }
    const address = this.lists[found]!.values().next().value as number
    this.removeFree(this.byAddress.get(address)!)
    // Split down to the order needed; each right half becomes a free block.
    const origin = this.host.origin()
    for (let k = found; k > order; k--) this.addFree(address + pow2(k - 1), k - 1)
    const b = this.takeBlock()
    b.address = address
    b.order = order
    b.free = false
    b.requested = size
    b.allocStep = origin.step
    b.allocLine = origin.line ?? -1
    b.freeStep = -1
    b.freeLine = -1
    this.byAddress.set(address, b)
    this.writeHeader(b)
    this.countAllocated(b, 1)
    return address + this.payloadOffset
  }

  private smallestFreeOrder(order: number): number {
    for (let k = order; k < this.lists.length; k++) if (this.lists[k]!.size > 0) return k
    return -1
  }

  private countAllocated(b: BuddyBlock, sign: 1 | -1): void {
    const s = this.totals
    const size = pow2(b.order)
    s.allocatedBytes += sign * size
    s.headerBytes += sign * this.options.headerSize
    s.paddingBytes += sign * (size - this.options.headerSize - b.requested)
    s.liveBlocks += sign
    this.counters[REQUESTED] += sign * b.requested
  }

  private mmapChunk(size: number): number {
    const header = this.payloadOffset
    const address = this.host.mmap(size + header)
    if (address === -1) return 0
    const length = Math.ceil((size + header) / this.host.pageSize) * this.host.pageSize
    const origin = this.host.origin()
    this.mmaps.set(address + header, {
      address,
      size: length,
      payload: address + header,
      requested: size,
      allocStep: origin.step,
      allocLine: origin.line ?? -1
    })
    this.host.memory.write32(address, length + 1)
    const s = this.totals
    s.allocatedBytes += length
    s.headerBytes += header
    s.paddingBytes += length - header - size
    s.liveBlocks++
    this.counters[REQUESTED] += size
    return address + header
  }

  /** The allocated arena block whose payload is `pointer`. */
  private allocatedAt(pointer: number): BuddyBlock | undefined {
    const b = this.byAddress.get(pointer - this.payloadOffset)
    return b !== undefined && !b.free ? b : undefined
  }

  free(pointer: number): void {
    if (pointer === 0) return
    const b = this.allocatedAt(pointer)
    if (b === undefined) {
      const chunk = this.mmaps.get(pointer)
      if (chunk !== undefined) {
        this.mmaps.delete(pointer)
        const s = this.totals
        s.allocatedBytes -= chunk.size
        s.headerBytes -= this.payloadOffset
        s.paddingBytes -= chunk.size - this.payloadOffset - chunk.requested
        s.liveBlocks--
        this.counters[REQUESTED] -= chunk.requested
        this.host.munmap(chunk.address, chunk.size)
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
    this.countAllocated(b, -1)
    const address = b.address
    const order = b.order
    this.byAddress.delete(address)
    this.spareBlocks.push(b)
    const origin = this.host.origin()
    this.addFree(address, order, origin.step, origin.line ?? -1)
    this.mergeUp(this.byAddress.get(address)!)
  }

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
    const b = this.allocatedAt(pointer)
    const chunk = b === undefined ? this.mmaps.get(pointer) : undefined
    if (b === undefined && chunk === undefined) {
      return reportInvalidRealloc(this.host, pointer, size)
    }
    if (b !== undefined && size < this.options.mmapThreshold && this.orderFor(size) <= b.order) {
      // It still fits its block: a buddy block never shrinks in place (halves would need splitting).
      this.countAllocated(b, -1)
      b.requested = size
      this.countAllocated(b, 1)
      return pointer
    }
    const old = b !== undefined ? b.requested : chunk!.requested
    return reallocByMoving(this, this.host.memory, pointer, old, size)
  }

  // ---- inspection --------------------------------------------------------------------------

  private info(b: BuddyBlock): BlockInfo {
    const size = pow2(b.order)
    const h = this.options.headerSize
    return heapBlockInfo(
      b.address,
      size,
      b.address + this.payloadOffset,
      h,
      0,
      b.free ? 0 : b.requested,
      b.free ? 0 : size - h - b.requested,
      b,
      'buddy',
      !this.headerIntact(b)
    )
  }

  blockAt(pointer: number): BlockInfo | undefined {
    const b = this.allocatedAt(pointer)
    if (b !== undefined) return this.info(b)
    const c = this.mmaps.get(pointer)
    return c === undefined ? undefined : mmapChunkInfo(c)
  }

  blocks(): BlockInfo[] {
    const out: BlockInfo[] = []
    const start = this.host.heapStart
    if (this.base > start) {
      const pad = this.base - start
      out.push({
        address: start,
        size: pad,
        payload: start,
        requested: 0,
        headerBytes: 0,
        footerBytes: 0,
        paddingBytes: pad,
        free: false,
        bin: 'bookkeeping'
      })
    }
    this.byAddress.forEach(this.arenaOrder, (b) => out.push(this.info(b)))
    const chunks = [...this.mmaps.values()].sort((a, b) => a.address - b.address)
    for (const c of chunks) out.push(mmapChunkInfo(c))
    return out
  }

  /** One list per order that has ever been used, keyed `order 5 (32 B)`, oldest first. */
  freeLists(): Record<string, Array<[number, number]>> {
    const lists: Record<string, Array<[number, number]>> = {}
    for (let k = this.minOrder; k < this.lists.length; k++) {
      lists[`order ${k} (${pow2(k)} B)`] = [...this.lists[k]!].map((a) => [a, pow2(k)])
    }
    return lists
  }

  stats(): AllocatorStats {
    let largest = 0
    for (let k = this.lists.length - 1; k >= 0; k--) {
      if (this.lists[k]!.size > 0) {
        largest = pow2(k)
        break
      }
    }
    return { ...this.totals, largestFreeBlock: largest }
  }

  // ---- time travel -------------------------------------------------------------------------

  /** Rewrite every header from the bookkeeping (after a restore without memory). */
  repairMetadata(): void {
    this.byAddress.forEach(this.arenaOrder, (b) => this.writeHeader(b))
    for (const c of this.mmaps.values()) this.host.memory.write32(c.address, c.size + 1)
  }

  /**
   * The allocator's state; given the snapshot taken before (`against`), its blocks as a delta
   * against that one's where small (see `RecordHistory`).
   */
  snapshot(against?: unknown): BuddySnapshot {
    const n = this.byAddress.size
    // In 32 bits unless a number does not fit (then again in doubles).
    let data = this.history.buffer(n * FIELDS, true)
    if (!this.writeRecords(data)) {
      data = this.history.buffer(n * FIELDS, false)
      this.writeRecords(data)
    }
    const listLengths = new Int32Array(this.lists.length)
    let listed = 0
    for (let k = 0; k < this.lists.length; k++) {
      listLengths[k] = this.lists[k]!.size
      listed += listLengths[k]
    }
    const offsets = new Float64Array(listed)
    let j = 0
    let fits = true
    for (const list of this.lists) {
      for (const address of list) {
        const offset = address - this.base
        if (offset > 0xffffffff) fits = false
        offsets[j++] = offset
      }
    }
    const base = this.base
    const kept = this.history.take(data, n, base, FIELDS, against as BuddySnapshot | undefined)
    const snapshot: BuddySnapshot = {
      ...kept,
      against: kept.against as BuddySnapshot | null,
      fields: FIELDS,
      lists: fits ? Uint32Array.from(offsets) : offsets,
      listLengths,
      mmaps: [...this.mmaps.values()].map((c) => ({ ...c })),
      base,
      arenaOrder: this.arenaOrder,
      totals: { ...this.totals }
    }
    this.history.remember(snapshot)
    return snapshot
  }

  /**
   * The blocks in address order into `data` (see `BuddySnapshot.blocks`); false when a number
   * does not fit it (a 32-bit array reads back another number).
   */
  private writeRecords(data: RecordArray): boolean {
    let o = 0
    let fits = true
    this.byAddress.forEach(this.arenaOrder, (b) => {
      const requested = b.requested
      const allocStep = b.allocStep + 1
      const freeStep = b.freeStep + 1
      data[o] = b.order * 2 + (b.free ? 1 : 0)
      data[o + 1] = requested
      data[o + 2] = allocStep
      data[o + 3] = b.allocLine + 1
      data[o + 4] = freeStep
      data[o + 5] = b.freeLine + 1
      // Lines are far below 2^32; sizes and steps may not be.
      if (data[o + 1] !== requested || data[o + 2] !== allocStep || data[o + 4] !== freeStep) {
        fits = false
      }
      o += FIELDS
    })
    return fits
  }

  /**
   * Keep `snapshot` against `against` (a snapshot taken before it) or whole (null) from now on,
   * in place (see `RecordHistory.rebase`): a replay that drops the snapshot between them.
   */
  rebase(snapshot: unknown, against: unknown): void {
    this.history.rebase(snapshot as BuddySnapshot, against as BuddySnapshot | null)
  }

  /** Bytes `snapshot` keeps of its own, and the snapshot its blocks are a delta against. */
  snapshotParts(snapshot: unknown): { bytes: number; against: unknown } {
    const s = snapshot as BuddySnapshot
    const own = 256 + s.lists.byteLength + s.listLengths.byteLength + s.mmaps.length * 64
    return { bytes: own + this.history.bytes(s), against: s.against }
  }

  /**
   * The blocks of a snapshot's numbers (`end` of them, from `base`), from the spares, into the
   * slots. A function of its own so that its loop is compiled with it: inside `restore`, V8
   * compiled the loop alone (on-stack replacement) before the lines after it had run, and every
   * restore then deoptimized where the loop ended (one deoptimization a jump, and the rest of
   * the restore run unoptimized).
   */
  private restoreBlocks(data: RecordArray, end: number, base: number): void {
    let address = base
    for (let o = 0; o < end; o += FIELDS) {
      const b = this.takeBlock()
      const orderFree = data[o] as number
      b.address = address
      b.order = orderFree >> 1
      b.free = (orderFree & 1) === 1
      b.requested = data[o + 1] as number
      b.allocStep = (data[o + 2] as number) - 1
      b.allocLine = (data[o + 3] as number) - 1
      b.freeStep = (data[o + 4] as number) - 1
      b.freeLine = (data[o + 5] as number) - 1
      this.byAddress.set(address, b)
      address += pow2(b.order)
    }
  }

  restore(snapshot: unknown): void {
    const s = snapshot as BuddySnapshot
    // The blocks of now are reused for the blocks restored: jumps make no garbage of them.
    this.byAddress.takeAll(this.arenaOrder, this.spareBlocks)
    this.byAddress.clear(s.base)
    this.restoreBlocks(this.history.recordsOf(s), this.history.countOf(s) * FIELDS, s.base)
    while (this.lists.length > s.listLengths.length) this.lists.pop()
    let j = 0
    for (let k = 0; k < s.listLengths.length; k++) {
      const list = this.list(k)
      list.clear()
      for (let end = j + s.listLengths[k]; j < end; j++) list.add(s.base + s.lists[j])
    }
    this.mmaps.clear()
    for (const c of s.mmaps) this.mmaps.set(c.payload, { ...c })
    this.base = s.base
    this.arenaOrder = s.arenaOrder
    this.totals = { ...s.totals }
    this.counters[REQUESTED] =
      s.totals.allocatedBytes - s.totals.headerBytes - s.totals.paddingBytes
  }
}
