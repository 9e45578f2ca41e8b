/**
 * The built-in curriculum played by a learner, every lesson in English and in Simplified
 * Chinese: a fresh learner picks the language, opens the lesson from the list, reads every step
 * with the next-step button and, at each checkpoint, answers wrongly first (and sees it refused),
 * then rightly (and sees it accepted); each task is checked unedited (refused), then the
 * reference solution is typed into the editor (accepted). The lesson ends marked complete in the
 * progress view. One screenshot per lesson and language goes to test-results/screenshots/.
 *
 * The answers come from curriculum-helpers.ts, worked out from the lesson files and the C engine
 * without looking at the page. Waiting for the page's simulator step counter to show the step
 * that independent run paused at also checks the app paused where the lesson says.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { parse as parseYaml } from 'yaml'
import type { LessonPlan, PlannedCheckpoint } from './curriculum-helpers'
import { becomeLearner, expect, screenshot, test, typeProgram } from './fixtures'

const root = join(import.meta.dirname, '..')
const pack = parseYaml(readFileSync(join(root, 'lessons', 'pack.yaml'), 'utf8')) as {
  id: string
  lessons: string[]
  languages: string[]
}

let answerSheet: Record<string, LessonPlan> | undefined
/** The answer sheet of every lesson, computed once in a tsx child (see curriculum-helpers.ts). */
function planOf(lessonId: string, language: string): LessonPlan {
  if (!answerSheet) {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'e2e', 'curriculum-helpers.ts')],
      { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
    )
    if (child.status !== 0)
      throw new Error(`the answer sheet could not be worked out:\n${child.stderr}`)
    answerSheet = JSON.parse(child.stdout) as Record<string, LessonPlan>
  }
  return answerSheet[`${lessonId}/${language}`]
}

type Messages = Record<string, unknown>
const messageTables = new Map<string, Messages>()
/** The renderer's messages of one feature file in one language. */
function messages(language: string, feature: 'lesson' | 'app'): Messages {
  const key = `${language}/${feature}`
  if (!messageTables.has(key))
    messageTables.set(
      key,
      JSON.parse(
        readFileSync(join(root, 'renderer', 'src', 'locales', language, `${feature}.json`), 'utf8')
      ) as Messages
    )
  return messageTables.get(key)!
}

/** A message by its dotted key, with `{name}` placeholders filled. */
function message(
  table: Messages,
  key: string,
  values: Record<string, string | number> = {}
): string {
  let node: unknown = table
  for (const part of key.split('.')) node = (node as Messages)[part]
  if (typeof node !== 'string') throw new Error(`no message "${key}"`)
  return node.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`))
}

/** Waits until the step has set up its machine and the run is paused at `simulatorStep`. */
async function settled(
  page: Page,
  language: string,
  simulatorStep: number | undefined
): Promise<void> {
  await expect(page.getByTestId('lesson-view')).toHaveAttribute('aria-busy', 'false')
  if (simulatorStep === undefined) return
  const count = new Intl.NumberFormat(language).format(simulatorStep)
  // "Step 12 of 40" / "第 12 步，共 40 步": the part before the total.
  const before = message(messages(language, 'app'), 'run.position', {
    step: count,
    total: '\u0000'
  }).split('\u0000')[0]
  await expect(page.getByTestId('step-counter')).toContainText(before)
  await expect(page.getByTestId('run')).toBeEnabled()
}

/** Answers one checkpoint wrongly, then rightly. */
async function answer(page: Page, language: string, planned: PlannedCheckpoint): Promise<void> {
  const words = messages(language, 'lesson')
  const { id } = planned
  const card = page.getByTestId(`checkpoint-${id}`)
  const verdict = card.getByTestId(`verdict-${id}`)
  const submit = async (expected: 'incorrect' | 'correct'): Promise<void> => {
    await card.getByTestId(`submit-${id}`).click()
    // A task's check runs the learner's program to its end (half a million steps for the stack
    // overflow lesson), which takes longer than the default wait on a busy 2-core machine.
    await expect(verdict).toContainText(message(words, `checkpoint.${expected}`), {
      timeout: 30_000
    })
  }
  const option = (i: number) => card.getByTestId(`option-${id}-${i}`)
  const typeAnswer = (text: string) => card.getByTestId(`answer-${id}`).fill(text)
  await expect(card).toBeVisible()

  switch (planned.kind) {
    case 'choice': {
      // Radio buttons are picked; checkboxes are set one by one.
      const pick = async (chosen: number[]): Promise<void> => {
        if (!planned.multiple) await option(chosen[0]).check()
        else
          for (let i = 0; i < planned.optionCount; i++)
            await option(i).setChecked(chosen.includes(i))
      }
      await pick(planned.wrong)
      await submit('incorrect')
      if (planned.wrongFeedback) await expect(verdict.locator('.feedback')).toHaveCount(1)
      await pick(planned.right)
      await submit('correct')
      break
    }
    case 'number':
      await typeAnswer(planned.wrong)
      await submit('incorrect')
      await typeAnswer(planned.right)
      await submit('correct')
      break
    case 'predict':
      if (typeof planned.wrong === 'number' && typeof planned.right === 'number') {
        await option(planned.wrong).check()
        await submit('incorrect')
        // The run happened, and the page marks the option that came true.
        await expect(card.locator('label.option').nth(planned.right)).toContainText(
          message(words, 'checkpoint.actual')
        )
        await option(planned.right).check()
      } else {
        await typeAnswer(String(planned.wrong))
        await submit('incorrect')
        await typeAnswer(String(planned.right))
      }
      await submit('correct')
      await settled(page, language, planned.simulatorStep)
      break
    case 'task':
      // The unedited program runs and is not accepted; a hint; then the reference solution.
      await submit('incorrect')
      await card.getByTestId(`hint-button-${id}`).click()
      await expect(card.getByTestId(`hint-${id}-0`)).toBeVisible()
      await typeProgram(page, planned.solution)
      await submit('correct')
      await settled(page, language, planned.simulatorStep)
      break
  }
  // Both answers were recorded: the wrong one and the right one.
  const attempts = message(words, 'checkpoint.attempts', { n: 2 }).split(' | ').at(-1)!
  await expect(card).toContainText(attempts)
}

test.describe.configure({ timeout: 120_000 })

for (const language of pack.languages)
  for (const lessonId of pack.lessons)
    test(`${lessonId} (${language}): every step read, every checkpoint wrong then right, lesson complete`, async ({
      app
    }) => {
      const { page } = app
      const plan = planOf(lessonId, language)
      const words = messages(language, 'lesson')
      const pane = page.getByTestId('lesson-pane')

      await becomeLearner(page, `${lessonId} ${language}`)
      await page.getByTestId('language').selectOption(language)
      const entry = pane.getByTestId(`lesson-${pack.id}-${lessonId}`)
      await expect(entry).toContainText(plan.title)
      await expect(entry).toContainText(message(words, 'library.status.not-started'))
      await entry.click()

      let photographed = false
      for (const step of plan.steps) {
        if (step.index > 0) await pane.getByTestId('step-next').click()
        await expect(pane.getByTestId('step-position')).toHaveText(
          message(words, 'nav.position', { current: step.index + 1, total: plan.steps.length })
        )
        if (step.title)
          await expect(pane.locator('.prose')).toContainText(step.title.replace(/[`*_]/g, ''))
        await settled(page, language, step.simulatorStep)
        // The memory pane shows the view the step asks for first.
        if (step.memoryTab && step.simulatorStep !== undefined)
          await expect(page.getByRole('tab', { selected: true })).toHaveAttribute(
            'id',
            `ml-tab-${step.memoryTab}`
          )
        // Every line of the step's program is in sight: long lines wrap rather than run off the
        // narrow code pane behind a horizontal scrollbar.
        if (step.hasProgram)
          expect(
            await page
              .locator('.cm-scroller')
              .evaluate((scroller) => scroller.scrollWidth - scroller.clientWidth)
          ).toBeLessThanOrEqual(0)
        for (const checkpoint of step.checkpoints) await answer(page, language, checkpoint)
        if (!photographed && step.hasProgram) {
          await screenshot(page, `curriculum-${lessonId}-${language}`)
          photographed = true
        }
      }
      await expect(pane.getByTestId('step-next')).toBeDisabled()

      await pane.getByTestId('progress-open').click()
      const row = message(words, 'progress.lessonRow', {
        title: plan.title,
        status: message(words, 'library.status.passed')
      })
      await expect(
        pane.getByTestId('progress-view').locator('li', { hasText: plan.title })
      ).toHaveText(row)
    })
