/**
 * A minimal HeapHost for the glibc allocator's tests and benchmark: Linux brk semantics over
 * the core's paged memory, and a top-down mmap area that reuses the highest hole that fits, as
 * the kernel's get_unmapped_area does. (The tests of the whole machine use the real Machine.)
 */
import { PagedMemory } from '../../memory'
import type { BlockOrigin, HeapHost, MisuseEvent } from '../../types'
import { ProcessAbort } from '../../types'

export class SimpleHeapHost implements HeapHost {
  readonly memory = new PagedMemory(null)
  readonly pageSize = 4096
  readonly heapStart: number
  private brk: number
  private readonly heapLimit: number
  private readonly mmapTop: number
  /** Mappings as [start, end) sorted by start. */
  private readonly mappings: Array<[number, number]> = []
  readonly reports: Array<Omit<MisuseEvent, 'step'>> = []

  constructor(heapStart = 0x555555559000, mmapTop = 0x7ffff7dd1000, heapLimit = 0x7ff000000000) {
    this.heapStart = heapStart
    this.brk = heapStart
    this.mmapTop = mmapTop
    this.heapLimit = heapLimit
    // The dense heap table from the heap's start, as the Machine keeps it.
    this.memory.denseFrom(heapStart)
  }

  sbrk(increment: number): number {
    const old = this.brk
    const next = old + increment
    if (next < this.heapStart || next > this.heapLimit) return -1
    if (increment < 0) this.memory.fill(next, -increment, 0)
    this.brk = next
    return old
  }

  programBreak(): number {
    return this.brk
  }

  mmap(length: number): number {
    const size = Math.ceil(length / this.pageSize) * this.pageSize
    let ceiling = this.mmapTop
    for (let i = this.mappings.length - 1; i >= -1; i--) {
      const below = i >= 0 ? (this.mappings[i] as [number, number]) : undefined
      const floor = below === undefined ? this.heapLimit : below[1]
      if (ceiling - floor >= size) {
        const start = ceiling - size
        this.mappings.splice(i + 1, 0, [start, ceiling])
        return start
      }
      if (below !== undefined) ceiling = below[0]
    }
    return -1
  }

  munmap(address: number, length: number): number {
    const size = Math.ceil(length / this.pageSize) * this.pageSize
    const end = address + size
    const kept: Array<[number, number]> = []
    for (const [s, e] of this.mappings) {
      if (e <= address || s >= end) kept.push([s, e])
      else {
        if (s < address) kept.push([s, address])
        if (e > end) kept.push([end, e])
      }
    }
    this.mappings.splice(0, this.mappings.length, ...kept)
    this.memory.fill(address, size, 0)
    return 0
  }

  /** Linux mremap with MREMAP_MAYMOVE: shrink in place, grow in place into free pages, else move. */
  mremap(address: number, oldLength: number, newLength: number): number {
    const oldSize = Math.ceil(oldLength / this.pageSize) * this.pageSize
    const newSize = Math.ceil(newLength / this.pageSize) * this.pageSize
    const index = this.mappings.findIndex(([s, e]) => s === address && e === address + oldSize)
    if (index < 0) return -1
    if (newSize <= oldSize) {
      if (newSize < oldSize) this.munmap(address + newSize, oldSize - newSize)
      return address
    }
    const above = this.mappings[index + 1]
    const limit = above === undefined ? this.mmapTop : above[0]
    if (address + newSize <= limit) {
      this.mappings[index] = [address, address + newSize]
      return address
    }
    const moved = this.mmap(newSize)
    if (moved === -1) return -1
    this.memory.writeBytes(moved, this.memory.readBytes(address, oldSize))
    this.munmap(address, oldSize)
    return moved
  }

  report(event: Omit<MisuseEvent, 'step'>): void {
    this.reports.push(event)
  }

  abort(message: string): never {
    throw new ProcessAbort(message)
  }

  origin(): BlockOrigin {
    return { step: 0 }
  }
}
