/**
 * vue-i18n set-up, English and Simplified Chinese. The messages are each feature's own files
 * (locales/catalogue.ts says how they are merged); the app's build hands them over compiled.
 */
import { markRaw } from 'vue'
import { createI18n, type I18nOptions } from 'vue-i18n'
import { LANGUAGES, type Language } from './locales/catalogue'
import { loadMessages } from './locales/messages'

export { LANGUAGES, loadMessages, type Language }

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
    // Never changed once loaded: kept out of Vue's reactivity, which would otherwise wrap every
    // level of the catalogue (and each compiled message's syntax tree) in a proxy as it is read.
    messages: markRaw(loadMessages()) as unknown as I18nOptions['messages']
  })
}
