/**
 * A learner's runaway heap: malloc(4096) in a loop until the simulated memory limit (or, on a
 * slow machine, the time budget) ends it, a quarter of a million blocks at most. While it
 * records, the step counter says how far it got and Pause stops it; afterwards the app answers
 * a step within seconds (it took 30 s and more when every state carried every block), and the
 * heap view shows a part of the heap at a time, moving through it on request.
 */
import { expect, screenshot, test, typeProgram } from './fixtures'
import { E2E_TIME_BUDGET_MS } from './server-address'

const UNTIL_LIMIT = `#include <stdlib.h>
int main(void) {
  while (1) {
    char *p = malloc(4096);
    p[0] = 1;
  }
}
`

/** The numbers a sentence says, in order: "Blocks 1–2,000 of 254,186" gives 1, 2000, 254186. */
function numbers(text: string): number[] {
  return [...text.matchAll(/\d[\d,]*/g)].map((m) => Number(m[0].replace(/,/g, '')))
}

test('a heap of many thousand blocks: progress while it records, then steps at once', async ({
  app
}) => {
  test.setTimeout(E2E_TIME_BUDGET_MS * 10)
  const { page } = app
  await typeProgram(page, UNTIL_LIMIT)
  await page.getByTestId('speed').selectOption({ label: 'To the end' })
  await page.getByTestId('run').click()
  const counter = page.getByTestId('step-counter')
  // Recording: the counter says how many steps so far, and Pause is offered.
  await expect(counter).toHaveText(/^Recording… [\d,]+ steps so far/)
  await expect(page.getByTestId('pause')).toBeVisible()
  await screenshot(page, 'big-heap-recording')
  await expect(page.getByTestId('exit-status')).toBeVisible({ timeout: E2E_TIME_BUDGET_MS * 5 })
  const [end, total] = numbers((await counter.textContent()) ?? '')
  expect(end).toBe(total)

  const pane = page.locator('.memory-pane')
  await pane.getByRole('tab', { name: 'Heap' }).click()
  const range = pane.getByTestId('block-window-range')
  // The last 2,000 of many more blocks (every round of the loop leaves one).
  await expect(range).toHaveText(/^Blocks [\d,]+–[\d,]+ of [\d,]+$/)
  await screenshot(page, 'big-heap-end')

  // A step back answers well within this (30 s and more when every block travelled).
  await page.getByTestId('step-back').click()
  await expect(counter).toHaveText(
    `Step ${(end - 1).toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`,
    {
      timeout: 20_000
    }
  )
  // (Read after the step back: the step undone may have been a malloc.)
  const [from, to, blocks] = numbers((await range.textContent()) ?? '')
  expect(to).toBe(blocks)
  expect(to - from + 1).toBe(2000)
  expect(blocks).toBeGreaterThan(10_000)
  // The part before: 2,000 blocks earlier.
  await pane.getByTestId('block-window').getByRole('button', { name: 'Earlier' }).click()
  await expect(range).toHaveText(
    `Blocks ${(from - 2000).toLocaleString('en-US')}–${(to - 2000).toLocaleString('en-US')} of ${blocks.toLocaleString('en-US')}`,
    { timeout: 20_000 }
  )
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(range).toHaveText(/^第 [\d,]+–[\d,]+ 个块，共 [\d,]+ 个$/)
  await screenshot(page, 'big-heap-earlier-zh')
  await page.getByTestId('language').selectOption('en')

  // Until an address is typed, the byte inspector shows the first block of the part the heap
  // view shows: after "Earlier" it kept the bytes of the part before, "not loaded" in this one.
  await pane.getByRole('tab', { name: 'Bytes' }).click()
  const shownFirst = pane.locator('.byte-inspector tbody').first()
  await expect(shownFirst.locator('.owners')).toHaveText(/^block at 0x[0-9a-f]+$/)
  const followed = (await shownFirst.locator('th').textContent()) ?? ''
  await expect(pane.getByRole('textbox', { name: 'Address' })).toHaveValue(followed)
  await screenshot(page, 'big-heap-bytes-follow-earlier')
  await pane.getByRole('tab', { name: 'Heap' }).click()

  // The byte inspector at the first malloc's block (after glibc's 0x290-byte tcache chunk):
  // that block is not in the part the state carries, so its rows said only "heap". Now the
  // part around it is fetched, and the rows and the heap view both show it.
  await pane.getByRole('tab', { name: 'Bytes' }).click()
  await pane.getByRole('textbox', { name: 'Address' }).fill('0x5555555592a0')
  await pane.getByRole('button', { name: 'Show' }).click()
  // (each row's tbody holds its owners, beside the bytes or, in a narrow pane, under them)
  const firstRow = pane.locator('.byte-inspector tbody').first()
  await expect(firstRow.locator('th')).toHaveText('0x5555555592a0')
  await expect(firstRow.locator('.owners')).toHaveText('block at 0x5555555592a0', {
    timeout: 20_000
  })
  await screenshot(page, 'big-heap-bytes-first-block')
  await pane.getByRole('tab', { name: 'Heap' }).click()
  await expect(range).toHaveText(`Blocks 1–2,000 of ${blocks.toLocaleString('en-US')}`)
})

test('Pause stops a long recording where it got to, and the run can be stepped from there', async ({
  app
}) => {
  test.setTimeout(E2E_TIME_BUDGET_MS * 10)
  const { page } = app
  await typeProgram(page, UNTIL_LIMIT)
  await page.getByTestId('speed').selectOption({ label: 'To the end' })
  await page.getByTestId('run').click()
  const counter = page.getByTestId('step-counter')
  await expect(counter).toHaveText(/^Recording… [\d,]+ steps so far/)
  await page.getByTestId('pause').click()
  // Stopped, not ended: the run is at the newest step recorded, more may follow ("+").
  await expect(counter).toHaveText(/^Step [\d,]+ of [\d,]+\+$/, { timeout: 20_000 })
  const [at, recorded] = numbers((await counter.textContent()) ?? '')
  expect(at).toBe(recorded)
  expect(at).toBeGreaterThan(0)
  await expect(page.getByTestId('exit-status')).toHaveCount(0)
  await page.getByTestId('step').click()
  await expect(counter).toHaveText(
    `Step ${(at + 1).toLocaleString('en-US')} of ${(at + 1).toLocaleString('en-US')}+`,
    {
      timeout: 20_000
    }
  )
  await screenshot(page, 'big-heap-paused')
})
