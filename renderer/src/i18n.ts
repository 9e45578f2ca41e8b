/**
 * vue-i18n set-up. Each feature keeps its own message files,
 * `locales/<language>/<feature>.json`, merged here at start-up under the feature's name:
 * `app.json` keys are used as `app.…`, `memory.json` as `memory.…`, `lesson.json` as `lesson.…`.
 * The English `diagnostics.…` are the C front end's own templates (shared/lang/diagnostic-messages.ts).
 */
import { createI18n, type I18nOptions } from 'vue-i18n'
import { DIAGNOSTIC_MESSAGES } from '../../shared/lang/diagnostic-messages'

export const LANGUAGES = ['en', 'zh-CN'] as const
export type Language = (typeof LANGUAGES)[number]

type Messages = Record<string, unknown>
const files = import.meta.glob<Messages>('./locales/*/*.json', { eager: true, import: 'default' })

/** All message files, by language and then by feature. */
export function loadMessages(): Record<Language, Messages> {
  const messages: Record<Language, Messages> = { en: {}, 'zh-CN': {} }
  for (const [path, content] of Object.entries(files)) {
    const match = /\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path)
    if (!match) continue
    const [, language, feature] = match
    if ((LANGUAGES as readonly string[]).includes(language))
      messages[language as Language][feature] = content
  }
  // The compiler's English sentences are its own templates (the command line says them too),
  // kept once, in shared/lang; only the other languages have a diagnostics.json.
  messages.en.diagnostics = nestKeys(DIAGNOSTIC_MESSAGES)
  return messages
}

/** `{'a.b': 'x'}` as `{a: {b: 'x'}}`, the message tree vue-i18n reads. */
function nestKeys(flat: Record<string, string>): Messages {
  const tree: Messages = {}
  for (const [key, value] of Object.entries(flat)) {
    const path = key.split('.')
    let node = tree
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Messages
    node[path[path.length - 1]] = value
  }
  return tree
}

const STORAGE_KEY = 'memory-lane.language'

/** The saved choice, else the system language (Chinese systems get Simplified Chinese). */
export function initialLanguage(): Language {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY)
  if (saved && (LANGUAGES as readonly string[]).includes(saved)) return saved as Language
  return globalThis.navigator?.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

export function rememberLanguage(language: Language): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, language)
  if (globalThis.document) globalThis.document.documentElement.lang = language
}

export function createAppI18n(language: Language = initialLanguage()) {
  return createI18n({
    legacy: false,
    locale: language,
    fallbackLocale: 'en',
    // The JSON files are plain message trees, which is what vue-i18n reads.
    messages: loadMessages() as unknown as I18nOptions['messages']
  })
}
