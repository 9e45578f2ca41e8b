/**
 * `.rodata` holds what gcc 12 -O0 puts there, byte for byte: a learner comparing the text-and-data
 * lesson with `objdump -s -j .rodata` sees the same constants at the same offsets. gcc rewrites
 * a `printf` whose value is unused (gimple_fold_builtin_printf, checked with `gcc -O0 -S` here):
 * `printf("hello\n")` → `puts("hello")`, `printf("x")` → `putchar('x')`, `printf("%s\n", s)`
 * → `puts(s)`, `printf("%c", c)` → `putchar(c)`, `printf("%s", "lit\n")` → `puts("lit")`; the
 * literals it no longer passes are not output at all. The expected strings are worked out by
 * hand from those rules; with gcc and objcopy present, the real section is compared byte for byte.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compile, runC } from './index'
import { hasGcc, gccOutput } from '../../tools/gcc'

const hasObjcopy = hasGcc && spawnSync('objcopy', ['--version']).status === 0

/** `_IO_stdin_used` (crt1's 4 bytes, the value 0x20001) opens every program's .rodata. */
const IO_STDIN_USED = [1, 0, 2, 0]

/** The simulator's .rodata: crt1's word, padding to the program's alignment, its bytes. */
function simulated(source: string): { bytes: number[]; literals: string[] } {
  const result = compile(source)
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics))
  const { image, objects, sectionHints } = result.program.compiled
  const align = Math.max(1, sectionHints?.rodataAlignment ?? 1)
  const start = Math.ceil(IO_STDIN_USED.length / align) * align
  const bytes = [...IO_STDIN_USED, ...Array<number>(start - IO_STDIN_USED.length).fill(0)]
  bytes.push(...image.rodata)
  const literals = objects
    .filter((o) => o.kind === 'literal' && o.section === 'rodata')
    .sort((a, b) => a.offset - b.offset)
    .map((o) => o.text ?? '')
  return { bytes, literals }
}

/** The real .rodata of `source` compiled by gcc -O0 (objcopy writes the section's raw bytes). */
function real(source: string): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'rodata-gcc-'))
  try {
    writeFileSync(join(dir, 'p.c'), source)
    const build = spawnSync('gcc', ['-O0', '-w', '-o', 'p', 'p.c'], { cwd: dir, encoding: 'utf8' })
    if (build.status !== 0) throw new Error(build.stderr)
    const copy = spawnSync('objcopy', ['-O', 'binary', '-j', '.rodata', 'p', 'rodata.bin'], {
      cwd: dir,
      encoding: 'utf8'
    })
    if (copy.status !== 0) throw new Error(copy.stderr)
    return [...readFileSync(join(dir, 'rodata.bin'))]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const CASES: Array<{ name: string; source: string; literals: string[]; stdout: string }> = [
  {
    // learnerqa13's program: "hello\n" becomes puts's "hello"; only that is output.
    name: 'printf("hello\\n") is puts("hello")',
    source: '#include <stdio.h>\nint main(void) {\n  printf("hello\\n");\n  return 0;\n}\n',
    literals: ['hello'],
    stdout: 'hello\n'
  },
  {
    // "x" and "%c" go (putchar of a constant and of c); "%s\n" goes (puts(s)); "%s" and "lit\n"
    // go for puts's "lit"; "" goes with its call. Kept, in gcc's order: s's "world" (main's
    // first statement), "hello", "lit", and the printf left alone, "keep %d\n".
    name: 'every rewrite gcc makes of printf',
    source: [
      '#include <stdio.h>',
      'int main(void) {',
      '  const char *s = "world";',
      "  int c = 'z';",
      '  printf("hello\\n");',
      '  printf("x");',
      '  printf("%s\\n", s);',
      '  printf("%c", c);',
      '  printf("%s", "lit\\n");',
      '  printf("");',
      '  printf("keep %d\\n", 3);',
      '  return 0;',
      '}',
      ''
    ].join('\n'),
    literals: ['world', 'hello', 'lit', 'keep %d\n'],
    stdout: 'hello\nxworld\nzlit\nkeep 3\n'
  },
  {
    // A printf whose value is used is a call of printf: its format is output whole. The same
    // text in a rewritten printf then shares that one copy ("two\n", puts's "two" besides).
    name: 'a printf whose value is used keeps its literal',
    source: [
      '#include <stdio.h>',
      'int main(void) {',
      '  int n = printf("two\\n");',
      '  printf("two\\n");',
      '  return n;',
      '}',
      ''
    ].join('\n'),
    literals: ['two\n', 'two'],
    stdout: 'two\ntwo\n'
  }
]

describe('.rodata holds what gcc puts there', () => {
  for (const c of CASES) {
    it(`${c.name}: the literals, in order, and the same output`, () => {
      expect(simulated(c.source).literals).toEqual(c.literals)
      expect(runC(c.source, { stdout: 'pipe' }).stdoutBytes).toBe(c.stdout)
    })
    it.runIf(hasObjcopy)(`${c.name}: byte for byte as gcc's .rodata`, () => {
      expect(simulated(c.source).bytes).toEqual(real(c.source))
      expect(gccOutput(c.source)).toBe(c.stdout)
    })
  }
})
