// `npm start`: builds when needed, then opens the desktop app. Where Electron cannot run (its
// binary was never downloaded, or there is no display), it says so in one sentence and starts
// the browser edition instead.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildIfNeeded } from './build-if-needed.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))

/** The Electron binary's path, or the reason it cannot be used. */
export function electronBinary() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { missing: 'there is no graphical display for a desktop window' }
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt')
  if (!existsSync(pathFile) && !downloadElectron())
    return {
      missing:
        "the Electron binary is not installed and could not be downloaded (the electron package fetches it from Electron's releases on first use)"
    }
  const binary = join(
    root,
    'node_modules',
    'electron',
    'dist',
    readFileSync(pathFile, 'utf8').trim()
  )
  if (!existsSync(binary)) return { missing: `the Electron binary is missing from ${binary}` }
  return { binary }
}

/** The electron package's own lazy download, quietly: true when the binary arrived. */
function downloadElectron() {
  const installer = join(root, 'node_modules', 'electron', 'install.js')
  if (!existsSync(installer)) return false
  console.log('Downloading the Electron binary once (about 100 MB)…')
  const result = spawnSync(process.execPath, [installer], { stdio: 'ignore', timeout: 15 * 60_000 })
  return result.status === 0 && existsSync(join(root, 'node_modules', 'electron', 'path.txt'))
}

function startBrowserEdition() {
  const server = join(root, 'out', 'main', 'browser-edition.js')
  const result = spawnSync(process.execPath, [server, '--open', ...process.argv.slice(2)], {
    stdio: 'inherit'
  })
  process.exit(result.status ?? 0)
}

if (!buildIfNeeded()) process.exit(1)
const electron = electronBinary()
if (electron.missing) {
  console.log(
    `Memory Lane cannot open as a desktop app because ${electron.missing}, so it starts its browser edition instead.`
  )
  startBrowserEdition()
} else {
  // Chromium refuses to start as root with its OS sandbox; the page keeps Electron's own sandbox.
  const args = ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])]
  const child = spawn(electron.binary, args, { cwd: root, stdio: 'inherit' })
  child.on('error', (error) => {
    console.log(
      `Memory Lane could not start Electron (${error.message}), so it starts its browser edition instead.`
    )
    startBrowserEdition()
  })
  child.on('exit', (code) => process.exit(code ?? 0))
}
