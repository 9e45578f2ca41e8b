import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { drawHeap, labelWidth, LARGEST_COLOUR, LEAK_COLOUR, type HeapContext } from './heapCanvas'
import { layoutHeap, largestFreeIndex } from './heapLayout'
import { fragmented, leak, manyBlocks } from './fixtures'

/** A context that records strokeRect calls with the stroke colour at the time. */
function recorder() {
  const strokes: Array<{ colour: string; x: number; y: number }> = []
  const texts: string[] = []
  const fonts: string[] = []
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    font: '',
    textAlign: 'left',
    textBaseline: 'top',
    setTransform() {},
    clearRect() {},
    fillRect() {},
    strokeRect(x: number, y: number) {
      strokes.push({ colour: String(ctx.strokeStyle), x, y })
    },
    beginPath() {},
    moveTo() {},
    lineTo() {},
    quadraticCurveTo() {},
    closePath() {},
    stroke() {},
    fill() {},
    fillText(text: string) {
      texts.push(text)
      fonts.push(ctx.font)
    },
    save() {},
    restore() {},
    rect() {},
    clip() {},
    setLineDash() {}
  }
  return { ctx: ctx as unknown as HeapContext, strokes, texts, fonts }
}

const base = { devicePixelRatio: 1, focused: -1, hovered: -1, links: [] }

describe('drawHeap', () => {
  it('draws nothing and does not throw without a 2D context', () => {
    const layout = layoutHeap(fragmented.blocks, { width: 600 })
    const drawn = drawHeap(null, layout, fragmented.blocks, {
      ...base,
      top: 0,
      height: 300,
      largest: -1,
      leaked: new Set()
    })
    expect(drawn).toBe(0)
  })

  it('outlines the largest free block and the leaked block in their colours', () => {
    const { ctx, strokes } = recorder()
    const layout = layoutHeap(leak.blocks, { width: 600 })
    drawHeap(ctx, layout, leak.blocks, {
      ...base,
      top: 0,
      height: 300,
      largest: largestFreeIndex(leak.blocks),
      leaked: new Set([0])
    })
    // block 0 is leaked, block 2 (the only free one) is the largest free block
    expect(strokes.filter((s) => s.colour === LEAK_COLOUR).map((s) => s.x)).toEqual([
      layout.rects[0].x + 1.5
    ])
    expect(strokes.filter((s) => s.colour === LARGEST_COLOUR).map((s) => s.x)).toEqual([
      layout.rects[2].x + 1.5
    ])
  })

  it('draws only the rows in view of a 10,000-block heap', () => {
    const state = manyBlocks()
    const layout = layoutHeap(state.blocks, { width: 900 })
    const { ctx } = recorder()
    const drawn = drawHeap(ctx, layout, state.blocks, {
      ...base,
      top: 0,
      height: 320,
      largest: -1,
      leaked: new Set()
    })
    expect(drawn).toBeGreaterThan(0)
    expect(drawn).toBeLessThan(state.blocks.length / 5)
  })

  it('draws the first label that fits under each block: bin and size, then less', () => {
    const { ctx, texts } = recorder()
    const layout = layoutHeap(fragmented.blocks, { width: 600 })
    drawHeap(ctx, layout, fragmented.blocks, {
      ...base,
      top: 0,
      height: 1000,
      largest: -1,
      leaked: new Set(),
      label: (block) =>
        block.free ? ['a label far too long to fit under any block', 'free'] : 'used'
    })
    const free = fragmented.blocks.filter((b) => b.free).length
    expect(texts.filter((t) => t === 'free')).toHaveLength(free)
    expect(texts).not.toContain('a label far too long to fit under any block')
  })
})

describe('labelWidth', () => {
  it('counts a Chinese character as wide as nearly two Latin ones', () => {
    // 'top chunk': 9 characters × 5.5 px; 'tcache 结构': 7 × 5.5 + 2 × 10
    expect(labelWidth('top chunk')).toBe(49.5)
    expect(labelWidth('tcache 结构')).toBe(58.5)
  })

  it("draws labels in the page's bundled faces, so Chinese labels are not empty boxes", () => {
    // A canvas does not inherit the page's font. With '10px system-ui, sans-serif' the glibc
    // heap's 顶块 and 簿记 were drawn as boxes on a machine without a CJK system font.
    const theme = readFileSync(join(import.meta.dirname, '../../styles/theme.css'), 'utf8')
    const families = (css: string) =>
      css
        .split(',')
        .map((f) => f.trim().replace(/^10px\s+/, ''))
        .filter((f) => f.startsWith("'"))
    const page = families(/--font-ui:([^;]+);/.exec(theme)![1])
    expect(page.slice(0, 2)).toEqual(["'Noto Sans'", "'Noto Sans SC'"])
    const { ctx, texts, fonts } = recorder()
    drawHeap(ctx, layoutHeap(leak.blocks, { width: 600 }), leak.blocks, {
      top: 0,
      height: 400,
      devicePixelRatio: 1,
      focused: -1,
      hovered: -1,
      largest: -1,
      leaked: new Set(),
      links: [],
      label: () => '顶块'
    })
    expect(texts.length).toBeGreaterThan(0)
    for (const font of fonts) expect(families(font).slice(0, 2)).toEqual(page.slice(0, 2))
  })
})
