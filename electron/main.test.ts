/**
 * The main process's security settings, checked against a stand-in for the `electron` module
 * that records what main.ts asks of it.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest'

type Listener = (...args: unknown[]) => unknown

const electron = vi.hoisted(() => {
  const appListeners = new Map<string, Listener>()
  const ipcHandlers = new Map<string, Listener>()
  const windows: Array<{ options: Record<string, unknown>; loaded: string[] }> = []
  const sessionHandlers: Record<string, Listener> = {}
  const privileged: unknown[] = []
  const protocolHandlers = new Map<string, Listener>()
  const menus: unknown[] = []
  const dialogs: unknown[] = []
  const sandbox = { enabled: false }
  class BrowserWindow {
    loaded: string[] = []
    constructor(readonly options: Record<string, unknown>) {
      windows.push(this)
    }
    once(): void {}
    webContents = { once: () => undefined }
    loadURL(url: string): Promise<void> {
      this.loaded.push(url)
      return Promise.resolve()
    }
    static getAllWindows(): BrowserWindow[] {
      return []
    }
  }
  return {
    appListeners,
    ipcHandlers,
    windows,
    sessionHandlers,
    privileged,
    protocolHandlers,
    menus,
    dialogs,
    sandbox,
    module: {
      app: {
        enableSandbox: () => (sandbox.enabled = true),
        on: (name: string, listener: Listener) => appListeners.set(name, listener),
        whenReady: () => Promise.resolve(),
        requestSingleInstanceLock: () => true,
        getPath: () => '/tmp/memory-lane-test-user-data',
        getAppPath: () => '/tmp/memory-lane-test-app',
        isPackaged: false,
        getLocale: () => 'zh-CN',
        quit: () => undefined
      },
      dialog: {
        showOpenDialog: (options: unknown) => {
          dialogs.push(options)
          return Promise.resolve({ canceled: true, filePaths: [] })
        }
      },
      BrowserWindow,
      ipcMain: {
        handle: (channel: string, handler: Listener) => ipcHandlers.set(channel, handler)
      },
      Menu: {
        buildFromTemplate: (template: unknown) => template,
        setApplicationMenu: (menu: unknown) => menus.push(menu)
      },
      net: { fetch: () => Promise.resolve(new Response('')) },
      protocol: {
        registerSchemesAsPrivileged: (schemes: unknown[]) => privileged.push(...schemes),
        handle: (scheme: string, handler: Listener) => protocolHandlers.set(scheme, handler)
      },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (h: Listener) => (sessionHandlers.permissionRequest = h),
          setPermissionCheckHandler: (h: Listener) => (sessionHandlers.permissionCheck = h),
          setDevicePermissionHandler: (h: Listener) => (sessionHandlers.devicePermission = h),
          webRequest: {
            onBeforeRequest: (h: Listener) => (sessionHandlers.beforeRequest = h),
            onHeadersReceived: (h: Listener) => (sessionHandlers.headersReceived = h)
          }
        }
      }
    }
  }
})

vi.mock('electron', () => ({ ...electron.module, default: electron.module }))

/** A web contents stand-in that records the listeners main.ts installs. */
function fakeContents() {
  const listeners = new Map<string, Listener>()
  let windowOpenHandler: Listener | null = null
  return {
    listeners,
    on: (name: string, listener: Listener) => listeners.set(name, listener),
    setWindowOpenHandler: (handler: Listener) => (windowOpenHandler = handler),
    openWindow: (url: string) => windowOpenHandler?.({ url })
  }
}

function attempt(contents: ReturnType<typeof fakeContents>, event: string, url: string): boolean {
  let prevented = false
  contents.listeners.get(event)?.({ preventDefault: () => (prevented = true) }, url)
  return prevented
}

let main: typeof import('./main')
beforeAll(async () => {
  main = await import('./main')
  // start() loads the simulator's names from its sources: seconds on a busy machine.
  await vi.waitFor(() => expect(electron.ipcHandlers.size).toBe(1), { timeout: 60_000 })
})

describe('electron/main.ts security settings', () => {
  it('creates the window with the security checklist’s web preferences', () => {
    expect(electron.windows).toHaveLength(1)
    const preferences = electron.windows[0].options.webPreferences as Record<string, unknown>
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false
    })
    expect(String(preferences.preload)).toMatch(/preload[/\\]index\.cjs$/)
    expect(electron.windows[0].loaded).toEqual(['app://memory-lane/index.html'])
  })

  it('serves the page from its own secure scheme', () => {
    expect(electron.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }
    ])
    expect(electron.protocolHandlers.has('app')).toBe(true)
  })

  it('denies navigation away from the app, new windows and webviews', () => {
    const contents = fakeContents()
    electron.appListeners.get('web-contents-created')?.({}, contents)
    expect(attempt(contents, 'will-navigate', 'https://example.com/')).toBe(true)
    expect(attempt(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(attempt(contents, 'will-navigate', 'app://memory-lane.evil/')).toBe(true)
    expect(attempt(contents, 'will-navigate', 'app://memory-lane/index.html')).toBe(false)
    expect(attempt(contents, 'will-redirect', 'http://127.0.0.1:9/')).toBe(true)
    expect(attempt(contents, 'will-attach-webview', 'about:blank')).toBe(true)
    expect(contents.openWindow('https://example.com/')).toEqual({ action: 'deny' })
    expect(contents.openWindow('app://memory-lane/index.html')).toEqual({ action: 'deny' })
  })

  it('sandboxes every renderer, whatever its web preferences', () => {
    expect(electron.sandbox.enabled).toBe(true)
  })

  it('serves only files inside the built renderer’s folder on app://memory-lane/', () => {
    const folder = '/opt/memory-lane/renderer'
    const served = (url: string): string | null => main.appFilePath(url, folder)
    expect(served('app://memory-lane/')).toBe('/opt/memory-lane/renderer/index.html')
    expect(served('app://memory-lane/assets/index-abc.js')).toBe(
      '/opt/memory-lane/renderer/assets/index-abc.js'
    )
    // Climbing out, however it is spelled. The URL parser folds ../ and %2e%2e/ segments at
    // the root away (they stay inside); an encoded slash survives it, is decoded before the
    // path is joined, and the prefix check refuses it.
    expect(served('app://memory-lane/../../etc/passwd')).toBe(
      '/opt/memory-lane/renderer/etc/passwd'
    )
    expect(served('app://memory-lane/%2e%2e/%2e%2e/etc/passwd')).toBe(
      '/opt/memory-lane/renderer/etc/passwd'
    )
    expect(served('app://memory-lane/assets/..%2f..%2f..%2fetc%2fpasswd')).toBeNull()
    expect(served('app://memory-lane/%2e%2e%2f%2e%2e%2fetc%2fpasswd')).toBeNull()
    expect(served('app://memory-lane/..%5c..%5cwindows')).toBe(
      // On Linux a backslash is an ordinary file-name character: still inside the folder.
      '/opt/memory-lane/renderer/..\\..\\windows'
    )
    // A NUL byte, broken percent-encoding, another host or scheme: nothing.
    expect(served('app://memory-lane/index.html%00.png')).toBeNull()
    expect(served('app://memory-lane/%E0%A4%A')).toBeNull()
    expect(served('app://memory-lane.evil/index.html')).toBeNull()
    expect(served('file:///opt/memory-lane/renderer/index.html')).toBeNull()
  })

  it('answers a request for a file outside the renderer with 404, without reading it', async () => {
    const response = await main.serveApp(
      new Request('app://memory-lane/assets/..%2f..%2f..%2f..%2fetc%2fpasswd')
    )
    expect(response.status).toBe(404)
    expect((await main.serveApp(new Request('app://memory-lane/%E0%A4%A'))).status).toBe(404)
  })

  it('denies every permission request and check', () => {
    const answers: boolean[] = []
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read'])
      electron.sessionHandlers.permissionRequest({}, permission, (granted: boolean) =>
        answers.push(granted)
      )
    expect(answers).toEqual([false, false, false, false])
    expect(electron.sessionHandlers.permissionCheck({}, 'media')).toBe(false)
    expect(electron.sessionHandlers.devicePermission({ deviceType: 'usb' })).toBe(false)
  })

  it('cancels every request that would leave the app and adds the CSP to responses', () => {
    const decide = (url: string): boolean => {
      let cancel = false
      electron.sessionHandlers.beforeRequest(
        { url },
        (answer: { cancel: boolean }) => (cancel = answer.cancel)
      )
      return cancel
    }
    expect(decide('https://fonts.googleapis.com/css')).toBe(true)
    expect(decide('http://127.0.0.1:8080/')).toBe(true)
    expect(decide('app://memory-lane/assets/index.js')).toBe(false)
    let headers: Record<string, string[]> = {}
    electron.sessionHandlers.headersReceived(
      { responseHeaders: {} },
      (answer: { responseHeaders: Record<string, string[]> }) => {
        headers = answer.responseHeaders
      }
    )
    const csp = headers['Content-Security-Policy'][0]
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("default-src 'none'")
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).not.toMatch(/https?:/)
  })

  it('answers IPC only for the app’s own top-level page', async () => {
    const handler = electron.ipcHandlers.get('memory-lane:request')!
    const sender = { id: 1, once: () => undefined, isDestroyed: () => false, send: () => undefined }
    const from = (url: string, parent: unknown = null) => ({ sender, senderFrame: { url, parent } })
    const refused = {
      ok: false,
      error: {
        code: 'invalid-request',
        message: 'Refused: the request did not come from the app’s own page.'
      }
    }
    expect(await handler(from('https://example.com/'), 'app.info', {})).toEqual(refused)
    expect(await handler(from('app://memory-lane/index.html', {}), 'app.info', {})).toEqual(refused)
    expect(await handler({ sender, senderFrame: null }, 'app.info', {})).toEqual(refused)
    expect(await handler(from('app://memory-lane/index.html'), 'app.info', {})).toMatchObject({
      ok: true,
      result: { edition: 'electron', name: 'Memory Lane' }
    })
    // Trusted, but malformed: refused by validation, never executed.
    expect(
      await handler(from('app://memory-lane/index.html'), 'run.step', { sessionId: 1 })
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' }
    })
  })

  it('offers File ▸ Import Lesson Pack… in the system language, opening only .mlpack files', async () => {
    type Item = { label?: string; accelerator?: string; click?: () => void; submenu?: Item[] }
    const template = electron.menus.at(-1) as Item[]
    const file = template.find((item) => item.label === '文件')
    const importItem = file?.submenu?.find((item) => item.label === '导入课程包…')
    expect(importItem?.accelerator).toBe('CmdOrCtrl+O')
    importItem?.click?.()
    await vi.waitFor(() => expect(electron.dialogs).toHaveLength(1))
    expect(electron.dialogs[0]).toEqual({
      properties: ['openFile'],
      filters: [{ name: 'Memory Lane 课程包', extensions: ['mlpack'] }]
    })
  })
})
