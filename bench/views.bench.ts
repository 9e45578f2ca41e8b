/**
 * Memory views in headless Chromium, on the gallery page (renderer/gallery.html):
 * - heap redraw: drawing a 10,000-block heap view again (target < 16 ms, one frame);
 * - heap jump: a new 10,000-block state, laid out and drawn;
 * - scrubber jump: the whole pane with every view shown, moved to another state and redrawn
 *   (target < 50 ms).
 * The gallery is built for production first (as the app ships: Vue without its development
 * checks) into .bench-cache/gallery and served with `vite preview`.
 * Needs /usr/bin/chromium (Debian's chromium); says so and stops when it is missing.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { build, preview } from 'vite'

/** What renderer/src/gallery/GalleryApp.vue exposes to the page. */
interface GalleryHooks {
  fixtures: string[]
  redrawHeap: () => number
  jump: (fixture: string) => Promise<number>
}
declare global {
  interface Window {
    __gallery?: GalleryHooks
  }
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

function summary(label: string, samples: number[], target?: number): void {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  // the targets are for nearly every frame, so they are judged at the 95th percentile
  const verdict =
    target === undefined
      ? ''
      : at(0.95) < target
        ? ` (target p95 < ${target} ms: met)`
        : ` (target p95 < ${target} ms: NOT met)`
  console.log(
    `${label}: median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms over ${samples.length} runs${verdict}`
  )
}

export default async function viewsBench(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(
      `skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`
    )
    return
  }
  const configFile = fileURLToPath(
    new URL('../renderer/src/gallery/vite.config.ts', import.meta.url)
  )
  const outDir = fileURLToPath(new URL('../.bench-cache/gallery', import.meta.url))
  await build({
    configFile,
    logLevel: 'error',
    build: {
      outDir,
      emptyOutDir: true,
      rollupOptions: { input: fileURLToPath(new URL('../renderer/gallery.html', import.meta.url)) }
    }
  })
  const server = await preview({
    configFile,
    logLevel: 'error',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1' }
  })
  const base = server.resolvedUrls?.local[0] ?? ''
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking']
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    const open = async (query: string) => {
      await page.goto(`${base}gallery.html?${query}`)
      await page.waitForFunction(() => window.__gallery !== undefined)
      await page.waitForTimeout(300)
    }

    await open('fixture=manyBlocks&view=heap&width=1000')
    const redraws = await page.evaluate(() => {
      const g = window.__gallery!
      for (let i = 0; i < 5; i++) g.redrawHeap() // warm-up
      return Array.from({ length: 60 }, () => g.redrawHeap())
    })
    summary('heap view, 10,000 blocks, redraw', redraws, 16)

    const heapJumps: number[] = []
    for (let i = 0; i < 62; i++) {
      heapJumps.push(
        await page.evaluate(
          (n) => window.__gallery!.jump(n % 2 ? 'manyBlocks' : 'manyBlocksAgain'),
          i
        )
      )
    }
    summary('heap view, 10,000 blocks, new state laid out and drawn', heapJumps.slice(2), 16)

    await open('fixture=threeBlocks&view=all&width=1280&timeline=long')
    const order = ['danglingPointer', 'threeBlocks', 'fragmented', 'leak', 'deepStack', 'emptyHeap']
    const jumps: number[] = []
    for (let i = 0; i < 36; i++) {
      jumps.push(
        await page.evaluate((name) => window.__gallery!.jump(name), order[i % order.length])
      )
    }
    summary('scrubber jump, every view redrawn (small states)', jumps.slice(6), 50)

    const bigJumps: number[] = []
    for (let i = 0; i < 12; i++) {
      bigJumps.push(
        await page.evaluate((n) => window.__gallery!.jump(n % 2 ? 'manyBlocks' : 'threeBlocks'), i)
      )
    }
    summary(
      'scrubber jump, every view redrawn, to and from a 10,000-block heap',
      bigJumps.slice(2),
      50
    )

    // the app's arrangement: the map, the heap tab and the scrubber (other tabs hidden)
    await open('fixture=threeBlocks&view=pane&width=1280&timeline=long')
    const tabbed: number[] = []
    for (let i = 0; i < 36; i++) {
      tabbed.push(
        await page.evaluate((name) => window.__gallery!.jump(name), order[i % order.length])
      )
    }
    summary('scrubber jump, tabbed pane as in the app (small states)', tabbed.slice(6), 50)
  } finally {
    await browser.close()
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
  }
}
