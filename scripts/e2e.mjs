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
const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', CHROMIUM_PATH: chromium }
})
process.exit(result.status ?? 1)
