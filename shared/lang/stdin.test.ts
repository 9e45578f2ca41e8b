/**
 * stdin's buffer as glibc 2.36 makes it: the first read (getchar) mallocs it, even at the end of
 * the input — 4096 bytes when stdin is a pipe or a file, 1024 on a terminal — so every later
 * heap address moves. Each program prints the distance between a block malloc'd before the
 * first read and one malloc'd after; the expected figures are worked out by hand from glibc's
 * chunk sizes (a 16-byte request: a 0x20 chunk; a 4096-byte buffer: 0x1010; 1024: 0x410) and,
 * when gcc, setarch and script are on this machine, compared with the real program.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runC } from './index'
import { RunSession } from './session'

interface Case {
  name: string
  source: string
  input: string
  /** What the program prints with stdin and stdout on pipes, and on a terminal. */
  pipe: string
  terminal: string
}

const READ_ONE = `#include <stdio.h>
#include <stdlib.h>
int main(void) {
  char *a = malloc(16);
  int c = getchar();
  char *b = malloc(16);
  printf("%ld %d\\n", (long)(b - a), c);
  return 0;
}
`

const PROMPT_THEN_READ = `#include <stdio.h>
#include <stdlib.h>
int main(void) {
  char *a = malloc(16);
  printf("ask\\n");
  int c = getchar();
  char *b = malloc(16);
  printf("%ld %c\\n", (long)(b - a), c);
  return 0;
}
`

const READ_ALL = `#include <stdio.h>
#include <stdlib.h>
int main(void) {
  char *a = malloc(16);
  long count = 0, lines = 0;
  int c;
  while ((c = getchar()) != EOF) { count++; if (c == '\\n') lines++; }
  char *b = malloc(16);
  printf("%ld %ld %ld\\n", (long)(b - a), count, lines);
  return 0;
}
`

const GETLINE = `#include <stdio.h>
#include <stdlib.h>
int main(void) {
  char *a = malloc(16);
  char *line = NULL;
  size_t cap = 0;
  long n;
  while ((n = getline(&line, &cap, stdin)) != -1)
    printf("%ld %zu %ld\\n", n, cap, (long)(line - a));
  printf("end %zu\\n", cap);
  free(line);
  return 0;
}
`

const GETLINE_AT_EOF = `#include <stdio.h>
#include <stdlib.h>
int main(void) {
  char *a = malloc(16);
  char *line = NULL;
  size_t cap = 0;
  long n = getline(&line, &cap, stdin);
  char *b = malloc(16);
  printf("%ld %zu %ld\\n", n, cap, (long)(b - a));
  return 0;
}
`

const CASES: Case[] = [
  {
    name: 'the first getchar mallocs the buffer',
    source: READ_ONE,
    input: 'y\n',
    // a's chunk 0x20, then stdin's: 0x20 + 0x1010 = 4144 (pipe), 0x20 + 0x410 = 1072 (terminal).
    pipe: '4144 121\n',
    terminal: '1072 121\n'
  },
  {
    name: 'even when there is nothing to read',
    source: READ_ONE,
    input: '',
    pipe: '4144 -1\n',
    terminal: '1072 -1\n'
  },
  {
    name: "after stdout's buffer",
    source: PROMPT_THEN_READ,
    input: 'y\n',
    // a, stdout's buffer, stdin's: 0x20 + 2 × 0x1010 = 8256; on a terminal 0x20 + 2 × 0x410 = 2112.
    pipe: 'ask\n8256 y\n',
    terminal: 'ask\n2112 y\n'
  },
  {
    name: 'refilling it mallocs nothing more',
    source: READ_ALL,
    // 50 lines of 100 bytes: 5,000 bytes, two refills of a 4096-byte buffer, 50 of a terminal's.
    input: ('x'.repeat(99) + '\n').repeat(50),
    pipe: '4144 5000 50\n',
    terminal: '1072 5000 50\n'
  },
  {
    // getline mallocs its 120-byte line (a 0x80 chunk, 32 bytes after a's) before the first
    // read mallocs stdin's buffer after it, and printf stdout's. The 201-byte line needs 202
    // bytes, less than twice 120, so realloc(line, 240): stdin's buffer follows the line's
    // chunk, so the block moves to the top: 0x20 + 0x80 + 2 × 0x1010 = 8384 on pipes,
    // 0x20 + 0x80 + 2 × 0x410 = 2240 on a terminal.
    name: 'getline mallocs the line, then reallocs it',
    source: GETLINE,
    input: 'hi\n' + 'x'.repeat(200) + '\nend\n',
    pipe: '3 120 32\n201 240 8384\n4 240 8384\nend 240\n',
    terminal: '3 120 32\n201 240 2240\n4 240 2240\nend 240\n'
  },
  {
    // At the end of the input getline answers -1, its 120 bytes and stdin's buffer malloc'd:
    // 0x20 + 0x80 + 0x1010 = 4272, or + 0x410 = 1200.
    name: 'getline at the end of the input',
    source: GETLINE_AT_EOF,
    input: '',
    pipe: '-1 120 4272\n',
    terminal: '-1 120 1200\n'
  }
]

describe("stdin's buffer in the interpreter (worked out by hand)", () => {
  CASES.forEach((c) => {
    it(c.name, () => {
      expect(runC(c.source, { stdin: c.input, stdout: 'pipe' }).stdout).toBe(c.pipe)
      expect(runC(c.source, { stdin: c.input, stdout: 'terminal' }).stdout).toBe(c.terminal)
    })
  })

  it('classroom allocates no buffer', () => {
    // classroom's first-fit heap: a at 0x4010, b right after its 16 + 16-byte block.
    const r = runC(READ_ONE, { layout: 'classroom', stdin: 'y\n' })
    expect(r.stdout).toBe('32 121\n')
  })

  it("is the C library's, neither leaked nor still reachable", () => {
    const r = runC('#include <stdio.h>\nint main(void) { return getchar() == 121 ? 0 : 1; }\n', {
      stdin: 'y',
      stdout: 'pipe'
    })
    expect(r.status).toBe(0)
    expect(r.leakSummary.definitelyLostBytes + r.leakSummary.indirectlyLostBytes).toBe(0)
    // valgrind 3.19: "All heap blocks were freed" (__libc_freeres frees it at exit).
    expect(r.leakSummary.reachableBytes).toBe(0)
    expect(r.leakSummary.blocks).toEqual([])
  })

  it('shows the buffer in the heap as the C library block malloc’d by the first read', () => {
    const s = new RunSession(
      '#include <stdio.h>\nint main(void) {\n  int c = getchar();\n  return c;\n}\n',
      { stdin: 'y', stdout: 'pipe' }
    )
    s.runToEnd()
    const buffer = s.state().blocks.find((b) => b.role === 'stdin-buffer')
    // The heap's first chunk after the tcache's 0x290 bytes: 0x555555559000 + 0x290 + 0x10 is
    // the payload; a pipe's 4096 bytes make a 4096 + 8 -> 0x1010-byte chunk; line 3 reads.
    expect(buffer).toMatchObject({ payload: 0x5555555592a0, size: 0x1010, free: false })
    expect(buffer?.allocated?.line).toBe(3)
    expect(s.state().blocks.filter((b) => b.role === 'stdio-buffer')).toEqual([])
  })
})

const hasGcc = spawnSync('gcc', ['--version']).status === 0
const hasSetarch = hasGcc && spawnSync('setarch', ['-R', 'true']).status === 0
const hasScript = spawnSync('script', ['--version']).status === 0
const work = mkdtempSync(join(tmpdir(), 'memory-lane-stdin-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

function build(c: Case, index: number): string {
  const binary = join(work, `case${index}`)
  writeFileSync(`${binary}.c`, c.source)
  const r = spawnSync('gcc', ['-O0', '-w', '-o', binary, `${binary}.c`], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(r.stderr)
  return binary
}

describe.runIf(hasSetarch)("stdin's buffer against glibc on this machine", () => {
  CASES.forEach((c, index) => {
    it(`${c.name}: pipe${hasScript ? ' and terminal' : ''}`, () => {
      const binary = build(c, index)
      const piped = spawnSync('setarch', ['-R', binary], { input: c.input, encoding: 'latin1' })
      expect(piped.stdout).toBe(c.pipe)
      if (!hasScript) return
      // On a pseudo-terminal the input is typed (echoed back, \n as \r\n) and ended with ^D; the
      // program's last line is compared.
      const typed = spawnSync('script', ['-qec', `exec setarch -R ${binary}`, '/dev/null'], {
        input: c.input + '\u0004',
        encoding: 'latin1'
      })
      const lines = typed.stdout.replace(/\r\n/g, '\n').trimEnd().split('\n')
      expect(lines[lines.length - 1] + '\n').toBe(c.terminal.trimEnd().split('\n').pop() + '\n')
    })
  })
})
