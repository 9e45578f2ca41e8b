/**
 * The main side's sentences in the learner's language. A refusal, a notice or a failure from
 * the main side carries its English `message` and, beside it, a `reason`: a message key under
 * `app.main.` with its parameters (file names, counts). A key this version of the page does
 * not know falls back to the English message.
 */
import type { Sentence } from '../../../shared/api'
import { problemLine } from './packProblems'

/** The part of vue-i18n's `t` this needs. */
export type Translate = (key: string, params: Record<string, unknown>) => string

/** `said` in the page's language. */
export function mainSentence(t: Translate, said: { message: string; reason?: Sentence }): string {
  if (!said.reason) return said.message
  const key = `app.main.${said.reason.key}`
  const params: Record<string, unknown> = { ...said.reason.params }
  // A refused pack quotes the validator's problems: those are said in the page's language too.
  if (said.reason.problems)
    params.problems = said.reason.problems.map((problem) => problemLine(t, problem)).join('\n')
  const text = t(key, params)
  return text === key ? said.message : text
}

let pageTranslate: Translate | null = null

/** Set once by the page's entry, so that request errors arrive already translated. */
export function translateMainSentencesWith(t: Translate | null): void {
  pageTranslate = t
}

/** `said` in the page's language when the page has set its translator, else in English. */
export function mainSentenceNow(said: { message: string; reason?: Sentence }): string {
  return pageTranslate ? mainSentence(pageTranslate, said) : said.message
}
