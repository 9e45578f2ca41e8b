/**
 * Runaway programs typed into the editor, each of the five kinds a learner writes by mistake:
 * a loop that never ends, a recursion that never ends, malloc in a loop without bound, printf
 * in a loop (an output flood) and a program that reads its input forever (given no standard
 * input, every read says end-of-file). For each: the page keeps answering while the
 * program runs, the run stops with a sentence saying why, and the learner's program is still in
 * the editor, character for character.
 */
import type { Page } from '@playwright/test'
import { expect, screenshot, test, typeProgram } from './fixtures'
import { E2E_TIME_BUDGET_MS } from './server-address'

interface Runaway {
  name: string
  source: string
  /** What the learner reads when the run stops (the run notice or the exit explanation). */
  says: RegExp
}

const stepBudget =
  /stopped after 10,000,000 steps \(the step budget\); it may be in an endless loop/
/** The worker ends a program still running at the time budget itself, and keeps the run. */
const timeBudget = new RegExp(
  `stopped after running for ${E2E_TIME_BUDGET_MS / 1000} seconds, at step [\\d,]+; it may be in an endless loop`
)
/**
 * Whichever budget runs out first: on a loaded machine ten million steps take longer than the
 * time budget (reading input forever reached step 7,753,728 in 10 s at load 20).
 */
const eitherBudget = new RegExp(`${stepBudget.source}|${timeBudget.source}`)

const runaways: Runaway[] = [
  {
    name: 'an endless loop',
    source: 'int main(void) {\n  long n = 0;\n  while (1) {\n    n++;\n  }\n  return 0;\n}\n',
    says: eitherBudget
  },
  {
    name: 'an endless recursion',
    source:
      'int depth(int d) {\n  return depth(d + 1) + 1;\n}\n\nint main(void) {\n  return depth(0);\n}\n',
    // The simulated 8 MiB stack overflows, as it would on Linux.
    says: /Stack overflow: calling depth at depth [\d,]+ needs its frame/
  },
  {
    name: 'malloc in a loop without bound',
    source:
      '#include <stdlib.h>\nint main(void) {\n  while (1) {\n    char *p = malloc(4096);\n    p[0] = 1;\n  }\n}\n',
    // Each block's page is written: the simulated memory limit (128 MiB by default) ends it
    // long before the step budget, at line 4 (malloc writes the new top chunk's header on the
    // next page; p[0] lands on the page the last header already made); on a machine slow
    // enough, the time budget first.
    says: new RegExp(
      `The program had written 128 MiB of memory by line 4, the most a run may use here, so it was stopped \\(SIGKILL\\)|${timeBudget.source}`
    )
  },
  {
    name: 'printf in a loop',
    source:
      '#include <stdio.h>\nint main(void) {\n  for (long i = 0; ; i++)\n    printf("line %ld of a flood\\n", i);\n}\n',
    says: eitherBudget
  },
  {
    name: 'reading input forever',
    source:
      '#include <stdio.h>\nint main(void) {\n  long n = 0;\n  for (;;)\n    if (getchar() == EOF)\n      n++;\n}\n',
    says: eitherBudget
  }
]

/** The editor's text, as the learner sees it. */
async function editorText(page: Page): Promise<string> {
  return page.locator('.cm-content').evaluate((element) =>
    Array.from(element.querySelectorAll('.cm-line'))
      .map((line) => line.textContent ?? '')
      .join('\n')
  )
}

for (const runaway of runaways)
  test(`${runaway.name}: the page answers, the run stops with a reason, the program is kept`, async ({
    app
  }) => {
    test.setTimeout(E2E_TIME_BUDGET_MS * 8)
    const { page } = app
    await typeProgram(page, runaway.source)
    await page.getByTestId('speed').selectOption({ label: 'To the end' })
    await page.getByTestId('run').click()
    // While the worker runs the program, the page's own thread is free: a round trip through
    // it and a change of language both happen at once.
    const before = Date.now()
    await page.evaluate(() => 1)
    await page.getByTestId('language').selectOption('zh-CN')
    await page.getByTestId('language').selectOption('en')
    expect(Date.now() - before).toBeLessThan(5_000)
    const said = page.getByTestId('run-notice').or(page.getByTestId('exit-explanation'))
    await expect(said.first()).toHaveText(runaway.says, { timeout: E2E_TIME_BUDGET_MS * 5 })
    expect(await editorText(page)).toBe(runaway.source)
    await screenshot(page, `runaway-${runaway.name.replace(/\W+/g, '-')}`)
  })
