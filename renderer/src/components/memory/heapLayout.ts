/**
 * Geometry of the heap view, kept apart from drawing so it can be tested without a canvas.
 *
 * Blocks are laid out in address order in wrapped rows. A block's width grows with the square
 * root of its size (small blocks stay visible next to a 128 KiB top chunk; the legend says so),
 * and inside a block the header, payload, padding and footer get widths proportional to their
 * bytes, so internal fragmentation is drawn to scale within each block.
 */
import type { BlockInfo } from '../../../../shared/sim/types'

export type BlockPartKind = 'header' | 'payload' | 'padding' | 'footer' | 'free'

export interface BlockPart {
  kind: BlockPartKind
  x: number
  width: number
  bytes: number
}

export interface BlockRect {
  /** Index into the blocks array. */
  index: number
  x: number
  y: number
  width: number
  height: number
  row: number
}

export interface HeapLayout {
  rects: BlockRect[]
  /** rowStarts[r] is the index of the first rect in row r. */
  rowStarts: number[]
  width: number
  height: number
  rowHeight: number
  rowGap: number
  /** Pixels per √byte used for widths. */
  scale: number
}

export interface HeapLayoutOptions {
  width: number
  /** Upper bound on rows, used to shrink the scale for very large heaps. */
  maxRows?: number
  minBlockWidth?: number
  gap?: number
}

/** Row height and gap chosen by how many blocks there are (dense heaps get thin rows). */
function rowMetrics(count: number): { rowHeight: number; rowGap: number } {
  return count > 500 ? { rowHeight: 14, rowGap: 4 } : { rowHeight: 36, rowGap: 18 }
}

/** The parts of one block, in address order, with bytes as BlockInfo defines them. */
/**
 * An allocator's bookkeeping no malloc asked for (a free list's prologue, the compacting
 * allocator's handle table): its bytes are the allocator's, all of them. BlockInfo counts them as
 * padding, since nothing was requested, which drew the handle table as 4 KiB of padding and said
 * "8 bytes of padding" of a prologue.
 */
export function unrequestedBookkeeping(block: BlockInfo): boolean {
  return block.bin === 'bookkeeping' && !block.free && block.requested === 0
}

export function partsOf(block: BlockInfo): Array<{ kind: BlockPartKind; bytes: number }> {
  const parts: Array<{ kind: BlockPartKind; bytes: number }> = []
  if (block.headerBytes > 0) parts.push({ kind: 'header', bytes: block.headerBytes })
  const body = block.size - block.headerBytes - block.footerBytes
  if (block.free) {
    if (body > 0) parts.push({ kind: 'free', bytes: body })
  } else if (unrequestedBookkeeping(block)) {
    // drawn in the bookkeeping colour, as glibc's malloc'd tcache chunk is: not padding
    if (body > 0) parts.push({ kind: 'payload', bytes: body })
  } else {
    if (block.requested > 0) parts.push({ kind: 'payload', bytes: block.requested })
    if (block.paddingBytes > 0) parts.push({ kind: 'padding', bytes: block.paddingBytes })
  }
  if (block.footerBytes > 0) parts.push({ kind: 'footer', bytes: block.footerBytes })
  return parts
}

/** Lays every block out; widths are √size × scale, clamped to [minBlockWidth, row width]. */
export function layoutHeap(blocks: BlockInfo[], options: HeapLayoutOptions): HeapLayout {
  const width = Math.max(40, Math.floor(options.width))
  const gap = options.gap ?? 2
  const minBlockWidth = options.minBlockWidth ?? 4
  const maxRows = options.maxRows ?? 400
  const { rowHeight, rowGap } = rowMetrics(blocks.length)
  let sumRoot = 0
  for (const block of blocks) sumRoot += Math.sqrt(Math.max(1, block.size))
  // at most 8 px per √byte (a 32-byte block ≈ 45 px), less when the heap would not fit maxRows
  const scale = sumRoot === 0 ? 8 : Math.min(8, (width * maxRows * 0.8) / sumRoot)

  const rects: BlockRect[] = []
  const rowStarts: number[] = []
  let x = 0
  let row = 0
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]
    const w = Math.min(width, Math.max(minBlockWidth, Math.round(Math.sqrt(block.size) * scale)))
    if (x > 0 && x + w > width) {
      row += 1
      x = 0
    }
    if (rowStarts.length === row) rowStarts.push(index)
    const y = row * (rowHeight + rowGap) + rowGap
    // the parts inside a block are worked out only for the blocks drawn (blockParts)
    rects.push({ index, x, y, width: w, height: rowHeight, row })
    x += w + gap
  }
  const rows = rowStarts.length
  return {
    rects,
    rowStarts,
    width,
    height: rows * (rowHeight + rowGap) + rowGap,
    rowHeight,
    rowGap,
    scale
  }
}

/**
 * The parts of a laid-out block with their x and width: widths proportional to bytes, the
 * last part taking the rounding remainder. Computed when drawn, not when laid out, so a new
 * 10,000-block state costs one object per block rather than four.
 */
export function blockParts(block: BlockInfo, rect: Pick<BlockRect, 'x' | 'width'>): BlockPart[] {
  const { x, width } = rect
  const parts = partsOf(block)
  const total = parts.reduce((sum, part) => sum + part.bytes, 0)
  const result: BlockPart[] = []
  let cursor = x
  parts.forEach((part, i) => {
    const w =
      i === parts.length - 1
        ? x + width - cursor
        : Math.round((part.bytes / Math.max(1, total)) * width)
    result.push({ kind: part.kind, x: cursor, width: Math.max(0, w), bytes: part.bytes })
    cursor += w
  })
  return result
}

/** The block under a point, or -1. Binary search on rows, then on x within the row. */
export function hitTest(layout: HeapLayout, x: number, y: number): number {
  const pitch = layout.rowHeight + layout.rowGap
  const row = Math.floor((y - layout.rowGap) / pitch)
  if (row < 0 || row >= layout.rowStarts.length) return -1
  const yInRow = y - layout.rowGap - row * pitch
  if (yInRow < 0 || yInRow > layout.rowHeight) return -1
  let lo = layout.rowStarts[row]
  let hi = (row + 1 < layout.rowStarts.length ? layout.rowStarts[row + 1] : layout.rects.length) - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const rect = layout.rects[mid]
    if (x < rect.x) hi = mid - 1
    else if (x >= rect.x + rect.width) lo = mid + 1
    else return rect.index
  }
  return -1
}

/** First and last rect index (inclusive) of rows overlapping [top, bottom), for drawing. */
export function visibleRange(layout: HeapLayout, top: number, bottom: number): [number, number] {
  if (layout.rects.length === 0) return [0, -1]
  const pitch = layout.rowHeight + layout.rowGap
  const firstRow = Math.max(0, Math.floor(top / pitch) - 1)
  const lastRow = Math.min(layout.rowStarts.length - 1, Math.floor(bottom / pitch) + 1)
  if (firstRow > lastRow) return [0, -1]
  const first = layout.rowStarts[firstRow]
  const last =
    lastRow + 1 < layout.rowStarts.length
      ? layout.rowStarts[lastRow + 1] - 1
      : layout.rects.length - 1
  return [first, last]
}

/** One arrow of a free list: from the block at list position i to the one at i + 1. */
export interface FreeListLink {
  list: string
  from: number
  to: number
}

/** Free-list links as block indices; entries not found among the blocks are skipped. */
export function freeListLinks(
  blocks: BlockInfo[],
  freeLists: Record<string, Array<[number, number]>>
): FreeListLink[] {
  const byAddress = new Map<number, number>()
  blocks.forEach((block, index) => byAddress.set(block.address, index))
  const links: FreeListLink[] = []
  for (const [list, entries] of Object.entries(freeLists)) {
    for (let i = 0; i + 1 < entries.length; i++) {
      const from = byAddress.get(entries[i][0])
      const to = byAddress.get(entries[i + 1][0])
      if (from !== undefined && to !== undefined) links.push({ list, from, to })
    }
  }
  return links
}

/** Index of the largest free block (the first one when sizes tie), or -1 when none is free. */
export function largestFreeIndex(blocks: BlockInfo[]): number {
  let best = -1
  for (let i = 0; i < blocks.length; i++) {
    if (blocks[i].free && (best === -1 || blocks[i].size > blocks[best].size)) best = i
  }
  return best
}
