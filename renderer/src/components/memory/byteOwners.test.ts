import { describe, expect, it } from 'vitest'
import { ownerOf } from './byteOwners'
import { threeBlocks, leak, danglingPointer } from './fixtures'

describe('ownerOf', () => {
  it('names the parts of a glibc block: size field, requested bytes, padding', () => {
    // a: block 0x555555559298, header 8 → payload 0x5555555592a0..+16, padding ..0x5555555592b8
    expect(ownerOf(threeBlocks, 0x555555559298)).toEqual({ kind: 'header', block: 0x5555555592a0 })
    expect(ownerOf(threeBlocks, 0x5555555592a0)).toEqual({ kind: 'payload', block: 0x5555555592a0 })
    expect(ownerOf(threeBlocks, 0x5555555592af)).toEqual({ kind: 'payload', block: 0x5555555592a0 })
    expect(ownerOf(threeBlocks, 0x5555555592b0)).toEqual({ kind: 'padding', block: 0x5555555592a0 })
    expect(ownerOf(threeBlocks, 0x5555555592b8)).toEqual({ kind: 'header', block: 0x5555555592c0 })
  })

  it('names a footer (boundary tag) and free space', () => {
    // classroom s block 0x2020, size 32, footer at 0x2038..0x2040
    expect(ownerOf(leak, 0x2038)).toEqual({ kind: 'footer', block: 0x2028 })
    expect(ownerOf(leak, 0x2100)).toEqual({ kind: 'free', block: 0x2040 })
  })

  it('names a freed block by the pointer malloc returned, as the heap view does', () => {
    // b's chunk at 0x5555555592b8 was freed; the program's dangling b holds 0x5555555592c0
    expect(ownerOf(danglingPointer, 0x5555555592c4)).toEqual({
      kind: 'freed',
      block: 0x5555555592c0
    })
    expect(ownerOf(danglingPointer, 0x5555555592b8)).toEqual({
      kind: 'header',
      block: 0x5555555592c0
    })
  })

  it("calls glibc's top chunk the top chunk, not a free block (the heap view labels it top)", () => {
    // c ends at 0x555555559308, where the top chunk starts: its 8-byte size field, then space
    expect(ownerOf(threeBlocks, 0x555555559307)).toEqual({ kind: 'padding', block: 0x5555555592e0 })
    expect(ownerOf(threeBlocks, 0x555555559308)).toEqual({
      kind: 'topHeader',
      block: 0x555555559308
    })
    expect(ownerOf(threeBlocks, 0x555555559310)).toEqual({ kind: 'top', block: 0x555555559308 })
    // a block free() gave back is still a free block
    expect(ownerOf(leak, 0x2100)).toEqual({ kind: 'free', block: 0x2040 })
  })

  it('names variables, literals and segments', () => {
    expect(ownerOf(threeBlocks, 0x7fffffffe6ea)).toEqual({
      kind: 'variable',
      name: 'a',
      type: 'char *',
      start: 0x7fffffffe6e8
    })
    expect(ownerOf(threeBlocks, 0x555555558012)).toMatchObject({
      kind: 'variable',
      name: 'counter'
    })
    expect(ownerOf(threeBlocks, 0x555555556009)).toEqual({ kind: 'literal', start: 0x555555556004 })
    expect(ownerOf(threeBlocks, 0x555555555100)).toEqual({ kind: 'segment', segment: 'text' })
    expect(ownerOf(threeBlocks, 0x1000)).toEqual({ kind: 'none' })
  })
})
