import { expect, screenshot, test, typeProgram } from './fixtures'

/**
 * A program that writes to stderr: the output pane shows stderr's text where a terminal shows
 * it (unbuffered, so before the line stdout still holds), in red, with a note saying why.
 */
const PROGRAM = `#include <stdio.h>
#include <stdlib.h>
int main(void) {
  printf("Allocating... ");
  void *p = malloc(1UL << 50);
  if (p == NULL) {
    fprintf(stderr, "error: no memory for %lu bytes\\n", 1UL << 50);
    perror("malloc");
  }
  printf("done\\n");
  return p == NULL ? EXIT_FAILURE : 0;
}
`

test('stderr shows in the output pane beside stdout, in both languages', async ({ app }) => {
  const { page } = app
  await typeProgram(page, PROGRAM)
  await page.getByTestId('speed').selectOption({ label: 'To the end' })
  await page.getByTestId('run').click()
  await expect(page.getByTestId('exit-status')).toHaveText('exited with status 1')
  // "Allocating... " waits in stdout's line buffer while stderr's two lines go out.
  await expect(page.getByTestId('program-output')).toHaveText(
    'error: no memory for 1125899906842624 bytes\nmalloc: Cannot allocate memory\nAllocating... done\n'
  )
  await expect(page.getByTestId('stderr-run')).toHaveCount(1)
  await expect(page.getByTestId('stderr-note')).toContainText('standard error (stderr)')
  await page.getByTestId('program-output').scrollIntoViewIfNeeded()
  await screenshot(page, 'stderr-en')
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(page.getByTestId('stderr-note')).toContainText('标准错误（stderr）')
  await screenshot(page, 'stderr-zh-CN')
  await page.getByTestId('language').selectOption('en')
  expect(app.consoleErrors).toEqual([])
})
