/**
 * Compaction through handles (the classic Mac OS Memory Manager, Smalltalk-80 object tables,
 * OSTEP 17's aside on compaction): the program keeps a *handle*, the address of a master
 * pointer in a handle table, instead of the block's address. Because every use goes through
 * the master pointer, the allocator may move a block and fix the one master pointer, and
 * `compact()` can slide every block down to the start of the heap, leaving one free block at
 * the end: external fragmentation gone.
 *
 * C hands out raw pointers, so a C allocator can never do this: the program may have copied
 * the pointer anywhere (a local, a struct, a register), and after a move that copy points at
 * whatever now occupies the old address. `compact()` reports exactly that for each moved
 * block: where it was, where it is, and what its old address now holds, so a view can show
 * why raw pointers make compaction impossible.
 *
 * Layout: blocks are first fit over the heap in address order, split when the rest is at
 * least 32 bytes, coalesced immediately. Each block has a 16-byte header: `size | allocated`,
 * then the address of its handle (0 while free), which is how compaction finds the master
 * pointer to fix. The handle table lives in mmapped pages (512 handles of 8 bytes per page),
 * outside the heap, so it never moves. malloc still returns the payload address, so the
 * machine, the checker and trace replay work unchanged; `handleOf(pointer)` gives its handle.
 */
import type { Allocator, AllocatorStats, BlockInfo, HeapHost } from '../types'
import type { AllocatorOptions } from './registry'
import { withHistory } from './inspection'
import { copyBytes } from './move'
import { SizeIndexedTreap } from './treap'

export interface CompactingOptions {
  /** `failure`: compact when no free block fits but the free bytes would; `never`: only on request. */
  compactOn: 'never' | 'failure'
  /** Accepted for uniformity with the other allocators; every block lives in the heap. */
  mmapThreshold: number
}

const DEFAULTS: CompactingOptions = { compactOn: 'never', mmapThreshold: Infinity }

/** Check and complete user-supplied options; errors are plain English naming the option. */
export function resolveCompactingOptions(options: AllocatorOptions = {}): CompactingOptions {
  for (const key of Object.keys(options)) {
    if (!(key in DEFAULTS)) {
      throw new Error(
        `Unknown compacting option "${key}": known options are ${Object.keys(DEFAULTS).join(', ')}.`
      )
    }
  }
  const o = { ...DEFAULTS, ...(options as Partial<CompactingOptions>) }
  if (o.compactOn !== 'never' && o.compactOn !== 'failure') {
    throw new Error(`compactOn "${String(o.compactOn)}" is not never or failure.`)
  }
  return o
}

/** Header bytes before each payload: size | allocated (8), then the handle's address (8). */
export const COMPACTING_HEADER = 16
const MIN_BLOCK = 32
const HANDLES_PER_PAGE = 512

/** What one moved block looks like to a program that kept a raw pointer to it. */
export interface CompactionMove {
  /** Address of the block's master pointer (the handle the program holds). */
  handle: number
  size: number
  /** Payload address before compaction: what a raw pointer still holds. */
  before: number
  /** Payload address after compaction: what the handle now leads to. */
  after: number
  /**
   * What the old address `before` holds after compaction: the payload of another block (and
   * how far into it), a header, or free space. A raw pointer now reads or corrupts that.
   */
  rawPointerNow:
    | { kind: 'payload'; handle: number; payload: number; offset: number }
    | { kind: 'header'; handle: number; block: number }
    | { kind: 'free'; block: number }
}

export interface CompactionReport {
  moves: CompactionMove[]
  /** The one free block left at the end of the heap, as [address, size], if any. */
  freeBlock: [number, number] | null
}

interface Block {
  address: number
  size: number
  free: boolean
  requested: number
  /** Handle index while allocated, -1 while free. */
  handle: number
  allocStep: number
  allocLine: number
  freeStep: number
  freeLine: number
}

/** Numbers per block in a snapshot (see `CompactingSnapshot.blocks`). */
const FIELDS = 8

interface CompactingSnapshot {
  /**
   * FIELDS numbers per block in address order: offset from the heap start, size × 2 + 1 when
   * free, requested bytes, handle + 1, allocation step, line, free step, line, each + 1; in
   * 32 bits when every number fits, else doubles. Typed arrays, not an object per block: the
   * replay's snapshot budget counts their bytes, and a million-operation replay keeps
   * hundreds of snapshots.
   */
  blocks: Uint32Array | Float64Array
  /** Payload each handle points at (0: unused). */
  targets: Float64Array
  freeHandles: Int32Array
  regions: number[]
  leadingPad: number
}

export class CompactingAllocator implements Allocator {
  readonly name: string
  readonly options: CompactingOptions
  private readonly host: HeapHost
  /** Every heap block in address order. */
  private heap: Block[] = []
  /**
   * The free blocks of `heap`, keyed by address, each subtree knowing its largest block: the
   * first free block that fits is found in O(log n) instead of a walk over every block (a heap
   * of 8,000 blocks spent most of each malloc in that walk).
   */
  private readonly freeIndex = new SizeIndexedTreap<Block>(0x5bd1e995)
  /** Payload each handle points at (0: unused), mirrored in the handle table in memory. */
  private targets: number[] = []
  private freeHandles: number[] = []
  /** Mapped pages of the handle table. */
  private regions: number[] = []
  private leadingPad = -1
  /** Allocated blocks: their whole sizes, requested bytes and count, kept as they change. */
  private readonly allocated = { bytes: 0, requested: 0, blocks: 0 }

  constructor(host: HeapHost, options: AllocatorOptions = {}, name = 'compacting') {
    this.host = host
    this.name = name
    this.options = resolveCompactingOptions(options)
  }

  // ---- handles -----------------------------------------------------------------------------

  /** Address of handle `index`'s master pointer. */
  private handleAddress(index: number): number {
    const region = this.regions[Math.floor(index / HANDLES_PER_PAGE)]!
    return region + (index % HANDLES_PER_PAGE) * 8
  }

  private writeWord64(address: number, value: number): void {
    const high = Math.floor(value / 0x100000000)
    this.host.memory.write32(address, value - high * 0x100000000)
    this.host.memory.write32(address + 4, high)
  }

  private readWord64(address: number): number {
    const memory = this.host.memory
    return memory.read32(address) + memory.read32(address + 4) * 0x100000000
  }

  private setTarget(index: number, payload: number): void {
    this.targets[index] = payload
    this.writeWord64(this.handleAddress(index), payload)
  }

  /** A free handle index, mapping another page of the table when needed; -1 if impossible. */
  private takeHandle(): number {
    const reused = this.freeHandles.pop()
    if (reused !== undefined) return reused
    const index = this.targets.length
    if (index % HANDLES_PER_PAGE === 0) {
      const page = this.host.mmap(HANDLES_PER_PAGE * 8)
      if (page === -1) return -1
      this.regions.push(page)
    }
    this.targets.push(0)
    return index
  }

  /** The handle (master pointer address) of the allocated block whose payload is `pointer`. */
  handleOf(pointer: number): number | undefined {
    const b = this.allocatedAt(pointer)
    return b === undefined ? undefined : this.handleAddress(b.handle)
  }

  /** Follow a handle as the program would (`*handle`): the block's current payload address. */
  deref(handle: number): number {
    return this.readWord64(handle)
  }

  /** Every handle in use: its address and the payload it leads to. */
  handles(): Array<{ handle: number; payload: number }> {
    const out: Array<{ handle: number; payload: number }> = []
    this.targets.forEach((payload, i) => {
      if (payload !== 0) out.push({ handle: this.handleAddress(i), payload })
    })
    return out
  }

  // ---- blocks ------------------------------------------------------------------------------

  private writeHeader(b: Block): void {
    this.host.memory.write32(b.address, b.size + (b.free ? 0 : 1))
    this.host.memory.write32(b.address + 4, 0)
    this.writeWord64(b.address + 8, b.free ? 0 : this.handleAddress(b.handle))
  }

  private headerIntact(b: Block): boolean {
    const memory = this.host.memory
    return (
      memory.read32(b.address) === b.size + (b.free ? 0 : 1) &&
      memory.read32(b.address + 4) === 0 &&
      this.readWord64(b.address + 8) === (b.free ? 0 : this.handleAddress(b.handle))
    )
  }

  private blockSizeFor(size: number): number {
    return Math.max(MIN_BLOCK, Math.ceil((size + COMPACTING_HEADER) / 16) * 16)
  }

  /** Index in `heap` of the block starting at `address`, by binary search; -1 if none. */
  private indexAt(address: number): number {
    let lo = 0
    let hi = this.heap.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const a = this.heap[mid]!.address
      if (a === address) return mid
      if (a < address) lo = mid + 1
      else hi = mid - 1
    }
    return -1
  }

  /** Index of the block containing `address`, or -1. */
  private indexContaining(address: number): number {
    let lo = 0
    let hi = this.heap.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const b = this.heap[mid]!
      if (address < b.address) hi = mid - 1
      else if (address >= b.address + b.size) lo = mid + 1
      else return mid
    }
    return -1
  }

  private allocatedAt(pointer: number): Block | undefined {
    const i = this.indexAt(pointer - COMPACTING_HEADER)
    const b = i < 0 ? undefined : this.heap[i]
    return b !== undefined && !b.free ? b : undefined
  }

  private heapStartAligned(): boolean {
    if (this.leadingPad >= 0) return true
    const start = this.host.programBreak()
    const pad = (16 - (start % 16)) % 16
    if (pad > 0 && this.host.sbrk(pad) === -1) return false
    this.leadingPad = pad
    return true
  }

  private firstFit(asize: number): number {
    const b = this.freeIndex.firstFit(asize)
    return b === undefined ? -1 : this.indexAt(b.address)
  }

  /** Grow the heap so that the last block is free and at least `asize`; its index or -1. */
  private extend(asize: number): number {
    if (!this.heapStartAligned()) return -1
    const last = this.heap[this.heap.length - 1]
    const have = last !== undefined && last.free ? last.size : 0
    const old = this.host.sbrk(asize - have)
    if (old === -1) return -1
    if (have > 0) {
      this.unlistFree(last!)
      last!.size = asize
      this.listFree(last!)
      this.writeHeader(last!)
    } else {
      const b = this.newBlock(old, asize)
      this.heap.push(b)
      this.listFree(b)
      this.writeHeader(b)
    }
    return this.heap.length - 1
  }

  /** Add (+1) or remove (-1) an allocated block from the running totals. */
  private count(b: Block, sign: 1 | -1): void {
    this.allocated.bytes += sign * b.size
    this.allocated.requested += sign * b.requested
    this.allocated.blocks += sign
  }

  /** Add free block `b` to the index of free blocks. */
  private listFree(b: Block): void {
    this.freeIndex.insert(b, b.size, b.address, 0, 0)
  }

  /** Take block `b` (free until now, at its current address) out of the index. */
  private unlistFree(b: Block): void {
    this.freeIndex.remove(b.address, 0, 0)
  }

  /** The free blocks' index again from `heap` (after compaction or a restore). */
  private reindexFree(): void {
    this.freeIndex.clear()
    for (const b of this.heap) if (b.free) this.listFree(b)
  }

  private newBlock(address: number, size: number): Block {
    return {
      address,
      size,
      free: true,
      requested: 0,
      handle: -1,
      allocStep: -1,
      allocLine: -1,
      freeStep: -1,
      freeLine: -1
    }
  }

  private freeBytes(): number {
    let n = 0
    for (const b of this.heap) if (b.free) n += b.size
    return n
  }

  malloc(size: number): number {
    if (!Number.isFinite(size) || size < 0 || size > 0x7fffffff) return 0
    const asize = this.blockSizeFor(size)
    let i = this.firstFit(asize)
    if (i < 0 && this.options.compactOn === 'failure' && this.freeBytes() >= asize) {
      this.compact()
      i = this.firstFit(asize)
    }
    if (i < 0) i = this.extend(asize)
    if (i < 0) return 0
    const handle = this.takeHandle()
    if (handle < 0) return 0
    const b = this.heap[i]!
    this.unlistFree(b)
    const rest = b.size - asize
    if (rest >= MIN_BLOCK) {
      const r = this.newBlock(b.address + asize, rest)
      r.freeStep = b.freeStep
      r.freeLine = b.freeLine
      b.size = asize
      this.heap.splice(i + 1, 0, r)
      this.listFree(r)
      this.writeHeader(r)
    }
    const origin = this.host.origin()
    b.free = false
    b.requested = size
    b.handle = handle
    this.count(b, 1)
    b.allocStep = origin.step
    b.allocLine = origin.line ?? -1
    b.freeStep = -1
    b.freeLine = -1
    this.writeHeader(b)
    this.setTarget(handle, b.address + COMPACTING_HEADER)
    return b.address + COMPACTING_HEADER
  }

  free(pointer: number): void {
    if (pointer === 0) return
    const b = this.allocatedAt(pointer)
    if (b === undefined) {
      this.host.report({
        kind: 'invalid-free',
        address: pointer,
        message: `free(0x${pointer.toString(16)}): this address is not an allocated block (after a compaction, an old raw pointer no longer is).`,
        reason: {
          key: 'misuse.freeAfterCompaction',
          params: { pointer: '0x' + pointer.toString(16) }
        }
      })
      return
    }
    this.count(b, -1)
    this.setTarget(b.handle, 0)
    this.freeHandles.push(b.handle)
    const origin = this.host.origin()
    b.free = true
    b.requested = 0
    b.handle = -1
    b.freeStep = origin.step
    b.freeLine = origin.line ?? -1
    // Merged neighbours leave `heap` in one splice (each moves every block after it).
    let i = this.indexAt(b.address)
    let from = i + 1
    let gone = 0
    const next = this.heap[i + 1]
    if (next !== undefined && next.free) {
      this.unlistFree(next)
      b.size += next.size
      gone = 1
    }
    const prev = this.heap[i - 1]
    if (prev !== undefined && prev.free) {
      this.unlistFree(prev)
      prev.size += b.size
      prev.freeStep = b.freeStep
      prev.freeLine = b.freeLine
      from = i
      gone++
      i--
    }
    if (gone > 0) this.heap.splice(from, gone)
    this.listFree(this.heap[i]!)
    this.writeHeader(this.heap[i]!)
  }

  calloc(count: number, size: number): number {
    const total = count * size
    if (!Number.isSafeInteger(total) || total < 0 || total > 0x7fffffff) return 0
    const p = this.malloc(total)
    if (p !== 0) this.host.memory.fill(p, total, 0)
    return p
  }

  /** Grows in place into a free neighbour when it can; otherwise moves, keeping the handle. */
  realloc(pointer: number, size: number): number {
    if (pointer === 0) return this.malloc(size)
    if (size === 0) {
      this.free(pointer)
      return 0
    }
    const b = this.allocatedAt(pointer)
    if (b === undefined) {
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
    const asize = this.blockSizeFor(size)
    const i = this.indexAt(b.address)
    const next = this.heap[i + 1]
    const grows = next !== undefined && next.free && b.size + next.size >= asize
    if (asize <= b.size || grows) this.count(b, -1)
    if (asize > b.size && grows) {
      this.unlistFree(next)
      b.size += next.size
      this.heap.splice(i + 1, 1)
    }
    if (asize <= b.size) {
      const rest = b.size - asize
      if (rest >= MIN_BLOCK) {
        const r = this.newBlock(b.address + asize, rest)
        b.size = asize
        this.heap.splice(i + 1, 0, r)
        const after = this.heap[i + 2]
        if (after !== undefined && after.free) {
          this.unlistFree(after)
          r.size += after.size
          this.heap.splice(i + 2, 1)
        }
        this.listFree(r)
        this.writeHeader(r)
      }
      b.requested = size
      this.count(b, 1)
      this.writeHeader(b)
      return pointer
    }
    const q = this.malloc(size)
    if (q === 0) return 0
    // malloc may have compacted the heap and moved the old block: follow it, as a handle would.
    const from = b.address + COMPACTING_HEADER
    const handle = b.handle
    copyBytes(this.host.memory, q, from, Math.min(b.requested, size))
    // The program keeps its handle: give the new block the old handle, free the old block.
    const moved = this.allocatedAt(q)!
    const fresh = moved.handle
    moved.handle = handle
    b.handle = fresh
    this.setTarget(handle, q)
    this.setTarget(fresh, from)
    this.writeHeader(moved)
    this.writeHeader(b)
    this.free(from)
    return q
  }

  // ---- compaction --------------------------------------------------------------------------

  /**
   * Slide every allocated block down to the start of the heap, in address order, fixing each
   * block's master pointer; all free space becomes one block at the end.
   */
  compact(): CompactionReport {
    const moves: Array<Omit<CompactionMove, 'rawPointerNow'>> = []
    if (this.leadingPad < 0) return { moves: [], freeBlock: null }
    const end = this.host.programBreak()
    let dest = this.host.heapStart + this.leadingPad
    const kept: Block[] = []
    for (const b of this.heap) {
      if (b.free) continue
      if (b.address !== dest) {
        copyBytes(this.host.memory, dest, b.address, b.size)
        moves.push({
          handle: this.handleAddress(b.handle),
          size: b.requested,
          before: b.address + COMPACTING_HEADER,
          after: dest + COMPACTING_HEADER
        })
        b.address = dest
        this.setTarget(b.handle, dest + COMPACTING_HEADER)
      }
      kept.push(b)
      dest += b.size
    }
    let freeBlock: [number, number] | null = null
    if (dest < end) {
      const f = this.newBlock(dest, end - dest)
      const origin = this.host.origin()
      f.freeStep = origin.step
      f.freeLine = origin.line ?? -1
      kept.push(f)
      this.writeHeader(f)
      freeBlock = [dest, end - dest]
    }
    this.heap = kept
    this.reindexFree()
    const report: CompactionMove[] = moves.map((m) => ({
      ...m,
      rawPointerNow: this.whatIsAt(m.before)
    }))
    return { moves: report, freeBlock }
  }

  /** What a raw pointer to `address` finds there now. */
  private whatIsAt(address: number): CompactionMove['rawPointerNow'] {
    const i = this.indexContaining(address)
    const b = i < 0 ? undefined : this.heap[i]
    if (b === undefined || b.free) return { kind: 'free', block: b?.address ?? address }
    const payload = b.address + COMPACTING_HEADER
    const handle = this.handleAddress(b.handle)
    if (address < payload) return { kind: 'header', handle, block: b.address }
    return { kind: 'payload', handle, payload, offset: address - payload }
  }

  // ---- inspection --------------------------------------------------------------------------

  private info(b: Block): BlockInfo {
    const info: BlockInfo = {
      address: b.address,
      size: b.size,
      payload: b.address + COMPACTING_HEADER,
      requested: b.free ? 0 : b.requested,
      headerBytes: COMPACTING_HEADER,
      footerBytes: 0,
      paddingBytes: b.free ? 0 : b.size - COMPACTING_HEADER - b.requested,
      free: b.free
    }
    if (!this.headerIntact(b)) info.corrupted = true
    return withHistory(info, b)
  }

  blockAt(pointer: number): BlockInfo | undefined {
    const b = this.allocatedAt(pointer)
    return b === undefined ? undefined : this.info(b)
  }

  /** Heap blocks in address order, then the handle table's pages (bookkeeping). */
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
    for (const b of this.heap) out.push(this.info(b))
    const pageSize = Math.ceil((HANDLES_PER_PAGE * 8) / this.host.pageSize) * this.host.pageSize
    for (const region of [...this.regions].sort((a, b) => a - b)) {
      out.push({
        address: region,
        size: pageSize,
        payload: region,
        requested: 0,
        headerBytes: 0,
        footerBytes: 0,
        paddingBytes: pageSize,
        free: false,
        bin: 'bookkeeping'
      })
    }
    return out
  }

  /** The free blocks in address order (the list first fit walks). */
  freeLists(): Record<string, Array<[number, number]>> {
    return {
      'free list': this.heap.filter((b) => b.free).map((b) => [b.address, b.size])
    }
  }

  /**
   * Totals updated in place. The allocated side is counted as blocks come and go; the free
   * side (rarely read: views and metrics, not every operation) is summed when read.
   */
  stats(): AllocatorStats {
    return this.liveStats
  }

  private readonly liveStats: AllocatorStats = ((allocator: CompactingAllocator) => {
    const free = (): { bytes: number; blocks: number; largest: number } => {
      let bytes = 0
      let blocks = 0
      let largest = 0
      for (const b of allocator.heap) {
        if (!b.free) continue
        bytes += b.size
        blocks++
        if (b.size > largest) largest = b.size
      }
      return { bytes, blocks, largest }
    }
    const view = {} as AllocatorStats
    const counted = allocator.allocated
    const fields: Array<[keyof AllocatorStats, () => number]> = [
      ['allocatedBytes', () => counted.bytes],
      ['headerBytes', () => counted.blocks * COMPACTING_HEADER],
      [
        'paddingBytes',
        () => counted.bytes - counted.blocks * COMPACTING_HEADER - counted.requested
      ],
      ['freeBytes', () => free().bytes],
      ['freeBlocks', () => free().blocks],
      ['largestFreeBlock', () => free().largest],
      ['liveBlocks', () => counted.blocks]
    ]
    for (const [key, get] of fields) Object.defineProperty(view, key, { enumerable: true, get })
    return view
  })(this)

  // ---- time travel -------------------------------------------------------------------------

  snapshot(): CompactingSnapshot {
    const heapStart = this.host.heapStart
    const n = this.heap.length
    const wide = new Float64Array(n * FIELDS)
    let largest = 0
    for (let i = 0; i < n; i++) {
      const b = this.heap[i]!
      const o = i * FIELDS
      wide[o] = b.address - heapStart
      wide[o + 1] = b.size * 2 + (b.free ? 1 : 0)
      wide[o + 2] = b.requested
      wide[o + 3] = b.handle + 1
      wide[o + 4] = b.allocStep + 1
      wide[o + 5] = b.allocLine + 1
      wide[o + 6] = b.freeStep + 1
      wide[o + 7] = b.freeLine + 1
      for (let f = 0; f < FIELDS; f++) if (wide[o + f] > largest) largest = wide[o + f]
    }
    return {
      blocks: largest < 0xffffffff ? Uint32Array.from(wide) : wide,
      targets: Float64Array.from(this.targets),
      freeHandles: Int32Array.from(this.freeHandles),
      regions: [...this.regions],
      leadingPad: this.leadingPad
    }
  }

  restore(snapshot: unknown): void {
    const s = snapshot as CompactingSnapshot
    const heapStart = this.host.heapStart
    const data = s.blocks
    const n = data.length / FIELDS
    const heap = this.heap
    // The block objects of now are reused (in any order: each is rewritten whole).
    for (let i = 0; i < n; i++) {
      const o = i * FIELDS
      const b =
        heap[i] ??
        (heap[i] = {
          address: 0,
          size: 0,
          free: true,
          requested: 0,
          handle: -1,
          allocStep: -1,
          allocLine: -1,
          freeStep: -1,
          freeLine: -1
        })
      b.address = heapStart + data[o]
      b.size = Math.floor(data[o + 1] / 2)
      b.free = data[o + 1] % 2 === 1
      b.requested = data[o + 2]
      b.handle = data[o + 3] - 1
      b.allocStep = data[o + 4] - 1
      b.allocLine = data[o + 5] - 1
      b.freeStep = data[o + 6] - 1
      b.freeLine = data[o + 7] - 1
    }
    heap.length = n
    this.reindexFree()
    this.targets = Array.from(s.targets)
    this.freeHandles = Array.from(s.freeHandles)
    this.regions = [...s.regions]
    this.leadingPad = s.leadingPad
    this.allocated.bytes = 0
    this.allocated.requested = 0
    this.allocated.blocks = 0
    for (const b of this.heap) if (!b.free) this.count(b, 1)
  }

  /** Rewrite every header and master pointer from the bookkeeping (restore without memory). */
  repairMetadata(): void {
    for (const b of this.heap) this.writeHeader(b)
    this.targets.forEach((payload, i) => this.writeWord64(this.handleAddress(i), payload))
  }
}
