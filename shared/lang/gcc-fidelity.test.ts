/**
 * The front end against gcc 12 on this machine: programs whose output, warnings and their
 * line:column must be what gcc -Wall gives (line splicing, `long long` types in -Wformat,
 * printf's %n, gcc's memory warnings, hex floats and binary constants). The expected values
 * are worked out by hand in the comments; when gcc is present the same program is compiled
 * and run to check them against the real compiler.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { constants, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compile, runC, type Diagnostic } from './index'
import { SplicedSource } from './lexer'
import { integer, typeName, usualArithmetic, type IntegerName } from './types'

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
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C' }
    })
    const diagnostics = [
      ...build.stderr.matchAll(/^p\.c:(\d+):(\d+): (warning|error): (.*)$/gm)
    ].map((m) => `${m[1]}:${m[2]}: ${m[3]}: ${m[4]}`)
    if (build.status !== 0) return { diagnostics, stdout: '', status: null }
    const run = spawnSync(join(dir, 'p'), [], { encoding: 'utf8' })
    // A fatal signal as a shell reports it: 128 + its number.
    const signal = run.signal ? constants.signals[run.signal] : 0
    return { diagnostics, stdout: run.stdout, status: run.status ?? 128 + signal }
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

describe('long long arithmetic keeps its type (finding 7)', () => {
  const NAMES: IntegerName[] = [
    'char',
    'unsigned short',
    'int',
    'unsigned int',
    'long',
    'unsigned long',
    'long long',
    'unsigned long long'
  ]

  it('the usual arithmetic conversions go by rank, as C11 6.3.1.8 and gcc', () => {
    // By hand: char and unsigned short promote to int. Same signedness: the higher rank. An
    // unsigned operand of rank >= the signed one's: unsigned. A signed operand wider than the
    // unsigned one (long with unsigned int): signed. long long with unsigned long (same width,
    // higher rank): unsigned long long.
    const expected: Record<string, string> = {
      'int|unsigned int': 'unsigned int',
      'int|long long': 'long long',
      'long|long long': 'long long',
      'long|unsigned int': 'long',
      'long|unsigned long': 'unsigned long',
      'long|unsigned long long': 'unsigned long long',
      'long long|unsigned int': 'long long',
      'long long|unsigned long': 'unsigned long long',
      'unsigned long|unsigned long long': 'unsigned long long',
      'char|unsigned short': 'int',
      'char|long long': 'long long'
    }
    for (const [pair, type] of Object.entries(expected)) {
      const [a, b] = pair.split('|') as [IntegerName, IntegerName]
      expect(typeName(usualArithmetic(integer(a), integer(b))), pair).toBe(type)
      expect(typeName(usualArithmetic(integer(b), integer(a))), pair).toBe(type)
    }
    if (!hasGcc) return
    // Every pair against gcc: _Generic names the type of the sum.
    const generic = NAMES.map((n) => `${n}: "${n}"`).join(', ')
    const lines = NAMES.flatMap((a) =>
      NAMES.map((b) => `    puts(_Generic((${a})0 + (${b})0, ${generic}));`)
    )
    const program = `#include <stdio.h>\nint main(void) {\n${lines.join('\n')}\n    return 0;\n}\n`
    const real = gcc(program).stdout.trim().split('\n')
    const ours = NAMES.flatMap((a) =>
      NAMES.map((b) => typeName(usualArithmetic(integer(a), integer(b))))
    )
    expect(ours).toEqual(real)
  })

  const formats = [
    '#include <stdio.h>',
    '#include <limits.h>',
    'int main(void) {',
    '    long long a = 5LL;',
    '    unsigned long ul = 3;',
    '    unsigned int ui = 7;',
    '    long l = 2;',
    '    printf("%lld %lld %lld %lld\\n", -5LL, 5LL - 1LL, a - 1LL, 2LL * 3LL);',
    '    printf("%ld\\n", 5LL - 1LL);',
    '    printf("%lld\\n", LLONG_MIN);',
    '    printf("%llu %llu\\n", 1ULL + 2ULL, ul + a);',
    '    printf("%ld %lld %lu\\n", l + ui, l + a, ul + l);',
    '    printf("%ld %d\\n", a * 2, a > 1);',
    '    printf("%lu\\n", ul + a);',
    '    printf("%d\\n", l);',
    '    return 0;',
    '}',
    ''
  ].join('\n')

  it('-Wformat warns exactly where gcc -Wall does', () => {
    // Line 9: `%ld` with 5LL - 1LL (a long long); 13: `%ld` with a * 2; 14: `%lu` with
    // ul + a (unsigned long long); 15: `%d` with a long. Each at its directive in the format:
    // column 15 is the `%` after `    printf("` (4 + 8 characters + 1), 14 on line 15 (`%d`).
    // LLONG_MIN is (-9223372036854775807LL - 1LL): a long long, fine for `%lld`.
    const expected = ['9:15', '13:15', '14:15', '15:14']
    expect(places(formats, 'checker.formatArgumentType')).toEqual(expected)
    if (hasGcc) expect(gccPlaces(gcc(formats), /format '%/)).toEqual(expected)
  })

  it('names the argument by its number and type, with the right article', () => {
    const first = diagnosticsOf(formats).find((d) => d.line === 9)!
    expect(first.message).toBe(
      "The format's `%ld` expects `long`, but argument 2 has type `long long`: printf does not convert it and prints nonsense."
    )
    // "a `long`", not "an `long`"; "an `int`" stays.
    const arrow = (type: string): string =>
      diagnosticsOf(`int main(void) {\n    ${type} v = 1;\n    return v->next;\n}\n`)[0].message
    expect(arrow('long')).toBe('`v` is a `long`, so `v->next` needs a struct pointer.')
    expect(arrow('int')).toBe('`v` is an `int`, so `v->next` needs a struct pointer.')
  })
})

describe('printf stores the count with %n (finding 13)', () => {
  it('%n, %hhn, %hn, %ln and %lln store the bytes output so far, at their widths', () => {
    const program = [
      '#include <stdio.h>',
      'int main(void) {',
      '    int n = -1; signed char c = 0; short h = 0; long l = 0; long long ll = 0;',
      '    char buf[512];',
      '    printf("hello%n world%hhn!%ln\\n", &n, &c, &l);',
      '    printf("%d %d %ld\\n", n, c, l);',
      '    int w = sprintf(buf, "%300d%hhn%hn|%lln", 7, &c, &h, &ll);',
      '    printf("%d %d %d %lld\\n", w, c, h, ll);',
      '    int k = snprintf(buf, 4, "abcdef%n", &n);',
      '    printf("%d %d %s\\n", k, n, buf);',
      '    return 0;',
      '}',
      ''
    ].join('\n')
    // "hello" is 5 bytes; " world" makes 11; "!" 12. sprintf: %300d is 300 bytes, so %hhn
    // stores 300 mod 256 = 44, %hn 300, and after "|" %lln 301. snprintf counts the 6 bytes
    // it would write, though it keeps only "abc" (3 and the NUL).
    const expected = 'hello world!\n5 11 12\n301 44 300 301\n6 6 abc\n'
    const result = runC(program, { file: 'p.c' })
    expect(result.stdout).toBe(expected)
    if (hasGcc) expect(gcc(program).stdout).toBe(expected)
  })

  it('a NULL pointer for %n faults as the real printf does', () => {
    const program = [
      '#include <stdio.h>',
      'int main(void) {',
      '    printf("x%n\\n", (int *)0);',
      '    puts("not reached");',
      '    return 0;',
      '}',
      ''
    ].join('\n')
    const result = runC(program, { file: 'p.c' })
    expect(result.exit.signal).toBe('SIGSEGV')
    expect(result.exit.line).toBe(3)
    // 128 + SIGSEGV (11); the buffered "x" is lost with the process.
    expect(result.status).toBe(139)
    if (hasGcc) expect(gcc(program).status).toBe(139)
  })
})

describe('-Woverflow: a constant that does not fit its target (finding 14)', () => {
  const program = [
    'void f(char c) { (void)c; }',
    'char g(void) { return 400; }',
    'int main(void) {',
    '    char a = 300;',
    '    unsigned char b = -200;',
    '    unsigned char c = -128;',
    '    f(1000);',
    '    char d = 255;',
    '    short e = -32769;',
    '    unsigned short h = 65536;',
    '    int i = 4294967296L;',
    '    int j = 3000000000;',
    '    unsigned int k = -1;',
    '    char m = 100 * 3;',
    '    char arr[2] = {300, 1};',
    '    struct { char x; } s = {300};',
    '    s.x = 1000;',
    '    char n = (char)300;',
    '    _Bool p = 5;',
    '    unsigned char q = 0u - 1;',
    '    unsigned char r = 256u * 16777216u;',
    '    return a + b + c + d + e + h + i + j + k + m + arr[0] + s.x + n + p + q + r + g();',
    '}',
    ''
  ].join('\n')

  it('warns exactly where gcc does, at the start of the converted expression', () => {
    // A width of n bits takes -2^(n-1) .. 2^n - 1 silently (both signed and unsigned values):
    // char: -128..255, so 300 (4), 400 (2), 1000 (7, 17) and 100 * 3 (14) warn and 255 (8)
    // does not; unsigned char -200 (5) warns, -128 (6) does not; short -32769 (9), unsigned
    // short 65536 (10); int from long 4294967296 (11) but not 3000000000 (12) or -1 (13);
    // initializer lists (15, 16). A cast (18), _Bool (19) and unsigned arithmetic that wraps
    // (0u - 1 is 4294967295: 20 warns; 256u * 16777216u is 0: 21 does not).
    const expected = [
      '2:23',
      '4:14',
      '5:23',
      '7:7',
      '9:15',
      '10:24',
      '11:13',
      '14:14',
      '15:20',
      '16:29',
      '17:11',
      '20:23'
    ]
    expect(places(program, 'checker.overflowConversion')).toEqual(expected)
    if (hasGcc) expect(gccPlaces(gcc(program), /-Woverflow/)).toEqual(expected)
  })

  it('says the value and what it becomes', () => {
    const d = diagnosticsOf(program).find((x) => x.line === 4)!
    // 300 - 256 = 44.
    expect(d.message).toBe(
      'The value 300 does not fit in `char`: converting this `int` to `char` changes it to 44.'
    )
  })
})

describe('small front-end gaps (finding 16)', () => {
  it('reads hexadecimal floating constants and GNU binary constants as gcc does', () => {
    const program = [
      '#include <stdio.h>',
      'int main(void) {',
      '    double a = 0x1p3, b = 0x1.8p1, c = 0x.8p0, d = 0xAp-2, e = 0x1p-1074, g = 0X1P+4;',
      '    int m = 0b101, n = 0B1111 + 1;',
      '    unsigned long u = 0b11111111111111111111111111111111;',
      '    printf("%g %g %g %g %g %g\\n", a, b, c, d, e, g);',
      '    printf("%d %d %lu %zu\\n", m, n, u, sizeof(0b11111111111111111111111111111111));',
      '    return 0;',
      '}',
      ''
    ].join('\n')
    // 0x1p3 = 1 * 2^3 = 8; 0x1.8p1 = 1.5 * 2 = 3; 0x.8p0 = 8/16 = 0.5; 0xAp-2 = 10/4 = 2.5;
    // 0x1p-1074 is the smallest subnormal, 4.94066e-324; 0X1P+4 = 16. 0b101 = 5, 0B1111 + 1
    // = 16; thirty-two 1 bits are 4294967295, which needs an unsigned int (4 bytes), as a hex
    // constant would.
    const expected = '8 3 0.5 2.5 4.94066e-324 16\n5 16 4294967295 4\n'
    const result = runC(program, { file: 'p.c' })
    expect(result.diagnostics).toEqual([])
    expect(result.stdout).toBe(expected)
    if (hasGcc) expect(gcc(program).stdout).toBe(expected)
  })

  it('says that files are not supported, without a cascade of undeclared names', () => {
    const program = [
      '#include <stdio.h>',
      '#include <stdlib.h>',
      '#include <time.h>',
      'int main(void) {',
      '    srand(time(NULL));',
      '    time_t now = 0;',
      '    FILE *f = fopen("x.txt", "r");',
      '    return f == NULL ? (int)now : 1;',
      '}',
      ''
    ].join('\n')
    // One error, at fopen's name (time is the simulated clock's); `time_t`, `FILE` and `f` are known.
    const errors = diagnosticsOf(program).filter((d) => d.severity === 'error')
    expect(errors.map((d) => [`${d.line}:${d.column}`, d.reason?.key])).toEqual([
      ['7:15', 'unsupported.library']
    ])
    expect(errors[0].message).toContain('files are not supported')
  })
})

describe('-Wuse-after-free: a pointer used right after free (finding 14)', () => {
  const program = [
    '#include <stdlib.h>',
    '#include <stdio.h>',
    'struct node { int v; struct node *next; };',
    'int main(int argc, char **argv) {',
    '    int *q = malloc(sizeof(int));',
    '    free(q);',
    '    free(q);',
    '    char *s = malloc(10);',
    '    free(s);',
    '    s[0] = 1;',
    '    int *t = malloc(4);',
    '    free(t);',
    '    printf("%d\\n", *t);',
    '    int *u = malloc(4);',
    '    free(u);',
    '    u = malloc(4);',
    '    *u = 1;',
    '    int *v = malloc(4);',
    '    if (argc) free(v);',
    '    *v = 2;',
    '    int *d = malloc(8);',
    '    free(d);',
    '    d[1] = 3;',
    '    struct node *b = malloc(sizeof *b);',
    '    free(b);',
    '    b->next = 0;',
    '    int *y = malloc(8);',
    '    free(y);',
    '    if (y == NULL) return 1;',
    '    return 0;',
    '}',
    ''
  ].join('\n')

  it('warns where gcc -Wall does, and not where the pointer was given a new block or freed conditionally', () => {
    // A second free (7) and a call using *t (13): at the call's name, column 5. Stores through
    // the pointer: at the `=` (10:10 after "    s[0] ", 26:13 after "    b->next "), or at
    // the `[` when the index is not 0 (23:6, right after `d`). Not u (assigned anew), v (freed
    // only under a condition) or y (compared with NULL).
    const expected = ['7:5', '10:10', '13:5', '23:6', '26:13']
    expect(places(program, 'checker.useAfterFree')).toEqual(expected)
    if (hasGcc) expect(gccPlaces(gcc(program), /used after 'free'/)).toEqual(expected)
  })
})

describe('-Wuse-after-free: a pointer used after it was passed to realloc', () => {
  // In a function main never calls, so that gcc's run of it does not touch freed blocks.
  const program = [
    '#include <stdlib.h>',
    '#include <stdio.h>',
    'int demo(int argc) {',
    '    int *scores = malloc(10 * sizeof *scores);',
    '    int *more = realloc(scores, 100 * sizeof *scores);',
    '    if (more == NULL) return 1;',
    '    scores[0] = 1;',
    '    int *p = malloc(8);',
    '    p = realloc(p, 16);',
    '    p[0] = 1;',
    '    int *c = malloc(8);',
    '    int *c2 = realloc(c, 16);',
    '    if (c2 == NULL) { c[0] = 2; free(c); return 1; }',
    '    int *d = malloc(8);',
    '    int *d2 = realloc(d, 0);',
    '    d[0] = 3;',
    '    int *e = malloc(8);',
    '    int *e2;',
    '    e2 = realloc(e, 16);',
    '    printf("%d\\n", *e);',
    '    int *f = malloc(8);',
    '    int *f2 = realloc(f, 16);',
    '    if (argc > 2) puts("many");',
    '    free(f);',
    '    int *g = malloc(8);',
    '    int *g2 = realloc(g, 16);',
    '    if (!g2) { free(g); exit(1); }',
    '    g[2] = 4;',
    '    int *h = malloc(8);',
    '    int *h2 = realloc(h, 16);',
    '    if (h2 != h) puts("moved");',
    '    for (int i = 0; i < argc; i++) {',
    '        int *k = malloc(8);',
    '        int *k2 = realloc(k, 16);',
    '        if (k2 == NULL) break;',
    '        *k = 1;',
    '        free(k2);',
    '    }',
    '    return *more + (d2 == NULL) + *e2 + *f2 + *g2 + *h2 + p[0] + *c2;',
    '}',
    '#include <assert.h>',
    'int grow(int argc) {',
    '    int *m = malloc(8);',
    '    int *m2 = realloc(m, 16);',
    '    assert(m2 != NULL);',
    '    m[1] = 6;',
    '    int *n = malloc(8);',
    '    int *n2 = realloc(n, 16);',
    '    for (int i = 0; i < argc; i++) if (i == 3) break;',
    '    n[0] = 7;',
    '    return *m2 + *n2;',
    '}',
    'int main(void) {',
    '    return 0;',
    '}',
    ''
  ].join('\n')

  it('warns where gcc -Wall does: "used after" where every path from realloc reaches the use', () => {
    // realloc(d, 0) (16), the result stored by an assignment (20, at printf's name), a free
    // after an `if` that rejoins (24), and a use after a loop that breaks only out of itself
    // (50): gcc knows the use follows the realloc on every path.
    const expected = ['16:10', '20:5', '24:5', '50:10']
    expect(places(program, 'checker.useAfterRealloc')).toEqual(expected)
    if (hasGcc)
      expect(gccPlaces(gcc(program), /pointer '\w+' used after 'realloc'/)).toEqual(expected)
  })

  it('says "may be used" where the failure branch leaves first, and nothing inside that branch', () => {
    // After `if (more == NULL) return 1;` (7, at the `=`), `exit(1)` (28, at the `[` of g[2]),
    // `break` (36) and an assert, which aborts when it fails (46): paths from realloc that
    // leave before the use. Not p (given realloc's result), c inside its failure branch (13,
    // where realloc failed and c is still the program's), or h compared with h2 (31, a
    // comparison -Wall leaves to level 3).
    const expected = ['7:15', '28:6', '36:12', '46:6']
    expect(places(program, 'checker.mayUseAfterRealloc')).toEqual(expected)
    if (hasGcc) expect(gccPlaces(gcc(program), /may be used after 'realloc'/)).toEqual(expected)
  })
})

describe('-Wparentheses: an assignment as a condition', () => {
  it('is warned about at the start of the assignment, as gcc places it', () => {
    const program = [
      'int a[3];',
      'int main(void) {',
      '    int *p = a;',
      '    int x = 0;',
      '    if (*p = 5) return 1;',
      '    if (a[1] = 5) return 2;',
      '    while (x = 0) x++;',
      '    return 0;',
      '}',
      ''
    ].join('\n')
    // Column 9 is the first character inside `    if (`, column 12 inside `    while (`.
    const expected = ['5:9', '6:9', '7:12']
    expect(places(program, 'checker.assignmentInCondition')).toEqual(expected)
    if (hasGcc) expect(gccPlaces(gcc(program), /suggest parentheses/)).toEqual(expected)
  })
})

describe('a library function called without its header (finding 2)', () => {
  const program = [
    'int main(void) {',
    '  char *p = malloc(10);',
    '  strcpy(p, "hi");',
    '  printf("%s %zu\\n", p, strlen(p));',
    '  char *b = sbrk(0);',
    '  long n = atol("5000000000");',
    '  printf("%d %ld %d\\n", !b, n, strcmp("a", "b") < 0);',
    '  free(p);',
    '  return (int)(long)sbrk(0) != 0 && abs(-1) == 1 ? 0 : 1;',
    '}',
    ''
  ].join('\n')

  it('warns once per function, where gcc does, and twice for a built-in of another type', () => {
    // Every first call of a function is an implicit declaration (the second sbrk on line 9 is
    // not); of those, malloc, strcpy, printf (variadic), strlen and free are gcc built-ins
    // whose type is not `int f()`; strcmp and abs are built-ins returning int; sbrk and atol
    // are not built-ins at all. gcc points at the function's name.
    const implicit = ['2:13', '3:3', '4:3', '4:25', '5:13', '6:12', '7:32', '8:3', '9:37']
    const incompatible = ['2:13', '3:3', '4:3', '4:25', '8:3']
    const truncated = ['5:13', '6:12']
    expect([...places(program, 'checker.implicitDeclaration'), ...truncated].sort(byPlace)).toEqual(
      implicit
    )
    expect(places(program, 'checker.implicitDeclarationTruncates')).toEqual(truncated)
    expect(places(program, 'checker.incompatibleBuiltin')).toEqual(incompatible)
    // sbrk's `int` result initializes a `char *` (-Wint-conversion).
    expect(places(program, 'checker.pointerFromInteger')).toEqual(['5:13'])
    if (hasGcc) {
      const real = gcc(program)
      expect(gccPlaces(real, /implicit declaration of function/)).toEqual(implicit)
      expect(gccPlaces(real, /incompatible implicit declaration of built-in/)).toEqual(incompatible)
      expect(gccPlaces(real, /makes pointer from integer/)).toEqual(['5:13'])
    }
  })

  it('names the header in the learner’s sentence', () => {
    const d = diagnosticsOf(program).find((x) => x.reason?.key === 'checker.incompatibleBuiltin')!
    expect(d.message).toContain('`void *(size_t)`')
    expect(d.message).toContain('#include <stdlib.h>')
    const s = diagnosticsOf(program).find((x) => x.line === 5)!
    expect(s.message).toContain('#include <unistd.h>')
  })

  it('keeps only the low 32 bits of what a function gcc has no built-in for returns', () => {
    // atol's 5,000,000,000 as an int: 5,000,000,000 - 2^32 = 705,032,704. (gcc's run has
    // ASLR on, so addresses are compared in the next test, against the real process.)
    const expected = 'hi 2\n0 705032704 1\n'
    const run = runC(program, { file: 'p.c', layout: 'linux-x86_64' })
    expect(run.stdout).toBe(expected)
    expect(run.status).toBe(0)
    if (hasGcc) expect(gcc(program).stdout).toBe(expected)
  })

  it("prints sbrk's truncated pointer as the real process does (setarch -R)", () => {
    // Conformance report, session 5 (addr1.c): with <unistd.h> the real break after the first
    // malloc is 0x55555557a000 (heap page 0x555555559000 + 0x21000, glibc's first sbrk of
    // 132 KiB plus the page it starts in); without it, 0x5557a000.
    const body = [
      'int main(void) {',
      '  char *h = malloc(16);',
      '  printf("%p %p\\n", (void *)h, (void *)(long)sbrk(0));',
      '  return 0;',
      '}',
      ''
    ].join('\n')
    const header = '#include <stdio.h>\n#include <stdlib.h>\n'
    const linux = { layout: 'linux-x86_64' }
    expect(runC(header + body, linux).stdout).toBe('0x5555555592a0 0x5557a000\n')
    expect(runC(header + '#include <unistd.h>\n' + body, linux).stdout).toBe(
      '0x5555555592a0 0x55555557a000\n'
    )
    // <malloc.h> declares malloc (and includes <stdio.h>), but not sbrk.
    expect(places('#include <malloc.h>\n' + body, 'checker.implicitDeclaration')).toEqual([])
    expect(places('#include <malloc.h>\n' + body, 'checker.implicitDeclarationTruncates')).toEqual([
      '4:46'
    ])
  })

  it('is silent with the header, and a library function named but not called is undeclared', () => {
    const declared = '#include <stdlib.h>\nint main(void) {\n  free(malloc(1));\n  return 0;\n}\n'
    expect(diagnosticsOf(declared)).toEqual([])
    const named = 'int main(void) {\n  void (*release)(void *) = free;\n  return 0;\n}\n'
    const [d] = diagnosticsOf(named)
    expect([d.severity, d.reason?.key, `${d.line}:${d.column}`]).toEqual([
      'error',
      'checker.undeclaredLibrary',
      '2:29'
    ])
    if (hasGcc) {
      const real = gcc(named)
      expect(real.diagnostics[0]).toMatch(/^2:29: error: .free. undeclared/)
    }
  })
})

function byPlace(a: string, b: string): number {
  const [la, ca] = a.split(':').map(Number)
  const [lb, cb] = b.split(':').map(Number)
  return la - lb || ca - cb
}

describe('constant folding of undefined operations, as gcc folds them (finding 4)', () => {
  const program = [
    '#include <stdio.h>',
    '#include <limits.h>',
    'int g1 = 1e10;',
    'unsigned char g2 = 300.7;',
    'int main(void) {',
    '  int s = 32, n = -1;',
    '  double e = 1e10;',
    '  printf("%d %d %ld %u\\n", 1 << 32, 1 << s, 1L << 64, 0x80000000u >> 32);',
    '  printf("%d %ld %d\\n", -1 >> 40, -1L >> 64, 3 << n);',
    '  printf("%d %d %d\\n", INT_MIN / -1 == INT_MIN, INT_MIN % -1, (INT_MIN / -1) / 2);',
    '  printf("%d %d %u %d\\n", (int)1e10, (int)e, (unsigned)-1.0, (unsigned char)300.7);',
    '  int v = 1e10; unsigned w = -1.0; char c = -300.5;',
    '  printf("%d %u %d %d %d %lld\\n", v, w, c, g1, g2, (long long)9.3e18);',
    '  return 0;',
    '}',
    ''
  ].join('\n')

  it('computes what gcc computes, not what the instruction would', () => {
    // A constant count of the width or more shifts in unbounded precision: 1 << 32, 1L << 64,
    // 0x80000000u >> 32 are 0 and -1 >> 40 is -1; a variable count is masked to its low 5 bits
    // (1 << 32 is 1 << 0 = 1) and a negative count is left to the instruction (3 << -1 is
    // 3 << 31 = 0x180000000, low 32 bits 0x80000000 = -2147483648). INT_MIN / -1 folds to
    // INT_MIN (2^31 wrapped), so == INT_MIN is 1; INT_MIN % -1 is 0; INT_MIN / 2 = -1073741824.
    // A double constant out of range saturates: INT_MAX, 0 for -1.0 unsigned, 255, -128, and
    // LLONG_MAX 9223372036854775807; from a variable cvttsd2si gives INT_MIN.
    const expected = [
      '0 1 0 0',
      '-1 -1 -2147483648',
      '1 0 -1073741824',
      '2147483647 -2147483648 0 255',
      '2147483647 0 -128 2147483647 255 9223372036854775807',
      ''
    ].join('\n')
    const run = runC(program, { file: 'p.c' })
    expect(run.stdout).toBe(expected)
    if (hasGcc) expect(gcc(program).stdout).toBe(expected)
  })

  it('warns where gcc does by default: shift counts, integer overflow, double conversions', () => {
    // At the operator, where the count is a constant (not `1 << s`, `3 << n`), or at the
    // converted constant; the second `/` of `(INT_MIN / -1) / 2` does not overflow again.
    const shifts = ['8:30', '8:48', '8:67', '9:28', '9:39']
    const overflow = ['10:32', '10:57', '10:72']
    const conversions = ['3:10', '4:20', '12:11', '12:30', '12:45']
    const found = (key: string): string[] => places(program, key)
    expect(
      [...found('checker.shiftCountOverflow'), ...found('checker.shiftCountNegative')].sort(byPlace)
    ).toEqual(shifts)
    expect(found('checker.integerOverflow')).toEqual(overflow)
    expect(found('checker.overflowConversionDouble')).toEqual(conversions)
    if (hasGcc) {
      const real = gcc(program)
      expect(gccPlaces(real, /shift count/)).toEqual(shifts)
      expect(gccPlaces(real, /integer overflow in expression/)).toEqual(overflow)
      expect(gccPlaces(real, /overflow in conversion from .double./)).toEqual(conversions)
    }
    const d = diagnosticsOf(program).find((x) => x.line === 12 && x.column === 45)!
    // -300.5 written as gcc writes a double, and char's limit -128.
    expect(d.message).toContain('‘-3.005e+2’ to ‘-128’')
  })
})

describe('gcc 12 -O0 memory warnings on by default (finding 6)', () => {
  const program = [
    '#include <stdio.h>',
    '#include <stdlib.h>',
    '#include <string.h>',
    'int g[10];',
    'int gi;',
    'int main(void) {',
    '  char local[8];',
    '  int x = 0;',
    '  char *h = malloc(40);',
    '  char *m = h;',
    '  int *q = &x;',
    '  char small[4];',
    '  int arr[2];',
    '  switch (1) {',
    '  case 1: free(local); break;',
    '  case 2: free(g); break;',
    '  }',
    '  if (x > 5) free(&gi);',
    '  if (0) free(main);',
    '  free(h + 16);',
    '  free(m + 8);',
    '  free(q);',
    '  free("lit");',
    '  strcpy(small, "hello");',
    '  memcpy(small, "abcdefgh", 8);',
    '  memset(arr, 0, 12);',
    '  strcat(small, "abcdef");',
    '  strncpy(small, "hello", 6);',
    '  strcpy(small + 2, "ab");',
    '  memset(h, 0, 41);',
    '  strcpy(small, "abc");',
    '  memcpy(small, "hi", 3);',
    '  free(h - 16);',
    '  free(h);',
    '  return 0;',
    '}',
    ''
  ].join('\n')
  const keys = {
    free: ['checker.freeUnallocated', 'checker.freeOffset', 'checker.freeLiteral'],
    overflow: [
      'checker.stringOverflow',
      'checker.stringOverflowOffset',
      'checker.stringOverflowBlock'
    ]
  }
  const placesOf = (list: string[]): string[] =>
    list.flatMap((key) => places(program, key)).sort(byPlace)

  it('warns at the call where gcc does, and not in code gcc drops or about what fits', () => {
    // free: local (15, the case switch (1) takes; not case 2), &gi (18, under a condition
    // gcc cannot decide), h + 16 and m + 8 (m is h), q (= &x), a literal; not under if (0),
    // not h - 16, not h. Writes: strcpy of 6 bytes, memcpy 8, memset 12 into int[2] (8
    // bytes), strcat 7, strncpy 6, 3 bytes at offset 2, 41 into malloc(40); "abc" (4) and 3
    // bytes fit in 4.
    const free = ['15:11', '18:14', '20:3', '21:3', '22:3', '23:3']
    const overflow = ['24:3', '25:3', '26:3', '27:3', '28:3', '29:3', '30:3']
    expect(placesOf(keys.free)).toEqual(free)
    expect(placesOf(keys.overflow)).toEqual(overflow)
    if (hasGcc) {
      const real = gcc(program)
      expect(gccPlaces(real, /Wfree-nonheap-object/)).toEqual(free)
      expect(gccPlaces(real, /Wstringop-overflow/)).toEqual(overflow)
    }
  })

  it('says what gcc says, in the learner’s words', () => {
    const said = (line: number): string =>
      diagnosticsOf(program).find((d) => d.line === line)!.message
    expect(said(20)).toContain('‘free’ called on pointer ‘h’ with nonzero offset 16')
    expect(said(22)).toContain('‘free’ called on unallocated object ‘x’')
    // int arr[2] is 8 bytes; 12 are written.
    expect(said(26)).toContain('‘memset’ writing 12 bytes into a region of size 8')
    // 4 - 2 = 2 bytes remain at offset 2; "ab" is 3 with its terminator.
    expect(said(29)).toContain('‘__builtin_memcpy’ writing 3 bytes into a region of size 2')
  })
})

describe('universal character names and encoding prefixes (finding 9)', () => {
  it('stores \\u and \\U as UTF-8 bytes, as gcc does', () => {
    const program = [
      '#include <stdio.h>',
      'int main(void) {',
      '  char w[] = "\\u00e9";',
      '  char e[] = "\\U0001F600x";',
      '  char m[] = "a\\u4e2db";',
      '  printf("%zu %d %zu %zu %s %s\\n", sizeof w, w[0], sizeof e, sizeof m, w, m);',
      "  int c = '\\u00e9';",
      '  printf("%d %zu\\n", c, sizeof u8"\\u00e9");',
      '  return 0;',
      '}',
      ''
    ].join('\n')
    // é is U+00E9: UTF-8 C3 A9, so w holds 2 bytes and its NUL (3), and w[0] is 0xC3 as a
    // signed char, 195 - 256 = -61. U+1F600 takes 4 bytes: 4 + 'x' + NUL = 6. 中 (U+4E2D) 3
    // bytes: 'a' + 3 + 'b' + NUL = 6. '\u00e9' is a two-byte character constant, 0xC3A9 =
    // 50089 (gcc: -Wmultichar), and u8"\u00e9" a plain string of 3 bytes.
    const expected = '3 -61 6 6 é a中b\n50089 3\n'
    expect(runC(program).stdout).toBe(expected)
    expect(places(program, 'lexer.multiCharacter')).toEqual(['7:11'])
    if (hasGcc) {
      const real = gcc(program)
      expect(real.stdout).toBe(expected)
      expect(gccPlaces(real, /multi-character/)).toEqual(['7:11'])
    }
  })

  it('refuses what gcc refuses, and says that wide literals are not supported', () => {
    const bad = (literal: string): string[] =>
      diagnosticsOf(`char *s = ${literal};\nint main(void) {\n  return 0;\n}\n`)
        .filter((d) => d.severity === 'error')
        .map((d) => d.reason!.key)
    // Fewer than 4 digits; a basic character (A); a surrogate; beyond 0x7FFFFFFF.
    expect(bad('"\\u12"')).toEqual(['lexer.incompleteUniversal'])
    expect(bad('"\\u0041"')).toEqual(['lexer.invalidUniversal'])
    expect(bad('"\\ud800"')).toEqual(['lexer.invalidUniversal'])
    expect(bad('"\\UFFFFFFFF"')).toEqual(['lexer.invalidUniversal'])
    // $, @ and ` may be named (C11 6.4.3p2).
    expect(bad('"\\u0024\\u0040\\u0060"')).toEqual([])
    // Beyond Unicode gcc only warns, and writes U+110000 as F4 90 80 80: 244, 5 bytes with NUL.
    const beyond =
      'char s[] = "\\U00110000";\nint main(void) {\n  return sizeof s + (unsigned char)s[0];\n}\n'
    expect(places(beyond, 'lexer.outsideUnicode')).toEqual(['1:13'])
    expect(runC(beyond).status).toBe((5 + 244) % 256)
    if (hasGcc) expect(gcc(beyond).status).toBe((5 + 244) % 256)
    expect(bad('L"wide"')).toEqual(['lexer.wideString'])
    expect(bad('u"16"')).toEqual(['lexer.wideString'])
    if (hasGcc) {
      for (const literal of ['"\\u12"', '"\\u0041"', '"\\ud800"', '"\\UFFFFFFFF"']) {
        const real = gcc(`char *s = ${literal};\nint main(void) {\n  return 0;\n}\n`)
        expect(real.status, literal).toBeNull()
      }
    }
  })
})

describe('casts between pointers and integers of another size (finding 2, in2.c)', () => {
  it('warns where gcc does by default, not for 8-byte integers, _Bool or constants', () => {
    const program = [
      'int main(void) {',
      '  char *p = 0; int x = 5; char c = 1; unsigned u = 2; long l = 3; _Bool b = 1;',
      '  int a1 = (int)p;',
      '  _Bool a2 = (_Bool)p;',
      '  long a3 = (long)p;',
      '  char *q1 = (char *)x;',
      '  char *q2 = (char *)1;',
      '  char *q3 = (char *)c;',
      '  char *q4 = (char *)u;',
      '  char *q5 = (char *)l;',
      '  char *q6 = (char *)b;',
      '  char *q7 = (char *)(x + 1);',
      '  int a4 = (int)"abc";',
      '  return a1 + a2 + a3 + a4 + !q1 + !q2 + !q3 + !q4 + !q5 + !q6 + !q7;',
      '}',
      ''
    ].join('\n')
    // Pointer to int (3) and to a 4-byte int from a literal (13); int, char, unsigned and
    // x + 1 to a pointer (6, 8, 9, 12). Not _Bool (4, 11), long (5, 10) or the constant 1 (7).
    const toInt = ['3:12', '13:12']
    const toPointer = ['6:14', '8:14', '9:14', '12:14']
    expect(places(program, 'checker.pointerToIntCast')).toEqual(toInt)
    expect(places(program, 'checker.intToPointerCast')).toEqual(toPointer)
    if (hasGcc) {
      const real = gcc(program)
      expect(gccPlaces(real, /cast from pointer to integer of different size/)).toEqual(toInt)
      expect(gccPlaces(real, /cast to pointer from integer of different size/)).toEqual(toPointer)
    }
  })
})

describe('`extern` in a block that already has a local of that name', () => {
  it('is the error gcc gives, where gcc gives it; in an inner block it names the global', () => {
    const program = [
      '#include <stdio.h>',
      'int counter = 10;',
      'int f(void) {',
      '  int counter = 5;',
      '  {',
      '    extern int counter;',
      '    printf("%d\\n", counter);',
      '  }',
      '  static int hits;',
      '  extern int counter;',
      '  extern int hits;',
      '  return counter + hits;',
      '}',
      'int main(void) {',
      '  return f();',
      '}',
      ''
    ].join('\n')
    // Lines 10 and 11, at the name: the local `counter` (line 4) and the static local `hits`
    // (line 9) have no linkage. Line 6 is in an inner block: the global, which it prints.
    const places10and11 = ['10:14', '11:14']
    expect(places(program, 'checker.externAfterLocal')).toEqual(places10and11)
    if (hasGcc)
      expect(
        gccPlaces(gcc(program), /extern declaration of .* follows declaration with no linkage/)
      ).toEqual(places10and11)
    const inner = program.replace('  extern int counter;\n  extern int hits;\n', '')
    expect(runC(inner).stdout).toBe('10\n')
    if (hasGcc) expect(gcc(inner).stdout).toBe('10\n')
  })
})

describe('_Static_assert and static_assert (C11)', () => {
  it('checks the condition when the program compiles, failing where gcc fails', () => {
    const program = [
      '#include <assert.h>',
      'typedef struct { char c; int *p; } h;',
      '_Static_assert(sizeof(h) == 12, "h is 12 bytes");',
      'int main(void) {',
      '  int n = 2;',
      '  _Static_assert(n > 1, "n");',
      '  static_assert(0);',
      '  _Static_assert(1, 5);',
      '  _Static_assert(sizeof(h) == 16 && sizeof n == 4, "true: nothing to say");',
      '  return 0;',
      '}',
      ''
    ].join('\n')
    // Line 3: h is 16 bytes (the pointer is 8-aligned), so the assertion fails, at the keyword;
    // line 6: n is a variable, not a constant, at the condition; line 7: C2x's form without a
    // message (gcc 12 accepts it), false; line 8: the message is not a string, at the 5.
    const expected = {
      '3:1': 'parser.staticAssertFailed',
      '6:20': 'parser.staticAssertNotConstant',
      '7:3': 'parser.staticAssertFailedBare',
      '8:21': 'parser.staticAssertMessage'
    }
    const r = compile(program, { file: 'p.c' })
    const errors = r.ok ? [] : r.diagnostics.filter((d) => d.severity === 'error')
    expect(Object.fromEntries(errors.map((d) => [`${d.line}:${d.column}`, d.reason?.key]))).toEqual(
      expected
    )
    expect(errors[0].message).toContain('Static assertion failed: "h is 12 bytes".')
    if (hasGcc) {
      const real = gcc(program)
      expect(real.status).toBeNull()
      expect(
        real.diagnostics.filter((d) => d.includes('error')).map((d) => /^\d+:\d+/.exec(d)![0])
      ).toEqual(Object.keys(expected))
    }
  })
})
