/**
 * The interface's message catalogue, independent of how its files are read: each feature keeps
 * `locales/<language>/<feature>.json`, merged under the feature's name (`app.json` keys are used
 * as `app.…`, `memory.json` as `memory.…`). The English `diagnostics.…` are the C front end's own
 * templates (shared/lang/diagnostic-messages.ts), the English `packProblems.…` the pack
 * validator's (shared/lessons/messages.ts). Pure TypeScript: the renderer reads the files
 * through Vite, the build (electron/renderer-build) from disk.
 */
import { DIAGNOSTIC_MESSAGES } from '../../../shared/lang/diagnostic-messages'
import { PACK_MESSAGES } from '../../../shared/lessons/messages'

export const LANGUAGES = ['en', 'zh-CN'] as const
export type Language = (typeof LANGUAGES)[number]

/** A message tree: nested objects whose leaves are messages. */
export type Messages = Record<string, unknown>

/** All message files (by path, `…/<language>/<feature>.json`), by language and feature. */
export function mergeMessageFiles(files: Record<string, Messages>): Record<Language, Messages> {
  const messages: Record<Language, Messages> = { en: {}, 'zh-CN': {} }
  for (const [path, content] of Object.entries(files)) {
    const match = /([^/]+)\/([^/]+)\.json$/.exec(path)
    if (!match) continue
    const [, language, feature] = match
    if ((LANGUAGES as readonly string[]).includes(language))
      messages[language as Language][feature] = content
  }
  // The compiler's English sentences are its own templates (the command line says them too),
  // kept once, in shared/lang; only the other languages have a diagnostics.json.
  messages.en.diagnostics = nestKeys(DIAGNOSTIC_MESSAGES)
  // Likewise the lesson-pack validator's (shared/lessons/messages.ts): packProblems.json.
  messages.en.packProblems = nestKeys(PACK_MESSAGES)
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
