/**
 * The messages compiled at build time say exactly what vue-i18n says from the message files
 * themselves, for every message of both languages.
 */
import { describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { createI18n } from 'vue-i18n'
import { catalogueModule, compileMessage, precompiledCatalogue, readMessageFiles } from './messages'
import { LANGUAGES, mergeMessageFiles, type Messages } from '../../renderer/src/locales/catalogue'

const localesDir = fileURLToPath(new URL('../../renderer/src/locales', import.meta.url))

/** Every message's key and its text as written. */
function leaves(tree: Messages, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] => {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') return [[path, value]]
    return typeof value === 'object' && value ? leaves(value as Messages, path) : []
  })
}

type Translate = (key: string, named: Record<string, unknown>, plural?: number) => string
type I18nOptions = Parameters<typeof createI18n>[0]
function translator(messages: Record<string, Messages>, locale: string): Translate {
  const options = { legacy: false, locale, messages, warnHtmlMessage: false }
  const i18n = createI18n(options as unknown as I18nOptions) as unknown as {
    global: { t: Translate }
  }
  return i18n.global.t
}

/** What the page's `loadMessages()` returns: the generated module's, run as it is. */
function pageMessages(catalogue: Record<string, Messages>): Record<string, Messages> {
  const body = catalogueModule(catalogue).replace('export function', 'function')
  const load = new Function(`${body}\nreturn loadMessages`)() as () => Record<string, Messages>
  return load()
}

/** Whether a feature's messages are still waiting to be parsed (a getter, not yet a value). */
const unparsed = (tree: Messages, feature: string): boolean =>
  Object.getOwnPropertyDescriptor(tree, feature)?.get !== undefined

describe('precompiled messages', () => {
  const written = mergeMessageFiles(readMessageFiles(localesDir))
  const compiled = pageMessages(precompiledCatalogue(localesDir))

  for (const language of LANGUAGES) {
    it(`say the same as the message files, in ${language}`, () => {
      const fromFiles = translator(written, language)
      const fromBuild = translator(compiled, language)
      const messages = leaves(written[language])
      expect(messages.length).toBeGreaterThan(300)
      for (const [key, text] of messages) {
        // Each placeholder filled with its own name, so a swapped or lost one shows.
        const named = Object.fromEntries(
          [...text.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, `<${name}>`])
        )
        const expected = fromFiles(key, named)
        expect(fromBuild(key, named), key).toBe(expected)
        // A message with plural forms: both forms.
        if (text.includes('|'))
          for (const count of [1, 2])
            expect(fromBuild(key, named, count), `${key}, ${count}`).toBe(
              fromFiles(key, named, count)
            )
      }
    })
  }

  it("parse a language's feature only once one of its messages is read", () => {
    const messages = pageMessages(precompiledCatalogue(localesDir))
    const t = translator(messages, 'en')
    for (const language of LANGUAGES)
      for (const feature of ['app', 'lesson', 'memory', 'diagnostics'])
        expect(unparsed(messages[language], feature), `${language} ${feature}`).toBe(true)
    expect(t('app.run.run', {})).toBe('Run')
    expect(unparsed(messages.en, 'app')).toBe(false)
    expect(unparsed(messages.en, 'memory')).toBe(true)
    expect(unparsed(messages['zh-CN'], 'app')).toBe(true)
    // Read again, the parsed tree is the same object (parsed once).
    expect(messages.en.app).toBe(messages.en.app)
  })

  it('fill in a placeholder and choose a plural form', () => {
    const t = translator({ en: { m: compileMessage('{n} block | {n} blocks', 'm') } }, 'en')
    expect(t('m', { n: 1 }, 1)).toBe('1 block')
    expect(t('m', { n: 3 }, 3)).toBe('3 blocks')
  })

  it('keep a message that cannot be compiled as written, saying which', () => {
    const problems: string[] = []
    const broken = 'Freed {block'
    const compiled = compileMessage(broken, 'app.heap.freed', (sentence) => problems.push(sentence))
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^The message app\.heap\.freed cannot be compiled \(.+\); it is/)
    // vue-i18n compiling it itself throws when it is shown; the compiled one reads as written.
    expect(() => translator({ en: { m: broken } }, 'en')('m', {})).toThrow(SyntaxError)
    expect(translator({ en: { m: compiled as Messages } }, 'en')('m', {})).toBe(broken)
  })
})
