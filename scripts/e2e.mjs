// `npm run test:e2e`: the Electronegativity audit of the Electron code, then the Playwright
// end-to-end tests against the browser edition in Debian's Chromium. Playwright never
// downloads a browser here: the config points at /usr/bin/chromium.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const audit = spawnSync(
  process.execPath,
  [fileURLToPath(new URL('./audit.mjs', import.meta.url))],
  {
    stdio: 'inherit',
    env: { ...process.env, AUDIT_INPUT: '' }
  }
)
if (audit.status !== 0) process.exit(audit.status ?? 1)

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!existsSync(chromium)) {
  console.error(
    `e2e: Chromium was not found at ${chromium}; install it with "sudo apt-get install chromium" (CI does this itself).`
  )
  process.exit(1)
}
// The desktop-app test needs the Electron binary, which the `electron` package downloads on
// first use; offline (as in CI) it is absent, and the test is skipped: say so in one line.
const electronPathFile = fileURLToPath(
  new URL('../node_modules/electron/path.txt', import.meta.url)
)
const electronDist = fileURLToPath(new URL('../node_modules/electron/dist/', import.meta.url))
if (!existsSync(electronPathFile) || !existsSync(electronDist)) {
  console.log(
    'e2e: the Electron binary is not installed (node_modules/electron/dist is missing), so the desktop-app test is skipped; every other test runs against the browser edition.'
  )
}
const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', CHROMIUM_PATH: chromium }
})
process.exit(result.status ?? 1)
