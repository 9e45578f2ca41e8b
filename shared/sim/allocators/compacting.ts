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
import { heapBlockInfo } from './inspection'
import { copyBytes, reportInvalidRealloc } from './move'
import { SizeIndexedTreap } from './treap'
import { PayloadTable } from './block-table'

import { RecordHistory, type KeptRecords, type RecordArray } from './record-delta'

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
  /** Neighbours in address order (null at the ends). */
  prev: Block | null
  next: Block | null
}

/**
 * Numbers per block in a snapshot (see `CompactingSnapshot.blocks`): 7 with both lines packed in
 * one 16 + 16-bit number, 8 when a line does not fit 16 bits.
 */
const PACKED_FIELDS = 7
const FIELDS = 8
/** Lines below this (+ 1) pack into half a 32-bit number. */
const PACKED_LINE_LIMIT = 0xffff

interface CompactingSnapshot extends KeptRecords {
  /**
   * Per block in address order: offset from the heap start, size × 2 + 1 when free, requested
   * bytes, handle + 1, allocation step + 1, free step + 1, then the allocation and free lines
   * + 1 (packed in one number, allocation line in the low 16 bits, when `packedLines`); in
   * 32 bits when every number fits, else doubles; null when `delta` (against the snapshot
   * before, see `RecordHistory`) stands for them. Typed arrays, not an object per block: the
   * replay's snapshot budget counts their bytes, and a million-operation replay keeps
   * hundreds of snapshots. The offsets are kept although the blocks tile the heap when only
   * this allocator moves the break: a C program's own sbrk leaves a gap before the next block.
   */
  blocks: RecordArray | null
  against: CompactingSnapshot | null
  /** Both lines in one number (see `blocks`). */
  packedLines: boolean
  /** Handles made so far (the handle table's length). */
  handles: number
  /**
   * Payload each handle points at (0: unused); null when the blocks say it (each allocated
   * block's handle leads to its payload, every other handle is unused), as they always do.
   */
  targets: Float64Array | null
  freeHandles: Int32Array
  regions: number[]
  leadingPad: number
}

/**
 * A snapshot against the one before keeps its blocks as a delta when that takes at most half a
 * whole array's bytes, at most 8 deltas and 1.5 whole arrays' bytes since the last whole one
 * (a restore applies them all), as the explicit list's (free-list.ts). Binary2 x42: 137 whole
 * snapshots (37 MB of the 64 MB budget, longest gap 8,250 operations) before.
 */
const DELTA_LIMITS = { deltaShare: 0.5, maxChain: 8, chainShare: 1.5 }

/**
 * A block's size from its snapshot numbers (size × 2 + free bit, after the offset): where a
 * delta looks for the next block's twin. Only a guess where a gap lies between two blocks, and
 * a block is copied from an earlier snapshot only when all its numbers, offset included, are
 * the same, so a wrong guess costs bytes, never exactness.
 */
const snapshotSize = (records: RecordArray, offset: number): number =>
  Math.floor((records[offset + 1] as number) / 2)

export class CompactingAllocator implements Allocator {
  readonly name: string
  readonly options: CompactingOptions
  private readonly host: HeapHost
  /**
   * The heap blocks in address order, linked through `prev`/`next`, and found by their offset
   * from the heap start: malloc and free split and merge blocks without moving the others (an
   * array's splice moved every block after it, ~40 us a call with 8,000 blocks).
   */
  private first: Block | null = null
  private last: Block | null = null
  /**
   * An array load for offsets in the first megabytes (16-byte steps), a hash table beyond: a
   * Map rebuilt from empty at every restore was a fifth of this allocator's restore.
   */
  private readonly byOffset = new PayloadTable<Block>(16)
  /** The blocks as an array in address order, made when first asked for since a change. */
  private ordered: Block[] | null = []
  /**
   * The free blocks of `heap`, keyed by address, each subtree knowing its largest block: the
   * first free block that fits is found in O(log n) instead of a walk over every block (a heap
   * of 8,000 blocks spent most of each malloc in that walk).
   */
  private readonly freeIndex = new SizeIndexedTreap<Block>(0x5bd1e995)
  /** Reused by every reindex: the free blocks in address order and their index keys. */
  private readonly scratchFree: Block[] = []
  /** The array a restore makes the heap in (see `restore`), and blocks it may reuse. */
  private readonly restoredHeap: Block[] = []
  private readonly spareBlocks: Block[] = []
  private scratchKeys = new Float64Array(0)
  /** Payload each handle points at (0: unused), mirrored in the handle table in memory. */
  private targets: number[] = []
  private freeHandles: number[] = []
  /** Mapped pages of the handle table. */
  private regions: number[] = []
  private leadingPad = -1
  /** Allocated blocks: their whole sizes, requested bytes and count, kept as they change. */
  private readonly allocated = { bytes: 0, requested: 0, blocks: 0 }
  /** Snapshots' blocks, each a delta against the one before where small (time travel). */
  private readonly history = new RecordHistory(snapshotSize, DELTA_LIMITS)

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

  /** Every heap block in address order (for walks; malloc and free use the links). */
  private get heap(): Block[] {
    if (this.ordered === null) {
      const blocks: Block[] = []
      for (let b = this.first; b !== null; b = b.next) blocks.push(b)
      this.ordered = blocks
    }
    return this.ordered
  }

  /** Make `blocks` (in address order) the heap: links and offsets anew. */
  private setHeap(blocks: Block[]): void {
    const start = this.host.heapStart
    // The blocks of now leave the table one by one, so its clear has nothing left to fill (a
    // restore has taken them out already, by the addresses they had: no walk then).
    if (this.byOffset.size > 0) {
      for (let b = this.first; b !== null; b = b.next) this.byOffset.delete(b.address - start)
      this.byOffset.clear()
    }
    let prev: Block | null = null
    for (const b of blocks) {
      b.prev = prev
      b.next = null
      if (prev !== null) prev.next = b
      this.byOffset.set(b.address - start, b)
      prev = b
    }
    this.first = blocks.length > 0 ? (blocks[0] as Block) : null
    this.last = prev
    this.ordered = blocks
  }

  /** Put new block `r` into the heap just after `b` (or first, when `b` is null). */
  private insertAfter(b: Block | null, r: Block): void {
    const next = b === null ? this.first : b.next
    r.prev = b
    r.next = next
    if (b === null) this.first = r
    else b.next = r
    if (next === null) this.last = r
    else next.prev = r
    this.byOffset.set(r.address - this.host.heapStart, r)
    this.ordered = null
  }

  /** Take block `x` out of the heap (merged into a neighbour). */
  private removeBlock(x: Block): void {
    if (x.prev === null) this.first = x.next
    else x.prev.next = x.next
    if (x.next === null) this.last = x.prev
    else x.next.prev = x.prev
    this.byOffset.delete(x.address - this.host.heapStart)
    x.prev = null
    x.next = null
    this.ordered = null
  }

  /** Index of the block containing `address` in `heap`, or -1. */
  private indexContaining(address: number): number {
    const heap = this.heap
    let lo = 0
    let hi = heap.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const b = heap[mid]!
      if (address < b.address) hi = mid - 1
      else if (address >= b.address + b.size) lo = mid + 1
      else return mid
    }
    return -1
  }

  private allocatedAt(pointer: number): Block | undefined {
    const b = this.byOffset.get(pointer - COMPACTING_HEADER - this.host.heapStart)
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

  /** The first free block (in address order) of at least `asize` bytes. */
  private firstFit(asize: number): Block | undefined {
    return this.freeIndex.firstFit(asize)
  }

  /** Grow the heap so that the last block is free and at least `asize`; that block. */
  private extend(asize: number): Block | undefined {
    if (!this.heapStartAligned()) return undefined
    const last = this.last
    const have = last !== null && last.free ? last.size : 0
    const old = this.host.sbrk(asize - have)
    if (old === -1) return undefined
    if (last !== null && have > 0) {
      this.unlistFree(last)
      last.size = asize
      this.listFree(last)
      this.writeHeader(last)
      return last
    }
    const b = this.newBlock(old, asize)
    this.insertAfter(this.last, b)
    this.listFree(b)
    this.writeHeader(b)
    return b
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

  /**
   * The free blocks' index again from `heap` (after compaction or a restore), built in one
   * pass from the blocks in address order (its key order): inserted one by one, at O(log n)
   * each, it was the largest part of this allocator's restore.
   */
  private reindexFree(): void {
    const free = this.scratchFree
    free.length = 0
    for (let b = this.first; b !== null; b = b.next) if (b.free) free.push(b)
    if (this.scratchKeys.length < free.length * 4) {
      this.scratchKeys = new Float64Array(free.length * 8)
    }
    const keys = this.scratchKeys
    for (let i = 0; i < free.length; i++) {
      const b = free[i] as Block
      // As listFree keys it: size, then the address (k1), k2 = k3 = 0.
      keys[i * 4] = b.size
      keys[i * 4 + 1] = b.address
      keys[i * 4 + 2] = 0
      keys[i * 4 + 3] = 0
    }
    this.freeIndex.build(free, keys)
  }

  private newBlock(address: number, size: number): Block {
    const spare = this.spareBlocks.pop()
    if (spare !== undefined) {
      spare.address = address
      spare.size = size
      spare.free = true
      spare.requested = 0
      spare.handle = -1
      spare.allocStep = -1
      spare.allocLine = -1
      spare.freeStep = -1
      spare.freeLine = -1
      spare.prev = null
      spare.next = null
      return spare
    }
    return {
      address,
      size,
      free: true,
      requested: 0,
      handle: -1,
      allocStep: -1,
      allocLine: -1,
      freeStep: -1,
      freeLine: -1,
      prev: null,
      next: null
    }
  }

  private freeBytes(): number {
    let n = 0
    for (let b = this.first; b !== null; b = b.next) if (b.free) n += b.size
    return n
  }

  malloc(size: number): number {
    if (!Number.isFinite(size) || size < 0 || size > 0x7fffffff) return 0
    const asize = this.blockSizeFor(size)
    let found = this.firstFit(asize)
    if (found === undefined && this.options.compactOn === 'failure' && this.freeBytes() >= asize) {
      this.slideDown()
      found = this.firstFit(asize)
    }
    if (found === undefined) found = this.extend(asize)
    if (found === undefined) return 0
    const handle = this.takeHandle()
    if (handle < 0) return 0
    const b = found
    this.unlistFree(b)
    const rest = b.size - asize
    if (rest >= MIN_BLOCK) {
      const r = this.newBlock(b.address + asize, rest)
      r.freeStep = b.freeStep
      r.freeLine = b.freeLine
      b.size = asize
      this.insertAfter(b, r)
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
    let merged = b
    const next = b.next
    if (next !== null && next.free) {
      this.unlistFree(next)
      b.size += next.size
      this.removeBlock(next)
    }
    const prev = b.prev
    if (prev !== null && prev.free) {
      this.unlistFree(prev)
      prev.size += b.size
      prev.freeStep = b.freeStep
      prev.freeLine = b.freeLine
      this.removeBlock(b)
      merged = prev
    }
    this.listFree(merged)
    this.writeHeader(merged)
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
      return reportInvalidRealloc(this.host, pointer, size)
    }
    const asize = this.blockSizeFor(size)
    const next = b.next
    const grows = next !== null && next.free && b.size + next.size >= asize
    if (asize <= b.size || grows) this.count(b, -1)
    if (next !== null && asize > b.size && grows) {
      this.unlistFree(next)
      b.size += next.size
      this.removeBlock(next)
    }
    if (asize <= b.size) {
      const rest = b.size - asize
      if (rest >= MIN_BLOCK) {
        const r = this.newBlock(b.address + asize, rest)
        b.size = asize
        this.insertAfter(b, r)
        const after = r.next
        if (after !== null && after.free) {
          this.unlistFree(after)
          r.size += after.size
          this.removeBlock(after)
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
    const freeBlock = this.slideDown(moves)
    const report: CompactionMove[] = moves.map((m) => ({
      ...m,
      rawPointerNow: this.whatIsAt(m.before)
    }))
    return { moves: report, freeBlock }
  }

  /**
   * The compaction itself; each move goes into `moves` when given (malloc's own compaction
   * needs no report). Returns the free block left at the end, as [address, size], if any.
   */
  private slideDown(moves?: Array<Omit<CompactionMove, 'rawPointerNow'>>): [number, number] | null {
    if (this.leadingPad < 0) return null
    const end = this.host.programBreak()
    let dest = this.host.heapStart + this.leadingPad
    const kept: Block[] = []
    for (let b = this.first; b !== null; b = b.next) {
      if (b.free) continue
      if (b.address !== dest) {
        copyBytes(this.host.memory, dest, b.address, b.size)
        moves?.push({
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
    this.setHeap(kept)
    this.reindexFree()
    return freeBlock
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
    return heapBlockInfo(
      b.address,
      b.size,
      b.address + COMPACTING_HEADER,
      COMPACTING_HEADER,
      0,
      b.free ? 0 : b.requested,
      b.free ? 0 : b.size - COMPACTING_HEADER - b.requested,
      b,
      undefined,
      !this.headerIntact(b)
    )
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

  /**
   * The allocator's state; given the snapshot taken before (`against`), its blocks as a delta
   * against that one's where small (see `RecordHistory`).
   */
  snapshot(against?: unknown): CompactingSnapshot {
    const heap = this.heap
    const n = heap.length
    let lastLine = -1
    for (const b of heap) lastLine = Math.max(lastLine, b.allocLine, b.freeLine)
    // In 32 bits unless a number does not fit (then again in doubles, the lines apart).
    let packedLines = lastLine + 1 < PACKED_LINE_LIMIT
    let fields = packedLines ? PACKED_FIELDS : FIELDS
    let data = this.history.buffer(n * fields, true)
    if (!this.writeRecords(data, packedLines)) {
      packedLines = false
      fields = FIELDS
      data = this.history.buffer(n * fields, false)
      this.writeRecords(data, false)
    }
    const base = n > 0 ? (data[0] as number) : 0
    const kept = this.history.take(data, n, base, fields, against as CompactingSnapshot | undefined)
    // Each handle leads to its allocated block's payload, or is free (0): the blocks say it,
    // unless that no longer holds (then the targets are kept too).
    const targets = this.targetsFromBlocks() ? null : Float64Array.from(this.targets)
    const snapshot: CompactingSnapshot = {
      ...kept,
      against: kept.against as CompactingSnapshot | null,
      fields,
      packedLines,
      base,
      handles: this.targets.length,
      targets,
      freeHandles: Int32Array.from(this.freeHandles),
      regions: [...this.regions],
      leadingPad: this.leadingPad
    }
    this.history.remember(snapshot)
    return snapshot
  }

  /**
   * True when the handles' targets are what the blocks say: each allocated block's handle
   * leads to its payload, and every other handle to 0.
   */
  private targetsFromBlocks(): boolean {
    let allocated = 0
    for (let b = this.first; b !== null; b = b.next) {
      if (b.free) continue
      allocated++
      if (this.targets[b.handle] !== b.address + COMPACTING_HEADER) return false
    }
    let unused = 0
    for (const payload of this.targets) if (payload === 0) unused++
    return allocated + unused === this.targets.length
  }

  /**
   * The blocks in address order into `data` (see `CompactingSnapshot.blocks`); false when a
   * number does not fit it (a 32-bit array reads back another number).
   */
  private writeRecords(data: RecordArray, packedLines: boolean): boolean {
    const heapStart = this.host.heapStart
    const heap = this.heap
    const fields = packedLines ? PACKED_FIELDS : FIELDS
    for (let i = 0; i < heap.length; i++) {
      const b = heap[i]!
      const o = i * fields
      const offset = b.address - heapStart
      const sizeFree = b.size * 2 + (b.free ? 1 : 0)
      const allocStep = b.allocStep + 1
      const freeStep = b.freeStep + 1
      data[o] = offset
      data[o + 1] = sizeFree
      data[o + 2] = b.requested
      data[o + 3] = b.handle + 1
      data[o + 4] = allocStep
      data[o + 5] = freeStep
      if (packedLines) data[o + 6] = b.allocLine + 1 + (b.freeLine + 1) * 0x10000
      else {
        data[o + 6] = b.allocLine + 1
        data[o + 7] = b.freeLine + 1
      }
      if (
        data[o] !== offset ||
        data[o + 1] !== sizeFree ||
        data[o + 2] !== b.requested ||
        data[o + 4] !== allocStep ||
        data[o + 5] !== freeStep
      ) {
        return false
      }
    }
    return true
  }

  /**
   * Keep `snapshot` against `against` (a snapshot taken before it) or whole (null) from now on,
   * in place (see `RecordHistory.rebase`): a replay that drops the snapshot between them.
   */
  rebase(snapshot: unknown, against: unknown): void {
    this.history.rebase(snapshot as CompactingSnapshot, against as CompactingSnapshot | null)
  }

  /** Bytes `snapshot` keeps of its own, and the snapshot its blocks are a delta against. */
  snapshotParts(snapshot: unknown): { bytes: number; against: unknown } {
    const s = snapshot as CompactingSnapshot
    const own = 256 + (s.targets?.byteLength ?? 0) + s.freeHandles.byteLength + s.regions.length * 8
    return { bytes: own + this.history.bytes(s), against: s.against }
  }

  restore(snapshot: unknown): void {
    const s = snapshot as CompactingSnapshot
    const heapStart = this.host.heapStart
    const data = this.history.recordsOf(s)
    const n = this.history.countOf(s)
    const fields = s.packedLines ? PACKED_FIELDS : FIELDS
    // The blocks of now, in one walk: out of the offset table while their addresses are still
    // theirs (see setHeap), and into the array the restored heap is made in. Both the array and
    // the blocks are reused, and the blocks the restored heap does not need wait in the spares:
    // a new array a jump (the heap getter's) and the blocks dropped were promoted by the
    // scavenges that reading the views brings on, and the JavaScript heap grew from 26 to 95 MB
    // over 150 jumps with the bench's reads (binary2 x42).
    const heap = this.restoredHeap
    let current = 0
    for (let b = this.first; b !== null; b = b.next) {
      this.byOffset.delete(b.address - heapStart)
      heap[current++] = b
    }
    for (let i = n; i < current; i++) this.spareBlocks.push(heap[i] as Block)
    for (let i = current; i < n; i++) heap[i] = this.newBlock(0, 0)
    heap.length = n
    // The block objects of now are reused (in any order: each is rewritten whole), and the
    // allocated ones counted as they are: each walk over a heap's blocks is one more pass over
    // objects scattered in memory.
    this.allocated.bytes = 0
    this.allocated.requested = 0
    this.allocated.blocks = 0
    for (let i = 0; i < n; i++) {
      const o = i * fields
      const b = heap[i] as Block
      const sizeFree = data[o + 1] as number
      b.address = heapStart + (data[o] as number)
      b.size = Math.floor(sizeFree / 2)
      b.free = sizeFree % 2 === 1
      b.requested = data[o + 2] as number
      b.handle = (data[o + 3] as number) - 1
      b.allocStep = (data[o + 4] as number) - 1
      b.freeStep = (data[o + 5] as number) - 1
      if (s.packedLines) {
        const lines = data[o + 6] as number
        b.allocLine = (lines & 0xffff) - 1
        b.freeLine = (lines >>> 16) - 1
      } else {
        b.allocLine = (data[o + 6] as number) - 1
        b.freeLine = (data[o + 7] as number) - 1
      }
      if (!b.free) this.count(b, 1)
    }
    this.setHeap(heap)
    this.reindexFree()
    // Into the arrays of now: no garbage of a handle's number per jump.
    const targets = this.targets
    if (s.targets !== null) {
      targets.length = s.targets.length
      for (let i = 0; i < s.targets.length; i++) targets[i] = s.targets[i] as number
    } else {
      targets.length = s.handles
      targets.fill(0)
      for (const b of heap) if (!b.free) targets[b.handle] = b.address + COMPACTING_HEADER
    }
    const freeHandles = this.freeHandles
    freeHandles.length = s.freeHandles.length
    for (let i = 0; i < s.freeHandles.length; i++) freeHandles[i] = s.freeHandles[i] as number
    this.regions = [...s.regions]
    this.leadingPad = s.leadingPad
  }

  /** Rewrite every header and master pointer from the bookkeeping (restore without memory). */
  repairMetadata(): void {
    for (let b = this.first; b !== null; b = b.next) this.writeHeader(b)
    this.targets.forEach((payload, i) => this.writeWord64(this.handleAddress(i), payload))
  }
}
