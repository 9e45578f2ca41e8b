import { describe, expect, it } from 'vitest'
import { HeapLog } from './heap-log'

describe('HeapLog', () => {
  it('keeps every entry across its 1024-entry chunks, and a truncate rewinds it', () => {
    const log = new HeapLog()
    // Entry i: step i, line i (none when i is a multiple of 3), pointer 2i, size 3i,
    // result 4i, break 5i: 5,000 entries span five chunks.
    for (let i = 0; i < 5000; i++) {
      log.push(i, i % 3 === 0 ? undefined : i, 'malloc', 2 * i, 3 * i, 4 * i, 5 * i)
    }
    expect(log.length).toBe(5000)
    for (const i of [0, 1, 1023, 1024, 1025, 4999]) {
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
    // Back to 2,000 entries (inside the second chunk), then 1,000 frees written over the rest.
    log.truncate(2000)
    for (let i = 2000; i < 3000; i++) log.push(i + 7, 1, 'free', 0, 0, 0, 0)
    expect(log.length).toBe(3000)
    expect(log.entry(1999).op).toBe('malloc')
    expect(log.entry(2000)).toMatchObject({ step: 2007, op: 'free', line: 1 })
    expect(log.entry(2048)).toMatchObject({ step: 2055, op: 'free' })
    expect(log.entries(1022, 1026).map((e) => e.step)).toEqual([1022, 1023, 1024, 1025])
    expect(log.entries(2990).length).toBe(10)
  })
})
