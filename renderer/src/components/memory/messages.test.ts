import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import en from '../../locales/en/memory.json'
import zhCN from '../../locales/zh-CN/memory.json'

type Tree = { [key: string]: string | Tree }

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`)
  )
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
}

function lookup(tree: Tree, path: string): string | Tree | undefined {
  return path
    .split('.')
    .reduce<string | Tree | undefined>(
      (node, part) => (node && typeof node === 'object' ? node[part] : undefined),
      tree
    )
}

describe('memory view messages', () => {
  it('has every English message in Simplified Chinese, with the same placeholders', () => {
    expect(keys(zhCN as Tree).sort()).toEqual(keys(en as Tree).sort())
    for (const key of keys(en as Tree)) {
      const english = lookup(en as Tree, key) as string
      const chinese = lookup(zhCN as Tree, key) as string
      expect(placeholders(chinese), key).toEqual(placeholders(english))
    }
  })

  it('defines every literal key the components ask for', () => {
    const folder = fileURLToPath(new URL('.', import.meta.url))
    const files = readdirSync(folder).filter((f) => f.endsWith('.vue') || f.endsWith('.ts'))
    const used = new Set<string>()
    for (const file of files) {
      const text = readFileSync(join(folder, file), 'utf8')
      for (const match of text.matchAll(/\bt\(\s*'memory\.([\w.-]+)'/g)) used.add(match[1])
    }
    expect(used.size).toBeGreaterThan(50)
    const missing = [...used].filter((key) => typeof lookup(en as Tree, key) !== 'string')
    expect(missing).toEqual([])
  })

  it('uses no character vue-i18n would read as syntax (@ and |) in any message', () => {
    // But for the plural forms of the count English says two ways ("1 byte", "2 bytes"), which
    // Chinese repeats (a message has the same placeholders in both).
    const plurals = new Set(['units.bytes'])
    for (const tree of [en, zhCN] as Tree[]) {
      for (const key of keys(tree)) {
        const message = lookup(tree, key) as string
        if (plurals.has(key)) expect(message.split(' | '), key).toHaveLength(2)
        else expect(message, key).not.toMatch(/[@|]/)
      }
    }
  })
})
