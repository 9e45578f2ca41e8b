/**
 * Lesson Markdown → HTML, the one way the app draws lesson text. markdown-it runs with
 * `html: false` (any HTML in the source is shown as text, never parsed), its default link
 * validation (no `javascript:`, `vbscript:`, `file:` or non-image `data:` links), and images
 * only from inside the pack: the caller resolves each image to a `data:` URL or it is dropped.
 * The renderer passes the result through DOMPurify as well before it reaches the page.
 *
 * Callouts use the GitHub spelling: a quote starting with `[!NOTE]`, `[!TIP]` or `[!WARNING]`.
 *
 * A line break inside a Chinese paragraph joins the two lines without a space, as a Chinese
 * reader expects (CSS Text 3's rule for segment breaks, which Chromium does not apply): the
 * source may wrap `…也会合并：` / `被释放的…` over two lines, and the page must not show
 * `合并： 被释放`. A break next to Latin text or code stays a space.
 */
import MarkdownIt, { type MarkdownIt as MarkdownItInstance, type Token } from 'markdown-it'

/** Turns a pack-relative image path into a URL the page may load, or undefined to drop it. */
export type ImageResolver = (src: string) => string | undefined

const calloutKinds = ['note', 'tip', 'warning', 'important', 'caution'] as const

/** Han characters, kana, CJK punctuation and full-width forms: text that is never spaced. */
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6\ufe30-\ufe4f]/u
/** CJK punctuation and full-width forms, which carry their own space: none goes beside them. */
const WIDE_PUNCTUATION = /[\u3000-\u303f\uff01-\uff60\ufe30-\ufe4f]/u

/** The character a reader sees next to children[from], looking back (-1) or on (+1). */
function visibleCharacter(children: Token[], from: number, direction: -1 | 1): string | undefined {
  for (let i = from + direction; i >= 0 && i < children.length; i += direction) {
    const child = children[i]
    if (child.type === 'text' || child.type === 'code_inline') {
      if (child.content === '') continue
      const characters = [...child.content]
      return direction < 0 ? characters[characters.length - 1] : characters[0]
    }
    if (child.type.endsWith('_open') || child.type.endsWith('_close')) continue
    return undefined
  }
  return undefined
}

/** Whether a soft line break between these two characters reads as no space at all. */
function joinsWithoutSpace(before: string | undefined, after: string | undefined): boolean {
  if (before === undefined || after === undefined) return false
  if (WIDE.test(before) && WIDE.test(after)) return true
  return WIDE_PUNCTUATION.test(before) || WIDE_PUNCTUATION.test(after)
}

function createRenderer(resolveImage: ImageResolver): MarkdownItInstance {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false })
  md.core.ruler.push('memory-lane-callouts', (state) => {
    const tokens = state.tokens
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].type !== 'blockquote_open') continue
      const inline = tokens[i + 2]
      if (inline?.type !== 'inline') continue
      const match = /^\[!(\w+)\]\s*/.exec(inline.content)
      const kind = match?.[1].toLowerCase()
      if (!match || !(calloutKinds as readonly string[]).includes(kind!)) continue
      tokens[i].attrJoin('class', `callout callout-${kind}`)
      const first = inline.children?.[0]
      if (first?.type === 'text') first.content = first.content.slice(match[0].length)
    }
  })
  md.core.ruler.push('memory-lane-cjk-line-breaks', (state) => {
    for (const token of state.tokens) {
      const children = token.type === 'inline' ? token.children : null
      if (!children) continue
      for (let i = 0; i < children.length; i++) {
        if (children[i].type !== 'softbreak') continue
        const before = visibleCharacter(children, i, -1)
        const after = visibleCharacter(children, i, 1)
        if (joinsWithoutSpace(before, after)) {
          children[i].type = 'text'
          children[i].content = ''
        }
      }
    }
  })
  md.renderer.rules.image = (tokens, index) => {
    const token = tokens[index]
    const src = resolveImage(String(token.attrGet('src') ?? ''))
    const alt = md.utils.escapeHtml(token.content)
    if (!src) return `<span class="missing-image">[${alt}]</span>`
    return `<img src="${md.utils.escapeHtml(src)}" alt="${alt}">`
  }
  const defaultLink = md.renderer.rules.link_open
  md.renderer.rules.link_open = (tokens, index, options, env, self) => {
    tokens[index].attrSet('rel', 'noopener noreferrer')
    return defaultLink
      ? defaultLink(tokens, index, options, env, self)
      : self.renderToken(tokens, index, options)
  }
  return md
}

/** Renders block Markdown (a step's prose) to HTML. */
export function renderMarkdown(markdown: string, resolveImage: ImageResolver = () => undefined): string {
  return createRenderer(resolveImage).render(markdown)
}

/** Renders one line of Markdown (a prompt, an option) without the surrounding paragraph. */
export function renderInlineMarkdown(markdown: string, resolveImage: ImageResolver = () => undefined): string {
  const md = createRenderer(resolveImage)
  return markdown.includes('\n') ? md.render(markdown) : md.renderInline(markdown)
}
