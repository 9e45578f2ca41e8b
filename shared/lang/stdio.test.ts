/**
 * stdout's buffering against the real thing: each scenario is a C program of fputs and putchar
 * calls that then crashes (or exits), run with gcc's glibc on a pipe, on a pipe under
 * `stdbuf -oL` and on a terminal (`script`); what reaches the reader must be what the model
 * delivers for the same calls before it discards (or flushes) its buffer.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LINE_BUFFERED_PIPE, PIPE, StdoutStream, TERMINAL, type StdoutBuffering } from './stdio'

/** One call of the program: fputs(text, stdout) or putchar(byte). */
type Call = { fputs: string } | { putchar: string }

interface Scenario {
  name: string
  calls: Call[]
  end: 'crash' | 'exit'
}

const repeat = (byte: string, count: number): Call => ({ fputs: byte.repeat(count) })
const putchars = (byte: string, count: number): Call[] =>
  Array.from({ length: count }, () => ({ putchar: byte }))

const SCENARIOS: Scenario[] = [
  {
    name: 'a line, then a partial one',
    calls: [{ fputs: 'hello\n' }, { fputs: 'partial' }],
    end: 'crash'
  },
  {
    name: 'the same, ended by exit()',
    calls: [{ fputs: 'hello\n' }, { fputs: 'partial' }],
    end: 'exit'
  },
  { name: '5,000 putchars', calls: putchars('a', 5000), end: 'crash' },
  {
    name: 'a 1,500-byte line written at once, then its newline',
    calls: [repeat('b', 1500), { fputs: '\nend' }],
    end: 'crash'
  },
  { name: '10,000 bytes written at once', calls: [repeat('c', 10000)], end: 'crash' },
  {
    name: 'lines and characters mixed',
    calls: [
      { fputs: 'one\ntwo' },
      { putchar: '!' },
      { putchar: '\n' },
      repeat('d', 900),
      { fputs: 'x\ny' },
      ...putchars('e', 300),
      { fputs: 'tail' }
    ],
    end: 'crash'
  }
]

/** What the model delivers for the calls, before the crash or after exit's flush. */
function modelled(
  scenario: Scenario,
  buffering: StdoutBuffering
): { out: string; mallocs: number[] } {
  const mallocs: number[] = []
  const stream = new StdoutStream(buffering, (bytes) => {
    mallocs.push(bytes)
    return 0x1000
  })
  let out = ''
  for (const call of scenario.calls) {
    out += 'fputs' in call ? stream.write(call.fputs) : stream.put(call.putchar)
  }
  if (scenario.end === 'exit') out += stream.flush()
  else stream.discard()
  return { out, mallocs }
}

function cString(text: string): string {
  return '"' + text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"') + '"'
}

function cChar(byte: string): string {
  return byte === '\n' ? "'\\n'" : `'${byte}'`
}

/** The scenario as C; runs of the same putchar become a loop (quicker to compile). */
function cProgram(scenario: Scenario): string {
  const lines: string[] = []
  const calls = scenario.calls
  for (let i = 0; i < calls.length;) {
    const call = calls[i]
    if ('fputs' in call) {
      lines.push(`    fputs(${cString(call.fputs)}, stdout);`)
      i++
      continue
    }
    let run = 1
    while (i + run < calls.length) {
      const next = calls[i + run]
      if (!('putchar' in next) || next.putchar !== call.putchar) break
      run++
    }
    lines.push(`    for (int i = 0; i < ${run}; i++) putchar(${cChar(call.putchar)});`)
    i += run
  }
  const end = scenario.end === 'crash' ? '    *(volatile int *)0 = 1;' : '    exit(0);'
  return `#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n${lines.join('\n')}\n${end}\n}\n`
}

const hasGcc = spawnSync('gcc', ['--version']).status === 0
const hasStdbuf = spawnSync('stdbuf', ['--version']).status === 0
const hasScript = spawnSync('script', ['--version']).status === 0
const directory = mkdtempSync(join(tmpdir(), 'memory-lane-stdio-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))
const built = new Set<string>()

/** Runs the scenario's program compiled by gcc with stdout on a pipe, under stdbuf, or a terminal. */
function real(scenario: Scenario, index: number, how: 'pipe' | 'stdbuf' | 'terminal'): string {
  const binary = join(directory, `s${index}`)
  if (!built.has(binary)) {
    const source = `${binary}.c`
    writeFileSync(source, cProgram(scenario))
    const build = spawnSync('gcc', ['-O0', '-w', '-o', binary, source], { encoding: 'utf8' })
    if (build.status !== 0) throw new Error(build.stderr)
    built.add(binary)
  }
  if (how === 'terminal') {
    // script gives the program a pseudo-terminal; the terminal turns each \n into \r\n. `exec`
    // replaces script's shell: where SHELL is unset, script runs sh (dash), which would print its
    // own "Segmentation fault" line when a scenario crashes on purpose.
    const r = spawnSync('script', ['-qec', `exec ${binary}`, '/dev/null'], { encoding: 'latin1' })
    return r.stdout.replace(/\r\n/g, '\n')
  }
  const command = how === 'stdbuf' ? ['stdbuf', '-oL', binary] : [binary]
  return spawnSync(command[0], command.slice(1), { encoding: 'latin1' }).stdout
}

describe('stdout buffering as glibc does it', () => {
  it('mallocs the buffer once, on the first output, as big as the device asks', () => {
    const stream = new StdoutStream(TERMINAL, () => 0x5555555596b0)
    expect(stream.bufferAddress).toBe(0)
    expect(stream.put('a')).toBe('')
    expect(stream.bufferAddress).toBe(0x5555555596b0)
    const scenario = SCENARIOS[0]
    expect(modelled(scenario, TERMINAL).mallocs).toEqual([1024])
    expect(modelled(scenario, PIPE).mallocs).toEqual([4096])
    expect(modelled(scenario, LINE_BUFFERED_PIPE).mallocs).toEqual([4096])
  })

  it('writes every byte at once when malloc gives no buffer', () => {
    const stream = new StdoutStream(PIPE, () => 0)
    expect(stream.write('no buffer')).toBe('no buffer')
    expect(stream.put('!')).toBe('!')
  })

  it('keeps the state a snapshot holds', () => {
    const stream = new StdoutStream(TERMINAL, () => 0x4000)
    stream.write('saved\npart')
    const snapshot = stream.snapshot()
    expect(stream.write(' two\n')).toBe('part two\n')
    stream.restore(snapshot)
    expect(stream.pending).toBe('part')
    expect(stream.flush()).toBe('part')
  })

  // Worked out by hand from libio/fileops.c (the same figures the machine gives below):
  // a terminal keeps `partial` (no newline) and loses it; a pipe loses everything under 4096.
  it('delivers what glibc delivers for the first scenario (worked out by hand)', () => {
    expect(modelled(SCENARIOS[0], TERMINAL).out).toBe('hello\n')
    expect(modelled(SCENARIOS[0], PIPE).out).toBe('')
    expect(modelled(SCENARIOS[1], PIPE).out).toBe('hello\npartial')
    // 5,000 putchars: a full buffer is flushed before the next byte goes in, so 4 × 1024 on a
    // terminal and 1 × 4096 on a pipe are out when the process dies.
    expect(modelled(SCENARIOS[2], TERMINAL).out.length).toBe(4096)
    expect(modelled(SCENARIOS[2], PIPE).out.length).toBe(4096)
    // 1,500 bytes at once on a terminal: the first output writes 1024 (a whole block) directly,
    // buffers 476; the `\n` of "\nend" flushes those and the newline: 1501 bytes out.
    expect(modelled(SCENARIOS[3], TERMINAL).out.length).toBe(1501)
    // 10,000 bytes at once on a pipe: 8192 (two whole blocks) go directly, 1808 wait.
    expect(modelled(SCENARIOS[4], PIPE).out.length).toBe(8192)
  })

  describe.runIf(hasGcc)('against gcc and glibc on this machine', () => {
    SCENARIOS.forEach((scenario, index) => {
      it(`${scenario.name}: pipe${hasStdbuf ? ', stdbuf -oL' : ''}${hasScript ? ', terminal' : ''}`, () => {
        expect(modelled(scenario, PIPE).out).toBe(real(scenario, index, 'pipe'))
        if (hasStdbuf)
          expect(modelled(scenario, LINE_BUFFERED_PIPE).out).toBe(real(scenario, index, 'stdbuf'))
        if (hasScript)
          expect(modelled(scenario, TERMINAL).out).toBe(real(scenario, index, 'terminal'))
      })
    })
  })
})
