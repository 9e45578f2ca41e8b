import { describe, expect, it } from 'vitest'
import type { ProcessState } from '../../../../shared/state'
import {
  addressBands,
  bandHeight,
  hasExited,
  layoutAddressMap,
  stackLimitAddress
} from './addressMap'
import { bigAllocation, emptyHeap, leak, stackOverflow, threeBlocks } from './fixtures'

describe('address-space map geometry', () => {
  it('grows band height with the logarithm of the size', () => {
    expect(bandHeight(4096)).toBe(22) // one page
    expect(bandHeight(0x21000)).toBe(67) // 33 pages: 22 + 9·log2(33) = 22 + 45.4
    expect(bandHeight(8 * 1024 * 1024)).toBe(96) // 2048 pages: 22 + 99 → capped at 96
  })

  it('orders linux-x86_64 bands from the stack down to address 0, with gaps between', () => {
    const kinds = addressBands(threeBlocks).map((b) => b.kind)
    expect(kinds).toEqual([
      'stack',
      'stack-room',
      'guard',
      'gap',
      'heap',
      'bss',
      'data',
      'gap', // 0x555555557000..0x555555558000, between .rodata and .data
      'rodata',
      'text',
      'gap' // down to 0: NULL is never mapped
    ])
  })

  it('splits the 8 MiB stack segment at rsp: in use above, room to grow below', () => {
    const [stack, room] = addressBands(threeBlocks)
    // the simulator sends the whole reservation 0x7fffff7ff000..0x7ffffffff000 as the segment
    expect(threeBlocks.segments.find((s) => s.name === 'stack')?.start).toBe(0x7fffff7ff000)
    expect(stack).toMatchObject({ kind: 'stack', start: 0x7fffffffe6d0, end: 0x7ffffffff000 })
    expect(room).toMatchObject({ kind: 'stack-room', start: 0x7fffff7ff000, end: 0x7fffffffe6d0 })
  })

  it('keeps an empty stack band at the top before main has a frame', () => {
    const state = { ...threeBlocks, stackPointer: 0x7ffffffff000 }
    const [stack, room] = addressBands(state)
    expect(stack).toMatchObject({ kind: 'stack', start: 0x7ffffffff000, end: 0x7ffffffff000 })
    expect(room).toMatchObject({ start: 0x7fffff7ff000, end: 0x7ffffffff000 })
  })

  it('puts the stack limit 8 MiB below the top and the guard gap 1 MiB below that', () => {
    const bands = addressBands(threeBlocks)
    // 0x7ffffffff000 − 0x800000 = 0x7fffff7ff000
    expect(stackLimitAddress(threeBlocks)).toBe(0x7fffff7ff000)
    const guard = bands.find((b) => b.kind === 'guard')
    expect(guard).toEqual({ kind: 'guard', start: 0x7fffff6ff000, end: 0x7fffff7ff000 })
  })

  it('puts an mmapped chunk between the stack guard gap and the heap', () => {
    const bands = addressBands(bigAllocation)
    expect(bands.map((b) => b.kind).slice(0, 6)).toEqual([
      'stack',
      'stack-room',
      'guard',
      'gap',
      'mmap',
      'gap'
    ])
    // 0x7ffff7fc1000 − 0x31000 = 0x7ffff7f90000
    expect(bands[4]).toMatchObject({ start: 0x7ffff7f90000, end: 0x7ffff7fc1000 })
  })

  it('shows an empty heap as a band of zero bytes at the break', () => {
    const heap = addressBands(emptyHeap).find((b) => b.kind === 'heap')
    expect(heap?.start).toBe(0x555555559000)
    expect(heap?.end).toBe(0x555555559000)
  })

  it('draws the program break at the top of the heap band and rsp under the stack in use', () => {
    const map = layoutAddressMap(threeBlocks)
    const heap = map.bands.find((b) => b.kind === 'heap')!
    const stack = map.bands.find((b) => b.kind === 'stack')!
    const room = map.bands.find((b) => b.kind === 'stack-room')!
    expect(map.programBreakY).toBe(heap.y)
    // the stack in use ends at rsp, where the room below it begins
    expect(map.stackPointerY).toBe(stack.y + stack.height)
    expect(room.y).toBe(map.stackPointerY)
    expect(map.stackLimitY).toBe(room.y + room.height)
    // bands tile the bar without overlap
    map.bands.forEach((band, i) => {
      if (i > 0) expect(band.y).toBe(map.bands[i - 1].y + map.bands[i - 1].height)
    })
  })

  it('keeps the guard gap out of the heap in the small classroom space', () => {
    // classroom: limit 0xe000, heap ends at 0x2400, so the guard gap is 0x2400..0xe000 at most
    const guard = addressBands(leak).find((b) => b.kind === 'guard')!
    expect(guard.start).toBe(0x2400)
    expect(guard.end).toBe(0xe000)
  })

  it('draws no rsp once the process has exited, but keeps it for a process a signal killed', () => {
    // main returned: the simulator drops every frame and puts %rsp back at the top
    // (0x7ffffffff000), where the map used to draw it above an empty 0 B stack band
    const exited: ProcessState = {
      ...threeBlocks,
      frames: [],
      frameCount: 0,
      stackPointer: threeBlocks.stackTop,
      framePointer: 0,
      exit: { status: 0, line: 9 }
    }
    expect(hasExited(exited)).toBe(true)
    expect(layoutAddressMap(exited).stackPointerY).toBeNull()
    expect(hasExited(stackOverflow)).toBe(false)
    expect(layoutAddressMap(stackOverflow).stackPointerY).not.toBeNull()
    expect(layoutAddressMap(threeBlocks).stackPointerY).not.toBeNull()
  })
})
