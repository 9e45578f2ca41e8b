import { describe, expect, it } from 'vitest'
import { PagedMemory } from './memory'
import { Machine } from './machine'

describe('MemoryWatch', () => {
  const HEAP = 0x555555559000
  const ARENA = 0x7ffff7e19c80

  /** A memory watching a 4 KiB heap and a 2,200-byte arena, its count as last seen. */
  function watched(): { m: PagedMemory; count: () => number; seen: number } {
    const m = new PagedMemory()
    const w = m.watch()
    w.setRange(0, HEAP, HEAP + 0x1000)
    w.setRange(1, ARENA, ARENA + 2200)
    return { m, count: () => w.count, seen: w.count }
  }

  it('moves on every kind of data write that overlaps a range', () => {
    const { m, count } = watched()
    const writes: Array<(m: PagedMemory) => void> = [
      (m) => m.write8(HEAP, 1),
      (m) => m.write16(HEAP + 0xfff, 1), // one byte inside (the last), one past the end
      (m) => m.write32(HEAP - 2, 0xffffffff), // two bytes before the start, two inside
      (m) => m.write64(HEAP + 8, 5n),
      (m) => m.writePointer(HEAP + 16, 0x555555559010),
      (m) => m.writePointer(HEAP + 3, 2 ** 60), // unaligned and above 2^53
      (m) => m.writeDouble(ARENA + 8, 1.5),
      (m) => m.writeBytes(ARENA + 2199, new Uint8Array([1, 2, 3])),
      (m) => m.fill(HEAP + 100, 50, 0xaa),
      (m) => m.fill(HEAP - 512, 2048, 0), // the zero-fill of whole pages
      (m) => m.copy(HEAP + 200, 0x1000, 8), // copied from elsewhere into the heap
      (m) => m.discard(HEAP, 0x1000)
    ]
    let last = count()
    for (const write of writes) {
      write(m)
      expect(count()).not.toBe(last)
      last = count()
    }
  })

  it('stays still for reads, shadow changes and writes outside every range', () => {
    const { m, count, seen } = watched()
    m.write32(0x7fffffffe000, 1) // the stack, above both ranges
    m.write8(HEAP - 1, 1) // the byte just before the heap range
    m.writePointer(HEAP - 8, 7) // the word just before it
    m.write8(ARENA + 2200, 1) // the byte just past the arena range
    m.fill(0x1000, 4096, 0)
    m.read32(HEAP)
    m.readPointer(ARENA)
    m.readBytes(HEAP, 64)
    m.setTag(HEAP, 64, 1)
    m.uninitialize(HEAP, 64)
    m.initialize(HEAP, 64)
    m.snapshot()
    expect(count()).toBe(seen)
  })

  it('follows a range as it moves (the break)', () => {
    const m = new PagedMemory()
    const w = m.watch()
    w.setRange(0, HEAP, HEAP + 0x1000)
    const seen = w.count
    m.write8(HEAP + 0x1800, 1) // beyond the old break
    expect(w.count).toBe(seen)
    w.setRange(0, HEAP, HEAP + 0x2000) // the break grew by 4 KiB
    m.write8(HEAP + 0x1800, 1)
    expect(w.count).not.toBe(seen)
    const after = w.count
    w.close()
    m.write8(HEAP, 1)
    expect(w.count).toBe(after)
  })

  it('gives the span the counted writes covered, and counts a restore as everything', () => {
    const m = new PagedMemory()
    const w = m.watch()
    w.setRange(0, HEAP, HEAP + 0x1000)
    expect(w.written()).toEqual({ start: Infinity, end: -Infinity })
    m.write32(HEAP + 0x40, 1)
    m.write8(HEAP + 0x20, 1)
    m.write16(0x1000, 1) // outside: not in the span
    // lowest start 0x20, highest end 0x40 + 4 = 0x44
    expect(w.written()).toEqual({ start: HEAP + 0x20, end: HEAP + 0x44 })
    w.clearWritten()
    const snap = m.snapshot()
    const seen = w.count
    m.restore(snap)
    expect(w.count).not.toBe(seen)
    expect(w.written()).toEqual({ start: 0, end: Infinity })
  })

  it('refuses a range index it does not have', () => {
    const w = new PagedMemory().watch()
    expect(() => w.setRange(4, 0, 1)).toThrow(/ranges 0 to 3, not 4/)
  })

  it("moves when the program writes the heap through the machine, and on the machine's restore", () => {
    const machine = new Machine({ layout: 'linux-x86_64', allocator: 'first-fit', checked: false })
    const w = machine.memory.watch()
    const p = machine.malloc(24)
    // The heap as far as it may grow in this test (first fit moves the break to each block's end).
    w.setRange(0, machine.heapStart, machine.heapStart + 0x100000)
    const snap = machine.snapshot(false)
    let seen = w.count
    machine.malloc(40) // the allocator's own writes count too: it keeps the count after them
    expect(w.count).not.toBe(seen)
    seen = w.count
    machine.memory.write32(p, 42) // the program's store into its block
    expect(w.count).not.toBe(seen)
    seen = w.count
    machine.restore(snap) // a restore without memory counts as well
    expect(w.count).not.toBe(seen)
  })
})
