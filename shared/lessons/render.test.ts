import { describe, expect, it } from 'vitest'
import { renderInlineMarkdown, renderMarkdown } from './render'

describe('a line break inside a paragraph', () => {
  it('joins two Chinese lines without a space (the fragmentation lesson showed "合并： 被释放")', () => {
    const html = renderMarkdown('真实的分配器也会合并：\n被释放的块会与空闲的邻居合并。\n分配器通过大小字段找到它们。')
    expect(html).toBe('<p>真实的分配器也会合并：被释放的块会与空闲的邻居合并。分配器通过大小字段找到它们。</p>\n')
  })

  it('joins across emphasis: the characters a reader sees decide, not the markup', () => {
    expect(renderMarkdown('这是**合并**\n之后')).toBe('<p>这是<strong>合并</strong>之后</p>\n')
  })

  it('adds no space after full-width punctuation even before Latin text or code', () => {
    expect(renderMarkdown('它们相邻。\n`malloc(80)` 能放进去')).toBe(
      '<p>它们相邻。<code>malloc(80)</code> 能放进去</p>\n'
    )
  })

  it('keeps the space between Chinese and Latin text or code, as Chinese technical writing spaces them', () => {
    expect(renderMarkdown('调用\nmalloc')).toBe('<p>调用\nmalloc</p>\n')
    expect(renderMarkdown('栈帧\n`main`')).toBe('<p>栈帧\n<code>main</code></p>\n')
  })

  it('keeps English lines apart', () => {
    expect(renderMarkdown('The heap grows\nupwards.')).toBe('<p>The heap grows\nupwards.</p>\n')
  })

  it('joins Chinese lines of a multi-line prompt too', () => {
    expect(renderInlineMarkdown('不合并时，\n有几个空闲块？')).toBe('<p>不合并时，有几个空闲块？</p>\n')
  })

  it('leaves a hard break (two spaces at the end of the line) a line break', () => {
    expect(renderMarkdown('第一行  \n第二行')).toBe('<p>第一行<br>\n第二行</p>\n')
  })
})
