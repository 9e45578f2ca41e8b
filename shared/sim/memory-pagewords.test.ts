import { describe, expect, it } from 'vitest'
import { PAGE_WORDS_BYTES, PagedMemory, PageWords } from './memory'

describe('PageWords (page windows)', () => {
  // A heap address on a storage page boundary: 0x555555559000 = 512 * 0x2aaaaaaac8.
  const HEAP = 0x555555559000

  it('covers one aligned page: holds() is true from its first byte to its last', () => {
    const m = new PagedMemory()
    const w = new PageWords()
    m.readPage(w, HEAP + 0x1f8)
    expect(PAGE_WORDS_BYTES).toBe(512)
    expect(w.start).toBe(HEAP)
    expect(w.holds(HEAP)).toBe(true)
    expect(w.holds(HEAP + 511)).toBe(true)
    expect(w.holds(HEAP + 512)).toBe(false)
    expect(w.holds(HEAP - 1)).toBe(false)
    // 2^32 pages away must not look like the same page (no 32-bit wrap of the offset).
    expect(w.holds(HEAP + 2 ** 32)).toBe(false)
  })

  it('reads what the memory methods wrote, and they read what it wrote', () => {
    const m = new PagedMemory()
    m.writePointer(HEAP + 8, 0x291)
    m.writePointer(HEAP + 16, 0x7ffff7fa7cc0)
    m.write16(HEAP + 0x22, 0xbeef)
    const w = new PageWords()
    m.readPage(w, HEAP)
    expect(w.read(HEAP + 8)).toBe(0x291)
    expect(w.read(HEAP + 16)).toBe(0x7ffff7fa7cc0)
    expect(w.read16(HEAP + 0x22)).toBe(0xbeef)
    expect(w.read16(HEAP + 0x20)).toBe(0)
    expect(w.writable).toBe(true) // written since the memory was made, no snapshot
    // 0x1c0ffee5ca1ab20 (57 bits, above 2^53; a multiple of 16, so a double holds it exactly)
    // splits into the halves 0x01c0ffee and 0x5ca1ab20.
    w.write(HEAP + 24, 0x1c0ffee5ca1ab20)
    expect(m.read32(HEAP + 24)).toBe(0x5ca1ab20)
    expect(m.read32(HEAP + 28)).toBe(0x01c0ffee)
    expect(m.readPointer(HEAP + 24)).toBe(0x1c0ffee5ca1ab20)
    // A 16-bit store at offset 2 of a 32-bit word keeps the other half.
    w.write16(HEAP + 0x20, 7)
    expect(m.read32(HEAP + 0x20)).toBe(0xbeef0007)
    w.write16(HEAP + 0x22, 1)
    expect(m.read32(HEAP + 0x20)).toBe(0x00010007)
  })

  it('marks the bytes it writes initialized, and only those', () => {
    const m = new PagedMemory()
    const w = new PageWords()
    m.writePage(w, HEAP + 64)
    w.write(HEAP + 64, 1)
    w.write16(HEAP + 74, 2)
    for (let i = 0; i < 8; i++) expect(m.isInitialized(HEAP + 64 + i)).toBe(true)
    expect(m.isInitialized(HEAP + 63)).toBe(false)
    expect(m.isInitialized(HEAP + 72)).toBe(false)
    expect(m.isInitialized(HEAP + 73)).toBe(false)
    expect(m.isInitialized(HEAP + 74)).toBe(true)
    expect(m.isInitialized(HEAP + 75)).toBe(true)
    expect(m.isInitialized(HEAP + 76)).toBe(false)
  })

  it('after a snapshot: not writable; a write through writePage leaves the snapshot as it was', () => {
    const m = new PagedMemory()
    m.writePointer(HEAP + 8, 0x21)
    const snap = m.snapshot()
    const w = new PageWords()
    m.readPage(w, HEAP + 8)
    // The page is frozen by the snapshot: writing through this window would change it.
    expect(w.writable).toBe(false)
    m.writePage(w, HEAP + 8)
    expect(w.writable).toBe(true)
    w.write(HEAP + 8, 0x31)
    w.write(HEAP + 16, 0x555555559010)
    expect(m.readPointer(HEAP + 8)).toBe(0x31)
    expect(m.isInitialized(HEAP + 16)).toBe(true)
    m.restore(snap)
    expect(m.readPointer(HEAP + 8)).toBe(0x21)
    expect(m.readPointer(HEAP + 16)).toBe(0)
    expect(m.isInitialized(HEAP + 16)).toBe(false)
  })

  it('a page never written reads as zeros and is not writable until writePage makes it', () => {
    const m = new PagedMemory()
    const w = new PageWords()
    m.readPage(w, HEAP + 4096)
    expect(w.read(HEAP + 4096)).toBe(0)
    expect(w.writable).toBe(false)
    expect(m.pageCount()).toBe(0)
    m.writePage(w, HEAP + 4096)
    expect(m.pageCount()).toBe(1)
    w.write(HEAP + 4104, 5)
    expect(m.readPointer(HEAP + 4104)).toBe(5)
  })

  it('a watch over the page sees a write window; a read window of a watched page is not writable', () => {
    const m = new PagedMemory()
    m.writePointer(HEAP, 1)
    const watch = m.watch()
    watch.setRange(0, HEAP + 256, HEAP + 264) // one word, in the page's second half
    const w = new PageWords()
    m.readPage(w, HEAP)
    expect(w.writable).toBe(false)
    const before = watch.count
    m.writePage(w, HEAP)
    w.write(HEAP + 8, 2)
    expect(watch.count).not.toBe(before)
    // The window counts as a write of its whole page: [HEAP, HEAP + 512).
    expect(watch.written()).toEqual({ start: HEAP, end: HEAP + 512 })
    // A page the watch does not reach: writable as it is, and no count.
    m.writePointer(HEAP + 1024, 1)
    const after = watch.count
    m.readPage(w, HEAP + 1024)
    expect(w.writable).toBe(true)
    w.write(HEAP + 1032, 3)
    expect(watch.count).toBe(after)
  })
})
