/**
 * The renderer's messages compiled at build time. vue-i18n otherwise ships its message compiler
 * to the page and compiles each message the first time it is shown; here every message is
 * compiled once, when the app is built, into the syntax tree vue-i18n's runtime evaluates (no
 * code is generated, so the page's Content-Security-Policy needs no 'unsafe-eval'), and the
 * compiler is left out of the page.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { baseCompile } from '@intlify/message-compiler'
import { normalizePath, type Plugin } from 'vite'
import {
  mergeMessageFiles,
  type Language,
  type Messages
} from '../../renderer/src/locales/catalogue'

/** Every `<language>/<feature>.json` under `localesDir`, parsed, by path. */
export function readMessageFiles(localesDir: string): Record<string, Messages> {
  const files: Record<string, Messages> = {}
  for (const language of readdirSync(localesDir, { withFileTypes: true })) {
    if (!language.isDirectory()) continue
    for (const file of readdirSync(join(localesDir, language.name))) {
      if (!file.endsWith('.json')) continue
      const path = join(localesDir, language.name, file)
      files[path] = JSON.parse(readFileSync(path, 'utf8')) as Messages
    }
  }
  return files
}

/** Says that a message could not be compiled, and where. */
export type MessageProblem = (sentence: string) => void

/**
 * One message as vue-i18n's runtime reads a precompiled one. A message with a syntax error is
 * kept as its plain text, so the page shows it as written rather than failing to draw (vue-i18n
 * compiling it at run time would throw), and `problem` is told which message it was (the build
 * prints it; messages.test.ts fails on it).
 */
export function compileMessage(message: string, where: string, problem?: MessageProblem): unknown {
  let broken: string | null = null
  const { ast } = baseCompile(message, {
    jit: true,
    location: false,
    minify: true,
    onError: (error) => {
      broken ??= error.message
    }
  })
  if (broken === null) return ast
  problem?.(`The message ${where} cannot be compiled (${broken}); it is shown as written.`)
  // A message whose text is static: the minified form of `{ type: Resource, body: { type:
  // Message, items: [{ type: Text }], static: text } }`.
  return { t: 0, b: { t: 2, i: [{ t: 3 }], s: message } }
}

/** The same message tree with each message compiled. */
export function compileMessages(tree: Messages, where = '', problem?: MessageProblem): Messages {
  const compiled: Messages = {}
  for (const [key, value] of Object.entries(tree)) {
    const path = where ? `${where}.${key}` : key
    compiled[key] =
      typeof value === 'string'
        ? compileMessage(value, path, problem)
        : typeof value === 'object' && value !== null
          ? compileMessages(value as Messages, path, problem)
          : value
  }
  return compiled
}

/** Every language's catalogue, compiled. */
export function precompiledCatalogue(
  localesDir: string,
  problem?: MessageProblem
): Record<Language, Messages> {
  const catalogue = mergeMessageFiles(readMessageFiles(localesDir))
  const compiled = {} as Record<Language, Messages>
  for (const [language, tree] of Object.entries(catalogue) as [Language, Messages][])
    compiled[language] = compileMessages(tree, language, problem)
  return compiled
}

/**
 * The source of the module that hands the compiled catalogue to the page. Each feature of each
 * language (`en` → `app`, `lesson`, `memory`, `diagnostics`) is kept as its own JSON text and
 * parsed the first time vue-i18n reads it: the first screen needs only its own language's `app`
 * and `lesson` messages, a quarter of the catalogue, and parsing the rest (the memory views',
 * the compiler's diagnostics, the other language) took ~15 ms of the page's start-up. A JSON
 * text parses faster than the same object written as a JavaScript literal.
 */
export function catalogueModule(catalogue: Record<string, Messages>): string {
  const languages = Object.entries(catalogue).map(([language, features]) => {
    const parts = Object.entries(features).map(
      ([feature, tree]) => `${JSON.stringify(feature)}: ${JSON.stringify(JSON.stringify(tree))}`
    )
    return `${JSON.stringify(language)}: parsedWhenRead({ ${parts.join(', ')} })`
  })
  return `/** Each feature's messages, parsed on first read (then a plain property). */
function parsedWhenRead(texts) {
  const tree = {}
  for (const [feature, text] of Object.entries(texts))
    Object.defineProperty(tree, feature, {
      enumerable: true,
      configurable: true,
      get() {
        const value = JSON.parse(text)
        Object.defineProperty(tree, feature, { value, enumerable: true, writable: true })
        return value
      }
    })
  return tree
}
export function loadMessages() {
  return { ${languages.join(',\n    ')} }
}
`
}

const VIRTUAL_ID = '\0memory-lane:precompiled-messages'

/**
 * In the renderer's production build: `locales/messages.ts` is replaced by the precompiled
 * catalogue, and vue-i18n is told at build time that it will never compile a message (its
 * compiler is then dropped) and that only its Composition API is used (its legacy API too).
 */
export function precompiledMessages(localesDir: string): Plugin {
  const messagesModule = normalizePath(join(localesDir, 'messages.ts'))
  let replaced = false
  return {
    name: 'memory-lane-precompiled-messages',
    apply: 'build',
    // Before Vite's own resolver, which would otherwise settle the relative import first.
    enforce: 'pre',
    config: () => ({
      define: {
        __INTLIFY_DROP_MESSAGE_COMPILER__: 'true',
        __INTLIFY_JIT_COMPILATION__: 'true',
        __VUE_I18N_LEGACY_API__: 'false',
        __VUE_I18N_FULL_INSTALL__: 'false',
        __INTLIFY_PROD_DEVTOOLS__: 'false'
      }
    }),
    async resolveId(source, importer, options) {
      if (!importer || !source.includes('messages')) return null
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true })
      if (!resolved || normalizePath(resolved.id) !== messagesModule) return null
      replaced = true
      return VIRTUAL_ID
    },
    load(id) {
      if (id !== VIRTUAL_ID) return null
      for (const path of Object.keys(readMessageFiles(localesDir))) this.addWatchFile(path)
      // A JSON string parses faster than the same object written as a JavaScript literal.
      return catalogueModule(precompiledCatalogue(localesDir, (sentence) => this.warn(sentence)))
    },
    // Without its compiler the page could not show a message as written: never ship that.
    buildEnd(error) {
      if (!error && !replaced)
        throw new Error(`The renderer build never imported ${messagesModule} to precompile it.`)
    }
  }
}
