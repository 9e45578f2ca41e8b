/**
 * The scanf family (scanf.ts) against glibc 2.36: conversions, widths, lengths, sets, `%n`,
 * the one byte pushed back where a conversion stops, and when the result is EOF. The expected
 * outputs are what gcc 12's binaries printed on this machine; the test compiles the same
 * programs with gcc and compares again when gcc is present.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasGcc } from '../../tools/gcc'
import { runC } from './index'

/** What gcc's binary of `source` prints with `input` on its stdin. */
function gccRun(source: string, input = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'scanf-'))
  try {
    writeFileSync(join(dir, 'p.c'), source)
    const build = spawnSync('gcc', ['-O0', '-w', '-o', join(dir, 'p'), join(dir, 'p.c')], {
      encoding: 'utf8'
    })
    if (build.status !== 0) throw new Error(build.stderr)
    return spawnSync(join(dir, 'p'), [], { input, encoding: 'utf8' }).stdout
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function ours(source: string, stdin?: string): string {
  const result = runC(source, { file: 'scan.c', ...(stdin === undefined ? {} : { stdin }) })
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  return result.stdout
}

const CONVERSIONS = `#include <stdio.h>
int main(void) {
    int a = -1, b = -1, c = -1; unsigned u = 0; long l = 0; short h = 0; signed char hh = 0;
    double d = 0; float f = 0; char s[32] = "", t[32] = "", ch = 0, cs[4] = "xyz";
    int r, n = -1, m = -1;
    r = sscanf("12 34", "%d %d", &a, &b); printf("%d %d %d\\n", r, a, b);
    r = sscanf("12abc", "%d%s", &a, s); printf("%d %d %s\\n", r, a, s);
    r = sscanf("0x1f 017 077 -0", "%i %i %o %i", &a, &b, &c, &n); printf("%d %d %d %d %d\\n", r, a, b, c, n);
    r = sscanf("ff FF 0xAb", "%x %X %x", &a, &b, &c); printf("%d %x %x %x\\n", r, a, b, c);
    r = sscanf("-1 99999999999 -99999999999999999999", "%u %ld %d", &u, &l, &a); printf("%d %u %ld %d\\n", r, u, l, a);
    r = sscanf("70000 300", "%hd %hhd", &h, &hh); printf("%d %d %d\\n", r, h, hh);
    r = sscanf("3.25 1e3 .5 -2.5e-3", "%lf %f %lf", &d, &f, &d); printf("%d %g %g\\n", r, d, f);
    r = sscanf("0.1", "%f", &f); printf("%d %.10f\\n", r, f);
    r = sscanf("inf nan 0x1p4", "%lf %f %lf", &d, &f, &d); printf("%d %g %g\\n", r, d, f);
    r = sscanf("abc", "%d", &a); printf("%d\\n", r);
    r = sscanf("", "%d", &a); printf("%d\\n", r);
    r = sscanf("   ", "%d", &a); printf("%d\\n", r);
    r = sscanf("x", "%c", &ch); printf("%d %c\\n", r, ch);
    r = sscanf(" y", "%c", &ch); printf("%d [%c]\\n", r, ch);
    r = sscanf(" y", " %c", &ch); printf("%d [%c]\\n", r, ch);
    r = sscanf("ab", "%3c", cs); printf("%d [%s]\\n", r, cs);
    r = sscanf("key=value;rest", "%[^=]=%[^;];%s", s, t, s + 20); printf("%d %s %s %s\\n", r, s, t, s + 20);
    r = sscanf("2024-11-29", "%d-%d-%d", &a, &b, &c); printf("%d %d %d %d\\n", r, a, b, c);
    r = sscanf("12:34", "%d/%d", &a, &b); printf("%d %d\\n", r, a);
    r = sscanf("123456", "%2d%3d%d", &a, &b, &c); printf("%d %d %d %d\\n", r, a, b, c);
    r = sscanf("hello world", "%*s %s%n", s, &n); printf("%d %s %d\\n", r, s, n);
    r = sscanf("100%", "%d%%", &a); printf("%d %d\\n", r, a);
    r = sscanf("abcXYZ", "%[a-z]%[A-Z]", s, t); printf("%d %s %s\\n", r, s, t);
    r = sscanf("]x", "%[]x]", s); printf("%d %s\\n", r, s);
    r = sscanf("0x", "%x%n", &a, &m); printf("%d %d %d\\n", r, a, m);
    r = sscanf("1e+x", "%lf%s", &d, s); printf("%d %g %s\\n", r, d, s);
    r = sscanf("-", "%d", &a); printf("%d\\n", r);
    r = sscanf("+-5", "%d", &a); printf("%d\\n", r);
    r = sscanf("5", "%d %d", &a, &b); printf("%d\\n", r);
    void *p; r = sscanf("0x7ffd1234", "%p", &p); printf("%d %p\\n", r, p);
    long long ll; r = sscanf("-9223372036854775808", "%lld", &ll); printf("%d %lld\\n", r, ll);
    size_t z; r = sscanf("42", "%zu", &z); printf("%d %zu\\n", r, z);
    return 0;
}
`

const CONVERSIONS_OUTPUT = `2 12 34
2 12 abc
4 31 15 63 0
3 ff ff ab
3 4294967295 99999999999 0
2 4464 44
3 0.5 1000
1 0.1000000015
3 16 nan
0
-1
-1
1 x
1 [ ]
1 [y]
1 [abz]
3 key value rest
3 2024 11 29
1 12
3 12 345 6
1 world 11
1 100
2 abc XYZ
1 ]x
1 0 2
2 1 x
0
0
1
1 0x7ffd1234
1 -9223372036854775808
1 42
`

const RESULTS = `#include <stdio.h>
int main(void) {
    int a = 0, b = 0, r;
    r = sscanf("5", "%d %d", &a, &b); printf("%d\\n", r);
    r = sscanf("5", "%d,%d", &a, &b); printf("%d\\n", r);
    r = sscanf("", "x%d", &a); printf("%d\\n", r);
    r = sscanf("", "%*d"); printf("%d\\n", r);
    r = sscanf(" ", " "); printf("%d\\n", r);
    r = sscanf("7", "%*d%d", &a); printf("%d\\n", r);
    r = sscanf("", "%n", &a); printf("%d %d\\n", r, a);
    r = sscanf("", "%%"); printf("%d\\n", r);
    r = sscanf("", "%c", (char *)&a); printf("%d\\n", r);
    r = sscanf("", "%[a]", (char *)&a); printf("%d\\n", r);
    return 0;
}
`

const RESULTS_OUTPUT = `1
1
-1
-1
0
-1
0 0
-1
-1
-1
`

const FROM_STDIN = `#include <stdio.h>
#include <stdlib.h>
int main(void) {
    int n, total = 0, count = 0;
    while (scanf("%d", &n) == 1) { total += n; count++; }
    printf("%d numbers, total %d\\n", count, total);
    char word[8]; int r = scanf("%7s", word);
    printf("%d [%s]\\n", r, r == 1 ? word : "");
    int c = getchar();
    char line[16];
    printf("%d %s", c, fgets(line, sizeof line, stdin));
    r = scanf("%d", &n); printf("%d\\n", r);
    return 0;
}
`
const FROM_STDIN_INPUT = '1 2 3\n  -4\n+5 0x10 abc defghijkl\nlast line\n'

describe('scanf, sscanf and fscanf as glibc 2.36 reads', () => {
  it('converts every kind of directive as glibc does', () => {
    expect(ours(CONVERSIONS)).toBe(CONVERSIONS_OUTPUT)
    if (hasGcc) expect(gccRun(CONVERSIONS)).toBe(CONVERSIONS_OUTPUT)
  })

  it('answers EOF only when the input ends where a directive starts, with nothing assigned', () => {
    expect(ours(RESULTS)).toBe(RESULTS_OUTPUT)
    if (hasGcc) expect(gccRun(RESULTS)).toBe(RESULTS_OUTPUT)
  })

  it('reads stdin through the buffer getchar and fgets share', () => {
    // 1+2+3-4+5+0: `%d` of "0x10" reads the 0 and leaves "x10", where the next `%d` fails;
    // `%7s` reads "x10", getchar the space after it (32), fgets the rest of that line, and the
    // last scanf meets "last": a matching failure, 0.
    const output = ours(FROM_STDIN, FROM_STDIN_INPUT)
    expect(output).toBe('6 numbers, total 7\n1 [x10]\n32 abc defghijkl\n0\n')
    if (hasGcc) expect(gccRun(FROM_STDIN, FROM_STDIN_INPUT)).toBe(output)
  })

  it('warns, as gcc -Wall does, where an argument does not point to what is stored', () => {
    const result = runC(
      '#include <stdio.h>\nint main(void) { int n = 0; char s[8]; double d;\n  if (n) scanf("%d %s %lf", n, &s, &d);\n  return 0; }\n',
      { file: 'amp.c' }
    )
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning')
    expect(warnings.map((w) => [w.line, w.message.split(':')[0]])).toEqual([
      [3, "The format's `%d` expects `int *`, but argument 2 has type `int`"],
      [3, "The format's `%s` expects `char *`, but argument 3 has type `char (*)[8]`"]
    ])
  })
})
