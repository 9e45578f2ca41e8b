/**
 * The real compiler as the tests' oracle: whether gcc is on this machine, and what a program it
 * compiles (gcc -O0, warnings off) prints. Node-side, so it lives outside `shared/`.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** True when `gcc` runs here (it does in CI). */
export const hasGcc = spawnSync('gcc', ['--version']).status === 0

/** Compiles `source` with gcc -O0 and runs it with empty stdin: its standard output. */
export function gccOutput(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gcc-oracle-'))
  try {
    writeFileSync(join(dir, 'p.c'), source)
    const build = spawnSync('gcc', ['-O0', '-w', '-o', join(dir, 'p'), join(dir, 'p.c')], {
      encoding: 'utf8'
    })
    if (build.status !== 0) throw new Error(build.stderr)
    return spawnSync(join(dir, 'p'), [], { encoding: 'utf8' }).stdout
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
