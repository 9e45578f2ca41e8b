/**
 * The line a stack overflow is reported at is the line gdb names when the gcc -O0 binary dies
 * of it: where the process first writes below the stack limit. The expected lines were read
 * off gdb on this machine (gcc 12, `gdb -batch -ex run -ex bt`, started as `gdbLine` says);
 * with gdb installed the test asks it again.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RunSession } from './session'
import { hasGcc } from '../../tools/gcc'

const hasGdb = spawnSync('gdb', ['--version']).status === 0

const SHAPES = [
  {
    what: 'the call, when the return address it pushes is the first word below the limit',
    // down's frame is 16 bytes: return address and saved %rbp. At the fault gdb's %rsp is the
    // limit itself, in down at line 3: the `call` pushing its return address faults.
    source: 'void down(void)\n{\n  down();\n}\nint main(void) {\n  down();\n  return 0;\n}\n',
    line: 3
  },
  {
    what: 'the opening brace, when the prologue spills a parameter below the limit',
    // gdb: `mov %edi,-0x44(%rbp)` in down's prologue, which gcc puts on the line of the `{`.
    source:
      'int down(int n)\n{\n  char buf[64];\n  buf[0] = (char)n;\n  return down(n + 1) + buf[0];\n}\nint main(void) {\n  return down(1);\n}\n',
    line: 2
  },
  {
    what: 'the opening brace, for six parameters spilled',
    source:
      'long down(long a, long b, long c, long d, long e, long f)\n{\n  return down(a + 1, b, c, d, e, f) + a;\n}\nint main(void) {\n  return (int)down(1, 2, 3, 4, 5, 6);\n}\n',
    line: 2
  },
  {
    what: 'the first statement, when only a large local array reaches below the limit',
    // gdb: `movb $0x1,-0x1869b(%rbp)`, buf[5] = 1 at line 3; the declaration has no code.
    source:
      'void down(void) {\n  char buf[100000];\n  buf[5] = 1;\n  buf[0] = 1;\n  down();\n}\nint main(void) {\n  down();\n  return 0;\n}\n',
    line: 3
  }
]

/**
 * The line of the innermost frame gdb shows when the gcc -O0 -g binary of `source` faults.
 * The depth at which a frame first reaches below the limit, and so which write faults, moves
 * with where the stack starts, which the strings at its top decide: the process must start as
 * the simulator's `./prog` with no environment does. So the binary's absolute path (gdb's
 * argv[0] and AT_EXECFN) has 4 to 11 characters, whose two copies with their NULs and the top
 * NULL word round down to the same 16 bytes as `./prog`'s (`/tmp/ml` and 4 hex digits), and gdb
 * starts it without a shell (which would add PWD) and without its LINES and COLUMNS.
 */
function gdbLine(source: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'gdb-overflow-'))
  let binary = ''
  do binary = `/tmp/ml${randomBytes(2).toString('hex')}`
  while (existsSync(binary))
  try {
    writeFileSync(join(dir, 'p.c'), source)
    const build = spawnSync('gcc', ['-O0', '-g', '-w', '-o', binary, join(dir, 'p.c')], {
      encoding: 'utf8'
    })
    if (build.status !== 0) throw new Error(build.stderr)
    const gdb = spawnSync(
      'env',
      [
        '-i',
        'gdb',
        '-nx',
        '-batch',
        '-ex',
        'set startup-with-shell off',
        '-ex',
        'unset environment LINES',
        '-ex',
        'unset environment COLUMNS',
        '-ex',
        'run',
        '-ex',
        'bt 1',
        binary
      ],
      { encoding: 'utf8' }
    )
    expect(gdb.stdout).toContain('SIGSEGV')
    const frame = /^#0 .* at .*p\.c:(\d+)$/m.exec(gdb.stdout)
    if (!frame) throw new Error(`no frame line in gdb's output:\n${gdb.stdout}\n${gdb.stderr}`)
    return Number(frame[1])
  } finally {
    rmSync(dir, { recursive: true, force: true })
    rmSync(binary, { force: true })
  }
}

describe('the line of a stack overflow', () => {
  for (const shape of SHAPES) {
    it(`is ${shape.what} (line ${shape.line})`, () => {
      const session = new RunSession(shape.source, {})
      session.runToEnd()
      const exit = session.state().exit
      expect(exit?.reason?.key).toBe('exit.stackOverflow')
      expect(exit?.line).toBe(shape.line)
    }, 120_000)
  }

  it.skipIf(!hasGdb || !hasGcc)(
    `is the line gdb names for the gcc binary${hasGdb ? '' : ' (skipped: gdb is not installed)'}`,
    () => {
      for (const shape of SHAPES) expect(gdbLine(shape.source), shape.what).toBe(shape.line)
    },
    300_000
  )
})
