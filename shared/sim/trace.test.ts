import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseTrace, repeatTrace, replayTrace, TraceError, TraceReplay } from './trace'
import { pagesMade } from './memory'
import { allocatorNames } from './allocators/index'

const short1 = readFileSync('/work/shared/traces/short1-bal.rep', 'utf8')

describe('parseTrace', () => {
  it('reads the two-line header of these copies', () => {
    const t = parseTrace(short1, 'short1')
    expect([t.ids, t.length, t.suggestedHeapSize]).toEqual([6, 12, undefined])
    expect([t.kinds[0], t.blockIds[0], t.sizes[0], t.lines[0]]).toEqual([0, 0, 2040, 3])
  })
  it("reads the lab's four-line header (heap size, ids, operations, weight)", () => {
    const t = parseTrace('20000\n2\n3\n1\na 0 10\nr 0 20\nf 0\n', 'four')
    expect([t.suggestedHeapSize, t.ids, t.length, t.weight]).toEqual([20000, 2, 3, 1])
    expect([...t.kinds]).toEqual([0, 2, 1])
    expect([...t.lines]).toEqual([5, 6, 7])
  })
  const bad: Array<[string, string, RegExp]> = [
    ['1\n2\n3\na 0 1\n', 'a three-number header', /bad:4: expected a header of 2 numbers/],
    ['1\n1\na 0\n', 'a missing size', /bad:3: "a 0" is not an operation/],
    ['1\n1\nx 0 1\n', 'an unknown operation', /bad:3: "x 0 1" is not an operation/],
    ['1\n1\na 0 -5\n', 'a negative size', /bad:3: size "-5" is not a whole number/],
    [
      '2\n2\na 0 8\nf 1\n',
      'a free of an id never allocated',
      /bad:4: "f 1" frees block 1, which was never allocated/
    ],
    ['1\n1\na 3 8\n', 'an id beyond the header', /bad:3: block id 3 is out of range/],
    [
      '1\n3\na 0 8\nf 0\n',
      'fewer operations than declared',
      /bad:2: the header declares 3 operations but the file has 2/
    ]
  ]
  for (const [text, what, message] of bad) {
    it(`names the line of ${what}`, () => {
      expect(() => parseTrace(text, 'bad')).toThrow(TraceError)
      expect(() => parseTrace(text, 'bad')).toThrow(message)
    })
  }
})

describe('replayTrace', () => {
  it('short1-bal on first fit, worked by hand', () => {
    // Blocks: max(32, align16(n + 8)); the heap starts 8 bytes before a 16-aligned payload.
    // a0 2040 → 2048, a1 → 2048 (heap 8 + 4096 = 4104); f1; a2 48 → 64 split from a1's 2048
    // (1984 left at the end); a3 4072 → 4080: the free tail grows by 4080 − 1984 = 2096
    // (heap 6200); f3; a4 reuses those 4080; f0; f2 merges with a0 (2112); a5 4072 does not fit
    // in 2112 and grows the heap by 4080 → 10280. Peak payload: a4 + a5 = 8144 bytes.
    const r = replayTrace(short1, 'first-fit', { name: 'short1' })
    expect(r.finalHeapSize).toBe(10280)
    expect(r.peakHeapSize).toBe(10280)
    expect(r.peakUtilization).toBeCloseTo(8144 / 10280, 12)
    expect(r.operations).toBe(12)
    expect(r.failedAllocations).toBe(0)
    expect(r.events).toEqual([])
  })
  it('reports a double free in a trace as a misuse event with its line', () => {
    const r = replayTrace('1\n3\na 0 16\nf 0\nf 0\n', 'best-fit', { name: 'df' })
    expect(r.events).toHaveLength(1)
    expect(r.events[0]).toMatchObject({ kind: 'double-free', step: 3 })
  })
  it('reports a failed allocation when the heap cannot grow', () => {
    // classroom: the heap may grow from 0x4000 to 0xc000 (32 KiB) only.
    const r = replayTrace('2\n2\na 0 30000\na 1 30000\n', 'first-fit', { layout: 'classroom' })
    expect(r.failedAllocations).toBe(1)
  })
})

describe('TraceReplay.stateAt', () => {
  it('goes back and forth to the state after any step', () => {
    const replay = new TraceReplay(repeatTrace(parseTrace(short1, 's'), 3), 'first-fit', {
      snapshotEvery: 5
    })
    replay.run()
    // After step 3 of short1 (a0, a1, f1): one allocated 2048-byte block and a free one.
    const at3 = replay.stateAt(3)
    expect(at3.blocks.filter((b) => b.bin !== 'bookkeeping').map((b) => [b.size, b.free])).toEqual([
      [2048, false],
      [2048, true]
    ])
    expect(replay.stateAt(36).metrics.liveBlocks).toBe(0)
    expect(replay.stateAt(3)).toEqual(at3)
    expect(() => replay.stateAt(37)).toThrow(/Step 37 is outside the trace \(0 to 36\)/)
  })
  it("reads a view's blocks as at its step when read after the replay moved on", () => {
    const trace = repeatTrace(parseTrace(short1, 's'), 3)
    const replay = new TraceReplay(trace, 'first-fit', { snapshotEvery: 5 })
    replay.run()
    const at3 = replay.stateAt(3)
    const at30 = replay.stateAt(30)
    // Step 3 as above: 2048 bytes allocated, 2048 free, whatever the machine holds now.
    expect(at3.blocks.filter((b) => b.bin !== 'bookkeeping').map((b) => [b.size, b.free])).toEqual([
      [2048, false],
      [2048, true]
    ])
    // The read went back to step 3 and returned: the replay stands at step 30 as before.
    expect(replay.position).toBe(30)
    const fresh = new TraceReplay(trace, 'first-fit', { snapshotEvery: 0 })
    expect(at30).toEqual(fresh.stateAt(30))
    expect(replay.machine.heapView()).toEqual(fresh.machine.heapView())
  })
  it("makes a view's lists through accessors all views share, each view keeping its own lists", () => {
    // A view of its own closures is an object of its own shape, whose map (old-generation
    // memory) keeps the closures, the view and its lists alive until a major collection.
    const trace = repeatTrace(parseTrace(short1, 's'), 3)
    const replay = new TraceReplay(trace, 'first-fit', { snapshotEvery: 5 })
    replay.run()
    const at3 = replay.stateAt(3)
    const at30 = replay.stateAt(30)
    for (const key of ['blocks', 'freeLists'] as const) {
      const a = Object.getOwnPropertyDescriptor(at3, key)
      const b = Object.getOwnPropertyDescriptor(at30, key)
      expect(a?.enumerable, key).toBe(true)
      expect(a?.get, key).toBeTypeOf('function')
      expect(a?.get, key).toBe(b?.get)
    }
    // Only the view's data is enumerable: what it keeps for later reads is not.
    expect(Object.keys(at3).sort()).toEqual(
      ['blocks', 'events', 'freeLists', 'heapStart', 'metrics', 'programBreak', 'segments'].sort()
    )
    expect(at3.blocks).toBe(at3.blocks)
    expect(at3.blocks).not.toBe(at30.blocks)
    // Step 30 of short1 x3 (12 operations a pass, each freeing all it allocates) is 6 into the
    // third: a0 a1 f1 a2 a3 f3, so ids 0 and 2 are held (2040 and 48 bytes); step 3 holds id 0.
    const held = (view: typeof at3): number[] =>
      view.blocks.filter((b) => b.bin !== 'bookkeeping' && !b.free).map((b) => b.requested)
    expect(held(at30)).toEqual([2040, 48])
    expect(held(at3)).toEqual([2040])
    at3.blocks = []
    expect(at3.blocks).toEqual([])
    expect(at30.freeLists).toEqual({ ...at30 }.freeLists)
  })
  it.each(['glibc'])(
    '%s: jumps over checkpoints make no new memory pages once they have been around',
    (name) => {
      // glibc trims its heap on random-bal (pages become zero pages again) and the checkpoints
      // hold the whole heap: a jump to another checkpoint hands back the pages it leaves and
      // takes them again. Round 3 repeats the jumps of rounds 1 and 2: it needs no page they did
      // not. (Round 2 may: round 1 starts at the end of the recording, round 2 where round 1
      // ended, a snapshot of 38000's checkpoint, so its first jump goes forward from the restored
      // snapshot and copies pages no jump of round 1 copied.)
      const random = parseTrace(readFileSync('/work/shared/traces/random-bal.rep', 'utf8'), 'r')
      const replay = new TraceReplay(repeatTrace(random, 8), name, {
        snapshotEvery: 256,
        checkpointEvery: 2048
      })
      replay.run()
      const steps = [38000, 1200, 25000, 9000, 37000, 4000, 30000, 18000, 2000, 33000]
      for (let round = 0; round < 2; round++) for (const step of steps) replay.stateAt(step)
      const before = pagesMade()
      for (const step of steps) replay.stateAt(step)
      expect(pagesMade() - before).toBe(0)
    }
  )
  it('ends a recording where it stopped after warming up its time travel', () => {
    // short1 × 40 = 480 operations, a snapshot every 4: 120 snapshots, so run() jumps back
    // through the first 16 (twice) before it returns. The replay must still stand after its
    // last operation, exactly as one recorded without snapshots (no warm-up) does.
    const trace = repeatTrace(parseTrace(short1, 's'), 40)
    const warmed = new TraceReplay(trace, 'best-fit', { snapshotEvery: 4 })
    const plain = new TraceReplay(trace, 'best-fit', { snapshotEvery: 0 })
    const a = warmed.run()
    const b = plain.run()
    expect(warmed.snapshotSteps().length).toBeGreaterThan(16)
    expect(warmed.position).toBe(480)
    expect({ ...a, seconds: 0, opsPerSecond: 0 }).toEqual({ ...b, seconds: 0, opsPerSecond: 0 })
    expect(warmed.machine.heapView()).toEqual(plain.machine.heapView())
    expect(warmed.machine.log.length).toBe(plain.machine.log.length)
    expect(warmed.machine.log.entry(479)).toEqual(plain.machine.log.entry(479))
  })

  it.each(allocatorNames().map((a) => a.name))(
    '%s: jumps between a heap of many blocks and one of few, in any order, as a fresh replay',
    (name) => {
      // 40 mallocs of 8..47 bytes (40 blocks), every other one freed, then the rest freed, then
      // 40 more: the number of blocks rises, falls and rises again, so restores hand blocks
      // back and take them again in both directions.
      const lines = ['40', '120']
      for (let i = 0; i < 40; i++) lines.push(`a ${i} ${8 + i}`)
      for (let i = 0; i < 40; i += 2) lines.push(`f ${i}`)
      for (let i = 1; i < 40; i += 2) lines.push(`f ${i}`)
      for (let i = 0; i < 40; i++) lines.push(`a ${i} ${48 - i}`)
      const trace = parseTrace(lines.join('\n'), 'rise-fall')
      const replay = new TraceReplay(trace, name, { snapshotEvery: 3 })
      replay.run()
      for (const step of [120, 1, 40, 80, 41, 119, 0, 100, 62, 61, 110, 3]) {
        const fresh = new TraceReplay(trace, name, { snapshotEvery: 0 })
        expect(replay.stateAt(step), `step ${step}`).toEqual(fresh.stateAt(step))
      }
    }
  )

  it('glibc: keeps memory as deltas within the budget, and snapshots often', () => {
    // glibc keeps its headers and links in memory only; between two 512-operation snapshots of
    // random-bal it rewrites links on hundreds of the heap's pages. Kept page by page
    // (copy-on-write) that was about a megabyte per snapshot, so a 3 MB budget allowed 4
    // snapshots over these 9,600 operations; kept as the words that changed, 19.
    const random = parseTrace(readFileSync('/work/shared/traces/random-bal.rep', 'utf8'), 'r')
    const trace = repeatTrace(random, 2)
    const budget = 3e6
    const replay = new TraceReplay(trace, 'glibc', { snapshotBudget: budget })
    replay.seek(trace.length)
    expect(replay.snapshotBytes()).toBeLessThanOrEqual(budget)
    expect(replay.snapshotSteps().length).toBeGreaterThan(10)
    const plain = new TraceReplay(trace, 'glibc', { snapshotEvery: 0 })
    const expected = new Map([100, 4000, 7000, 9600].map((step) => [step, plain.stateAt(step)]))
    for (const step of [4000, 100, 9600, 7000]) {
      const view = replay.stateAt(step)
      expect(view, `step ${step}`).toEqual(expected.get(step))
      expect(view.blocks.length, `step ${step}`).toBeGreaterThan(1)
    }
  })

  it('keeps the misuse events and the heap log when it jumps back, then forwards past a snapshot', () => {
    // One double free per pass of a 3-operation trace: after 300 operations, 100 events and
    // 300 log entries for the calls (the allocator reports the second free of each pass itself),
    // plus the first malloc's break moves. Going back to
    // step 5 and then forwards to 300 restores a snapshot ahead of the machine: its events and
    // log entries must come back whole, as a replay without time travel has them.
    const trace = repeatTrace(parseTrace('1\n3\na 0 16\nf 0\nf 0\n', 'df'), 100)
    const replay = new TraceReplay(trace, 'first-fit', { snapshotEvery: 4 })
    const plain = new TraceReplay(trace, 'first-fit', { snapshotEvery: 0 })
    replay.run()
    plain.run()
    replay.stateAt(5)
    const view = replay.stateAt(300)
    expect(view.events).toHaveLength(100)
    expect(Array.from(view.events, (e) => e?.step)).toEqual(plain.machine.events.map((e) => e.step))
    expect(replay.machine.log.length).toBe(plain.machine.log.length)
    expect(replay.machine.log.entries().filter((e) => e.op !== 'brk')).toHaveLength(300)
    expect(replay.machine.log.entries()).toEqual(plain.machine.log.entries())
  })
})
