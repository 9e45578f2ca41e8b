import { describe, expect, it } from 'vitest'
import { FreedBlocks } from './freed-blocks'

const at = (step: number, line?: number) => (line === undefined ? { step } : { step, line })

describe('FreedBlocks', () => {
  it('remembers a freed block until its payload is handed out again', () => {
    const f = new FreedBlocks(10)
    f.remember(0x1000, 24, at(1, 3), at(2))
    expect(f.get(0x1000)).toEqual({
      requested: 24,
      allocated: { step: 1, line: 3 },
      freed: { step: 2 }
    })
    f.forget(0x1000)
    expect(f.get(0x1000)).toBeUndefined()
    expect(f.size).toBe(0)
  })

  it('finds the earliest-freed block containing an address', () => {
    const f = new FreedBlocks(10)
    f.remember(0x1000, 100, at(1), at(5)) // bytes 0x1000..0x1063
    f.remember(0x1010, 8, at(6), at(7)) // bytes 0x1010..0x1017, inside the first
    expect(f.containing(0x1012)?.[0]).toBe(0x1000)
    // Freed again later, 0x1000 becomes the newest: now 0x1010 is the earliest.
    f.forget(0x1000)
    f.remember(0x1000, 100, at(8), at(9))
    expect(f.containing(0x1012)?.[0]).toBe(0x1010)
    expect(f.containing(0x1064)).toBeUndefined() // 0x1000 + 100 = 0x1064 is past the end
    expect(f.containing(0x1063)?.[0]).toBe(0x1000)
  })

  it('passes over the blocks the caller says are in use again', () => {
    const f = new FreedBlocks(10)
    f.remember(0x1000, 100, at(1), at(5)) // bytes 0x1000..0x1063
    f.remember(0x1010, 8, at(6), at(7)) // bytes 0x1010..0x1017
    // 0x1000 handed out again (not forgotten): 0x1012 is then only in 0x1010's block.
    expect(f.containing(0x1012, (p) => p === 0x1000)?.[0]).toBe(0x1010)
    expect(f.containing(0x1040, (p) => p === 0x1000)).toBeUndefined()
    expect(f.containing(0x1040)?.[0]).toBe(0x1000)
  })

  it('forgets the oldest free beyond its limit, a re-freed block counting as new', () => {
    const f = new FreedBlocks(2)
    f.remember(0xa0, 8, at(1), at(2))
    f.remember(0xb0, 8, at(1), at(3))
    f.remember(0xa0, 8, at(4), at(5)) // 0xa0 is now the newest
    f.remember(0xc0, 8, at(4), at(6)) // three blocks: the oldest, 0xb0, goes
    expect(f.get(0xb0)).toBeUndefined()
    expect(f.get(0xa0)?.freed.step).toBe(5)
    expect(f.get(0xc0)?.freed.step).toBe(6)
    expect(f.size).toBe(2)
  })

  it('restores any snapshot, also after running on from an earlier one', () => {
    const f = new FreedBlocks(100)
    f.remember(0x10, 8, at(1), at(2))
    const early = f.snapshot()
    f.remember(0x20, 8, at(3), at(4))
    f.forget(0x10)
    const late = f.snapshot()
    f.restore(early)
    expect(f.get(0x10)?.freed.step).toBe(2)
    expect(f.get(0x20)).toBeUndefined()
    // A different future from `early` must not overwrite what `late` recorded.
    f.remember(0x30, 16, at(9), at(10))
    f.remember(0x40, 16, at(9), at(11))
    f.restore(late)
    expect(f.get(0x10)).toBeUndefined()
    expect(f.get(0x20)?.freed.step).toBe(4)
    expect(f.get(0x30)).toBeUndefined()
    expect(f.size).toBe(1)
  })

  it('restores the newest free of a block freed again while remembered (no tombstone between)', () => {
    const f = new FreedBlocks(10, 0x1000)
    f.add(0x1010, 24, 1, 3, 2, 4)
    f.add(0x1020, 8, 3, -1, 5, -1)
    f.add(0x1010, 40, 6, 7, 8, 9) // freed again: this entry wins, the older one stays in the log
    const s = f.snapshot()
    f.add(0x1010, 16, 10, -1, 11, -1)
    f.restore(s)
    expect(f.get(0x1010)).toEqual({
      requested: 40,
      allocated: { step: 6, line: 7 },
      freed: { step: 8, line: 9 }
    })
    expect(f.size).toBe(2)
    // Freed after 0x1020, 0x1010 (now 40 bytes, to 0x1037) is not the earliest at 0x1020; at
    // 0x1030 only its newest entry reaches (the older one, 24 bytes, ends at 0x1027).
    expect(f.containing(0x1020)?.[0]).toBe(0x1020)
    expect(f.containing(0x1030)?.[0]).toBe(0x1010)
    expect(f.containing(0x1038)).toBeUndefined()
    expect(f.containing(0x1030, (p) => p === 0x1010)).toBeUndefined()
  })

  it('keeps a later snapshot whole when an earlier one is restored at or inside a chunk edge', () => {
    // 511, 512 and 513 entries: the restored length ends inside the first 512-entry chunk, on
    // its edge, and one entry into the second; each later snapshot shares that chunk.
    for (const early of [511, 512, 513]) {
      const f = new FreedBlocks(10000)
      for (let i = 0; i < early; i++) f.remember(0x10000 + i * 16, 8, at(i), at(i + 1))
      const first = f.snapshot()
      for (let i = early; i < early + 100; i++) f.remember(0x10000 + i * 16, 8, at(i), at(i + 1))
      const later = f.snapshot()
      f.restore(first)
      expect(f.size).toBe(early)
      expect(f.get(0x10000 + early * 16)).toBeUndefined()
      // A different future writes where `later` has its entries.
      for (let i = early; i < early + 100; i++) f.remember(0x90000 + i * 16, 24, at(0), at(7))
      f.restore(later)
      expect(f.size).toBe(early + 100)
      // The entry `later` holds for payload 0x10000 + (early + 5) × 16: freed at step early + 6.
      expect(f.get(0x10000 + (early + 5) * 16)?.freed.step).toBe(early + 6)
      expect(f.get(0x90000 + (early + 5) * 16)).toBeUndefined()
    }
  })

  it('keeps snapshots valid across compaction of a long run', () => {
    const f = new FreedBlocks(1000)
    const snaps: Array<ReturnType<FreedBlocks['snapshot']>> = []
    // 20,000 free/reuse cycles over 50 payloads, two appends each (tombstone, free): the log
    // is compacted when its entries pass 3 × 50 + 2048 = 2198, i.e. about every
    // (2198 − 50) / 2 = 1,074 cycles, so every snapshot after the first (at 5,000, 10,000 and
    // 15,000) is taken between compactions, in a log compacted several times since the one before.
    for (let i = 0; i < 20000; i++) {
      const p = 0x1000 + (i % 50) * 0x100
      f.forget(p)
      f.remember(p, 8, at(i), at(i + 1))
      if (i % 5000 === 0) snaps.push(f.snapshot())
    }
    // At i = 5000 the last free of payload k (0 ≤ k < 50) was at the largest i ≤ 5000 with
    // i % 50 = k: for k = 0 that is 5000 itself, freed at step 5001; for k = 1, 4951 → 4952.
    f.restore(snaps[1])
    expect(f.size).toBe(50)
    expect(f.get(0x1000)?.freed.step).toBe(5001)
    expect(f.get(0x1100)?.freed.step).toBe(4952)
    f.restore(snaps[3]) // i = 15000, taken after a compaction; k = 1: 14951 → 14952
    expect(f.size).toBe(50)
    expect(f.get(0x1000)?.freed.step).toBe(15001)
    expect(f.get(0x1100)?.freed.step).toBe(14952)
    expect(f.get(0x1000 + 49 * 0x100)?.freed.step).toBe(14999 + 1) // 14999 % 50 = 49
    f.restore(snaps[0]) // i = 0: one block, freed at step 1
    expect(f.size).toBe(1)
    expect(f.get(0x1000)?.freed.step).toBe(1)
  })
})

describe('FreedBlocks against a model', () => {
  it('agrees with a Map kept in order of freeing, over long runs with snapshots and restores', () => {
    // The model: payload → [requested, free step], in order of freeing (a re-free moves it to
    // the end), the oldest dropped beyond the limit; a snapshot is a copy of it. The runs are
    // long enough (60,000 operations; at most 3 × 40 + 2048 entries between compactions) to
    // compact the log many times and to fill many 512-entry chunks, with frees reused at once and
    // later, and blocks freed again while remembered (no tombstone then: the newer entry wins).
    let seed = 7
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const limit = 40
    const f = new FreedBlocks(limit, 0x1000)
    let model = new Map<number, [number, number]>()
    const snaps: Array<[ReturnType<FreedBlocks['snapshot']>, Map<number, [number, number]>]> = []
    const agree = (): void => {
      expect(f.size).toBe(model.size)
      for (let k = 0; k < 64; k++) {
        const p = 0x1000 + k * 32
        const want = model.get(p)
        const got = f.get(p)
        expect(got === undefined ? undefined : [got.requested, got.freed.step]).toEqual(want)
      }
      // The earliest-freed block containing an address: blocks are 32 bytes apart, and a
      // block of 48 requested bytes reaches into the next one.
      const address = 0x1000 + random(64) * 32 + 20
      let earliest: number | undefined
      for (const [p, [requested]] of model)
        if (earliest === undefined && address >= p && address < p + requested) earliest = p
      expect(f.containing(address)?.[0]).toBe(earliest)
    }
    let lastFreed = -1
    for (let step = 1; step <= 60000; step++) {
      const r = random(100)
      if (r < 45) {
        const p = 0x1000 + random(64) * 32
        const requested = random(2) === 0 ? 16 : 48
        f.add(p, requested, step - 1, -1, step, 3)
        model.delete(p)
        model.set(p, [requested, step])
        if (model.size > limit) model.delete(model.keys().next().value as number)
        lastFreed = p
      } else if (r < 90) {
        // Often the block just freed (an allocator's LIFO reuse), otherwise any.
        const p = r < 70 && lastFreed >= 0 ? lastFreed : 0x1000 + random(64) * 32
        f.forget(p)
        model.delete(p)
      } else if (r < 99) {
        snaps.push([f.snapshot(), new Map(model)])
      } else if (snaps.length > 0) {
        const [snap, copy] = snaps[random(snaps.length)]
        f.restore(snap)
        model = new Map(copy)
        lastFreed = -1
        agree()
      }
      if (step % 1000 === 0) agree()
    }
    agree()
  })
})
