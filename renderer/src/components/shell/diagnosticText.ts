/**
 * The compiler's sentences in the learner's language. Each diagnostic keeps its English
 * `message` (for the command line) and a `reason`: a message key under `diagnostics.` with its
 * parameters (type names and identifiers, never translated) and phrases (parts of the sentence
 * that are themselves translated, such as "the end of the file"). A key this version of the app
 * does not know — from a lesson pack or a newer simulator — falls back to the English message.
 */
import type { DiagnosticReason } from '../../../../shared/lang/diagnostics'
import type { Translator } from './simulatorText'

/** The sentence for `reason`, or null when a key in it is unknown. */
function sentence(i18n: Translator, reason: DiagnosticReason): string | null {
  const values: Record<string, string | number> = { ...reason.params }
  for (const [name, phrase] of Object.entries(reason.phrases ?? {})) {
    const text = sentence(i18n, phrase)
    if (text === null) return null
    values[name] = text
  }
  const key = `diagnostics.${reason.key}`
  const text = i18n.t(key, values)
  return text === key ? null : text
}

/** A compile error or warning in the interface language (its English message without a reason). */
export function diagnosticSentence(
  i18n: Translator,
  diagnostic: { message: string; reason?: DiagnosticReason }
): string {
  if (!diagnostic.reason) return diagnostic.message
  return sentence(i18n, diagnostic.reason) ?? diagnostic.message
}

/** A piece of a sentence: plain words, or C written between backticks (`int *`). */
export interface SentencePart {
  text: string
  code: boolean
}

/**
 * Splits a sentence at its backticks so that C shows as code. A sentence with an odd number
 * of backticks (one quotes the character `` ` `` itself) is kept as one plain piece.
 */
export function codeSpans(sentence: string): SentencePart[] {
  const pieces = sentence.split('`')
  if (pieces.length % 2 === 0) return [{ text: sentence, code: false }]
  return pieces
    .map((text, index) => ({ text, code: index % 2 === 1 }))
    .filter((part) => part.text !== '' || part.code)
}
