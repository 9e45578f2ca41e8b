import { describe, expect, it } from 'vitest'
import { LANGUAGES, loadMessages } from './i18n'

/** Every key path of a message tree, e.g. `app.run.step`. */
function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix]
  return Object.entries(tree).flatMap(([key, value]) =>
    keys(value, prefix ? `${prefix}.${key}` : key)
  )
}

/** The `{name}` placeholders of a message. */
const placeholders = (message: string): string[] =>
  [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('message files', () => {
  const messages = loadMessages()

  it('merges each feature’s files under the feature’s name', () => {
    expect(Object.keys(messages.en)).toEqual(expect.arrayContaining(['app', 'memory', 'lesson']))
    expect((messages.en.app as { title: string }).title).toBe('Memory Lane')
    expect((messages['zh-CN'].app as { title: string }).title).toBe('内存小径')
  })

  it('gives English and Simplified Chinese the same keys, with the same placeholders', () => {
    const english = keys(messages.en).sort()
    const chinese = keys(messages['zh-CN']).sort()
    expect(chinese).toEqual(english)
    const lookup = (tree: unknown, path: string): unknown =>
      path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], tree)
    for (const path of english) {
      const en = lookup(messages.en, path)
      const zh = lookup(messages['zh-CN'], path)
      if (typeof en === 'string' && typeof zh === 'string')
        expect(placeholders(zh), `placeholders of ${path}`).toEqual(placeholders(en))
    }
  })

  it('calls the program break 程序断点 in Chinese, the word the lessons teach', () => {
    // heap-growth.zh-CN.md teaches 程序断点 (and tells it from a debugger's 断点); the address
    // map and heap view said 程序中断点, a second name for the same address.
    const chinese = JSON.stringify(messages['zh-CN'])
    expect(chinese).not.toContain('程序中断点')
    expect(chinese).toContain('程序断点 (program break)')
  })

  it('leaves no Chinese message in English (each has Chinese characters or is a name)', () => {
    const names = new Set(['English', '简体中文'])
    const strings = (tree: unknown): string[] =>
      typeof tree === 'string'
        ? [tree]
        : typeof tree === 'object' && tree
          ? Object.values(tree).flatMap(strings)
          : []
    const untranslated = strings(messages['zh-CN'].app).filter(
      (s) => !/[\u4e00-\u9fff]/.test(s) && !names.has(s)
    )
    expect(untranslated).toEqual([])
    expect(LANGUAGES).toEqual(['en', 'zh-CN'])
  })
})
