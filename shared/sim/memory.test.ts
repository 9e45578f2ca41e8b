import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  DeltaUndo,
  HeapTag,
  HeapWords,
  mergeDeltas,
  PagedMemory,
  PageWords,
  PAGE_WORDS_BYTES,
  type MemoryDelta
} from './memory'

describe('PagedMemory', () => {
  it('stores little-endian values', () => {
    const m = new PagedMemory()
    m.write32(0x1000, 0x11223344)
    expect([...m.readBytes(0x1000, 4)]).toEqual([0x44, 0x33, 0x22, 0x11])
    m.write64(0x2000, -2n)
    // -2 as 64-bit two's complement is 0xfffffffffffffffe
    expect(m.read64(0x2000)).toBe(0xfffffffffffffffen)
    expect(m.read16(0x2000)).toBe(0xfffe)
  })
  it('reads and writes across a page boundary', () => {
    const m = new PagedMemory()
    const a = 0x555555559000 - 3 // 3 bytes in one page, 5 in the next
    m.write64(a, 0x0102030405060708n)
    expect(m.read64(a)).toBe(0x0102030405060708n)
    // bytes from a: 08 07 06 05 04 03 02 01, so from a + 1: 07 06 05 04 → 0x04050607
    expect(m.read32(a + 1)).toBe(0x04050607)
    m.writeDouble(a, -1.5)
    expect(m.readDouble(a)).toBe(-1.5)
    expect(m.readPointer(a + 0)).toBe(m.readPointer(a))
  })
  it('handles addresses above 2^32 exactly', () => {
    const m = new PagedMemory()
    m.writePointer(0x7fffffffe000, 0x555555559010)
    expect(m.readPointer(0x7fffffffe000)).toBe(0x555555559010)
    expect(m.read8(0x7fffffffe000 - 0x100000000)).toBe(0)
  })
  it('reads never-written memory as zero and uninitialized', () => {
    const m = new PagedMemory()
    expect(m.read32(0x4000)).toBe(0)
    expect(m.isInitialized(0x4000)).toBe(false)
    m.write16(0x4001, 7)
    expect([0x4000, 0x4001, 0x4002, 0x4003].map((a) => m.isInitialized(a))).toEqual([
      false,
      true,
      true,
      false
    ])
    m.uninitialize(0x4000, 4)
    expect(m.isInitialized(0x4001)).toBe(false)
    expect(m.read16(0x4001)).toBe(7)
  })
  it('restores a snapshot after later writes, and the snapshot stays reusable', () => {
    const m = new PagedMemory()
    m.write32(0x1000, 1)
    const s1 = m.snapshot()
    m.write32(0x1000, 2)
    m.write32(0x9000, 3)
    const s2 = m.snapshot()
    m.write32(0x1000, 4)
    m.restore(s1)
    expect(m.read32(0x1000)).toBe(1)
    expect(m.read32(0x9000)).toBe(0)
    m.write32(0x1000, 5) // must not leak into s1 or s2
    m.restore(s2)
    expect(m.read32(0x1000)).toBe(2)
    expect(m.read32(0x9000)).toBe(3)
    m.restore(s1)
    expect(m.read32(0x1000)).toBe(1)
  })
  it('reuses a spare page that had heap tags with none: as a copy of an untagged page, or zeros', () => {
    const m = new PagedMemory()
    // Pages below the heap (the dense table's start) are made and copied in slabs, as spares of
    // their own kind; the heap's (0x100000 on) in the heap arena.
    m.denseFrom(0x100000)
    m.write8(0x1000, 7)
    const s = m.snapshot()
    // A page with tags, written after the snapshot: the restore hands it to the spares.
    m.write8(0x2000, 1)
    m.setTag(0x2000, 100, HeapTag.freed)
    m.restore(s)
    // The next copy (of the frozen untagged page at 0x1000) takes that spare: its data is the
    // copy's, and no byte keeps the freed tag, also once one tag is set (which makes the page's
    // tag bytes visible).
    m.write8(0x1001, 9)
    m.setTag(0x1000, 1, HeapTag.allocated)
    expect([m.read8(0x1000), m.read8(0x1001), m.tagAt(0x1000), m.tagAt(0x1001)]).toEqual([
      7,
      9,
      HeapTag.allocated,
      HeapTag.none
    ])
    expect(m.firstUntagged(0x1001, 511, HeapTag.none)).toBe(-1)
    // The same for a page of the heap made of zeros from a tagged spare.
    m.write8(0x100000, 1)
    m.setTag(0x100000, 50, HeapTag.freed)
    m.restore(s)
    m.write8(0x100200, 2)
    m.setTag(0x100200, 1, HeapTag.allocated)
    expect(m.firstUntagged(0x100201, 511, HeapTag.none)).toBe(-1)
    expect(m.isRangeInitialized(0x100201, 511)).toBe(false)
    expect(m.read8(0x100200)).toBe(2)
  })
  it('copies only the pages written after a snapshot', () => {
    const m = new PagedMemory()
    for (let p = 0; p < 100; p++) m.write8(0x10000 + p * 4096, p)
    const before = m.snapshot()
    m.write8(0x10000, 99)
    // 100 pages shared with the snapshot; the one written since is a private copy.
    expect(m.pageCount()).toBe(100)
    m.restore(before)
    expect(m.read8(0x10000)).toBe(0)
  })
  it('counts the bytes copy-on-write copies for snapshots: pages, their directory and the root', () => {
    const m = new PagedMemory()
    // Pages 0x10000, 0x10200, 0x10400 (512 bytes each) in the directory of 0..512 KiB, and one
    // in the directory of 2 MiB..2.5 MiB.
    for (const a of [0x10000, 0x10200, 0x10400, 0x200000]) m.write8(a, 1)
    // Pages made fresh are the memory's own contents, not a snapshot's: nothing copied.
    expect(m.copiedBytes).toBe(0)
    m.snapshot()
    m.write8(0x10001, 2)
    m.write8(0x10201, 2)
    m.write8(0x10202, 3) // the same page again: copied once
    // The root map (2 directories x 64) + one directory (1024 references x 8 + 64) + two pages
    // (512 data + 64 bitmap + 512 tag bytes + 600 for the objects, each):
    // 128 + 8,256 + 2 x 1,688 = 11,760.
    expect(m.copiedBytes).toBe(11760)
    // A page written for the first time since is fresh again: nothing more.
    m.write8(0x10600, 1)
    expect(m.copiedBytes).toBe(11760)
    // After a restore every page is shared with the snapshot restored: writing copies again.
    const s = m.snapshot()
    m.restore(s)
    m.write8(0x200000, 5)
    // root 2 x 64 + the other directory 8,256 + one page 1,688 = 10,072 more.
    expect(m.copiedBytes).toBe(11760 + 10072)
  })
  it('copies overlapping ranges like memmove, with their initialized shadow', () => {
    const m = new PagedMemory()
    m.writeBytes(0x3000, new Uint8Array([1, 2, 3, 4]))
    m.copy(0x3002, 0x3000, 4)
    expect([...m.readBytes(0x3000, 6)]).toEqual([1, 2, 1, 2, 3, 4])
    m.copy(0x5000, 0x2ffe, 4) // two uninitialized bytes then two initialized ones
    expect([0, 1, 2, 3].map((i) => m.isInitialized(0x5000 + i))).toEqual([false, false, true, true])
  })
})

describe('PagedMemory.copy', () => {
  it('copies bytes and their initialized flags, run by run, across page edges', () => {
    const m = new PagedMemory()
    // Source 0x1000..0x1500 (1,280 bytes, past two 512-byte storage pages): written except
    // [0x1003, 0x1005) and [0x1200, 0x1400), which are cleared again; 0x1500.. never written.
    m.fill(0x1000, 0x500, 0xab)
    m.uninitialize(0x1003, 2)
    m.uninitialize(0x1200, 0x200)
    m.copy(0x5001, 0x1000, 0x600) // to an odd address: every bit moves within its byte
    const expected = new Uint8Array(0x600)
    for (let i = 0; i < 0x600; i++) {
      const a = 0x1000 + i
      expected[i] =
        a < 0x1500 && !(a >= 0x1003 && a < 0x1005) && !(a >= 0x1200 && a < 0x1400) ? 1 : 0
    }
    expect([...m.initializedBytes(0x5001, 0x600)]).toEqual([...expected])
    expect(m.read8(0x5001 + 0x4ff)).toBe(0xab)
    expect(m.read8(0x5001 + 0x500)).toBe(0)
  })

  it('copies bytes at the same place within a byte a bitmap byte at a time, keeping the bits around', () => {
    const m = new PagedMemory()
    // Source [0x1003, 0x1503), 1,280 bytes, to [0x612b, 0x662b): both 3 past an 8-byte mark, at
    // different places in their 512-byte pages (0x003 and 0x12b), so the pieces split where
    // either page ends. Uninitialized inside it: [0x1010, 0x1013) and [0x1200, 0x1400).
    m.fill(0x1000, 0x600, 0xab)
    m.uninitialize(0x1010, 3)
    m.uninitialize(0x1200, 0x200)
    // The target's surroundings: initialized 0xcd bytes that must keep their value and bit,
    // under a snapshot that must keep the target as it was.
    m.fill(0x6100, 0x600, 0xcd)
    m.uninitialize(0x6128, 2) // just before the copy: stays uninitialized
    const before = m.snapshot()
    m.copy(0x612b, 0x1003, 0x500)
    const expectedInit = (i: number): number => {
      const a = 0x1003 + i
      return (a >= 0x1010 && a < 0x1013) || (a >= 0x1200 && a < 0x1400) ? 0 : 1
    }
    const init = m.initializedBytes(0x6128, 0x508)
    expect(init[0]).toBe(0)
    expect(init[1]).toBe(0)
    expect(init[2]).toBe(1)
    for (let i = 0; i < 0x500; i++) expect(init[3 + i], `byte ${i}`).toBe(expectedInit(i))
    expect([...init.subarray(0x503)]).toEqual([1, 1, 1, 1, 1])
    expect(m.read8(0x612a)).toBe(0xcd)
    expect(m.read8(0x612b)).toBe(0xab)
    expect(m.read8(0x662a)).toBe(0xab)
    expect(m.read8(0x662b)).toBe(0xcd)
    m.restore(before)
    expect(m.read8(0x612b)).toBe(0xcd)
    expect(m.isInitialized(0x6200)).toBe(true)
  })

  describe('ranges of one state cost no pages', () => {
    const GIB = 1024 * 1024 * 1024
    const base = 0x7fff00000000 // 2 MiB aligned, so whole directories are covered too

    it('tags and initializes a GiB without making pages, and reads it as zeros', () => {
      const m = new PagedMemory()
      m.setTag(base, GIB, HeapTag.allocated)
      m.uninitialize(base, GIB)
      m.initialize(base + 4096, 4096)
      m.fill(base + 8192, 1 << 20, 0)
      expect(m.pageCount()).toBe(0)
      expect(m.tagAt(base)).toBe(HeapTag.allocated)
      expect(m.tagAt(base + GIB - 1)).toBe(HeapTag.allocated)
      expect(m.tagAt(base + GIB)).toBe(HeapTag.none)
      expect(m.firstUntagged(base, GIB, HeapTag.allocated)).toBe(-1)
      expect(m.firstUntagged(base, GIB + 1, HeapTag.allocated)).toBe(base + GIB)
      expect(m.isInitialized(base)).toBe(false)
      expect(m.isInitialized(base + 4096)).toBe(true)
      expect(m.isInitialized(base + 8191)).toBe(true)
      expect(m.isInitialized(base + 8192 + (1 << 20) - 1)).toBe(true)
      expect(m.isInitialized(base + 8192 + (1 << 20))).toBe(false)
      expect(m.readPointer(base + GIB / 2)).toBe(0)
    })

    it('makes a page only where a byte is written, keeping the range state around it', () => {
      const m = new PagedMemory()
      m.setTag(base, GIB, HeapTag.allocated)
      // One byte per 4 KiB over 100,000,000 bytes: ceil(1e8 / 4096) = 24,415 pages of 512 bytes.
      for (let i = 0; i < 100_000_000; i += 4096) m.write8(base + i, 1)
      expect(m.pageCount()).toBe(24415)
      expect(m.read8(base + 4096)).toBe(1)
      expect(m.isInitialized(base + 4096)).toBe(true)
      expect(m.isInitialized(base + 4097)).toBe(false)
      // The written page keeps the tag of the range it was cut from.
      expect(m.tagAt(base + 4097)).toBe(HeapTag.allocated)
      // Retagging whole pages keeps their bytes: the written ones are not uniform.
      m.setTag(base, GIB, HeapTag.freed)
      expect(m.read8(base + 4096)).toBe(1)
      expect(m.isInitialized(base + 4096)).toBe(true)
      m.uninitialize(base, GIB)
      m.initialize(base, GIB)
      expect(m.read8(base + 8192)).toBe(1)
      m.setTag(base, GIB, HeapTag.allocated)
      // A partial retag splits a page: 16 bytes freed in the middle of page base + 512.
      m.setTag(base + 600, 16, HeapTag.freed)
      expect([599, 600, 615, 616].map((d) => m.tagAt(base + d))).toEqual([1, 2, 2, 1])
    })

    it('discards given-back pages and survives snapshots of uniform ranges', () => {
      const m = new PagedMemory()
      m.setTag(base, 4 << 20, HeapTag.allocated)
      m.write32(base + 100, 7)
      const snap = m.snapshot()
      m.discard(base, 4 << 20)
      expect(m.pageCount()).toBe(0)
      expect(m.read32(base + 100)).toBe(0)
      expect(m.tagAt(base + 100)).toBe(HeapTag.none)
      expect(m.isInitialized(base + 100)).toBe(false)
      m.restore(snap)
      expect(m.read32(base + 100)).toBe(7)
      expect(m.tagAt(base + 3 * 1024 * 1024)).toBe(HeapTag.allocated)
      // A partial discard zeroes only its bytes: [base + 102, base + 1024) of the written page.
      m.discard(base + 102, 922)
      expect(m.read32(base + 100)).toBe(7 & 0xffff)
      expect(m.tagAt(base + 101)).toBe(HeapTag.allocated)
      expect(m.tagAt(base + 102)).toBe(HeapTag.none)
    })

    it('visits the non-zero words of a range, skipping untouched pages', () => {
      const m = new PagedMemory()
      m.setTag(base, GIB, HeapTag.allocated)
      m.writePointer(base + 8, 0x555555559010)
      m.write8(base + 600 * 1024 * 1024 + 3, 1) // byte 3 of a word: value 1 << 24
      m.writePointer(base + GIB - 8, 7)
      m.writePointer(base + GIB, 9) // outside the range
      const seen: Array<[number, number]> = []
      m.eachNonZeroWord(base + 1, base + GIB, (a, v) => seen.push([a - base, v]))
      expect(seen).toEqual([
        [8, 0x555555559010],
        [600 * 1024 * 1024, 2 ** 24],
        [GIB - 8, 7]
      ])
    })

    it('stores (void *)-1, held as the double 2^64, as all ones', () => {
      const m = new PagedMemory()
      // 2^64 - 1 has no double; it rounds to 2^64, which must not wrap to 0 (NULL) in memory.
      m.writePointer(0x1000, 2 ** 64)
      expect(m.read64(0x1000)).toBe(0xffffffffffffffffn)
      expect(m.readPointer(0x1000)).toBe(2 ** 64)
    })
  })
})

describe('PagedMemory.tagBlock', () => {
  it('leaves memory as the setTag and uninitialize calls it stands for, in any prior state', () => {
    // Two memories get the same history of writes, tags, snapshots and discards; then one tags
    // a block with tagBlock, the other with the four calls. Every byte's tag and initialized
    // bit, and the pages each owns, must agree. Blocks fall inside one 512-byte page or across
    // pages, with requested sizes of 0 (malloc(0)) up to over a page.
    const base = 0x555555559000
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 3 }),
            fc.integer({ min: 0, max: 1600 }),
            fc.integer({ min: 0, max: 700 })
          ),
          { maxLength: 12 }
        ),
        fc.integer({ min: 0, max: 1500 }),
        fc.integer({ min: 0, max: 48 }),
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 40 }),
        fc.boolean(),
        (history, start, header, requested, tail, uninitialize) => {
          const a = new PagedMemory()
          const b = new PagedMemory()
          for (const m of [a, b]) {
            for (const [kind, offset, length] of history) {
              const at = base + offset
              if (kind === 0) m.fill(at, length, 0xab)
              else if (kind === 1) m.setTag(at, length, 1 + (length % 2))
              else if (kind === 2) m.snapshot()
              else m.discard(base + (offset & ~511), 512)
            }
          }
          const s = base + start
          const p = s + header
          const end = p + requested + tail
          a.tagBlock(s, p, requested, end, uninitialize)
          b.setTag(s, p - s, HeapTag.none)
          b.setTag(p + requested, end - p - requested, HeapTag.none)
          b.setTag(p, requested, HeapTag.allocated)
          if (uninitialize) b.uninitialize(p, requested)
          for (let x = s - 8; x < end + 8; x++) {
            if (a.tagAt(x) !== b.tagAt(x) || a.isInitialized(x) !== b.isInitialized(x)) {
              expect([x - s, a.tagAt(x), a.isInitialized(x)]).toEqual([
                x - s,
                b.tagAt(x),
                b.isInitialized(x)
              ])
            }
          }
          expect(a.pageCount()).toBe(b.pageCount())
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe('PagedMemory.diff and applyDelta', () => {
  /** Every byte, initialized flag and heap tag of [start, start + length). */
  const state = (m: PagedMemory, start: number, length: number): number[][] => {
    const { bytes, initialized } = m.dump(start, length)
    const tags = Array.from({ length }, (_, i) => m.tagAt(start + i))
    return [Array.from(bytes), Array.from(initialized), tags]
  }
  const HEAP = 0x555555559000
  type Change =
    | { kind: 'write'; at: number; value: number }
    | { kind: 'fill'; at: number; length: number; value: number }
    | { kind: 'uninitialize' | 'discard' | 'initialize'; at: number; length: number }
    | { kind: 'tag'; at: number; length: number; tag: number }
  const change: fc.Arbitrary<Change> = fc.oneof(
    fc.record({
      kind: fc.constant('write' as const),
      at: fc.nat(6_000),
      value: fc.integer({ min: 0, max: 0xffffffff })
    }),
    fc.record({
      kind: fc.constant('fill' as const),
      at: fc.nat(6_000),
      length: fc.nat(3000),
      value: fc.nat(255)
    }),
    fc.record({
      kind: fc.constantFrom('uninitialize' as const, 'discard' as const, 'initialize' as const),
      at: fc.nat(6_000),
      length: fc.nat(3000)
    }),
    fc.record({
      kind: fc.constant('tag' as const),
      at: fc.nat(6_000),
      length: fc.nat(600),
      tag: fc.constantFrom(HeapTag.none, HeapTag.allocated, HeapTag.freed)
    })
  )
  const apply = (m: PagedMemory, c: Change): void => {
    const at = HEAP + c.at
    if (c.kind === 'write') m.write32(at, c.value)
    else if (c.kind === 'fill') m.fill(at, c.length, c.value)
    else if (c.kind === 'tag') m.setTag(at, c.length, c.tag)
    else m[c.kind](at, c.length)
  }

  it('a delta applied to the older state gives the newer one, byte, flag and tag, over chains', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(change, { maxLength: 12 }), { minLength: 1, maxLength: 5 }),
        (rounds) => {
          // Record: a snapshot, then per round some changes, its delta and the state it left.
          const m = new PagedMemory()
          const first = m.snapshot()
          let base = first
          const deltas = []
          const states = []
          for (const round of rounds) {
            for (const c of round) apply(m, c)
            deltas.push(m.diff(base))
            states.push(state(m, HEAP - 512, 10_000))
            base = m.snapshot()
          }
          // Back to the first snapshot, then forwards delta by delta: each state again.
          m.restore(first)
          expect(
            state(m, HEAP - 512, 10_000)
              .flat()
              .every((v) => v === 0)
          ).toBe(true)
          for (let i = 0; i < deltas.length; i++) {
            m.applyDelta(deltas[i])
            expect(state(m, HEAP - 512, 10_000), `after delta ${i}`).toEqual(states[i])
          }
          // The snapshots the deltas were applied over are as they were.
          m.restore(first)
          expect(
            state(m, HEAP - 512, 10_000)
              .flat()
              .every((v) => v === 0)
          ).toBe(true)
        }
      ),
      { numRuns: 40, seed: 8 }
    )
  })

  it('undoDelta takes memory back to the state before the applyDelta, page for page', () => {
    // A trace replay steps back within a checkpoint by undoing deltas it applied. Each undo must
    // give every byte, flag and tag back, and a page the delta made from a uniform one (never
    // written, discarded, filled whole) must become that uniform page again, not a page of its
    // own: the pages memory holds (ownPages) count as before. Snapshots between the applies make
    // the undos copy frozen pages, in the heap arena (denseFrom) or in slabs.
    fc.assert(
      fc.property(
        fc.array(fc.array(change, { maxLength: 12 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
        (rounds, arena, freezes) => {
          const m = new PagedMemory()
          if (arena) m.denseFrom(HEAP - 4096)
          const first = m.snapshot()
          let base = first
          const deltas = []
          for (const round of rounds) {
            for (const c of round) apply(m, c)
            deltas.push(m.diff(base))
            base = m.snapshot()
          }
          m.restore(first)
          const states = [state(m, HEAP - 512, 10_000)]
          const pages = [m.ownPages]
          const undos = []
          for (let i = 0; i < deltas.length; i++) {
            if (freezes[i]) m.snapshot()
            const undo = new DeltaUndo()
            m.applyDelta(deltas[i], undo)
            undos.push(undo)
            states.push(state(m, HEAP - 512, 10_000))
            pages.push(m.ownPages)
          }
          for (let i = deltas.length - 1; i >= 0; i--) {
            if (freezes[i + 5]) m.snapshot()
            m.undoDelta(deltas[i], undos[i])
            expect(state(m, HEAP - 512, 10_000), `undo of delta ${i}`).toEqual(states[i])
            expect(m.ownPages, `pages after the undo of delta ${i}`).toBe(pages[i])
          }
          expect(m.pageCount()).toBe(0)
          // And forwards again from there, over the undone state.
          for (let i = 0; i < deltas.length; i++) m.applyDelta(deltas[i])
          expect(state(m, HEAP - 512, 10_000)).toEqual(states[deltas.length])
        }
      ),
      { numRuns: 60, seed: 15 }
    )
  })

  it('mergeDeltas of consecutive deltas does what they do in order, folded any way', () => {
    // A trace replay drops snapshots by folding a delta into the next one's, again and again
    // (a merged delta into another). Discards and whole-page fills between writes make pages
    // uniform and then written again (or written and then uniform), in either delta.
    fc.assert(
      fc.property(
        fc.array(fc.array(change, { maxLength: 12 }), { minLength: 2, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (rounds, folds) => {
          const m = new PagedMemory()
          const first = m.snapshot()
          let base = first
          let deltas: MemoryDelta[] = []
          const states = []
          for (const round of rounds) {
            for (const c of round) apply(m, c)
            deltas.push(m.diff(base))
            states.push(state(m, HEAP - 512, 10_000))
            base = m.snapshot()
          }
          // Fold delta i into delta i + 1 (the state after i is then no longer reachable).
          let ends = states.map((_, i) => i)
          for (const f of folds) {
            if (deltas.length < 2) break
            const i = f % (deltas.length - 1)
            deltas = [
              ...deltas.slice(0, i),
              mergeDeltas(deltas[i], deltas[i + 1]),
              ...deltas.slice(i + 2)
            ]
            ends = [...ends.slice(0, i), ...ends.slice(i + 1)]
          }
          m.restore(first)
          for (let i = 0; i < deltas.length; i++) {
            m.applyDelta(deltas[i])
            expect(state(m, HEAP - 512, 10_000), `after delta ${i}`).toEqual(states[ends[i]])
          }
        }
      ),
      { numRuns: 60, seed: 11 }
    )
  })

  it('holds only the 32-bit words that changed', () => {
    const m = new PagedMemory()
    m.fill(HEAP, 4096, 0xab)
    m.writePointer(HEAP + 8, 0x5555_0000_0001)
    const before = m.snapshot()
    // One pointer's low half changed, on one page; its high half (0x5555) stays as it was.
    m.writePointer(HEAP + 8, 0xabababab)
    m.writePointer(HEAP + 8, 0x5555_1234_5678)
    const d = m.diff(before)
    expect(Array.from(d.pageNos)).toEqual([Math.floor((HEAP + 8) / 512)])
    expect(Array.from(d.counts)).toEqual([1])
    // Word 2 of the page (bytes 8..11), little-endian 0x12345678.
    // A value that needs all 32 bits is kept in `words` (kind 4: 4 × 512 + 2).
    expect(Array.from(d.index)).toEqual([4 * 512 + 2])
    expect(Array.from(d.words)).toEqual([0x12345678])
    // Discarding a whole page makes it uniform again: one entry, no words.
    m.discard(HEAP + 1024, 512)
    const e = m.diff(before)
    expect(Array.from(e.counts)).toEqual([1, -1])
    expect(e.index.length).toBe(1)
  })

  it('keeps each new value in as few bytes as it needs, and puts every one back exactly', () => {
    const m = new PagedMemory()
    // Words 0..9 of one page: zero (was not), a byte, two bytes, 0xffff0000 plus two bytes,
    // and four bytes, each at its kind's edges.
    const values = [
      0, 0xff, 0x100, 0xffff, 0xffff0000, 0xffffffff, 0x10000, 0xfffeffff, 0x5555, 0x80000000
    ]
    for (let i = 0; i < values.length; i++) m.write32(HEAP + i * 4, 0x01010101)
    const before = m.snapshot()
    for (let i = 0; i < values.length; i++) m.write32(HEAP + i * 4, values[i])
    const d = m.diff(before)
    // kinds: 0 zero, 1 byte, 2 half, 3 0xffff0000 + half, 4 word; entry = kind × 512 + word,
    // grouped by kind (zeros first), in word order within a kind.
    expect(Array.from(d.index)).toEqual([0, 513, 1026, 1027, 1032, 1540, 1541, 2054, 2055, 2057])
    expect(Array.from(d.bytes)).toEqual([0xff])
    expect(Array.from(d.halves)).toEqual([0x100, 0xffff, 0x5555, 0, 0xffff])
    expect(Array.from(d.words)).toEqual([0x10000, 0xfffeffff, 0x80000000])
    // 10 entries of 2 bytes, 1 + 5 × 2 + 3 × 4 bytes of values: 43, where 6 a word took 60.
    expect(d.index.byteLength + d.bytes.byteLength + d.halves.byteLength + d.words.byteLength).toBe(
      43
    )
    const after = m.snapshot()
    m.restore(before)
    m.applyDelta(d)
    for (let i = 0; i < values.length; i++) expect(m.read32(HEAP + i * 4)).toBe(values[i])
    // Folded with a delta that changes some of them again, the newer values win.
    m.write32(HEAP, 0xabcdef01)
    m.write32(HEAP + 4, 0)
    const e = m.diff(after)
    const merged = mergeDeltas(d, e)
    m.restore(before)
    m.applyDelta(merged)
    expect(m.read32(HEAP)).toBe(0xabcdef01)
    expect(m.read32(HEAP + 4)).toBe(0)
    for (let i = 2; i < values.length; i++) expect(m.read32(HEAP + i * 4)).toBe(values[i])
  })
})

describe('PagedMemory: the dense heap table (writePointer on pages from denseFrom on)', () => {
  const HEAP_START = 0x555555559000
  const dense = (): PagedMemory => {
    const m = new PagedMemory()
    m.denseFrom(HEAP_START)
    return m
  }
  const at = HEAP_START + 0x1008

  it('a store after a snapshot leaves the snapshot as it was', () => {
    const m = dense()
    m.writePointer(at, 1)
    m.writePointer(at, 2) // through the table: the page is the current one
    const s = m.snapshot()
    m.writePointer(at, 3) // the page is frozen: copied first, as any write copies it
    m.writePointer(at, 4) // through the table again, on the copy
    expect(m.readPointer(at)).toBe(4)
    m.restore(s)
    expect(m.readPointer(at)).toBe(2)
  })

  it('a store after a restore lands in the state restored, not in the one left', () => {
    const m = dense()
    m.writePointer(at, 1)
    const s = m.snapshot()
    m.writePointer(at, 2)
    m.writePointer(at, 3)
    m.restore(s)
    m.writePointer(at, 5)
    m.writePointer(at + 8, 6)
    expect([m.readPointer(at), m.readPointer(at + 8)]).toEqual([5, 6])
    m.restore(s)
    expect([m.readPointer(at), m.readPointer(at + 8)]).toEqual([1, 0])
  })

  it('a page given back, zeroed whole, or a whole directory given back takes the next store', () => {
    const m = dense()
    m.writePointer(at, 7)
    m.writePointer(at + 16, 8)
    // The page (512 bytes from HEAP_START + 0x1000) given back: it reads as zeros, uninitialized.
    m.discard(HEAP_START + 0x1000, 512)
    m.writePointer(at, 9)
    expect([m.readPointer(at), m.readPointer(at + 16)]).toEqual([9, 0])
    expect([m.isInitialized(at), m.isInitialized(at + 16)]).toEqual([true, false])
    // calloc of a fresh page: zeros over the whole page, a shared uniform page stands for it.
    m.fill(HEAP_START + 0x1000, 512, 0)
    m.writePointer(at + 16, 10)
    expect([m.readPointer(at), m.readPointer(at + 16)]).toEqual([0, 10])
    // A whole 2 MiB of storage pages given back (whole directories): the first 2 MiB above the heap start.
    const dir = Math.ceil(HEAP_START / 0x200000) * 0x200000
    m.writePointer(dir + 8, 11)
    m.discard(dir, 0x200000)
    m.writePointer(dir + 16, 12)
    expect([m.readPointer(dir + 8), m.readPointer(dir + 16)]).toEqual([0, 12])
  })

  it('keeps every page and window right while the heap arena grows, under snapshots', () => {
    const m = dense()
    // 600 heap pages take the arena from 64 pages to 1,024. A window on the first page and
    // one on the 40th are pointed at 40 pages, and written through at 302 and after 600.
    const page = (n: number): number => HEAP_START + n * PAGE_WORDS_BYTES
    for (let n = 0; n < 40; n++) m.writePointer(page(n), n + 1)
    const first = new PageWords()
    const fortieth = new PageWords()
    m.readPage(first, page(0))
    m.readPage(fortieth, page(39) + 8)
    expect(first.writable && fortieth.writable).toBe(true)
    const s = m.snapshot()
    for (let n = 40; n < 300; n++) m.writePointer(page(n), n + 1)
    // Frozen by the snapshot: copies (in the arena too), the window writes the new one.
    m.writePage(first, page(0))
    first.write(page(0) + 8, 1000)
    m.writePage(fortieth, page(39))
    for (let n = 300; n < 600; n++) m.writePointer(page(n), n + 1)
    fortieth.write(page(39) + 16, 2000)
    expect(m.readPointer(page(0) + 8)).toBe(1000)
    expect(m.readPointer(page(39) + 16)).toBe(2000)
    for (let n = 0; n < 600; n++) expect(m.readPointer(page(n)), `page ${n}`).toBe(n + 1)
    expect(m.isInitialized(page(39) + 16)).toBe(true)
    m.restore(s)
    for (let n = 0; n < 600; n++)
      expect(m.readPointer(page(n)), `page ${n}`).toBe(n < 40 ? n + 1 : 0)
    expect([m.readPointer(page(0) + 8), m.readPointer(page(39) + 16)]).toEqual([0, 0])
  })
})

describe('PagedMemory.heapWords: the heap as an allocator reads and stores it directly', () => {
  const HEAP_START = 0x555555559000
  /** The word at `address` through the view, or null where the view says "ask the memory". */
  const direct = (view: HeapWords, address: number): number | null => {
    const offset = address - view.first
    const k = (offset >> 9) << 1
    if (k >= view.meta.length || view.meta[k] !== view.gen) return null
    const i = (view.meta[k + 1] as number) + ((offset & 511) >> 2)
    return (view.words[i] as number) + (view.words[i + 1] as number) * 2 ** 32
  }

  it('serves the pages written in this generation, and only those', () => {
    const m = new PagedMemory()
    m.denseFrom(HEAP_START)
    const view = m.heapWords()
    const at = HEAP_START + 0x1010
    expect(direct(view, at)).toBeNull() // never written: no page of its own yet
    expect(view.store(at, 5)).toBe(false) // and a store is left to writePointer
    expect(m.isInitialized(at)).toBe(false)
    m.writePointer(at, 0x7ffff7fa7cc0)
    expect(direct(view, at)).toBe(0x7ffff7fa7cc0)
    expect(view.store(at + 8, 0x555555559abc)).toBe(true)
    expect(m.readPointer(at + 8)).toBe(0x555555559abc)
    expect(m.isInitialized(at + 8) && !m.isInitialized(at + 16)).toBe(true)
    // Not a whole aligned word, or not a heap page: declined, nothing stored.
    expect(view.store(at + 4, 1)).toBe(false)
    expect(view.store(HEAP_START - 8, 1)).toBe(false)
    expect(m.readPointer(at)).toBe(0x7ffff7fa7cc0)
    // Frozen by a snapshot: the next store must copy the page first, so the view declines it.
    const s = m.snapshot()
    expect(direct(view, at)).toBeNull()
    expect(view.store(at, 1)).toBe(false)
    m.writePointer(at, 1)
    expect(view.store(at + 8, 2)).toBe(true)
    m.restore(s)
    expect(direct(view, at)).toBeNull()
    expect([m.readPointer(at), m.readPointer(at + 8)]).toEqual([0x7ffff7fa7cc0, 0x555555559abc])
    // Given back: declined until written again.
    m.writePointer(at, 3)
    m.discard(HEAP_START + 0x1000, 512)
    expect(direct(view, at)).toBeNull()
    // A watch on the heap must count every store: the view declines every page.
    m.writePointer(at, 4)
    expect(direct(view, at)).toBe(4)
    const watch = m.watch()
    watch.setRange(0, HEAP_START, HEAP_START + 0x10000)
    expect(direct(view, at)).toBeNull()
    expect(view.store(at, 5)).toBe(false)
    watch.close()
    expect(direct(view, at)).toBe(4)
  })

  it('follows the heap arena when it moves to a larger buffer', () => {
    const m = new PagedMemory()
    m.denseFrom(HEAP_START)
    const view = m.heapWords()
    const page = (n: number): number => HEAP_START + n * PAGE_WORDS_BYTES
    for (let n = 0; n < 300; n++) {
      m.writePointer(page(n), n + 1)
      expect(view.store(page(n) + 8, 1000 + n)).toBe(true)
    }
    for (let n = 0; n < 300; n++) {
      expect(direct(view, page(n)), `page ${n}`).toBe(n + 1)
      expect(m.readPointer(page(n) + 8), `page ${n}`).toBe(1000 + n)
    }
  })
})
