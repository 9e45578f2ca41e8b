/**
 * The front end against gcc 12 on this machine: programs whose output, warnings and their
 * line:column must be what gcc -Wall gives (line splicing, `long long` types in -Wformat,
 * printf's %n, gcc's memory warnings, hex floats and binary constants). The expected values
 * are worked out by hand in the comments; when gcc is present the same program is compiled
 * and run to check them against the real compiler.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compile, runC, type Diagnostic } from './index'
import { SplicedSource } from './lexer'

const hasGcc = spawnSync('gcc', ['--version']).status === 0

/** gcc's view of a program: its -Wall diagnostics as `line:column: kind: text`, and a run. */
interface GccResult {
  diagnostics: string[]
  stdout: string
  status: number | null
}

function gcc(source: string): GccResult {
  const dir = mkdtempSync(join(tmpdir(), 'lang-fidelity-'))
  try {
    writeFileSync(join(dir, 'p.c'), source)
    const build = spawnSync('gcc', ['-O0', '-Wall', '-o', 'p', 'p.c'], {
      cwd: dir,
      encoding: 'utf8'
    })
    const diagnostics = [
      ...build.stderr.matchAll(/^p\.c:(\d+):(\d+): (warning|error): (.*)$/gm)
    ].map((m) => `${m[1]}:${m[2]}: ${m[3]}: ${m[4]}`)
    if (build.status !== 0) return { diagnostics, stdout: '', status: null }
    const run = spawnSync(join(dir, 'p'), [], { encoding: 'utf8' })
    return { diagnostics, stdout: run.stdout, status: run.status ?? 128 + 11 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Where gcc's diagnostics are, `line:column`, for those whose text matches `text`. */
function gccPlaces(result: GccResult, text: RegExp): string[] {
  return result.diagnostics.filter((d) => text.test(d)).map((d) => /^\d+:\d+/.exec(d)![0])
}

function diagnosticsOf(source: string): Diagnostic[] {
  const r = compile(source, { file: 'p.c' })
  return r.ok ? r.program.warnings : r.diagnostics
}

/** Where Memory Lane's diagnostics with message key `key` are, `line:column`. */
function places(source: string, key: string): string[] {
  return diagnosticsOf(source)
    .filter((d) => d.reason?.key === key)
    .map((d) => `${d.line}:${d.column}`)
}

describe('line splicing (translation phase 2)', () => {
  const program = [
    '#include <stdio.h>',
    '#define GREETING "hel\\',
    'lo"',
    '#define SUM 1 + \\',
    '  2',
    'int main(void) {',
    '    int va\\',
    'lue = 4\\',
    '2;',
    '    printf("%s %d one \\',
    'two %d\\n", GREETING, value, SUM);',
    '    // gone \\',
    '    value = 100;',
    '    /* block \\',
    '       comment */ int x = 7;',
    '    printf("%d %d\\n", value, x);',
    '    return 0;',
    '}',
    ''
  ].join('\n')

  it('joins lines in strings, names, numbers, directives and comments, as gcc does', () => {
    // `va` + `lue` is one name, `4` + `2` one number; the string continues without a newline;
    // GREETING is "hel" + "lo"; SUM is 1 + 2; the line after `// gone \` is comment, so
    // value stays 42.
    const expected = 'hello 42 one two 3\n42 7\n'
    const result = runC(program, { file: 'p.c' })
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(result.stdout).toBe(expected)
    if (hasGcc) expect(gcc(program).stdout).toBe(expected)
  })

  it('warns of a `//` comment that swallows the next line where gcc -Wall does (-Wcomment)', () => {
    // The `//` of line 12 starts in column 5 (after four spaces).
    expect(places(program, 'lexer.multiLineComment')).toEqual(['12:5'])
    if (hasGcc) expect(gccPlaces(gcc(program), /multi-line comment/)).toEqual(['12:5'])
  })

  it('splices a backslash followed by spaces, and warns at the backslash as gcc does', () => {
    const spaced = [
      'int main(void) {',
      '    int x = 1 + \\  ', // the backslash is column 17: 4 spaces + "int x = 1 + " (12)
      '2;',
      '    // spaces after a backslash in a comment draw no warning of their own \\ ',
      '    x = 9;',
      '    return x;',
      '}',
      ''
    ].join('\n')
    expect(places(spaced, 'lexer.backslashSpaceNewline')).toEqual(['2:17'])
    expect(places(spaced, 'lexer.multiLineComment')).toEqual(['4:5'])
    // x = 1 + 2 and the assignment on line 5 is part of the comment.
    expect(runC(spaced).status).toBe(3)
    if (hasGcc) {
      const real = gcc(spaced)
      expect(gccPlaces(real, /backslash and newline separated by space/)).toEqual(['2:17'])
      expect(real.status).toBe(3)
    }
  })

  it('reports a later error at its physical line and column, as gcc does', () => {
    const broken = [
      'int main(void) {',
      '    int a = 1 + \\',
      '2;',
      '    const char *s = "x\\',
      'y";',
      '    return a + undeclared_name;',
      '}',
      ''
    ].join('\n')
    // Line 6, after four spaces and "return a + " (11 characters): column 16.
    const errors = diagnosticsOf(broken).filter((d) => d.severity === 'error')
    expect(errors.map((d) => `${d.line}:${d.column}`)).toEqual(['6:16'])
    expect(errors[0].excerpt.split('\n')[0]).toBe('6 |     return a + undeclared_name;')
    if (hasGcc) expect(gccPlaces(gcc(broken), /undeclared/)).toEqual(['6:16'])
  })

  it('maps offsets of the spliced text back to the file', () => {
    // "ab\\\ncd\\  \r\nef": the first splice removes 2 characters, the second 5 (\, 2 spaces, \r\n).
    const spliced = new SplicedSource('ab\\\ncd\\  \r\nef')
    expect(spliced.text).toBe('abcdef')
    expect(spliced.physical(1)).toEqual({ line: 1, column: 2 }) // b
    expect(spliced.physical(2)).toEqual({ line: 2, column: 1 }) // c
    expect(spliced.physical(4)).toEqual({ line: 3, column: 1 }) // e
    expect(spliced.splices.map((s) => s.spaced)).toEqual([false, true])
    // A backslash that does not end its line is kept.
    expect(new SplicedSource('a\\b\n').text).toBe('a\\b\n')
  })
})
