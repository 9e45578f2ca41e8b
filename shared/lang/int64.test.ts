/**
 * Pointer values as the interpreter holds them: unsigned 64-bit, a number up to 2^53 − 1 and a
 * BigInt beyond, exact either way (x86-64 pointers are plain 64-bit integers). Expected values
 * worked out by hand in hexadecimal.
 */
import { describe, expect, it } from 'vitest'
import { convert, pointerAdd, pointerDifference } from './int64'
import { K } from './opcodes'

describe('pointers beyond 2^53', () => {
  it('(void *)-1 is all ones, exactly', () => {
    // -1 as 64 bits: 0xffff_ffff_ffff_ffff = 18446744073709551615.
    expect(convert(-1, K.I64, K.PTR)).toBe(0xffffffffffffffffn)
    expect(convert(-1n, K.I64, K.PTR)).toBe(0xffffffffffffffffn)
    // Back to unsigned long and long: 2^64 − 1 and −1.
    expect(convert(0xffffffffffffffffn, K.PTR, K.U64)).toBe(18446744073709551615n)
    expect(convert(0xffffffffffffffffn, K.PTR, K.I64)).toBe(-1)
  })

  it('keeps an address made of text exact', () => {
    // "AAAAAAAA" read as a pointer: 0x4141414141414141 = 4702111234474983745, beyond 2^53.
    expect(convert(0x4141414141414141n, K.U64, K.PTR)).toBe(4702111234474983745n)
    // Small addresses stay numbers, so the common case costs nothing.
    expect(convert(0x555555558010, K.I64, K.PTR)).toBe(0x555555558010)
    expect(convert(BigInt(0x555555558010), K.I64, K.PTR)).toBe(0x555555558010)
  })

  it('adds and subtracts in 64 bits, wrapping as x86-64 does', () => {
    // 0x7fff_ffff_ffff_ffff + 1 = 0x8000_0000_0000_0000.
    expect(pointerAdd(0x7fffffffffffffffn, 1, 1)).toBe(0x8000000000000000n)
    // (int *)0 − 1: 0 − 4 wraps to 0xffff_ffff_ffff_fffc.
    expect(pointerAdd(0, -1, 4)).toBe(0xfffffffffffffffcn)
    // (void *)-1 + 1 wraps to NULL, a number again.
    expect(pointerAdd(0xffffffffffffffffn, 1, 1)).toBe(0)
    // &g[1L << 60] for an int array g at 0x555555558030: + 2^62 bytes = 0x4000_5555_5555_8030.
    expect(pointerAdd(0x555555558030, 1n << 60n, 4)).toBe(0x4000555555558030n)
    // &g[1L << 62]: + 2^64 bytes wraps back to g itself.
    expect(pointerAdd(0x555555558030, 1n << 62n, 4)).toBe(0x555555558030)
    // 0xffff_ffff_ffff_ffff − 0xffff_ffff_ffff_fff0 = 15 bytes; in ints, 3 (15 / 4 truncated).
    expect(pointerDifference(0xffffffffffffffffn, 0xfffffffffffffff0n, 1)).toBe(15)
    expect(pointerDifference(0xffffffffffffffffn, 0xfffffffffffffff0n, 4)).toBe(3)
    // NULL − (void *)-1 = +1 in signed 64-bit bytes.
    expect(pointerDifference(0, 0xffffffffffffffffn, 1)).toBe(1)
  })
})
