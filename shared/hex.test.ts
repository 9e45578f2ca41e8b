import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { hexAddress, hexDigits } from './hex'

describe('hexDigits', () => {
  it('writes what toString(16) writes at the edges of its fast path', () => {
    const edges = [
      0,
      1,
      15,
      16,
      0x7fffffff,
      0x80000000,
      0x80000001,
      0xffffffff,
      2 ** 32,
      2 ** 32 + 1,
      0x100000010,
      0x555555554000,
      0x5555555592a0,
      0x7ffff7cd0010,
      0x7ffffffff000,
      2 ** 47 - 1,
      2 ** 53 - 1,
      2 ** 53,
      2 ** 63,
      2 ** 64 - 2048,
      2 ** 64,
      2 ** 64 + 4096,
      -1,
      -0x80000000,
      0.5,
      2 ** 40 + 0.5,
      NaN,
      Infinity
    ]
    for (const n of edges) expect(hexDigits(n)).toBe(n.toString(16))
    // An address whose low half has leading zero digits keeps them (0x1_0000_0010).
    expect(hexAddress(0x100000010)).toBe('0x100000010')
    expect(hexAddress(0x5555555592a0)).toBe('0x5555555592a0')
  })

  it('writes what toString(16) writes for any whole number up to 2^64 (fast-check, seeded)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n }), (big) => {
        const n = Number(big)
        expect(hexDigits(n)).toBe(n.toString(16))
      }),
      { seed: 10, numRuns: 3000 }
    )
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 53 - 1 }), (n) => {
        expect(hexDigits(n)).toBe(n.toString(16))
      }),
      { seed: 11, numRuns: 3000 }
    )
  })
})
