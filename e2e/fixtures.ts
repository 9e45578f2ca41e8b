/**
 * The `app` fixture: a page of the browser edition opened with its token, that records every
 * request the page makes and every console error (a CSP violation shows up there), and fails
 * the test if any request went anywhere but 127.0.0.1.
 */
import { test as base, expect, type Page, type TestInfo } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { serverUrl } from './server-address'

export interface AppPage {
  page: Page
  url: string
  requests: string[]
  consoleErrors: string[]
}

/** Screenshots go to test-results/screenshots/, kept as CI artifacts. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join('test-results', 'screenshots')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${name}.png`)
  await page.screenshot({ path, fullPage: false })
  return path
}

export const test = base.extend<{ app: AppPage }>({
  app: async ({ page }, use, testInfo: TestInfo) => {
    const url = serverUrl()
    const requests: string[] = []
    const consoleErrors: string[] = []
    page.on('request', (request) => requests.push(request.url()))
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text())
    })
    page.on('pageerror', (error) => consoleErrors.push(error.message))
    await page.goto(url)
    await expect(page.getByTestId('edition')).toBeVisible()
    await use({ page, url, requests, consoleErrors })
    const leaving = requests.filter((r) => {
      const { protocol, hostname } = new URL(r)
      return !(protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1')
    })
    expect(leaving, `requests that left 127.0.0.1 in "${testInfo.title}"`).toEqual([])
  }
})

export { expect }

/** Replaces the program in the code editor, as a learner typing it would. */
export async function typeProgram(page: Page, source: string): Promise<void> {
  const editor = page.locator('.cm-content')
  await expect(editor).toBeVisible()
  await editor.click()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.press('Delete')
  // insertText bypasses auto-indent and bracket closing, so the text arrives exactly.
  await page.keyboard.insertText(source)
}

/**
 * Two mallocs, a free and a NULL pointer: enough for every memory view to have something to
 * show (a live block, a freed one, pointers of each kind).
 */
export const VIEWS_PROGRAM = `#include <stdlib.h>
int main(void) {
  char *a = malloc(16);
  char *b = malloc(20);
  free(b);
  char *none = NULL;
  return 0;
}
`

/** Types `source` and runs it to the end at full speed; it must exit with status 0. */
export async function runToEnd(page: Page, source: string): Promise<void> {
  await typeProgram(page, source)
  await page.getByTestId('speed').selectOption({ label: 'To the end' })
  await page.getByTestId('run').click()
  await expect(page.getByTestId('exit-status')).toHaveText('exited with status 0')
}

/** Makes `name` the active learner: the welcome form on a first start, else the profile menu. */
export async function becomeLearner(page: Page, name: string): Promise<void> {
  const pane = page.getByTestId('lesson-pane')
  const welcome = pane.getByTestId('profile-form')
  await expect(welcome.or(pane.getByTestId('profile-button'))).toBeVisible()
  if (!(await welcome.isVisible())) {
    await pane.getByTestId('profile-button').click()
    await pane.getByTestId('profile-new').click()
  }
  await pane.getByTestId('profile-name').fill(name)
  await pane.getByTestId('profile-create').click()
  await expect(pane.getByTestId('profile-button')).toContainText(name)
}
