import { describe, expect, it } from 'vitest'
import { Machine, type HeapView } from '../machine'

// A trace replay keeps each allocator snapshot's blocks as a delta against the one before
// (record-delta.ts) where the allocator offers it, and when recording drops a snapshot it keeps
// the next one against the one before that (`rebase`). The explicit list's own test is in
// free-list.test.ts; these are the other allocators that keep deltas.
describe.each(['segregated', 'buddy', 'compacting'])('%s snapshots as deltas', (name) => {
  it('are deltas against the one before, rebased past a dropped one, and restore exactly', () => {
    const m = new Machine({
      layout: 'linux-x86_64',
      allocator: name,
      allocatorOptions: { mmapThreshold: Infinity }
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
        m.line = 1 + random(40)
        const id = random(pointers.length)
        if (pointers[id] === 0) pointers[id] = m.malloc(1 + random(200))
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
    // Every snapshot comes back as it was, the dropped ones too (another replay may still keep
    // one taken against them), in any order.
    const order = [...snaps.keys()].reverse().concat([...snaps.keys()], [3, 10, 0, 7, 13, 1])
    for (const i of order) {
      m.restore(snaps[i])
      expect(m.heapView(), `snapshot ${i}`).toEqual(views[i])
    }
  })
})
