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

/** The step under a pointer at `x` pixels along a track `width` pixels wide. */
export function stepAtX(x: number, width: number, last: number): number {
  if (last <= 0 || width <= 0) return 0
  const fraction = Math.min(1, Math.max(0, x / width))
  return Math.round(fraction * last)
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
    const x = Math.round((stepPercent(marker.step, last) / 100) * width)
    const row = marker.row % 2
    const key = `${x}:${row}:${marker.kind}`
    if (seen.has(key)) continue
    seen.add(key)
    glyphs.push({ x, row, kind: marker.kind })
  }
  return glyphs
}
