/**
 * Scrubbing a big heap in the app, as a learner does it: the browser edition (the built server
 * in out/, started here) in Debian's Chromium, a program that leaves BLOCKS blocks on the heap,
 * run to the end, then the time-travel scrubber driven from the keyboard. Prints, per key press,
 * the time from the key to the first frame painted with the step it asked for, the size of the
 * answer that came over the WebSocket, and when it arrived.
 *
 *   npx electron-vite build && npx tsx tools/probes/scrub-app.ts [BLOCKS] [--screens DIR]
 *
 * Holding a key: ArrowLeft pressed every 33 ms (a keyboard's auto-repeat) 30 times; what matters
 * is the frames painted while it is held and the time from the last press to its step.
 *
 * --until-limit: instead, the runaway a learner writes, malloc(4096) in a loop until the
 * simulated memory limit (or the time budget) ends it: a quarter of a million blocks.
 */
import { chromium, type Page } from '@playwright/test'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const BLOCKS = Number(process.argv[2] ?? 20_000)
const screensAt = process.argv.indexOf('--screens')
const SCREENS = screensAt > 0 ? process.argv[screensAt + 1] : undefined
const PORT = 4870 + Math.floor(Math.random() * 100)

const UNTIL_LIMIT = `#include <stdlib.h>
int main(void) {
  while (1) {
    char *p = malloc(4096);
    p[0] = 1;
  }
}
`

const PROGRAM = process.argv.includes('--until-limit')
  ? UNTIL_LIMIT
  : `#include <stdlib.h>
char *blocks[${BLOCKS}];
int main(void) {
  for (int i = 0; i < ${BLOCKS}; i++)
    blocks[i] = malloc(16 + i % 48);
  for (int i = 0; i < ${BLOCKS}; i += 4)
    free(blocks[i]);
  return 0;
}
`

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'scrub-app-'))
  const tokenFile = join(dir, 'url')
  const server = spawn(
    process.execPath,
    [
      join(process.env.SCRUB_ROOT ?? '.', 'out/main/browser-edition.js'),
      '--port',
      String(PORT),
      '--token-file',
      tokenFile
    ],
    { stdio: 'ignore', env: { ...process.env, MEMORY_LANE_DATA_DIR: dir } }
  )
  for (let i = 0; i < 300 && !existsSync(tokenFile); i++)
    await new Promise((r) => setTimeout(r, 100))
  await new Promise((r) => setTimeout(r, 200))
  return { url: readFileSync(tokenFile, 'utf8').trim(), stop: () => server.kill() }
}

/** Waits in the page for the step counter to read `step`, then for the next painted frame. */
async function keyToFrame(page: Page, key: string, step: number): Promise<number> {
  await page.evaluate(
    ({ step }) => {
      const w = window as unknown as { __done?: Promise<number> }
      const start = performance.now()
      ;(window as unknown as { __start: number }).__start = start
      w.__done = new Promise<number>((resolve) => {
        const check = (): void => {
          const slider = document.querySelector('[role="slider"]')
          const shown = document.querySelector('.memory-pane .pane-header .step')?.textContent ?? ''
          const digits = /\d+/.exec(shown.replace(/[,\s]/g, ''))?.[0]
          if (performance.now() - start > 60_000) resolve(-1)
          else if (slider && Number(digits) === step)
            requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)))
          else requestAnimationFrame(check)
        }
        check()
      })
    },
    { step }
  )
  await page.keyboard.press(key)
  return page.evaluate(() => (window as unknown as { __done: Promise<number> }).__done)
}

async function main(): Promise<void> {
  const { url, stop } = await startServer()
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu']
  })
  try {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 800 },
      colorScheme: process.argv.includes('--dark') ? 'dark' : 'light'
    })
    // tsx names the page functions below with a helper the page does not have
    await page.addInitScript('window.__name = (f) => f')
    // When a big answer's JSON is parsed: the split of key-to-frame into server + network,
    // parsing, and the page's own work after it (store, Vue, layout, drawing).
    await page.addInitScript(`{
      const parse = JSON.parse
      window.__parses = []
      JSON.parse = function (text, reviver) {
        const start = performance.now()
        const value = parse.call(JSON, text, reviver)
        if (text.length > 100000) window.__parses.push([start, performance.now()])
        return value
      }
    }`)
    const frames: Array<{ at: number; bytes: number }> = []
    page.on('websocket', (ws) =>
      ws.on('framereceived', (f) => frames.push({ at: Date.now(), bytes: f.payload.length }))
    )
    await page.goto(url)
    await page.getByTestId('edition').waitFor()
    if (process.argv.includes('--zh')) await page.getByTestId('language').selectOption('zh-CN')
    const editor = page.locator('.cm-content')
    await editor.click()
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.press('Delete')
    await page.keyboard.insertText(PROGRAM)
    await page.getByTestId('speed').selectOption({ index: 4 })
    const ran = Date.now()
    await page.getByTestId('run').click()
    await page.getByTestId('exit-status').waitFor({ timeout: 120_000 })
    console.log(
      `run to the end: ${Date.now() - ran} ms; ${await page.getByTestId('step-counter').textContent()}; ${await page.getByTestId('exit-status').textContent()}`
    )
    const slider = page.locator('.memory-pane [role="slider"]')
    const last = Number(await slider.getAttribute('aria-valuemax'))
    await slider.focus()
    const look = `${process.argv.includes('--zh') ? 'zh' : 'en'}-${process.argv.includes('--dark') ? 'dark' : 'light'}`
    if (SCREENS) await page.screenshot({ path: join(SCREENS, `scrub-${BLOCKS}-${look}-end.png`) })
    if (process.argv.includes('--no-markers'))
      await page.addStyleTag({ content: '.memory-pane .marker { display: none !important }' })
    if (process.argv.includes('--flat-markers'))
      await page.addStyleTag({
        content: '.memory-pane .marker { transform: none !important; margin-left: -5px }'
      })
    let at = last
    const times: number[] = []
    for (let i = 0; i < 6; i++) {
      frames.length = 0
      const before = Date.now()
      at -= 100
      await page.evaluate(() => ((window as unknown as { __parses: unknown[] }).__parses = []))
      const ms = await keyToFrame(page, 'PageDown', at)
      const split = await page.evaluate(() => {
        const w = window as unknown as { __parses: Array<[number, number]>; __start: number }
        const last = w.__parses[w.__parses.length - 1]
        return last ? [last[0] - w.__start, last[1] - last[0]] : [-1, -1]
      })
      const answer = frames.reduce((a, f) => a + f.bytes, 0)
      times.push(ms)
      console.log(
        `PageDown to step ${at}: key to frame ${ms.toFixed(0)} ms (until parsing ${split[0].toFixed(0)}, parsing ${split[1].toFixed(0)}, after it ${(ms - split[0] - split[1]).toFixed(0)}); answer ${(answer / 1e6).toFixed(2)} MB arrived after ${frames.length ? frames[frames.length - 1].at - before : -1} ms`
      )
    }
    if (SCREENS)
      await page.screenshot({ path: join(SCREENS, `scrub-${BLOCKS}-${look}-jumped.png`) })
    if (process.argv.includes('--trace')) {
      // The page's main thread on one more jump, by trace event (self time of complete events).
      const path = join(tmpdir(), `scrub-trace-${PORT}.json`)
      await browser.startTracing(page, {
        path,
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink']
      })
      at -= 100
      console.log(`traced PageDown: ${(await keyToFrame(page, 'PageDown', at)).toFixed(0)} ms`)
      await browser.stopTracing()
      const events = (
        JSON.parse(readFileSync(path, 'utf8')) as {
          traceEvents: Array<{ name: string; ph: string; dur?: number; tid: number; pid: number }>
        }
      ).traceEvents
      const main = events.find(
        (e) =>
          e.name === 'thread_name' &&
          (e as never as { args: { name: string } }).args.name === 'CrRendererMain'
      )
      const total = new Map<string, number>()
      for (const e of events)
        if (main && e.tid === main.tid && e.pid === main.pid && e.ph === 'X' && e.dur)
          total.set(e.name, (total.get(e.name) ?? 0) + e.dur / 1000)
      for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 25))
        console.log(`  ${v.toFixed(1).padStart(8)} ms  ${k}`)
    }
    if (process.argv.includes('--profile')) {
      // The page's own time on one more jump, by function (self time), from the DevTools profiler.
      const cdp = await page.context().newCDPSession(page)
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
      await cdp.send('Profiler.start')
      at -= 100
      console.log(`profiled PageDown: ${(await keyToFrame(page, 'PageDown', at)).toFixed(0)} ms`)
      const { profile } = await cdp.send('Profiler.stop')
      const self = new Map<string, number>()
      const byId = new Map(profile.nodes.map((n) => [n.id, n]))
      const dt = profile.timeDeltas ?? []
      ;(profile.samples ?? []).forEach((id, i) => {
        const n = byId.get(id)!
        const f = n.callFrame
        const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`
        self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000)
      })
      for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
        console.log(`  ${v.toFixed(1).padStart(8)} ms  ${k}`)
    }
    // Holding ArrowLeft: 30 presses 33 ms apart.
    frames.length = 0
    await page.evaluate(() => {
      const w = window as unknown as { __painted: number[]; __stop: boolean }
      w.__painted = []
      w.__stop = false
      let previous = ''
      const tick = (): void => {
        const shown = document.querySelector('.memory-pane .pane-header .step')?.textContent ?? ''
        if (shown !== previous) w.__painted.push(performance.now())
        previous = shown
        if (!w.__stop) requestAnimationFrame(tick)
      }
      tick()
    })
    const held = await page.evaluate(() => performance.now())
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('ArrowLeft')
      await new Promise((r) => setTimeout(r, 33))
    }
    const released = await page.evaluate(() => performance.now())
    at -= 30
    const tail = await keyToFrame(page, 'ArrowLeft', at - 1)
    const painted = await page.evaluate(() => {
      const w = window as unknown as { __painted: number[]; __stop: boolean }
      w.__stop = true
      return w.__painted
    })
    const gaps = painted.slice(1).map((t, i) => t - painted[i])
    console.log(
      `held ArrowLeft 30 presses over ${(released - held).toFixed(0)} ms: ${painted.length - 1} new steps painted; longest gap between them ${gaps.length ? Math.max(...gaps).toFixed(0) : '-'} ms; one more press after release: ${tail.toFixed(0)} ms to its frame; ${frames.length} WebSocket frames, ${(frames.reduce((a, f) => a + f.bytes, 0) / 1e6).toFixed(1)} MB`
    )
    times.sort((a, b) => a - b)
    console.log(
      `PageDown key to frame: median ${times[times.length >> 1].toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms`
    )
  } finally {
    await browser.close()
    stop()
  }
}

void main()
