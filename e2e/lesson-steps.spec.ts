/**
 * Moving through a lesson's steps. A step's `run-to: step N`: the app pauses the run after N steps (statements), and what
 * the memory pane shows and what checkpoints are judged on is the state at step N, not at a
 * line or at the end. The program's steps, counted by hand: step 1 after `a = malloc(16)`, 2
 * after b's malloc(32), 3 after c's malloc(48) (free(b) on line 7 about to run), 4 after free(b).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeMlpack } from '../electron/services/lesson-library/mlpack'
import { readPackFolder } from '../electron/services/lesson-library/pack-folder'
import { becomeLearner, expect, screenshot, test, typeProgram } from './fixtures'

const PROGRAM = `#include <stdlib.h>

int main(void) {
  char *a = malloc(16);
  char *b = malloc(32);
  char *c = malloc(48);
  free(b);
  free(a);
  free(c);
  return 0;
}
`

const LESSON = `# Steps, not lines

\`\`\`setup
layout: linux-x86_64
allocator: first-fit
run-to: step 3
show: [heap]
\`\`\`

\`\`\`c
${PROGRAM}\`\`\`

\`\`\`checkpoint
kind: number
id: live-bytes
prompt: How many bytes do the live blocks hold for the program now?
expected: heap.requested
unit: bytes
\`\`\`

---

## One step on

\`\`\`setup
run-to: step 4
\`\`\`

\`\`\`checkpoint
kind: number
id: live-after-free
prompt: And after free(b)?
expected: heap.requested
unit: bytes
\`\`\`

---

## Another program

\`\`\`c
#include <stdlib.h>

int main(void) {
  char *big = malloc(1000);
  free(big);
  return 0;
}
\`\`\`
`

const folder = join(tmpdir(), `memory-lane-e2e-run-to-step-${process.pid}`)
mkdirSync(folder, { recursive: true })
writeFileSync(
  join(folder, 'pack.yaml'),
  [
    'id: run-to-step',
    'title:',
    '  en: Run to a step',
    'description: A lesson that pauses at a step.',
    'version: 1.0.0',
    'authors: [Memory Lane tests]',
    'licence: CC0-1.0',
    'languages: [en]',
    'min-app-version: 0.1.0',
    'lessons:',
    '  - steps',
    ''
  ].join('\n')
)
writeFileSync(join(folder, 'steps.en.md'), LESSON)
const pack = join(folder, 'run-to-step.mlpack')
writeFileSync(pack, writeMlpack(readPackFolder(folder)))
const samplePack = join(folder, 'sample-pack.mlpack')
writeFileSync(
  samplePack,
  writeMlpack(readPackFolder(join(import.meta.dirname, '../shared/lessons/fixtures/sample-pack')))
)

test.use({ bypassCSP: true })

test("a lesson step's run-to: step N shows and judges the state after N steps", async ({ app }) => {
  const { page } = app
  await becomeLearner(page, 'Grace')
  const pane = page.getByTestId('lesson-pane')
  await pane.getByTestId('pack-file').setInputFiles(pack)
  await expect(pane.getByTestId('pack-message')).toContainText('Imported “Run to a step”')
  await pane.getByTestId('lesson-run-to-step-steps').click()

  // a, b and c live: 16 + 32 + 48 = 96 bytes
  const memory = page.locator('.memory-pane')
  await expect(memory.locator('.pane-header .step')).toHaveText(/^Step 3 of \d+/)
  await expect(page.getByRole('slider')).toHaveAttribute('aria-valuenow', '3')
  // the scrubber knows the heap calls of the steps run: step 3 is c's malloc
  await expect(page.getByRole('slider')).toHaveAttribute('aria-valuetext', /: malloc → 0x/)
  const heap = memory.locator('.heap-view')
  await heap.locator('details.as-table summary').click()
  const blocks = heap.locator('.block-list li')
  await expect(blocks.filter({ hasText: /allocated at line [456]/ })).toHaveCount(3)
  await expect(heap.locator('.block-list')).not.toContainText('freed')
  await screenshot(page, 'run-to-step-3')

  const live = pane.getByTestId('checkpoint-live-bytes')
  await live.getByTestId('answer-live-bytes').fill('64')
  await live.getByTestId('submit-live-bytes').click()
  await expect(live.getByTestId('verdict-live-bytes')).toContainText('Not quite')
  await live.getByTestId('answer-live-bytes').fill('96')
  await live.getByTestId('submit-live-bytes').click()
  await expect(live.getByTestId('verdict-live-bytes')).toContainText('Correct!')

  // The next lesson step pauses one step later: b freed at line 7, 16 + 48 bytes live.
  await pane.getByTestId('step-next').click()
  await expect(memory.locator('.pane-header .step')).toHaveText(/^Step 4 of \d+/)
  await expect(page.getByRole('slider')).toHaveAttribute('aria-valuenow', '4')
  // the step loaded the program anew: a new heap view, its table closed
  await heap.locator('details.as-table summary').click()
  await expect(heap.locator('.block-list')).toContainText('freed at line 7')
  await expect(blocks.filter({ hasText: /allocated at line [46]/ })).toHaveCount(2)
  const after = pane.getByTestId('checkpoint-live-after-free')
  await after.getByTestId('answer-live-after-free').fill('64')
  await after.getByTestId('submit-live-after-free').click()
  await expect(after.getByTestId('verdict-live-after-free')).toContainText('Correct!')

  // On to a step with a program of its own, and back: the step before shows its own program
  // again, paused at its step 4 (it ran the other program, which it shares nothing with)
  const editor = page.locator('.cm-content')
  await pane.getByTestId('step-next').click()
  await expect(editor).toContainText('malloc(1000)')
  await pane.getByTestId('step-previous').click()
  await expect(pane.getByTestId('step-position')).toHaveText('Step 2 of 3')
  await expect(editor).toContainText('char *c = malloc(48);')
  await expect(memory.locator('.pane-header .step')).toHaveText(/^Step 4 of \d+/)
})

test('each step opens at its top, though Next sat below the fold of the step before', async ({
  app
}) => {
  const { page } = app
  await page.setViewportSize({ width: 1024, height: 640 })
  await becomeLearner(page, 'Lin')
  const pane = page.getByTestId('lesson-pane')
  await pane.getByTestId('lesson-memory-lane-basics-memory-leaks').click()
  // the step's own heading ("## Forgetting to free"), at the top of its text
  const title = pane.locator('.prose').locator('h1, h2, h3').first()
  for (let step = 2; step <= 4; step++) {
    // the click scrolls the pane down to the button, under the step's checkpoints
    await pane.getByTestId('step-next').click()
    await expect(pane.getByTestId('step-position')).toHaveText(`Step ${step} of 6`)
    await expect(pane.getByTestId('step-position')).toBeInViewport()
    await expect(title).toBeInViewport()
  }
})

test('a keyboard learner keeps the focus: opening a lesson, its last step, and back to the list', async ({
  app
}) => {
  const { page } = app
  await becomeLearner(page, 'Tove')
  // the learner's own program, which the lesson borrows the editor from
  const own = 'int main(void) {\n  int mine = 42;\n  return mine;\n}\n'
  await typeProgram(page, own)
  const pane = page.getByTestId('lesson-pane')
  const entry = pane.getByTestId('lesson-memory-lane-basics-memory-leaks')
  await entry.focus()
  await page.keyboard.press('Enter')
  // the list's button is gone: the focus is on the lesson's title (it fell to the page)
  const title = pane.locator('.lesson-title')
  await expect(title).toBeFocused()
  await expect(pane.getByTestId('step-position')).toHaveText('Step 1 of 6')
  const next = pane.getByTestId('step-next')
  await next.focus()
  for (let step = 2; step <= 5; step++) {
    await page.keyboard.press('Enter')
    await expect(pane.getByTestId('step-position')).toHaveText(`Step ${step} of 6`)
    await expect(next).toBeFocused()
  }
  // the last step disables Next, which had the focus: the focus goes to the title
  await page.keyboard.press('Enter')
  await expect(pane.getByTestId('step-position')).toHaveText('Step 6 of 6')
  await expect(next).toBeDisabled()
  await expect(title).toBeFocused()
  // back to the list: the focus is on the lesson just left
  await pane.getByTestId('lesson-back').focus()
  await page.keyboard.press('Enter')
  await expect(entry).toBeFocused()
  // and the learner's own program is in the editor again (the lesson's stayed there)
  await expect(page.locator('.cm-content')).toHaveText(own.split('\n').join(''))
})

test('the last hint and the answer, asked for by keyboard, take the focus from their buttons', async ({
  app
}, testInfo) => {
  const { page } = app
  // a learner of their own, who starts the lesson at step 1 (also when the test is repeated)
  await becomeLearner(page, `Ines ${testInfo.repeatEachIndex + 1}`)
  const pane = page.getByTestId('lesson-pane')
  await pane.getByTestId('lesson-memory-lane-basics-heap-growth').click()
  for (const step of [2, 3]) {
    await pane.getByTestId('step-next').click()
    await expect(pane.getByTestId('step-position')).toHaveText(`Step ${step} of 6`)
  }
  // "How large is the heap after the four malloc(60000) calls?", one hint, on the run the step
  // stops at line 13; a wrong answer first
  await expect(page.getByTestId('step-counter')).toContainText('Step 13 of')
  const answer = pane.getByTestId('answer-four-more')
  await answer.fill('5')
  await answer.press('Enter')
  await expect(pane.getByTestId('verdict-four-more')).toContainText('Not quite')
  // the last hint: its button goes, and the focus is on the hint (it fell to the page)
  const hints = pane.getByTestId('hint-button-four-more')
  await hints.focus()
  await page.keyboard.press('Enter')
  await expect(hints).toHaveCount(0)
  await expect(pane.getByTestId('hint-four-more-0')).toBeFocused()
  // the answer: its button goes, and the focus is on the answer
  await pane.getByTestId('reveal-four-more').focus()
  await page.keyboard.press('Enter')
  await expect(pane.getByTestId('reveal-four-more')).toHaveCount(0)
  await expect(pane.getByTestId('revealed-four-more')).toBeFocused()
  await expect(pane.getByTestId('revealed-four-more')).toContainText('The answer is')
})

test("an imported pack's answer shows where the instructor looks, its title in their language", async ({
  app
}) => {
  const { page } = app
  await page.setViewportSize({ width: 1024, height: 640 })
  await page.getByTestId('language').selectOption('zh-CN')
  // (another learner than the test before's Lin: one name is one learner)
  await becomeLearner(page, 'Mei')
  const pane = page.getByTestId('lesson-pane')
  // under the eight built-in lessons, the import button is below the pane's fold
  await pane.getByTestId('pack-file').setInputFiles(samplePack)
  const confirm = pane.getByTestId('pack-confirm')
  const message = pane.getByTestId('pack-message')
  await expect(confirm.or(message)).toBeInViewport()
  if (await confirm.isVisible()) await pane.getByTestId('pack-replace').click()
  // pack.yaml's title: { en: Sample pack, zh-CN: 示例课程包 }
  await expect(message).toContainText(/(已导入|替换)“示例课程包”/)
  await expect(message).toBeInViewport()
  await screenshot(page, 'pack-imported-zh-CN-1024')
})
