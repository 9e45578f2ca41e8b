/**
 * Geometry of the address-space map: the whole space as one vertical bar, high addresses at
 * the top. Segment sizes span 4 KiB to tens of TiB, so the bar uses a broken scale: a
 * segment's height grows with the logarithm of its size, and every unmapped gap is drawn the
 * same short height with a zigzag that says "scale broken here".
 */
import type { ProcessState, SegmentView } from '../../../../shared/state'

export type BandKind =
  | 'text'
  | 'rodata'
  | 'data'
  | 'bss'
  | 'heap'
  | 'mmap'
  /** The stack in use: from %rsp up to the top. */
  | 'stack'
  /** Between %rsp and the stack limit: reserved, where the stack may still grow. */
  | 'stack-room'
  /** Below the limit: Linux keeps a guard gap (256 pages = 1 MiB) no mapping may enter. */
  | 'guard'
  /** Unmapped addresses. */
  | 'gap'

export interface Band {
  kind: BandKind
  start: number
  /** Exclusive. */
  end: number
  y: number
  height: number
  permissions?: SegmentView['permissions']
}

export interface AddressMapGeometry {
  bands: Band[]
  height: number
  /** y of the program break line (top edge of the heap). */
  programBreakY: number
  /**
   * y of %rsp: the bottom edge of the stack band (the stack in use). Null once the process has
   * exited: it has no stack pointer any more (a process killed by a signal keeps its last one,
   * as a core dump does).
   */
  stackPointerY: number | null
  /** y of the stack limit line. */
  stackLimitY: number
}

/** Linux's stack_guard_gap: 256 pages of 4 KiB. */
export const GUARD_GAP = 256 * 4096
const GAP_HEIGHT = 22

/** Height for a region of `size` bytes: 22 px for a page or less, +9 px per doubling, ≤ 96. */
export function bandHeight(size: number): number {
  const pages = Math.max(1, size / 4096)
  return Math.min(96, Math.round(22 + 9 * Math.log2(pages)))
}

/** The stack's limit address: `segment.limit` when given, else stackTop − stackLimit. */
export function stackLimitAddress(state: ProcessState): number {
  const stack = state.segments.find((s) => s.name === 'stack')
  return stack?.limit ?? state.stackTop - state.stackLimit
}

/** Bands from the highest address to 0, with unmapped gaps between them. */
export function addressBands(state: ProcessState): Array<Omit<Band, 'y' | 'height'>> {
  const regions: Array<Omit<Band, 'y' | 'height'>> = []
  for (const segment of state.segments) {
    if (segment.name === 'heap') {
      // the heap is [heapStart, programBreak): it may be empty, which the map still shows
      regions.push({
        kind: 'heap',
        start: state.heapStart,
        end: state.programBreak,
        permissions: segment.permissions
      })
      continue
    }
    if (segment.name !== 'stack') {
      regions.push({
        kind: segment.name,
        start: segment.start,
        end: segment.end,
        permissions: segment.permissions
      })
      continue
    }
    // The stack segment is the whole reservation down to the limit (the simulator maps all of
    // it; Linux maps pages as they are touched). What the program uses is %rsp up to the top:
    // that part is the stack band, so it grows as frames are pushed; the rest down to the
    // limit is room the stack may still grow into.
    const limit = stackLimitAddress(state)
    const rsp = state.stackPointer
    const used = rsp >= Math.min(limit, segment.start) && rsp <= segment.end ? rsp : segment.start
    regions.push({
      kind: 'stack',
      start: used,
      end: segment.end,
      permissions: segment.permissions
    })
    if (limit < used) {
      regions.push({
        kind: 'stack-room',
        start: limit,
        end: used,
        permissions: segment.permissions
      })
    }
    // the guard gap only where nothing else is mapped (the classroom space may be too small)
    const guardStart = Math.max(0, limit - GUARD_GAP)
    const below = state.segments
      .filter((s) => s.name !== 'stack' && s.end <= limit)
      .reduce((top, s) => Math.max(top, s.end), 0)
    regions.push({ kind: 'guard', start: Math.max(guardStart, below), end: limit })
  }
  if (!regions.some((r) => r.kind === 'heap')) {
    regions.push({ kind: 'heap', start: state.heapStart, end: state.programBreak })
  }
  regions.sort((a, b) => b.end - a.end || b.start - a.start)

  const bands: Array<Omit<Band, 'y' | 'height'>> = []
  let cursor = Number.POSITIVE_INFINITY
  for (const region of regions) {
    if (region.end < cursor && Number.isFinite(cursor)) {
      bands.push({ kind: 'gap', start: region.end, end: cursor })
    }
    bands.push(region)
    cursor = Math.min(cursor, region.start)
  }
  if (cursor > 0) bands.push({ kind: 'gap', start: 0, end: cursor })
  // an empty heap or stack is still drawn: the learner sees where it will grow from
  return bands.filter(
    (band) => band.end > band.start || band.kind === 'heap' || band.kind === 'stack'
  )
}

/**
 * True once the process has ended without a fatal signal (main returned, or exit was called):
 * the simulator then holds no frames and puts %rsp back at the top, but there is no stack left
 * to point into. A process a signal killed keeps its frames, so they can be read as in a core.
 */
export function hasExited(state: ProcessState): boolean {
  return state.exit !== undefined && state.frames.length === 0
}

/** Places the bands top to bottom and finds the lines drawn across them. */
export function layoutAddressMap(state: ProcessState): AddressMapGeometry {
  let y = 0
  const bands: Band[] = addressBands(state).map((band) => {
    const height = band.kind === 'gap' ? GAP_HEIGHT : bandHeight(band.end - band.start)
    const placed = { ...band, y, height }
    y += height
    return placed
  })
  const heap = bands.find((b) => b.kind === 'heap')
  const stack = bands.find((b) => b.kind === 'stack')
  const room = bands.find((b) => b.kind === 'stack-room')
  let stackPointerY: number | null = null
  if (stack && !hasExited(state)) {
    const fraction = (stack.end - state.stackPointer) / Math.max(1, stack.end - stack.start)
    stackPointerY = stack.y + Math.min(1, Math.max(0, fraction)) * stack.height
  }
  const limitBand = room ?? stack
  return {
    bands,
    height: y,
    programBreakY: heap ? heap.y : 0,
    stackPointerY,
    stackLimitY: limitBand ? limitBand.y + limitBand.height : 0
  }
}
