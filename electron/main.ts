/**
 * The Electron main process: one window, locked down as Electron's security checklist asks,
 * and the contract of `shared/api.ts` served over IPC. Everything else is plain Node in
 * `services/`, shared with the browser edition.
 *
 * Checklist, item by item: only local content (the `app://` protocol serving the built
 * renderer); context isolation, sandbox, no Node integration, web security on; a strict
 * Content-Security-Policy; every navigation, new window, webview and permission request
 * denied; every request that would leave the app cancelled; IPC answered only for the app's
 * own top-level page. The binary's fuses are set at packaging time (build/electron-builder.yml).
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  protocol,
  session,
  type IpcMainInvokeEvent,
  type WebContents
} from 'electron'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { basename, join, normalize, sep } from 'node:path'
import { readFile } from 'node:fs/promises'
import {
  toApiError,
  createDispatcher,
  IPC_EVENT,
  IPC_REQUEST,
  type Caller,
  type Response,
  type Channel
} from '../shared/api'
import { CONTENT_SECURITY_POLICY } from './security-policy'
import { composeServices, type ComposedServices } from './server/compose'
// The menu speaks the learner's language from the same message files vue-i18n uses.
import englishMessages from '../renderer/src/locales/en/app.json'
import chineseMessages from '../renderer/src/locales/zh-CN/app.json'

/** The scheme and origin the app's page is served from. */
export const APP_SCHEME = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://memory-lane`

const here = fileURLToPath(new URL('.', import.meta.url))
const rendererDir = join(here, '../renderer')
/** Set by `electron-vite dev` only: the renderer's dev server. */
const devServerUrl = process.env.ELECTRON_RENDERER_URL

/** True for the app's own page (and, in development only, the dev server). */
export function isAppUrl(url: string): boolean {
  try {
    if (url.startsWith(`${APP_ORIGIN}/`)) return true
    // In development the page and its hot-reload socket (ws://) come from the dev server.
    return devServerUrl !== undefined && new URL(url).host === new URL(devServerUrl).host
  } catch {
    return false
  }
}

/** Requests from the app's page to itself, and nothing else, may load. */
export function isAllowedRequest(url: string): boolean {
  return (
    isAppUrl(url) ||
    url.startsWith('devtools://') ||
    url.startsWith('data:') ||
    url.startsWith('blob:')
  )
}

/** IPC is answered only for the app's own page in a top-level frame. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame
  if (!frame || frame.parent !== null) return false
  return isAppUrl(frame.url)
}

/** Denies everything a page could use to leave the app or gain powers. */
export function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/**
 * The file of the built renderer a request for `app://memory-lane/...` names, or null when it
 * names none: another host, a path that climbs out of the folder (`..`, `%2e%2e%2f`, `%5c`),
 * a NUL byte, or percent-encoding that does not decode.
 */
export function appFilePath(requestUrl: string, folder = rendererDir): string | null {
  let url: URL
  let wanted: string
  try {
    url = new URL(requestUrl)
    wanted = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== 'memory-lane' || wanted.includes('\0'))
    return null
  const path = normalize(join(folder, wanted))
  return path.startsWith(normalize(folder + sep)) ? path : null
}

/** Serves the built renderer on `app://memory-lane/`, with the CSP header, from its folder only. */
export async function serveApp(request: Request): Promise<globalThis.Response> {
  const path = appFilePath(request.url)
  if (path === null) return new globalThis.Response('Not found', { status: 404 })
  const file = await net.fetch(pathToFileURL(path).href)
  const headers = new Headers(file.headers)
  headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  headers.set('X-Content-Type-Options', 'nosniff')
  return new globalThis.Response(file.body, { status: file.status, headers })
}

function secureSession(): void {
  const defaultSession = session.defaultSession
  defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  defaultSession.setPermissionCheckHandler(() => false)
  // USB, serial and HID devices: never offered to the page (WebUSB and friends ask here).
  defaultSession.setDevicePermissionHandler(() => false)
  defaultSession.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !isAllowedRequest(details.url) })
  )
  defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY]
      }
    })
  )
}

let services: ComposedServices | null = null
const callers = new Map<number, Caller>()

function callerFor(contents: WebContents): Caller {
  let caller = callers.get(contents.id)
  if (!caller) {
    const created: Caller = {
      id: `window-${contents.id}`,
      emit: (event, payload) => {
        if (!contents.isDestroyed()) contents.send(IPC_EVENT, event, payload)
      }
    }
    caller = created
    callers.set(contents.id, created)
    contents.once('destroyed', () => {
      callers.delete(contents.id)
      void services?.simulator.release(created)
    })
  }
  return caller
}

function registerContract(dispatch: ReturnType<typeof createDispatcher>): void {
  ipcMain.handle(
    IPC_REQUEST,
    async (event, channel: unknown, params: unknown): Promise<Response<Channel>> => {
      if (!isTrustedSender(event))
        return {
          ok: false,
          error: {
            code: 'invalid-request',
            message: 'Refused: the request did not come from the app’s own page.'
          }
        }
      return dispatch(callerFor(event.sender), channel, params)
    }
  )
}

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Memory Lane',
    backgroundColor: '#15181c',
    // The checklist's settings, written out here in full (none left to defaults) so that both
    // readers and the electronegativity audit see them.
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick'
    }
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`)
  return window
}

/** The menu's own words, in the system's language (standard roles come localized already). */
function menuMessages(): typeof englishMessages.menu {
  return app.getLocale().toLowerCase().startsWith('zh')
    ? chineseMessages.menu
    : englishMessages.menu
}

/** File ▸ Import Lesson Pack…: the system's file dialog, limited to `.mlpack` files. */
async function importPackFromDialog(): Promise<void> {
  const window = BrowserWindow.getAllWindows()[0]
  const options: Electron.OpenDialogOptions = {
    properties: ['openFile'],
    filters: [{ name: menuMessages().packFilter, extensions: ['mlpack'] }]
  }
  const choice = window
    ? await dialog.showOpenDialog(window, options)
    : await dialog.showOpenDialog(options)
  if (!choice.canceled) for (const path of choice.filePaths) await openPack(path)
}

/** The application menu: standard roles, plus importing a lesson pack. */
export function applicationMenu(): Menu {
  const words = menuMessages()
  return Menu.buildFromTemplate([
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: words.file,
      submenu: [
        {
          label: words.importPack,
          accelerator: 'CmdOrCtrl+O',
          click: () => void importPackFromDialog()
        },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' }
      ]
    },
    { role: 'editMenu' },
    {
      role: 'viewMenu',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' }
      ]
    },
    { role: 'windowMenu' }
  ])
}

/** `.mlpack` files the app was asked to open (file association) before it was ready. */
const packsToOpen: string[] = []
const packPaths = (argv: string[]): string[] =>
  argv.filter((arg) => arg.toLowerCase().endsWith('.mlpack'))

/** Imports a lesson pack opened from the file manager and tells the learner how it went. */
async function openPack(path: string): Promise<void> {
  const window = BrowserWindow.getAllWindows()[0]
  if (!services?.lessons || !window) {
    packsToOpen.push(path)
    return
  }
  const caller = callerFor(window.webContents)
  try {
    const bytes = await readFile(path)
    const result = await services.lessons.importPack({
      fileName: basename(path),
      contentBase64: bytes.toString('base64')
    })
    const file = basename(path)
    caller.emit(
      'notice',
      result.needsConfirmation
        ? {
            level: 'warning',
            message: `A lesson pack with the id "${result.packId}" is already installed; import ${file} from the lesson list to replace it.`,
            reason: { key: 'pack.alreadyInstalled', params: { id: result.packId, file } }
          }
        : {
            level: 'info',
            message: `The lesson pack "${result.title}" (${result.lessons} lessons) was added from ${file}.`,
            reason: { key: 'pack.added', params: { title: result.title, n: result.lessons, file } }
          }
    )
  } catch (error) {
    const { message, reason } = toApiError(error)
    caller.emit('notice', { level: 'error', message, ...(reason ? { reason } : {}) })
  }
}

/** Starts the app. Called once, below; exported for the tests' stand-in of `electron`. */
export async function start(): Promise<void> {
  // Every renderer sandboxed, whatever its web preferences say (checklist item 4).
  app.enableSandbox()
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ])
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  app.on('web-contents-created', (_event, contents) => lockDown(contents))
  packsToOpen.push(...packPaths(process.argv.slice(1)))
  // macOS hands files to a running app through this event.
  app.on('open-file', (event, path) => {
    event.preventDefault()
    void openPack(path)
  })
  app.on('window-all-closed', () => app.quit())
  app.on('before-quit', () => void services?.shutdown())
  await app.whenReady()
  secureSession()
  protocol.handle(APP_SCHEME, serveApp)
  Menu.setApplicationMenu(applicationMenu())
  services = await composeServices({
    edition: 'electron',
    userDataDir: process.env.MEMORY_LANE_DATA_DIR ?? app.getPath('userData'),
    // Packaged, lessons/ ships beside the app (build/electron-builder.yml extraResources).
    builtInLessonDirs: [
      app.isPackaged ? join(process.resourcesPath, 'lessons') : join(app.getAppPath(), 'lessons')
    ],
    simulator: { workerUrl: new URL('./simulator-worker.js', import.meta.url) }
  })
  registerContract(createDispatcher(services))
  const window = createMainWindow()
  window.webContents.once('did-finish-load', () => {
    for (const path of packsToOpen.splice(0)) void openPack(path)
  })
  app.on('second-instance', (_event, argv) => {
    BrowserWindow.getAllWindows()[0]?.focus()
    for (const path of packPaths(argv)) void openPack(path)
  })
}

void start()
