/**
 * Stack overflow depth against the real machine (issue 8): tools/probes/stack-depth.c,
 * `void f(int d) { char buf[N]; buf[0] = d; f(d + 1); }`, compiled with gcc -O0 and run with
 * `ulimit -s` set and ASLR off, dies at some depth; the C interpreter on the linux-x86_64 profile
 * must die with SIGSEGV within 5% of it, for N = 0, 64 and 1024 and for two stack limits.
 * (Measured on the reference machine, tools/probes/README.md: 262064, 87354 and 7940 for 8 MiB.)
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runC } from '../../../lang/index'

const source = fileURLToPath(new URL('../../../../tools/probes/stack-depth.c', import.meta.url))

function gccAvailable(): boolean {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' })
    return spawnSync('setarch', ['-R', 'true']).status === 0
  } catch {
    return false
  }
}

const dir = gccAvailable() ? mkdtempSync(join(tmpdir(), 'stack-depth-')) : undefined

/** Frames of f on the real stack when it overflowed (the deepest d, plus one). */
function realFrames(n: number, stackKiB: number): number {
  const binary = join(dir as string, `stack-depth-${n}`)
  execFileSync('gcc', ['-O0', '-w', `-DN=${n}`, '-o', binary, source])
  const out = execFileSync(
    'bash',
    ['-c', `ulimit -s ${stackKiB} && exec setarch -R env -i "$0"`, binary],
    {
      encoding: 'utf8'
    }
  )
  return Number(out.trim()) + 1
}

function program(n: number): string {
  // `char buf[0]` is a gcc extension outside the C subset; gcc gives it the same 32-byte frame
  // as a function with no array at all, so N = 0 is written that way.
  const body = n === 0 ? '' : `char buf[${n}]; buf[0] = d; `
  return `void f(int d) { ${body}f(d + 1); }\nint main(void) { f(0); return 0; }\n`
}

describe.skipIf(dir === undefined)(
  'recursion overflows the simulated stack where the real one does',
  () => {
    for (const n of [0, 64, 1024]) {
      for (const stackKiB of [8192, 4096]) {
        it(`char buf[${n}], ulimit -s ${stackKiB}`, () => {
          const real = realFrames(n, stackKiB)
          const simulated = runC(program(n), {
            layout: 'linux-x86_64',
            allocator: 'glibc',
            stackLimit: stackKiB * 1024,
            stepBudget: 10_000_000
          })
          expect(simulated.exit.signal).toBe('SIGSEGV')
          // maxDepth counts main as well as the frames of f.
          const frames = simulated.maxDepth - 1
          expect(Math.abs(frames - real) / real).toBeLessThan(0.05)
        })
      }
    }
  }
)
