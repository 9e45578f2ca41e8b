import { expect, screenshot, test, typeProgram } from './fixtures'

// A learner's Chinese comment on the line of the mistake: `p` is an `int *`, not a struct pointer.
const PROGRAM =
  'struct node { struct node *next; };\nint main(void) {\n  /* 指针 */ int *p = 0; p->next = 0;\n  return 0;\n}\n'

test('a compile error reads in the interface language, in the output pane and in the editor', async ({
  app
}) => {
  const { page } = app
  await typeProgram(page, PROGRAM)
  await page.getByTestId('step').click()
  const message = page.getByTestId('diagnostics').locator('.message')
  await expect(message).toHaveText('p is an int *, so p->next needs a struct pointer.')
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(message).toHaveText('p 的类型是 int *，所以 p->next 需要一个结构体指针。')
  // The caret stays under `p->next` although 指针 is two wide characters in the line: "3 | " and
  // "  /* " are 4 + 5 narrow cells, 指针 two wide spaces, " */ int *p = 0; " 16 narrow cells.
  const excerpt = await page.getByTestId('diagnostics').locator('.excerpt').textContent()
  expect(excerpt?.split('\n')[1]).toBe(`${' '.repeat(4 + 5)}\u3000\u3000${' '.repeat(16)}^~~~~~~`)
  // The editor's marker says the same sentence when the learner points at it.
  await page.locator('.cm-lintRange-error').hover()
  await expect(page.locator('.cm-tooltip-lint')).toHaveText(
    'p 的类型是 int *，所以 p->next 需要一个结构体指针。'
  )
  await screenshot(page, 'compile-error-zh-CN')
  await page.getByTestId('language').selectOption('en')
  expect(app.consoleErrors).toEqual([])
})
