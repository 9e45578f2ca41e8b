/** The scrubber's arithmetic: keys to steps and pointer positions to steps. */

/** The step a key moves to, or null when the key does nothing. Steps run 0..total−1. */
export function stepForKey(key: string, step: number, total: number): number | null {
  const last = Math.max(0, total - 1)
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
export function stepAtX(x: number, width: number, total: number): number {
  if (total <= 1 || width <= 0) return 0
  const fraction = Math.min(1, Math.max(0, x / width))
  return Math.round(fraction * (total - 1))
}

/** Where a step sits along the track, as a percentage. */
export function stepPercent(step: number, total: number): number {
  return total <= 1 ? 0 : (Math.min(step, total - 1) / (total - 1)) * 100
}
