import { describe, expect, it } from 'vitest'
import en from '../../locales/en/memory.json'
import zhCN from '../../locales/zh-CN/memory.json'
import { BIN_MESSAGE_KEYS } from './heapText'

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
