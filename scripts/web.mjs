// `npm run web [-- --port N]`: the browser edition, built first when needed.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { buildIfNeeded } from './build-if-needed.mjs'

if (!buildIfNeeded()) process.exit(1)
const cli = fileURLToPath(new URL('../bin/memory-lane.mjs', import.meta.url))
const result = spawnSync(process.execPath, [cli, 'serve', ...process.argv.slice(2)], {
  stdio: 'inherit'
})
process.exit(result.status ?? 0)
