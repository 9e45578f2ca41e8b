import { afterEach, beforeEach, vi } from 'vitest'

/**
 * For a command's tests: what it printed, `console.log` lines in `out` and `console.error`
 * lines in `err`, emptied before each test. The shell's language is English for every test
 * unless the test sets LANG or LC_ALL itself, whatever the machine's locale.
 * Call once at a test file's top level; empty the arrays with `.length = 0` (they are kept).
 */
export function captureConsole(): { out: string[]; err: string[] } {
  const printed = { out: [] as string[], err: [] as string[] }
  beforeEach(() => {
    printed.out.length = 0
    printed.err.length = 0
    vi.stubEnv('LC_ALL', '')
    vi.stubEnv('LC_MESSAGES', '')
    vi.stubEnv('LANG', 'C.UTF-8')
    vi.spyOn(console, 'log').mockImplementation(
      (...a: unknown[]) => void printed.out.push(a.join(' '))
    )
    vi.spyOn(console, 'error').mockImplementation(
      (...a: unknown[]) => void printed.err.push(a.join(' '))
    )
  })
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllEnvs()
  })
  return printed
}
