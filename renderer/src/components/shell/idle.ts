/** Stops a scheduled piece of work before it runs. */
export type Cancel = () => void

/**
 * Runs `work` once the page has drawn its current frame and has a moment to spare, so work that
 * the first screen does not need (the code editor's set-up) does not delay it. Waits at most
 * `timeoutMs` for that moment on a page that is never idle.
 */
export function afterFirstScreen(work: () => void | Promise<void>, timeoutMs = 1000): Cancel {
  let cancelled = false
  let idleHandle: number | undefined
  const start = (): void => {
    if (cancelled) return
    if (typeof requestIdleCallback === 'function')
      idleHandle = requestIdleCallback(() => void work(), { timeout: timeoutMs })
    else idleHandle = setTimeout(() => void work(), 0) as unknown as number
  }
  // A frame first: an idle moment before the first paint would put the work ahead of it.
  const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(start) : null
  if (frame === null) start()
  return () => {
    cancelled = true
    if (frame !== null) cancelAnimationFrame(frame)
    if (idleHandle === undefined) return
    if (typeof cancelIdleCallback === 'function') cancelIdleCallback(idleHandle)
    else clearTimeout(idleHandle)
  }
}
