/**
 * Runs a heap script (tools/probes/README.md) both ways for the glibc comparison tests: natively,
 * through heap-script.c compiled here with gcc against this machine's glibc, and through the
 * simulator's Machine with `--allocator glibc`. The tests compare the two outcomes line by line:
 * the real allocator is the oracle.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseHeapScript, runHeapScript } from '../../shared/sim/allocators/glibc/heap-script'
import { GlibcAllocator } from '../../shared/sim/allocators/glibc/ptmalloc'
import '../../shared/sim/allocators/index'
import type { LayoutProfile } from '../../shared/sim/layout'
import { Machine } from '../../shared/sim/machine'

/** What a script did: its report lines, then glibc's abort message or a segmentation fault. */
export interface Outcome {
  lines: string[]
  abort?: string
  segmentationFault?: true
}

const probeSource = fileURLToPath(new URL('./heap-script.c', import.meta.url))

/** heap-script.c compiled into a fresh temporary folder; undefined when there is no gcc. */
export function compileProbe(): string | undefined {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' })
  } catch {
    return undefined
  }
  const binary = join(mkdtempSync(join(tmpdir(), 'glibc-probe-')), 'heap-script')
  execFileSync('gcc', ['-O0', '-o', binary, probeSource])
  return binary
}

/**
 * The script through the compiled probe, with GLIBC_TUNABLES set to `tunables` only (no other
 * malloc settings of the caller's environment), started through `launcher` (e.g. setarch -R).
 */
export function runProbe(
  probe: string,
  script: string,
  tunables: string,
  launcher: string[] = []
): Outcome {
  const env: NodeJS.ProcessEnv = { ...process.env }
  delete env.GLIBC_TUNABLES
  delete env.MALLOC_CHECK_
  delete env.MALLOC_PERTURB_
  if (tunables !== '') env.GLIBC_TUNABLES = tunables
  const [command, ...args] = [...launcher, probe]
  const result = spawnSync(command, args, { input: script, env, encoding: 'utf8' })
  const lines = result.stdout.split('\n').filter((l) => l !== '')
  if (result.signal === 'SIGABRT') return { lines, abort: result.stderr.trim() }
  if (result.signal === 'SIGSEGV' && result.stderr === '') return { lines, segmentationFault: true }
  if (result.status !== 0)
    throw new Error(`probe failed: ${result.status} ${result.signal} ${result.stderr}`)
  return { lines }
}

/** The script through the real Machine with `--allocator glibc`. */
export function runOnMachine(
  script: string,
  tunables: string,
  layoutOverrides: Partial<LayoutProfile> = {}
): Outcome {
  const machine = new Machine({
    layout: 'linux-x86_64',
    layoutOverrides,
    allocator: 'glibc',
    allocatorOptions: { tunables }
  })
  const glibc = machine.allocator instanceof GlibcAllocator ? machine.allocator : undefined
  const result = runHeapScript(parseHeapScript(script), machine, machine, glibc)
  if (result.segmentationFault === true) return { lines: result.lines, segmentationFault: true }
  return result.abort === undefined
    ? { lines: result.lines }
    : { lines: result.lines, abort: result.abort }
}

/** A script from its operations, one per line. */
export const lines = (...ops: string[]): string => ops.join('\n') + '\n'
