import { describe, expect, it } from 'vitest'
import en from '../../locales/en/memory.json'
import zhCN from '../../locales/zh-CN/memory.json'
import type { BlockInfo } from '../../../../shared/sim/types'
import { BIN_MESSAGE_KEYS, blockLabels, blockSentence } from './heapText'

type Tree = { [key: string]: string | Tree }

function lookup(tree: Tree, path: string): string | Tree | undefined {
  return path
    .split('.')
    .reduce<string | Tree | undefined>(
      (node, part) => (node && typeof node === 'object' ? node[part] : undefined),
      tree
    )
}

describe('bin names', () => {
  it('has a sentence name and a drawing label for every bin, in English and Chinese', () => {
    // 11 bins (BlockInfo.bin) twice, plus the labels of glibc's tcache chunk, fence posts and
    // stdout's and stdin's buffers: 22 + 4 = 26
    expect(BIN_MESSAGE_KEYS).toHaveLength(26)
    for (const key of BIN_MESSAGE_KEYS) {
      const path = key.replace(/^memory\./, '')
      expect(typeof lookup(en as Tree, path), key).toBe('string')
      expect(typeof lookup(zhCN as Tree, path), key).toBe('string')
    }
  })
})

describe('blockLabels', () => {
  const catalogue = (tree: Tree) =>
    ({
      t: (key: string) => String(lookup(tree, key.replace(/^memory\./, ''))),
      size: (n: number) => `${n} B`
    }) as unknown as Parameters<typeof blockLabels>[1]
  it("calls a pool's block a slot, as the pool's summary does, in use or free", () => {
    // Every box in a pool's drawing read "pool", under "Pool: 64 slots of 32 B".
    const slot = { size: 32, bin: 'pool' } as BlockInfo
    expect(blockLabels(slot, catalogue(en as Tree))).toEqual(['slot 32 B', 'slot', '32 B'])
    expect(blockLabels({ ...slot, free: true }, catalogue(zhCN as Tree))[1]).toBe('槽')
  })
})

describe('blockSentence', () => {
  /** Sentences as message keys, to see which parts a block gets. */
  const format = {
    t: (key: string) => key,
    address: (a: number) => `0x${a.toString(16)}`,
    bytes: (n: number) => `${n} bytes`,
    join: (parts: string[]) => parts.join(' | ')
  } as unknown as Parameters<typeof blockSentence>[1]
  // classroom buddy system: a 64-byte block with an 8-byte header holding malloc(40)
  const buddy: BlockInfo = {
    address: 0x4000,
    size: 64,
    payload: 0x4008,
    requested: 40,
    headerBytes: 8,
    footerBytes: 0,
    paddingBytes: 16,
    free: false,
    bin: 'buddy'
  }

  it('puts a free buddy or segregated block in its free lists, and one in use in none', () => {
    for (const bin of ['buddy', 'segregated'] as const) {
      expect(blockSentence({ ...buddy, bin }, format)).not.toContain('memory.heap.sentence.bin')
      expect(blockSentence({ ...buddy, bin, free: true, requested: 0 }, format)).toContain(
        'memory.heap.sentence.bin'
      )
    }
    // a pool's slot is in the pool whether it is in use or not
    expect(blockSentence({ ...buddy, bin: 'pool' }, format)).toContain('memory.heap.sentence.bin')
  })

  it("says no padding of an allocator's bookkeeping nothing requested, but keeps glibc's tcache chunk's", () => {
    // the compacting allocator's 4 KiB handle table: no malloc asked for it, so BlockInfo
    // counts all its bytes as padding; the sentence said "4 KiB of padding"
    const handles: BlockInfo = {
      address: 0x7ffff7fbf000,
      size: 4096,
      payload: 0x7ffff7fbf000,
      requested: 0,
      headerBytes: 0,
      footerBytes: 0,
      paddingBytes: 4096,
      free: false,
      bin: 'bookkeeping'
    }
    expect(blockSentence(handles, format)).not.toContain('memory.heap.sentence.padding')
    expect(blockSentence(handles, format)).toContain('memory.heap.sentence.bookkeeping')
    // glibc mallocs its 640-byte tcache struct: a 656-byte chunk, 8 bytes left over
    const tcache = { ...handles, size: 656, requested: 640, headerBytes: 8, paddingBytes: 8 }
    expect(blockSentence(tcache, format)).toContain('memory.heap.sentence.padding')
  })
})
