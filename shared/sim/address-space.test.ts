import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { AddressSpace } from './address-space'
import { layoutProgram } from './layout'

describe('mmap regions of the address space', () => {
  it('stay in address order through any mix of maps and unmaps, and old lists keep what they saw', () => {
    const page = 4096
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 200 })), { maxLength: 60 }),
        (ops) => {
          const space = new AddressSpace(layoutProgram())
          const live = new Map<number, number>() // start -> end
          for (const [unmap, slot] of ops) {
            // Regions on distinct, non-overlapping pages: slot k is [k pages, k+1 pages) below the base.
            const start = 0x7ffff7000000 - slot * page
            const before = space.mmapRegions()
            const seen = before.map((r) => [...r])
            if (unmap) {
              space.removeMapping(start)
              live.delete(start)
            } else if (!live.has(start)) {
              space.addMapping(start, start + page)
              live.set(start, start + page)
            }
            expect(before.map((r) => [...r])).toEqual(seen)
            const expected = [...live].sort((a, b) => a[0] - b[0])
            expect(space.mmapRegions()).toEqual(expected)
            for (const [s, e] of live) expect(space.mappingAt(s)?.end).toBe(e)
            if (unmap) expect(space.mappingAt(start)).toBeUndefined()
          }
        }
      )
    )
  })
})
