import { expect, screenshot, test, typeProgram } from './fixtures'

/**
 * A program that reads its input: what the learner types under "Standard input" is what
 * getchar reads (as UTF-8 bytes), and a run given none says why the first read got EOF.
 */
const ECHO = `#include <stdio.h>
int main(void) {
  int c;
  while ((c = getchar()) != EOF) putchar(c);
  return 0;
}
`

test('a program echoing its standard input prints what was typed', async ({ app }) => {
  const { page } = app
  await typeProgram(page, ECHO)
  await page.getByTestId('speed').selectOption({ label: 'To the end' })
  await page.getByTestId('run').click()
  await expect(page.getByTestId('exit-status')).toHaveText('exited with status 0')
  await expect(page.getByTestId('program-output')).toHaveText('')
  await expect(page.getByTestId('stdin-note')).toContainText('it was given none')

  // Collapsed by default; opened, it takes the input, and the next run reads it.
  await expect(page.getByTestId('stdin-text')).toBeHidden()
  await page.getByTestId('stdin').locator('summary').click()
  await page.getByTestId('stdin-text').fill('hello, 世界\nsecond line\n')
  await expect(page.getByTestId('stale')).toBeVisible()
  await expect(page.getByTestId('stdin-note')).toHaveCount(0)
  await page.getByTestId('run').click()
  await expect(page.getByTestId('exit-status')).toHaveText('exited with status 0')
  await expect(page.getByTestId('program-output')).toHaveText('hello, 世界\nsecond line\n')
  await expect(page.getByTestId('stdin-note')).toHaveCount(0)
  await screenshot(page, 'stdin-en')

  await page.getByTestId('stdin-text').fill('')
  await page.getByTestId('run').click()
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(page.getByTestId('stdin-note')).toContainText('标准输入的结尾（EOF）')
  await expect(page.getByTestId('stdin').locator('summary')).toContainText('标准输入')
  await screenshot(page, 'stdin-zh-CN')
  await page.getByTestId('language').selectOption('en')
  expect(app.consoleErrors).toEqual([])
})
