/// <reference lib="dom" />
/**
 * The app shell: the browser edition's cold start (from starting the server to the first
 * screen being interactive in headless Chromium) and the size of the built renderer.
 * Targets: interactive in under 1 s; initial JavaScript under 500 KB gzipped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser } from 'playwright-core'
import WebSocket from 'ws'

const root = fileURLToPath(new URL('..', import.meta.url))
const rendererDir = join(root, 'out', 'renderer')
/** Cold starts per method: wall times on a shared machine vary by tens of percent from run to run. */
const RUNS = 7

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

/** The stylesheets the first screen loads: linked, or preloaded for its lazily loaded panes. */
function initialStyles(): string[] {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8')
  const sources = [
    ...html.matchAll(/rel="stylesheet"[^>]*href="\.\/([^"]+)"/g),
    ...html.matchAll(/rel="preload" as="style"[^>]*href="\.\/([^"]+)"/g)
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
  const firstCss = initialStyles()
  const raw = (paths: string[]): number =>
    paths.reduce((total, p) => total + readFileSync(p).length, 0)
  console.log(
    `initial CSS:                  ${kb(sum(firstCss))} gzipped, ${kb(raw(firstCss))} to parse  (${firstCss.length} file(s))`
  )
  console.log(
    `all CSS (gzipped):            ${kb(sum(css))}  (${css.length} files; the Chinese face's loads when needed)`
  )
}

/** CPU time (user + system) a process has used so far, from /proc on Linux. */
function cpuMs(pid: number | undefined): number | null {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return null
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** What the page records about itself, on its own clock (ms since its navigation started). */
interface PageMarks {
  /** The Run button first in the document and enabled. */
  runShown?: number
  /** A click on Run handled: the app's own click handler has run. */
  runClickHandled?: number
  /** When the browser received that click (the event's time stamp). */
  runClickReceived?: number
  /** CodeMirror's editable content in the document. */
  editor?: number
  /** The lesson pane's first content: the welcome form (first start) or the lesson list. */
  lessonPane?: number
  /** Main-thread tasks over 50 ms before now: [start, duration]. */
  longTasks: [number, number][]
}

/** CPU time (ms) of each of the browser's renderer processes, by process id. */
async function rendererCpu(browser: Browser): Promise<Map<number, number>> {
  const session = await browser.newBrowserCDPSession()
  const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; id: number; cpuTime: number }[]
  }
  await session.detach()
  return new Map(
    processInfo.filter((p) => p.type === 'renderer').map((p) => [p.id, p.cpuTime * 1000])
  )
}

/**
 * Installed before the page's own scripts: notes when the Run button appears and when a click
 * on it has been handled (a listener on the document hears the click after the button's own
 * handler), and every long task.
 */
export function recordMarks(): void {
  const marks: PageMarks = { longTasks: [] }
  Object.assign(window, { __coldStart: marks })
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) marks.longTasks.push([task.startTime, task.duration])
  }).observe({ type: 'longtask', buffered: true })
  document.addEventListener('click', (event) => {
    if (!(event.target as Element | null)?.closest?.('[data-testid="run"]')) return
    marks.runClickHandled ??= performance.now()
    marks.runClickReceived ??= event.timeStamp
  })
  new MutationObserver(() => {
    const run = document.querySelector<HTMLButtonElement>('[data-testid="run"]')
    if (run && !run.disabled) marks.runShown ??= performance.now()
    if (document.querySelector('.cm-content')) marks.editor ??= performance.now()
    if (document.querySelector('[data-testid="profile-form"], [data-testid="lesson-list"] li'))
      marks.lessonPane ??= performance.now()
  }).observe(document, { childList: true, subtree: true, attributes: true })
}

/**
 * Page-side code, inside `new Promise((resolve) => { … })`: resolves with the centre of the
 * enabled Run button as soon as it is on screen (at once, or on the DOM change that shows it).
 */
const RESOLVE_WITH_RUN_CENTRE = `
  const centre = () => {
    const b = document.querySelector('[data-testid="run"]')
    const r = b && !b.disabled ? b.getBoundingClientRect() : null
    return r && r.width ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null
  }
  const now = centre()
  if (now) return resolve(now)
  const observer = new MutationObserver(() => {
    const found = centre()
    if (found) { observer.disconnect(); resolve(found) }
  })
  observer.observe(document, { childList: true, subtree: true, attributes: true })`

/** The built browser edition, started as `memory-lane serve` would be, writing its address to `tokenFile`. */
function startBrowserEdition(tokenFile: string): ChildProcess {
  return spawn(
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
}

/**
 * Stops a server and resolves once its process has exited. A learner starts one server on a
 * machine where no other is winding down: the next cold start must not begin while this one
 * is still shutting down: it went on for 80-560 ms after SIGTERM (80-170 ms of CPU, its
 * simulator worker and sockets closing), taken from the next server's start.
 */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return
  const exited = new Promise((resolve) => server.once('exit', resolve))
  server.kill('SIGTERM')
  const timer = setTimeout(() => server.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

/** CPU time (ms) the browser has used so far, all its processes together (its own UI's included). */
async function browserCpu(send: (method: string) => Promise<unknown>): Promise<number> {
  const { processInfo } = (await send('SystemInfo.getProcessInfo')) as {
    processInfo: { cpuTime: number }[]
  }
  return processInfo.reduce((sum, p) => sum + p.cpuTime * 1000, 0)
}

/**
 * Waits until the browser is idle: less than 10 ms of CPU in 250 ms, all its processes
 * together (at most 5 s). Each cold start opens a new window (a browser context of its own),
 * and Chromium then loads its own omnibox popup page (chrome://omnibox-popup.top-chrome) in a
 * renderer: 650-900 ms of CPU over the next 1-1.8 s, plus ~300 ms in the browser process,
 * measured on this 2-core machine. Started at once, a cold start competed with that on two
 * cores; a learner's browser has its window open already when they follow the link.
 */
async function browserIdle(send: (method: string) => Promise<unknown>): Promise<void> {
  const until = performance.now() + 5000
  let before = await browserCpu(send)
  while (performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    const now = await browserCpu(send)
    if (now - before < 10) return
    before = now
  }
}

/** Resolves once the server has written its address (it does so when it listens). */
async function addressWritten(tokenFile: string): Promise<void> {
  while (!existsSync(tokenFile) || readFileSync(tokenFile, 'utf8').trim() === '')
    await new Promise((r) => setTimeout(r, 5))
}

/**
 * One cold start (exported for A/B runs of two builds side by side): the server is started, a tab opened at the address it prints, and the Run
 * button clicked as soon as it is on screen. "Interactive" is the moment that click has been
 * handled by the app (not merely the button drawn: a click that arrives while the page is busy
 * waits for it). The click goes through Chromium's input pipeline (CDP), as a mouse's does.
 */
export async function coldStartOnce(
  browser: Browser,
  run: number
): Promise<{
  serverReady: number
  serverCpu: number | null
  tabOpened: number
  interactive: number
  pageLoad: number
  runShown: number
  clickWaited: number
  pageBusy: number
  pageCpu: number
  longTasks: number
  editorReady: number
  lessonPaneReady: number
}> {
  const tokenFile = join(tmpdir(), `memory-lane-bench-${process.pid}-${run}.url`)
  rmSync(tokenFile, { force: true })
  // The last cold start's window closing is not charged to this one.
  const browserSession = await browser.newBrowserCDPSession()
  await browserIdle((method) => browserSession.send(method as 'SystemInfo.getProcessInfo'))
  await browserSession.detach()
  // The renderer processes before the tab (asking the browser for them is the bench's own work,
  // so it is done before the clock starts): the tab's is the one that is new afterwards.
  const renderersBefore = await rendererCpu(browser)
  const started = performance.timeOrigin + performance.now()
  const since = (epochMs: number): number => epochMs - started
  const server = startBrowserEdition(tokenFile)
  try {
    await addressWritten(tokenFile)
    const serverReady = since(performance.timeOrigin + performance.now())
    const serverCpu = cpuMs(server.pid)
    const tabStarted = performance.now()
    const context = await browser.newContext()
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Performance.enable')
    await page.addInitScript(recordMarks)
    const tabOpened = performance.now() - tabStarted
    await page.goto(readFileSync(tokenFile, 'utf8').trim(), { waitUntil: 'commit' })
    // One plain evaluation (no helper script) that answers as soon as the enabled Run button is
    // on screen, with its centre; the click is then sent there at once (press and release
    // together, without waiting in between).
    const answer = await cdp.send('Runtime.evaluate', {
      expression: `new Promise((resolve) => {
        ${RESOLVE_WITH_RUN_CENTRE}
      })`,
      awaitPromise: true,
      returnByValue: true
    })
    const { x, y } = answer.result.value as { x: number; y: number }
    const mouse = { x, y, button: 'left' as const, clickCount: 1 }
    await Promise.all([
      cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...mouse }),
      cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...mouse })
    ])
    const metrics = await cdp.send('Performance.getMetrics')
    const renderersAfter = await rendererCpu(browser)
    // The tab's renderer is the one process that was not there before.
    const pageCpu = [...renderersAfter]
      .filter(([id]) => !renderersBefore.has(id))
      .reduce((sum, [, cpu]) => sum + cpu, 0)
    const marks = (await page.evaluate(
      () => (window as unknown as { __coldStart: PageMarks }).__coldStart
    )) as PageMarks
    const origin = (await page.evaluate(() => performance.timeOrigin)) as number
    if (marks.runClickHandled === undefined) throw new Error('the click on Run was not handled')
    // The click did what Run does: the program is compiling (Run disabled) or playing (Pause).
    await page
      .locator('[data-testid="pause"], [data-testid="run"][disabled]')
      .first()
      .waitFor({ state: 'attached' })
    const interactive = since(origin + marks.runClickHandled)
    await page.locator('.cm-content').waitFor({ state: 'attached' })
    const editorMark = (await page.evaluate(
      () => (window as unknown as { __coldStart: PageMarks }).__coldStart.editor ?? 0
    )) as number
    // A first start (empty data folder) greets a new learner; later starts list the lessons.
    await page
      .locator('[data-testid="profile-form"], [data-testid="lesson-list"] li')
      .first()
      .waitFor({ state: 'visible' })
    const lessonPaneMark = (await page.evaluate(
      () =>
        (window as unknown as { __coldStart: PageMarks }).__coldStart.lessonPane ??
        performance.now()
    )) as number
    const lessonPaneReady = since(origin + lessonPaneMark)
    await context.close()
    const metric = (name: string): number =>
      (metrics.metrics.find((m: { name: string }) => m.name === name)?.value ?? 0) * 1000
    return {
      serverReady,
      serverCpu,
      tabOpened,
      interactive,
      pageLoad: marks.runClickHandled,
      runShown: marks.runShown ?? NaN,
      clickWaited: marks.runClickHandled - (marks.runClickReceived ?? NaN),
      pageBusy: metric('TaskDuration'),
      pageCpu,
      longTasks: marks.longTasks
        .filter(([start]) => start < marks.runClickHandled!)
        .reduce((sum, [, duration]) => sum + duration, 0),
      editorReady: since(origin + editorMark),
      lessonPaneReady
    }
  } finally {
    await stopServer(server)
    rmSync(tokenFile, { force: true })
  }
}

/** A DevTools-protocol connection to a Chromium started by the bench, with flat sessions. */
export class DevTools {
  private nextId = 1
  private readonly waiting = new Map<number, (message: CdpMessage) => void>()
  private readonly listeners: ((message: CdpMessage) => void)[] = []
  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as CdpMessage
      if (message.id !== undefined) {
        this.waiting.get(message.id)?.(message)
        this.waiting.delete(message.id)
      } else for (const listener of this.listeners) listener(message)
    })
  }
  static async connect(url: string): Promise<DevTools> {
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 })
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
    return new DevTools(socket)
  }
  send<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string
  ): Promise<T> {
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, (message) =>
        message.error
          ? reject(new Error(`${method}: ${message.error.message}`))
          : resolve(message.result as T)
      )
      this.socket.send(JSON.stringify({ id, method, params, sessionId }))
    })
  }
  /** The next event named `method` that `accept` agrees to. */
  next(method: string, accept: (params: Record<string, unknown>) => boolean = () => true) {
    return new Promise<Record<string, unknown>>((resolve) => {
      const listener = (message: CdpMessage): void => {
        if (message.method !== method || !accept(message.params ?? {})) return
        this.listeners.splice(this.listeners.indexOf(listener), 1)
        resolve(message.params ?? {})
      }
      this.listeners.push(listener)
    })
  }
  /** Calls `listener` with every event named `method` from now on. */
  on(method: string, listener: (params: Record<string, unknown>, sessionId?: string) => void) {
    this.listeners.push((message) => {
      if (message.method === method) listener(message.params ?? {}, message.sessionId)
    })
  }
  close(): void {
    this.socket.close()
  }
}

interface CdpMessage {
  id?: number
  method?: string
  params?: Record<string, unknown>
  result?: unknown
  error?: { message: string }
  sessionId?: string
}

/** The tab a cold start opens (not one of the browser's own pages, such as chrome:// ones). */
const isMeasuredTab = (target: { type: string; url: string }): boolean =>
  target.type === 'page' && !target.url.startsWith('chrome')

/** Chromium started for the bench, its DevTools address read from what it prints. */
export async function launchChromium(): Promise<{ devtools: DevTools; stop(): Promise<void> }> {
  const executable = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  // Without this check a missing browser is an unhandled 'error' event that ends the whole
  // `npm run bench`, not only this benchmark.
  if (!existsSync(executable))
    throw new Error(
      `no Chromium at ${executable} (install Debian's: apt-get install chromium, or set CHROMIUM_PATH)`
    )
  const profile = mkdtempSync(join(tmpdir(), 'memory-lane-bench-chromium-'))
  const browser = spawn(
    executable,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--no-default-browser-check',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank'
    ],
    // Its own process group: Debian's /usr/bin/chromium is a script that runs the browser as its
    // child, so stopping means stopping the whole group, not the script alone.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true }
  )
  const address = await new Promise<string>((resolve, reject) => {
    let text = ''
    browser.stderr!.on('data', (chunk: Buffer) => {
      text += String(chunk)
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(text)
      if (found) resolve(found[1])
    })
    browser.once('exit', () => reject(new Error(`Chromium exited before it listened: ${text}`)))
    browser.once('error', (error) =>
      reject(new Error(`Chromium could not start: ${error.message}`))
    )
  })
  const devtools = await DevTools.connect(address)
  // Every tab made while a cold start waits for its own stops until told to go on (the browser's
  // own pages too): those that are not the one measured go on at once.
  devtools.on('Target.attachedToTarget', (params) => {
    const target = params.targetInfo as { type: string; url: string }
    if (params.waitingForDebugger && !isMeasuredTab(target))
      void devtools
        .send('Runtime.runIfWaitingForDebugger', {}, params.sessionId as string)
        .catch(() => undefined)
  })
  return {
    devtools,
    async stop() {
      devtools.close()
      const exited = new Promise((resolve) => browser.once('exit', resolve))
      if (browser.pid !== undefined) process.kill(-browser.pid, 'SIGTERM')
      await exited
      // The browser's helper processes may still be closing their files for a moment.
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
      } catch {
        console.log(`(could not remove the bench's Chromium profile ${profile})`)
      }
    }
  }
}

/** The figures of one cold start. */
export interface ColdStart {
  serverReady: number
  serverCpu: number | null
  tabOpened: number
  interactive: number
  pageLoad: number
  runShown: number
  clickWaited: number
  pageCpu: number
  longTasks: number
  editorReady: number
  lessonPaneReady: number
}

/**
 * One cold start as a learner meets it: the server is started, and once it prints its address
 * the browser opens a new tab straight at that address (one navigation, as following a link
 * does), and the Run button is clicked as soon as it is on screen. The page is driven over the
 * DevTools protocol alone: nothing is injected into it but the few lines that note the times
 * (`recordMarks`), unlike a Playwright page, which sets up its own instrumentation in every tab.
 * "Interactive" is the moment the app has handled that click, which goes through Chromium's
 * input pipeline as a mouse's does.
 */
export async function coldStartDirect(devtools: DevTools, run: number): Promise<ColdStart> {
  const tokenFile = join(tmpdir(), `memory-lane-bench-${process.pid}-d${run}.url`)
  rmSync(tokenFile, { force: true })
  const renderers = async (): Promise<Map<number, number>> => {
    const { processInfo } = await devtools.send<{
      processInfo: { type: string; id: number; cpuTime: number }[]
    }>('SystemInfo.getProcessInfo')
    return new Map(
      processInfo.filter((p) => p.type === 'renderer').map((p) => [p.id, p.cpuTime * 1000])
    )
  }
  const renderersBefore = await renderers()
  const { browserContextId } = await devtools.send<{ browserContextId: string }>(
    'Target.createBrowserContext',
    { disposeOnDetach: true }
  )
  // A window already open in that context (a blank tab), as the learner's browser has one: the
  // measured tab is a new tab in it, not the first of a new window with all the browser's own
  // pages that come with one.
  await devtools.send('Target.createTarget', { url: 'about:blank', browserContextId })
  // New tabs wait, before their first navigation, until the bench has installed its marks.
  await devtools.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: true,
    flatten: true
  })
  await browserIdle((method) => devtools.send(method))
  const started = performance.timeOrigin + performance.now()
  const since = (epochMs: number): number => epochMs - started
  const server = startBrowserEdition(tokenFile)
  try {
    await addressWritten(tokenFile)
    const serverReady = since(performance.timeOrigin + performance.now())
    const serverCpu = cpuMs(server.pid)
    const tabStarted = performance.now()
    const attached = devtools.next('Target.attachedToTarget', (p) => {
      const target = p.targetInfo as { type: string; url: string; browserContextId?: string }
      return target.browserContextId === browserContextId && isMeasuredTab(target)
    })
    await devtools.send('Target.createTarget', {
      url: readFileSync(tokenFile, 'utf8').trim(),
      browserContextId
    })
    const sessionId = (await attached).sessionId as string
    const page = <T>(method: string, params: Record<string, unknown> = {}) =>
      devtools.send<T>(method, params, sessionId)
    // In the document the tab has now (its scripts have not run yet) and any it navigates to.
    await page('Page.enable')
    await page('Page.addScriptToEvaluateOnNewDocument', {
      source: `(${recordMarks.toString()})()`,
      runImmediately: true
    })
    await page('Runtime.runIfWaitingForDebugger')
    const tabOpened = performance.now() - tabStarted
    const evaluate = async <T>(expression: string): Promise<T> =>
      (
        await page<{ result: { value: T } }>('Runtime.evaluate', {
          expression,
          awaitPromise: true,
          returnByValue: true
        })
      ).result.value
    /** Resolves once `selector` matches an element for which `test` holds. */
    const waitFor = (selector: string, test = 'true'): string =>
      `new Promise((resolve) => {
        const found = () => { const e = document.querySelector(${JSON.stringify(selector)}); return e && (${test}) ? e : null }
        const check = () => { const e = found(); if (e) { observer.disconnect(); resolve(true) } }
        const observer = new MutationObserver(check)
        observer.observe(document, { childList: true, subtree: true, attributes: true })
        check()
      })`
    // Answers as soon as the enabled Run button is on screen, with its centre; the click is then
    // sent there at once (press and release together). The page may still be on its first,
    // empty document when this is asked: the question is asked again until it is answered there.
    let centre: { x: number; y: number } | null = null
    while (!centre)
      centre = await evaluate<{ x: number; y: number } | null>(`new Promise((resolve) => {
        if (!location.href.startsWith('http')) return setTimeout(() => resolve(null), 2)
        ${RESOLVE_WITH_RUN_CENTRE}
      })`).catch(() => null)
    const mouse = { ...centre, button: 'left', clickCount: 1 }
    await Promise.all([
      page('Input.dispatchMouseEvent', { type: 'mousePressed', ...mouse }),
      page('Input.dispatchMouseEvent', { type: 'mouseReleased', ...mouse })
    ])
    const renderersAfter = await renderers()
    const pageCpu = [...renderersAfter]
      .filter(([id]) => !renderersBefore.has(id))
      .reduce((sum, [, cpu]) => sum + cpu, 0)
    const marks = await evaluate<PageMarks>('window.__coldStart')
    const origin = await evaluate<number>('performance.timeOrigin')
    if (marks.runClickHandled === undefined) throw new Error('the click on Run was not handled')
    // The click did what Run does: the program is compiling (Run disabled) or playing (Pause).
    await evaluate(waitFor('[data-testid="pause"], [data-testid="run"][disabled]'))
    const interactive = since(origin + marks.runClickHandled)
    await evaluate(waitFor('.cm-content'))
    const editorMark = await evaluate<number>('window.__coldStart.editor ?? 0')
    // A first start (empty data folder) greets a new learner; later starts list the lessons.
    await evaluate(waitFor('[data-testid="profile-form"], [data-testid="lesson-list"] li'))
    // Noted by the page itself, so waiting for the editor first does not delay the figure.
    const lessonPaneReady = since(
      origin + (await evaluate<number>('window.__coldStart.lessonPane ?? performance.now()'))
    )
    return {
      serverReady,
      serverCpu,
      tabOpened,
      interactive,
      pageLoad: marks.runClickHandled,
      runShown: marks.runShown ?? NaN,
      clickWaited: marks.runClickHandled - (marks.runClickReceived ?? NaN),
      pageCpu,
      longTasks: marks.longTasks
        .filter(([start]) => start < marks.runClickHandled!)
        .reduce((sum, [, duration]) => sum + duration, 0),
      editorReady: since(origin + editorMark),
      lessonPaneReady
    }
  } finally {
    await devtools.send('Target.setAutoAttach', {
      autoAttach: false,
      waitForDebuggerOnStart: false,
      flatten: true
    })
    await devtools.send('Target.disposeBrowserContext', { browserContextId }).catch(() => undefined)
    await stopServer(server)
    rmSync(tokenFile, { force: true })
  }
}

async function coldStart(): Promise<void> {
  const ms = (v: number): string => `${v.toFixed(0)} ms`
  const { devtools, stop } = await launchChromium()
  const runs: ColdStart[] = []
  try {
    for (let run = 0; run < RUNS; run++) runs.push(await coldStartDirect(devtools, run))
  } finally {
    await stop()
  }
  const of = (key: keyof ColdStart): number => median(runs.map((r) => Number(r[key])))
  console.log(
    `cold start, median of ${RUNS} (Chromium already running, idle, its window open; the previous server exited; load average ${loadavg()[0].toFixed(2)} on ${cpus().length} cores):`
  )
  console.log(`  server listening:          ${ms(of('serverReady'))}`)
  if (runs.every((r) => r.serverCpu !== null))
    console.log(
      `  server CPU time to listen: ${ms(of('serverCpu'))}  (load-independent; wall times grow with machine load)`
    )
  console.log(
    `  opening a tab at the address: ${ms(of('tabOpened'))}  (until the tab is made and navigating)`
  )
  console.log(
    `  first screen interactive:  ${ms(of('interactive'))}  (target < 1000 ms: from starting the server to a click on Run handled)`
  )
  console.log(
    `  of which page load:        ${ms(of('pageLoad'))}  (navigation to the click handled; Run was on screen at ${ms(of('runShown'))}, the click waited ${ms(of('clickWaited'))} for the page)`
  )
  console.log(
    `  page CPU time:             ${ms(of('pageCpu'))}  (the tab's renderer process until the click was handled; less load-dependent than wall times)`
  )
  console.log(`  long tasks before the click: ${ms(of('longTasks'))}`)
  console.log(`  code editor loaded:        ${ms(of('editorReady'))}`)
  console.log(
    `  lesson pane ready:         ${ms(of('lessonPaneReady'))}  (the welcome form, or the lesson list)`
  )

  // The same through a Playwright page, as session 3 measured it: Playwright opens a blank tab,
  // sets up its own instrumentation in it, then navigates; the difference is that overhead.
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
  const viaPlaywright: Awaited<ReturnType<typeof coldStartOnce>>[] = []
  try {
    for (let run = 0; run < RUNS; run++) viaPlaywright.push(await coldStartOnce(browser, run))
  } finally {
    await browser.close()
  }
  const pw = (key: keyof (typeof viaPlaywright)[number]): number =>
    median(viaPlaywright.map((r) => Number(r[key])))
  console.log(
    `  through a Playwright page: interactive ${ms(pw('interactive'))} (tab ${ms(pw('tabOpened'))}, page load ${ms(pw('pageLoad'))}; load average ${loadavg()[0].toFixed(2)})`
  )
}

export default async function bench(): Promise<void> {
  ensureBuilt()
  sizes()
  await coldStart()
}
