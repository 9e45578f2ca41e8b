/// <reference lib="dom" />
import AxeBuilder from './axe'
import { expect, screenshot, test } from './fixtures'
import { E2E_PORT, serverUrl } from './server-address'
import type { Page } from '@playwright/test'

/** Every visible text of the interface, leaving out the program's own text (editor, output). */
async function interfaceTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement
      const text = node.textContent?.trim() ?? ''
      if (!element || !text) continue
      if (element.closest('.cm-editor, [data-testid="program-output"], option, .visually-hidden'))
        continue
      if (!element.checkVisibility()) continue
      texts.push(text)
    }
    return texts
  })
}

/**
 * Words a learner reads, as opposed to identifiers and numbers (`main`, `0x5555…`, `%rsp`,
 * `▲ malloc`): at least two words of letters.
 */
const isProse = (text: string): boolean => /[A-Za-z]{2,}[^A-Za-z0-9_]+[A-Za-z]{2,}/.test(text)

test('the app opens, loads the editor, and breaks no content-security rule', async ({ app }) => {
  const { page } = app
  await expect(page).toHaveTitle('Memory Lane')
  await expect(page.getByRole('heading', { name: 'Memory Lane', level: 1 })).toBeVisible()
  await expect(page.getByTestId('edition')).toHaveText('Browser edition')
  await expect(page.locator('.cm-content')).toContainText('int main(void)')
  await expect(page.getByRole('toolbar', { name: 'Run controls' })).toBeVisible()
  await screenshot(page, 'first-screen')
  expect(app.consoleErrors).toEqual([])
})

test('the program shows at once as plain text; the editor takes over where the learner was', async ({
  page
}) => {
  // Hold the editor's code back until the learner has selected a word in the plain text.
  let release: () => void = () => undefined
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route(/\/CodeEditor-[^/]*\.js$/, async (route) => {
    await held
    await route.continue()
  })
  await page.goto(serverUrl())
  const text = page.getByTestId('program-text')
  await expect(text).toHaveValue(/int main\(void\)/)
  await expect(page.getByTestId('run')).toBeEnabled()
  // "counter" in `int counter = 7;`, selected from its end back to its start, by keyboard.
  await text.focus()
  const start = await text.evaluate((t: HTMLTextAreaElement) => t.value.indexOf('counter'))
  await text.evaluate(
    (t: HTMLTextAreaElement, at: number) => t.setSelectionRange(at, at + 7, 'backward'),
    start
  )
  release()
  await expect(page.locator('.cm-content')).toBeVisible()
  await expect(text).toHaveCount(0)
  await expect(page.locator('.cm-content')).toBeFocused()
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('counter')
  // Typing goes on from there: shift+left grows the backward selection by one character.
  await page.keyboard.press('Shift+ArrowLeft')
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(' counter')
})

test('the language switch changes every visible string', async ({ app }) => {
  const { page } = app
  const english = (await interfaceTexts(page)).filter(isProse)
  expect(english.length).toBeGreaterThan(5)
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('内存小径')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  const chinese = await interfaceTexts(page)
  const untranslated = english.filter((text) => chinese.includes(text))
  expect(untranslated, 'strings still in English after switching to 简体中文').toEqual([])
  await screenshot(page, 'first-screen-zh-CN')
  // The choice is remembered on reload.
  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('内存小径')
  await page.getByTestId('language').selectOption('en')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Memory Lane')

  // The same with a program running: run controls, output and the memory pane.
  await page.getByTestId('step').click()
  await page.getByTestId('step').click()
  await expect(page.getByTestId('step-counter')).toContainText('Step 2 of')
  const runningEnglish = (await interfaceTexts(page)).filter(isProse)
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(page.getByTestId('step-counter')).toContainText('第 2 步')
  const runningChinese = await interfaceTexts(page)
  const stillEnglish = runningEnglish.filter((text) => runningChinese.includes(text))
  expect(stillEnglish, 'strings still in English while a program runs').toEqual([])
  await screenshot(page, 'running-zh-CN')
  await page.getByTestId('language').selectOption('en')
})

test('a page request or a socket with a wrong or missing token is refused', async ({
  app,
  request
}) => {
  const base = `http://127.0.0.1:${E2E_PORT}`
  expect((await request.get(`${base}/`, { headers: { cookie: '' } })).status()).toBe(403)
  expect((await request.get(`${base}/?token=wrong`)).status()).toBe(403)
  expect(
    (
      await request.get(`${base}/assets/`, { headers: { cookie: 'memory_lane_token=wrong' } })
    ).status()
  ).toBe(403)
  // From inside the app's own page: a socket with a wrong token never opens, one with the right token does.
  const token = new URL(serverUrl()).searchParams.get('token')!
  const tryToken = (value: string) =>
    app.page.evaluate(
      (t) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(t)}`)
          socket.onopen = () => {
            socket.close()
            resolve('open')
          }
          socket.onerror = () => resolve('refused')
        }),
      value
    )
  expect(await tryToken('wrong')).toBe('refused')
  expect(await tryToken('')).toBe('refused')
  expect(await tryToken(token)).toBe('open')
  // The page itself shows the refusal in words.
  const page = await app.page.context().newPage()
  await page.goto(`${base}/?token=wrong`)
  await expect(page.locator('body')).toContainText('Forbidden')
  await page.close()
})

test('axe finds no accessibility violations on the first screen, in both languages', async ({
  browser
}) => {
  // axe is injected as a script, which the app's CSP forbids: this context alone bypasses it.
  const context = await browser.newContext({
    bypassCSP: true,
    viewport: { width: 1280, height: 800 }
  })
  const page = await context.newPage()
  await page.goto(serverUrl())
  await expect(page.locator('.cm-content')).toBeVisible()
  for (const language of ['en', 'zh-CN']) {
    await page.getByTestId('language').selectOption(language)
    const results = await new AxeBuilder(page).analyze()
    expect(
      results.violations.map(
        (v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
      ),
      `axe, ${language}`
    ).toEqual([])
  }
  await page.getByTestId('language').selectOption('en')
  // A finished run: output, exit status and the memory pane.
  await page.getByTestId('speed').selectOption({ label: 'To the end' })
  await page.getByTestId('run').click()
  await expect(page.getByTestId('exit-status')).toBeVisible()
  const running = await new AxeBuilder(page).analyze()
  expect(
    running.violations.map(
      (v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
    ),
    'axe, finished run'
  ).toEqual([])
  // The free-space exercise's dialog, with its answers shown.
  await page.getByTestId('free-space-open').click()
  await page.getByTestId('free-space-answers').check()
  const exercise = await new AxeBuilder(page).analyze()
  expect(
    exercise.violations.map(
      (v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
    ),
    'axe, free-space exercise'
  ).toEqual([])
  await context.close()
})
