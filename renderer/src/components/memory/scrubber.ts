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

/** A message key under memory.scrubber.event and its parameters. */
export interface MarkerMessage {
  key: 'malloc' | 'free' | 'brk' | 'exit' | 'end' | 'signal' | 'signalCode'
  params: Record<string, string>
}

/**
 * What a timeline marker says, as a message to translate. The run session records markers with
 * English labels of fixed forms (`malloc → 0x…`, `free(0x…)`, `sbrk → 0x…`, `exit 0`, `end`,
 * `SIGSEGV (SEGV_MAPERR)`); the address, status or signal is read back from them. Null for any
 * other label (lesson checkpoints, misuse reports), which is shown as it is.
 */
export function markerMessage(marker: { kind: string; label: string }): MarkerMessage | null {
  const label = marker.label.trim()
  let match: RegExpMatchArray | null
  if ((match = /^malloc → (0x[0-9a-f]+)$/i.exec(label))) {
    return { key: 'malloc', params: { address: match[1] } }
  }
  if ((match = /^free\((0x[0-9a-f]+)\)$/i.exec(label))) {
    return { key: 'free', params: { address: match[1] } }
  }
  if ((match = /^sbrk → (0x[0-9a-f]+)$/i.exec(label))) {
    return { key: 'brk', params: { address: match[1] } }
  }
  if ((match = /^exit (-?\d+)$/.exec(label))) return { key: 'exit', params: { status: match[1] } }
  if (label === 'end') return { key: 'end', params: {} }
  if ((match = /^(SIG[A-Z0-9]+)(?: \((.+)\))?$/.exec(label))) {
    return match[2] === undefined
      ? { key: 'signal', params: { signal: match[1] } }
      : { key: 'signalCode', params: { signal: match[1], code: match[2] } }
  }
  return null
}
