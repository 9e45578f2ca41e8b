/**
 * Whole C programs of different shapes against the real process: each program in
 * `layout-programs/` is compiled with `gcc -O0` and run as `env -i setarch -R ./prog` (ASLR off,
 * empty environment, argv[0] "./prog", stdin and stdout on pipes), and by the interpreter on
 * the linux-x86_64 profile with the glibc allocator, the same way. Every address they print
 * (sbrk(0), heap blocks after stdio's buffers, mmapped blocks below the libraries, globals and
 * literals, locals and argv) must be identical. The real process is the oracle.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runC } from '../../../lang/index'

const DIRECTORY = fileURLToPath(new URL('./layout-programs/', import.meta.url))
const PROGRAMS = readdirSync(DIRECTORY)
  .filter((f) => f.endsWith('.c'))
  .sort()

/** What the programs read from stdin. */
const INPUT = 'hi\n'

const available =
  spawnSync('gcc', ['--version']).status === 0 && spawnSync('setarch', ['-R', 'true']).status === 0
const work = mkdtempSync(join(tmpdir(), 'memory-lane-layout-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

function native(file: string): { stdout: string; status: number } {
  copyFileSync(join(DIRECTORY, file), join(work, 'prog.c'))
  const build = spawnSync('gcc', ['-O0', '-w', '-o', 'prog', 'prog.c'], {
    cwd: work,
    encoding: 'utf8'
  })
  if (build.status !== 0) throw new Error(build.stderr)
  const run = spawnSync('env', ['-i', 'setarch', '-R', './prog'], {
    cwd: work,
    input: INPUT,
    encoding: 'utf8'
  })
  return { stdout: run.stdout, status: run.status ?? 128 }
}

describe.skipIf(!available)('programs lay out memory as a real process does', () => {
  for (const file of PROGRAMS) {
    it(file, () => {
      const real = native(file)
      expect(real.stdout).toMatch(/0x5555/)
      const simulated = runC(readFileSync(join(DIRECTORY, file), 'utf8'), {
        stdout: 'pipe',
        stdin: INPUT,
        file: 'prog.c'
      })
      expect({ stdout: simulated.stdoutBytes, status: simulated.status }).toEqual(real)
    })
  }
})
