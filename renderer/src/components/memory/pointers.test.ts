import { describe, expect, it } from 'vitest'
import { pointerDiagram } from './pointers'
import { danglingPointer, emptyHeap, threeBlocks } from './fixtures'

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
