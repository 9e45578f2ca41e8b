/// <reference lib="dom" />
/**
 * The app shell: the browser edition's cold start (from starting the server to the first
 * screen being interactive in headless Chromium) and the size of the built renderer.
 * Targets: interactive in under 1 s; initial JavaScript under 500 KB gzipped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'

const root = fileURLToPath(new URL('..', import.meta.url))
const rendererDir = join(root, 'out', 'renderer')
const RUNS = 5

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`
const gzipped = (path: string): number => gzipSync(readFileSync(path), { level: 9 }).length
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

function ensureBuilt(): void {
  if (
    existsSync(join(rendererDir, 'index.html')) &&
    existsSync(join(root, 'out', 'main', 'browser-edition.js'))
  )
    return
  console.log('building the app first…')
  spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: 'ignore'
    }
  )
}

/** The scripts the page loads before it can run: the entry and its modulepreload links. */
function initialScripts(): string[] {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8')
  const sources = [
    ...html.matchAll(/<script[^>]+src="\.\/([^"]+)"/g),
    ...html.matchAll(/rel="modulepreload"[^>]*href="\.\/([^"]+)"/g)
  ]
  return sources.map((m) => join(rendererDir, m[1]))
}

function sizes(): void {
  const assets = join(rendererDir, 'assets')
  const files = readdirSync(assets)
  const js = files.filter((f) => f.endsWith('.js')).map((f) => join(assets, f))
  const css = files.filter((f) => f.endsWith('.css')).map((f) => join(assets, f))
  const initial = initialScripts()
  const sum = (paths: string[]): number => paths.reduce((total, p) => total + gzipped(p), 0)
  console.log(
    `initial JavaScript (gzipped): ${kb(sum(initial))}  (target < 500 KB; ${initial.length} file(s))`
  )
  console.log(
    `all JavaScript (gzipped):     ${kb(sum(js))}  (${js.length} files; the editor, memory views and lessons load lazily)`
  )
  console.log(`all CSS (gzipped):            ${kb(sum(css))}  (${css.length} files)`)
}

/** CPU time (user + system) a process has used so far, from /proc on Linux. */
function cpuMs(pid: number | undefined): number | null {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return null
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) * 10
}

async function coldStart(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run'
    ]
  })
  const serverReady: number[] = []
  const serverCpu: number[] = []
  const interactive: number[] = []
  const editorReady: number[] = []
  const lessonPaneReady: number[] = []
  const tabOpened: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const tokenFile = join(tmpdir(), `memory-lane-bench-${process.pid}-${run}.url`)
    rmSync(tokenFile, { force: true })
    const started = performance.now()
    const server: ChildProcess = spawn(
      process.execPath,
      [join(root, 'out', 'main', 'browser-edition.js'), '--port', '0', '--token-file', tokenFile],
      {
        stdio: 'ignore',
        env: {
          ...process.env,
          MEMORY_LANE_DATA_DIR: join(tmpdir(), `memory-lane-bench-data-${process.pid}`)
        }
      }
    )
    try {
      while (!existsSync(tokenFile) || readFileSync(tokenFile, 'utf8').trim() === '')
        await new Promise((r) => setTimeout(r, 5))
      serverReady.push(performance.now() - started)
      const cpu = cpuMs(server.pid)
      if (cpu !== null) serverCpu.push(cpu)
      const tabStarted = performance.now()
      const context = await browser.newContext()
      const page = await context.newPage()
      tabOpened.push(performance.now() - tabStarted)
      await page.goto(readFileSync(tokenFile, 'utf8').trim())
      await page.getByTestId('run').waitFor({ state: 'visible' })
      await page.waitForFunction(
        () => !(document.querySelector('[data-testid="run"]') as HTMLButtonElement).disabled
      )
      interactive.push(performance.now() - started)
      await page.locator('.cm-content').waitFor({ state: 'visible' })
      editorReady.push(performance.now() - started)
      // A first start (empty data folder) greets a new learner; later starts list the lessons.
      await page
        .locator('[data-testid="profile-form"], [data-testid="lesson-list"] li')
        .first()
        .waitFor({ state: 'visible' })
      lessonPaneReady.push(performance.now() - started)
      await context.close()
    } finally {
      server.kill('SIGTERM')
      rmSync(tokenFile, { force: true })
    }
  }
  await browser.close()
  const ms = (v: number): string => `${v.toFixed(0)} ms`
  console.log(`cold start, median of ${RUNS} (Chromium already running):`)
  console.log(`  server listening:        ${ms(median(serverReady))}`)
  if (serverCpu.length)
    console.log(
      `  server CPU time to listen: ${ms(median(serverCpu))}  (load-independent; wall times above grow with machine load)`
    )
  console.log(`  first screen interactive: ${ms(median(interactive))}  (target < 1000 ms)`)
  console.log(
    `  of which page load:       ${ms(median(interactive.map((t, i) => t - serverReady[i])))}  (of which opening a browser tab: ${ms(median(tabOpened))})`
  )
  console.log(`  code editor loaded:       ${ms(median(editorReady))}`)
  console.log(
    `  lesson pane ready:        ${ms(median(lessonPaneReady))}  (the welcome form, or the lesson list)`
  )
}

export default async function bench(): Promise<void> {
  ensureBuilt()
  sizes()
  await coldStart()
}
