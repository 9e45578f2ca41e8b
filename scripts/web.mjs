// `npm run web [-- --port N]`: the browser edition, built first when needed. It runs the built
// server (out/main/browser-edition.js, the same `serve` as `memory-lane serve`), which starts
// in a fraction of the time the TypeScript sources take under tsx.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { buildIfNeeded } from './build-if-needed.mjs'

if (!buildIfNeeded()) process.exit(1)
const server = fileURLToPath(new URL('../out/main/browser-edition.js', import.meta.url))
const result = spawnSync(process.execPath, [server, ...process.argv.slice(2)], {
  stdio: 'inherit'
})
process.exit(result.status ?? 0)
