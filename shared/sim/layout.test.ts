import { describe, expect, it } from 'vitest'
import { layoutProgram, resolveProfile } from './layout'

describe('linux-x86_64 layout', () => {
  // Measured on this machine (gcc 12, setarch -R, /proc/self/maps of a small program):
  //   555555554000 r--  555555555000 r-x  555555556000 r--  555555557000 r--
  //   555555558000 rw-  heap 555555559000, main at 0x555555555189 (after crt code)
  const layout = layoutProgram({ text: 200, rodata: 20, data: 8, bss: 16 })
  it('places each segment on the pages gcc and the kernel use', () => {
    const at = Object.fromEntries(layout.segments.map((s) => [s.name, s]))
    expect(at.text.start).toBe(0x555555555000)
    expect(at.text.permissions).toBe('r-x')
    expect(at.rodata.start).toBe(0x555555556000)
    expect(at.rodata.permissions).toBe('r--')
    expect(at.data.start).toBe(0x555555558000)
    expect(at.bss.end).toBe(0x555555559000)
    expect(layout.heapStart).toBe(0x555555559000)
  })
  it('keeps the ELF header and RELRO pages read-only', () => {
    const ro = layout.imageMappings.filter((m) => m.segment === undefined)
    expect(ro.map((m) => [m.start, m.permissions])).toEqual([
      [0x555555554000, 'r--'],
      [0x555555557000, 'r--']
    ])
  })
  it('puts the stack top at 0x7ffffffff000 with an 8 MiB limit', () => {
    expect(layout.stackTop).toBe(0x7ffffffff000)
    // 0x7ffffffff000 - 8 * 1024 * 1024 (0x800000) = 0x7fffff7ff000
    expect(layout.stackBottom).toBe(0x7fffff7ff000)
  })
  it('moves the heap start past a .bss that spills over a page', () => {
    // .data contents at 0x555555558040; 8 bytes of data → bss at 0x...8048, contents
    // 16-aligned after the 4-byte crt flag at 0x...8050; 5000 bytes end at 0x...93d8,
    // rounded up to the page: heap at 0x55555555a000.
    const big = layoutProgram({ data: 8, bss: 5000 })
    expect(big.sections.bss.start).toBe(0x555555558050)
    expect(big.heapStart).toBe(0x55555555a000)
  })
  it('places globals as gcc 12 and ld do when the program says its alignments and PLT calls', () => {
    // gcc -O0 on this machine, nm / objdump -h of the binaries (image base 0x555555554000):
    // int g = 5; int z; printf of "%p %p %p\n" (one PLT function): "hi"-like literals at
    // .rodata + 4, g at 0x4018, .bss at 0x401c (completed.0), z at 0x4020.
    const one = layoutProgram({
      text: 100,
      rodata: 13,
      data: 4,
      bss: 4,
      rodataAlignment: 1,
      dataAlignment: 4,
      bssAlignment: 4,
      pltFunctions: 1
    })
    expect(one.sections.rodata.start).toBe(0x555555554000 + 0x2004)
    expect(one.sections.data.start).toBe(0x555555554000 + 0x4018)
    expect(one.sections.bss.start).toBe(0x555555554000 + 0x4020)
    // int g; long h; no library call: g at 0x4010 (.got.plt's reserved words end at 0x4000).
    const none = layoutProgram({ data: 16, dataAlignment: 8, pltFunctions: 0 })
    expect(none.sections.data.start).toBe(0x555555554000 + 0x4010)
    // int z[10] (40 bytes: 32-aligned), puts: .data ends 0x4018, .bss section 0x4020 (32-aligned),
    // completed.0 there, z at 0x4040.
    const arr = layoutProgram({ data: 0, bss: 40, bssAlignment: 32, pltFunctions: 1 })
    expect(arr.sections.bss.start).toBe(0x555555554000 + 0x4040)
    // A literal of at least 31 bytes is 8-aligned: the first literal at .rodata + 8.
    const long = layoutProgram({ rodata: 64, rodataAlignment: 8 })
    expect(long.sections.rodata.start).toBe(0x555555554000 + 0x2008)
    // Three PLT functions (lesson 1's first program): user .data at 0x4028, as the real run.
    expect(layoutProgram({ data: 8, pltFunctions: 3 }).sections.data.start).toBe(
      0x555555554000 + 0x4028
    )
    // long big[8] = {1} (64 bytes: 32-aligned) and printf: .got.plt ends at 0x4008, so .data
    // opens at 0x4020 (32-aligned), __data_start and __dso_handle fill 0x4020..0x402f and big
    // lands at 0x4040 (nm of the gcc-built binary).
    const wide = layoutProgram({ data: 64, dataAlignment: 32, pltFunctions: 1 })
    expect(wide.sections.data.start).toBe(0x555555554000 + 0x4040)
    // const char *n[] = {...} (24 bytes in .data.rel.local, 16-aligned), nothing in .data,
    // printf: .data opens at 0x4010 (16-aligned), n at 0x4020 (nm: D n 0x4020).
    const relocated = layoutProgram({
      data: 40,
      dataAlignment: 1,
      dataSectionAlignment: 16,
      pltFunctions: 1
    })
    expect(relocated.sections.data.start).toBe(0x555555554000 + 0x4020)
  })
  it('honours per-run overrides', () => {
    const l = layoutProgram({}, 'linux-x86_64', { stackLimit: 1 << 20, heapStart: 0x555555600000 })
    expect(l.stackBottom).toBe(0x7ffffffff000 - 0x100000)
    expect(l.heapStart).toBe(0x555555600000)
  })
})

describe('classroom layout', () => {
  it('fits in 64 KiB so every address has four hex digits', () => {
    const l = layoutProgram({ text: 100, rodata: 10, data: 10, bss: 10 }, 'classroom')
    for (const s of l.segments) expect(s.end).toBeLessThanOrEqual(0x10000)
    expect(l.segments[0].start).toBe(0x1000)
    expect(l.heapStart).toBe(0x4000)
    expect(l.stackTop).toBe(0xf000)
    expect(l.stackTop.toString(16)).toHaveLength(4)
  })
})

describe('profile errors', () => {
  it('names the unknown profile and the choices', () => {
    expect(() => resolveProfile('windows')).toThrow(
      /Unknown layout "windows".*linux-x86_64, classroom/
    )
  })
  it('rejects a page size that is not a power of two', () => {
    expect(() => resolveProfile('classroom', { pageSize: 3000 })).toThrow(/power of two/)
  })
})
