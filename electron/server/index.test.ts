import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { headFiles, startBrowserEdition, type BrowserEdition } from './index'
import { composeServices, type ComposedServices } from './compose'
import type { ServerFrame } from '../../shared/api'

let dir: string
let edition: BrowserEdition
let services: ComposedServices
/** How often the server asked the services to boot a simulator worker ahead of a run. */
let warmUps = 0

/** A raw HTTP GET, so Host and Cookie headers can be set freely. */
function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: edition.port,
          path,
          headers: { host: `127.0.0.1:${edition.port}`, ...headers }
        },
        (res) => {
          let body = ''
          res.on('data', (chunk) => (body += chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
        }
      )
      req.on('error', reject)
      req.end()
    }
  )
}

/** Opens the API socket; resolves with it when open, or with the HTTP status that refused it. */
function connect(token: string, origin = `http://127.0.0.1:${edition.port}`) {
  return new Promise<WebSocket | number>((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${edition.port}/api?token=${token}`, { origin })
    socket.once('open', () => resolve(socket))
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    socket.once('error', () => resolve(-1))
  })
}

function ask(socket: WebSocket, frame: unknown): Promise<ServerFrame> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(JSON.parse(String(data)) as ServerFrame))
    socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  })
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'memory-lane-server-'))
  await mkdir(join(dir, 'renderer', 'assets'), { recursive: true })
  await writeFile(
    join(dir, 'renderer', 'index.html'),
    '<!doctype html><head><title>Memory Lane</title>' +
      '<script type="module" crossorigin src="./assets/app.js"></script></head>'
  )
  await writeFile(join(dir, 'renderer', 'assets', 'app.js'), 'export {}')
  await writeFile(join(dir, 'secret.txt'), 'not for the browser')
  services = await composeServices({
    edition: 'browser',
    userDataDir: join(dir, 'data'),
    builtInLessonDirs: [join(dir, 'lessons')]
  })
  edition = await startBrowserEdition({
    rendererDir: join(dir, 'renderer'),
    services: { ...services, warmUp: () => void warmUps++ }
  })
})
afterAll(async () => {
  await edition.close()
  await services.shutdown()
  await rm(dir, { recursive: true, force: true })
})

describe('the browser edition server', () => {
  it('listens on the loopback address only, with a long random token', () => {
    expect(edition.url).toBe(`http://127.0.0.1:${edition.port}/?token=${edition.token}`)
    // 24 random bytes in base64url are 32 characters.
    expect(edition.token).toMatch(/^[A-Za-z0-9_-]{32}$/)
  })

  it('refuses page requests without the token or with a wrong one', async () => {
    expect((await get('/')).status).toBe(403)
    expect((await get('/?token=wrong')).status).toBe(403)
    expect((await get(`/?token=${edition.token.slice(0, -1)}x`)).status).toBe(403)
    expect((await get('/assets/app.js')).status).toBe(403)
  })

  it('serves the page with the token, with the CSP, and remembers the token in a same-site cookie', async () => {
    const page = await get(`/?token=${edition.token}`)
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>Memory Lane</title>')
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(String(page.headers['set-cookie'])).toContain('HttpOnly; SameSite=Strict')
    const script = await get('/assets/app.js', { cookie: `memory_lane_token=${edition.token}` })
    expect(script.status).toBe(200)
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
  })

  it('serves a built asset from memory once read (its name is its content), the page from disk', async () => {
    const cookie = { cookie: `memory_lane_token=${edition.token}` }
    await writeFile(join(dir, 'renderer', 'assets', 'chunk-abc.js'), 'export const a = 1')
    expect((await get('/assets/chunk-abc.js', cookie)).body).toBe('export const a = 1')
    await rm(join(dir, 'renderer', 'assets', 'chunk-abc.js'))
    const again = await get('/assets/chunk-abc.js', cookie)
    expect([again.status, again.body]).toEqual([200, 'export const a = 1'])
    expect((await get('/assets/missing.js', cookie)).status).toBe(404)
    expect((await get('/assets/', cookie)).status).toBe(404)
    // The page itself is read at each request (a rebuilt app is served as it now is).
    const html = await readFile(join(dir, 'renderer', 'index.html'), 'utf8')
    await writeFile(join(dir, 'renderer', 'index.html'), html.replace('Memory Lane', 'Rebuilt'))
    expect((await get(`/?token=${edition.token}`)).body).toContain('<title>Rebuilt</title>')
    await writeFile(join(dir, 'renderer', 'index.html'), html)
  })

  it('lists the files a built page head loads, and nothing else', () => {
    // The head Vite writes for the app (trimmed): a font preload, the entry script, its
    // stylesheet, a lazily loaded pane's module and style preloads; the icon is not read ahead.
    const head = `<head>
      <link rel="icon" href="./favicon.svg" type="image/svg+xml" />
      <link
        rel="preload"
        as="font"
        type="font/woff2"
        crossorigin
        href="./assets/sans-400.woff2"
      />
      <script type="module" crossorigin src="./assets/index-1.js"></script>
      <link rel="stylesheet" crossorigin href="./assets/index-2.css">
      <link rel="modulepreload" crossorigin href="./assets/LessonPane-3.js">
      <link rel="preload" as="style" crossorigin href="./assets/LessonPane-4.css">
    </head><body><script type="module" src="./not-in-head.js"></script></body>`
    expect(headFiles(head)).toEqual([
      './assets/sans-400.woff2',
      './assets/index-1.js',
      './assets/index-2.css',
      './assets/LessonPane-3.js',
      './assets/LessonPane-4.css'
    ])
    expect(headFiles('<!doctype html><title>none</title>')).toEqual([])
  })

  it('refuses a foreign Host header (DNS rebinding) and paths outside the renderer', async () => {
    expect(
      (await get(`/?token=${edition.token}`, { host: `evil.example:${edition.port}` })).status
    ).toBe(403)
    const escaped = await get(`/%2e%2e/secret.txt?token=${edition.token}`)
    expect(escaped.status).toBe(404)
    expect(escaped.body).not.toContain('not for the browser')
  })

  it('refuses a WebSocket without the right token or from another origin', async () => {
    expect(await connect('wrong')).toBe(403)
    expect(await connect('')).toBe(403)
    expect(await connect(edition.token, 'http://evil.example')).toBe(403)
  })

  it('has a simulator worker booted once a connected page has stopped fetching files', async () => {
    const before = warmUps
    const socket = await connect(edition.token)
    if (typeof socket === 'number') throw new Error(`socket refused with ${socket}`)
    // Not while the page is still loading: the boot would compete with its files.
    expect(warmUps).toBe(before)
    await expect.poll(() => warmUps).toBe(before + 1)
    socket.close()
  })

  it('answers contract requests over the socket and refuses malformed ones without running them', async () => {
    const socket = await connect(edition.token)
    if (typeof socket === 'number') throw new Error(`socket refused with ${socket}`)
    expect(await ask(socket, { id: 1, channel: 'app.info', params: {} })).toMatchObject({
      id: 1,
      response: { ok: true, result: { edition: 'browser', name: 'Memory Lane' } }
    })
    expect(
      await ask(socket, { id: 2, channel: 'run.jumpTo', params: { sessionId: 'x', step: -1 } })
    ).toMatchObject({
      id: 2,
      response: { ok: false, error: { code: 'invalid-request' } }
    })
    expect(await ask(socket, '{not json')).toMatchObject({
      id: 0,
      response: { ok: false, error: { code: 'invalid-request' } }
    })
    expect(
      await ask(socket, { id: 3, channel: 'run.step', params: { sessionId: 'someone-elses' } })
    ).toMatchObject({
      id: 3,
      response: { ok: false, error: { code: 'unknown-session' } }
    })
    socket.close()
  })
})
