import { describe, expect, it } from 'vitest'
import { addressReuse, nullStub, pointerDiagram } from './pointers'
import {
  BLOCK_A,
  BLOCK_B,
  danglingPointer,
  emptyHeap,
  reusedAddress,
  reusedAddressMarkers,
  threeBlocks
} from './fixtures'
import { heapCallMarker } from '../../../../shared/state'

describe('pointerDiagram', () => {
  it('finds locals and globals that are pointers and what they point at', () => {
    const { sources, targets } = pointerDiagram(danglingPointer)
    expect(sources.map((s) => `${s.owner}.${s.name}:${s.kind}`)).toEqual([
      'main.a:heap',
      'main.b:freed',
      'main.c:heap',
      'main.none:null',
      'global.greeting:rodata'
    ])
    // targets high address first: c's block, b's freed block, a's block, then "hello" in rodata
    expect(targets.map((t) => t.base)).toEqual([
      0x5555555592e0, 0x5555555592c0, 0x5555555592a0, 0x555555556004
    ])
    expect(sources.map((s) => s.target)).toEqual([2, 1, 0, -1, 3])
  })

  it('skips uninitialized pointers, which point at nothing known yet', () => {
    expect(pointerDiagram(emptyHeap).sources.map((s) => s.name)).toEqual(['greeting'])
  })

  it('shares one target between two pointers to the same block', () => {
    const frame = threeBlocks.frames[0]
    const alias = { ...frame.variables[0], name: 'alias', address: 0x7fffffffe6d0 }
    const state = { ...threeBlocks, frames: [{ ...frame, variables: [...frame.variables, alias] }] }
    const { sources, targets } = pointerDiagram(state)
    expect(targets).toHaveLength(4) // a, b, c, "hello"
    const a = sources.find((s) => s.name === 'a')!
    expect(sources.find((s) => s.name === 'alias')!.target).toBe(a.target)
  })
})

describe('addressReuse', () => {
  const reuseOf = (markers = reusedAddressMarkers) =>
    addressReuse(reusedAddress, pointerDiagram(reusedAddress), markers)

  it('says that d (malloc at step 6, line 9) got the memory b had until free(b) at step 5, line 8', () => {
    // b and d hold the same value and both read as pointing into a live block.
    const { sources } = pointerDiagram(reusedAddress)
    const b = sources.find((s) => s.name === 'b')!
    const d = sources.find((s) => s.name === 'd')!
    expect([b.kind, d.kind, b.target === d.target]).toEqual(['heap', 'heap', true])
    expect([...reuseOf().values()]).toEqual([
      {
        payload: BLOCK_B.payload,
        allocatedStep: 6,
        allocatedLine: 9,
        freedStep: 5,
        freedLine: 8,
        freedAddress: BLOCK_B.payload
      }
    ])
  })

  it('says nothing of blocks whose memory was never freed before they were allocated', () => {
    expect(reuseOf().has(BLOCK_A.payload)).toBe(false)
    expect(addressReuse(threeBlocks, pointerDiagram(threeBlocks), reusedAddressMarkers).size).toBe(
      0
    )
  })

  it('counts only a free before the malloc, of memory inside the block', () => {
    const before = reusedAddressMarkers.filter((m) => m.kind !== 'free')
    expect(reuseOf([...before, heapCallMarker(8, 'free', BLOCK_B.payload, 11)]).size).toBe(0)
    expect(reuseOf([...before, heapCallMarker(5, 'free', BLOCK_A.payload, 8)]).size).toBe(0)
    expect(reuseOf([...before, heapCallMarker(5, 'free', 0, 8)]).size).toBe(0)
    // The last such free is the one named.
    const twice = [
      heapCallMarker(1, 'free', BLOCK_B.payload, 4),
      ...before,
      heapCallMarker(5, 'free', BLOCK_B.payload, 8)
    ]
    expect(reuseOf(twice).get(BLOCK_B.payload)?.freedStep).toBe(5)
  })
})

describe('nullStub', () => {
  // The view's two gutters: 120 px from a 600 px wide view, 50 px below (a 480 px pane).
  it('keeps a NULL stub in a narrow gutter near its pointer: 16 of 50 px, 34 px clear of the targets', () => {
    const stub = nullStub(170, 50)
    expect(stub.end).toBe(186)
    expect(170 + 50 - stub.end).toBeGreaterThanOrEqual(2 * (stub.end - 170))
    // "∅ NULL" (about 40 px) would end under the target boxes: the pointer's own box says NULL.
    expect(stub.label).toBeUndefined()
  })

  it('writes "∅ NULL" after the stub where it ends 12 px before the targets (34 + 12 + 40 + 12 <= 120)', () => {
    expect(nullStub(210, 120)).toEqual({ end: 244, label: 256 })
  })
})
