/**
 * The memory views in the light and the dark system theme, in the browser edition: every view
 * is drawn in the theme's palette (the canvas and charts too), axe-core finds nothing wrong
 * (colour contrast included) in any tab, and the charts take the keyboard (a cursor moved with
 * the arrows, Enter jumps the run there). Screenshots of each view in each theme go to
 * test-results/screenshots/.
 */
import type { Page } from '@playwright/test'
import AxeBuilder from './axe'
import { expect, runToEnd, screenshot, test, VIEWS_PROGRAM, type AppPage } from './fixtures'

/** Relative luminance of a CSS rgb() colour (WCAG). */
function luminance(colour: string): number {
  const [r, g, b] = (colour.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0'])
    .slice(0, 3)
    .map((c) => Number(c) / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ bypassCSP: true, viewport: { width: 1280, height: 720 }, colorScheme: scheme })
    test(`the memory views are readable and keyboard-driven in the ${scheme} theme`, async ({
      app
    }) => {
      await checkViews(app, scheme)
    })
  })
}

async function checkViews(app: AppPage, scheme: 'light' | 'dark'): Promise<void> {
  const { page } = app
  await runToEnd(page, VIEWS_PROGRAM)

  const pane = page.locator('.memory-pane')
  await expect(pane).toBeVisible()
  // the pane's own background and text follow the theme
  const colours = await pane.evaluate((element) => {
    const style = getComputedStyle(element)
    return { background: style.backgroundColor, text: style.color }
  })
  if (scheme === 'dark') {
    expect(luminance(colours.background)).toBeLessThan(0.05)
    expect(luminance(colours.text)).toBeGreaterThan(0.6)
  } else {
    expect(luminance(colours.background)).toBeGreaterThan(0.9)
    expect(luminance(colours.text)).toBeLessThan(0.05)
  }

  const scrubber = pane.getByRole('slider')
  const last = Number(await scrubber.getAttribute('aria-valuemax'))
  await scrubber.focus()
  await page.keyboard.press('End')
  await page.keyboard.press('ArrowLeft')
  await expect(scrubber).toHaveAttribute('aria-valuenow', String(last - 1))

  const violations: string[] = []
  const tabs = ['Heap', 'Stack', 'Pointers', 'Globals', 'Bytes', 'Charts']
  for (const name of tabs) {
    await pane.getByRole('tab', { name }).click()
    await expect(pane.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true')
    await screenshot(page, `views-${scheme}-${name.toLowerCase()}`)
    const results = await new AxeBuilder(page).analyze()
    violations.push(...results.violations.map((v) => `${name}: ${v.id}: ${v.help}`))
  }
  expect(violations).toEqual([])

  // The heap canvas was drawn in the theme's palette: white free space only when light.
  await pane.getByRole('tab', { name: 'Heap' }).click()
  const canvasPixel = await heapCanvasGreys(page)
  if (scheme === 'dark') {
    // no white (255) fill: the free colour is #20252b, the brightest ink #e7e9ec
    expect(canvasPixel.lightest).toBeLessThan(240)
    expect(canvasPixel.darkest).toBeLessThan(60)
  } else {
    // free space is #ffffff, outlines #222222
    expect(canvasPixel.lightest).toBe(255)
    expect(canvasPixel.darkest).toBeLessThan(60)
    // the system turns dark while the app is open: the canvas is drawn again, dark
    await page.emulateMedia({ colorScheme: 'dark' })
    await expect.poll(async () => (await heapCanvasGreys(page)).lightest).toBeLessThan(240)
    await page.emulateMedia({ colorScheme: 'light' })
    await expect.poll(async () => (await heapCanvasGreys(page)).lightest).toBe(255)
  }

  // Charts from the keyboard: focus the heap-size chart, go to its first point, jump there.
  await pane.getByRole('tab', { name: 'Charts' }).click()
  const chart = pane.locator('[data-chart="heap"] .plot')
  await chart.focus()
  await expect(pane.locator('.charts-view .cursor-value')).toContainText('Heap size at step')
  await page.keyboard.press('Home')
  const said = await pane.locator('.charts-view .cursor-value').textContent()
  const first = Number(/at step ([\d,]+):/.exec(said ?? '')?.[1].replace(/,/g, ''))
  // the first sampled point is at the start of the run, before the first malloc
  expect(first).toBeLessThan(last - 1)
  await page.keyboard.press('Enter')
  await expect(scrubber).toHaveAttribute('aria-valuenow', String(first))
  await screenshot(page, `views-${scheme}-charts-keyboard`)

  expect(app.consoleErrors).toEqual([])
}

/** The darkest and lightest opaque pixels of the heap canvas, as grey levels 0..255. */
async function heapCanvasGreys(page: Page): Promise<{ darkest: number; lightest: number }> {
  return page.locator('.memory-pane .heap-view canvas').evaluate((canvas) => {
    const element = canvas as HTMLCanvasElement
    const ctx = element.getContext('2d')!
    // opaque pixels only: the edges of text and lines are partly transparent, and their
    // colour read back un-premultiplied is rounded far off
    const data = ctx.getImageData(0, 0, element.width, element.height).data
    let darkest = 255
    let lightest = 0
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] !== 255) continue
      const grey = (data[i] + data[i + 1] + data[i + 2]) / 3
      darkest = Math.min(darkest, grey)
      lightest = Math.max(lightest, grey)
    }
    return { darkest, lightest }
  })
}
