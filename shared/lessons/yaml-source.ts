/**
 * Reading YAML written by strangers. Aliases are bounded (a "billion laughs" document fails
 * with a message instead of eating memory), so is nesting (`[[[[…]]]]` thousands deep would
 * exhaust the parser's stack, or later the schema checker's), and every node keeps its position
 * so a schema error can point at the exact line and column of the offending key or value.
 */
import {
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Document,
  type Node,
  type YAMLError
} from 'yaml'
import { say, type PackReason } from './messages'
import { LineIndex, type Problem } from './problems'

/** Most alias (`*name`) expansions a pack's YAML may use. Real packs need a handful. */
export const maxYamlAliases = 50

/** Deepest nesting of lists and maps a pack's YAML may use. Real packs need four or five. */
export const maxYamlDepth = 32

const nestedTooDeeply = say('yaml.tooDeep', { depth: maxYamlDepth })

/** The first collection nested deeper than `maxYamlDepth`, found without recursion. */
function tooDeep(root: unknown): Node | undefined {
  const pending: Array<[unknown, number]> = [[root, 0]]
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!
    if (!isCollection(node)) continue
    if (depth >= maxYamlDepth) return node
    for (const item of node.items) {
      if (isPair(item)) {
        pending.push([item.value, depth + 1])
        pending.push([item.key, depth + 1])
      } else pending.push([item, depth + 1])
    }
  }
  return undefined
}

/** Where `*name` is used in `text` as an alias (not inside a longer name), or -1. */
function aliasOffset(text: string, alias: string): number {
  for (let i = text.indexOf(alias); i >= 0; i = text.indexOf(alias, i + 1))
    if (!/[^\s,[\]{}]/.test(text.charAt(i + alias.length))) return i
  return -1
}

/** At most 40 characters of `text`, on one line, as a problem quotes them. */
function quoted(text: string): string {
  const line = text.split(/\r?\n/)[0].trim()
  return line.length > 40 ? `${line.slice(0, 40)}…` : line
}

/**
 * The YAML parser's error as one of our sentences, so it can be said in the author's language:
 * chosen by the parser's error code (and, where one code covers several mistakes, its English
 * message), with the text at the error's place as a parameter. A mistake not recognised is
 * quoted ("unexpected "…" here"); only when the place holds no text does the parser's own
 * English stay, as `yaml.error`.
 */
function yamlErrorSentence(error: YAMLError, text: string): { message: string; reason: PackReason } {
  const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')
  const [start, end] = error.pos
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return say('yaml.duplicateKey', { key: quoted(/^[^:\n]*/.exec(text.slice(start))![0]) })
    case 'TAB_AS_INDENT':
      return say('yaml.tabIndent')
    case 'MULTILINE_IMPLICIT_KEY':
      return say('yaml.keyOnOneLine')
    case 'BLOCK_AS_IMPLICIT_KEY':
      return say('yaml.compactNesting')
    case 'BLOCK_IN_FLOW':
      return say('yaml.blockInFlow')
    case 'MULTIPLE_DOCS':
      return say('yaml.multipleDocuments')
    case 'MULTIPLE_ANCHORS':
    case 'MULTIPLE_TAGS':
    case 'ALIAS_PROPS':
    case 'BAD_PROP_ORDER':
      return say('yaml.anchorsAndTags')
    case 'KEY_OVER_1024_CHARS':
      return say('yaml.keyTooLong')
    case 'BAD_DQ_ESCAPE':
      return say('yaml.badEscape', { escape: quoted(message.replace(/^Invalid escape sequence /, '')) })
    case 'BAD_SCALAR_START':
      return say('yaml.reservedStart', { character: text.charAt(start) })
  }
  if (error.code === 'MISSING_CHAR' && /closing ["']quote/.test(message))
    return say('yaml.unclosedQuote', { quote: message.includes('"quote') ? '"' : "'" })
  if (error.code === 'MISSING_CHAR' && /Implicit map keys need to be followed/.test(message))
    return say('yaml.keyNeedsValue')
  if (error.code === 'BAD_INDENT' && /^All (mapping|sequence) items/.test(message))
    return say('yaml.sameColumn')
  if (error.code === 'BAD_INDENT' && /^Flow (sequence|map)/.test(message))
    return say('yaml.flowUnclosed', { close: message.endsWith('}') ? '}' : ']' })
  const found = quoted(text.slice(start, Math.max(end, start + 1)))
  return found ? say('yaml.unexpected', { found }) : say('yaml.error', { detail: message })
}

/** A parsed YAML text that can say where each of its parts is. */
export interface YamlSource {
  /** The plain value, or undefined when the text could not be read. */
  value: unknown
  problems: Problem[]
  /** 1-based line and column of the value at `path` (or of its key, with `key: true`). */
  locate(path: ReadonlyArray<string | number>, key?: boolean): { line: number; column: number }
}

/**
 * Parses YAML that sits at `baseOffset` inside `file` (0 for a whole file; the start of a
 * fenced block for YAML inside Markdown), reporting problems in that file's coordinates.
 */
export function readYaml(
  text: string,
  file: string,
  fileIndex: LineIndex = new LineIndex(text),
  baseOffset = 0
): YamlSource {
  const problems: Problem[] = []
  const at = (offset: number): { line: number; column: number } =>
    fileIndex.position(baseOffset + Math.max(0, Math.min(offset, text.length)))
  let document: Document
  try {
    document = parseDocument(text, { prettyErrors: false, uniqueKeys: true })
  } catch (error) {
    // The parser itself ran out of stack (it reports most such cases as errors, below).
    if (!(error instanceof RangeError)) throw error
    problems.push({ file, ...at(0), ...nestedTooDeeply })
    return { value: undefined, problems, locate: () => at(0) }
  }
  for (const error of document.errors) {
    if (/call stack/i.test(error.message)) {
      // Out of stack: the parser's further errors are only echoes of this one.
      problems.push({ file, ...at(error.pos[0]), ...nestedTooDeeply })
      break
    }
    problems.push({ file, ...at(error.pos[0]), ...yamlErrorSentence(error, text) })
  }
  // .inf, .nan and 1e400 read as numbers that no answer equals and no view can show; every
  // number in a pack (a tolerance, an expected value, a stack limit) must be finite.
  if (document.errors.length === 0)
    visit(document, {
      Scalar(_, node) {
        if (typeof node.value === 'number' && !Number.isFinite(node.value)) {
          const [start, end] = node.range ?? [0, 0]
          const value = quoted(text.slice(start, end)) || String(node.value)
          problems.push({ file, ...at(start), ...say('yaml.notFinite', { value }) })
        }
      }
    })
  const deep = document.errors.length === 0 ? tooDeep(document.contents) : undefined
  if (deep) problems.push({ file, ...at(deep.range?.[0] ?? 0), ...nestedTooDeeply })
  let value: unknown
  if (document.errors.length === 0 && !deep) {
    try {
      value = document.toJS({ maxAliasCount: maxYamlAliases })
    } catch (error) {
      // The library says "Excessive alias count …" for a bomb, and "Unresolved alias (the
      // anchor must be set before the alias): name" for a `*name` with no `&name` before it.
      const detail = error instanceof Error ? error.message : String(error)
      const unresolved = /^Unresolved alias[^:]*: *(.*)$/.exec(detail)
      const alias = unresolved ? `*${unresolved[1]}` : undefined
      const aliasAt = alias === undefined ? -1 : aliasOffset(text, alias)
      problems.push(
        unresolved
          ? { file, ...at(Math.max(0, aliasAt)), ...say('yaml.unresolvedAlias', { alias: alias! }) }
          : /alias count/i.test(detail)
            ? { file, ...at(0), ...say('yaml.aliasBomb', { aliases: maxYamlAliases }) }
            : { file, ...at(0), ...say('yaml.error', { detail }) }
      )
    }
  }
  const locate = (
    path: ReadonlyArray<string | number>,
    key = false
  ): { line: number; column: number } => {
    let node: Node | null | undefined = document.contents as Node | null
    let found = node?.range?.[0] ?? 0
    for (let i = 0; i < path.length && node; i++) {
      const segment = path[i]
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment))
        if (!pair) break
        const last = i === path.length - 1
        const keyNode = pair.key as Node
        if (last && key) return at(keyNode.range?.[0] ?? found)
        node = pair.value as Node | null
        found = node?.range?.[0] ?? keyNode.range?.[0] ?? found
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment] as Node | undefined
        found = node?.range?.[0] ?? found
      } else break
    }
    return at(found)
  }
  return { value, problems, locate }
}
