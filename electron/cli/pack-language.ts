/**
 * The pack command's sentences in the author's language: English from the validator's own
 * templates (shared/lessons/messages.ts), Simplified Chinese from the app's message file for
 * them (renderer/src/locales/zh-CN/packProblems.json), the same catalogue the authoring panel
 * says them from. The language is `--lang`, else the locale the shell gives (LC_ALL,
 * LC_MESSAGES, LANG: `zh_CN.UTF-8` is Chinese). File names, places and ids stay as written.
 */
import { fillTemplate } from '../../shared/lang/diagnostics'
import {
  packReason,
  packSentence,
  type PackMessageKey,
  type PackParam,
  type PackReason
} from '../../shared/lessons/messages'
import type { Problem } from '../../shared/lessons/problems'
import chinese from '../../renderer/src/locales/zh-CN/packProblems.json'

export type PackLanguage = 'en' | 'zh-CN'

/** `--lang` when given, else the shell's locale; English unless that is Chinese. */
export function packLanguage(
  flag: string | undefined,
  env: Record<string, string | undefined> = process.env
): PackLanguage {
  // An empty variable is unset, as for setlocale(3).
  const locale = flag ?? (env.LC_ALL || env.LC_MESSAGES || env.LANG || '')
  return /^zh/i.test(locale) ? 'zh-CN' : 'en'
}

/** The Chinese template of `key` (`group.name`), if the message file has one. */
function chineseTemplate(key: string): string | undefined {
  const [group, name] = key.split('.')
  const templates = (chinese as Record<string, Record<string, string> | undefined>)[group]
  return templates && Object.hasOwn(templates, name) ? templates[name] : undefined
}

/** `reason` in `language`; a key without a Chinese sentence is said in English. */
export function sentenceIn(language: PackLanguage, reason: PackReason): string {
  if (language === 'en') return packSentence(reason)
  const template = chineseTemplate(reason.key)
  if (template === undefined) return packSentence(reason)
  const values: Record<string, string | number> = { ...reason.params }
  for (const [name, phrase] of Object.entries(reason.phrases ?? {}))
    values[name] = sentenceIn(language, phrase)
  return fillTemplate(template, values)
}

/** The sentence for `key` with `params` (a phrase parameter is itself a reason) in `language`. */
export function sayIn(
  language: PackLanguage,
  key: PackMessageKey,
  params: Record<string, PackParam> = {}
): string {
  return sentenceIn(language, packReason(key, params))
}

/** `file:line:column: message`, as formatProblem writes it, in `language`. */
export function problemLineIn(language: PackLanguage, problem: Problem): string {
  const said = problem.reason ? sentenceIn(language, problem.reason) : problem.message
  const text =
    problem.severity === 'warning'
      ? sentenceIn(language, packReason('phrase.warning', { problem: said }))
      : said
  return `${problem.file}:${problem.line}:${problem.column}: ${text}`
}

/** "3 errors", "1 warning": a count as a phrase of another sentence. */
export function count(n: number, one: PackMessageKey, many: PackMessageKey): PackReason {
  return packReason(n === 1 ? one : many, { n })
}
