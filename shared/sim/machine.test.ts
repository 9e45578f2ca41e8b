import { describe, expect, it } from 'vitest'
import { Machine } from './machine'

describe('faults', () => {
  const m = new Machine()
  it('NULL and near-NULL are unmapped (SEGV_MAPERR)', () => {
    expect(m.access(0, 4, 'read')).toMatchObject({ signal: 'SIGSEGV', code: 'SEGV_MAPERR' })
    expect(m.access(8, 8, 'write')?.explanation).toMatch(/NULL pointer plus an offset/)
  })
  it('text is r-x: readable, executable, never writable', () => {
    expect(m.access(0x555555555139, 8, 'read')).toBeNull()
    expect(m.access(0x555555555139, 1, 'execute')).toBeNull()
    expect(m.access(0x555555555139, 4, 'write')).toMatchObject({
      code: 'SEGV_ACCERR',
      segment: 'text'
    })
  })
  it('rodata and the RELRO page are read-only; data and bss are rw-', () => {
    expect(m.access(0x555555556008, 1, 'write')?.explanation).toMatch(/string literals/)
    expect(m.access(0x555555557ff8, 8, 'write')?.code).toBe('SEGV_ACCERR')
    expect(m.access(0x555555558040, 8, 'write')).toBeNull()
  })
  it('the stack has no execute permission and ends at its limit', () => {
    expect(m.access(0x7fffffffe000, 1, 'execute')?.code).toBe('SEGV_ACCERR')
    const bottom = 0x7ffffffff000 - 8 * 1024 * 1024
    expect(m.access(bottom, 8, 'write')).toBeNull()
    const overflow = m.access(bottom - 8, 8, 'write')
    expect(overflow).toMatchObject({ code: 'SEGV_MAPERR', segment: 'stack' })
    expect(overflow?.explanation).toMatch(/stack has overflowed/)
  })
  it('an access that straddles the end of a mapping faults at the first bad byte', () => {
    // .bss ends at 0x555555559000 and the heap is still empty: bytes 0x...8ffc..8fff are
    // fine, 0x...9000 is above the break.
    const f = m.access(0x555555558ffc, 8, 'read')
    expect(f?.address).toBe(0x555555559000)
    expect(f?.explanation).toMatch(/above the program break/)
  })
  it('an address far above the break, nearer the mmap area, is said to be in the gap between', () => {
    // The break is still the heap start, 0x555555559000, and nothing is mmapped, so the mmap
    // area starts at the layout's mmap base, 0x7ffff7dd1000. 0x7fff00000000 is 0x2aa9aaaa7000
    // bytes (46.9 TB) above the break and 0xf7dd1000 (4.2 GB) below the mmap area.
    const f = m.access(0x7fff00000000, 4, 'read')
    expect(f?.code).toBe('SEGV_MAPERR')
    expect(f?.reason).toEqual({
      key: 'fault.heapMmapGap',
      params: {
        access: 'read',
        address: '0x7fff00000000',
        programBreak: '0x555555559000',
        mmapStart: '0x7ffff7dd1000'
      }
    })
    expect(f?.explanation).toBe(
      'Reading 0x7fff00000000 faults: it is in the unmapped gap between the heap and the mmap area, nearer the mmap area (which starts at 0x7ffff7dd1000; the stack lies above it) than the heap (which ends at the program break, 0x555555559000): neither brk nor mmap has given the program memory there.'
    )
    // Nearer the break, "above the program break" stays the explanation.
    expect(m.access(0x555555559000 + 0x1000_0000, 1, 'read')?.reason?.key).toBe('fault.aboveBreak')
  })
})

describe('program break', () => {
  it('moves by bytes but maps whole pages, as Linux does', () => {
    const m = new Machine({ layout: 'classroom' })
    expect(m.sbrk(0)).toBe(0x4000)
    expect(m.sbrk(1)).toBe(0x4000)
    expect(m.programBreak()).toBe(0x4001)
    // The break is 0x4001, but the page 0x4000..0x4fff is mapped.
    expect(m.access(0x4fff, 1, 'write')).toBeNull()
    expect(m.access(0x5000, 1, 'write')?.code).toBe('SEGV_MAPERR')
    // Below the heap start: Linux's brk refuses and returns the unchanged break, which glibc's
    // sbrk takes as success (gcc/glibc 2.36: sbrk(4096) then sbrk(-8192) returns the old
    // break and the break stays): the old break, 0x4001, and no move.
    expect(m.sbrk(-2)).toBe(0x4001)
    expect(m.programBreak()).toBe(0x4001)
    expect(m.sbrk(-1)).toBe(0x4001)
    expect(m.access(0x4000, 1, 'write')?.code).toBe('SEGV_MAPERR')
  })
  it('fails with ENOMEM when the heap would run into the mmap area', () => {
    // classroom: heap 0x4000, mmap area below 0xc000 → at most 0x8000 bytes of heap.
    const m = new Machine({ layout: 'classroom' })
    expect(m.sbrk(0x8000)).toBe(0x4000)
    expect(m.sbrk(1)).toBe(-1)
    expect(m.sbrk(-0x1000)).toBe(0xc000)
    // A mapping placed top-down lands at 0xb000 and now limits the heap to 0xb000.
    expect(m.mmap(100)).toBe(0xb000)
    expect(m.sbrk(1)).toBe(-1)
    expect(m.munmap(0xb000, 100)).toBe(0)
    expect(m.sbrk(1)).toBe(0xb000)
  })
  it('gives back zero-filled pages after shrinking and growing again', () => {
    const m = new Machine({ layout: 'classroom' })
    m.sbrk(4096)
    m.memory.write32(0x4000, 0xdeadbeef)
    m.sbrk(-4096)
    m.sbrk(4096)
    expect(m.memory.read32(0x4000)).toBe(0)
  })
})

describe('mmap for large requests', () => {
  it('serves malloc(1 MiB) from a mapping at the address this machine gives', () => {
    // Measured with gcc/glibc and setarch -R: malloc(1 << 20) returned 0x7ffff7cd0010.
    // 1 MiB + 16 bytes of header rounds to 0x101000 bytes, placed below 0x7ffff7dd1000:
    // 0x7ffff7dd1000 - 0x101000 = 0x7ffff7cd0000, payload 16 bytes in.
    const m = new Machine()
    const p = m.malloc(1 << 20)
    expect(p).toBe(0x7ffff7cd0010)
    expect(m.metrics().mmapBytes).toBe(0x101000)
    m.free(p)
    expect(m.metrics().mmapBytes).toBe(0)
    expect(m.access(p, 1, 'read')?.code).toBe('SEGV_MAPERR')
  })
})

describe('heap checker', () => {
  it('lists the live blocks as payload and requested-size columns in address order (liveExtents)', () => {
    const m = new Machine({ allocator: 'glibc' })
    const h = m.heapStart
    // glibc 2.36: the first chunk starts after the tcache (heap start + 0x290), payload + 0x10;
    // 10 and 20 bytes take 0x20-byte chunks, 100 bytes a 0x70-byte one.
    const a = m.malloc(10)
    const b = m.malloc(20)
    const c = m.malloc(100)
    expect([a - h, b - h, c - h]).toEqual([0x2a0, 0x2c0, 0x2e0])
    m.free(b)
    // 20 bytes again reuse b's chunk from the tcache: added to the table after c, kept before it.
    const d = m.malloc(20)
    expect(d).toBe(b)
    m.free(a)
    const columns = m.liveExtents()
    expect(columns).not.toBeNull()
    expect(Array.from(columns!.payloads)).toEqual([h + 0x2c0, h + 0x2e0])
    expect(Array.from(columns!.requested)).toEqual([20, 100])
    expect(m.liveBlocks().map((x) => [x.payload, x.requested])).toEqual([
      [h + 0x2c0, 20],
      [h + 0x2e0, 100]
    ])
    expect(new Machine({ allocator: 'glibc', checked: false }).liveExtents()).toBeNull()
  })
  it('finds the block a payload pointer names in one look-up (liveRequestedAt)', () => {
    const m = new Machine({ allocator: 'glibc' })
    const h = m.heapStart
    // As above: payloads at heap start + 0x2a0 (10 bytes) and + 0x2c0 (20 bytes).
    const a = m.malloc(10)
    const b = m.malloc(20)
    expect([m.liveRequestedAt(a), m.liveRequestedAt(b)]).toEqual([10, 20])
    // Inside a block, its header, below the heap, the heap's first byte: no payload there.
    expect(m.liveRequestedAt(a + 1)).toBe(-1)
    expect(m.liveRequestedAt(b - 8)).toBe(-1)
    expect(m.liveRequestedAt(h - 1)).toBe(-1)
    expect(m.liveRequestedAt(h)).toBe(-1)
    m.free(a)
    expect(m.liveRequestedAt(a)).toBe(-1)
    // Without the heap checker nothing is known.
    const unchecked = new Machine({ allocator: 'glibc', checked: false })
    expect(unchecked.liveRequestedAt(unchecked.malloc(10))).toBe(-1)
  })
  it('reports a double free with the lines of the malloc and the first free', () => {
    const m = new Machine()
    m.line = 3
    const p = m.malloc(16)
    m.line = 4
    m.free(p)
    m.line = 5
    m.free(p)
    expect(m.events).toHaveLength(1)
    expect(m.events[0]).toMatchObject({
      kind: 'double-free',
      address: p,
      allocated: { line: 3 },
      freed: { line: 4 }
    })
    expect(m.events[0].message).toMatch(/line 4.*line 3/)
  })
  it('reports freeing an interior pointer and a pointer never returned', () => {
    const m = new Machine()
    const p = m.malloc(40)
    m.free(p + 8)
    m.free(0x555555558040)
    expect(m.events.map((e) => e.kind)).toEqual(['invalid-free', 'invalid-free'])
    expect(m.events[0].message).toMatch(/8 bytes into the 40-byte block/)
    expect(m.allocator.blocks().filter((b) => !b.free && b.bin === undefined)).toHaveLength(1)
  })
  it('reports a write in front of a block as an underflow of that block, not an overflow of the one below', () => {
    for (const allocator of ['first-fit', 'glibc'] as const) {
      const m = new Machine({ allocator })
      m.line = 3
      const a = m.malloc(32)
      m.line = 4
      const c = m.malloc(8)
      m.line = 5
      m.access(c - 1, 1, 'write') // c[-1]: the last byte of c's header
      m.line = 6
      m.access(a + 32, 1, 'write') // a[32]: the first byte past a's end is a's overflow
      expect(m.events.map((e) => e.reason?.key)).toEqual([
        'misuse.heapUnderflow',
        'misuse.heapOverflowWrite'
      ])
      expect(m.events[0].allocated).toEqual({ step: 0, line: 4 })
      expect(m.events[0].message).toContain(
        `Writing 1 byte at 0x${(c - 1).toString(16)} is 1 byte before the 8-byte block at 0x${c.toString(16)} (allocated at line 4), in its header`
      )
      expect(m.events[1].message).toContain('goes 1 byte past the end of the 32-byte block')
    }
    // The first block has nothing below it: still its own underflow, not stray memory.
    const m = new Machine()
    const c = m.malloc(8)
    m.access(c - 4, 4, 'read')
    expect(m.events[0].reason?.key).toBe('misuse.heapUnderflow')
    expect(m.events[0].message).toMatch(/Reading 4 bytes at .* is 4 bytes before the 8-byte block/)
  })
  it('reports use after free for reads and writes, once per line', () => {
    const m = new Machine()
    const p = m.malloc(16)
    m.free(p)
    m.line = 7
    expect(m.access(p, 4, 'read')).toBeNull()
    expect(m.access(p + 4, 4, 'read')).toBeNull()
    m.line = 8
    m.access(p, 8, 'write')
    expect(m.events.map((e) => [e.kind, e.step, e.address])).toEqual([
      ['use-after-free', 0, p],
      ['use-after-free', 0, p]
    ])
  })
  it('does not blame a freed block whose payload was handed out again', () => {
    // first-fit: a's 100-byte block is freed, then split for b = malloc(24) at the same payload.
    // b's block is [a - 8, a + 24) (8-byte header, 32 bytes); a + 60 lies in the free rest,
    // still poisoned from a's free. a is live again (as b), so the report names no block.
    const m = new Machine()
    const a = m.malloc(100)
    m.malloc(8) // keeps a's block from merging into the free space after it
    m.free(a)
    const b = m.malloc(24)
    expect(b).toBe(a)
    m.access(a + 60, 4, 'read')
    expect(m.events).toHaveLength(1)
    expect(m.events[0]?.reason?.key).toBe('misuse.useAfterFreeUnknown')
    expect(m.events[0]?.allocated).toBeUndefined()
    // Freed again, the block at a is the one to blame.
    m.free(b)
    m.line = 9
    m.access(a + 4, 4, 'read')
    expect(m.events[1]?.message).toContain('uses the 24-byte block at')
  })
  it('keeps freed blocks out of reuse while they are in quarantine', () => {
    const plain = new Machine()
    const a = plain.malloc(16)
    plain.free(a)
    expect(plain.malloc(16)).toBe(a) // reused at once: a dangling pointer now aliases it
    const checked = new Machine({ quarantineBytes: 1024 })
    const b = checked.malloc(16)
    checked.free(b)
    const c = checked.malloc(16)
    expect(c).not.toBe(b)
    checked.access(b, 1, 'read')
    expect(checked.events[0]?.kind).toBe('use-after-free')
  })
  it('reports an overflow into the next block and shows its header corrupted', () => {
    const m = new Machine()
    const a = m.malloc(24) // first-fit, 8-byte header, 16-byte alignment: block of 32
    const b = m.malloc(24)
    expect(b - a).toBe(32)
    m.line = 12
    // a's payload is 24 bytes; byte 24 is padding, b's header is at a + 24 (b - 8).
    expect(m.access(a + 24, 8, 'write')).toBeNull()
    m.memory.writePointer(a + 24, 0x4141414141)
    expect(m.events[0]).toMatchObject({ kind: 'heap-overflow', address: a + 24 })
    // The 8-byte write covers a + 24 .. a + 31: it ends 32 - 24 = 8 bytes past the payload's end.
    expect(m.events[0].message).toMatch(/goes 8 bytes past the end of the 24-byte block/)
    const blocks = m.allocator.blocks().filter((x) => x.bin === undefined)
    // The heap grew by exactly two 32-byte blocks, so there is no free block after b.
    expect(blocks.map((x) => x.corrupted === true)).toEqual([false, true])
  })
  it('marks malloc memory uninitialized and calloc memory initialized', () => {
    const m = new Machine({ reportUninitializedReads: true })
    const p = m.malloc(8)
    const q = m.calloc(2, 4)
    expect(m.memory.isInitialized(p)).toBe(false)
    expect(m.memory.isRangeInitialized(q, 8)).toBe(true)
    m.access(p, 4, 'read')
    expect(m.events.map((e) => e.kind)).toEqual(['uninitialized-read'])
  })
})

describe('time travel', () => {
  it('restores memory, break, blocks and events of an earlier step', () => {
    const m = new Machine()
    const a = m.malloc(100)
    m.memory.write32(a, 42)
    const before = m.snapshot()
    const blocksBefore = m.allocator.blocks()
    const breakBefore = m.programBreak()
    m.step = 1
    m.memory.write32(a, 43)
    m.free(a)
    m.free(a)
    m.malloc(5000)
    m.restore(before)
    expect(m.memory.read32(a)).toBe(42)
    expect(m.programBreak()).toBe(breakBefore)
    expect(m.allocator.blocks()).toEqual(blocksBefore)
    expect(m.events).toHaveLength(0)
    m.free(a) // still live after restore: no double free
    expect(m.events).toHaveLength(0)
  })
})

describe('mremap', () => {
  it('grows in place when the pages above are free, otherwise moves the contents', () => {
    const m = new Machine({ layout: 'classroom' })
    // mmap area below 0xc000: a = 0xb000 (1 page), b = 0xa000 (1 page) just below it.
    const a = m.mmap(4096)
    const b = m.mmap(4096)
    expect([a, b]).toEqual([0xb000, 0xa000])
    m.memory.write32(b, 77)
    // b cannot grow in place (a is right above it): it moves to the highest free gap that
    // takes two pages, 0x8000..0xa000, with its contents.
    const moved = m.mremap(b, 4096, 8192)
    expect(moved).toBe(0x8000)
    expect(m.memory.read32(moved)).toBe(77)
    expect(m.access(0xa000, 1, 'read')?.code).toBe('SEGV_MAPERR')
    // a can shrink, and then grow back in place up to the mmap base.
    expect(m.mremap(a, 4096, 4096)).toBe(a)
    expect(m.mremap(moved, 8192, 4096)).toBe(0x8000)
    expect(m.mremap(0x8000, 4096, 8192)).toBe(0x8000)
    expect(m.mmapBytes()).toBe(4096 + 8192)
  })
})

describe('heap log', () => {
  it('records each call and each break move with its step and line, and rewinds', () => {
    const m = new Machine({ layout: 'classroom', allocatorOptions: { alignment: 8 } })
    m.step = 1
    m.line = 10
    const p = m.malloc(16) // grows the heap by 24 bytes: brk, then malloc
    const snap = m.snapshot()
    m.step = 2
    m.line = 11
    m.free(p)
    expect(m.log.entries().map((e) => [e.step, e.line, e.op, e.result])).toEqual([
      [1, 10, 'brk', 0x4000],
      [1, 10, 'malloc', p],
      [2, 11, 'free', 0]
    ])
    expect(m.log.entry(0).programBreak).toBe(0x4018)
    m.restore(snap)
    expect(m.log.length).toBe(2)
  })

  it("gives every entry the break after its call: heap calls don't pass it, brk entries move it", () => {
    // glibc grows the heap on its first malloc: a brk entry from inside the call, before the
    // malloc's own entry.
    const m = new Machine({ layout: 'classroom', allocator: 'glibc' })
    const breaks: number[] = []
    const call = (f: () => unknown): void => {
      const before = m.log.length
      f()
      // The call's own entry is the last one; a brk inside it comes before it.
      for (let i = before; i < m.log.length - 1; i++) expect(m.log.entry(i).op).toBe('brk')
      breaks.push(m.programBreak())
    }
    m.step = 1
    call(() => m.free(0)) // before any brk: the heap's start
    m.step = 2
    let p = 0
    call(() => (p = m.malloc(100)))
    const snap = m.snapshot()
    m.step = 3
    call(() => m.free(p))
    m.restore(snap)
    m.step = 3
    call(() => m.calloc(2, 8))
    const heapCalls = m.log.entries().filter((e) => e.op !== 'brk')
    expect(heapCalls.map((e) => e.op)).toEqual(['free', 'malloc', 'calloc'])
    expect(heapCalls.map((e) => e.programBreak)).toEqual([breaks[0], breaks[1], breaks[3]])
    expect(breaks[0]).toBe(m.heapStart)
    expect(breaks[1]).toBeGreaterThan(m.heapStart)
  })
})

describe('classroom layout and overrides', () => {
  it('faults below the 8 KiB classroom stack and above its top', () => {
    const m = new Machine({ layout: 'classroom' })
    // stack 0xd000..0xf000 (top 0xf000 − 8 KiB)
    expect(m.access(0xd000, 4, 'write')).toBeNull()
    expect(m.access(0xcffc, 4, 'write')?.explanation).toMatch(/stack has overflowed/)
    expect(m.access(0xf000, 1, 'read')?.explanation).toMatch(
      /above the top of the stack \(0xf000\)/
    )
  })
  it('takes a smaller stack limit per run', () => {
    const m = new Machine({ layoutOverrides: { stackLimit: 1 << 20 } })
    // 0x7ffffffff000 − 0x100000 = 0x7fffffeff000
    expect(m.access(0x7fffffeff000, 8, 'write')).toBeNull()
    expect(m.access(0x7fffffefeff8, 8, 'write')?.segment).toBe('stack')
  })
  it('serves classroom requests of 8 KiB and more with mmap (the classroom threshold)', () => {
    const m = new Machine({ layout: 'classroom' })
    const p = m.malloc(8192)
    // 8192 + 16 bytes of header → 3 pages below 0xc000 → 0x9000, payload 0x9010
    expect(p).toBe(0x9010)
    expect(m.programBreak()).toBe(0x4000)
  })
})

describe("the machine's limits", () => {
  it('refuses a request beyond RAM + swap (16 GiB by default) and maps a GiB without pages', () => {
    const m = new Machine({ allocator: 'glibc' })
    // Linux's overcommit check refuses 1 TiB on a machine with less RAM + swap (gcc: NULL).
    expect(m.malloc(2 ** 40)).toBe(0)
    const p = m.malloc(2 ** 30)
    expect(p).not.toBe(0)
    expect(m.access(p, 1, 'write')).toBeNull()
    m.memory.write8(p + 2 ** 30 - 1, 2)
    // The block is tagged allocated and uninitialized, yet only the pages written exist: its
    // header's and its last byte's (512-byte storage pages), and the two that glibc's tcache
    // (656 bytes at the heap's start, written by the first malloc) spans.
    expect(m.memory.pageCount()).toBeLessThanOrEqual(4)
    m.free(p)
    // munmap gives the mapping's pages back: the tcache's two remain.
    expect(m.memory.pageCount()).toBeLessThanOrEqual(2)
    const small = new Machine({ layoutOverrides: { memoryLimit: 1 << 20 } })
    expect(small.sbrk(1 << 20)).not.toBe(-1)
    expect(small.sbrk(4096)).toBe(-1)
    expect(small.mmap(4096)).toBe(-1)
  })
  it('faults at every address beyond user space, even where a double rounds', () => {
    const m = new Machine()
    // 0xdeadbeefdeadbeef as a double: 0xdeadbeefdeadc000 (doubles there are 2048 apart).
    const wild = Number(0xdeadbeefdeadbeefn)
    for (const a of [wild, 2 ** 53 + 4096, 2 ** 60, 0x4141414141414141, 0x800000000000]) {
      expect(m.access(a, 4, 'read')?.signal).toBe('SIGSEGV')
      expect(m.access(a, 8, 'write')?.signal).toBe('SIGSEGV')
    }
    expect(m.access(wild, 4, 'read')?.explanation).toMatch(/about 0xdeadbeefdeadc000/)
    // si_code as this machine's kernel reports it to a SIGSEGV handler (Linux, x86-64): 128
    // (SI_KERNEL) for 0x900000000000, 0x800000000000, 0xfff0000000000000 and for a 4-byte write
    // at 0x7ffffffffffe that runs past user space; 1 (SEGV_MAPERR) for 0x7ffffffff000 and for
    // the kernel's canonical 0xffff900000000000.
    for (const a of [0x900000000000, 0x800000000000, Number(0xfff0000000000000n)])
      expect(m.access(a, 4, 'write')?.code).toBe('SI_KERNEL')
    expect(m.access(0x7ffffffffffe, 4, 'write')?.code).toBe('SI_KERNEL')
    expect(m.access(0x7ffffffff000, 4, 'write')?.code).toBe('SEGV_MAPERR')
    expect(m.access(Number(0xffff900000000000n), 4, 'write')?.code).toBe('SEGV_MAPERR')
    // (int *)0xffffffffffffff00 rounds to 2^64; it must not be shown as address 0x0.
    const top = m.access(2 ** 64, 4, 'write')
    expect(top?.explanation).toMatch(/0xfffffffffffff800/)
    expect(top?.explanation).not.toMatch(/0x0\b/)
  })
})

describe('heap view origins', () => {
  it("adds the checker's allocation and free origins to glibc's blocks, every other field as glibc gives it", () => {
    const m = new Machine({ allocator: 'glibc' })
    m.step = 1
    m.line = 3
    const a = m.malloc(24)
    m.step = 2
    m.line = 4
    const b = m.malloc(40)
    m.step = 5
    m.line = 7
    m.free(a)
    const raw = m.allocator.blocks()
    const view = m.heapView().blocks
    expect(view).toHaveLength(raw.length)
    for (let i = 0; i < raw.length; i++) expect(view[i]).toMatchObject(raw[i] as object)
    const blockA = view.find((x) => x.payload === a)
    const blockB = view.find((x) => x.payload === b)
    // a: malloc at step 1 line 3, free at step 5 line 7 (a tcache chunk now); b: malloc at 2, 4.
    expect(blockA).toMatchObject({
      free: true,
      allocated: { step: 1, line: 3 },
      freed: { step: 5, line: 7 }
    })
    expect(blockB).toMatchObject({ free: false, allocated: { step: 2, line: 4 } })
    expect(blockB?.freed).toBeUndefined()
    // glibc's own bookkeeping (its tcache structure) and the top chunk get no origins.
    for (const x of view)
      if (x.bin === 'bookkeeping' || x.bin === 'top') expect(x.allocated).toBeUndefined()
  })
})
