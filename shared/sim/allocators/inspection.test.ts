import { describe, expect, it } from 'vitest'
import { heapBlockInfo } from './inspection'

describe('heapBlockInfo', () => {
  it('says what a plain object of the block would say, in the same order, nothing undefined', () => {
    // A 48-byte block at 0x1000 with a 16-byte header: payload 0x1010; 20 bytes asked, so 48 −
    // 16 − 20 = 12 bytes of padding; allocated at step 3 (line 7), freed at step 9 (no line).
    const freed = heapBlockInfo(0x1000, 48, 0x1010, 16, 0, 0, 0, {
      free: true,
      allocStep: 3,
      allocLine: 7,
      freeStep: 9,
      freeLine: -1
    })
    expect(JSON.parse(JSON.stringify(freed))).toStrictEqual({
      address: 0x1000,
      size: 48,
      payload: 0x1010,
      requested: 0,
      headerBytes: 16,
      footerBytes: 0,
      paddingBytes: 0,
      free: true,
      allocated: { step: 3, line: 7 },
      freed: { step: 9 }
    })
    expect(Object.keys(freed)).toEqual([
      'address',
      'size',
      'payload',
      'requested',
      'headerBytes',
      'footerBytes',
      'paddingBytes',
      'free',
      'allocated',
      'freed'
    ])
    expect(Object.keys(freed.freed ?? {})).toEqual(['step'])
  })

  it('has a bin, corrupted and a free step only when there is something to say', () => {
    const held = heapBlockInfo(0x1000, 48, 0x1010, 16, 0, 20, 12, {
      free: false,
      allocStep: 3,
      allocLine: 7,
      freeStep: 2,
      freeLine: 5
    })
    // Allocated again after an earlier free: an allocated block has no `freed`.
    expect(Object.keys(held)).not.toContain('freed')
    expect(Object.keys(held)).not.toContain('bin')
    expect(Object.keys(held)).not.toContain('corrupted')
    const overflowed = heapBlockInfo(
      0x1000,
      64,
      0x1008,
      8,
      8,
      20,
      28,
      { free: false, allocStep: -1, allocLine: -1, freeStep: -1, freeLine: -1 },
      'segregated',
      true
    )
    // 64 − 8 (header) − 8 (footer) − 20 asked = 28 of padding; no history known.
    expect(JSON.parse(JSON.stringify(overflowed))).toStrictEqual({
      address: 0x1000,
      size: 64,
      payload: 0x1008,
      requested: 20,
      headerBytes: 8,
      footerBytes: 8,
      paddingBytes: 28,
      free: false,
      bin: 'segregated',
      corrupted: true
    })
  })
})
