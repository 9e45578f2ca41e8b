/**
 * vue-i18n set-up. Each feature keeps its own message files,
 * `locales/<language>/<feature>.json`, merged here at start-up under the feature's name:
 * `app.json` keys are used as `app.…`, `memory.json` as `memory.…`, `lesson.json` as `lesson.…`.
 */
import { createI18n, type I18nOptions } from 'vue-i18n'

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
  return messages
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
