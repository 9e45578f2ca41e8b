import { describe, expect, it } from 'vitest'
import {
  asciiOf,
  formatAddress,
  formatByte,
  formatCount,
  formatNumber,
  formatPercent,
  formatSize,
  parseAddress
} from './format'

describe('format', () => {
  it('prints addresses as printf("%p") does', () => {
    // gcc on this machine printed a=0x5555555592a0 for the first malloc with ASLR off
    expect(formatAddress(0x5555555592a0)).toBe('0x5555555592a0')
    expect(formatAddress(0)).toBe('0x0')
  })

  it('groups digits of counts', () => {
    expect(formatCount(9812)).toBe('9,812')
    expect(formatCount(200000)).toBe('200,000')
  })

  it('prints numbers in the preferred base', () => {
    expect(formatNumber(48, 'decimal')).toBe('48')
    expect(formatNumber(48, 'hex')).toBe('0x30') // 3*16 = 48
    expect(formatNumber(-16, 'hex')).toBe('-0x10')
  })

  it('prints sizes with binary units once they reach 1 KiB', () => {
    expect(formatSize(32)).toBe('32 B')
    expect(formatSize(1023)).toBe('1,023 B')
    expect(formatSize(1024)).toBe('1 KiB')
    expect(formatSize(1536)).toBe('1.5 KiB') // 1536 / 1024 = 1.5
    expect(formatSize(135168)).toBe('132 KiB') // glibc's first sbrk: 0x21000 = 33 pages * 4 KiB
    expect(formatSize(8 * 1024 * 1024)).toBe('8 MiB') // ulimit -s 8192
    expect(formatSize(32, 'hex')).toBe('0x20 B')
    // the unmapped gap between the heap and the stack: 0x7ffff7dd1000 − 0x55555557a000
    // = 0x2aaaa2857000 ≈ 46,912,483,946,496 B ÷ 2^40 ≈ 42.67 TiB
    expect(formatSize(0x7ffff7dd1000 - 0x55555557a000)).toBe('42.7 TiB')
  })

  it('prints fractions as percentages', () => {
    expect(formatPercent(0.4375)).toBe('43.8%') // 7/16
    expect(formatPercent(0)).toBe('0%')
  })

  it('prints bytes as xxd does', () => {
    expect(formatByte(10)).toBe('0a')
    expect(asciiOf(0x41)).toBe('A')
    expect(asciiOf(0)).toBe('.')
    expect(asciiOf(0x7f)).toBe('.')
  })

  it('parses typed addresses', () => {
    expect(parseAddress('0x5555555592A0')).toBe(0x5555555592a0)
    expect(parseAddress('5555555592a0')).toBe(0x5555555592a0)
    expect(parseAddress('4096')).toBe(4096)
    expect(parseAddress('main')).toBeNull()
    expect(parseAddress('')).toBeNull()
  })
})
