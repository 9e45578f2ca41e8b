/**
 * Lesson Markdown → HTML, the one way the app draws lesson text. markdown-it runs with
 * `html: false` (any HTML in the source is shown as text, never parsed), its default link
 * validation (no `javascript:`, `vbscript:`, `file:` or non-image `data:` links), and images
 * only from inside the pack: the caller resolves each image to a `data:` URL or it is dropped.
 * The renderer passes the result through DOMPurify as well before it reaches the page.
 *
 * Callouts use the GitHub spelling: a quote starting with `[!NOTE]`, `[!TIP]` or `[!WARNING]`.
 */
import MarkdownIt, { type MarkdownIt as MarkdownItInstance } from 'markdown-it'

/** Turns a pack-relative image path into a URL the page may load, or undefined to drop it. */
export type ImageResolver = (src: string) => string | undefined

const calloutKinds = ['note', 'tip', 'warning', 'important', 'caution'] as const

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
