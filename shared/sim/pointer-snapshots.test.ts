import { describe, expect, it } from 'vitest'
import { PointerSnapshots, savedPointerBytes } from './pointer-snapshots'

const HEAP = 0x555555559000

describe('pointer snapshots', () => {
  it('keeps the first whole, then the ids that changed since the one before', () => {
    const history = new PointerSnapshots(4)
    const p = Float64Array.from([HEAP + 0x10, 0, HEAP + 0x40, 0])
    const first = history.save(p, HEAP)
    // Offsets + 1 in 32 bits: 0x11, NULL, 0x41, NULL.
    expect(Array.from(first.whole as Uint32Array)).toEqual([0x11, 0, 0x41, 0])
    p[1] = HEAP + 0x60
    p[2] = 0
    const second = history.save(p, HEAP)
    expect(second.whole).toBeNull()
    expect(second.against).toBe(first)
    expect(Array.from(second.ids as Int32Array)).toEqual([1, 2])
    expect(Array.from(second.values as Uint32Array)).toEqual([0x61, 0])
    // 2 ids (8 bytes) and 2 values (8) against 16 bytes whole.
    expect(savedPointerBytes(second)).toBe(16 + 64)
    const out = new Float64Array(4)
    history.restore(second, out, HEAP)
    expect(Array.from(out)).toEqual([HEAP + 0x10, HEAP + 0x60, 0, 0])
    history.restore(first, out, HEAP)
    expect(Array.from(out)).toEqual([HEAP + 0x10, 0, HEAP + 0x40, 0])
    // Id 1 changes again, and id 3: dropping the second snapshot folds [1, 2] and [1, 3] into
    // [1, 2, 3] against the first, id 1 with the later value.
    p[1] = HEAP + 0x80
    p[3] = HEAP + 0x90
    const third = history.save(p, HEAP)
    history.fold(second, third)
    expect(third.against).toBe(first)
    expect(Array.from(third.ids as Int32Array)).toEqual([1, 2, 3])
    expect(Array.from(third.values as Uint32Array)).toEqual([0x81, 0, 0x91])
    history.restore(third, out, HEAP)
    expect(Array.from(out)).toEqual([HEAP + 0x10, HEAP + 0x80, 0, HEAP + 0x90])
  })

  it('a pointer too far from the heap start for 32 bits makes the next copy whole and absolute', () => {
    const history = new PointerSnapshots(2)
    const p = Float64Array.from([HEAP + 8, 0])
    history.save(p, HEAP)
    p[1] = 0x7ffff7dd0010 // an mmapped block, far above the heap
    const far = history.save(p, HEAP)
    expect(far.whole).toBeInstanceOf(Float64Array)
    expect(far.absolute).toBe(true)
    p[0] = HEAP + 0x20
    const next = history.save(p, HEAP)
    expect(next.values).toBeInstanceOf(Float64Array)
    const out = new Float64Array(2)
    history.restore(next, out, HEAP)
    expect(Array.from(out)).toEqual([HEAP + 0x20, 0x7ffff7dd0010])
  })

  it('folds a dropped delta into the next, and a dropped whole copy makes the next whole', () => {
    let seed = 3
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const history = new PointerSnapshots(50)
    const p = new Float64Array(50)
    const saved = []
    const states: number[][] = []
    for (let k = 0; k < 30; k++) {
      for (let c = 0; c < 1 + random(8); c++)
        p[random(50)] = random(3) === 0 ? 0 : HEAP + 16 * (1 + random(1000))
      saved.push(history.save(p, HEAP))
      states.push(Array.from(p))
    }
    expect(saved.filter((s) => s.whole === null).length).toBeGreaterThan(20)
    // Drop snapshots 1, 2, 3 one after another (each folds into the one after it), then 10.
    for (const i of [1, 2, 3]) history.fold(saved[i], saved[i + 1])
    history.fold(saved[10], saved[11])
    expect(saved[4].against).toBe(saved[0])
    expect(saved[4].whole).toBeNull()
    history.fold(saved[0], saved[4])
    expect(saved[4].whole).not.toBeNull()
    const out = new Float64Array(50)
    for (const i of [29, 4, 11, 9, 12, 5, 0, 2, 3, 10]) {
      history.restore(saved[i], out, HEAP)
      expect(Array.from(out), `snapshot ${i}`).toEqual(states[i])
    }
  })
})
