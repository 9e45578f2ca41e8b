/**
 * The compiler's diagnostics said through vue-i18n: the English messages render exactly
 * the English sentence the front end (and the command line) gives, for every broken program
 * of the corpus; the Chinese file has every key, uses the same parameters and leaves none out.
 */
import { describe, expect, it } from 'vitest'
import { createAppI18n, loadMessages } from '../../i18n'
import zh from '../../locales/zh-CN/diagnostics.json'
import { compile, type Diagnostic } from '../../../../shared/lang'
import { DIAGNOSTIC_MESSAGES } from '../../../../shared/lang/diagnostics'
import { BAD_PROGRAMS } from '../../../../shared/lang/diagnostics.corpus'
import { codeSpans, diagnosticSentence } from './diagnosticText'
import type { Translator } from './simulatorText'

type Tree = { [key: string]: string | Tree }

/** `{a: {b: 'x'}}` as `{'a.b': 'x'}`. */
function flatten(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out[prefix + key] = value
    else Object.assign(out, flatten(value, `${prefix}${key}.`))
  }
  return out
}

/** The `{name}` parameters of a message, each as often as it appears, in order. */
function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
}

function translator(language: 'en' | 'zh-CN'): Translator {
  const i18n = createAppI18n(language)
  return {
    t: (key, params) => i18n.global.t(key, params ?? {}),
    locale: i18n.global.locale as unknown as { value: string }
  }
}

function diagnosticsOf(source: string): Diagnostic[] {
  const r = compile(source, { file: 'bad.c' })
  return r.ok ? r.program.warnings : r.diagnostics
}

const english: Record<string, string> = DIAGNOSTIC_MESSAGES
const chinese = flatten(zh as Tree)

describe('diagnostics message files', () => {
  it('the app’s English messages are the front end’s own templates, key for key', () => {
    expect(flatten(loadMessages().en.diagnostics as Tree)).toEqual(DIAGNOSTIC_MESSAGES)
  })

  it('the Chinese file has every key and no other', () => {
    expect(Object.keys(chinese).sort()).toEqual(Object.keys(english).sort())
  })

  it('each Chinese message uses the parameters of the English one, all of them', () => {
    for (const [key, template] of Object.entries(english))
      expect(placeholders(chinese[key]), key).toEqual(placeholders(template))
  })
})

describe('every broken program, said in both languages', () => {
  const en = translator('en')
  const zhCN = translator('zh-CN')
  for (const [name, source] of Object.entries(BAD_PROGRAMS)) {
    it(name, () => {
      for (const d of diagnosticsOf(source)) {
        // vue-i18n renders the English file exactly as the front end builds the message.
        expect(diagnosticSentence(en, d)).toBe(d.message)
        const said = diagnosticSentence(zhCN, d)
        expect(said, d.message).not.toBe(d.message)
        expect(said, said).not.toMatch(/\{\w+\}|diagnostics\./)
        // Identifiers and type names stay as written.
        for (const value of Object.values(d.reason?.params ?? {})) {
          if (typeof value === 'string' && value.length > 2)
            expect(said, `${said} should keep ${value}`).toContain(value)
        }
      }
    })
  }
})

describe('diagnosticSentence', () => {
  const zhCN = translator('zh-CN')

  it('says the issue’s example in Chinese, the types kept as C writes them', () => {
    const [d] = diagnosticsOf(
      'struct node { struct node *next; };\nint main(void) {\n  int *p = 0;\n  p->next = 0;\n  return 0;\n}\n'
    )
    expect(diagnosticSentence(zhCN, d)).toBe(
      '`p` 的类型是 `int *`，所以 `p->next` 需要一个结构体指针。'
    )
  })

  it('says the phrases inside a sentence in Chinese too', () => {
    const [d] = diagnosticsOf('int f(int a,')
    expect(diagnosticSentence(zhCN, d)).toBe('这里应是一个声明，但遇到的是文件结尾。')
  })

  it('falls back to the English message for a key it does not know, or no reason at all', () => {
    const message = 'A sentence from a newer simulator.'
    expect(diagnosticSentence(zhCN, { message, reason: { key: 'future.thing', params: {} } })).toBe(
      message
    )
    const phrase = { key: 'phrase.unknown', params: {} }
    expect(
      diagnosticSentence(zhCN, {
        message,
        reason: { key: 'parser.expectedDeclaration', params: {}, phrases: { found: phrase } }
      })
    ).toBe(message)
    expect(diagnosticSentence(zhCN, { message })).toBe(message)
  })
})

describe('codeSpans', () => {
  it('sets the C between backticks apart', () => {
    expect(codeSpans('`p` 的类型是 `int *`。')).toEqual([
      { text: 'p', code: true },
      { text: ' 的类型是 ', code: false },
      { text: 'int *', code: true },
      { text: '。', code: false }
    ])
  })

  it('keeps a sentence whole when it quotes a lone backtick', () => {
    const sentence = 'The character ``` cannot appear here in a C program.'
    expect(codeSpans(sentence)).toEqual([{ text: sentence, code: false }])
  })
})
