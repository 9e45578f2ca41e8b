import { expect, screenshot, test, typeProgram } from './fixtures'
import { E2E_TIME_BUDGET_MS } from './server-address'

test('a program runs, steps forward and back, and shows its output', async ({ app }) => {
  const { page } = app
  const counter = page.getByTestId('step-counter')
  await expect(counter).toHaveText('Not started')
  await page.getByTestId('step').click()
  await expect(counter).toContainText('Step 1 of')
  await page.getByTestId('step').click()
  await expect(counter).toContainText('Step 2 of')
  await page.getByTestId('step-back').click()
  await expect(counter).toContainText('Step 1 of')
  // Keyboard: F10 steps, Shift+F10 steps back.
  await page.keyboard.press('F10')
  await expect(counter).toContainText('Step 2 of')
  await page.keyboard.press('Shift+F10')
  await expect(counter).toContainText('Step 1 of')
  await screenshot(page, 'stepping')

  await page.getByTestId('speed').selectOption({ label: 'To the end' })
  await page.getByTestId('run').click()
  // counter = 7, numbers[i] = (i + 7)²: numbers[0] = 49, numbers[3] = 100.
  await expect(page.getByTestId('program-output')).toHaveText('49 100\n')
  await expect(page.getByTestId('exit-status')).toHaveText('exited with status 0')
  await expect(page.getByTestId('step-back')).toBeEnabled()
  const finalText = await counter.textContent()
  const total = Number(/Step (\d+) of (\d+)$/.exec(finalText ?? '')?.[2])
  expect(total).toBeGreaterThan(10)
  await page.getByTestId('step-back').click()
  await expect(counter).toHaveText(`Step ${total - 1} of ${total}`)
  await screenshot(page, 'finished-run')
  expect(app.consoleErrors).toEqual([])
})

test('the run controls keep the keyboard: Enter on Step steps again and again, Run ends on Run', async ({
  app
}) => {
  const { page } = app
  const counter = page.getByTestId('step-counter')
  const step = page.getByTestId('step')
  // Each press disables Step while its step is fetched: the focus fell to the page, and the
  // second Enter did nothing (it stayed "Step 1 of 1+").
  await step.focus()
  for (let n = 1; n <= 3; n++) {
    await page.keyboard.press('Enter')
    await expect(counter).toContainText(`Step ${n} of`)
    await expect(step).toBeFocused()
  }
  await page.getByTestId('step-back').focus()
  await page.keyboard.press('Enter')
  await expect(counter).toContainText('Step 2 of')
  await expect(page.getByTestId('step-back')).toBeFocused()
  // Run at 16 steps a second swaps Run for Pause and back: the keyboard follows, and the run
  // ends with it on Run.
  await page.getByTestId('speed').selectOption({ label: '16 steps/s' })
  await page.getByTestId('run').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('pause')).toBeFocused()
  await expect(page.getByTestId('exit-status')).toHaveText('exited with status 0')
  await expect(page.getByTestId('run')).toBeFocused()
  // At the end Step is disabled for good: the keyboard goes to Step back, not to the page.
  await page.getByTestId('step-back').focus()
  await page.keyboard.press('Enter')
  await expect(counter).not.toContainText('Step 0 of')
  await step.focus()
  await page.keyboard.press('Enter')
  await expect(step).toBeDisabled()
  await expect(page.getByTestId('step-back')).toBeFocused()
  // Reset, pressed with the keyboard, keeps it too
  // (back to the start: "Not started", or "Step 0 of 0+" when a learner is signed in and the
  // run is set up again at once, as after the suite's lesson tests)
  await page.getByTestId('reset').focus()
  await page.keyboard.press('Enter')
  await expect(counter).toHaveText(/^(Not started|Step 0 of)/)
  await expect(page.getByTestId('reset')).toBeFocused()
})

test('a program that does not compile shows where and why', async ({ app }) => {
  const { page } = app
  await typeProgram(page, 'int main(void) {\n  return missing;\n}\n')
  await page.getByTestId('step').click()
  const diagnostics = page.getByTestId('diagnostics')
  await expect(diagnostics).toContainText('line 2, column')
  await expect(diagnostics).toContainText('missing')
  // The editor underlines the spot too.
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(1)
  await expect(page.getByTestId('step-counter')).toHaveText('Not started')
  await screenshot(page, 'compile-error')
})

test('a program still running at the time budget is ended where it got to, said in both languages, and kept to scrub through', async ({
  app
}) => {
  test.setTimeout(E2E_TIME_BUDGET_MS * 6)
  const { page } = app
  // Each step clears a megabyte and prints a line, so the run stays far below the
  // 10,000,000-step budget but needs far longer than the e2e server's time budget.
  const source =
    '#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\nint main(void) {\n  char *block = malloc(1000000);\n  for (long i = 0; ; i++) {\n    memset(block, 1, 1000000);\n    printf("round %ld\\n", i);\n  }\n}\n'
  await typeProgram(page, source)
  await page.getByTestId('speed').selectOption({ label: 'To the end' })
  await page.getByTestId('run').click()
  const explanation = page.getByTestId('exit-explanation')
  const seconds = E2E_TIME_BUDGET_MS / 1000
  await expect(explanation).toContainText(
    new RegExp(
      `stopped after running for ${seconds} seconds, at step [\\d,]+; it may be in an endless loop\\. Every step up to there is kept`
    ),
    { timeout: E2E_TIME_BUDGET_MS * 3 }
  )
  // Not a restart: the run is there, with what it printed.
  await expect(page.getByTestId('run-notice')).toBeHidden()
  await expect(page.getByTestId('program-output')).toContainText('round 0')
  const counter = page.getByTestId('step-counter')
  const last = /Step ([\d,]+) of ([\d,]+)/.exec((await counter.textContent()) ?? '')
  expect(last?.[1]).toBe(last?.[2])
  await screenshot(page, 'time-limit-kept')
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(explanation).toContainText(`程序运行了 ${seconds} 秒`)
  await expect(explanation).toContainText('此前的每一步都保留着')
  await page.getByTestId('language').selectOption('en')
  // One step back: the run is still there to scrub through.
  await page.getByTestId('step-back').click()
  const total = Number(last![2].replace(/,/g, ''))
  await expect(counter).toContainText(`Step ${(total - 1).toLocaleString('en-US')} of`)
  await expect(explanation).toBeHidden()
  expect(await page.locator('.cm-content').textContent()).toContain('memset(block, 1, 1000000);')
})

test('a NULL dereference is explained in Chinese after switching to 简体中文', async ({ app }) => {
  const { page } = app
  await typeProgram(page, 'int main(void) {\n  int *p = 0;\n  *p = 1;\n  return 0;\n}\n')
  await page.getByTestId('speed').selectOption({ label: 'To the end' })
  await page.getByTestId('run').click()
  const explanation = page.getByTestId('exit-explanation')
  await expect(explanation).toHaveText(
    'Writing to address 0x0 faults: address 0 (NULL) is never mapped, so a NULL pointer cannot be dereferenced.'
  )
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(explanation).toHaveText(
    '在地址 0x0 写入时出错：地址 0（NULL）从不映射，所以不能解引用 NULL 指针。'
  )
  await screenshot(page, 'null-write-zh-CN')
  await page.getByTestId('language').selectOption('en')
})

test('the free editor runs a program on the allocator and layout the learner picks', async ({
  app
}) => {
  const { page } = app
  await typeProgram(
    page,
    '#include <stdlib.h>\nint main(void) {\n  char *a = malloc(40);\n  char *b = malloc(100);\n  free(a);\n  free(b);\n  return 0;\n}\n'
  )
  // Linux's glibc unless the learner picks another machine
  await expect(page.getByTestId('allocator')).toHaveValue('glibc')
  await expect(page.getByTestId('layout')).toHaveValue('linux-x86_64')
  await page.getByTestId('layout').selectOption('classroom')
  await expect(page.getByTestId('allocator')).toHaveValue('first-fit')
  await page.getByTestId('allocator').selectOption('buddy')
  const counter = page.getByTestId('step-counter')
  for (const step of [1, 2]) {
    await page.getByTestId('step').click()
    await expect(counter).toContainText(`Step ${step} of`)
  }
  const pane = page.locator('.memory-pane')
  await pane.getByRole('tab', { name: 'Heap' }).click()
  await pane.locator('.heap-view details.as-table summary').click()
  const sizes = async () =>
    (await pane.locator('.heap-view .block-list li').allInnerTexts()).map((text) =>
      Number(/, (\d+) bytes/.exec(text)?.[1])
    )
  // a buddy system rounds each block, header included, up to a power of two: 40 + 8 → 64,
  // 100 + 8 → 128; the classroom's addresses are short
  await expect(pane.locator('.heap-view .block-list li').first()).toContainText('at 0x4')
  expect(await sizes()).toEqual(expect.arrayContaining([64, 128]))
  expect((await sizes()).every((size) => Number.isInteger(Math.log2(size)))).toBe(true)
  // a block in use is in no free list (it was said to be in the buddy system's)
  const inUse = pane.locator('.heap-view .block-list li', { hasText: 'allocated at line 3' })
  await expect(inUse).not.toContainText('free lists')
  await screenshot(page, 'machine-buddy')
  // first fit on the same layout: malloc(40) takes 40 + an 8-byte header = 48 bytes; the run
  // starts again on the new machine at once
  await page.getByTestId('allocator').selectOption('first-fit')
  await expect(counter).toContainText('Step 0 of')
  await page.getByTestId('step').click()
  await expect(counter).toContainText('Step 1 of')
  // the heap view was drawn afresh for the new run: its table is closed again
  await pane.locator('.heap-view details.as-table summary').click()
  await expect.poll(sizes).toContain(48)
})

test('the checked mode reports reads of memory never written: malloc’d bytes and a local', async ({
  app
}) => {
  const { page } = app
  await typeProgram(
    page,
    '#include <stdlib.h>\nint main(void) {\n  int *m = malloc(4 * sizeof(int));\n  int x;\n  int sum = m[1] + x;\n  free(m);\n  return sum * 0;\n}\n'
  )
  const checked = page.getByTestId('report-uninitialized')
  await expect(checked).not.toBeChecked()
  await page.getByTestId('speed').selectOption({ label: 'To the end' })
  await page.getByTestId('run').click()
  await expect(page.getByTestId('exit-status')).toHaveText('exited with status 0')
  await expect(page.getByTestId('misuse-reports')).toHaveCount(0)
  // Ticked, the program starts again; run to the end, both reads are reported: m is glibc's
  // first block, heap start + 0x2a0 = 0x5555555592a0, so m[1] is the 4 bytes at …92a4.
  await checked.check()
  await expect(page.getByTestId('step-counter')).toContainText('Step 0 of')
  await page.getByTestId('run').click()
  const reports = page.getByTestId('misuse-reports')
  await expect(reports).toContainText(
    'Reading 4 bytes at 0x5555555592a4 uses memory that was never written since malloc returned it'
  )
  // the name is set as code, without its backticks
  await expect(reports).toContainText('Line 5 reads x before anything was stored in it')
  await screenshot(page, 'checked-mode')
  expect(app.consoleErrors).toEqual([])
})
