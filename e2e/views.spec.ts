/**
 * The memory views in the browser edition, driven like a learner: run a program to the end,
 * then travel back and forth with the scrubber and check what each view shows at each step.
 * Screenshots of every view go to test-results/screenshots/ (CI artifacts); axe-core must find
 * nothing wrong with the pane.
 */
import AxeBuilder from './axe'
import { expect, runToEnd, screenshot, test, typeProgram, VIEWS_PROGRAM } from './fixtures'

// the smallest window the app promises to lay out without overlap
test.use({ bypassCSP: true, viewport: { width: 1280, height: 720 } })

test('the memory views follow the run forwards and backwards', async ({ app }) => {
  const { page } = app
  await runToEnd(page, VIEWS_PROGRAM)

  const pane = page.locator('.memory-pane')
  await expect(pane).toBeVisible()
  const scrubber = pane.getByRole('slider')
  const last = Number(await scrubber.getAttribute('aria-valuemax'))
  expect(last).toBeGreaterThan(3)
  // One step before the end main has not returned yet: its locals are still there.
  await scrubber.focus()
  await page.keyboard.press('End')
  await page.keyboard.press('ArrowLeft')
  await expect(scrubber).toHaveAttribute('aria-valuenow', String(last - 1))

  // a's block is allocated (line 3), b's block was freed (line 5).
  await pane.getByRole('tab', { name: 'Heap' }).click()
  const heap = pane.locator('.heap-view')
  await heap.locator('details.as-table summary').click()
  const blocks = heap.locator('.block-list li')
  await expect(blocks.filter({ hasText: 'allocated at line 3' })).toHaveCount(1)
  await expect(heap.locator('.block-list')).toContainText('freed at line 5')
  await screenshot(page, 'views-heap-end')

  // Pointers: b dangles, none is NULL, a is valid.
  await pane.getByRole('tab', { name: 'Pointers' }).click()
  const pointers = pane.locator('.pointer-view')
  await expect(pointers.locator('.sentences li.kind-freed')).toContainText('main: b at 0x')
  await expect(pointers.locator('.sentences li.kind-null')).toContainText('main: none at 0x')
  await expect(pointers.locator('.sentences li.kind-heap')).toContainText('main: a at 0x')
  await screenshot(page, 'views-pointers-end')

  // Stack: main's frame with its locals, and the registers.
  await pane.getByRole('tab', { name: 'Stack' }).click()
  const stack = pane.locator('.stack-view')
  await expect(stack.locator('.registers')).toContainText('%rsp = 0x7fff')
  await expect(stack.locator('li.frame')).toHaveCount(1)
  await expect(stack.locator('li.frame').first()).toHaveAttribute('aria-label', /Frame of main/)
  await screenshot(page, 'views-stack-end')

  // Back to the start with the scrubber: nothing allocated yet.
  await scrubber.focus()
  await page.keyboard.press('Home')
  await expect(scrubber).toHaveAttribute('aria-valuenow', '0')
  await pane.getByRole('tab', { name: 'Heap' }).click()
  await expect(heap).toContainText('The heap is empty')
  await screenshot(page, 'views-heap-start')

  // Forward one step at a time until the first block appears, then one step back hides it.
  // The scrubber shows the step asked for at once; the step counter, the step whose state has
  // arrived: the heap is looked at only then, or a slow answer makes the loop step past the
  // first malloc.
  const counter = page.getByTestId('step-counter')
  let step = 0
  while (step < last && (await heap.locator('.summary').count()) === 0) {
    await scrubber.focus()
    await page.keyboard.press('ArrowRight')
    step += 1
    await expect(scrubber).toHaveAttribute('aria-valuenow', String(step))
    await expect(counter).toContainText(`Step ${step.toLocaleString('en-US')} of`)
  }
  await expect(heap.locator('.summary')).toBeVisible()
  await scrubber.focus()
  await page.keyboard.press('ArrowLeft')
  await expect(scrubber).toHaveAttribute('aria-valuenow', String(step - 1))
  await expect(counter).toContainText(`Step ${(step - 1).toLocaleString('en-US')} of`)
  await expect(heap).toContainText('The heap is empty')

  // The map shows the program break (a tab of its own when the pane is narrow).
  await page.keyboard.press('End')
  await expect(scrubber).toHaveAttribute('aria-valuenow', String(last))
  const mapTab = pane.getByRole('tab', { name: 'Address space' })
  if ((await mapTab.count()) > 0) await mapTab.click()
  await expect(pane.locator('.address-map .note')).toContainText('program break: 0x')
  await expect(pane.locator('.address-map g[data-kind="heap"]')).toHaveAttribute(
    'aria-label',
    /^heap: 0x[0-9a-f]+ to 0x[0-9a-f]+/
  )
  await screenshot(page, 'views-map-end')
  // The byte inspector reads memory through the run session.
  await pane.getByRole('tab', { name: 'Bytes' }).click()
  await expect(pane.locator('.byte-inspector tbody tr').first()).toBeVisible()
  await screenshot(page, 'views-bytes-end')
  await pane.getByRole('tab', { name: 'Charts' }).click()
  await expect(pane.locator('.charts-view .summary')).toContainText(`At step ${last}`)
  await screenshot(page, 'views-charts-end')

  // The same views in Simplified Chinese.
  await page.getByTestId('language').selectOption('zh-CN')
  await pane.getByRole('tab', { name: '堆' }).click()
  await expect(pane.locator('.heap-view h3')).toHaveText('堆块')
  await screenshot(page, 'views-heap-zh')
  // The charts' legends are uPlot's own DOM, whose stylesheet asks for system-ui: they must be
  // in the page's bundled faces, or Chinese series names are empty boxes where no system font
  // has Chinese.
  await pane.getByRole('tab', { name: '图表' }).click()
  const legend = pane.locator('.charts-view .u-legend').first()
  await expect(legend).toContainText('堆大小')
  expect(await legend.evaluate((e) => getComputedStyle(e).fontFamily)).toMatch(
    /^"Noto Sans", "Noto Sans SC"/
  )
  await screenshot(page, 'views-charts-zh')
  await page.getByTestId('language').selectOption('en')
  await expect(pane.getByRole('tab', { name: 'Heap' })).toBeVisible()

  const results = await new AxeBuilder(page).analyze()
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([])
  expect(app.consoleErrors).toEqual([])
})

test("the pointer view follows a linked list's next pointers through the heap", async ({ app }) => {
  const { page } = app
  // three nodes, each pointing at the one made before it; main returns without freeing them
  await runToEnd(
    page,
    `#include <stdlib.h>
struct node { int value; struct node *next; };
int main(void) {
  struct node *head = NULL;
  for (int i = 0; i < 3; i++) {
    struct node *n = malloc(sizeof *n);
    n->value = i;
    n->next = head;
    head = n;
  }
  return 0;
}
`
  )
  const pane = page.locator('.memory-pane')
  const scrubber = pane.getByRole('slider')
  await scrubber.focus()
  await page.keyboard.press('End')
  await page.keyboard.press('ArrowLeft')
  await pane.getByRole('tab', { name: 'Pointers' }).click()
  // glibc's nodes at 0x5555555592a0, …2c0, …2e0: head is the last; node 0's next is NULL
  await expect(pane.locator('.pointer-view .sentences li')).toContainText([
    'main: head at 0x',
    'the block at 0x5555555592e0 holds at +8 a pointer to block at 0x5555555592c0 (heap)',
    'the block at 0x5555555592c0 holds at +8 a pointer to block at 0x5555555592a0 (heap)'
  ])
  await screenshot(page, 'views-pointers-list')
})

test("the scrubber says the first printf's malloc is the C library's, for stdout's buffer", async ({
  app
}) => {
  const { page } = app
  await runToEnd(
    page,
    `#include <stdio.h>
int main(void) {
  printf("hello\\n");
  return 0;
}
`
  )
  const pane = page.locator('.memory-pane')
  await pane.getByRole('slider').focus()
  await page.keyboard.press('Home')
  await page.keyboard.press('ArrowRight')
  // glibc's first block, marked where the printf has run: the buffer it made stdout malloc
  const said = "stdout's buffer → 0x5555555592a0: the C library's own malloc"
  await expect(pane.locator('.scrubber .labels .now')).toContainText(said)
  await expect(pane.getByRole('slider')).toHaveAttribute('aria-valuetext', new RegExp(said))
  await screenshot(page, 'views-scrubber-stdout-buffer')
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(pane.locator('.scrubber .labels .now')).toContainText(
    'stdout 的缓冲区，位于 0x5555555592a0：C 库在程序第一次输出时自己 malloc 的'
  )
  await screenshot(page, 'views-scrubber-stdout-buffer-zh')
  await page.getByTestId('language').selectOption('en')
})

test('a use after free is marked on the scrubber, and the views still show the heap after it', async ({
  app
}) => {
  const { page } = app
  // p[1] = 42 writes into the freed chunk's tcache link: glibc runs on (gcc 12 + glibc 2.36
  // exit 0), but listing the bin followed the link to 0x2f00000000 and every state after the
  // write failed ("Something went wrong" at "step 0 of 5").
  await runToEnd(
    page,
    `#include <stdlib.h>
int main(void) {
  int *p = malloc(16);
  free(p);
  p[1] = 42;
  return 0;
}
`
  )
  const pane = page.locator('.memory-pane')
  await expect(page.getByTestId('step-counter')).toHaveText('Step 5 of 5')
  await pane.getByRole('slider').focus()
  await page.keyboard.press('Home')
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('step-counter')).toHaveText('Step 3 of 5')
  const said = 'use after free at 0x5555555592a4'
  await expect(pane.locator('.scrubber .labels .now')).toContainText(said)
  await expect(pane.getByRole('slider')).toHaveAttribute('aria-valuetext', `step 3 of 5: ${said}`)
  // The thumb stands on the step's ! mark: it wears the mark itself, so the mark stays in sight.
  const thumb = pane.locator('.scrubber .thumb')
  await expect(thumb).toHaveText('!')
  await page.keyboard.press('ArrowLeft')
  await expect(page.getByTestId('step-counter')).toHaveText('Step 2 of 5')
  await expect(thumb).toHaveText('')
  await page.keyboard.press('ArrowRight')
  await expect(thumb).toHaveText('!')
  // the freed block is still drawn, in glibc's tcache
  await pane.getByRole('tab', { name: 'Heap' }).click()
  await expect(pane.getByText('Heap blocks as a table')).toBeVisible()
  await expect(page.getByTestId('run-notice')).toHaveCount(0)
  await screenshot(page, 'views-scrubber-use-after-free')
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(pane.locator('.scrubber .labels .now')).toContainText('释放后使用 0x5555555592a4')
  await screenshot(page, 'views-scrubber-use-after-free-zh')
  await page.getByTestId('language').selectOption('en')
})

test('on a 1024x640 window the editor keeps its lines and the scrubber its keys for when it has focus', async ({
  app
}) => {
  const { page } = app
  await page.setViewportSize({ width: 1024, height: 640 })
  // 40 leaked blocks from 40 lines: 40 leak reports below the program's output (from one line
  // in a loop they would be one sentence, as a leak checker's loss record)
  await runToEnd(
    page,
    `#include <stdlib.h>
int main(void) {
${'  malloc(24);\n'.repeat(40)}  return 0;
}
`
  )
  await expect(page.getByTestId('misuse-reports').locator('li')).toHaveCount(40)
  // about eight lines of code (12em of 14px), where the reports had left the editor four
  const editor = await page.locator('.code-pane .editor').boundingBox()
  expect(editor?.height).toBeGreaterThanOrEqual(160)
  // the keys' sentence takes no room from the views until the track has the keyboard's focus
  const keys = page.locator('#ml-scrubber-keys')
  await expect(keys).toBeHidden()
  await page.locator('.memory-pane').getByRole('slider').focus()
  await page.keyboard.press('Home')
  await expect(keys).toBeVisible()
  await expect(page.getByTestId('step-counter')).toHaveText(/^Step 0 of /)
  await screenshot(page, 'views-1024-keys')

  // The memory pane's seven tabs (the map among them at this width) on one row, none hidden,
  // in both languages and both colour schemes: a second row pushed the views down a line.
  const tabs = page.locator('.memory-pane [role="tab"]')
  for (const language of ['en', 'zh-CN']) {
    await page.getByTestId('language').selectOption(language)
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      await expect(tabs).toHaveCount(7)
      const boxes = await tabs.evaluateAll((buttons) =>
        buttons.map((b) => {
          const box = b.getBoundingClientRect()
          const row = (b.parentElement as HTMLElement).getBoundingClientRect()
          return { top: box.top, left: box.left, right: box.right, rowRight: row.right }
        })
      )
      for (const box of boxes) {
        expect(box.top).toBe(boxes[0].top)
        expect(box.right).toBeLessThanOrEqual(box.rowRight)
      }
      await screenshot(page, `views-1024-tabs-${language}-${colorScheme}`)
    }
  }
  await page.emulateMedia({ colorScheme: 'light' })
  await page.getByTestId('language').selectOption('en')
})

test("after an endless loop, the memory pane's header keeps one line at 1024 px in both languages", async ({
  app
}) => {
  test.setTimeout(120_000)
  const { page } = app
  await page.setViewportSize({ width: 1024, height: 640 })
  await typeProgram(page, 'int main(void) {\n  long n = 0;\n  while (1)\n    n++;\n}\n')
  await page.getByTestId('speed').selectOption({ label: 'To the end' })
  await page.getByTestId('run').click()
  // the step budget (10,000,000 steps), or on a slow machine the time budget a little before it
  await expect(page.getByTestId('exit-explanation')).toHaveText(
    /stopped after (10,000,000 steps|running for)/,
    { timeout: 60_000 }
  )
  const header = page.locator('.memory-pane .pane-header')
  for (const language of ['en', 'zh-CN']) {
    await page.getByTestId('language').selectOption(language)
    await expect(header.locator('.step')).toHaveText(/\d{1,3}(,\d{3}){2}\D+\d{1,3}(,\d{3}){2}/)
    // one line: every part of the header lies beside the others, none below them, and none
    // spills out of it
    const parts = await header.evaluate((element) => ({
      boxes: Array.from(element.children).map((child) => child.getBoundingClientRect()),
      overflow: element.scrollWidth - element.clientWidth
    }))
    const lowestTop = Math.max(...parts.boxes.map((box) => box.top))
    const highestBottom = Math.min(...parts.boxes.map((box) => box.bottom))
    expect(lowestTop, language).toBeLessThan(highestBottom)
    expect(parts.overflow, language).toBeLessThanOrEqual(0)
    await screenshot(page, `views-1024-endless-header-${language}`)
  }
  await page.getByTestId('language').selectOption('en')
})

test('a NULL dereference after the pool allocator returned NULL says that malloc returned NULL', async ({
  app
}) => {
  const { page } = app
  await typeProgram(
    page,
    '#include <stdlib.h>\nint main(void) {\n  int *p = malloc(100);\n  p[0] = 1;\n  return 0;\n}\n'
  )
  await page.getByTestId('allocator').selectOption('pool')
  await page.getByTestId('speed').selectOption({ label: 'To the end' })
  await page.getByTestId('run').click()
  const explanation = page.getByTestId('exit-explanation')
  // the pool's slots hold 32 bytes: 100 is too many, so malloc gave NULL
  await expect(explanation).toContainText(
    "NULL pointer cannot be dereferenced. The program's last malloc, at line 3, returned NULL"
  )
  await screenshot(page, 'views-pool-null-fault')

  // The run ends at the fault: the thumb stands at the last step wearing its ✖, 13 px wide, and
  // stays inside the track (it stood 6 px past the track's right end), as at step 0.
  const pane = page.locator('.memory-pane')
  const track = pane.getByRole('slider')
  const thumb = pane.locator('.scrubber .thumb')
  await expect(thumb).toHaveText('✖')
  const inside = async (where: string) => {
    const [t, k] = [(await track.boundingBox())!, (await thumb.boundingBox())!]
    expect(k.x, `thumb's left at ${where}`).toBeGreaterThanOrEqual(t.x)
    expect(k.x + k.width, `thumb's right at ${where}`).toBeLessThanOrEqual(t.x + t.width)
  }
  await inside('the last step')
  const last = Number(await track.getAttribute('aria-valuemax'))
  await track.focus()
  await page.keyboard.press('Home')
  await expect(track).toHaveAttribute('aria-valuenow', '0')
  await inside('step 0')
  // a click on the thumb's drawn place at the end goes to the last step, as the thumb says
  const box = (await track.boundingBox())!
  await page.mouse.click(box.x + box.width - 8, box.y + box.height / 2)
  await expect(track).toHaveAttribute('aria-valuenow', String(last))
  await inside('the last step, clicked')
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(explanation).toContainText('程序最后一次调用 malloc（第 3 行）返回了 NULL')
  await screenshot(page, 'views-pool-null-fault-zh')
  await page.getByTestId('language').selectOption('en')
})
