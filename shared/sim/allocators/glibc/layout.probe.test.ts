/**
 * The linux-x86_64 profile against a real process: tools/probes/layout.c is compiled with gcc and
 * run with ASLR off (`setarch -R`); the Machine with `--allocator glibc` must put the break, the
 * first malloc(16), the break after it and a 1 MiB malloc where the real process put them.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Machine } from '../../machine'
import '../index'

const source = fileURLToPath(new URL('../../../../tools/probes/layout.c', import.meta.url))

/** The probe's "name 0x..." lines and /proc/self/maps, or undefined without gcc or setarch. */
function probeRealProcess(): { values: Map<string, number>; maps: string[] } | undefined {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' })
    const binary = join(mkdtempSync(join(tmpdir(), 'layout-probe-')), 'layout')
    execFileSync('gcc', ['-O0', '-o', binary, source])
    const run = spawnSync('setarch', ['-R', binary], { encoding: 'utf8' })
    if (run.status !== 0) return undefined
    const values = new Map<string, number>()
    const maps: string[] = []
    for (const line of run.stdout.split('\n')) {
      const named = /^(\w+)\s+0x([0-9a-f]+)$/.exec(line)
      if (named !== null) values.set(named[1] as string, parseInt(named[2] as string, 16))
      else if (line.trim() !== '') maps.push(line)
    }
    return { values, maps }
  } catch {
    return undefined
  }
}

const real = probeRealProcess()

describe.skipIf(real === undefined)(
  'linux-x86_64 layout agrees with a real process (setarch -R)',
  () => {
    const { values, maps } = real as NonNullable<typeof real>
    const value = (name: string): number => values.get(name) as number

    it('puts the heap at the page after bss, the first malloc after the tcache chunk, and mmaps where Linux does', () => {
      const machine = new Machine({
        layout: 'linux-x86_64',
        allocator: 'glibc',
        sections: { text: 0x300, rodata: 0x10, data: 8, bss: 8 }
      })
      // The real program's bss ends in the page before the initial break.
      expect(value('brk0')).toBe(Math.ceil((value('bss') + 4) / 4096) * 4096)
      expect(machine.programBreak()).toBe(value('brk0'))
      const small = machine.malloc(16)
      expect(small).toBe(value('p16'))
      expect(machine.programBreak()).toBe(value('brk1'))
      expect(machine.malloc(1 << 20)).toBe(value('big'))
    })

    it('maps the image at 0x555555554000 and ends the stack at 0x7ffffffff000', () => {
      const machine = new Machine({ layout: 'linux-x86_64', allocator: 'glibc' })
      const imageStart = parseInt((maps[0] ?? '').split('-')[0] ?? '', 16)
      const stackLine = maps.find((line) => line.endsWith('[stack]')) ?? ''
      const stackEnd = parseInt(stackLine.split(' ')[0]?.split('-')[1] ?? '', 16)
      const segments = machine.segments()
      const text = segments.find((s) => s.name === 'text')
      const stack = segments.find((s) => s.name === 'stack')
      // The real text mapping is the second one (after the ELF header page).
      expect(text?.start).toBe(imageStart + 0x1000)
      expect(text?.permissions).toBe('r-x')
      expect(stack?.end).toBe(stackEnd)
      expect((stack?.end ?? 0) - (stack?.start ?? 0)).toBe(8 * 1024 * 1024)
    })
  }
)
