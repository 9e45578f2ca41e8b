import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { requestSchemas } from '../../shared/api'
import { createAppI18n, LANGUAGES, loadMessages } from './i18n'

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

/** The source files under `dir` (no tests), by path. */
function sources(dir: string, extensions: RegExp): Array<[string, string]> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => extensions.test(name) && !/\.test\.ts$/.test(name))
    .map((name) => [name, readFileSync(join(dir, name), 'utf8')])
}

describe('every message key the code uses', () => {
  const messages = loadMessages()
  const features = Object.keys(messages.en)
  const lookup = (language: 'en' | 'zh-CN', path: string): unknown =>
    path
      .split('.')
      .reduce<unknown>(
        (node, key) =>
          typeof node === 'object' && node !== null && Object.hasOwn(node, key)
            ? (node as Record<string, unknown>)[key]
            : undefined,
        messages[language]
      )
  const missing = (check: (language: 'en' | 'zh-CN') => boolean): string[] =>
    LANGUAGES.filter((language) => !check(language))

  it('has a message in English and in Chinese for each key the page names', () => {
    // A key is a quoted string ('…', as prettier writes them; "…" in a template is code) that
    // starts with a feature's name: 'lesson.import.done', also when it is kept in a constant; a key built at run time (`memory.segment.${kind}`) needs
    // its fixed part to be a group of messages in both languages.
    const root = import.meta.dirname
    const literal = new RegExp(`'((?:${features.join('|')})(?:\\.[\\w-]+)+)'`, 'g')
    const built = new RegExp(`\`((?:${features.join('|')})(?:\\.[\\w-]+)*)\\.\\$\\{`, 'g')
    const problems: string[] = []
    let keys = 0
    for (const [file, text] of sources(root, /\.(vue|ts)$/)) {
      for (const [, key] of text.matchAll(literal)) {
        // File names, and the contract's channels ('app.info'), are not message keys.
        if (/\.(json|ts|vue|md|css)$/.test(key) || Object.hasOwn(requestSchemas, key)) continue
        keys++
        for (const language of missing((l) => typeof lookup(l, key) === 'string'))
          problems.push(`${file}: '${key}' has no ${language} message`)
      }
      for (const [, prefix] of text.matchAll(built)) {
        keys++
        for (const language of missing((l) => typeof lookup(l, prefix) === 'object'))
          problems.push(`${file}: \`${prefix}.\${…}\` has no ${language} group`)
      }
    }
    expect(problems).toEqual([])
    // The scan found the keys (a broken pattern would find none and pass).
    expect(keys).toBeGreaterThan(300)
  })

  it('has a sentence in English and in Chinese for each key the main side sends', () => {
    // The main side's refusals and notices carry `reason: { key }` under `app.main.`; a lesson
    // pack refused while being read is an UnsafePackError(message, key) under `app.main.pack.`.
    const electron = join(import.meta.dirname, '../../electron')
    const problems: string[] = []
    let keys = 0
    for (const [file, text] of sources(electron, /\.ts$/)) {
      const sent = [
        ...[...text.matchAll(/\bkey: '(\w+(?:\.\w+)+)'/g)].map((m) => m[1]),
        ...[...text.matchAll(/UnsafePackError\(\s*(?:'[^']*'|`[^`]*`),\s*'(\w+)'/g)].map(
          (m) => `pack.${m[1]}`
        )
      ]
      for (const key of sent) {
        keys++
        for (const language of missing((l) => typeof lookup(l, `app.main.${key}`) === 'string'))
          problems.push(
            `${relative(electron, join(electron, file))}: 'app.main.${key}' has no ${language} sentence`
          )
      }
    }
    expect(problems).toEqual([])
    expect(keys).toBeGreaterThan(25)
  })
})

describe('counts of lessons, steps and results', () => {
  // 'Imported “Sample pack” (1 lessons)', '1 steps · Not started', '1 results updated'.
  it('says one in the singular and more in the plural in English, one form in Chinese', () => {
    const say = (language: 'en' | 'zh-CN', key: string, n: number) =>
      createAppI18n(language).global.t(key, { n, title: 'Sample pack' }, n)
    expect(say('en', 'lesson.import.done', 1)).toBe('Imported “Sample pack” (1 lesson).')
    expect(say('en', 'lesson.import.done', 8)).toBe('Imported “Sample pack” (8 lessons).')
    expect(say('en', 'lesson.library.steps', 1)).toBe('1 step')
    expect(say('en', 'lesson.library.steps', 7)).toBe('7 steps')
    expect(say('en', 'lesson.progress.imported', 1)).toBe('Progress merged: 1 result updated.')
    expect(say('en', 'lesson.progress.imported', 3)).toBe('Progress merged: 3 results updated.')
    expect(say('zh-CN', 'lesson.import.done', 1)).toBe('已导入“Sample pack”（1 课）。')
    expect(say('zh-CN', 'lesson.library.steps', 7)).toBe('7 步')
  })
})
