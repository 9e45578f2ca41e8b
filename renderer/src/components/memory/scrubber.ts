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
