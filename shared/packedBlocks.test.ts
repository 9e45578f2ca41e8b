import { describe, expect, it } from 'vitest'
import { RunSession } from './lang/session'
import {
  base64ToNumbers,
  numbersToBase64,
  PACKED_BLOCK_FIELDS,
  packBlocks,
  packState,
  unpackBlocks,
  unpackState
} from './packedBlocks'
import type { BlockInfo } from './sim/types'

/** The state at the end of `source` run on `allocator` (linux-x86_64, or classroom). */
function finalState(source: string, allocator: string, layout = 'linux-x86_64') {
  const session = new RunSession(source, { layout, allocator } as never)
  if (!session.process) throw new Error(JSON.stringify(session.diagnostics))
  session.runToEnd()
  // the step before the exit: the blocks are still the program's
  session.jumpTo(session.totalSteps! - 1)
  // As the worker posts it: the allocators make some blocks and origins as class instances
  // (no allocation site, see allocators/inspection.ts), plain objects once cloned.
  return structuredClone(session.state())
}

/** A program that leaves every kind of block a view draws: live, freed, reused, overflowed. */
const PROGRAM = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
  printf("start\\n");
  char *a = malloc(24);
  char *b = malloc(40);
  char *c = malloc(200);
  char *d = malloc(200000);
  free(a);
  char *e = malloc(24);
  free(c);
  strcpy(b, "0123456789012345678901234567890123456789ABCDEFGH");
  free(d);
  return e != 0;
}
`

describe('packed heap blocks', () => {
  it('packs a hand-made heap into 12 numbers a block, addresses as differences', () => {
    const blocks: BlockInfo[] = [
      {
        address: 0x555555559000,
        size: 0x290,
        payload: 0x555555559010,
        requested: 0,
        headerBytes: 16,
        footerBytes: 0,
        paddingBytes: 0,
        free: false,
        bin: 'bookkeeping',
        role: 'tcache-struct'
      },
      {
        address: 0x555555559290,
        size: 32,
        payload: 0x5555555592a0,
        requested: 20,
        headerBytes: 8,
        footerBytes: 0,
        paddingBytes: 4,
        free: true,
        bin: 'tcache',
        corrupted: true,
        allocated: { step: 3, line: 5 },
        freed: { step: 9 }
      }
    ]
    const packed = packBlocks(blocks)
    expect(packed).toHaveLength(2 * PACKED_BLOCK_FIELDS)
    // first block: its address from 0; flags: bookkeeping is bin 11 (<< 3 = 88), tcache-struct
    // role 1 (<< 7 = 128): 216; no origins
    expect([...packed.slice(0, 12)]).toEqual([
      0x555555559000, 0x290, 16, 0, 16, 0, 0, 216, -1, -1, -1, -1
    ])
    // second: 0x290 after the first, payload 16 in; flags free 1 + corrupted 2 + tcache (1 << 3)
    expect([...packed.slice(12)]).toEqual([0x290, 32, 16, 20, 8, 0, 4, 11, 3, 5, 9, -1])
    expect(unpackBlocks(packed)).toStrictEqual(blocks)
  })

  it.each(['glibc', 'first-fit', 'best-fit', 'segregated', 'buddy', 'pool', 'compacting'])(
    'gives back every block of a real %s heap exactly, through JSON too',
    (allocator) => {
      const state = finalState(PROGRAM, allocator)
      expect(state.blocks.length).toBeGreaterThan(3)
      const packed = packState(state)
      expect(packed.blocks).toEqual([])
      expect(unpackState(packed)).toStrictEqual(state)
      const travelled = JSON.parse(JSON.stringify(packed)) as typeof packed
      expect(unpackState(travelled).blocks).toStrictEqual(state.blocks)
      expect(unpackState(travelled)).toEqual(JSON.parse(JSON.stringify(state)))
    }
  )

  it('keeps what marks a block: bins, roles, a corrupted header, origins with their lines', () => {
    const state = finalState(PROGRAM, 'glibc')
    const blocks = unpackState(packState(state)).blocks
    expect(blocks.some((b) => b.role === 'tcache-struct')).toBe(true)
    expect(blocks.some((b) => b.role === 'stdio-buffer')).toBe(true)
    expect(blocks.some((b) => b.bin === 'top')).toBe(true)
    const overflowed = finalState(PROGRAM, 'first-fit')
    const back = unpackState(packState(overflowed)).blocks
    expect(back).toStrictEqual(overflowed.blocks)
    // c: malloc'd at line 8, freed at line 12, its header overwritten by the strcpy into b
    expect(back.find((b) => b.freed?.line === 12)).toMatchObject({
      free: true,
      corrupted: true,
      allocated: { line: 8 }
    })
    // e, malloc'd at line 11, is live
    expect(back.find((b) => b.allocated?.line === 11)?.free).toBe(false)
  })

  it('leaves a state without packed blocks as it is, and refuses a cut-off array', () => {
    const state = finalState(PROGRAM, 'glibc', 'classroom')
    expect(unpackState(state)).toBe(state)
    expect(() => unpackBlocks([1, 2, 3])).toThrow(/12 numbers a block; 3 numbers/)
    expect(() => base64ToNumbers(btoa('12345'))).toThrow(/8 bytes each, as base64; 8 characters/)
    expect(() => base64ToNumbers('AAAA!AAAAAA=')).toThrow(/'!' at 4 is not base64/)
    // the same text as the platform's own base64 (btoa), padding included
    const three = Float64Array.from([1.5, -2, 0x555555559000])
    const bytes = new Uint8Array(three.buffer)
    expect(numbersToBase64(three)).toBe(btoa(String.fromCharCode(...bytes)))
    // every double survives the text: addresses past 2^32, negatives, fractions
    const numbers = Float64Array.from([0x7ffff7dd0000, -1, 0.5, 2 ** 53 - 1, 0])
    expect(base64ToNumbers(numbersToBase64(numbers))).toEqual(numbers)
  })
})
