import type { Locator } from '@playwright/test'
import { expect, screenshot, test } from './fixtures'

/**
 * OSTEP's free-space homework (chapter 17, vm-freespace/malloc.py) as a learner does it in the
 * app: the homework's parameters, the operations with question marks, then the answers. Every
 * expected line is what malloc.py itself printed with -c (python3, the upstream file), for the
 * README's first questions: `-n 10 -H 0 -p BEST -s 0`, then `-p WORST`, and an op list with and
 * without -C.
 */

/** The cells of one row of the operations table. */
function row(table: Locator, index: number): Locator {
  return table.locator('tbody tr').nth(index).locator('td')
}

test('the malloc.py homework: questions first, then the answers malloc.py -c gives', async ({
  app
}) => {
  const { page } = app
  await page.getByTestId('free-space-open').click()
  const dialog = page.getByTestId('free-space-dialog')
  await expect(dialog).toBeVisible()
  const table = dialog.getByTestId('free-space-table')

  // malloc.py's defaults are the README's first run: -n 10 -H 0 -p BEST -s 0.
  await expect(table.locator('tbody tr')).toHaveCount(10)
  await expect(row(table, 0)).toHaveText(['ptr[0] = Alloc(3)', '?', '?', '?'])
  await expect(row(table, 1)).toHaveText(['Free(ptr[0])', '?', '', '?'])

  await dialog.getByTestId('free-space-answers').check()
  await expect(row(table, 0)).toHaveText(['ptr[0] = Alloc(3)', '1000', '1', '[ addr:1003 sz:97 ]'])
  await expect(row(table, 1)).toHaveText([
    'Free(ptr[0])',
    '0',
    '',
    '[ addr:1000 sz:3 ][ addr:1003 sz:97 ]'
  ])
  await expect(row(table, 9)).toHaveText([
    'ptr[5] = Alloc(7)',
    '1008',
    '4',
    '[ addr:1002 sz:1 ][ addr:1003 sz:5 ][ addr:1015 sz:1 ][ addr:1016 sz:84 ]'
  ])
  await expect(dialog.getByTestId('free-space-text')).toContainText(
    'ptr[5] = Alloc(7) returned 1008 (searched 4 elements)\n' +
      'Free List [ Size 4 ]: [ addr:1002 sz:1 ][ addr:1003 sz:5 ][ addr:1015 sz:1 ][ addr:1016 sz:84 ]'
  )
  await screenshot(page, 'free-space-best')

  // -p WORST: the same ops, each from the largest chunk.
  await dialog.getByTestId('free-space-policy').selectOption('WORST')
  await expect(row(table, 9)).toHaveText([
    'ptr[5] = Alloc(7)',
    '1026',
    '5',
    '[ addr:1000 sz:3 ][ addr:1003 sz:5 ][ addr:1008 sz:8 ][ addr:1016 sz:8 ][ addr:1033 sz:67 ]'
  ])

  // An op list (-A), first fit, address order: without coalescing Alloc(45) must take the
  // 50-byte chunk at the end; with -C the freed 20 + 30 + 50 bytes are one chunk at 1000.
  await dialog.getByTestId('free-space-policy').selectOption('FIRST')
  await dialog.getByTestId('free-space-ops').fill('+20,+30,-0,-1,+45')
  await expect(dialog.getByTestId('free-space-seed')).toBeDisabled()
  await expect(table.locator('tbody tr')).toHaveCount(5)
  await expect(row(table, 4)).toHaveText([
    'ptr[2] = Alloc(45)',
    '1050',
    '3',
    '[ addr:1000 sz:20 ][ addr:1020 sz:30 ][ addr:1095 sz:5 ]'
  ])
  await dialog.getByTestId('free-space-coalesce').check()
  await expect(row(table, 3)).toHaveText(['Free(ptr[1])', '0', '', '[ addr:1000 sz:100 ]'])
  await expect(row(table, 4)).toHaveText(['ptr[2] = Alloc(45)', '1000', '1', '[ addr:1045 sz:55 ]'])
  await screenshot(page, 'free-space-coalesce')

  await dialog.getByTestId('free-space-close').click()
  await expect(dialog).toBeHidden()
})

test('a bad op list is said in the learner’s language, where it is wrong', async ({ app }) => {
  const { page } = app
  await page.getByTestId('language').selectOption('zh-CN')
  await page.getByTestId('free-space-open').click()
  const dialog = page.getByTestId('free-space-dialog')
  await expect(dialog.getByRole('heading')).toHaveText('空闲空间管理：OSTEP 的 malloc.py 作业')
  await dialog.getByTestId('free-space-ops').fill('+10,-3')
  // app.simulator.ostep.freeBeforeAllocOne in zh-CN: op 2 frees ptr[3] after one alloc.
  await expect(dialog.getByTestId('free-space-problem')).toHaveText(
    '操作列表的第 2 项 "-3" 释放 ptr[3]，但它之前只有 1 次分配（从 0 编号）。'
  )
  await expect(dialog.getByTestId('free-space-table')).toHaveCount(0)
  await screenshot(page, 'free-space-problem-zh')

  // A mistyped -n is refused, not computed on the page's thread until the app freezes.
  await dialog.getByTestId('free-space-ops').fill('')
  await dialog.getByTestId('free-space-count').fill('100000000')
  await expect(dialog.getByTestId('free-space-problem')).toHaveText(
    '-n 要求 100,000,000 个随机操作；应用中最多列出 10,000 个。需要更多时，请在命令行运行 memory-lane heap replay -n 100000000。'
  )
  await dialog.getByTestId('free-space-count').fill('20')
  await expect(dialog.getByTestId('free-space-table').locator('tbody tr')).toHaveCount(20)
})
