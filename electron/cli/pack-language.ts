/**
 * The pack command's sentences in the author's language: English from the validator's own
 * templates (shared/lessons/messages.ts), Simplified Chinese from the app's message file for
 * them (renderer/src/locales/zh-CN/packProblems.json), the same catalogue the authoring panel
 * says them from. The language is `--lang`, else the locale the shell gives (LC_ALL,
 * LC_MESSAGES, LANG: `zh_CN.UTF-8` is Chinese). File names, places and ids stay as written.
 */
import { fillTemplate } from '../../shared/lang/diagnostics'
import {
  DIAGNOSTIC_PHRASE,
  packReason,
  packSentence,
  type PackMessageKey,
  type PackParam,
  type PackReason
} from '../../shared/lessons/messages'
import type { Problem } from '../../shared/lessons/problems'
import chinese from '../../renderer/src/locales/zh-CN/packProblems.json'
import chineseDiagnostics from '../../renderer/src/locales/zh-CN/diagnostics.json'
import chineseApp from '../../renderer/src/locales/zh-CN/app.json'
import type { UnsafePackError } from '../services/lesson-library/mlpack'

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

/** The template at `key` (`group.name`, the C front end's may be deeper) in a message file. */
function templateAt(messages: unknown, key: string): string | undefined {
  let node = messages
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string' ? node : undefined
}

/**
 * `reason` in `language`; a key without a Chinese sentence is said in English. A compile
 * error inside a sentence (DIAGNOSTIC_PHRASE) is said from the C front end's own Chinese
 * sentences, as the app says it, with the phrases inside it from there too.
 */
export function sentenceIn(language: PackLanguage, reason: PackReason, compiler = false): string {
  if (language === 'en') return packSentence(compiler ? diagnosticOf(reason) : reason)
  const inCompiler = compiler || reason.key.startsWith(DIAGNOSTIC_PHRASE)
  const key = compiler || !inCompiler ? reason.key : reason.key.slice(DIAGNOSTIC_PHRASE.length)
  const template = templateAt(inCompiler ? chineseDiagnostics : chinese, key)
  if (template === undefined) return packSentence(compiler ? diagnosticOf(reason) : reason)
  const values: Record<string, string | number> = { ...reason.params }
  for (const [name, phrase] of Object.entries(reason.phrases ?? {}))
    values[name] = sentenceIn(language, phrase, inCompiler)
  return fillTemplate(template, values)
}

/** A phrase inside a compile error, marked as one for packSentence's English. */
function diagnosticOf(reason: PackReason): PackReason {
  return { ...reason, key: DIAGNOSTIC_PHRASE + reason.key }
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

/**
 * Why the pack's files could not be read (a zip that is not one, a path leaving the pack, a
 * folder of too many files), in `language`: the app's own sentence for it (`main.pack.*` in
 * its message files), so the command and the import dialog say the same.
 */
export function refusalIn(language: PackLanguage, error: UnsafePackError): string {
  const template = language === 'en' ? undefined : templateAt(chineseApp.main, error.reason.key)
  return template === undefined ? error.message : fillTemplate(template, error.reason.params ?? {})
}
