/**
 * The simulator's sentences (how a run ended, each misuse report) in the shell's language, said
 * as the app says them: the same vue-i18n messages (locales/<language>/app.json) through the
 * same functions (renderer/src/components/shell/simulatorText.ts). The simulator gives each
 * sentence in English and as a reason (key and parameters); English needs none of this, so
 * `memory-lane run` loads this module only for another language.
 */
import { createI18n } from 'vue-i18n'
import english from '../../renderer/src/locales/en/app.json'
import chinese from '../../renderer/src/locales/zh-CN/app.json'
import {
  exitSentence,
  misuseSentence,
  reasonSentence,
  type Translator
} from '../../renderer/src/components/shell/simulatorText'
import type { ExitInfo } from '../../shared/state'
import type { MisuseEvent, Reason } from '../../shared/sim/types'
import type { PackLanguage } from './pack-language'

export interface SimulatorSentences {
  exit: (exit: ExitInfo) => string
  misuse: (event: MisuseEvent) => string
  /** Any other sentence given with a reason (a bad trace or op list); `english` if unknown. */
  reason: (reason: Reason, english: string) => string
}

export function simulatorSentences(language: PackLanguage): SimulatorSentences {
  const i18n = createI18n({
    legacy: false,
    locale: language,
    fallbackLocale: 'en',
    // A key this version does not know falls back to English without a console warning.
    missingWarn: false,
    fallbackWarn: false,
    messages: { en: { app: english }, 'zh-CN': { app: chinese } }
  })
  const translator = i18n.global as unknown as Translator
  return {
    exit: (exit) => exitSentence(translator, exit),
    misuse: (event) => misuseSentence(translator, event),
    reason: (reason, english) => reasonSentence(translator, reason, english)
  }
}
