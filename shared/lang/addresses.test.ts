/**
 * Addresses of globals, statics and string literals as a real process prints them: each program
 * in `addresses/` is run by the interpreter (linux-x86_64, stdout on a pipe) and, when gcc and
 * setarch are on this machine, compiled with `gcc -O0` and run with address randomization off
 * (`env -i setarch -R`): the two must print the same bytes and end with the same status. For
 * machines without gcc, the figures of a few programs are also worked out by hand below from
 * the rules of gcc-emission.ts and shared/sim/layout.ts (checked with nm and objdump -h).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runC } from './index'

const DIRECTORY = fileURLToPath(new URL('./addresses/', import.meta.url))
const PROGRAMS = readdirSync(DIRECTORY)
  .filter((f) => f.endsWith('.c'))
  .sort()
  .map((f) => ({ name: f.slice(0, -2), source: readFileSync(join(DIRECTORY, f), 'utf8') }))

/**
 * Lines that depend on more than the placement of globals and literals: where the interpreter's
 * code is (its instructions are not x86's) and the stack, which moves with the environment.
 */
const MACHINE_SPECIFIC = /^(text|stack) /

function comparable(output: string): string {
  return output
    .split('\n')
    .filter((line) => !MACHINE_SPECIFIC.test(line))
    .join('\n')
}

/** The program run by the interpreter, named as gcc is given it (assert puts the name in .rodata). */
function interpret(name: string): { stdout: string; status: number } {
  const file = join(DIRECTORY, `${name}.c`)
  const r = runC(PROGRAMS.find((p) => p.name === name)!.source, { stdout: 'pipe', file })
  return { stdout: r.stdoutBytes, status: r.status }
}

const hasGcc = spawnSync('gcc', ['--version']).status === 0
const hasSetarch = hasGcc && spawnSync('setarch', ['-R', 'true']).status === 0
const work = mkdtempSync(join(tmpdir(), 'memory-lane-addresses-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

function onMachine(name: string): { stdout: string; status: number } {
  const binary = join(work, name)
  const build = spawnSync(
    'gcc',
    ['-O0', '-w', '-fno-stack-protector', '-o', binary, join(DIRECTORY, `${name}.c`)],
    { encoding: 'utf8' }
  )
  if (build.status !== 0) throw new Error(build.stderr)
  const r = spawnSync('env', ['-i', 'setarch', '-R', binary], { encoding: 'latin1' })
  return { stdout: r.stdout, status: r.status ?? 128 }
}

describe('addresses of globals, statics and literals, worked out by hand', () => {
  const run = interpret

  it('no library call: .data right after the 3 reserved words of .got.plt', () => {
    // No PLT function: .got.plt (3 words) ends at image + 0x4000; __data_start and __dso_handle
    // take 0x4000..0x400f, so counter is at 0x4010: the low byte 0x10 = 16.
    expect(run('no-library-call').status).toBe(16)
  })

  it('.bss after .data, the program part aligned for its widest object', () => {
    // counter at 0x4010 ends .data at 0x4014; table (48 bytes) needs 32, so .bss opens at
    // 0x4020 with completed.0, the program's part at 0x4040 (flag), table at 0x4060: 96.
    expect(run('bss-after-data').status).toBe(96)
  })

  it('a global holding `array + 3` or `&static` is in .data.rel.local, aligned for its widest object', () => {
    // .data (program part at 0x4030): counts 20 bytes to 0x4044, greeting 9 at 0x4048 to
    // 0x4051, hidden at 0x4054. .data.rel.local holds gp, cfgs (4 x 24 = 96 bytes, so 32-aligned)
    // and ptr_to_hidden: it opens at the next multiple of 32, 0x4060 (gp), cfgs at 0x4080,
    // ptr_to_hidden at 0x4080 + 96 = 0x40e0, ending .data at 0x40e8. .bss opens at 0x4100
    // (aligned 32 for big) with completed.0, big at 0x4120. Image base 0x555555554000.
    expect(run('pointer-initializers').stdout).toBe(
      'counts 0x555555558030 greeting 0x555555558048 hidden 0x555555558054\n' +
        'gp 0x555555558060 cfgs 0x555555558080 ptr_to_hidden 0x5555555580e0\n' +
        'big 0x555555558120\n'
    )
  })

  it('statics without an initializer come after the public .bss, as local common symbols', () => {
    // .bss opens at 0x4020 (completed.0); the program's part is 32-aligned (big1): 0x4040.
    // Public first: c 0x4040, g2 0x4044. Then gcc's .local/.comm symbols in order: a 0x4048,
    // b 0x404c, big1 at the next multiple of 32, 0x4060, last at 0x4060 + 40 = 0x4088; the
    // static locals after them: f's d 0x408c, e 0x4090, h (8-aligned) 0x4098; k's in the order
    // gcc expands their first use, q (q = t) 0x40a0, u (p = s + u: right side first) 0x40a4,
    // p 0x40a8, r (unused) 0x40ac. Image base 0x555555554000.
    const lines = run('local-common-statics').stdout.split('\n')
    expect(lines[0]).toBe(
      'main 0x555555558048 0x55555555804c 0x555555558040 0x555555558060 0x555555558044 0x555555558088'
    )
    expect(lines[1]).toBe('f 0x55555555808c 0x555555558090 0x555555558098')
    expect(lines[2].split(' ').slice(1, 4)).toEqual([
      '0x5555555580a8',
      '0x5555555580a0',
      '0x5555555580ac'
    ])
  })

  it("lesson 1's first program: data, bss, rodata and heap", () => {
    // PLT: malloc, printf, free (3) → .data opens at 0x4018; counter at 0x4018 + 16 = 0x4028,
    // greeting (it holds an address: .data.rel.local) at 0x4030, .data ends at 0x4038.
    // .bss: zeroes (16 bytes, 16-aligned) after completed.0 at 0x4040 → 0x4050.
    // .rodata: _IO_stdin_used (4 bytes), then "hello" (greeting's, output before it) at 0x2004.
    // Heap: the first malloc before any output: 0x555555559000 + 0x290 (tcache) + 16.
    const lines = run('lesson-address-space').stdout.split('\n')
    expect(lines.filter((l) => !MACHINE_SPECIFIC.test(l))).toEqual([
      'data   0x555555558028',
      'bss    0x555555558050',
      'rodata 0x555555556004',
      'heap   0x5555555592a0',
      ''
    ])
  })

  it('printf rewritten into puts and putchar moves the literals after it', () => {
    // PLT: malloc strlen strcpy puts printf putchar free (7) → .data opens at 0x4038:
    // hits 0x4048, ratio 0x4050, name[8] 0x4058, then .data.rel.local: title 0x4060.
    // .bss (16-aligned for zeroes) at 0x4070: completed.0, zeroes 0x4080, total 0x4090.
    // .rodata is 32-aligned (banner, 50 bytes): "memory lane" 0x2020 (12 bytes), limit 0x202c,
    // banner 0x2040..0x2071, then main's: "start" (printf("start\n") is puts("start")) 6 bytes
    // at 0x2072, "%p %p %p %p\n" 13 at 0x2078, "%p %p %p\n" 10 at 0x2085, then the last
    // printf's arguments last to first: "literal" at 0x208f.
    expect(run('sections-and-rewrites').stdout).toBe(
      'start\n' +
        '0x555555558048 0x555555558050 0x555555558060 0x555555558058\n' +
        '0x555555558080 0x555555558090 0x55555555602c\n' +
        '0x555555556040 0x555555556020 0x55555555608f\n' +
        'memory lane\n!\n'
    )
  })
})

describe.runIf(hasSetarch)('addresses against gcc and glibc on this machine', () => {
  it.each(PROGRAMS.map((p) => p.name))('%s', (name) => {
    const real = onMachine(name)
    const ours = interpret(name)
    expect(comparable(ours.stdout)).toBe(comparable(real.stdout))
    expect(ours.status).toBe(real.status)
  })
})
