// Builds the app (electron-vite build) when out/ is missing or older than any source file, so
// `npm start` and `npm run web` work straight after a fresh clone and stay current after edits.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const built = [
  'out/main/index.js',
  'out/main/browser-edition.js',
  'out/preload/index.cjs',
  'out/renderer/index.html'
].map((p) => join(root, p))

function newest(path) {
  const info = statSync(path)
  if (!info.isDirectory()) return info.mtimeMs
  let latest = 0
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts')) continue
    latest = Math.max(latest, newest(join(path, entry)))
  }
  return latest
}

export function needsBuild() {
  if (!built.every((file) => existsSync(file))) return true
  const builtAt = Math.min(...built.map((file) => statSync(file).mtimeMs))
  // lessons/: the build validates the built-in packs once (see electron.vite.config.ts).
  const sources = [
    'renderer',
    'shared',
    'electron',
    'lessons',
    'electron.vite.config.ts',
    'package.json'
  ]
  return sources.some(
    (source) => existsSync(join(root, source)) && newest(join(root, source)) > builtAt
  )
}

export function buildIfNeeded() {
  if (!needsBuild()) return true
  console.log('Building Memory Lane (this takes a few seconds)…')
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8'
    }
  )
  if (result.status !== 0) {
    // The bundler's own report is shown only when it matters (it also prints timing notes).
    console.error(result.stderr)
    console.error('The build failed; the messages above say where.')
    return false
  }
  return true
}
