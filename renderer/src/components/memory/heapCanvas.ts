/**
 * Draws a heap layout on a 2D canvas context. Only the rows inside the visible window are
 * drawn, so a 10,000-block heap costs what one screenful costs. Every state has a shape as
 * well as a colour (hatching for free space, dots for padding, a cross for leaked blocks, a
 * zigzag for a corrupted header, a thick outline and a triangle for the largest free block),
 * and the palette is Okabe–Ito's, which stays distinct under the common colour blindnesses.
 * The colours come from palette.css (light or dark, as the system is); LIGHT_HEAP_PALETTE is
 * the light one, used where no stylesheet resolves them.
 */
import type { BlockInfo } from '../../../../shared/sim/types'
import {
  blockParts,
  visibleRange,
  type BlockPartKind,
  type FreeListLink,
  type HeapLayout
} from './heapLayout'

/** The colours drawHeap uses, named as the `--ml-…` variables of palette.css. */
export interface HeapPalette {
  header: string
  payload: string
  padding: string
  'padding-dot': string
  free: string
  'free-hatch': string
  bookkeeping: string
  leak: string
  corrupt: string
  largest: string
  /** Block outlines, labels, free-list arrows, the corrupted-header cross. */
  ink: string
  /** The focus ring is ink-coloured on a halo of the opposite lightness. */
  'focus-ring': string
  'focus-halo': string
}

/** The light palette (the same values as palette.css outside dark mode). */
export const LIGHT_HEAP_PALETTE: Readonly<HeapPalette> = {
  header: '#4d4d4d',
  payload: '#0072b2',
  padding: '#e69f00',
  'padding-dot': '#5c3a00',
  free: '#ffffff',
  'free-hatch': '#8c8c8c',
  bookkeeping: '#56b4e9',
  leak: '#d55e00',
  corrupt: '#cc79a7',
  largest: '#009e73',
  ink: '#222222',
  'focus-ring': '#000000',
  'focus-halo': '#ffffff'
}
export const LEAK_COLOUR = LIGHT_HEAP_PALETTE.leak
export const CORRUPT_COLOUR = LIGHT_HEAP_PALETTE.corrupt
export const LARGEST_COLOUR = LIGHT_HEAP_PALETTE.largest

/** What to draw besides the blocks themselves. */
export interface HeapDrawOptions {
  /** Scroll offset and height of the visible window, in layout pixels. */
  top: number
  height: number
  devicePixelRatio: number
  focused: number
  hovered: number
  largest: number
  leaked: ReadonlySet<number>
  links: FreeListLink[]
  /**
   * Labels under blocks wide enough to hold them: one text, or several from the longest to the
   * shortest (e.g. "tcache 32 B", then "32 B"), of which the first that fits is drawn.
   */
  label?: (block: BlockInfo) => string | readonly string[]
  /** Colours; the light palette when left out. */
  palette?: Readonly<HeapPalette>
}

/** The subset of CanvasRenderingContext2D used here (so tests can pass a recording fake). */
export type HeapContext = Pick<
  CanvasRenderingContext2D,
  | 'setTransform'
  | 'clearRect'
  | 'fillRect'
  | 'strokeRect'
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'quadraticCurveTo'
  | 'closePath'
  | 'stroke'
  | 'fill'
  | 'fillText'
  | 'save'
  | 'restore'
  | 'rect'
  | 'clip'
  | 'setLineDash'
> & {
  fillStyle: CanvasRenderingContext2D['fillStyle']
  strokeStyle: CanvasRenderingContext2D['strokeStyle']
  lineWidth: number
  font: string
  textAlign: CanvasTextAlign
  textBaseline: CanvasTextBaseline
}

/**
 * The labels' font: the app's bundled faces first, as the page's text (theme.css --font-ui). A
 * canvas does not inherit the page's font, and 'system-ui' alone drew Chinese labels (顶块,
 * 簿记) as empty boxes on a machine with no CJK system font, the lab PC the faces are bundled for.
 */
export const HEAP_LABEL_FONT = "10px 'Noto Sans', 'Noto Sans SC', system-ui, sans-serif"

/** Draws the visible part of the heap. A missing context (no canvas support) draws nothing. */
export function drawHeap(
  ctx: HeapContext | null,
  layout: HeapLayout,
  blocks: BlockInfo[],
  options: HeapDrawOptions
): number {
  if (!ctx) return 0
  const { top, height } = options
  const palette = options.palette ?? LIGHT_HEAP_PALETTE
  const dpr = options.devicePixelRatio
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
  ctx.clearRect(0, 0, layout.width, height)
  ctx.setTransform(dpr, 0, 0, dpr, 0, -top * dpr)
  const [first, last] = visibleRange(layout, top, top + height)
  ctx.font = HEAP_LABEL_FONT
  ctx.textAlign = 'center'
  ctx.textBaseline = 'top'
  // Fills, hatching, dots and outlines are gathered per colour and drawn as one path each: a
  // screenful holds hundreds of blocks, and one canvas call per rectangle (or a clip per
  // hatched block) costs more than the geometry itself.
  const fills = new Map<string, number[]>()
  const hatches: number[] = []
  const dotted: number[] = []
  for (let i = first; i <= last; i++) {
    const rect = layout.rects[i]
    const block = blocks[rect.index]
    for (const part of blockParts(block, rect)) {
      if (part.width <= 0) continue
      const colour =
        block.bin === 'bookkeeping' && part.kind === 'payload'
          ? palette.bookkeeping
          : palette[PART_COLOUR[part.kind]]
      let list = fills.get(colour)
      if (!list) fills.set(colour, (list = []))
      list.push(part.x, rect.y, part.width, rect.height)
      if (part.kind === 'free') hatches.push(part.x, rect.y, part.width, rect.height)
      if (part.kind === 'padding') dotted.push(part.x, rect.y, part.width, rect.height)
    }
  }
  for (const [colour, list] of fills) {
    ctx.fillStyle = colour
    ctx.beginPath()
    for (let k = 0; k < list.length; k += 4)
      ctx.rect(list[k], list[k + 1], list[k + 2], list[k + 3])
    ctx.fill()
  }
  ctx.strokeStyle = palette['free-hatch']
  ctx.lineWidth = 1
  ctx.beginPath()
  for (let k = 0; k < hatches.length; k += 4) {
    hatch(ctx, hatches[k], hatches[k + 1], hatches[k + 2], hatches[k + 3], 6)
  }
  ctx.stroke()
  ctx.fillStyle = palette['padding-dot']
  ctx.beginPath()
  for (let k = 0; k < dotted.length; k += 4) {
    dots(ctx, dotted[k], dotted[k + 1], dotted[k + 2], dotted[k + 3])
  }
  ctx.fill()
  ctx.strokeStyle = palette.ink
  ctx.lineWidth = 1
  ctx.beginPath()
  for (let i = first; i <= last; i++) {
    const rect = layout.rects[i]
    ctx.rect(rect.x + 0.5, rect.y + 0.5, rect.width - 1, rect.height - 1)
  }
  ctx.stroke()
  for (let i = first; i <= last; i++) {
    const rect = layout.rects[i]
    const block = blocks[rect.index]
    if (options.leaked.has(rect.index)) {
      ctx.strokeStyle = palette.leak
      ctx.lineWidth = 3
      ctx.strokeRect(rect.x + 1.5, rect.y + 1.5, rect.width - 3, rect.height - 3)
      cross(ctx, rect.x, rect.y, rect.width, rect.height, palette.leak)
    }
    if (rect.index === options.largest) {
      ctx.strokeStyle = palette.largest
      ctx.lineWidth = 3
      ctx.strokeRect(rect.x + 1.5, rect.y + 1.5, rect.width - 3, rect.height - 3)
      triangle(ctx, rect.x + Math.min(rect.width / 2, 12), rect.y - 1, palette.largest)
    }
    if (block.corrupted) {
      // the header in magenta with a cross, a zigzag through the block and a dashed outline
      const header = Math.min(rect.width, Math.max(14, blockParts(block, rect)[0]?.width ?? 14))
      ctx.fillStyle = palette.corrupt
      ctx.fillRect(rect.x, rect.y, header, rect.height)
      zigzag(ctx, rect.x, rect.y, rect.width, rect.height, palette.ink)
      ctx.strokeStyle = palette.ink
      ctx.lineWidth = 2
      ctx.beginPath()
      ctx.moveTo(rect.x + 2, rect.y + 2)
      ctx.lineTo(rect.x + header - 2, rect.y + rect.height - 2)
      ctx.moveTo(rect.x + header - 2, rect.y + 2)
      ctx.lineTo(rect.x + 2, rect.y + rect.height - 2)
      ctx.stroke()
      ctx.setLineDash([3, 2])
      ctx.strokeRect(rect.x - 1, rect.y - 1, rect.width + 2, rect.height + 2)
      ctx.setLineDash([])
    }
    if (options.label && layout.rowGap >= 14) {
      const candidates = options.label(block)
      const text = (typeof candidates === 'string' ? [candidates] : candidates).find(
        (candidate) => labelWidth(candidate) <= rect.width + 2
      )
      if (text !== undefined) {
        ctx.fillStyle = palette.ink
        ctx.fillText(text, rect.x + rect.width / 2, rect.y + rect.height + 3)
      }
    }
  }
  for (const index of [options.hovered, options.focused]) {
    const rect = index >= 0 ? layout.rects[index] : undefined
    if (!rect) continue
    ctx.strokeStyle = palette['focus-halo']
    ctx.lineWidth = 5
    ctx.strokeRect(rect.x - 2, rect.y - 2, rect.width + 4, rect.height + 4)
    ctx.strokeStyle = palette['focus-ring']
    ctx.lineWidth = 2
    ctx.strokeRect(rect.x - 2, rect.y - 2, rect.width + 4, rect.height + 4)
  }
  drawLinks(ctx, layout, options.links, palette.ink)
  return last - first + 1
}

/**
 * About how wide a label is at 10 px, without measuring: 5.5 px a Latin character and 10 px a
 * Chinese one (a label that does not fit the block is left out, not squeezed).
 */
export function labelWidth(text: string): number {
  let width = 0
  for (const char of text) width += char.codePointAt(0)! >= 0x2e80 ? 10 : 5.5
  return width
}

/** Which palette colour fills each part of a block. */
const PART_COLOUR: Record<BlockPartKind, keyof HeapPalette> = {
  header: 'header',
  payload: 'payload',
  padding: 'padding',
  footer: 'header',
  free: 'free'
}

/** Free-list arrows: an arc above the rows from one free block to the next in list order. */
function drawLinks(ctx: HeapContext, layout: HeapLayout, links: FreeListLink[], ink: string): void {
  ctx.strokeStyle = ink
  ctx.fillStyle = ink
  ctx.lineWidth = 1.5
  ctx.setLineDash([4, 2])
  for (const link of links) {
    const from = layout.rects[link.from]
    const to = layout.rects[link.to]
    if (!from || !to) continue
    const x1 = from.x + from.width / 2
    const y1 = from.y
    const x2 = to.x + to.width / 2
    const y2 = to.y
    const lift = Math.min(layout.rowGap - 2, 14)
    ctx.beginPath()
    ctx.moveTo(x1, y1)
    ctx.quadraticCurveTo((x1 + x2) / 2, Math.min(y1, y2) - lift * 2, x2, y2)
    ctx.stroke()
    ctx.setLineDash([])
    ctx.beginPath()
    ctx.moveTo(x2, y2)
    ctx.lineTo(x2 - 4, y2 - 6)
    ctx.lineTo(x2 + 4, y2 - 6)
    ctx.closePath()
    ctx.fill()
    ctx.setLineDash([4, 2])
  }
  ctx.setLineDash([])
}

/**
 * Adds 45° hatching lines over one rectangle to the current path, each cut to the rectangle
 * by arithmetic rather than a clip region (a line from (x+d, y+h) to (x+d+h, y) is kept for
 * the part where its x lies within [x, x+w]).
 */
function hatch(ctx: HeapContext, x: number, y: number, w: number, h: number, step: number): void {
  for (let d = -h; d < w; d += step) {
    const t0 = Math.max(0, -d / h)
    const t1 = Math.min(1, (w - d) / h)
    if (t0 >= t1) continue
    ctx.moveTo(x + d + t0 * h, y + h - t0 * h)
    ctx.lineTo(x + d + t1 * h, y + h - t1 * h)
  }
}

/** Adds the dots of a padding area to the current path. */
function dots(ctx: HeapContext, x: number, y: number, w: number, h: number): void {
  for (let dy = 3; dy < h - 1; dy += 5) {
    for (let dx = 2; dx < w - 1; dx += 4) ctx.rect(x + dx, y + dy, 1.5, 1.5)
  }
}

function cross(ctx: HeapContext, x: number, y: number, w: number, h: number, colour: string): void {
  ctx.strokeStyle = colour
  ctx.lineWidth = 2
  ctx.beginPath()
  ctx.moveTo(x + 2, y + 2)
  ctx.lineTo(x + w - 2, y + h - 2)
  ctx.moveTo(x + w - 2, y + 2)
  ctx.lineTo(x + 2, y + h - 2)
  ctx.stroke()
}

function zigzag(
  ctx: HeapContext,
  x: number,
  y: number,
  w: number,
  h: number,
  colour: string
): void {
  ctx.strokeStyle = colour
  ctx.lineWidth = 1.5
  ctx.beginPath()
  const mid = y + h / 2
  for (let dx = 0; dx <= w; dx += 4) {
    const yy = mid + ((dx / 4) % 2 === 0 ? -3 : 3)
    if (dx === 0) ctx.moveTo(x + dx, yy)
    else ctx.lineTo(x + dx, yy)
  }
  ctx.stroke()
}

function triangle(ctx: HeapContext, x: number, y: number, colour: string): void {
  ctx.fillStyle = colour
  ctx.beginPath()
  ctx.moveTo(x, y)
  ctx.lineTo(x - 5, y - 7)
  ctx.lineTo(x + 5, y - 7)
  ctx.closePath()
  ctx.fill()
}
