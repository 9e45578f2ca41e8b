/**
 * The browser edition: the built renderer and the contract of `shared/api.ts`, served on
 * 127.0.0.1 only. A random token, made at each launch and printed in the page address, guards
 * everything: a page request or a WebSocket upgrade without it is refused, so another user of
 * the machine or a web page in the learner's browser cannot drive the simulator.
 *
 * Requests travel over one WebSocket (`/api`) as `ClientFrame`s; answers and events come back as
 * `ServerFrame`s. Every request goes through the same dispatcher as Electron's IPC.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { Duplex } from 'node:stream'
import type { WebSocket, WebSocketServer } from 'ws'
import {
  createDispatcher,
  type Caller,
  type ClientFrame,
  type ServerFrame,
  type Services,
  MAX_PACK_BASE64
} from '../../shared/api'
import { CONTENT_SECURITY_POLICY } from '../security-policy'

export interface BrowserEditionOptions {
  /** Folder of the built renderer (`out/renderer`). */
  rendererDir: string
  /** `warmUp`, when given, is called once a connected page has loaded, so its first run finds a worker booted. */
  services: Services & { warmUp?(): void }
  /** 0 (the default) lets the system choose a free port. */
  port?: number
  /** For tests; normally a fresh random token is made. */
  token?: string
}

export interface BrowserEdition {
  /** The address to open, token included. */
  url: string
  /**
   * Loads what the first page will need but the server did not need to listen (the WebSocket
   * code, and the files the page's head loads), in the background. Call it once the address has
   * been announced; without it, each is loaded when the page first asks for it.
   */
  prepare(): void
  port: number
  token: string
  close(): Promise<void>
}

/** The only interface the server listens on. */
export const LOOPBACK = '127.0.0.1'
const COOKIE = 'memory_lane_token'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8'
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store'
}

/** The attributes of one HTML start tag, by name (`crossorigin` alone is ''). */
function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>()
  for (const [, name, , quoted, bare] of tag.matchAll(/([\w-]+)(\s*=\s*(?:"([^"]*)"|(\S+)))?/g))
    found.set(name.toLowerCase(), quoted ?? bare ?? '')
  return found
}

/**
 * The files a page's head loads (module scripts and their preloads, stylesheets, preloaded
 * fonts and styles), as the page names them: what the first screen waits for, which the server
 * reads ahead (`prepare`).
 */
export function headFiles(html: string): string[] {
  const head = html.split(/<\/head>/i)[0]
  const files: string[] = []
  for (const [tag, name] of head.matchAll(/<(script|link)\b[^>]*>/gi)) {
    const attrs = attributes(tag.slice(name.length + 1, -1))
    const rel = attrs.get('rel')?.toLowerCase()
    const file = name.toLowerCase() === 'script' ? attrs.get('src') : attrs.get('href')
    if (
      file &&
      (name.toLowerCase() === 'script' ||
        rel === 'modulepreload' ||
        rel === 'stylesheet' ||
        rel === 'preload')
    )
      files.push(file)
  }
  return files
}

function sameToken(offered: string | null | undefined, token: string): boolean {
  if (!offered) return false
  const a = Buffer.from(offered)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function cookieToken(request: IncomingMessage): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === COOKIE) return value.join('=')
  }
  return null
}

/** Starts the browser edition; resolves once it is listening. */
export async function startBrowserEdition(options: BrowserEditionOptions): Promise<BrowserEdition> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const dispatch = createDispatcher(options.services)
  let port = 0

  /** Rejects DNS-rebinding: the Host header must name the loopback address we listen on. */
  const allowedHost = (request: IncomingMessage): boolean =>
    request.headers.host === `${LOOPBACK}:${port}` || request.headers.host === `localhost:${port}`

  /** A token in the address must be right (a cookie cannot rescue a wrong one); else the cookie. */
  const authorised = (request: IncomingMessage, url: URL): boolean => {
    const offered = url.searchParams.get('token')
    return offered !== null ? sameToken(offered, token) : sameToken(cookieToken(request), token)
  }

  function refuse(response: ServerResponse, status: number, message: string): void {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS })
    response.end(message + '\n')
  }

  /**
   * The built files under `assets/` once read: their names carry a hash of their content, so a
   * name always means the same bytes, and serving them from memory spares each request its trips
   * to the file system (several, each a wait for a thread on a busy machine).
   */
  const assetsDir = normalize(join(options.rendererDir, 'assets') + sep)
  const builtFiles = new Map<string, Promise<Buffer | null>>()
  function readBuiltFile(path: string): Promise<Buffer | null> {
    const cached = builtFiles.get(path)
    if (cached) return cached
    // A folder or a missing file reads as nothing (404).
    const reading = readFile(path).catch(() => null)
    if (path.startsWith(assetsDir))
      builtFiles.set(
        path,
        reading.then((bytes) => {
          if (bytes === null) builtFiles.delete(path)
          return bytes
        })
      )
    return reading
  }

  async function serveFile(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL
  ): Promise<void> {
    const wanted = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)
    const path = normalize(join(options.rendererDir, wanted))
    if (!path.startsWith(normalize(options.rendererDir + sep)))
      return refuse(response, 404, 'Not found.')
    const body = await readBuiltFile(path)
    if (!body) return refuse(response, 404, 'Not found.')
    const headers: Record<string, string> = {
      'Content-Type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
      'Content-Length': String(body.length),
      ...SECURITY_HEADERS
    }
    if (sameToken(url.searchParams.get('token'), token))
      headers['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
    response.writeHead(200, headers)
    response.end(request.method === 'HEAD' ? undefined : body)
  }

  /** Reads, in the background, the files the page's head loads, so the first page is served from memory. */
  async function readFirstScreenFiles(): Promise<void> {
    const html = await readFile(join(options.rendererDir, 'index.html'), 'utf8')
    for (const file of headFiles(html))
      void readBuiltFile(normalize(join(options.rendererDir, file)))
  }

  /**
   * The simulator worker is booted ahead of the first run, but only once the page has stopped
   * fetching its files (no request for `quietMs`), so the boot does not compete with them.
   */
  let lastFileRequest = 0
  let warmUpTimer: ReturnType<typeof setTimeout> | undefined
  const quietMs = 250
  function warmUpWhenQuiet(): void {
    if (!options.services.warmUp || warmUpTimer) return
    const wait = (ms: number): void => {
      warmUpTimer = setTimeout(check, ms)
      warmUpTimer.unref()
    }
    const check = (): void => {
      const quietFor = performance.now() - lastFileRequest
      if (quietFor < quietMs) return wait(quietMs - quietFor)
      warmUpTimer = undefined
      options.services.warmUp?.()
    }
    wait(quietMs)
  }

  /**
   * The WebSocket side (the `ws` package, a fifth of the server's code) is not loaded before the
   * server listens: `prepare()` loads it once the address has been handed out, and the page opens
   * its socket only after it has fetched and run its scripts, by which time the code is ready.
   */
  let sockets: WebSocketServer | null = null
  let socketsLoading: Promise<WebSocketServer> | null = null
  let closed = false
  const socketServer = (): Promise<WebSocketServer> =>
    (socketsLoading ??= import('ws').then(
      ({ WebSocketServer }) =>
        (sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_PACK_BASE64 + 4096 }))
    ))

  const server = createServer((request, response) => {
    lastFileRequest = performance.now()
    const url = new URL(request.url ?? '/', `http://${LOOPBACK}`)
    if (!allowedHost(request)) return refuse(response, 403, 'Forbidden: unexpected Host header.')
    if (!authorised(request, url))
      return refuse(
        response,
        403,
        'Forbidden: open the address Memory Lane printed when it started; it carries the access token.'
      )
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return refuse(response, 405, 'Only GET and HEAD are served here.')
    serveFile(request, response, url).catch(() =>
      refuse(response, 500, 'The file could not be read.')
    )
  })

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', `http://${LOOPBACK}`)
    const origin = request.headers.origin
    const sameOrigin =
      origin === `http://${LOOPBACK}:${port}` || origin === `http://localhost:${port}`
    if (
      url.pathname !== '/api' ||
      !allowedHost(request) ||
      !sameOrigin ||
      !authorised(request, url)
    ) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    socketServer().then(
      (wss) => {
        if (closed) socket.destroy()
        else wss.handleUpgrade(request, socket, head, (ws) => connect(ws))
      },
      () => socket.destroy()
    )
    warmUpWhenQuiet()
  })

  function connect(ws: WebSocket): void {
    const send = (frame: ServerFrame): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame))
    }
    const caller: Caller = { id: randomUUID(), emit: (event, payload) => send({ event, payload }) }
    ws.on('message', (data) => {
      let frame: ClientFrame
      try {
        frame = JSON.parse(String(data)) as ClientFrame
      } catch {
        send({
          id: 0,
          response: {
            ok: false,
            error: { code: 'invalid-request', message: 'The message is not JSON.' }
          }
        })
        return
      }
      const id = typeof frame?.id === 'number' && Number.isSafeInteger(frame.id) ? frame.id : 0
      if (id === 0) {
        send({
          id,
          response: {
            ok: false,
            error: { code: 'invalid-request', message: 'The message has no request id.' }
          }
        })
        return
      }
      void dispatch(caller, frame.channel, frame.params).then((response) => send({ id, response }))
    })
    ws.on('close', () => void options.services.simulator.release(caller))
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, LOOPBACK, () => resolve())
  })
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : 0

  return {
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    port,
    token,
    prepare() {
      void socketServer().catch(() => undefined)
      void readFirstScreenFiles().catch(() => undefined)
    },
    close: async () => {
      closed = true
      clearTimeout(warmUpTimer)
      const wss = sockets ?? (await socketsLoading?.catch(() => null)) ?? null
      for (const client of wss?.clients ?? []) client.terminate()
      wss?.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
