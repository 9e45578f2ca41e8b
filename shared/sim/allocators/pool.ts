/**
 * A fixed-size pool (memory pool, object pool, slab): the heap is carved into slots of one
 * size, and a request is served by taking any free slot. There is no search, no splitting and
 * no coalescing, so malloc and free are O(1), and a pool never suffers external fragmentation
 * for objects of its size. The price: every object costs a whole slot, and a request larger
 * than a slot cannot be served at all (malloc returns NULL).
 *
 * Slots have no header. The free slots form a LIFO list threaded *through the slots
 * themselves*: the first 8 bytes of a free slot hold the address of the next free slot (0 at
 * the end), as in real pool allocators. A program that writes into a freed slot (use after
 * free) overwrites that link, and `blocks()` shows the slot as corrupted.
 *
 * The pool grows with `sbrk` by one chunk of `slotsPerChunk` slots when no slot is free.
 */
import type { Allocator, AllocatorStats, BlockInfo, HeapHost } from '../types'
import type { AllocatorOptions } from './registry'
import { emptyStats } from '../metrics'
import { reportInvalidRealloc } from './move'

export interface PoolOptions {
  /** Largest request a slot holds, in bytes. */
  objectSize: number
  /** Slot alignment: 1, 2, 4, 8 or 16 (slots are at least 8 bytes for the free-list link). */
  alignment: number
  /** Slots added each time the pool grows. */
  slotsPerChunk: number
  /** Accepted for uniformity with the other allocators; a pool never uses mmap. */
  mmapThreshold: number
}

const DEFAULTS: PoolOptions = {
  objectSize: 32,
  alignment: 16,
  slotsPerChunk: 64,
  mmapThreshold: Infinity
}

/** Check and complete user-supplied options; errors are plain English naming the option. */
export function resolvePoolOptions(options: AllocatorOptions = {}): PoolOptions {
  for (const key of Object.keys(options)) {
    if (!(key in DEFAULTS)) {
      throw new Error(
        `Unknown pool option "${key}": known options are ${Object.keys(DEFAULTS).join(', ')}.`
      )
    }
  }
  const o = { ...DEFAULTS, ...(options as Partial<PoolOptions>) }
  if (!Number.isInteger(o.objectSize) || o.objectSize < 1 || o.objectSize > 1 << 20) {
    throw new Error(
      `Object size ${String(o.objectSize)} must be a whole number of bytes from 1 to 1 MiB.`
    )
  }
  if (![1, 2, 4, 8, 16].includes(o.alignment)) {
    throw new Error(`Alignment ${String(o.alignment)} is not 1, 2, 4, 8 or 16.`)
  }
  if (!Number.isInteger(o.slotsPerChunk) || o.slotsPerChunk < 1 || o.slotsPerChunk > 1 << 16) {
    throw new Error(
      `slotsPerChunk ${String(o.slotsPerChunk)} must be a whole number from 1 to 65536.`
    )
  }
  return o
}

/** What the pool remembers of one slot. */
interface Slot {
  free: boolean
  requested: number
  allocStep: number
  allocLine: number
  freeStep: number
  freeLine: number
}

/** Numbers per slot in a snapshot (see `PoolSnapshot.slots`). */
const FIELDS = 5

interface PoolSnapshot {
  /**
   * FIELDS numbers per slot: requested bytes × 2 + 1 when free, then allocation step, line,
   * free step, line, each + 1; in 32 bits when every number fits, else doubles. Typed arrays,
   * not an object per slot: the replay's snapshot budget counts their bytes, and a
   * million-operation replay keeps hundreds of snapshots.
   */
  slots: Uint32Array | Float64Array
  /** Slot indices, bottom of the free stack first. */
  freeList: Int32Array
  base: number
  totals: AllocatorStats
}

export class PoolAllocator implements Allocator {
  readonly name: string
  readonly options: PoolOptions
  /** Bytes per slot: the object size, at least 8 (the link), rounded up to the alignment. */
  readonly slotSize: number
  private readonly host: HeapHost
  /** Address of slot 0, or -1 before the pool exists. */
  private base = -1
  private slots: Slot[] = []
  /** Free slot indices; the last element is the head of the list (LIFO). */
  private freeList: number[] = []
  private totals: AllocatorStats = emptyStats()

  constructor(host: HeapHost, options: AllocatorOptions = {}, name = 'pool') {
    this.host = host
    this.name = name
    this.options = resolvePoolOptions(options)
    const { objectSize, alignment } = this.options
    this.slotSize = Math.ceil(Math.max(objectSize, 8) / alignment) * alignment
  }

  private addressOf(index: number): number {
    return this.base + index * this.slotSize
  }

  /** The slot index of a payload pointer, or -1 when it is not the start of a slot. */
  private indexOf(pointer: number): number {
    const offset = pointer - this.base
    if (this.base < 0 || offset < 0 || offset % this.slotSize !== 0) return -1
    const index = offset / this.slotSize
    return index < this.slots.length ? index : -1
  }

  /** The link a free slot should hold: the address of the next free slot, 0 at the end. */
  private expectedLink(position: number): number {
    return position > 0 ? this.addressOf(this.freeList[position - 1]!) : 0
  }

  private writeLink(index: number, next: number): void {
    const memory = this.host.memory
    const address = this.addressOf(index)
    const high = Math.floor(next / 0x100000000)
    memory.write32(address, next - high * 0x100000000)
    memory.write32(address + 4, high)
  }

  private readLink(index: number): number {
    const memory = this.host.memory
    const address = this.addressOf(index)
    return memory.read32(address) + memory.read32(address + 4) * 0x100000000
  }

  /** Add one chunk of free slots (or one slot when a chunk no longer fits); false when full. */
  private grow(): boolean {
    return this.growBy(this.options.slotsPerChunk) || this.growBy(1)
  }

  private growBy(n: number): boolean {
    if (this.base < 0) {
      const start = this.host.programBreak()
      const g = this.options.alignment
      const pad = (g - (start % g)) % g
      if (this.host.sbrk(pad + n * this.slotSize) === -1) return false
      this.base = start + pad
    } else {
      const old = this.host.sbrk(n * this.slotSize)
      if (old === -1) return false
      if (old !== this.addressOf(this.slots.length)) {
        // Someone else moved the break: the pool must stay one run of slots.
        this.host.sbrk(-n * this.slotSize)
        return false
      }
    }
    const first = this.slots.length
    // Push in reverse so the lowest new slot is handed out first.
    for (let i = first + n - 1; i >= first; i--) {
      this.slots[i] = {
        free: true,
        requested: 0,
        allocStep: -1,
        allocLine: -1,
        freeStep: -1,
        freeLine: -1
      }
      this.writeLink(
        i,
        this.freeList.length > 0 ? this.addressOf(this.freeList[this.freeList.length - 1]!) : 0
      )
      this.freeList.push(i)
    }
    this.totals.freeBlocks += n
    this.totals.freeBytes += n * this.slotSize
    return true
  }

  malloc(size: number): number {
    if (!Number.isFinite(size) || size < 0 || size > this.options.objectSize) return 0
    if (this.freeList.length === 0 && !this.grow()) return 0
    const index = this.freeList.pop()!
    const slot = this.slots[index]!
    const origin = this.host.origin()
    slot.free = false
    slot.requested = size
    slot.allocStep = origin.step
    slot.allocLine = origin.line ?? -1
    slot.freeStep = -1
    slot.freeLine = -1
    const s = this.totals
    s.freeBlocks--
    s.freeBytes -= this.slotSize
    s.liveBlocks++
    s.allocatedBytes += this.slotSize
    s.paddingBytes += this.slotSize - size
    return this.addressOf(index)
  }

  free(pointer: number): void {
    if (pointer === 0) return
    const index = this.indexOf(pointer)
    const slot = index < 0 ? undefined : this.slots[index]
    if (slot === undefined || slot.free) {
      this.host.report({
        kind: slot === undefined ? 'invalid-free' : 'double-free',
        address: pointer,
        message:
          slot === undefined
            ? `free(0x${pointer.toString(16)}): this is not the start of a slot of the pool.`
            : `free(0x${pointer.toString(16)}): this slot is already free (double free).`,
        reason: {
          key: slot === undefined ? 'misuse.notASlot' : 'misuse.alreadyFree',
          params: { fn: 'free', pointer: '0x' + pointer.toString(16) }
        }
      })
      return
    }
    const s = this.totals
    s.liveBlocks--
    s.allocatedBytes -= this.slotSize
    s.paddingBytes -= this.slotSize - slot.requested
    s.freeBlocks++
    s.freeBytes += this.slotSize
    const origin = this.host.origin()
    slot.free = true
    slot.requested = 0
    slot.freeStep = origin.step
    slot.freeLine = origin.line ?? -1
    this.writeLink(
      index,
      this.freeList.length > 0 ? this.addressOf(this.freeList[this.freeList.length - 1]!) : 0
    )
    this.freeList.push(index)
  }

  calloc(count: number, size: number): number {
    const total = count * size
    if (!Number.isSafeInteger(total) || total < 0) return 0
    const p = this.malloc(total)
    if (p !== 0) this.host.memory.fill(p, total, 0)
    return p
  }

  /** Within a slot the object can grow or shrink in place; beyond it, NULL (the old object stays). */
  realloc(pointer: number, size: number): number {
    if (pointer === 0) return this.malloc(size)
    if (size === 0) {
      this.free(pointer)
      return 0
    }
    const index = this.indexOf(pointer)
    const slot = index < 0 ? undefined : this.slots[index]
    if (slot === undefined || slot.free) {
      return reportInvalidRealloc(this.host, pointer, size, 'slot')
    }
    if (size > this.options.objectSize) return 0
    this.totals.paddingBytes += slot.requested - size
    slot.requested = size
    return pointer
  }

  // ---- inspection --------------------------------------------------------------------------

  private info(index: number, position: number): BlockInfo {
    const slot = this.slots[index]!
    const address = this.addressOf(index)
    const info: BlockInfo = {
      address,
      size: this.slotSize,
      payload: address,
      requested: slot.requested,
      headerBytes: 0,
      footerBytes: 0,
      paddingBytes: slot.free ? 0 : this.slotSize - slot.requested,
      free: slot.free,
      bin: 'pool'
    }
    if (slot.free && this.readLink(index) !== this.expectedLink(position)) info.corrupted = true
    if (slot.allocStep >= 0) {
      info.allocated =
        slot.allocLine >= 0
          ? { step: slot.allocStep, line: slot.allocLine }
          : { step: slot.allocStep }
    }
    if (slot.free && slot.freeStep >= 0) {
      info.freed =
        slot.freeLine >= 0 ? { step: slot.freeStep, line: slot.freeLine } : { step: slot.freeStep }
    }
    return info
  }

  /** Position of each free slot in the free list (for link checks). */
  private positions(): Map<number, number> {
    return new Map(this.freeList.map((index, position) => [index, position]))
  }

  blockAt(pointer: number): BlockInfo | undefined {
    const index = this.indexOf(pointer)
    if (index < 0 || this.slots[index]!.free) return undefined
    return this.info(index, -1)
  }

  blocks(): BlockInfo[] {
    const out: BlockInfo[] = []
    const start = this.host.heapStart
    if (this.base > start) {
      out.push({
        address: start,
        size: this.base - start,
        payload: start,
        requested: 0,
        headerBytes: 0,
        footerBytes: 0,
        paddingBytes: this.base - start,
        free: false,
        bin: 'bookkeeping'
      })
    }
    const positions = this.positions()
    for (let i = 0; i < this.slots.length; i++) out.push(this.info(i, positions.get(i) ?? -1))
    return out
  }

  /** The free list from its head, as [slot address, slot size]. */
  freeLists(): Record<string, Array<[number, number]>> {
    const list: Array<[number, number]> = []
    for (let p = this.freeList.length - 1; p >= 0; p--) {
      list.push([this.addressOf(this.freeList[p]!), this.slotSize])
    }
    return { 'free slots': list }
  }

  stats(): AllocatorStats {
    return { ...this.totals, largestFreeBlock: this.freeList.length > 0 ? this.slotSize : 0 }
  }

  // ---- time travel -------------------------------------------------------------------------

  /** Rewrite every free slot's link from the bookkeeping (after a restore without memory). */
  repairMetadata(): void {
    for (let p = 0; p < this.freeList.length; p++)
      this.writeLink(this.freeList[p]!, this.expectedLink(p))
  }

  snapshot(): PoolSnapshot {
    const n = this.slots.length
    const wide = new Float64Array(n * FIELDS)
    let largest = 0
    for (let i = 0; i < n; i++) {
      const slot = this.slots[i]!
      const o = i * FIELDS
      wide[o] = slot.requested * 2 + (slot.free ? 1 : 0)
      wide[o + 1] = slot.allocStep + 1
      wide[o + 2] = slot.allocLine + 1
      wide[o + 3] = slot.freeStep + 1
      wide[o + 4] = slot.freeLine + 1
      for (let f = 0; f < FIELDS; f++) if (wide[o + f] > largest) largest = wide[o + f]
    }
    return {
      slots: largest < 0xffffffff ? Uint32Array.from(wide) : wide,
      freeList: Int32Array.from(this.freeList),
      base: this.base,
      totals: { ...this.totals }
    }
  }

  restore(snapshot: unknown): void {
    const s = snapshot as PoolSnapshot
    const data = s.slots
    const n = data.length / FIELDS
    const slots = this.slots
    // The slot objects of now are reused: jumps make no garbage of them.
    for (let i = 0; i < n; i++) {
      const o = i * FIELDS
      const slot =
        slots[i] ??
        (slots[i] = {
          free: true,
          requested: 0,
          allocStep: -1,
          allocLine: -1,
          freeStep: -1,
          freeLine: -1
        })
      slot.free = data[o] % 2 === 1
      slot.requested = Math.floor(data[o] / 2)
      slot.allocStep = data[o + 1] - 1
      slot.allocLine = data[o + 2] - 1
      slot.freeStep = data[o + 3] - 1
      slot.freeLine = data[o + 4] - 1
    }
    slots.length = n
    const freeList = this.freeList
    freeList.length = s.freeList.length
    for (let j = 0; j < s.freeList.length; j++) freeList[j] = s.freeList[j]!
    this.base = s.base
    this.totals = { ...s.totals }
  }
}
