/**
 * `npm run bench`: runs every `bench/*.bench.ts` module in turn and prints its figures.
 * Benchmarks measure and print; they never fail the run (a benchmark that throws is reported
 * as such and the next one starts).
 */
import { readdirSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { join } from 'node:path'

const here = fileURLToPath(new URL('.', import.meta.url))
const only = process.argv.slice(2)
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()

for (const file of files) {
  console.log(`\n=== ${file.replace('.bench.ts', '')} ===`)
  try {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { default?: () => unknown }
    if (typeof mod.default === 'function') await mod.default()
  } catch (error) {
    console.log(
      `(benchmark ${file} failed: ${error instanceof Error ? error.message : String(error)})`
    )
  }
}
