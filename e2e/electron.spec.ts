/// <reference lib="dom" />
/**
 * The desktop app itself, launched with Playwright's Electron support. It runs wherever the
 * Electron binary is installed; elsewhere it is skipped with the reason (the `electron` package
 * downloads the binary during `npm install` only when Electron's releases can be reached).
 */
import { _electron as electron, expect, test } from '@playwright/test'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

function electronBinary(): string | null {
  const pathFile = join('node_modules', 'electron', 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join('node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

test('the desktop app opens with its security settings and runs a program', async () => {
  const binary = electronBinary()
  test.skip(
    !binary,
    'Electron binary not installed (node_modules/electron/dist is missing): desktop test skipped'
  )
  const app = await electron.launch({
    executablePath: binary!,
    args: ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...process.env, MEMORY_LANE_DATA_DIR: join('test-results', 'electron-data') }
  })
  const page = await app.firstWindow()
  await expect(page.getByTestId('edition')).toHaveText('Desktop app')
  expect(await page.evaluate(() => typeof (window as { require?: unknown }).require)).toBe(
    'undefined'
  )
  expect(await page.evaluate(() => typeof (window as { process?: unknown }).process)).toBe(
    'undefined'
  )
  await page.getByTestId('step').click()
  await expect(page.getByTestId('step-counter')).toContainText('Step 1')
  await page.screenshot({ path: join('test-results', 'screenshots', 'electron-first-screen.png') })
  await app.close()
})
