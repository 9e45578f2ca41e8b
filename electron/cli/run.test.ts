import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseBytes } from './run'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'memory-lane-run-'))

/** Runs the real `memory-lane` command in its own process. */
function memoryLane(
  ...args: string[]
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/memory-lane.mjs', ...args],
      { encoding: 'utf8', cwd: repoRoot },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ status, stdout, stderr })
      }
    )
  })
}

function program(name: string, source: string): string {
  const path = join(scratch, name)
  writeFileSync(path, source)
  return path
}

describe('memory-lane run', { timeout: 60_000 }, () => {
  it('prints the program’s output and exits with its status', async () => {
    const file = program(
      'hello.c',
      '#include <stdio.h>\nint main(void) { printf("hello, %s\\n", "world"); return 3; }\n'
    )
    expect(await memoryLane('run', file)).toEqual({
      status: 3,
      stdout: 'hello, world\n',
      stderr: ''
    })
  })

  it('reports a fatal signal as 128 + its number, with the explanation on stderr', async () => {
    const file = program('null.c', 'int main(void) {\n  int *p = 0;\n  return *p;\n}\n')
    const r = await memoryLane('run', file)
    expect(r.status).toBe(139) // 128 + SIGSEGV (11)
    expect(r.stderr).toContain('SIGSEGV (SEGV_MAPERR) at line 3')
  })

  it('puts diagnostics on stderr and does not run a program with errors', async () => {
    const file = program('bad.c', 'int main(void) {\n  return y;\n}\n')
    const r = await memoryLane('run', file)
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(`${file}:2:10: error: \`y\` is not declared`)
    expect(r.stderr).toContain('2 |   return y;\n')
  })

  it('--json summarizes depth, stack, heap, leaks and segments; --stack-limit and --steps apply', async () => {
    const file = program(
      'deep.c',
      '#include <stdlib.h>\nvoid f(int d) { f(d + 1); }\nint main(void) { malloc(100); f(0); return 0; }\n'
    )
    const r = await memoryLane('run', file, '--json', '--stack-limit', '1M')
    expect(r.status).toBe(139)
    const summary = JSON.parse(r.stdout)
    // (1,048,576 − 736) / 32 = 32,745 frames of f plus main's.
    expect(summary.maxDepth).toBe(32_746)
    expect(summary.exit.signal).toBe('SIGSEGV')
    expect(summary.peakStackBytes).toBe(736 + 32_745 * 32)
    expect(summary.segments.stack.size).toBe(1024 * 1024)
    expect(summary.peakHeapBytes).toBeGreaterThan(100)
    const loop = program('loop.c', 'int main(void) { for (;;) {} }\n')
    const stopped = await memoryLane('run', loop, '--steps', '500', '--json')
    expect(JSON.parse(stopped.stdout)).toMatchObject({
      status: 137,
      steps: 500,
      exit: { signal: 'SIGKILL' }
    })
  })

  it('selects the allocator and layout, and rejects bad options in one sentence', async () => {
    const file = program(
      'addr.c',
      '#include <stdio.h>\n#include <stdlib.h>\nint main(void) { void *p = malloc(16); printf("%p\\n", p); return 0; }\n'
    )
    const glibc = await memoryLane('run', file, '--allocator', 'glibc')
    // glibc: the first malloc(16) is heap start + 0x2a0 (tools/probes/README.md); for a program this
    // small the heap starts at the page after .data/.bss, 0x555555559000, so 0x5555555592a0.
    expect(glibc.stdout).toBe('0x5555555592a0\n')
    // Without --allocator: glibc on linux-x86_64 (what a real process has), first-fit on
    // classroom (heap at 0x4000, 8-byte header, 16-aligned payload: 0x4010).
    expect((await memoryLane('run', file)).stdout).toBe('0x5555555592a0\n')
    const classroom = await memoryLane('run', file, '--layout', 'classroom', '--json')
    expect(JSON.parse(classroom.stdout)).toMatchObject({
      layout: 'classroom',
      allocator: 'first-fit',
      stdout: '0x4010\n'
    })
    expect(JSON.parse((await memoryLane('run', file, '--json')).stdout)).toMatchObject({
      layout: 'linux-x86_64',
      allocator: 'glibc'
    })
    const bad = await memoryLane('run', file, '--allocator', 'nonsense')
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('Unknown allocator "nonsense"')
    expect((await memoryLane('run', file, '--steps', 'many')).stderr).toContain(
      '--steps needs a positive whole number'
    )
    expect((await memoryLane('run', join(scratch, 'missing.c'))).stderr).toContain('no such file')
  })

  it('parses sizes with K and M suffixes', () => {
    expect([parseBytes('4096'), parseBytes('64K'), parseBytes('8M'), parseBytes('x')]).toEqual([
      4096,
      65536,
      8388608,
      null
    ])
  })
})
