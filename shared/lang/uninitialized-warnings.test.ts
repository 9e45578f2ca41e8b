/**
 * -Wuninitialized as gcc 12 -O0 -Wall gives it (uninitialized-warnings.ts), on 96 small
 * programs: every warning given must be one gcc gives, at gcc's line:column with gcc's "is" or
 * "may be", and no program gets one that gcc does not warn about. `gcc` below is what gcc 12
 * printed on this machine (LC_ALL=C gcc -O0 -Wall -c), checked again when gcc is present;
 * `ours` is what the subset says: the same, or nothing where the read's place is one this
 * analysis leaves out (named in `missed`).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { compile } from './index'

const HEADERS = '#include <stdio.h>\n#include <stdlib.h>\n'

interface Case {
  name: string
  /** Line 3 of the program, after the two #include lines. */
  body: string
  /** gcc 12's warnings: `line:column name is|may be`. */
  gcc: string[]
  /** Why the subset says nothing where gcc warns. */
  missed?: string
}

const CASES: Case[] = [
  {
    name: 'a',
    body: 'int main(void) { int x; printf("%d\\n", x); return 0; }',
    gcc: ['3:25 x is']
  },
  {
    name: 'b',
    body: 'int main(void) { int x; if (getchar()) x = 1; printf("%d\\n", x); return 0; }',
    gcc: []
  },
  { name: 'c', body: 'int main(void) { int x; x++; return x; }', gcc: ['3:26 x is'] },
  {
    name: 'd',
    body: 'int main(void) { int x; int *p = &x; printf("%d\\n", *p); return 0; }',
    gcc: ['3:38 x is'],
    missed: 'read through a pointer to it'
  },
  { name: 'e', body: 'int main(void) { int x; printf("%p\\n", (void*)&x); return x; }', gcc: [] },
  {
    name: 'f',
    body: 'int main(void) { int x; for (int i = 0; i < 3; i++) x = i; return x; }',
    gcc: []
  },
  {
    name: 'g',
    body: 'int main(void) { int x; while (getchar() > 0) { printf("%d\\n", x); x = 1; } return 0; }',
    gcc: []
  },
  {
    name: 'h',
    body: 'int main(void) { int a[3]; printf("%d\\n", a[1]); return 0; }',
    gcc: ['3:28 a is'],
    missed: 'an array'
  },
  { name: 'i', body: 'int main(void) { int *p; *p = 1; return 0; }', gcc: ['3:29 p is'] },
  {
    name: 'j',
    body: 'int main(void) { int *p; printf("%d\\n", *p); return 0; }',
    gcc: ['3:26 p is']
  },
  { name: 'k', body: 'int main(void) { int x; x = x + 1; return x; }', gcc: ['3:27 x is'] },
  {
    name: 'l',
    body: 'int f(int c) { int x; if (c) x = 1; else x = 2; return x; } int main(void) { return f(1); }',
    gcc: []
  },
  {
    name: 'm',
    body: 'int f(int c) { int x; if (c) return 0; return x; } int main(void) { return f(1); }',
    gcc: ['3:47 x may be']
  },
  { name: 'n', body: 'int main(void) { int x, y = 2; y += x; return y; }', gcc: ['3:34 x is'] },
  {
    name: 'o',
    body: 'int main(void) { double d; printf("%f\\n", d); return 0; }',
    gcc: ['3:28 d is']
  },
  {
    name: 'p',
    body: 'struct s { int a; }; int main(void) { struct s v; printf("%d\\n", v.a); return 0; }',
    gcc: ['3:51 v.a is'],
    missed: 'a struct member'
  },
  { name: 'q', body: 'int main(void) { char c; return c; }', gcc: ['3:33 c is'] },
  {
    name: 'r',
    body: 'int main(void) { int x; switch (getchar()) { case 1: x = 1; break; default: break; } return x; }',
    gcc: []
  },
  { name: 's', body: 'int main(void) { int x; do { x = 1; } while (0); return x; }', gcc: [] },
  {
    name: 't',
    body: 'int main(void) { int x; int y = x; (void)y; return 0; }',
    gcc: ['3:29 x is']
  },
  { name: 'u', body: 'int main(void) { int x; return sizeof x; }', gcc: [] },
  { name: 'v', body: 'int main(void) { int x; x = 3; int y; if (x) y = 1; return y; }', gcc: [] },
  { name: 'w2', body: 'int main(void) { static int x; return x; }', gcc: [] },
  { name: 'y', body: 'int g(int *p); int main(void) { int x; g(&x); return x; }', gcc: [] },
  { name: 'z', body: 'int main(void) { int i; for (i = 0; i < 3; i++) ; return i; }', gcc: [] },
  {
    name: 'n1',
    body: 'int main(void) { int x; int c = getchar(); if (c) printf("%d\\n", x); return 0; }',
    gcc: ['3:51 x may be']
  },
  {
    name: 'n2',
    body: 'int main(void) { int x; for (int i = 0; i < 3; i++) printf("%d\\n", x); return 0; }',
    gcc: ['3:53 x may be']
  },
  { name: 'n3', body: 'int main(void) { int x, y; y = x; return y; }', gcc: ['3:30 x is'] },
  { name: 'n4', body: 'int main(void) { int x; ++x; return 0; }', gcc: ['3:25 x is'] },
  {
    name: 'n5',
    body: 'int main(void) { int x; if (getchar()) exit(1); return x; }',
    gcc: ['3:56 x may be']
  },
  { name: 'n6', body: 'int main(void) { int x; return x + 1; }', gcc: ['3:34 x is'] },
  { name: 'n7', body: 'int main(void) { int x; int y = x * 2; return y; }', gcc: ['3:29 x is'] },
  { name: 'n8', body: 'int main(void) { int x; x += 2; return x; }', gcc: ['3:27 x is'] },
  {
    name: 'n9',
    body: 'int main(void) { int x; if (x) return 1; return 0; }',
    gcc: ['3:28 x is'],
    missed: 'an if condition'
  },
  {
    name: 'n10',
    body: 'int main(void) { int x; while (x < 3) x++; return 0; }',
    gcc: ['3:34 x is'],
    missed: 'a while condition'
  },
  { name: 'n11', body: 'int main(void) { int *p; p[0] = 1; return 0; }', gcc: ['3:31 p is'] },
  { name: 'n12', body: 'int main(void) { int *p; free(p); return 0; }', gcc: ['3:26 p is'] },
  {
    name: 'n13',
    body: 'int main(void) { int x; printf("%d\\n", x + 1); return 0; }',
    gcc: ['3:25 x is']
  },
  {
    name: 'n14',
    body: 'int main(void) { int x; { printf("%d\\n", x); } return 0; }',
    gcc: ['3:27 x is']
  },
  {
    name: 'n15',
    body: 'int main(void) { int x; int c = getchar(); if (c) x = 2; else printf("%d\\n", x); return 0; }',
    gcc: ['3:63 x may be'],
    missed: 'an else branch after a store in the then branch'
  },
  {
    name: 'n16',
    body: 'int main(void) { int x; int c = getchar(); if (c) return 2; printf("%d\\n", x); return 0; }',
    gcc: ['3:61 x may be']
  },
  {
    name: 'n17',
    body: 'int main(void) { int x; printf("%d %d\\n", 1, x); x = 5; printf("%d\\n", x); return 0; }',
    gcc: ['3:25 x is']
  },
  {
    name: 'n18',
    body: 'void f(void) { int x; printf("%d\\n", x); } int main(void) { f(); return 0; }',
    gcc: ['3:23 x is']
  },
  {
    name: 'n19',
    body: 'int main(void) { int x; int y; y = x + 1; printf("%d\\n", y); return 0; }',
    gcc: ['3:34 x is']
  },
  { name: 'n20', body: 'int main(void) { long x; x = x * 2; return 0; }', gcc: ['3:28 x is'] },
  {
    name: 'm1',
    body: 'int main(void) { int x; printf("%d\\n", x); printf("%d\\n", x); return 0; }',
    gcc: ['3:25 x is']
  },
  {
    name: 'm2',
    body: 'int main(void) { int x; if (x < 3) return 1; return 0; }',
    gcc: ['3:28 x is'],
    missed: 'an if condition'
  },
  {
    name: 'm3',
    body: 'int main(void) { int x; for (; x < 3; x++) ; return 0; }',
    gcc: ['3:34 x is'],
    missed: 'a for condition'
  },
  { name: 'm4', body: 'int g; int main(void) { int x; g = x + 1; return 0; }', gcc: ['3:38 x is'] },
  {
    name: 'm5',
    body: 'int main(void) { int x, y; y = (x + 1) * 2; return y; }',
    gcc: ['3:35 x is']
  },
  { name: 'm6', body: 'int main(void) { int x; x--; return 0; }', gcc: ['3:26 x is'] },
  {
    name: 'm7',
    body: 'int main(void) { int x; int c = getchar(); int y = c ? x : 1; return y; }',
    gcc: ['3:58 x may be'],
    missed: '?:'
  },
  {
    name: 'm8',
    body: 'int main(void) { int x; int c = getchar(); int y = c && x; return y; }',
    gcc: ['3:54 x may be'],
    missed: '&&'
  },
  { name: 'm9', body: 'int main(void) { int x; return 0; printf("%d\\n", x); }', gcc: [] },
  {
    name: 'm10',
    body: 'int main(void) { int x; int c = getchar(); switch (c) { case 1: printf("%d\\n", x); } return 0; }',
    gcc: ['3:65 x may be']
  },
  {
    name: 'm11',
    body: 'int main(void) { int x; int c = getchar(); while (c) { printf("%d\\n", x); c = 0; } return 0; }',
    gcc: ['3:56 x may be']
  },
  {
    name: 'm12',
    body: 'int main(void) { char *s; printf("%s\\n", s); return 0; }',
    gcc: ['3:27 s is']
  },
  {
    name: 'm13',
    body: 'int main(void) { int x; int c = getchar(); if (c) x = 1; printf("%d\\n", x); printf("%d", c); return 0; }',
    gcc: []
  },
  {
    name: 'm14',
    body: 'int main(void) { int x; int y = x; int z = x; return y + z; }',
    gcc: ['3:29 x is']
  },
  {
    name: 'm15',
    body: 'int main(void) { unsigned u; double d = u; return (int)d; }',
    gcc: ['3:37 u is']
  },
  {
    name: 'm16',
    body: 'int main(void) { int x; do { printf("%d\\n", x); } while (0); return 0; }',
    gcc: ['3:30 x is']
  },
  {
    name: 'm17',
    body: 'int main(void) { int x; for (int i = 0; i < 2; i++) { printf("%d\\n", x); x = i; } return 0; }',
    gcc: []
  },
  {
    name: 'm18',
    body: 'int main(void) { int x; int a[3] = {0}; a[x] = 1; return a[0]; }',
    gcc: ['3:46 x is'],
    missed: 'an array index'
  },
  { name: 'm19', body: 'int main(void) { int x; long y = x; return (int)y; }', gcc: ['3:30 x is'] },
  { name: 'm20', body: 'int main(void) { int *p; p++; return 0; }', gcc: ['3:27 p is'] },
  {
    name: 'q1',
    body: 'int main(void) { int x; while (1) { printf("%d\\n", x); break; } return 0; }',
    gcc: ['3:37 x is'],
    missed: 'a while (1) body that can break'
  },
  {
    name: 'q2',
    body: 'int main(void) { int x; for (;;) { printf("%d\\n", x); x = 1; if (x) break; } return 0; }',
    gcc: ['3:36 x is'],
    missed: 'a for (;;) body that can break'
  },
  {
    name: 'q3',
    body: 'int main(void) { int x; int n = 0; while (n < 3) { n++; } printf("%d\\n", x); return 0; }',
    gcc: ['3:59 x is']
  },
  {
    name: 'q4',
    body: 'int main(void) { int x; int n = 3; if (n > 2) printf("%d\\n", x); return 0; }',
    gcc: ['3:47 x may be'],
    missed: 'under a condition on a local holding a constant'
  },
  {
    name: 'q5',
    body: 'int main(void) { int x; int n = getchar(); if (n > 2) { x = 1; } else { x = 2; } printf("%d\\n", x); return 0; }',
    gcc: []
  },
  {
    name: 'q6',
    body: 'int main(void) { int x; int n = getchar(); if (n) return 1; x = 4; printf("%d\\n", x); return 0; }',
    gcc: []
  },
  {
    name: 'q7',
    body: 'int main(void) { double d; int n = getchar(); if (n) d = 1.5; printf("%f\\n", d); return 0; }',
    gcc: []
  },
  {
    name: 'q8',
    body: 'int main(void) { int *p; int n = getchar(); if (n) p = malloc(4); free(p); return 0; }',
    gcc: []
  },
  { name: 'q9', body: 'int main(void) { int *p; free(p); return 0; }', gcc: ['3:26 p is'] },
  {
    name: 'q10',
    body: 'int main(void) { int x; x = 1; x++; printf("%d\\n", x); return 0; }',
    gcc: []
  },
  {
    name: 'q11',
    body: 'int main(void) { int x, y; y = 2; if (y > 1) x = y; printf("%d\\n", x); return 0; }',
    gcc: []
  },
  {
    name: 'q12',
    body: 'int f(int n) { int r; if (n > 0) r = n; return r; } int main(void) { return f(2); }',
    gcc: []
  },
  {
    name: 'q13',
    body: 'int f(int n) { int r; switch (n) { case 0: r = 1; break; case 1: r = 2; break; } return r; } int main(void) { return f(2); }',
    gcc: []
  },
  {
    name: 'q14',
    body: 'int main(void) { int sum; for (int i = 0; i < 3; i++) sum += i; printf("%d\\n", sum); return 0; }',
    gcc: []
  },
  {
    name: 'q15',
    body: 'int main(void) { int sum; int i; for (i = 0; i < 3; i++) sum = sum + i; return sum; }',
    gcc: []
  },
  {
    name: 'q16',
    body: 'int main(void) { char *s; int n = getchar(); while (n > 0) { printf("%s\\n", s); n--; } return 0; }',
    gcc: ['3:62 s may be']
  },
  {
    name: 'q17',
    body: 'int main(void) { int x; { int y = 2; printf("%d\\n", y); } printf("%d\\n", x); return 0; }',
    gcc: ['3:59 x is']
  },
  {
    name: 'q18',
    body: 'int main(void) { int x; printf("%d\\n", 1); if (getchar()) exit(0); printf("%d\\n", x); return 0; }',
    gcc: ['3:68 x may be']
  },
  {
    name: 'q19',
    body: 'int main(void) { int x; int c = 0; if (c) exit(0); printf("%d\\n", x); return 0; }',
    gcc: ['3:52 x may be'],
    missed: 'after an exit under a condition on a local holding a constant'
  },
  {
    name: 'q20',
    body: 'int main(void) { int x; x *= 2; printf("%d\\n", x); return 0; }',
    gcc: ['3:27 x is']
  },
  {
    name: 'q21',
    body: 'int main(void) { unsigned long u; u <<= 3; return (int)u; }',
    gcc: ['3:37 u is']
  },
  { name: 'q22', body: 'int main(void) { int x; int y = -x; return y; }', gcc: ['3:29 x is'] },
  { name: 'q23', body: 'int main(void) { int x; int y = x + x; return y; }', gcc: ['3:29 x is'] },
  { name: 'q24', body: 'int main(void) { long t; t = t; return 0; }', gcc: ['3:28 t is'] },
  {
    name: 'q25',
    body: 'int main(void) { int a; int b = a, c = a; return b + c; }',
    gcc: ['3:29 a is']
  },
  {
    name: 'q26',
    body: 'int main(void) { int x; if (getchar()) { x = 5; printf("%d\\n", x); } return 0; }',
    gcc: []
  },
  {
    name: 'q27',
    body: 'int main(void) { int x; do { x = getchar(); } while (x > 0); printf("%d\\n", x); return 0; }',
    gcc: []
  },
  {
    name: 'q28',
    body: 'int main(void) { int i; for (i = 0; i < 10; i++) { if (i == 5) break; } printf("%d\\n", i); return 0; }',
    gcc: []
  },
  {
    name: 'q29',
    body: 'int main(void) { int x; int *q = 0; if (q) printf("%d\\n", x); return 0; }',
    gcc: []
  },
  {
    name: 'q30',
    body: 'int main(void) { int x; enum { ON = 1 }; if (ON) printf("%d\\n", x); return 0; }',
    gcc: ['3:50 x is'],
    missed: 'under a condition on an enumeration constant'
  },
  { name: 'mu', body: 'int main(void) { int x, y = 0; if (y) y = x; return y; }', gcc: [] }
]

function ours(source: string): string[] {
  const r = compile(source, { file: 'p.c' })
  const diagnostics = r.ok ? r.program.warnings : r.diagnostics
  return diagnostics
    .filter(
      (d) =>
        d.reason?.key === 'checker.usedUninitialized' ||
        d.reason?.key === 'checker.maybeUsedUninitialized'
    )
    .map(
      (d) =>
        `${d.line}:${d.column} ${String(d.reason!.params.name)} ${d.reason!.key === 'checker.usedUninitialized' ? 'is' : 'may be'}`
    )
}

describe('-Wuninitialized where gcc 12 -O0 -Wall gives it', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.body}`, () => {
      expect(ours(HEADERS + c.body + '\n')).toEqual(c.missed ? [] : c.gcc)
    })
  }

  it('covers programs where gcc warns and where it does not', () => {
    const warned = CASES.filter((c) => c.gcc.length > 0 && !c.missed).length
    const silent = CASES.filter((c) => c.gcc.length === 0).length
    expect(warned).toBeGreaterThanOrEqual(20)
    expect(silent).toBeGreaterThanOrEqual(15)
  })
})

const hasGcc = spawnSync('gcc', ['--version']).status === 0

describe.runIf(hasGcc)('the recorded gcc warnings are what gcc says', () => {
  const work = mkdtempSync(join(tmpdir(), 'memory-lane-uninit-'))
  afterAll(() => rmSync(work, { recursive: true, force: true }))
  it('for all the programs', () => {
    for (const c of CASES) {
      const file = join(work, `${c.name}.c`)
      writeFileSync(file, HEADERS + c.body + '\n')
      const r = spawnSync('gcc', ['-O0', '-Wall', '-c', '-o', '/dev/null', file], {
        encoding: 'utf8',
        env: { ...process.env, LC_ALL: 'C' }
      })
      const said = [
        ...r.stderr.matchAll(/:(\d+):(\d+): warning: '([\w.]+)' (is|may be) used uninitialized/g)
      ].map((m) => `${m[1]}:${m[2]} ${m[3]} ${m[4]}`)
      expect(said, c.name).toEqual(c.gcc)
    }
  })
})
