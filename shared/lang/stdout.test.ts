/**
 * The interpreter's stdout as a real process's: glibc mallocs stdout's buffer on the first
 * output (1024 bytes on a terminal, 4096 on a pipe), so every later heap address moves; exit and
 * the return from main flush it; a fatal signal loses what it still holds. Each program is also
 * compiled with gcc and run without address randomization (`setarch -R`) on a pipe and on a
 * terminal (`script`), when those are on this machine, and must print the same.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runC, type RunResult } from './index'
import { RunSession } from './session'

interface Case {
  name: string
  body: string
  /** Worked out by hand from glibc's rules (see each case), for machines without gcc. */
  terminal: string
  pipe: string
  signal?: string
  /** `#include <unistd.h>` and `<errno.h>` too (write, _exit, errno), before main. */
  unistd?: boolean
}

const header = '#include <stdio.h>\n#include <stdlib.h>\n#include <assert.h>\n'
const source = (body: string): string => `${header}int main(void) {\n${body}\n}\n`
const sourceOf = (c: Case): string =>
  c.unistd ? `#include <unistd.h>\n#include <errno.h>\n${source(c.body)}` : source(c.body)

// Addresses with the reference layout: the heap starts at 0x555555559000, glibc's tcache chunk
// takes its first 0x290 bytes, so the first chunk's payload is 0x5555555592a0. stdout's buffer,
// malloc'd first, takes a chunk of 1024 + 16 = 0x410 bytes on a terminal (the next payload is
// 0x5555555592a0 + 0x410 = 0x5555555596b0) and 4096 + 16 = 0x1010 on a pipe (0x55555555a2b0).
const CASES: Case[] = [
  {
    name: 'printf, then malloc',
    body: '  printf("x\\n");\n  printf("%p\\n", malloc(16));\n  return 0;',
    terminal: 'x\n0x5555555596b0\n',
    pipe: 'x\n0x55555555a2b0\n'
  },
  {
    name: 'puts first',
    body: '  puts("hello");\n  printf("%p\\n", malloc(16));\n  return 0;',
    terminal: 'hello\n0x5555555596b0\n',
    pipe: 'hello\n0x55555555a2b0\n'
  },
  {
    name: 'putchar first',
    body: "  putchar('a');\n  putchar('\\n');\n  printf(\"%p\\n\", malloc(16));\n  return 0;",
    terminal: 'a\n0x5555555596b0\n',
    pipe: 'a\n0x55555555a2b0\n'
  },
  {
    // The program's block is first (0x5555555592a0, chunk 0x20); the buffer comes after it.
    name: 'malloc before any output',
    body: '  void *p = malloc(16);\n  printf("%p\\n", p);\n  printf("%p\\n", malloc(16));\n  return 0;',
    // terminal: 0x5555555592a0 + 0x20 + 0x410 = 0x5555555596d0; pipe: + 0x1010 = 0x55555555a2d0
    terminal: '0x5555555592a0\n0x5555555596d0\n',
    pipe: '0x5555555592a0\n0x55555555a2d0\n'
  },
  {
    // A terminal shows each line as it ends and loses the unfinished one; a pipe loses all.
    name: 'a crash after a partial line',
    body: '  printf("line\\n");\n  printf("partial");\n  *(volatile int *)0 = 1;\n  return 0;',
    terminal: 'line\n',
    pipe: '',
    signal: 'SIGSEGV'
  },
  {
    name: 'exit() with a partial line',
    body: '  printf("line\\n");\n  printf("partial");\n  exit(3);',
    terminal: 'line\npartial',
    pipe: 'line\npartial'
  },
  {
    name: 'abort() with a partial line',
    body: '  printf("line\\n");\n  printf("partial");\n  abort();',
    terminal: 'line\n',
    pipe: '',
    signal: 'SIGABRT'
  },
  {
    name: 'a failed assert after a partial line',
    body: '  printf("line\\n");\n  printf("partial");\n  assert(1 == 2);\n  return 0;',
    terminal: 'line\n',
    pipe: '',
    signal: 'SIGABRT'
  },
  {
    // 1,000 lines of "0123456789\n" = 11,000 bytes. On a pipe each printf copies into the
    // 4096-byte buffer and the byte that does not fit flushes it: 2 × 4096 = 8192 bytes are
    // out at the crash, the 2,808 left are lost. A terminal shows every finished line.
    name: 'more than 4096 bytes on a pipe, then a crash',
    body: '  for (int i = 0; i < 1000; i++) printf("0123456789\\n");\n  *(volatile int *)0 = 1;\n  return 0;',
    terminal: '0123456789\n'.repeat(1000),
    pipe: '0123456789\n'.repeat(1000).slice(0, 8192),
    signal: 'SIGSEGV'
  },
  // setvbuf and setbuf (glibc 2.36's _IO_setvbuf, _IO_setbuffer).
  {
    // _IONBF before any output: stdout writes through its one-byte _shortbuf, nothing is
    // malloc'd, so the program's block is the heap's first (0x5555555592a0).
    name: 'setvbuf _IONBF: no buffer',
    body: '  setvbuf(stdout, NULL, _IONBF, 0);\n  printf("x\\n");\n  printf("%p\\n", malloc(16));\n  return 0;',
    terminal: 'x\n0x5555555592a0\n',
    pipe: 'x\n0x5555555592a0\n'
  },
  {
    // The reason courses call it: unbuffered, a crash loses nothing printed before it.
    name: 'setvbuf _IONBF, then a crash after a partial line',
    body: '  setvbuf(stdout, NULL, _IONBF, 0);\n  printf("line\\n");\n  printf("partial");\n  *(volatile int *)0 = 1;\n  return 0;',
    terminal: 'line\npartial',
    pipe: 'line\npartial',
    signal: 'SIGSEGV'
  },
  {
    name: 'setbuf(stdout, NULL), then abort()',
    body: '  setbuf(stdout, NULL);\n  printf("partial");\n  printf("%p\\n", malloc(16));\n  abort();',
    terminal: 'partial0x5555555592a0\n',
    pipe: 'partial0x5555555592a0\n',
    signal: 'SIGABRT'
  },
  {
    // _IOLBF with NULL only sets the mode: the first output still mallocs the device's size
    // (4096 on a pipe: the next payload 0x55555555a2b0), and a pipe now flushes each line.
    name: 'setvbuf _IOLBF: a pipe flushes each line',
    body: '  setvbuf(stdout, NULL, _IOLBF, 0);\n  printf("line\\n");\n  printf("%p\\n", malloc(16));\n  printf("partial");\n  abort();',
    terminal: 'line\n0x5555555596b0\n',
    pipe: 'line\n0x55555555a2b0\n',
    signal: 'SIGABRT'
  },
  {
    // _IOFBF with NULL mallocs the buffer at once, before the program's block.
    name: 'setvbuf _IOFBF: the buffer is malloc’d by setvbuf',
    body: '  setvbuf(stdout, NULL, _IOFBF, 0);\n  void *p = malloc(16);\n  printf("%p\\n", p);\n  return 0;',
    terminal: '0x5555555596b0\n',
    pipe: '0x55555555a2b0\n'
  },
  {
    // ... and a terminal is then fully buffered: a crash loses whole lines.
    name: 'setvbuf _IOFBF, then a crash',
    body: '  setvbuf(stdout, NULL, _IOFBF, 0);\n  printf("line\\n");\n  *(volatile int *)0 = 1;\n  return 0;',
    terminal: '',
    pipe: '',
    signal: 'SIGSEGV'
  },
  {
    // _IONBF after output flushes and frees the library's buffer. A pipe's 0x1010-byte chunk
    // borders the top chunk and merges into it, so the next malloc is the heap's first block
    // again; a terminal's 0x410-byte chunk goes to the tcache, and malloc(16) comes after it.
    name: 'setvbuf _IONBF after output frees the buffer',
    body: '  printf("x\\n");\n  setvbuf(stdout, NULL, _IONBF, 0);\n  printf("%p\\n", malloc(16));\n  printf("partial");\n  abort();',
    terminal: 'x\n0x5555555596b0\npartial',
    pipe: 'x\n0x5555555592a0\npartial',
    signal: 'SIGABRT'
  },
  {
    // The program's own buffer: nothing is malloc'd. Its 8 KiB in .bss move the heap's
    // start 0x2000 up, to 0x55555555b000.
    name: 'setvbuf with the program’s buffer',
    body: '  static char buf[BUFSIZ];\n  setvbuf(stdout, buf, _IOFBF, sizeof buf);\n  printf("hi\\n");\n  printf("%p\\n", malloc(16));\n  return 0;',
    terminal: 'hi\n0x55555555b2a0\n',
    pipe: 'hi\n0x55555555b2a0\n'
  },
  {
    name: 'setvbuf _IOLBF with the program’s buffer, then abort()',
    body: '  static char buf[64];\n  setvbuf(stdout, buf, _IOLBF, sizeof buf);\n  printf("hi\\n");\n  printf("%p\\n", malloc(16));\n  printf("partial");\n  abort();',
    terminal: 'hi\n0x5555555592a0\n',
    pipe: 'hi\n0x5555555592a0\n',
    signal: 'SIGABRT'
  },
  {
    // setbuf after output leaves _IO_write_end at the buffer's start (_IO_new_file_setbuf):
    // "second\n" goes in byte by byte through overflow, and the next puts' first write
    // flushes it and sets the buffer's end again, so "third\n" waits and is lost.
    name: 'setbuf with the program’s buffer after output',
    body: '  static char buf[BUFSIZ];\n  printf("first\\n");\n  setbuf(stdout, buf);\n  puts("second");\n  puts("third");\n  abort();',
    terminal: 'first\nsecond\n',
    pipe: 'first\nsecond\n',
    signal: 'SIGABRT'
  },
  {
    name: 'setvbuf’s result and modes',
    body: '  printf("%d\\n", setvbuf(stdout, NULL, 7, 0));\n  printf("%d\\n", setvbuf(stdout, NULL, _IONBF, 0));\n  printf("%d %d %d\\n", _IOFBF, _IOLBF, _IONBF);\n  return 0;',
    terminal: '-1\n0\n0 1 2\n',
    pipe: '-1\n0\n0 1 2\n'
  },
  // write(2) goes past stdio's buffer; _exit(2) ends without flushing it.
  {
    // On a pipe printf's line waits in the buffer, so write's line comes out first.
    name: 'write between printfs',
    unistd: true,
    body: '  printf("hello from printf\\n");\n  write(1, "hello from write\\n", 17);\n  printf("bye\\n");\n  return 0;',
    terminal: 'hello from printf\nhello from write\nbye\n',
    pipe: 'hello from write\nhello from printf\nbye\n'
  },
  {
    // write's results: the count, -1 with EBADF (9) for an fd that is not open, -1 with EFAULT
    // (14) for memory the kernel cannot read (no signal), 0 for nothing; then _exit loses
    // everything printf left in a pipe's buffer, and a terminal's unfinished "buffered ".
    name: 'write’s results, then _exit',
    unistd: true,
    body: '  printf("buffered ");\n  long n = write(1, "direct\\n", 7);\n  printf("%ld\\n", n);\n  errno = 0;\n  n = write(5, "x", 1);\n  printf("%ld %d\\n", n, errno);\n  n = write(1, NULL, 3);\n  printf("%ld %d\\n", n, errno);\n  n = write(1, "", 0);\n  printf("%ld\\n", n);\n  printf("lost");\n  _exit(3);',
    terminal: 'direct\nbuffered 7\n-1 9\n-1 14\n0\n',
    pipe: 'direct\n'
  },
  {
    name: '_exit with stdout unbuffered loses nothing',
    unistd: true,
    body: '  setvbuf(stdout, NULL, _IONBF, 0);\n  printf("kept ");\n  _exit(0);',
    terminal: 'kept ',
    pipe: 'kept '
  }
]

const hasGcc = spawnSync('gcc', ['--version']).status === 0
const hasSetarch = spawnSync('setarch', ['-R', 'true']).status === 0
const hasScript = spawnSync('script', ['--version']).status === 0
const directory = mkdtempSync(join(tmpdir(), 'memory-lane-stdout-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

/** The case compiled by gcc and run on a pipe or a terminal, without address randomization. */
function onMachine(c: Case, index: number, device: 'pipe' | 'terminal'): string {
  const binary = join(directory, `case${index}`)
  writeFileSync(`${binary}.c`, sourceOf(c))
  const build = spawnSync('gcc', ['-O0', '-w', '-o', binary, `${binary}.c`], { encoding: 'utf8' })
  if (build.status !== 0) throw new Error(build.stderr)
  if (device === 'pipe') return spawnSync('setarch', ['-R', binary], { encoding: 'latin1' }).stdout
  // script gives the program a pseudo-terminal, which turns each \n into \r\n; stderr (assert's
  // message) would share the terminal, so it goes elsewhere.
  const r = spawnSync('script', ['-qec', `exec setarch -R ${binary} 2>/dev/null`, '/dev/null'], {
    encoding: 'latin1'
  })
  return r.stdout.replace(/\r\n/g, '\n')
}

function interpret(c: Case, device: 'pipe' | 'terminal'): RunResult {
  return runC(sourceOf(c), { stdout: device })
}

describe('stdout buffered as glibc does it, in the interpreter', () => {
  CASES.forEach((c) => {
    it(`${c.name}: what a terminal and a pipe show (worked out by hand)`, () => {
      for (const device of ['terminal', 'pipe'] as const) {
        const result = interpret(c, device)
        expect(result.stdoutBytes, device).toBe(c[device])
        expect(result.exit.signal, device).toBe(c.signal)
      }
    })
  })

  describe.runIf(hasGcc && hasSetarch)('against gcc and glibc on this machine', () => {
    CASES.forEach((c, index) => {
      it(`${c.name}: pipe${hasScript ? ' and terminal' : ''}`, () => {
        expect(interpret(c, 'pipe').stdoutBytes).toBe(onMachine(c, index, 'pipe'))
        if (hasScript)
          expect(interpret(c, 'terminal').stdoutBytes).toBe(onMachine(c, index, 'terminal'))
      })
    })
  })

  it('is a terminal by default on linux-x86_64, and unbuffered without a buffer on classroom', () => {
    const program = source('  printf("x\\n");\n  printf("%p\\n", malloc(16));\n  return 0;')
    expect(runC(program).stdout).toBe('x\n0x5555555596b0\n')
    // classroom: first fit, the heap starts at 0x4000 and a block's 16-byte header comes first.
    expect(runC(program, { layout: 'classroom' }).stdout).toBe('x\n0x4010\n')
    const unbuffered = runC(source('  printf("partial");\n  abort();'), { stdout: 'unbuffered' })
    expect(unbuffered.stdout).toBe('partial')
  })

  it('does not count the buffer as a leak or as still reachable (valgrind: freed at exit)', () => {
    // valgrind 3.19 on this program: "All heap blocks were freed", and with the malloc kept,
    // "definitely lost: 16 bytes in 1 blocks", "still reachable: 0 bytes in 0 blocks".
    const result = runC(source('  printf("x\\n");\n  malloc(16);\n  return 0;'))
    expect(result.leakSummary.definitelyLostBytes).toBe(16)
    expect(result.leakSummary.reachableBytes).toBe(0)
    expect(result.leakSummary.blocks.map((b) => b.address)).toEqual([0x5555555596b0])
  })

  it('shows the buffer in the heap as the C library block malloc’d by the first output', () => {
    const s = new RunSession(source('  int n = 1;\n  printf("n = %d", n);\n  return 0;'))
    s.runToEnd()
    const buffer = s.state().blocks.find((b) => b.role === 'stdio-buffer')
    // Line 6 is the printf (three #include lines, `int main`, `int n`); the chunk is 0x410.
    expect(buffer).toMatchObject({ payload: 0x5555555592a0, size: 0x410, free: false })
    expect(buffer?.allocated?.line).toBe(6)
    // The text waiting in the buffer is in the heap, where glibc copied it.
    s.jumpTo(s.currentStep - 1)
    const dump = s.readMemory(0x5555555592a0, 5)
    expect(String.fromCharCode(...dump.bytes.map((b) => b ?? 0))).toBe('n = 1')
  })

  it('keeps the last text written at each offset of the buffer, lines that went out included', () => {
    // gcc 12's binary, on a terminal (script) under setarch -R, read stdout->_IO_buf_base[0..7]
    // after these four printfs: 120 121 99 10 111 10 0 0 ("xy" over "abc\n" over "hello\n"),
    // its buffer at 0x5555555592a0. A flush moves _IO_write_ptr back and leaves the bytes.
    const s = new RunSession(
      source(
        '  printf("hello\\n");\n  printf("ab");\n  printf("c\\n");\n  printf("xy");\n  return 0;'
      )
    )
    const bytesAt = (line: number) => {
      s.runToLine(line)
      const dump = s.readMemory(0x5555555592a0, 8)
      return dump.bytes.map((b, i) => (dump.initialized[i] ? b : '??'))
    }
    expect(bytesAt(6)).toEqual([104, 101, 108, 108, 111, 10, '??', '??']) // "hello\n", gone out
    expect(bytesAt(8)).toEqual([97, 98, 99, 10, 111, 10, '??', '??'])
    expect(bytesAt(9)).toEqual([120, 121, 99, 10, 111, 10, '??', '??'])
    // glibc never wrote the rest: malloc does not clear it (on a real machine the fresh heap's
    // zeros; memcheck calls them undefined), so the inspector shows ?? there
  })
})

describe('setvbuf on stdin and stderr', () => {
  // With "abc" on a pipe. An unbuffered stdin reads one byte per read() and mallocs nothing,
  // and each of its reads flushes a line-buffered stdout (glibc's _IO_new_file_underflow), so
  // both addresses are out before abort(): the second malloc comes right after stdout's
  // 0x1010-byte buffer (0x5555555592c0 + 0x1010 = 0x55555555a2d0). A line-buffered stdin's
  // first read flushes stdout, mallocs its 4096 bytes and reads all of "abc", so the second
  // getchar reads from the buffer and flushes nothing. A fully buffered stdin's read flushes
  // nothing, so everything is lost.
  const STDIN_CASES = [
    {
      mode: '_IONBF',
      expected: '0x5555555592a0 0x55555555a2d0 '
    },
    { mode: '_IOLBF', expected: '0x5555555592a0 ' },
    { mode: '_IOFBF', expected: '' }
  ]
  const program = (mode: string) =>
    source(
      `  setvbuf(stdin, NULL, ${mode}, 0);\n  setvbuf(stdout, NULL, _IOLBF, 0);\n  printf("%p ", malloc(16));\n  getchar();\n  printf("%p ", malloc(16));\n  getchar();\n  printf("lost");\n  abort();`
    )

  for (const { mode, expected } of STDIN_CASES) {
    it(`stdin ${mode}: what a read flushes and what it mallocs (by hand${hasGcc && hasSetarch ? ', and gcc' : ''})`, () => {
      const result = runC(program(mode), { stdout: 'pipe', stdin: 'abc' })
      expect(result.stdoutBytes).toBe(expected)
      expect(result.exit.signal).toBe('SIGABRT')
      if (hasGcc && hasSetarch) {
        const binary = join(directory, `stdin-${mode}`)
        writeFileSync(`${binary}.c`, program(mode))
        expect(spawnSync('gcc', ['-O0', '-w', '-o', binary, `${binary}.c`]).status).toBe(0)
        const real = spawnSync('setarch', ['-R', binary], { input: 'abc', encoding: 'latin1' })
        expect(real.stdout).toBe(expected)
      }
    })
  }

  it('stderr is unbuffered already; other buffering of stderr or stdin stops the run, saying so', () => {
    const ok = runC(source('  printf("%d\\n", setvbuf(stderr, NULL, _IONBF, 0));\n  return 0;'))
    expect(ok.stdout).toBe('0\n')
    const refused = [
      '  setvbuf(stderr, NULL, _IOFBF, 0);\n  return 0;',
      '  static char b[64];\n  setvbuf(stdin, b, _IOFBF, sizeof b);\n  return 0;',
      '  getchar();\n  setvbuf(stdin, NULL, _IONBF, 0);\n  return 0;'
    ]
    for (const body of refused) {
      const r = runC(source(body))
      expect(r.exit.reason?.key, body).toBe('exit.bufferingUnsupported')
      expect(r.exit.line, body).toBeGreaterThan(4)
    }
  })

  it('stepping back across setvbuf gives a fresh run’s state', () => {
    const program = source(
      '  printf("a\\n");\n  setvbuf(stdout, NULL, _IONBF, 0);\n  printf("b");\n  setvbuf(stdout, NULL, _IOFBF, 0);\n  printf("c");\n  return 0;'
    )
    const fresh = (k: number) => {
      const s = new RunSession(program, { stdout: 'pipe', snapshotInterval: 1 })
      for (let i = 0; i < k; i++) s.step('statement')
      return JSON.parse(JSON.stringify(s.state()))
    }
    const s = new RunSession(program, { stdout: 'pipe', snapshotInterval: 1 })
    s.runToEnd()
    expect(s.state().output).toBe('a\nbc')
    for (const k of [1, 2, 3, 4, 5]) {
      s.jumpTo(k)
      expect(JSON.parse(JSON.stringify(s.state())), `step ${k}`).toEqual(fresh(k))
    }
  })
})

describe('stdout and time travel', () => {
  // Output waits in the buffer across snapshots: characters without a newline, then a newline.
  const PROGRAM = source(
    "  for (int i = 0; i < 40; i++) {\n    putchar('a' + i % 26);\n    if (i % 13 == 12) putchar('\\n');\n  }\n  printf(\"end\");\n  return 0;"
  )

  function fresh(k: number): unknown {
    const s = new RunSession(PROGRAM, { snapshotInterval: 16 })
    for (let i = 0; i < k && !s.finished; i++) s.step('statement')
    return JSON.parse(JSON.stringify(s.state()))
  }

  it('stepping back and jumping give the state and the output of a fresh run', () => {
    const s = new RunSession(PROGRAM, { snapshotInterval: 16 })
    s.runToEnd()
    const end = s.currentStep
    // 40 letters with a newline after each 13th: three lines, then "a" and "end" at exit.
    expect(s.state().output).toBe('abcdefghijklm\nnopqrstuvwxyz\nabcdefghijklm\n' + 'n' + 'end')
    for (const k of [end - 1, 60, 31, 5, end]) {
      s.jumpTo(k)
      expect(JSON.parse(JSON.stringify(s.state())), `step ${k}`).toEqual(fresh(k))
    }
    s.jumpTo(10)
    s.runToEnd()
    expect(s.state().output).toBe('abcdefghijklm\nnopqrstuvwxyz\nabcdefghijklm\nnend')
  })
})
