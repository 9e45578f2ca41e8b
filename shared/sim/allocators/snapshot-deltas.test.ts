import { describe, expect, it } from 'vitest'
import { Machine, type HeapView } from '../machine'

// A trace replay keeps each allocator snapshot's blocks as a delta against the one before
// (record-delta.ts) where the allocator offers it, and when recording drops a snapshot it keeps
// the next one against the one before that (`rebase`).
const ALLOCATORS_WITH_DELTAS = [
  // The explicit list on the classroom layout (8-byte header and alignment, as free-list.test.ts's
  // hand-worked examples), one policy in LIFO order so that the list's order moves too.
  {
    name: 'first-fit',
    layout: 'classroom',
    options: { alignment: 8, headerSize: 8 },
    largest: 100,
    lines: false
  },
  {
    name: 'best-fit',
    layout: 'classroom',
    options: { alignment: 8, headerSize: 8, order: 'lifo' },
    largest: 100,
    lines: false
  },
  {
    name: 'worst-fit',
    layout: 'classroom',
    options: { alignment: 8, headerSize: 8 },
    largest: 100,
    lines: false
  },
  // The others on linux-x86_64, each block with the line that allocated it.
  { name: 'segregated', layout: 'linux-x86_64', options: {}, largest: 200, lines: true },
  { name: 'buddy', layout: 'linux-x86_64', options: {}, largest: 200, lines: true },
  { name: 'compacting', layout: 'linux-x86_64', options: {}, largest: 200, lines: true }
] as const

describe.each(ALLOCATORS_WITH_DELTAS)('$name snapshots as deltas', (c) => {
  it('are deltas against the one before, rebased past a dropped one, and restore exactly', () => {
    const m = new Machine({
      layout: c.layout,
      allocator: c.name,
      allocatorOptions: { mmapThreshold: Infinity, ...c.options }
    })
    let seed = 11
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const pointers = new Array<number>(300).fill(0)
    type Kept = { blocks: unknown; delta: unknown; against: unknown }
    const snaps: Array<ReturnType<Machine['snapshot']>> = []
    const views: HeapView[] = []
    for (let k = 0; k < 14; k++) {
      // 600 operations first (a heap of ~150 live blocks), then 6 between snapshots: few
      // blocks change, so each snapshot is small against the one before.
      for (let op = 0; op < (k === 0 ? 600 : 6); op++) {
        m.step++
        if (c.lines) m.line = 1 + random(40)
        const id = random(pointers.length)
        if (pointers[id] === 0) pointers[id] = m.malloc(1 + random(c.largest))
        else {
          m.free(pointers[id])
          pointers[id] = 0
        }
      }
      snaps.push(m.snapshot(true, snaps[snaps.length - 1]?.allocator))
      views.push(m.heapView())
    }
    const kept = (i: number): Kept => snaps[i].allocator as Kept
    expect(snaps.filter((_, i) => kept(i).delta !== null).length).toBeGreaterThan(6)
    // A delta keeps fewer bytes than a whole snapshot (of about as many blocks).
    const parts = (i: number): { bytes: number; against: unknown } =>
      m.allocator.snapshotParts!(kept(i))
    const whole = parts(0).bytes
    for (let i = 1; i < snaps.length; i++) {
      if (kept(i).delta !== null) {
        expect(parts(i).against).toBe(kept(i - 1))
        expect(parts(i).bytes).toBeLessThan(whole)
      }
    }
    // Drop every other one: the next is kept against the one before the dropped one.
    let rebasedAsDeltas = 0
    for (let i = 1; i + 1 < snaps.length; i += 2) {
      m.allocator.rebase!(kept(i + 1), kept(i - 1))
      if (kept(i + 1).delta !== null) {
        expect(kept(i + 1).against).toBe(kept(i - 1))
        rebasedAsDeltas++
      } else expect(kept(i + 1).against).toBeNull()
    }
    expect(rebasedAsDeltas).toBeGreaterThan(2)
    // Every snapshot comes back as it was, the dropped ones too (another replay may still
    // keep one taken against them), in any order.
    const order = [...snaps.keys()].reverse().concat([...snaps.keys()], [3, 10, 0, 7, 13, 1])
    for (const i of order) {
      m.restore(snaps[i])
      expect(m.heapView(), `snapshot ${i}`).toEqual(views[i])
    }
  })
})
