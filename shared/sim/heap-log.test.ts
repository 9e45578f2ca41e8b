import { describe, expect, it } from 'vitest'
import { HeapLog, HeapOpCode, type HeapOp } from './heap-log'

describe('HeapLog', () => {
  it('keeps every entry across its chunks (the first one growing), and a truncate rewinds it', () => {
    const log = new HeapLog()
    // Entry i: step i, line i (none when i is a multiple of 3), pointer 2i, size 3i,
    // result 4i, break 5i: 10,000 entries span the first chunk's growth (256, 512, ... 4096
    // entries) and three 4096-entry chunks.
    for (let i = 0; i < 10000; i++) {
      log.push(i, i % 3 === 0 ? undefined : i, 'malloc', 2 * i, 3 * i, 4 * i, 5 * i)
    }
    expect(log.length).toBe(10000)
    for (const i of [0, 1, 255, 256, 257, 1023, 1024, 4095, 4096, 4097, 8191, 8192, 9999]) {
      expect(log.entry(i)).toEqual({
        step: i,
        ...(i % 3 === 0 ? {} : { line: i }),
        op: 'malloc',
        pointer: 2 * i,
        size: 3 * i,
        result: 4 * i,
        programBreak: 5 * i
      })
    }
    // Back to 2,000 entries (inside the first chunk), then 3,000 frees written over the rest
    // and on into the second chunk.
    log.truncate(2000)
    for (let i = 2000; i < 5000; i++) log.push(i + 7, 1, 'free', 0, 0, 0, 0)
    expect(log.length).toBe(5000)
    expect(log.entry(1999).op).toBe('malloc')
    expect(log.entry(2000)).toMatchObject({ step: 2007, op: 'free', line: 1 })
    expect(log.entry(4096)).toMatchObject({ step: 4103, op: 'free' })
    expect(log.entry(4999)).toMatchObject({ step: 5006, op: 'free' })
    expect(log.entries(4094, 4098).map((e) => e.step)).toEqual([4101, 4102, 4103, 4104])
    expect(log.entries(4990).length).toBe(10)
    // Exactly at a chunk's end: the next entry starts the next chunk (kept from before).
    log.truncate(4096)
    log.push(1, 0, 'brk', 0, 0x5000, 0x4000, 0x5000)
    expect(log.entry(4096)).toEqual({
      step: 1,
      line: 0,
      op: 'brk',
      pointer: 0,
      size: 0x5000,
      result: 0x4000,
      programBreak: 0x5000
    })
    expect(log.entry(4095).step).toBe(4102)
    expect(log.length).toBe(4097)
  })

  it('round-trips every operation, lines and 64-bit pointers, by name or by code', () => {
    const log = new HeapLog()
    const ops: HeapOp[] = ['malloc', 'calloc', 'realloc', 'free', 'brk', 'mmap', 'munmap']
    // (void *)-1 as a double is 2^64; the line of a top-level call is often large.
    ops.forEach((op, k) => log.push(k, 100000 + k, op, 2 ** 64, 2 ** 53 - 1, -1, 0x7ffff7ff0000))
    ops.forEach((op, k) => log.append(k, -1, HeapOpCode[op], 0, 1, 2, 3))
    expect(log.entries(0, 7).map((e) => [e.op, e.line, e.pointer, e.size, e.result])).toEqual(
      ops.map((op, k) => [op, 100000 + k, 2 ** 64, 2 ** 53 - 1, -1])
    )
    expect(log.entries(7).map((e) => [e.op, 'line' in e])).toEqual(ops.map((op) => [op, false]))
  })

  // The machine writes its heap calls through appendCall (append less the break, which only
  // brk entries move) and mallocs through appendAllocation (appendCall less the pointer a malloc
  // never has): they must keep what append keeps.
  it.each(['append', 'appendCall', 'appendAllocation'])(
    'keeps addresses in the 4 GiB above its two bases, and every other value, exactly (%s)',
    (way) => {
      // Words hold an address as its distance from a base + 1 (0 is NULL): base − 1 and
      // base + 2^32 − 1 are the first addresses on either side that do not fit, for each base.
      const base = 0x555555559000
      const high = 0x7ffffffff000 - 2 ** 32
      const addresses = [0, base, base - 1, base + 1, base + 2 ** 32 - 2, base + 2 ** 32 - 1]
      addresses.push(high - 1, high, high + 2 ** 32 - 2, high + 2 ** 32 - 1, 0x7ffff7dd0010)
      addresses.push(base + 2 ** 32, 16, -1, base + 0.5, 2 ** 64)
      const sizes = [0, 1, 2 ** 32 - 1, 2 ** 32, 2 ** 53, -1, 0.5, base, 24]
      // Each value on its own beside ordinary ones (a free, a malloc's result, a malloc's size),
      // so that each takes whichever way of writing it would take in a real run.
      const entries: Array<[number, number, number, number]> = [
        ...addresses.map((a): [number, number, number, number] => [HeapOpCode.free, a, 0, 0]),
        ...addresses.map((a): [number, number, number, number] => [HeapOpCode.malloc, 0, 8, a]),
        ...sizes.map((n): [number, number, number, number] => [HeapOpCode.malloc, 0, n, base + 16])
      ]
      const log = new HeapLog(base, high)
      const write = (k: number, [op, pointer, size, result]: number[]): void => {
        if (way === 'appendAllocation' && op === HeapOpCode.malloc && pointer === 0)
          log.appendAllocation(k, 3, op, size as number, result as number)
        else if (way === 'append')
          log.append(k, 3, op as number, pointer as number, size as number, result as number, base)
        else log.appendCall(k, 3, op as number, pointer as number, size as number, result as number)
      }
      const append = (k: number, entry = entries[k] as [number, number, number, number]): void =>
        write(k, entry)
      entries.forEach((_, k) => append(k))
      expect(log.entries().map((e) => [HeapOpCode[e.op], e.pointer, e.size, e.result])).toEqual(
        entries
      )
      // Replayed after going back: the same values keep the history; a pointer, a result or a
      // size 2^32 away (the same low 32 bits) is a different future.
      log.truncate(0)
      entries.forEach((_, k) => append(k))
      log.truncate(0)
      log.truncate(entries.length)
      expect(log.length).toBe(entries.length)
      // The same word counted from the other base (high + 1 for base + 1, base for high) differs.
      const n = addresses.length
      const changed: Array<[number, [number, number, number, number]]> = [
        [1, [HeapOpCode.free, base + 2 ** 32, 0, 0]],
        [3, [HeapOpCode.free, high + 1, 0, 0]],
        [n + 1, [HeapOpCode.malloc, 0, 8, base + 2 ** 32]],
        [n + 7, [HeapOpCode.malloc, 0, 8, base]],
        [2 * n + 1, [HeapOpCode.malloc, 0, 1 + 2 ** 32, base + 16]]
      ]
      for (const [k, entry] of changed) {
        log.truncate(k)
        append(k, entry)
        log.truncate(entries.length)
        expect(log.length).toBe(k + 1)
        expect(log.entry(k)).toMatchObject({ pointer: entry[1], size: entry[2], result: entry[3] })
        // Back to the history as it was, for the next change.
        log.truncate(k)
        for (let j = k; j < entries.length; j++) append(j)
        expect(log.length).toBe(entries.length)
      }
      // So is the same entry (free(base + 1)) one step later.
      log.truncate(3)
      write(4, entries[3] as [number, number, number, number])
      log.truncate(entries.length)
      expect(log.length).toBe(4)
    }
  )

  it('finds its later entries again after going back, unless a different future overwrote them', () => {
    const log = new HeapLog()
    const push = (i: number, result = 10 * i): void => log.push(i, 1, 'malloc', 0, 8, result, 0)
    for (let i = 0; i < 300; i++) push(i)
    // Back to 10 entries, the same 20 entries replayed, then forwards to where it was (a
    // restore of a later snapshot): entries 30..299 are still those of this history.
    log.truncate(10)
    for (let i = 10; i < 30; i++) push(i)
    log.truncate(300)
    expect(log.length).toBe(300)
    expect(log.entry(299).result).toBe(2990)
    // Back to 10 again, and entry 10 now differs: 11..299 belong to another future, so the
    // log goes forwards only as far as its new history (11 entries).
    log.truncate(10)
    push(10, 7)
    log.truncate(300)
    expect(log.length).toBe(11)
    expect(log.entry(10).result).toBe(7)
  })

  it('gives every entry the break after it, where the break moved or not, across truncates', () => {
    // The break is 0x1000 for entries 0..99, 0x3000 for 100..199, 0x2000 from 200 on (the log
    // keeps only the three changes).
    const breakOf = (i: number): number => (i < 100 ? 0x1000 : i < 200 ? 0x3000 : 0x2000)
    const log = new HeapLog()
    for (let i = 0; i < 300; i++) log.push(i, -1, 'brk', 0, 0, 0, breakOf(i))
    expect([0, 99, 100, 199, 200, 299].map((i) => log.entry(i).programBreak)).toEqual(
      [0, 99, 100, 199, 200, 299].map(breakOf)
    )
    // The same history again from 150, then forwards: unchanged.
    log.truncate(150)
    for (let i = 150; i < 250; i++) log.push(i, -1, 'brk', 0, 0, 0, breakOf(i))
    log.truncate(300)
    expect(log.length).toBe(300)
    expect(log.entry(299).programBreak).toBe(0x2000)
    // From 150 the break now stays 0x3000 past 200: a different future from entry 200 on.
    log.truncate(150)
    for (let i = 150; i < 201; i++) log.push(i, -1, 'brk', 0, 0, 0, 0x3000)
    log.truncate(300)
    expect(log.length).toBe(201)
    expect([149, 150, 200].map((i) => log.entry(i).programBreak)).toEqual([0x3000, 0x3000, 0x3000])
    expect(log.entry(99).programBreak).toBe(0x1000)
  })

  it('gives the entries before the first break move the initial break, also after a truncate', () => {
    // A machine's log: the heap starts (and the break is) at 0x4000; a heap call does not pass
    // the break, a brk entry does.
    const log = new HeapLog(0x4000, 0x4000, 0x4000)
    log.appendAllocation(1, 5, HeapOpCode.malloc, 16, 0)
    log.append(2, 6, HeapOpCode.brk, 0, 0x4020, 0x4000, 0x4020)
    log.appendAllocation(2, 6, HeapOpCode.malloc, 16, 0x4010)
    log.appendCall(3, 7, HeapOpCode.free, 0x4010, 0, 0)
    expect(log.entries().map((e) => [e.op, e.programBreak])).toEqual([
      ['malloc', 0x4000],
      ['brk', 0x4020],
      ['malloc', 0x4020],
      ['free', 0x4020]
    ])
    // Back to before the brk, and a future without it: the break is the initial one again.
    log.truncate(1)
    log.appendCall(2, 6, HeapOpCode.free, 0, 0, 0)
    expect(log.length).toBe(2)
    expect(log.entry(1)).toMatchObject({ op: 'free', programBreak: 0x4000 })
    // A log made without one starts at break 0, as push says where it moves.
    const plain = new HeapLog()
    plain.appendCall(0, -1, HeapOpCode.free, 0, 0, 0)
    plain.push(1, undefined, 'malloc', 0, 8, 16, 0x1000)
    expect(plain.entries().map((e) => e.programBreak)).toEqual([0, 0x1000])
  })

  it('keeps steps far apart, going backwards or not integers, and lines past 2^26, exactly', () => {
    // Steps are kept as 32-bit offsets from their chunk's first step: these do not fit.
    const steps = [5, 5 + 2 ** 32 - 2, 5 + 2 ** 32 - 1, 5 + 2 ** 32, 3, 2 ** 53, -7, 1.5, 6, 7, 8]
    const lines = [2 ** 26 - 2, 2 ** 26 - 1, 2 ** 31, 2 ** 40, 0, -1, 12, 2 ** 28, 7, 2 ** 28 - 2]
    lines.push(2 ** 26)
    const log = new HeapLog()
    steps.forEach((step, k) => log.append(step, lines[k] as number, HeapOpCode.realloc, k, 2, 3, 4))
    expect(log.entries().map((e) => [e.step, e.line])).toEqual(
      steps.map((step, k) => [step, k === 5 ? undefined : lines[k]])
    )
    // Replayed the same after going back: still one history; a different huge step: another.
    log.truncate(2)
    log.append(steps[2] as number, lines[2] as number, HeapOpCode.realloc, 2, 2, 3, 4)
    log.truncate(9)
    expect(log.length).toBe(9)
    log.truncate(3)
    log.append(2 ** 53 - 1, lines[3] as number, HeapOpCode.realloc, 3, 2, 3, 4)
    log.truncate(9)
    expect(log.length).toBe(4)
    expect(log.entry(3)).toMatchObject({ step: 2 ** 53 - 1, line: 2 ** 40, pointer: 3 })
  })

  it("counts a chunk's steps from its first entry, also when time travel rewrites it", () => {
    const log = new HeapLog()
    // 4,096 entries at steps 10^10 + 3i: the second chunk starts at entry 4096.
    for (let i = 0; i < 4100; i++) log.push(1e10 + 3 * i, 2, 'free', i, 0, 0, 0)
    expect(log.entry(4096).step).toBe(1e10 + 3 * 4096)
    // Back to the second chunk's start and a different, much earlier future from there.
    log.truncate(4096)
    for (let i = 0; i < 3; i++) log.push(i, 9, 'malloc', 0, 8, i, 0)
    expect(log.length).toBe(4099)
    expect(log.entries(4095).map((e) => [e.step, e.line, e.op])).toEqual([
      [1e10 + 3 * 4095, 2, 'free'],
      [0, 9, 'malloc'],
      [1, 9, 'malloc'],
      [2, 9, 'malloc']
    ])
  })
})
