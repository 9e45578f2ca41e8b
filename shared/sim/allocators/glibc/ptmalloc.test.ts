import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Machine } from '../../machine'
import { statsFromBlocks } from '../../metrics'
import '../index'
import { AllocatorCounter, ProcessAbort, ProcessFault } from '../../types'
import { GlibcAllocator, request2size } from './ptmalloc'
import { DEFAULT_TUNABLES, parseTunables, readTunables } from './tunables'
import { SimpleHeapHost } from './test-host'

const HEAP = 0x555555559000

function fresh(tunables = ''): { host: SimpleHeapHost; glibc: GlibcAllocator } {
  const host = new SimpleHeapHost(HEAP)
  return { host, glibc: new GlibcAllocator(host, { tunables }) }
}

describe('parseTunables', () => {
  it('reads glibc.malloc.* entries separated by colons, in decimal, hex and octal', () => {
    const t = parseTunables(
      'glibc.malloc.tcache_count=0:glibc.malloc.mmap_threshold=0x10000:glibc.malloc.top_pad=010'
    )
    expect(t.tcacheCount).toBe(0)
    expect(t.mmapThreshold).toBe(65536)
    expect(t.topPad).toBe(8)
    // Setting mmap_threshold or top_pad turns the dynamic threshold off, as mallopt does.
    expect(t.noDynamicThreshold).toBe(true)
    expect(t.trimThreshold).toBe(DEFAULT_TUNABLES.trimThreshold)
  })

  it('leaves tunables of other namespaces alone and keeps the defaults for an empty string', () => {
    expect(parseTunables('glibc.cpu.hwcaps=-AVX2:glibc.rtld.nns=2')).toEqual(DEFAULT_TUNABLES)
    expect(parseTunables('')).toEqual(DEFAULT_TUNABLES)
  })

  it('ignores what glibc 2.36 ignores and says which entry and why', () => {
    const reading = readTunables(
      'glibc.malloc.tcache_count:glibc.malloc.tcache_cnt=1:glibc.malloc.perturb=256:' +
        'glibc.malloc.tcache_max=2000:glibc.malloc.mmap_max=-1:glibc.malloc.top_pad=4096'
    )
    expect(reading.tunables).toEqual({
      ...DEFAULT_TUNABLES,
      topPad: 4096,
      noDynamicThreshold: true
    })
    expect(reading.ignored.map((i) => [i.entry, i.reason])).toEqual([
      ['glibc.malloc.tcache_count', 'glibc skips an entry that is not of the form name=value'],
      ['glibc.malloc.tcache_cnt=1', expect.stringMatching(/no malloc tunable named/)],
      ['glibc.malloc.perturb=256', '256 is outside 0..255, so glibc keeps the value 0'],
      ['glibc.malloc.tcache_max=2000', 'malloc takes at most 1032, so glibc keeps the value 1032'],
      ['glibc.malloc.mmap_max=-1', expect.stringMatching(/^-1 is outside 0\.\.2147483647/)]
    ])
  })

  it('reads numbers as _dl_strtoul does: sign, blanks, stopping at the first non-digit', () => {
    // -1 is the largest size, which the type accepts and malloc's own limit then refuses.
    expect(parseTunables('glibc.malloc.tcache_count=-1').tcacheCount).toBe(7)
    expect(parseTunables('glibc.malloc.mmap_threshold=-1').mmapThreshold).toBe(2 ** 64)
    expect(parseTunables('glibc.malloc.tcache_count=seven').tcacheCount).toBe(0)
    expect(parseTunables('glibc.malloc.tcache_count=3x').tcacheCount).toBe(3)
    expect(parseTunables('glibc.malloc.tcache_count= +09').tcacheCount).toBe(0) // octal, stops at 9
    expect(parseTunables('glibc.malloc.tcache_count=1=2').tcacheCount).toBe(1)
    // Too large for 64 bits: UINT64_MAX, which malloc refuses for tcache_count.
    expect(parseTunables('glibc.malloc.tcache_count=99999999999999999999999').tcacheCount).toBe(7)
  })

  it("lets the last accepted entry of a name win, then applies malloc's own limit to it", () => {
    expect(
      parseTunables('glibc.malloc.tcache_count=2:glibc.malloc.tcache_count=3').tcacheCount
    ).toBe(3)
    expect(
      parseTunables('glibc.malloc.tcache_count=2:glibc.malloc.tcache_count=70000').tcacheCount
    ).toBe(7)
    expect(parseTunables('glibc.malloc.perturb=2:glibc.malloc.perturb=300').perturb).toBe(2)
  })

  it('refuses huge pages, which the simulator does not model', () => {
    expect(() => parseTunables('glibc.malloc.hugetlb=1')).toThrow(/not simulated/)
    expect(parseTunables('glibc.malloc.hugetlb=0')).toEqual(DEFAULT_TUNABLES)
  })
})

describe('chunk geometry', () => {
  it('rounds a request up to a 16-byte multiple after adding the 8-byte size word, 32 at least', () => {
    // (req + 8 + 15) & ~15, never below MINSIZE = 32.
    expect(request2size(0)).toBe(32)
    expect(request2size(24)).toBe(32) // 24 + 8 = 32 exactly: the next chunk's prev_size is lent
    expect(request2size(25)).toBe(48)
    expect(request2size(100)).toBe(112) // 100 + 8 = 108 -> 112
    expect(request2size(1032)).toBe(1040)
  })

  it('places the first malloc after the tcache bookkeeping chunk and grows the break by 132 KiB', () => {
    const { host, glibc } = fresh()
    const p = glibc.malloc(16)
    // 0x290 bytes of tcache_perthread_struct chunk, then this chunk's 16-byte header.
    expect(p).toBe(HEAP + 0x290 + 0x10)
    // 0x290 + 0x20 (this chunk) + 128 KiB top_pad = 0x202b0, rounded up to a page: 0x21000.
    expect(host.programBreak()).toBe(HEAP + 0x21000)
    // The size word at p - 8: 0x20 with PREV_INUSE.
    expect(host.memory.read64(p - 8)).toBe(0x21n)
  })

  it('labels every chunk and tiles the heap up to the break', () => {
    const { host, glibc } = fresh()
    const a = glibc.malloc(16)
    const b = glibc.malloc(100)
    glibc.free(a)
    const blocks = glibc.blocks()
    expect(blocks.map((x) => [x.address - HEAP, x.size, x.bin, x.free])).toEqual([
      [0x8, 0x290, 'bookkeeping', false],
      [0x298, 0x20, 'tcache', true],
      [0x2b8, 0x70, undefined, false],
      // top: 0x21000 - 0x290 - 0x20 - 0x70 = 0x20ce0 bytes of chunk, less the 8 bytes the
      // view starts late (the first chunk's prev_size) so the last block ends at the break.
      [0x328, 0x20ce0 - 8, 'top', true]
    ])
    // The first block is the tcache's own chunk, named as such for the views.
    expect(blocks[0]?.role).toBe('tcache-struct')
    expect(blocks.filter((x) => x.role !== undefined)).toHaveLength(1)
    const used = blocks[2]
    expect(used?.payload).toBe(b)
    expect(used?.requested).toBe(100)
    expect(used?.paddingBytes).toBe(0x70 - 8 - 100)
    const last = blocks[blocks.length - 1]
    expect((last?.address ?? 0) + (last?.size ?? 0)).toBe(host.programBreak())
    expect(glibc.freeLists()['tcache[0x20]']).toEqual([[a - 8, 0x20]])
  })

  it('names the fence posts that close a region left behind when the program moved the break', () => {
    const { host, glibc } = fresh()
    glibc.malloc(16)
    const moved = host.sbrk(4096)
    glibc.malloc(100000)
    // The top (0x20ce0 - 100016 bytes) cannot serve another 100000: sysmalloc finds the break
    // moved by someone else, starts a new top there and closes the old one with two fence
    // posts (16-byte chunks), freeing what lies before them.
    glibc.malloc(100000)
    const fenceposts = glibc.blocks().filter((x) => x.role === 'fencepost')
    expect(fenceposts.map((x) => [x.size, x.bin])).toEqual([
      [16, 'bookkeeping'],
      [16, 'bookkeeping']
    ])
    // The second one (its chunk starts 8 bytes before the block's size word) ends where the old
    // top ended: at the old break, where the page the program took with sbrk begins.
    expect((fenceposts[1]?.address ?? 0) - 8 + 16).toBe(moved)
  })

  it('labels fast, unsorted, small and large bin chunks and mmapped chunks', () => {
    const { glibc } = fresh('glibc.malloc.tcache_count=0')
    const fast = glibc.malloc(40)
    glibc.malloc(16)
    const small = glibc.malloc(500)
    glibc.malloc(16)
    const large = glibc.malloc(3000)
    glibc.malloc(16)
    const mapped = glibc.malloc(1 << 20)
    glibc.free(fast)
    glibc.free(small)
    glibc.free(large)
    const binOf = (pointer: number): string | undefined =>
      glibc.blocks().find((b) => b.payload === pointer)?.bin
    expect(binOf(fast)).toBe('fastbin')
    expect(binOf(small)).toBe('unsorted')
    expect(binOf(mapped)).toBe('mmap')
    // malloc(16) (chunk 0x20) finds no exact fit: it sorts both unsorted chunks into their bins,
    // then takes the smallest non-empty bin above its own, the 512-byte small chunk, and
    // splits it: 0x20 for the request, 512 - 32 = 480 back to the unsorted bin as the
    // last remainder, which the next small request splits again.
    expect(glibc.malloc(16)).toBe(small)
    expect(binOf(large)).toBe('largebin')
    const remainder = glibc.blocks().find((b) => b.payload === small + 32)
    expect([remainder?.size, remainder?.bin]).toEqual([480, 'unsorted'])
    expect(glibc.malloc(16)).toBe(small + 32)
    expect(glibc.blocks().find((b) => b.payload === small + 64)?.size).toBe(448)
  })
})

describe('misuse', () => {
  it('aborts through the host with glibc message and SIGABRT', () => {
    const { glibc } = fresh()
    const p = glibc.malloc(24)
    glibc.free(p)
    let thrown: unknown
    try {
      glibc.free(p)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ProcessAbort)
    expect((thrown as ProcessAbort).signal).toBe('SIGABRT')
    expect((thrown as ProcessAbort).message).toBe('free(): double free detected in tcache 2')
  })

  it('faults (SIGSEGV, SEGV_MAPERR) where free reads the size word of an already unmapped chunk', () => {
    // As the real process does (tools/probes/README.md): the first free munmaps the 1 MiB
    // chunk, the second reads its size word at pointer - 8 from memory that is gone.
    const machine = new Machine({ layout: 'linux-x86_64', allocator: 'glibc', checked: false })
    const p = machine.malloc(1 << 20)
    // The first mmap of the process ends at 0x7ffff7dd1000: 0x101000 bytes below it, + 16.
    expect(p).toBe(0x7ffff7cd0010)
    machine.free(p)
    let thrown: unknown
    try {
      machine.free(p)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ProcessFault)
    const fault = (thrown as ProcessFault).fault
    expect((thrown as ProcessFault).signal).toBe('SIGSEGV')
    expect(fault).toMatchObject({ signal: 'SIGSEGV', code: 'SEGV_MAPERR', address: p - 8 })
    expect(fault.access).toBe('read')
  })

  it('declares that it detects misuse itself', () => {
    expect(fresh().glibc.nativeMisuse).toBe(true)
  })
})

describe('time travel', () => {
  it('restores its own state together with memory', () => {
    const { host, glibc } = fresh()
    const a = glibc.malloc(40)
    glibc.malloc(40)
    glibc.free(a)
    const memory = host.memory.snapshot()
    const state = glibc.snapshot()
    const before = glibc.blocks()
    const first = glibc.malloc(40)
    glibc.malloc(3000)
    glibc.free(first)
    // Held now: the second 40-byte block and the 3000 bytes; at the snapshot only the 40.
    expect(glibc.counters[AllocatorCounter.requestedBytes]).toBe(40 + 3000)
    host.memory.restore(memory)
    glibc.restore(state)
    expect(glibc.blocks()).toEqual(before)
    expect(glibc.counters[AllocatorCounter.requestedBytes]).toBe(40)
    expect(glibc.malloc(40)).toBe(first)
  })
})

describe('invariants over random operation sequences', () => {
  const operation = fc.oneof(
    fc.record({ kind: fc.constant('malloc' as const), size: fc.integer({ min: 0, max: 5000 }) }),
    fc.record({
      kind: fc.constant('big' as const),
      size: fc.integer({ min: 100000, max: 400000 })
    }),
    fc.record({ kind: fc.constant('calloc' as const), size: fc.integer({ min: 0, max: 600 }) }),
    fc.record({ kind: fc.constant('free' as const), pick: fc.nat() }),
    fc.record({
      kind: fc.constant('realloc' as const),
      pick: fc.nat(),
      size: fc.integer({ min: 1, max: 6000 })
    }),
    fc.record({
      kind: fc.constant('memalign' as const),
      alignment: fc.constantFrom(8, 32, 64, 100, 128, 1024, 4096),
      size: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 100000, max: 300000 }))
    }),
    fc.record({ kind: fc.constant('trim' as const), pad: fc.constantFrom(0, 4096, 200000) })
  )

  it('payloads are aligned, never overlap, fit their request, and heap blocks tile to the break', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 120 }), fc.boolean(), (ops, noTcache) => {
        const { host, glibc } = fresh(noTcache ? 'glibc.malloc.tcache_count=0' : '')
        const live: Array<{ pointer: number; size: number }> = []
        for (const op of ops) {
          if (op.kind === 'trim') {
            glibc.mallocTrim(op.pad)
          } else if (op.kind === 'memalign') {
            const pointer = glibc.memalign(op.alignment, op.size)
            expect(pointer % Math.max(16, 2 ** Math.ceil(Math.log2(op.alignment)))).toBe(0)
            expect(glibc.mallocUsableSize(pointer)).toBeGreaterThanOrEqual(op.size)
            live.push({ pointer, size: op.size })
          } else if (op.kind === 'free' || op.kind === 'realloc') {
            if (live.length === 0) continue
            const index = op.pick % live.length
            const victim = live[index] as { pointer: number; size: number }
            if (op.kind === 'free') {
              glibc.free(victim.pointer)
              live.splice(index, 1)
            } else {
              victim.pointer = glibc.realloc(victim.pointer, op.size)
              victim.size = op.size
            }
          } else {
            const pointer = op.kind === 'calloc' ? glibc.calloc(1, op.size) : glibc.malloc(op.size)
            live.push({ pointer, size: op.size })
          }
          // The incrementally kept totals agree with a fresh count over the blocks, every step,
          // and the requested-bytes counter with the sizes this test asked for.
          expect(glibc.stats().toJSON()).toEqual(statsFromBlocks(glibc.blocks()))
          expect(glibc.counters[AllocatorCounter.requestedBytes]).toBe(
            live.reduce((sum, block) => sum + block.size, 0)
          )
        }
        // blockBounds says where each live block lies, as blockAt does, without a BlockInfo.
        const bounds = new Float64Array(2)
        for (const { pointer } of live) {
          const block = glibc.blockAt(pointer)
          expect(glibc.blockBounds(pointer, bounds)).toBe(true)
          expect([...bounds]).toEqual([block?.address, block?.size])
        }
        expect(glibc.blockBounds(HEAP + 0x10, bounds)).toBe(false)
        for (const { pointer } of live) expect(pointer % 16).toBe(0)
        const byAddress = [...live].sort((x, y) => x.pointer - y.pointer)
        for (let i = 1; i < byAddress.length; i++) {
          const previous = byAddress[i - 1] as { pointer: number; size: number }
          expect((byAddress[i] as { pointer: number }).pointer).toBeGreaterThanOrEqual(
            previous.pointer + previous.size
          )
        }
        const blocks = glibc.blocks()
        // The incrementally kept totals agree with a fresh count over the blocks.
        expect(glibc.stats().toJSON()).toEqual(statsFromBlocks(blocks))
        const heap = blocks.filter((b) => b.bin !== 'mmap')
        if (heap.length === 0) return
        let expected = HEAP + 8
        for (const block of heap) {
          expect(block.address).toBe(expected)
          expected += block.size
        }
        expect(expected).toBe(host.programBreak())
        for (const { pointer, size } of live) {
          const block = blocks.find((b) => b.payload === pointer)
          expect(block?.free).toBe(false)
          expect((block?.size ?? 0) - (block?.headerBytes ?? 0)).toBeGreaterThanOrEqual(size)
        }
      }),
      { numRuns: 60, seed: 8 }
    )
  })
})

describe('the classroom profile', () => {
  it('scales the top pad, mmap threshold and trim threshold to a 64 KiB space', () => {
    const machine = new Machine({ layout: 'classroom', allocator: 'glibc' })
    const start = machine.heapStart
    const a = machine.malloc(16)
    // The tcache's 0x290 chunk first, then this chunk's 16-byte header.
    expect(a).toBe(start + 0x2a0)
    // The first sysmalloc is for the tcache chunk: 0x290 + one page of pad + MINSIZE 0x20 =
    // 0x12b0, rounded up to pages: 0x2000; malloc(16) then comes from the top.
    expect(machine.programBreak()).toBe(start + 0x2000)
    // 8 KiB and more is mmapped: size word 8192 + 8 rounded up to pages = 0x3000, IS_MMAPPED.
    const big = machine.malloc(8192)
    expect(machine.memory.read64(big - 8)).toBe(0x3002n)
    // Tunables still win: with top_pad=0 the first break is 0x290 + 0x20 = 0x2b0 -> one page.
    const tuned = new Machine({
      layout: 'classroom',
      allocator: 'glibc',
      allocatorOptions: { tunables: 'glibc.malloc.top_pad=0' }
    })
    tuned.malloc(16)
    expect(tuned.programBreak()).toBe(tuned.heapStart + 0x1000)
  })
})

describe('time travel on the Machine', () => {
  it('restores the heap, the break and the allocator together', () => {
    const machine = new Machine({ allocator: 'glibc' })
    const a = machine.malloc(40)
    machine.malloc(3000)
    machine.free(a)
    const snapshot = machine.snapshot()
    const blocks = machine.allocator.blocks()
    const brk = machine.programBreak()
    // Move on: reuse a, grow the break past the first 132 KiB, mmap a chunk.
    const again = machine.malloc(40)
    expect(again).toBe(a)
    for (let i = 0; i < 100; i++) machine.malloc(2000)
    machine.malloc(1 << 20)
    expect(machine.programBreak()).toBeGreaterThan(brk)
    machine.restore(snapshot)
    expect(machine.programBreak()).toBe(brk)
    expect(machine.allocator.blocks()).toEqual(blocks)
    expect(machine.malloc(40)).toBe(a)
  })
})

describe('corrupted lists that would loop forever', () => {
  it('stops a best-fit search whose nextsize links go round in a circle', () => {
    const { host, glibc } = fresh('glibc.malloc.tcache_count=0')
    // Two free chunks in the same large bin (3008 and 3056 bytes: both 5 * 512 + ..., bin 96).
    const small = glibc.malloc(3000)
    glibc.malloc(16)
    const big = glibc.malloc(3040)
    glibc.malloc(16)
    glibc.free(small)
    glibc.free(big)
    glibc.malloc(5000) // sorts both into their large bin
    expect(glibc.blocks().find((b) => b.payload === small)?.bin).toBe('largebin')
    // A use after free points the small chunk's bk_nextsize (chunk + 40) at itself.
    const smallChunk = small - 16
    host.memory.write64(smallChunk + 40, BigInt(smallChunk))
    // malloc(3040) wants 3056: the walk from the smallest chunk upwards never gets there.
    expect(() => glibc.malloc(3040)).toThrow(/corrupted a large bin/)
  })
})

describe('listing bins whose links a use after free overwrote', () => {
  // `int *p = malloc(16); free(p); p[1] = 42;` puts 42 in the upper half of the cached chunk's
  // (safe-linking mangled) next link: (0x5555555592a0 >> 12) ^ 0x0000002a55555559 = 0x2f00000000,
  // not mapped. The real glibc runs on (only a later malloc follows the link); the views list the
  // bin up to that chunk instead of faulting, which had failed every state after the write.
  // freeLists names each chunk by its size field's address, as the free-list view draws it.
  it('a tcache bin ends at the chunk whose link leads out of mapped memory', () => {
    const machine = new Machine({ allocator: 'glibc' })
    const p = machine.malloc(16)
    expect(p).toBe(0x5555555592a0)
    machine.free(p)
    machine.memory.write32(p + 4, 42)
    expect(machine.access(0x2f00000000, 8, 'read')).not.toBeNull()
    const cached = machine.allocator.blocks().find((b) => b.payload === p)
    expect(cached?.bin).toBe('tcache')
    expect(machine.allocator.freeLists()['tcache[0x20]']).toEqual([[p - 8, 32]])
  })

  it('a fast bin and the unsorted bin likewise', () => {
    const machine = new Machine({
      allocator: 'glibc',
      allocatorOptions: { tunables: 'glibc.malloc.tcache_count=0' }
    })
    const fast = machine.malloc(16)
    const small = machine.malloc(200)
    machine.malloc(16) // keeps the 208-byte chunk off the top
    machine.free(fast)
    machine.free(small)
    // A fast chunk's fd is mangled as the tcache's is; a binned chunk's is a plain address.
    machine.memory.write32(fast + 4, 42)
    machine.memory.write32(small + 4, 0x2f)
    const bins = new Map(machine.allocator.blocks().map((b) => [b.payload, b.bin]))
    expect(bins.get(fast)).toBe('fastbin')
    expect(bins.get(small)).toBe('unsorted')
    const lists = machine.allocator.freeLists()
    expect(lists['fastbin[0x20]']).toEqual([[fast - 8, 32]])
    expect(lists.unsorted).toEqual([[small - 8, 208]])
  })
})

describe('totals when free aborts', () => {
  it('keeps the heap totals as they were when glibc aborts on a size word the program overwrote', () => {
    // memset(a, 'A', 40) over two malloc(16): b's size word reads 0x4141414141414141, and
    // free(b) aborts ("double free or corruption (out)", as gcc 12 + glibc 2.36 do). The totals
    // had counted b out first: -4.7e18 bytes in blocks at the step the process died.
    const machine = new Machine({ allocator: 'glibc' })
    const a = machine.malloc(16)
    const b = machine.malloc(16)
    for (let offset = 0; offset < 40; offset += 4) machine.memory.write32(a + offset, 0x41414141)
    expect(() => machine.free(b)).toThrow(/double free or corruption \(out\)/)
    // two 32-byte chunks for 16 bytes each, both still the program's
    const metrics = machine.metrics()
    expect(metrics.allocatedBytes).toBe(64)
    expect(metrics.requestedBytes).toBe(32)
    expect(metrics.liveBlocks).toBe(2)
  })
})
