/**
 * Lesson Markdown is hostile input: it may carry raw HTML, `javascript:` links or images from
 * outside the pack. This check finds all three with markdown-it's own parser (the same one the
 * renderer draws with, there with `html: false` and DOMPurify), so what is refused here is
 * exactly what could have reached the page.
 */
import MarkdownIt from 'markdown-it'
import type { Token } from 'markdown-it'
import { packReason, packSentence, type PackReason } from './messages'
import type { Problem } from './problems'

/** Link schemes a lesson may use; anything else (javascript:, data:, file:) is refused. */
export const allowedLinkSchemes = ['http:', 'https:', 'mailto:']

const scanner = new MarkdownIt({ html: true, linkify: false })
// markdown-it silently drops javascript: links; the checker must see them to report them.
scanner.validateLink = () => true

function schemeOf(url: string): string | undefined {
  // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
  const cleaned = url.replace(/[\u0000-\u0020]/g, '').toLowerCase()
  const match = /^([a-z][a-z0-9+.-]*):/.exec(cleaned)
  return match ? `${match[1]}:` : undefined
}

/** Normalizes a pack-relative path; undefined when it leaves the pack or is absolute. */
export function resolveInPack(fromFile: string, target: string): string | undefined {
  if (target.startsWith('/') || target.startsWith('\\') || /^[a-zA-Z]:/.test(target)) return undefined
  let decoded = target
  try {
    decoded = decodeURIComponent(target)
  } catch {
    return undefined
  }
  const parts = fromFile.split('/').slice(0, -1)
  for (const part of decoded.split(/[/\\]/)) {
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (parts.length === 0) return undefined
      parts.pop()
    } else parts.push(part)
  }
  return parts.join('/')
}

/** Where a piece of Markdown sits in its file, to turn its findings into positions. */
export interface MarkdownPlace {
  file: string
  /** The whole file's lines, to find columns. */
  fileLines: string[]
  /** 1-based line of the Markdown's first line in the file. */
  firstLine: number
  /** For Markdown inside YAML, whose lines do not match the file: one fixed position. */
  fixed?: { line: number; column: number }
}

/**
 * Problems in a piece of lesson Markdown: raw HTML, links with a scheme other than
 * http/https/mailto, images that are not files of the pack.
 */
export function checkMarkdown(
  markdown: string,
  place: MarkdownPlace,
  packFiles: ReadonlySet<string>
): Problem[] {
  const problems: Problem[] = []
  const report = (token: Token | undefined, needle: string, lineRange: [number, number] | null, reason: PackReason): void => {
    const sentence = { message: packSentence(reason), reason }
    if (place.fixed) {
      problems.push({ file: place.file, ...place.fixed, ...sentence })
      return
    }
    const [from, to] = lineRange ?? [0, 1]
    for (let l = from; l < Math.max(to, from + 1); l++) {
      const lineNumber = place.firstLine + l
      const text = place.fileLines[lineNumber - 1] ?? ''
      const column = needle ? text.indexOf(needle) : -1
      if (column >= 0) {
        problems.push({ file: place.file, line: lineNumber, column: column + 1, ...sentence })
        return
      }
    }
    void token
    problems.push({ file: place.file, line: place.firstLine + from, column: 1, ...sentence })
  }
  const visit = (tokens: Token[], lineRange: [number, number] | null): void => {
    for (const token of tokens) {
      const range = (token.map as [number, number] | null) ?? lineRange
      if (token.type === 'html_block' || token.type === 'html_inline') {
        const snippet = token.content.trim().split('\n')[0].slice(0, 40)
        report(token, snippet, range, packReason('markdown.rawHtml', { snippet: JSON.stringify(snippet) }))
      } else if (token.type === 'link_open') {
        const href = String(token.attrGet('href') ?? '')
        const scheme = schemeOf(href)
        if (scheme && !allowedLinkSchemes.includes(scheme))
          report(token, href, range, packReason('markdown.linkRefused', { href }))
        // A link relative to the lesson ("next.en.md", "//host/x") would navigate the app's
        // own page away (the page strips it, so it is dead): only a jump within it (#…) is kept.
        else if (!scheme && !href.startsWith('#'))
          report(token, href, range, packReason('markdown.linkNowhere', { href }))
      } else if (token.type === 'image') {
        const src = String(token.attrGet('src') ?? '')
        if (schemeOf(src)) {
          report(token, src, range, packReason('markdown.imageAddress', { src, scheme: schemeOf(src) ?? '' }))
        } else {
          const resolved = resolveInPack(place.file, src)
          if (!resolved) report(token, src, range, packReason('markdown.imageOutside', { src }))
          else if (!packFiles.has(resolved))
            report(token, src, range, packReason('markdown.imageMissing', { src, resolved }))
        }
      }
      if (token.children) visit(token.children, range)
    }
  }
  visit(scanner.parse(markdown, {}), null)
  return problems
}
