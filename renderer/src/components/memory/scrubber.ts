/**
 * The scrubber's arithmetic: keys to steps and pointer positions to steps. A run of
 * `totalSteps` steps is at step 0 before the first and at step `totalSteps` after the last, so
 * steps run 0..last with last = totalSteps.
 */

/** The step a key moves to, or null when the key does nothing. */
export function stepForKey(key: string, step: number, last: number): number | null {
  last = Math.max(0, last)
  const moves: Record<string, number> = {
    ArrowRight: step + 1,
    ArrowUp: step + 1,
    ArrowLeft: step - 1,
    ArrowDown: step - 1,
    PageUp: step + 100,
    PageDown: step - 100,
    Home: 0,
    End: last
  }
  if (!(key in moves)) return null
  return Math.min(last, Math.max(0, moves[key]))
}

/**
 * How far in from either end of the track step 0 and the last step sit, in pixels: half the
 * thumb at its widest (13 px, when it wears a ! or ✖), rounded up. Placed at the track's very
 * ends, the thumb stood 6 px past the track's right end at the last step (and before its left
 * end at step 0), and the exit's ■ was cut in half by the track's edge.
 */
export const TRACK_INSET_PX = 7

/** The step under a pointer at `x` pixels along a track `width` pixels wide. */
export function stepAtX(x: number, width: number, last: number): number {
  const span = width - 2 * TRACK_INSET_PX
  if (last <= 0 || span <= 0) return 0
  const fraction = Math.min(1, Math.max(0, (x - TRACK_INSET_PX) / span))
  return Math.round(fraction * last)
}

/** Where a step sits along a track `width` pixels wide, in pixels from its left end. */
export function stepX(step: number, last: number, width: number): number {
  const span = Math.max(0, width - 2 * TRACK_INSET_PX)
  return TRACK_INSET_PX + (stepPercent(step, last) / 100) * span
}

/** The same place as CSS, for an element positioned in the track whose width the CSS knows. */
export function stepCss(step: number, last: number): string {
  return `calc(${TRACK_INSET_PX}px + (100% - ${2 * TRACK_INSET_PX}px) * ${stepPercent(step, last) / 100})`
}

/** Where a step sits along the track, as a percentage. */
export function stepPercent(step: number, last: number): number {
  return last <= 0 ? 0 : (Math.min(step, last) / last) * 100
}

/** One mark drawn on the track: its kind's glyph centred at `x`, in row 0 or 1. */
export interface MarkGlyph {
  x: number
  row: number
  kind: string
}

/**
 * Where the track's marks go on a track `width` pixels wide: each marker at its step's place,
 * rounded to the pixel, and marks of one kind in one row that land on the same pixel drawn
 * once (5,000 heap calls on a 700-pixel track are mostly such). Rows alternate as the markers'
 * `row` does, so kinds that share a step stay apart.
 */
export function markGlyphs(
  markers: ReadonlyArray<{ step: number; kind: string; row: number }>,
  last: number,
  width: number
): MarkGlyph[] {
  const seen = new Set<string>()
  const glyphs: MarkGlyph[] = []
  for (const marker of markers) {
    const x = Math.round(stepX(marker.step, last, width))
    const row = marker.row % 2
    const key = `${x}:${row}:${marker.kind}`
    if (seen.has(key)) continue
    seen.add(key)
    glyphs.push({ x, row, kind: marker.kind })
  }
  return glyphs
}
