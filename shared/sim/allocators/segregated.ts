/**
 * Segregated free lists ("segregated fits", CS:APP 9.9.14): one free list per size class, so
 * a request looks only at blocks of about the right size instead of walking one long list.
 *
 * - A request becomes a block size (payload + header + footer, aligned, at least the minimum
 *   block). Its size class is the first class whose upper bound is at least that size.
 * - The allocator looks through that class's list, first fit, examining at most `searchLimit`
 *   blocks; then it takes the head of the next non-empty larger class, where every block fits
 *   (a bitmap of non-empty classes finds it in one step). Only when every class is empty of a
 *   fit does the heap grow with `sbrk` (merging with a free block at the end of the heap).
 * - The chosen block is split when the rest is at least a minimum block; the rest goes on the
 *   list of its own class. Freed blocks are coalesced at once with free neighbours (boundary
 *   tags: the bookkeeping knows both physical neighbours) unless coalescing is `none`.
 * - Every list is LIFO: a freed block goes to the front, as in most real segregated allocators.
 *
 * Headers (and footers) hold `size | allocated` in simulated memory, so a heap overflow really
 * overwrites the next block's header and `blocks()` shows it as corrupted. Each class list is
 * an explicit free list in memory too, as in the explicit free-list allocator (`FreeBlockLinks`):
 * next at payload + 0, previous at payload + 8. The allocator also keeps the same links between
 * its Block objects, so it never has to read memory (which a program may have overwritten).
 */
import type { Allocator, AllocatorStats, BlockInfo, HeapHost } from '../types'
import { AllocatorCounter } from '../types'
import type { AllocatorOptions } from './registry'
import { mmapChunkInfo, type MmapChunk, withHistory, writeBounds } from './inspection'
import { reallocByMoving } from './move'
import { FreeBlockLinks } from './free-links'
import { BlockTable } from './block-table'

const REQUESTED = AllocatorCounter.requestedBytes

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

/** One heap block in the allocator's bookkeeping. */
interface Block {
  address: number
  size: number
  free: boolean
  requested: number
  /** Physical neighbours (address order). */
  prev: Block | null
  next: Block | null
  /** Neighbours on its class's free list, while free. */
  prevFree: Block | null
  nextFree: Block | null
  /** Size class index while on a free list, -1 otherwise. */
  cls: number
  allocStep: number
  allocLine: number
  freeStep: number
  freeLine: number
}

/** Fields per block in a snapshot (address order). */
const FIELDS = 8

interface SegregatedSnapshot {
  blocks: Float64Array
  /** For each class, the block indices (address order) of its free list, head first. */
  lists: Int32Array[]
  mmaps: MmapChunk[]
  totals: AllocatorStats
  leadingPad: number
}

export class SegregatedAllocator implements Allocator {
  readonly name: string
  readonly options: SegregatedOptions
  private readonly host: HeapHost
  private readonly bounds: number[]
  private readonly footerSize: number
  private readonly overhead: number
  private readonly minBlock: number
  /** Heads of the class lists; the last class has no upper bound. */
  private readonly heads: Array<Block | null>
  /** Bit c set when class c's list is not empty. */
  private nonEmpty = 0
  /** Allocated blocks by payload offset from the heap start (rebuilt on every restore). */
  private readonly byPayload = new BlockTable<Block>()
  private readonly mmaps = new Map<number, MmapChunk>()
  private first: Block | null = null
  private last: Block | null = null
  private leadingPad = -1
  /**
   * The totals, updated in place. The machine reads them after every operation but rarely asks
   * for the largest free block, which needs a walk of one list: that one is computed on read.
   */
  private readonly totals: AllocatorStats = Object.defineProperty(
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
  /** Size class of each block size up to the largest bound, by size / alignment. */
  private readonly classBySize: Uint8Array
  /** Block objects of merged neighbours, reused for new blocks instead of left to the GC. */
  private readonly spare: Block[] = []
  /** The class lists' links in the free blocks' payloads. */
  private readonly links: FreeBlockLinks

  constructor(host: HeapHost, options: AllocatorOptions = {}, name = 'segregated') {
    this.host = host
    this.name = name
    const o = resolveSegregatedOptions(options)
    this.options = o
    this.bounds = o.classes
    this.footerSize = o.footer ? o.headerSize : 0
    this.overhead = o.headerSize + this.footerSize
    this.minBlock = this.alignSize(this.overhead + 16)
    this.links = new FreeBlockLinks(host, o.headerSize, this.overhead)
    this.heads = new Array<Block | null>(this.bounds.length + 1).fill(null)
    const g = o.alignment
    const top = this.bounds[this.bounds.length - 1]!
    this.classBySize = new Uint8Array(Math.floor(top / g) + 1)
    for (let i = 0, c = 0; i < this.classBySize.length; i++) {
      while (i * g > this.bounds[c]!) c++
      this.classBySize[i] = c
    }
  }

  private alignSize(n: number): number {
    const g = this.options.alignment
    return Math.ceil(n / g) * g
  }

  /** Block size for a request: payload plus header and footer, aligned, at least the minimum. */
  blockSizeFor(request: number): number {
    return Math.max(this.minBlock, this.alignSize(request + this.overhead))
  }

  /** The size class of a block of `size` bytes. */
  classOf(size: number): number {
    const g = this.options.alignment
    if (size % g === 0 && size / g < this.classBySize.length) return this.classBySize[size / g]!
    const bounds = this.bounds
    let c = 0
    while (c < bounds.length && size > bounds[c]!) c++
    return c
  }

  /** A human label for class `c`, e.g. `33-64`, `65537+`. */
  classLabel(c: number): string {
    const low = c === 0 ? 1 : this.bounds[c - 1]! + 1
    return c < this.bounds.length ? `${low}-${this.bounds[c]}` : `${low}+`
  }

  // ---- the class lists ---------------------------------------------------------------------

  private enlist(b: Block): void {
    const c = this.classOf(b.size)
    const head = this.heads[c]!
    b.cls = c
    b.prevFree = null
    b.nextFree = head
    this.links.setPrev(b, null)
    this.links.setNext(b, head)
    if (head !== null) {
      head.prevFree = b
      this.links.setPrev(head, b)
    }
    this.heads[c] = b
    this.nonEmpty |= 1 << c
    this.totals.freeBytes += b.size
    this.totals.freeBlocks++
  }

  private unlist(b: Block): void {
    const c = b.cls
    const before = b.prevFree
    const after = b.nextFree
    // The block's own words keep the stale links, as memory does once malloc hands it out.
    if (before !== null) {
      before.nextFree = after
      this.links.setNext(before, after)
    } else this.heads[c] = after
    if (after !== null) {
      after.prevFree = before
      this.links.setPrev(after, before)
    }
    if (this.heads[c] === null) this.nonEmpty &= ~(1 << c)
    b.prevFree = null
    b.nextFree = null
    b.cls = -1
    this.totals.freeBytes -= b.size
    this.totals.freeBlocks--
  }

  /** First fit in the own class (bounded), then the head of the next non-empty larger class. */
  private find(size: number): Block | undefined {
    const c = this.classOf(size)
    let examined = 0
    for (
      let b: Block | null = this.heads[c] ?? null;
      b !== null && examined < this.options.searchLimit;
      b = b.nextFree
    ) {
      if (b.size >= size) return b
      examined++
    }
    const larger = this.nonEmpty & ~((2 << c) - 1)
    if (larger !== 0) {
      const d = 31 - Math.clz32(larger & -larger)
      if (d < this.bounds.length) return this.heads[d]!
      // The unbounded class holds blocks of any large size: first fit through it.
      for (let b: Block | null = this.heads[d] ?? null; b !== null; b = b.nextFree)
        if (b.size >= size) return b
    }
    // The own class past the search limit may still hold a fit.
    if (examined >= this.options.searchLimit) {
      for (let b: Block | null = this.heads[c] ?? null; b !== null; b = b.nextFree)
        if (b.size >= size) return b
    }
    return undefined
  }

  // ---- headers in memory -------------------------------------------------------------------

  private headerWord(size: number, allocated: boolean): number {
    if (!allocated) return size
    return this.options.alignment >= 2 ? size + 1 : size + 0x80000000
  }

  private writeTags(b: Block): void {
    const memory = this.host.memory
    const word = this.headerWord(b.size, !b.free)
    // An 8-byte tag is the word and 4 zero bytes: one 64-bit store (one page lookup).
    if (this.options.headerSize >= 8) memory.writePointer(b.address, word)
    else memory.write32(b.address, word)
    if (this.footerSize > 0) {
      const f = b.address + b.size - this.footerSize
      if (this.options.headerSize >= 8) memory.writePointer(f, word)
      else memory.write32(f, word)
    }
  }

  private tagsIntact(b: Block): boolean {
    const memory = this.host.memory
    const word = this.headerWord(b.size, !b.free)
    const wide = this.options.headerSize >= 8
    if (memory.read32(b.address) !== word) return false
    if (wide && memory.read32(b.address + 4) !== 0) return false
    if (this.footerSize > 0) {
      const f = b.address + b.size - this.footerSize
      if (memory.read32(f) !== word) return false
      if (wide && memory.read32(f + 4) !== 0) return false
    }
    return true
  }

  // ---- growth ------------------------------------------------------------------------------

  private ensureStart(): boolean {
    if (this.leadingPad >= 0) return true
    const start = this.host.programBreak()
    const h = this.options.headerSize
    const g = this.options.alignment
    const pad = Math.ceil((start + h) / g) * g - h - start
    if (pad > 0 && this.host.sbrk(pad) === -1) return false
    this.leadingPad = pad
    return true
  }

  private newBlock(address: number, size: number, prev: Block | null): Block {
    const b = this.spare.pop()
    if (b !== undefined) {
      b.address = address
      b.size = size
      b.free = true
      b.requested = 0
      b.prev = prev
      b.next = null
      b.prevFree = null
      b.nextFree = null
      b.cls = -1
      b.allocStep = -1
      b.allocLine = -1
      b.freeStep = -1
      b.freeLine = -1
      return b
    }
    return {
      address,
      size,
      free: true,
      requested: 0,
      prev,
      next: null,
      prevFree: null,
      nextFree: null,
      cls: -1,
      allocStep: -1,
      allocLine: -1,
      freeStep: -1,
      freeLine: -1
    }
  }

  /** Obtain a free, unlisted block of at least `size` bytes at the end of the heap. */
  private extend(size: number): Block | undefined {
    if (!this.ensureStart()) return undefined
    const tail = this.last
    const mergeTail = tail !== null && tail.free && this.options.coalescing !== 'none'
    const need = mergeTail ? size - tail.size : size
    const grow = this.alignSize(Math.max(need, this.options.growBy))
    const old = this.host.sbrk(grow)
    if (old === -1) return undefined
    if (mergeTail) {
      this.unlist(tail)
      tail.size += grow
      return tail
    }
    const b = this.newBlock(old, grow, tail)
    if (tail !== null) tail.next = b
    else this.first = b
    this.last = b
    return b
  }

  // ---- malloc / free -----------------------------------------------------------------------

  malloc(size: number): number {
    if (!Number.isFinite(size) || size < 0 || size > 0x7fffffff) return 0
    if (size >= this.options.mmapThreshold) return this.mmapChunk(size)
    const asize = this.blockSizeFor(size)
    let b = this.find(asize)
    if (b !== undefined) this.unlist(b)
    else b = this.extend(asize)
    if (b === undefined) return 0
    this.place(b, asize, size)
    return b.address + this.options.headerSize
  }

  /** Allocate the (unlisted) block `b` for `request`, splitting off a free rest. */
  private place(b: Block, asize: number, request: number): void {
    const rest = b.size - asize
    if (rest >= this.minBlock) {
      const r = this.newBlock(b.address + asize, rest, b)
      r.next = b.next
      if (b.next !== null) b.next.prev = r
      else this.last = r
      b.next = r
      b.size = asize
      this.writeTags(r)
      this.enlist(r)
    }
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

  private countAllocated(b: Block, sign: 1 | -1): void {
    const s = this.totals
    s.allocatedBytes += sign * b.size
    s.headerBytes += sign * this.overhead
    s.paddingBytes += sign * (b.size - this.overhead - b.requested)
    s.liveBlocks += sign
    this.counters[REQUESTED] += sign * b.requested
  }

  private mmapChunk(size: number): number {
    const g = this.options.alignment
    const header = Math.ceil(this.options.headerSize / g) * g
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
    this.host.memory.write32(address, this.headerWord(length, true))
    this.mmaps.set(chunk.payload, chunk)
    const s = this.totals
    s.allocatedBytes += length
    s.headerBytes += header
    s.paddingBytes += length - header - size
    s.liveBlocks++
    this.counters[REQUESTED] += size
    return chunk.payload
  }

  free(pointer: number): void {
    if (pointer === 0) return
    // Taken off the allocated blocks at once: free is the commonest call after malloc.
    const b = this.byPayload.take(pointer - this.host.heapStart)
    if (b === undefined) {
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
      return
    }
    this.countAllocated(b, -1)
    b.free = true
    const origin = this.host.origin()
    b.freeStep = origin.step
    b.freeLine = origin.line ?? -1
    const merged = this.options.coalescing === 'immediate' ? this.coalesce(b) : b
    this.writeTags(merged)
    this.enlist(merged)
  }

  private unmapChunk(chunk: MmapChunk): void {
    this.mmaps.delete(chunk.payload)
    const s = this.totals
    const header = chunk.payload - chunk.address
    s.allocatedBytes -= chunk.size
    s.headerBytes -= header
    s.paddingBytes -= chunk.size - header - chunk.requested
    s.liveBlocks--
    this.counters[REQUESTED] -= chunk.requested
    this.host.munmap(chunk.address, chunk.size)
  }

  /** Merge the free, unlisted `b` with free neighbours; returns the merged (unlisted) block. */
  private coalesce(b: Block): Block {
    const next = b.next
    if (next !== null && next.free) {
      this.unlist(next)
      b.size += next.size
      b.next = next.next
      if (next.next !== null) next.next.prev = b
      else this.last = b
      this.spare.push(next)
    }
    const prev = b.prev
    if (prev !== null && prev.free) {
      this.unlist(prev)
      prev.size += b.size
      prev.next = b.next
      if (b.next !== null) b.next.prev = prev
      else this.last = prev
      prev.freeStep = b.freeStep
      prev.freeLine = b.freeLine
      this.spare.push(b)
      return prev
    }
    return b
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
    if (b === undefined) {
      const chunk = this.mmaps.get(pointer)
      if (chunk !== undefined) {
        // Like mremap: a mapping still long enough keeps its place; only its payload changes.
        const header = chunk.payload - chunk.address
        if (size >= this.options.mmapThreshold && size + header <= chunk.size) {
          this.totals.paddingBytes += chunk.requested - size
          this.counters[REQUESTED] += size - chunk.requested
          chunk.requested = size
          return pointer
        }
        return this.move(pointer, chunk.requested, size)
      }
      this.host.report({
        kind: 'invalid-free',
        address: pointer,
        message: `realloc(0x${pointer.toString(16)}, ${size}): this address is not an allocated block.`,
        reason: {
          key: 'misuse.reallocInvalid',
          params: { pointer: '0x' + pointer.toString(16), size }
        }
      })
      return 0
    }
    // A heap block that can grow in place stays in the heap (glibc too), even past the mmap threshold.
    const asize = this.blockSizeFor(size)
    if (asize > b.size) {
      const next = b.next
      const nextFree = next !== null && next.free ? next : null
      // Too small a free block at the end of the heap is taken too, and the break moves by the
      // rest (as dlmalloc grows into its top chunk): no copy.
      const atEnd = nextFree !== null && nextFree.next === null
      if (nextFree !== null && (b.size + nextFree.size >= asize || atEnd)) {
        if (b.size + nextFree.size < asize && this.host.sbrk(asize - b.size - nextFree.size) === -1)
          return this.move(pointer, b.requested, size)
        this.unlist(nextFree)
        this.countAllocated(b, -1)
        b.size = Math.max(b.size + nextFree.size, asize)
        b.next = nextFree.next
        if (nextFree.next !== null) nextFree.next.prev = b
        else this.last = b
        this.spare.push(nextFree)
      } else if (next === null) {
        // The last block grows by moving the break instead of moving the data.
        if (this.host.sbrk(asize - b.size) === -1) return this.move(pointer, b.requested, size)
        this.countAllocated(b, -1)
        b.size = asize
      } else {
        return this.move(pointer, b.requested, size)
      }
    } else {
      this.countAllocated(b, -1)
    }
    const rest = b.size - asize
    if (rest >= this.minBlock) {
      const r = this.newBlock(b.address + asize, rest, b)
      r.next = b.next
      if (b.next !== null) b.next.prev = r
      else this.last = r
      b.next = r
      b.size = asize
      const origin = this.host.origin()
      r.freeStep = origin.step
      r.freeLine = origin.line ?? -1
      const m = this.options.coalescing === 'immediate' ? this.coalesce(r) : r
      this.writeTags(m)
      this.enlist(m)
    }
    b.requested = size
    this.writeTags(b)
    this.countAllocated(b, 1)
    return pointer
  }

  private move(pointer: number, oldSize: number, size: number): number {
    return reallocByMoving(this, this.host.memory, pointer, oldSize, size)
  }

  // ---- inspection --------------------------------------------------------------------------

  private info(b: Block): BlockInfo {
    const h = this.options.headerSize
    const info: BlockInfo = {
      address: b.address,
      size: b.size,
      payload: b.address + h,
      requested: b.free ? 0 : b.requested,
      headerBytes: h,
      footerBytes: this.footerSize,
      paddingBytes: b.free ? 0 : b.size - this.overhead - b.requested,
      free: b.free,
      bin: 'segregated'
    }
    if (!this.tagsIntact(b)) info.corrupted = true
    return withHistory(info, b)
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
    const out: BlockInfo[] = []
    if (this.leadingPad > 0) {
      const start = this.host.heapStart
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
    for (let b = this.first; b !== null; b = b.next) out.push(this.info(b))
    const chunks = [...this.mmaps.values()].sort((a, b) => a.address - b.address)
    for (const c of chunks) out.push(mmapChunkInfo(c))
    return out
  }

  /** One list per size class, keyed `class 33-64` and so on, head first (empty ones too). */
  freeLists(): Record<string, Array<[number, number]>> {
    const lists: Record<string, Array<[number, number]>> = {}
    this.heads.forEach((head, c) => {
      const list: Array<[number, number]> = []
      for (let b = head; b !== null; b = b.nextFree) list.push([b.address, b.size])
      lists[`class ${this.classLabel(c)}`] = list
    })
    return lists
  }

  stats(): AllocatorStats {
    return this.totals
  }

  /** The largest free block: the biggest in the highest non-empty class. */
  private largestFree(): number {
    if (this.nonEmpty === 0) return 0
    const c = 31 - Math.clz32(this.nonEmpty)
    let largest = 0
    for (let b: Block | null = this.heads[c] ?? null; b !== null; b = b.nextFree)
      if (b.size > largest) largest = b.size
    return largest
  }

  // ---- time travel -------------------------------------------------------------------------

  /**
   * Rewrite every header, footer and list link from the bookkeeping (after a restore without
   * memory).
   */
  repairMetadata(): void {
    for (let b = this.first; b !== null; b = b.next) {
      this.writeTags(b)
      if (b.free) this.links.join(b, b.nextFree)
    }
    for (const head of this.heads) if (head !== null) this.links.setPrev(head, null)
    for (const c of this.mmaps.values())
      this.host.memory.write32(c.address, this.headerWord(c.size, true))
  }

  snapshot(): SegregatedSnapshot {
    let n = 0
    for (let b = this.first; b !== null; b = b.next) n++
    const data = new Float64Array(n * FIELDS)
    const index = new Map<Block, number>()
    let i = 0
    for (let b = this.first; b !== null; b = b.next, i++) {
      const o = i * FIELDS
      data[o] = b.address
      data[o + 1] = b.size
      data[o + 2] = b.free ? 1 : 0
      data[o + 3] = b.requested
      data[o + 4] = b.allocStep
      data[o + 5] = b.allocLine
      data[o + 6] = b.freeStep
      data[o + 7] = b.freeLine
      if (b.free) index.set(b, i)
    }
    const lists = this.heads.map((head) => {
      const order: number[] = []
      for (let b = head; b !== null; b = b.nextFree) order.push(index.get(b)!)
      return Int32Array.from(order)
    })
    return {
      blocks: data,
      lists,
      mmaps: [...this.mmaps.values()].map((c) => ({ ...c })),
      totals: { ...this.totals },
      leadingPad: this.leadingPad
    }
  }

  restore(snapshot: unknown): void {
    const s = snapshot as SegregatedSnapshot
    const data = s.blocks
    const n = data.length / FIELDS
    const all = new Array<Block>(n)
    const h = this.options.headerSize
    this.byPayload.clear()
    // The current Block objects become the restored ones: time travel restores often, and
    // garbage costs time.
    let reuse = this.first
    let prev: Block | null = null
    for (let i = 0; i < n; i++) {
      const o = i * FIELDS
      let b: Block
      if (reuse !== null) {
        b = reuse
        reuse = reuse.next
        b.address = data[o]!
        b.size = data[o + 1]!
        b.prev = prev
        b.next = null
        b.prevFree = null
        b.nextFree = null
        b.cls = -1
      } else b = this.newBlock(data[o]!, data[o + 1]!, prev)
      b.free = data[o + 2] === 1
      b.requested = data[o + 3]!
      b.allocStep = data[o + 4]!
      b.allocLine = data[o + 5]!
      b.freeStep = data[o + 6]!
      b.freeLine = data[o + 7]!
      if (prev !== null) prev.next = b
      prev = b
      all[i] = b
      if (!b.free) this.byPayload.set(b.address + h - this.host.heapStart, b)
    }
    this.first = n > 0 ? all[0]! : null
    this.last = prev
    this.nonEmpty = 0
    s.lists.forEach((order, c) => {
      let tail: Block | null = null
      for (const i of order) {
        const b = all[i]!
        b.cls = c
        b.prevFree = tail
        if (tail !== null) tail.nextFree = b
        else this.heads[c] = b
        tail = b
      }
      if (tail === null) this.heads[c] = null
      else this.nonEmpty |= 1 << c
    })
    this.mmaps.clear()
    for (const c of s.mmaps) this.mmaps.set(c.payload, { ...c })
    const t = this.totals
    t.allocatedBytes = s.totals.allocatedBytes
    t.headerBytes = s.totals.headerBytes
    t.paddingBytes = s.totals.paddingBytes
    t.freeBytes = s.totals.freeBytes
    t.freeBlocks = s.totals.freeBlocks
    t.liveBlocks = s.totals.liveBlocks
    this.counters[REQUESTED] = t.allocatedBytes - t.headerBytes - t.paddingBytes
    this.leadingPad = s.leadingPad
  }
}
