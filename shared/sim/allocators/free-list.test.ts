import { describe, expect, it } from 'vitest'
import { Machine } from '../machine'
import type { FreeListOptions } from './free-list'

/**
 * Hand-worked examples on the classroom layout: the heap starts at 0x4000. With an 8-byte
 * header and 8-byte alignment the first payload is 0x4008 (no padding needed), a request of
 * n bytes takes a block of max(24, align8(n + 8)) bytes (24 = header + 16 bytes of list links).
 */
function machine(allocator: string, options: Partial<FreeListOptions> = {}): Machine {
  return new Machine({
    layout: 'classroom',
    allocator,
    allocatorOptions: { alignment: 8, headerSize: 8, mmapThreshold: Infinity, ...options }
  })
}

/**
 * a = malloc(16) → block 0x4000 (24), payload 0x4008
 * b = malloc(40) → block 0x4018 (48), payload 0x4020
 * c = malloc(16) → block 0x4048 (24), payload 0x4050
 * d = malloc(16) → block 0x4060 (24), payload 0x4068; break 0x4078
 */
function fourBlocks(m: Machine): number[] {
  return [m.malloc(16), m.malloc(40), m.malloc(16), m.malloc(16)]
}

const list = (m: Machine): Array<[number, number]> => m.allocator.freeLists()['free list']

describe('layout of blocks', () => {
  it('places blocks back to back and moves the break by each block', () => {
    const m = machine('first-fit')
    expect(fourBlocks(m)).toEqual([0x4008, 0x4020, 0x4050, 0x4068])
    expect(m.programBreak()).toBe(0x4078)
  })
  it('writes size | allocated into each header', () => {
    const m = machine('first-fit')
    const [, b] = fourBlocks(m)
    m.free(b)
    expect(m.memory.read32(0x4000)).toBe(24 + 1)
    expect(m.memory.read32(0x4018)).toBe(48) // free: allocated bit clear
  })
  it('with boundary tags, copies the header into the last word of the block', () => {
    // header 8 + footer 8, alignment 16: first payload 0x4010 (8 bytes of padding at 0x4000)
    // malloc(1) → max(align16(8+8+16) = 32, align16(1 + 16) = 32) = 32-byte block at 0x4008
    const m = machine('first-fit', { footer: true, alignment: 16 })
    const p = m.malloc(1)
    expect(p).toBe(0x4010)
    expect(m.memory.read32(0x4008)).toBe(33)
    expect(m.memory.read32(0x4008 + 32 - 8)).toBe(33)
    const metrics = m.metrics()
    // requested 1, block 32: 31 bytes of internal fragmentation = 16 header/footer + 15 padding
    expect(metrics.internalFragmentation).toBe(31)
    expect(metrics.headerBytes).toBe(16)
    expect(metrics.paddingBytes).toBe(15)
    expect(m.allocator.blocks()[0]).toMatchObject({ bin: 'bookkeeping', size: 8 })
  })
})

describe('placement', () => {
  // After free(b) and free(d) the free list (address order) is [(0x4018, 48), (0x4060, 24)].
  // malloc(8) needs 24 bytes.
  it('first fit takes the first block that fits and splits it', () => {
    const m = machine('first-fit')
    const [, b, , d] = fourBlocks(m)
    m.free(b)
    m.free(d)
    expect(list(m)).toEqual([
      [0x4018, 48],
      [0x4060, 24]
    ])
    expect(m.malloc(8)).toBe(0x4020)
    // 48 − 24 = 24 ≥ the 24-byte minimum: the rest stays free at 0x4030
    expect(list(m)).toEqual([
      [0x4030, 24],
      [0x4060, 24]
    ])
  })
  it('best fit takes the smallest block that fits', () => {
    const m = machine('best-fit')
    const [, b, , d] = fourBlocks(m)
    m.free(b)
    m.free(d)
    expect(m.malloc(8)).toBe(0x4068)
    expect(list(m)).toEqual([[0x4018, 48]])
  })
  it('worst fit takes the largest block', () => {
    const m = machine('worst-fit')
    const [a, b, , d] = fourBlocks(m)
    m.free(d)
    m.free(a)
    m.free(b) // merges with a: (0x4000, 72)
    expect(list(m)).toEqual([
      [0x4000, 72],
      [0x4060, 24]
    ])
    expect(m.malloc(8)).toBe(0x4008)
    expect(list(m)).toEqual([
      [0x4018, 48],
      [0x4060, 24]
    ])
  })
  it('next fit resumes where the last search stopped', () => {
    // Both: free(b) → [(0x4018, 48)]; malloc(8) splits it: 0x4020, the rest (0x4030, 24) free.
    // (Next fit's search started after d, where the last allocation was, and wrapped around.)
    // free(a) → [(0x4000, 24), (0x4030, 24)]. First fit takes 0x4000 again; next fit goes on
    // from 0x4030, where the last search stopped.
    const first = machine('first-fit')
    const next = machine('next-fit')
    for (const m of [first, next]) {
      const [a, b] = fourBlocks(m)
      m.free(b)
      expect(m.malloc(8)).toBe(0x4020)
      m.free(a)
      expect(list(m)).toEqual([
        [0x4000, 24],
        [0x4030, 24]
      ])
    }
    expect(first.malloc(8)).toBe(0x4008)
    expect(next.malloc(8)).toBe(0x4038)
    // Nothing fits after 0x4030 any more: next fit wraps around to the start.
    expect(next.malloc(8)).toBe(0x4008)
  })
})

describe('free-list order', () => {
  // free(b) then free(d); malloc(8) with first fit takes the first block of the list order.
  const cases: Array<[FreeListOptions['order'], Array<[number, number]>, number]> = [
    [
      'address',
      [
        [0x4018, 48],
        [0x4060, 24]
      ],
      0x4020
    ],
    [
      'lifo',
      [
        [0x4060, 24],
        [0x4018, 48]
      ],
      0x4068
    ], // last freed first
    [
      'fifo',
      [
        [0x4018, 48],
        [0x4060, 24]
      ],
      0x4020
    ], // first freed first
    [
      'size-ascending',
      [
        [0x4060, 24],
        [0x4018, 48]
      ],
      0x4068
    ],
    [
      'size-descending',
      [
        [0x4018, 48],
        [0x4060, 24]
      ],
      0x4020
    ]
  ]
  for (const [order, expected, pointer] of cases) {
    it(`${order}: list ${expected.map(([a, s]) => `(0x${a.toString(16)}, ${s})`).join(' ')}`, () => {
      const m = machine('first-fit', { order })
      const [, b, , d] = fourBlocks(m)
      m.free(b)
      m.free(d)
      expect(list(m)).toEqual(expected)
      expect(m.malloc(8)).toBe(pointer)
    })
  }
})

describe('coalescing', () => {
  it('immediate: freeing b, c, d leaves one free block of 48 + 24 + 24 = 96', () => {
    const m = machine('first-fit', { coalescing: 'immediate' })
    const [, b, c, d] = fourBlocks(m)
    m.free(b)
    m.free(c)
    m.free(d)
    expect(list(m)).toEqual([[0x4018, 96]])
  })
  it('none: three free blocks stay apart and a 72-byte request grows the heap', () => {
    const m = machine('first-fit', { coalescing: 'none' })
    const [, b, c, d] = fourBlocks(m)
    m.free(b)
    m.free(c)
    m.free(d)
    expect(list(m)).toEqual([
      [0x4018, 48],
      [0x4048, 24],
      [0x4060, 24]
    ])
    // malloc(60) needs align8(68) = 72 bytes; no single free block has them.
    expect(m.malloc(60)).toBe(0x4080)
    expect(m.programBreak()).toBe(0x4078 + 72)
    // External fragmentation now: 96 bytes free, largest 48 → 1 − 48/96 = 0.5
    expect(m.metrics().externalFragmentation).toBe(0.5)
  })
  it('deferred: merges everything only when a request fails, then retries', () => {
    const m = machine('first-fit', { coalescing: 'deferred' })
    const [, b, c, d] = fourBlocks(m)
    m.free(b)
    m.free(c)
    m.free(d)
    expect(list(m)).toHaveLength(3)
    // 72 bytes: no fit → coalesce to (0x4018, 96) → split 72 + 24
    expect(m.malloc(60)).toBe(0x4020)
    expect(list(m)).toEqual([[0x4060, 24]])
    expect(m.programBreak()).toBe(0x4078)
  })
})

describe('metrics', () => {
  it('after four mallocs and free(b), free(d)', () => {
    const m = machine('first-fit')
    const [, b, , d] = fourBlocks(m)
    m.free(b)
    m.free(d)
    const metrics = m.metrics()
    expect(metrics.externalFragmentation).toBeCloseTo(1 / 3, 12) // 1 − 48 / (48 + 24)
    expect({ ...metrics, externalFragmentation: 0 }).toEqual({
      heapSize: 0x78, // 0x4078 − 0x4000 = 120
      requestedBytes: 32, // a and c: 16 + 16
      allocatedBytes: 48, // 24 + 24
      internalFragmentation: 16, // 48 − 32: the two headers
      headerBytes: 16,
      paddingBytes: 0,
      externalFragmentation: 0,
      freeBytes: 72,
      freeBlocks: 2,
      largestFreeBlock: 48,
      peakUtilization: 88 / 120, // peak payload 16 + 40 + 16 + 16 = 88 over a 120-byte heap
      mmapBytes: 0,
      liveBlocks: 2
    })
  })
})

describe('realloc', () => {
  it('grows into a free neighbour, then at the end of the heap, then moves', () => {
    const m = machine('first-fit')
    const a = m.malloc(16) // (0x4000, 24)
    const b = m.malloc(16) // (0x4018, 24)
    m.free(b)
    // 32 bytes need 40; a (24) + free b (24) = 48; the 8 left over cannot stand alone.
    expect(m.realloc(a, 32)).toBe(a)
    expect(m.allocator.blocks()).toMatchObject([{ address: 0x4000, size: 48, paddingBytes: 8 }])
    m.memory.fill(a, 32, 0x5a)
    // 100 bytes need 112: a is the last block, so the break moves by 112 − 48 = 64.
    expect(m.realloc(a, 100)).toBe(a)
    expect(m.programBreak()).toBe(0x4070)
    const c = m.malloc(8) // (0x4070, 24), payload 0x4078
    expect(c).toBe(0x4078)
    // 200 bytes need 208; c blocks the way: a new block at 0x4088, a's bytes copied.
    const moved = m.realloc(a, 200)
    expect(moved).toBe(0x4090)
    expect([...m.memory.readBytes(moved, 32)].every((x) => x === 0x5a)).toBe(true)
    expect(m.memory.isInitialized(moved + 100)).toBe(false)
    expect(list(m)).toEqual([[0x4000, 112]])
  })
  it('takes a free block at the end of the heap and moves the break by the rest', () => {
    const m = machine('first-fit')
    const a = m.malloc(16) // (0x4000, 24)
    const b = m.malloc(40) // (0x4018, 48); break 0x4048
    m.free(b) // the free tail (0x4018, 48)
    // 100 bytes need 112; a (24) + the free tail (48) = 72, so the break moves by 112 − 72 =
    // 40 to 0x4070 and a stays. (Moving a would have cost a copy and a break at 0x4088.)
    expect(m.realloc(a, 100)).toBe(a)
    expect(m.programBreak()).toBe(0x4070)
    expect(m.allocator.blocks()).toMatchObject([{ address: 0x4000, size: 112, free: false }])
    expect(list(m)).toEqual([])
  })
  it('slides down into the free block before it when the one after is taken', () => {
    const m = machine('first-fit')
    const a = m.malloc(16) // (0x4000, 24)
    const b = m.malloc(16) // (0x4018, 24), payload 0x4020
    m.malloc(16) // c (0x4030, 24) blocks the way forward; break 0x4048
    m.free(a)
    m.memory.fill(b, 16, 0x5a)
    // 30 bytes need align8(30 + 8) = 40 > 24; after b is c (allocated), so no growing forward;
    // before b is a free 24: 24 + 24 = 48 >= 40. The block becomes (0x4000, 48), payload
    // 0x4008; the 8 bytes over cannot stand alone (minimum 24), so they stay as padding:
    // 48 − 8 header − 30 = 10.
    expect(m.realloc(b, 30)).toBe(0x4008)
    expect([...m.memory.readBytes(0x4008, 16)].every((x) => x === 0x5a)).toBe(true)
    expect(m.allocator.blocks()).toMatchObject([
      { address: 0x4000, size: 48, requested: 30, paddingBytes: 10, free: false },
      { address: 0x4030, size: 24, free: false }
    ])
    expect(m.memory.read32(0x4000)).toBe(48 + 1)
    expect(list(m)).toEqual([])
    expect(m.programBreak()).toBe(0x4048)
  })
  it('slides down over both free neighbours and frees what is left', () => {
    const m = machine('first-fit')
    const a = m.malloc(40) // (0x4000, 48)
    const b = m.malloc(16) // (0x4030, 24), payload 0x4038
    const c = m.malloc(16) // (0x4048, 24)
    m.malloc(16) // d (0x4060, 24); break 0x4078
    m.free(a)
    m.free(c)
    m.memory.fill(b, 16, 0x33)
    // 50 bytes need align8(58) = 64. Forward: b 24 + free c 24 = 48 < 64, and d is not the
    // break. Backward: 48 + 48 = 96 >= 64: the block is (0x4000, 64), payload 0x4008, and the
    // 96 − 64 = 32 bytes left are a free block (0x4040, 32), alone on the list (links 0, 0).
    expect(m.realloc(b, 50)).toBe(0x4008)
    expect([...m.memory.readBytes(0x4008, 16)].every((x) => x === 0x33)).toBe(true)
    expect(m.allocator.blocks()).toMatchObject([
      { address: 0x4000, size: 64, requested: 50, free: false },
      { address: 0x4040, size: 32, free: true },
      { address: 0x4060, size: 24, free: false }
    ])
    expect(list(m)).toEqual([[0x4040, 32]])
    expect(m.memory.read32(0x4040)).toBe(32)
    expect(m.memory.readPointer(0x4048)).toBe(0)
    expect(m.memory.readPointer(0x4050)).toBe(0)
    // The old pointer was given back by realloc: freeing it again is a double free.
    m.free(b)
    expect(m.events.map((e) => e.kind)).toEqual(['double-free'])
  })
  it('grows forward or at the break before it slides down (no copy when it can)', () => {
    const m = machine('first-fit')
    const a = m.malloc(16) // (0x4000, 24)
    const b = m.malloc(16) // (0x4018, 24), the last block; break 0x4030
    m.free(a)
    // 40 bytes need 48: b is the last block, so the break moves by 48 − 24 = 24 to 0x4048,
    // although the free 24 before it would also make 48.
    expect(m.realloc(b, 40)).toBe(b)
    expect(m.programBreak()).toBe(0x4048)
    expect(list(m)).toEqual([[0x4000, 24]])
  })
  it('shrinks in place and frees the tail when it can stand alone', () => {
    const m = machine('first-fit')
    const a = m.malloc(100) // 112-byte block
    expect(m.realloc(a, 10)).toBe(a) // 24-byte block; 88 bytes become free
    expect(list(m)).toEqual([[0x4018, 88]])
  })
})

describe('misuse reported by the allocator itself (unchecked machine)', () => {
  it('reports a double free and an invalid free', () => {
    const m = new Machine({ layout: 'classroom', checked: false })
    const p = m.malloc(8)
    m.free(p)
    m.free(p)
    m.free(p + 1)
    expect(m.events.map((e) => e.kind)).toEqual(['double-free', 'invalid-free'])
  })
})

describe('options', () => {
  it('rejects unknown options and values with a plain message', () => {
    expect(() => machine('first-fit', { alignment: 3 })).toThrow(
      /Alignment 3 is not 1, 2, 4, 8 or 16/
    )
    expect(
      () => new Machine({ allocator: 'first-fit', allocatorOptions: { colour: 'red' } })
    ).toThrow(/Unknown free-list option "colour"/)
    expect(() => new Machine({ allocator: 'fastest-fit' })).toThrow(
      /Unknown allocator "fastest-fit"/
    )
  })
})

describe('the free list lives in the free blocks (next at payload + 0, previous at payload + 8)', () => {
  const next = (m: Machine, block: number): number => m.memory.readPointer(block + 8)
  const prev = (m: Machine, block: number): number => m.memory.readPointer(block + 16)

  it('address order: freeing a and c links 0x4000 ⇄ 0x4048; freeing b merges them all', () => {
    const m = machine('first-fit')
    const [a, b, c] = fourBlocks(m)
    m.free(a) // list: 0x4000 — next 0, prev 0
    expect([next(m, 0x4000), prev(m, 0x4000)]).toEqual([0, 0])
    m.free(c) // list: 0x4000 → 0x4048 (c's neighbours b and d are allocated: no merge)
    expect(list(m)).toEqual([
      [0x4000, 24],
      [0x4048, 24]
    ])
    expect([next(m, 0x4000), prev(m, 0x4000)]).toEqual([0x4048, 0])
    expect([next(m, 0x4048), prev(m, 0x4048)]).toEqual([0, 0x4000])
    // Bytes of payload a (0x4008..): 48 40 00 00 00 00 00 00, little-endian 0x4048.
    expect([...m.memory.readBytes(a, 8)]).toEqual([0x48, 0x40, 0, 0, 0, 0, 0, 0])
    m.free(b) // 0x4000 (24) + 0x4018 (48) + 0x4048 (24) = one 96-byte block, alone on the list
    expect(list(m)).toEqual([[0x4000, 96]])
    expect([next(m, 0x4000), prev(m, 0x4000)]).toEqual([0, 0])
  })

  it('LIFO: the block freed last is first, and a split remainder keeps its place', () => {
    const m = machine('first-fit', { order: 'lifo', coalescing: 'none' })
    const [a, , c] = fourBlocks(m)
    m.free(a)
    m.free(c) // list: 0x4048 → 0x4000
    expect(list(m).map(([x]) => x)).toEqual([0x4048, 0x4000])
    expect([next(m, 0x4048), prev(m, 0x4048)]).toEqual([0x4000, 0])
    expect([next(m, 0x4000), prev(m, 0x4000)]).toEqual([0, 0x4048])
    const d2 = m.malloc(16) // first fit takes the head 0x4048 (24 = exactly 24: no split)
    expect(d2).toBe(0x4050)
    expect(prev(m, 0x4000)).toBe(0) // 0x4000 is the head now
    // The allocated block keeps the stale link in its payload, as real memory does.
    expect(next(m, 0x4048)).toBe(0x4000)
  })

  it('a block taken whole from the break keeps the links it had on the list for a moment', () => {
    // a, b, c, d as in fourBlocks; free(a) and free(c): list 0x4000 → 0x4048.
    // malloc(40) needs align8(40 + 8) = 48 bytes: 24-byte blocks do not fit, so the heap grows
    // by 48 at the break (0x4078) and the new block is taken whole. A list allocator puts it on
    // the list first (after the tail 0x4048, the highest address) and takes it off again: its
    // payload keeps next = 0 and prev = 0x4048, and 0x4048's next link is 0 again.
    for (const order of ['address', 'fifo'] as const) {
      const m = machine('first-fit', { order, coalescing: 'none' })
      const [a, , c] = fourBlocks(m)
      m.free(a)
      m.free(c)
      expect(m.malloc(40)).toBe(0x4078 + 8)
      expect([next(m, 0x4078), prev(m, 0x4078)]).toEqual([0, 0x4048])
      expect([next(m, 0x4048), prev(m, 0x4048)]).toEqual([0, 0x4000])
    }
    // LIFO: it would have gone to the front (before the head 0x4048, freed last): next 0x4048.
    const m = machine('first-fit', { order: 'lifo', coalescing: 'none' })
    const [a, , c] = fourBlocks(m)
    m.free(a)
    m.free(c)
    expect(m.malloc(40)).toBe(0x4080)
    expect([next(m, 0x4078), prev(m, 0x4078)]).toEqual([0x4048, 0])
    expect(prev(m, 0x4048)).toBe(0)
    // Size ascending: (24, 0x4000), (24, 0x4048), then (48, 0x4078): after 0x4048 again.
    const s = machine('best-fit', { order: 'size-ascending', coalescing: 'none' })
    const [sa, , sc] = fourBlocks(s)
    s.free(sa)
    s.free(sc)
    expect(s.malloc(40)).toBe(0x4080)
    expect([next(s, 0x4078), prev(s, 0x4078)]).toEqual([0, 0x4048])
  })

  it('a use-after-free read of a freed block sees the link', () => {
    const m = machine('first-fit')
    const [a, , c] = fourBlocks(m)
    m.free(c)
    m.free(a)
    expect(m.access(c + 8, 8, 'read')).toBeNull() // reported as an event, not a fault
    expect(m.events.map((e) => e.kind)).toEqual(['use-after-free'])
    expect(m.memory.readPointer(c + 8)).toBe(0x4000) // c's previous free block is a's
  })

  it('after any operations, the words in memory spell out the free list of every order', () => {
    for (const order of ['address', 'lifo', 'fifo', 'size-ascending', 'size-descending'] as const) {
      for (const coalescing of ['immediate', 'deferred', 'none'] as const) {
        const m = machine('first-fit', { order, coalescing })
        const held: number[] = []
        let seed = 7
        for (let i = 0; i < 400; i++) {
          seed = (seed * 1103515245 + 12345) % 2147483648
          if (held.length > 0 && seed % 3 === 0) {
            m.free(held.splice(seed % held.length, 1)[0])
          } else if (held.length > 0 && seed % 7 === 1) {
            const at = seed % held.length
            held[at] = m.realloc(held[at], 8 + (seed % 200))
          } else held.push(m.malloc(1 + (seed % 300)))
        }
        const l = list(m).map(([x]) => x)
        for (let i = 0; i < l.length; i++) {
          expect(next(m, l[i])).toBe(i + 1 < l.length ? l[i + 1] : 0)
          expect(prev(m, l[i])).toBe(i > 0 ? l[i - 1] : 0)
        }
      }
    }
  })
})

describe('time travel', () => {
  // Lines below 65,535 are packed two to a 32-bit word in a snapshot, larger ones are not:
  // both must come back exactly, with the steps, for allocated and free blocks.
  it.each([
    ['lines that pack into 16 bits', 40, 'lifo' as const],
    ['lines of 65,535 and more', 70_000, 'address' as const],
    ['steps beyond 32 bits (a snapshot of doubles)', 40, 'fifo' as const]
  ])('keeps every block’s steps and lines: %s', (_, firstLine, order) => {
    const m = machine('first-fit', { order })
    const stepBase = order === 'fifo' ? 2 ** 33 : 0
    const at = (step: number, line: number): void => {
      m.step = stepBase + step
      m.line = firstLine + line
    }
    at(1, 0)
    const a = m.malloc(16)
    at(2, 1)
    m.malloc(40)
    at(3, 2)
    const c = m.malloc(16)
    at(4, 3)
    m.malloc(16)
    at(5, 4)
    m.free(a)
    at(6, 5)
    m.free(c)
    const before = m.heapView()
    // a (step 1, freed at 5) and c (step 3, freed at 6) are free; b and d allocated.
    expect(before.blocks.map((b) => [b.free, b.allocated?.step, b.freed?.step])).toEqual([
      [true, stepBase + 1, stepBase + 5],
      [false, stepBase + 2, undefined],
      [true, stepBase + 3, stepBase + 6],
      [false, stepBase + 4, undefined]
    ])
    const snapshot = m.snapshot()
    at(7, 6)
    m.malloc(8)
    m.free(m.malloc(100))
    m.restore(snapshot)
    expect(m.heapView()).toEqual(before)
  })
  it('after a restore, free finds exactly the blocks the restored heap holds', () => {
    // Unchecked: a free of something that is not a block is the allocator's own report.
    const m = new Machine({
      layout: 'classroom',
      allocator: 'first-fit',
      allocatorOptions: { alignment: 8, headerSize: 8, mmapThreshold: Infinity },
      checked: false
    })
    const [a, b, c, d] = fourBlocks(m) as [number, number, number, number]
    m.free(b)
    // Heap 1: a, free 48 @0x4018, c, d.
    const one = m.snapshot()
    m.free(a)
    m.free(c)
    // a, b and c merged: 96 bytes @0x4000; e = malloc(40) takes its first 48 (payload 0x4008,
    // as a's was), f = malloc(8) the next 16 @0x4030 (payload 0x4038); 32 stay free @0x4040.
    const e = m.malloc(40)
    const f = m.malloc(8)
    expect([e, f]).toEqual([0x4008, 0x4038])
    // Heap 2: e, f, free 32 @0x4040, d.
    const two = m.snapshot()
    const kinds = (): string[] => m.events.map((x) => x.kind)
    m.restore(one)
    // f's payload lies in b's free block here, 0x20 into it: memory already free.
    m.free(f)
    expect(kinds()).toEqual(['double-free'])
    // The blocks of heap 1 free as blocks and merge into one: 0x4000 to the break, 0x78.
    for (const p of [a, c, d]) m.free(p)
    expect(kinds()).toEqual(['double-free'])
    expect(list(m)).toEqual([[0x4000, 0x78]])
    m.restore(two)
    // c (a block of heap 1, payload 0x4050) lies in the free 32 @0x4040 here, and b's payload
    // 0x4020 inside e: not a payload.
    m.free(c)
    m.free(b)
    expect(kinds()).toEqual(['double-free', 'invalid-free'])
    for (const p of [e, f, d]) m.free(p)
    expect(kinds()).toEqual(['double-free', 'invalid-free'])
    expect(list(m)).toEqual([[0x4000, 0x78]])
  })

  it('a restore that shifts blocks to other indexes keeps every payload to its own block', () => {
    // A restore reuses the Block objects in address order, so here each one changes address:
    // what the table of allocated blocks says must follow (an entry left from the heap before,
    // or one taken from the block that now has its key, would free the wrong block).
    const m = new Machine({
      layout: 'classroom',
      allocator: 'first-fit',
      allocatorOptions: { alignment: 8, headerSize: 8, mmapThreshold: Infinity },
      checked: false
    })
    // Heap P: four blocks of 24 (0x18): payloads 0x4008, 0x4020, 0x4038, 0x4050.
    const [a, b, c, d] = [m.malloc(16), m.malloc(16), m.malloc(16), m.malloc(16)]
    expect([a, b, c, d]).toEqual([0x4008, 0x4020, 0x4038, 0x4050])
    const p = m.snapshot()
    // Heap Q: a and b merged and taken whole by e = malloc(40) (48 bytes @0x4000), then c, d.
    m.free(a)
    m.free(b)
    const e = m.malloc(40)
    expect(e).toBe(0x4008)
    const q = m.snapshot()
    m.restore(p)
    m.restore(q)
    // From P's blocks [a, b, c, d] to Q's [e, c, d]: b's payload is inside e now.
    m.free(b)
    expect(m.events.map((x) => x.kind)).toEqual(['invalid-free'])
    for (const x of [c, d, e]) m.free(x)
    expect(m.events.map((x) => x.kind)).toEqual(['invalid-free'])
    expect(list(m)).toEqual([[0x4000, 0x60]])
  })
})
