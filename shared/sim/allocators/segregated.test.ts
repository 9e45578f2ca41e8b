import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Machine } from '../machine'
import { statsFromBlocks } from '../metrics'
import { OP_ALLOC, OP_FREE, OP_REALLOC, TraceReplay, type Trace } from '../trace'
import { SegregatedAllocator } from './segregated'

/** A classroom machine (heap at 0x4000, at most 0x8000 bytes) with a segregated allocator. */
function machine(options: Record<string, unknown> = {}): { m: Machine; a: SegregatedAllocator } {
  const m = new Machine({
    layout: 'classroom',
    allocator: 'segregated',
    allocatorOptions: options,
    checked: false
  })
  return { m, a: m.allocator as SegregatedAllocator }
}

describe('segregated free lists: sizes and classes', () => {
  it('sizes blocks as payload + 8-byte header, 16-aligned, at least 32 bytes', () => {
    const { a } = machine()
    // 1 + 8 = 9 -> 16 -> minimum 32; 24 + 8 = 32; 25 + 8 = 33 -> 48; 100 + 8 = 108 -> 112.
    expect([1, 24, 25, 100].map((n) => a.blockSizeFor(n))).toEqual([32, 32, 48, 112])
    // Classes (0,32], (32,64], (64,128]: 32 -> 0, 48 -> 1, 112 -> 2, 65537 -> the last (12).
    expect([32, 48, 112, 65537].map((n) => a.classOf(n))).toEqual([0, 1, 2, 12])
    expect(Object.keys(a.freeLists()).slice(0, 3)).toEqual([
      'class 1-32',
      'class 33-64',
      'class 65-128'
    ])
    expect(Object.keys(a.freeLists()).at(-1)).toBe('class 65537+')
  })

  it('takes configurable classes and rejects bad ones by name', () => {
    const { a } = machine({ classes: [48, 96] })
    expect([32, 48, 49, 96, 97].map((n) => a.classOf(n))).toEqual([0, 0, 1, 1, 2])
    expect(() => machine({ classes: [64, 32] })).toThrow(/Size classes must be 1 to 31 ascending/)
    expect(() => machine({ bins: 3 })).toThrow(/Unknown segregated-list option "bins"/)
  })
})

describe('segregated free lists: hand-worked heap', () => {
  it('lays blocks out from the aligned heap start and reuses a freed block of its class', () => {
    const { m } = machine()
    // Heap at 0x4000; payloads must be 16-aligned, so the first header sits at 0x4008
    // (8 bytes of padding) and the first payload at 0x4010.
    const p1 = m.malloc(100) // 112-byte block 0x4008..0x4077
    const p2 = m.malloc(24) // 32 bytes at 0x4078, payload 0x4080
    const p3 = m.malloc(40) // 48 bytes at 0x4098, payload 0x40a0
    expect([p1, p2, p3]).toEqual([0x4010, 0x4080, 0x40a0])
    expect(m.programBreak()).toBe(0x4098 + 48) // 0x40c8
    // Allocated header: size | 1 in the first word.
    expect(m.memory.read32(0x4078)).toBe(32 + 1)
    m.free(p2)
    expect(m.memory.read32(0x4078)).toBe(32)
    expect(m.allocator.freeLists()['class 1-32']).toEqual([[0x4078, 32]])
    // malloc(10) needs 32 bytes: class 1-32 has exactly the freed block.
    expect(m.malloc(10)).toBe(0x4080)
    expect(m.programBreak()).toBe(0x40c8)
  })

  it('takes the head of a larger class when its own class is empty, and splits it', () => {
    const { m } = machine()
    const p1 = m.malloc(100) // 112 bytes at 0x4008
    m.malloc(24) // keeps p1 from merging with the end of the heap
    m.free(p1)
    expect(m.allocator.freeLists()['class 65-128']).toEqual([[0x4008, 112]])
    // malloc(20): 32 bytes, class 1-32 empty, class 33-64 empty, class 65-128 has 112:
    // cut 32 from the front, 112 - 32 = 80 stays free at 0x4028 (class 65-128).
    expect(m.malloc(20)).toBe(0x4010)
    expect(m.allocator.freeLists()['class 65-128']).toEqual([[0x4028, 80]])
  })

  it('coalesces a freed block with both free neighbours', () => {
    const { m } = machine()
    const p = [m.malloc(24), m.malloc(24), m.malloc(24), m.malloc(24)] // 4 x 32 from 0x4008
    m.free(p[0]!)
    m.free(p[2]!)
    // Freeing the middle one joins 0x4008 + 0x4028 + 0x4048: 96 bytes in class 65-128.
    m.free(p[1]!)
    const lists = m.allocator.freeLists()
    expect(lists['class 1-32']).toEqual([])
    expect(lists['class 65-128']).toEqual([[0x4008, 96]])
  })

  it('keeps every freed block apart with coalescing none, LIFO in its class', () => {
    const { m } = machine({ coalescing: 'none' })
    const p = [m.malloc(24), m.malloc(24), m.malloc(24)]
    m.free(p[0]!)
    m.free(p[1]!)
    expect(m.allocator.freeLists()['class 1-32']).toEqual([
      [0x4028, 32],
      [0x4008, 32]
    ])
  })

  it('serves large requests with mmap and gives them back on free', () => {
    const { m } = machine({ mmapThreshold: 8192 })
    // 10000 + 16-byte aligned header = 10016 -> 3 pages = 12288 bytes below 0xc000.
    const p = m.malloc(10000)
    expect(p).toBe(0xc000 - 12288 + 16)
    expect(m.allocator.blocks().at(-1)).toMatchObject({
      bin: 'mmap',
      size: 12288,
      requested: 10000
    })
    m.free(p)
    expect(m.allocator.blocks().some((b) => b.bin === 'mmap')).toBe(false)
  })

  it('shows a header overwritten by a heap overflow as corrupted', () => {
    const { m } = machine()
    const p = m.malloc(24) // block 0x4008..0x4027, payload 0x4010..0x4027
    m.malloc(24) // header at 0x4028
    m.memory.write32(p + 24, 0x41414141) // one word past the 24 payload bytes
    const blocks = m.allocator.blocks().filter((b) => b.bin === 'segregated')
    expect(blocks.map((b) => b.corrupted === true)).toEqual([false, true])
  })

  it('grows in place with realloc into the end of the heap', () => {
    const { m } = machine()
    const p = m.malloc(24)
    expect(m.realloc(p, 200)).toBe(p) // last block: the break moves instead
    // 200 + 8 = 208 bytes: 0x4008 + 208 = 0x40d8.
    expect(m.programBreak()).toBe(0x40d8)
  })

  it('grows in place over a free block at the end of the heap, moving the break by the rest', () => {
    const { m } = machine()
    // a = malloc(24): block 0x4008 (32); b = malloc(100): block 0x4028 (112), break 0x4098.
    const a = m.malloc(24)
    const b = m.malloc(100)
    expect([a, b, m.programBreak()]).toEqual([0x4010, 0x4030, 0x4098])
    m.free(b) // a free 112-byte block at the end of the heap
    // realloc(a, 300): 300 + 8 = 308 -> 320 bytes; a (32) + the free block (112) = 144 < 320,
    // so the break moves by 320 - 144 = 176: 0x4098 + 0xb0 = 0x4148 = 0x4008 + 320.
    m.memory.fill(a, 24, 0x5a)
    expect(m.realloc(a, 300)).toBe(a)
    expect(m.programBreak()).toBe(0x4148)
    expect(m.allocator.blocks().filter((x) => x.bin === 'segregated')).toMatchObject([
      { address: 0x4008, size: 320, requested: 300, free: false }
    ])
    expect(m.allocator.freeLists()['class 65-128']).toEqual([])
    expect([...m.memory.readBytes(a, 24)].every((x) => x === 0x5a)).toBe(true)
    expect(m.metrics()).toMatchObject({ freeBlocks: 0, requestedBytes: 300, heapSize: 0x148 })
  })
})

describe('segregated free lists: the wilderness is taken last', () => {
  it('serves a request from a larger class before the free block at the end of the heap', () => {
    const { m } = machine()
    // s = malloc(300): 308 -> 320 bytes at 0x4008..0x4148; a 32-byte guard at 0x4148;
    // v = malloc(24): 32 bytes at 0x4168..0x4188; w = malloc(100): 112 bytes at 0x4188, break
    // 0x41f8.
    const s = m.malloc(300)
    m.malloc(24)
    const v = m.malloc(24)
    const w = m.malloc(100)
    expect([s, v, w, m.programBreak()]).toEqual([0x4010, 0x4170, 0x4190, 0x41f8])
    m.free(s) // 320 free bytes at 0x4008, class 257-512
    m.free(w) // 112 free bytes at 0x4188, class 65-128: the wilderness
    // malloc(20) needs 32 bytes: classes 1-32 and 33-64 are empty, 65-128 holds only the
    // wilderness, so s's block in class 257-512 is cut: 32 bytes at 0x4008, 288 stay free.
    expect(m.malloc(20)).toBe(0x4010)
    const lists = m.allocator.freeLists()
    expect(lists['class 65-128']).toEqual([[0x4188, 112]])
    expect(lists['class 257-512']).toEqual([[0x4028, 288]])
    // So v can still grow into it: 100 + 8 = 108 -> 112 bytes, v (32) + 112 = 144, 32 stay
    // free at 0x4168 + 112 = 0x41d8; no copy, and the break stays.
    expect(m.realloc(v, 100)).toBe(v)
    expect(m.programBreak()).toBe(0x41f8)
    expect(m.allocator.freeLists()['class 1-32']).toEqual([[0x41d8, 32]])
  })

  it('takes the wilderness when no other free block fits', () => {
    const { m } = machine()
    // a = malloc(24): 32 bytes at 0x4008; b = malloc(100): 112 bytes at 0x4028, break 0x4098.
    m.malloc(24)
    m.free(m.malloc(100)) // the only free block: 112 bytes at 0x4028, at the end of the heap
    // malloc(40): 48 bytes, cut from the wilderness; 112 - 48 = 64 stay free at 0x4058.
    expect(m.malloc(40)).toBe(0x4030)
    expect(m.programBreak()).toBe(0x4098)
    expect(m.allocator.freeLists()['class 33-64']).toEqual([[0x4058, 64]])
  })
})

describe('segregated free lists: realloc into the free block after it', () => {
  it('takes what it needs of the next free block and leaves the rest free, freed by the realloc', () => {
    const { m } = machine()
    // a = malloc(24): 32 bytes at 0x4008; b = malloc(200): 208 bytes at 0x4028 (to 0x40f8);
    // c = malloc(24): 32 bytes at 0x40f8, so b is not at the end of the heap; break 0x4118.
    const a = m.malloc(24)
    const b = m.malloc(200)
    m.malloc(24)
    m.free(b) // 208 free bytes at 0x4028, class 129-256
    m.step = 5
    m.line = 9
    // realloc(a, 100): 100 + 8 = 108 -> 112 bytes; a (32) + the free block (208) = 240, so a
    // grows in place to 0x4008 + 112 = 0x4078 and 240 - 112 = 128 bytes stay free there
    // (class 65-128); the break does not move.
    expect(m.realloc(a, 100)).toBe(a)
    expect(m.programBreak()).toBe(0x4118)
    const blocks = m.allocator.blocks().filter((x) => x.bin === 'segregated')
    expect(blocks).toMatchObject([
      { address: 0x4008, size: 112, requested: 100, free: false },
      { address: 0x4078, size: 128, free: true, freed: { step: 5, line: 9 } },
      { address: 0x40f8, size: 32, requested: 24, free: false }
    ])
    expect(blocks[1]!.allocated).toBeUndefined()
    expect(m.allocator.freeLists()['class 129-256']).toEqual([])
    expect(m.allocator.freeLists()['class 65-128']).toEqual([[0x4078, 128]])
    // Headers: 112 | 1 (allocated) and 128 (free); the rest's links are both 0 (alone).
    expect([m.memory.read32(0x4008), m.memory.read32(0x4078)]).toEqual([113, 128])
    expect([m.memory.readPointer(0x4080), m.memory.readPointer(0x4088)]).toEqual([0, 0])
    expect(m.metrics()).toMatchObject({ freeBlocks: 1, requestedBytes: 124 })
  })
})

describe('segregated free lists: realloc into a list head that stays in its class', () => {
  it('moves the rest up in place: same list order, links rewritten at its new address', () => {
    const { m } = machine()
    // x = malloc(24): 32 bytes at 0x4008; y = malloc(200): 208 bytes at 0x4028 (to 0x40f8);
    // a 32-byte guard at 0x40f8; z = malloc(200): 208 bytes at 0x4118; a guard at 0x41e8.
    const x = m.malloc(24)
    const y = m.malloc(200)
    m.malloc(24)
    const z = m.malloc(200)
    m.malloc(24)
    m.free(z)
    m.free(y) // class 129-256, LIFO: 0x4028 -> 0x4118
    expect(m.allocator.freeLists()['class 129-256']).toEqual([
      [0x4028, 208],
      [0x4118, 208]
    ])
    // realloc(x, 40): 40 + 8 = 48 bytes; x (32) + y (208) = 240, so x grows to 48 and the
    // rest, 240 - 48 = 192 bytes at 0x4008 + 48 = 0x4038, is still in class 129-256 and still
    // heads it, in front of z.
    expect(m.realloc(x, 40)).toBe(x)
    expect(m.allocator.freeLists()['class 129-256']).toEqual([
      [0x4038, 192],
      [0x4118, 208]
    ])
    // Headers 48 | 1 and 192; the rest's next link (payload + 0 = 0x4040) is z, its previous
    // (0x4048) 0; z's previous link (0x4118 + 8 + 8) now points at the rest's new address.
    expect([m.memory.read32(0x4008), m.memory.read32(0x4038)]).toEqual([49, 192])
    expect([m.memory.readPointer(0x4040), m.memory.readPointer(0x4048)]).toEqual([0x4118, 0])
    expect(m.memory.readPointer(0x4128)).toBe(0x4038)
    // Free: 192 + 208 = 400 bytes in 2 blocks; requested 40 + 24 + 24 = 88; the break stays.
    expect(m.metrics()).toMatchObject({ freeBlocks: 2, freeBytes: 400, requestedBytes: 88 })
    expect(m.programBreak()).toBe(0x4208)
  })
})

describe('each class list lives in its free blocks (next at payload + 0, previous at + 8)', () => {
  const next = (m: Machine, block: number): number => m.memory.readPointer(block + 8)
  const prev = (m: Machine, block: number): number => m.memory.readPointer(block + 16)

  it('links LIFO within a class, unlinks a taken block, and relinks a merged one', () => {
    const { m } = machine()
    // 4 × malloc(24): 32-byte blocks at 0x4008, 0x4028, 0x4048, 0x4068 (payload = block + 8).
    const p = [m.malloc(24), m.malloc(24), m.malloc(24), m.malloc(24)]
    m.free(p[0]!) // class 1-32: 0x4008 alone — next 0, previous 0
    expect([next(m, 0x4008), prev(m, 0x4008)]).toEqual([0, 0])
    m.free(p[2]!) // its neighbours are allocated: pushed in front, 0x4048 → 0x4008
    expect(m.allocator.freeLists()['class 1-32']).toEqual([
      [0x4048, 32],
      [0x4008, 32]
    ])
    expect([next(m, 0x4048), prev(m, 0x4048)]).toEqual([0x4008, 0])
    expect([next(m, 0x4008), prev(m, 0x4008)]).toEqual([0, 0x4048])
    // The payload of 0x4048 starts 08 40 00 00 00 00 00 00: 0x4008, little-endian.
    expect([...m.memory.readBytes(0x4050, 8)]).toEqual([0x08, 0x40, 0, 0, 0, 0, 0, 0])
    // malloc(10) needs 32 bytes: the head 0x4048 is taken; 0x4008 heads the list again.
    expect(m.malloc(10)).toBe(0x4050)
    expect(prev(m, 0x4008)).toBe(0)
    expect(next(m, 0x4048)).toBe(0x4008) // stale in the allocated block, as in real memory
    // Freeing 0x4028 merges it with the free 0x4008 before it: 64 bytes, class 33-64, alone.
    m.free(p[1]!)
    expect(m.allocator.freeLists()['class 1-32']).toEqual([])
    expect(m.allocator.freeLists()['class 33-64']).toEqual([[0x4008, 64]])
    expect([next(m, 0x4008), prev(m, 0x4008)]).toEqual([0, 0])
  })

  it('after any operations, and after time travel, the words spell out every class list', () => {
    // A trace of 600 pseudo-random operations on 150 ids (sizes 1..700: classes up to 1024).
    const n = 600
    const trace: Trace = {
      name: 'links',
      ids: 150,
      length: n,
      kinds: new Uint8Array(n),
      blockIds: new Int32Array(n),
      sizes: new Float64Array(n),
      lines: new Int32Array(n)
    }
    const live = new Array<boolean>(150).fill(false)
    let seed = 11
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648
      const id = seed % 150
      trace.blockIds[i] = id
      trace.lines[i] = i + 1
      if (!live[id]) {
        trace.kinds[i] = OP_ALLOC
        trace.sizes[i] = 1 + (seed % 700)
        live[id] = true
      } else if (seed % 5 === 0) {
        trace.kinds[i] = OP_REALLOC
        trace.sizes[i] = 1 + ((seed >> 3) % 700)
      } else {
        trace.kinds[i] = OP_FREE
        live[id] = false
      }
    }
    const replay = new TraceReplay(trace, 'segregated', { layout: 'classroom', snapshotEvery: 50 })
    replay.run()
    /** Check every list's words; the number of blocks on lists of two or more. */
    const spelled = (): number => {
      const m = replay.machine
      let linked = 0
      for (const list of Object.values(m.allocator.freeLists())) {
        const at = list.map(([x]) => x)
        if (at.length > 1) linked += at.length
        for (let i = 0; i < at.length; i++) {
          expect(next(m, at[i]!)).toBe(i + 1 < at.length ? at[i + 1] : 0)
          expect(prev(m, at[i]!)).toBe(i > 0 ? at[i - 1] : 0)
        }
      }
      return linked
    }
    let linked = spelled()
    // Going back restores the bookkeeping without memory: the links are written again.
    for (let step = 599; step > 0; step -= 37) {
      replay.seek(step)
      linked += spelled()
    }
    expect(linked).toBeGreaterThan(20) // the check saw real lists, not only lone blocks
  })
})

describe('segregated free lists: invariants over random operations', () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('malloc' as const), size: fc.integer({ min: 0, max: 3000 }) }),
    fc.record({ kind: fc.constant('free' as const), pick: fc.nat() }),
    fc.record({
      kind: fc.constant('realloc' as const),
      pick: fc.nat(),
      size: fc.integer({ min: 1, max: 3000 })
    })
  )
  it('blocks tile the heap, never overlap, payloads are aligned, totals match a recount', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 80 }),
        fc.constantFrom('immediate', 'none'),
        (ops, coalescing) => {
          const { m, a } = machine({ coalescing, mmapThreshold: 2048 })
          const live: number[] = []
          for (const o of ops) {
            if (o.kind === 'malloc') {
              const p = m.malloc(o.size)
              if (p !== 0) live.push(p)
            } else if (live.length > 0) {
              const i = o.pick % live.length
              if (o.kind === 'free') m.free(live.splice(i, 1)[0]!)
              else {
                const q = m.realloc(live[i]!, o.size)
                if (q !== 0) live[i] = q
              }
            }
          }
          const blocks = a.blocks()
          const heap = blocks.filter((b) => b.bin !== 'mmap')
          let at = m.heapStart
          for (const b of heap) {
            expect(b.address).toBe(at)
            at += b.size
            if (b.bin !== 'bookkeeping') expect(b.payload % 16).toBe(0)
            expect(b.corrupted).toBeUndefined()
          }
          expect(at).toBe(m.programBreak())
          if (coalescing === 'immediate') {
            for (let i = 1; i < heap.length; i++)
              expect(heap[i - 1]!.free && heap[i]!.free).toBe(false)
          }
          expect(a.stats()).toEqual(statsFromBlocks(blocks))
          const listed = Object.values(a.freeLists()).flat().length
          expect(listed).toBe(blocks.filter((b) => b.free).length)
          expect(new Set(live).size).toBe(live.length)
        }
      ),
      { numRuns: 150, seed: 20261127 }
    )
  })

  it('restores a machine snapshot (memory + allocator) to the same blocks and lists', () => {
    const { m, a } = machine()
    const p = [m.malloc(10), m.malloc(300), m.malloc(50), m.malloc(700)]
    m.free(p[1]!)
    const snap = m.snapshot()
    const before = { blocks: a.blocks(), lists: a.freeLists(), stats: { ...a.stats() } }
    m.free(p[2]!)
    m.malloc(5)
    m.restore(snap)
    expect({ blocks: a.blocks(), lists: a.freeLists(), stats: { ...a.stats() } }).toEqual(before)
  })

  // A snapshot keeps its numbers in 32 bits when they fit, in doubles when one does not (a step
  // beyond 2^32 here), and each one as a delta against the one before it where small.
  it.each([
    ['steps that fit 32 bits', 0],
    ['steps beyond 32 bits (a snapshot of doubles)', 2 ** 33]
  ])('restores snapshots taken against the one before: %s', (_, stepBase) => {
    const { m, a } = machine()
    const pointers: number[] = []
    const snaps: Array<ReturnType<Machine['snapshot']>> = []
    const views: unknown[] = []
    for (let k = 0; k < 6; k++) {
      for (let j = 0; j < 20; j++) {
        m.step = stepBase + k * 20 + j
        m.line = 1 + j
        if (j % 3 === 2) m.free(pointers[pointers.length - 2] ?? 0)
        else pointers.push(m.malloc(8 + 24 * j))
      }
      snaps.push(m.snapshot(true, snaps[snaps.length - 1]?.allocator))
      views.push({ blocks: a.blocks(), lists: a.freeLists(), stats: { ...a.stats() } })
    }
    expect(snaps.some((s) => (s.allocator as { delta: unknown }).delta !== null)).toBe(true)
    for (const i of [5, 0, 3, 1, 4, 2]) {
      m.restore(snaps[i]!)
      const view = { blocks: a.blocks(), lists: a.freeLists(), stats: { ...a.stats() } }
      expect(view, `snapshot ${i}`).toEqual(views[i])
    }
  })
})
