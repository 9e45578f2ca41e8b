/** Where the end-to-end tests' browser edition listens, and where it writes its address. */
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const E2E_PORT = Number(process.env.E2E_PORT ?? 4799)
/**
 * The e2e server's watchdog time budget: long enough for every lesson program on a busy
 * 2-core machine, short enough for the runaway-program test to see the watchdog act.
 */
export const E2E_TIME_BUDGET_MS = 10_000
export const SERVER_URL_FILE = join(tmpdir(), `memory-lane-e2e-${E2E_PORT}.url`)

/** The address the server printed, token included. */
export function serverUrl(): string {
  return readFileSync(SERVER_URL_FILE, 'utf8').trim()
}
