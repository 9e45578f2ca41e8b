/**
 * End-to-end tests drive the browser edition in Debian's Chromium (/usr/bin/chromium); Playwright
 * never downloads a browser. The browser edition is started as the web server with short
 * watchdog budgets and a throw-away data folder, and writes its tokenised address to a file
 * the tests read (the token is random at every launch, as in real use).
 */
import { defineConfig } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { E2E_PORT, E2E_TIME_BUDGET_MS, SERVER_URL_FILE } from './e2e/server-address'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run'
]

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS
    }
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: `node scripts/web.mjs --port ${E2E_PORT} --token-file ${SERVER_URL_FILE}`,
    // The server answers 403 without the token; Playwright counts that as "up".
    url: `http://127.0.0.1:${E2E_PORT}/`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      MEMORY_LANE_TIME_BUDGET_MS: String(E2E_TIME_BUDGET_MS),
      MEMORY_LANE_DATA_DIR:
        process.env.MEMORY_LANE_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'memory-lane-e2e-'))
    }
  }
})
