import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { gccOutput, hasGcc } from '../../tools/gcc'
import { compile, runC } from './index'

const hasSetarch = spawnSync('setarch', ['--help']).status === 0

const VALUES = `#include <stdio.h>
struct point { int x, y; };
static int sum(const int *v, int n) { int s = 0; for (int i = 0; i < n; i++) s += v[i]; return s; }
static struct point mid(struct point a, struct point b) {
  return (struct point){ (a.x + b.x) / 2, (a.y + b.y) / 2 };
}
int main(void) {
  struct point p = (struct point){ 3, 4 };
  struct point *q = &(struct point){ .y = 9 };
  int *a = (int[]){ 1, 2, 3, 4 };
  struct point m = mid(p, (struct point){ 7, 8 });
  printf("%d %d %d %d %d %zu\\n", p.x, p.y, q->x, q->y, sum(a, 4), sizeof (int[]){ 1, 2, 3 });
  printf("%d %d\\n", m.x, m.y);
  for (int i = 0; i < 2; i++) { int *t = (int[]){ i, i * 10 }; printf("%d ", t[1]); }
  q->x = 5;
  printf("%d\\n", q->x);
  return 0;
}
`

describe('compound literals', () => {
  it('make objects with the values given, the rest zero, as gcc does', () => {
    // p = {3, 4}; *q = {0, 9} (x not given: zero); sum 1+2+3+4 = 10; sizeof int[3] = 12;
    // mid({3,4}, {7,8}) = {5, 6}; t[1] = i * 10 for i = 0, 1; q->x stored through: 5.
    const expected = '3 4 0 9 10 12\n5 6\n0 10 5\n'
    const result = runC(VALUES)
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(result.stdout).toBe(expected)
    if (hasGcc) expect(gccOutput(VALUES)).toBe(expected)
  })

  it('are made afresh each time a loop body runs, and take postfix operators', () => {
    const source = `#include <stdio.h>
struct point { int x, y; };
static int norm1(struct point p) { return p.x + p.y; }
int main(void) {
  struct point pts[3];
  for (int i = 0; i < 3; i++)
    pts[i] = (struct point){ i, i * i };
  int total = 0;
  for (int i = 0; i < 3; i++) total += norm1((struct point){ pts[i].y, 1 });
  int k = 0;
  while (k < 3) if (k++ % 2) total += ((int[]){ 10, 20, 30 })[k - 1]; else total += 100;
  printf("%d %d %d %d %d\\n", pts[2].x, pts[2].y, total, k, (struct point){ 4, 5 }.y);
  return 0;
}
`
    // pts[2] = {2, 2 * 2}; norm1 of {y, 1} for y = 0, 1, 4: 1 + 2 + 5 = 8; the while loop:
    // k = 0 → 100, k = 1 → (int[]){10, 20, 30}[1] = 20, k = 2 → 100: 8 + 220 = 228, k = 3.
    const expected = '2 4 228 3 5\n'
    expect(runC(source).stdout).toBe(expected)
    if (hasGcc) expect(gccOutput(source)).toBe(expected)
    // In a loop's condition it would be made once: refused, by name.
    const r = compile(
      'int main(void) {\n  int n = 0;\n  while ((int[]){ 1, 0 }[n]) n++;\n  return n;\n}\n'
    )
    expect(r.ok ? [] : r.diagnostics.map((d) => d.reason?.key)).toEqual([
      'unsupported.compoundLiteralInLoop'
    ])
  })

  it('get stack slots where gcc -O0 puts them', () => {
    const source = `#include <stdio.h>
struct point { int x, y; };
int main(void) {
  struct point p = (struct point){ 3, 4 };
  struct point *q = &(struct point){ .y = 9 };
  int *a = (int[]){ 1, 2, 3, 4 };
  double d = (double){ 2.5 };
  for (int i = 0; i < 2; i++) { int *t = (int[]){ i, i * 10 }; printf("%d ", t[1]); }
  printf("%p %p %p %p\\n", (void *)&p, (void *)q, (void *)a, (void *)&d);
  return 0;
}
`
    // gcc -O0 -S: scalars whose address is never taken first (i -4, q -16, a -24; t -32 in
    // the loop's block), then the outermost block's objects in declaration order: p -40
    // (initialized directly: no literal of its own), q's literal -48, a's int[4] (16-aligned)
    // -64, d -72 (its address is taken); main's %rbp 0x7fffffffed20 minus these, as the real
    // process prints them (env -i setarch -R ./prog):
    const expected = '0 10 0x7fffffffecf8 0x7fffffffecf0 0x7fffffffece0 0x7fffffffecd8\n'
    expect(runC(source).stdout).toBe(expected)
    if (hasGcc && hasSetarch) {
      const dir = mkdtempSync(join(tmpdir(), 'compound-literal-'))
      try {
        writeFileSync(join(dir, 'p.c'), source)
        spawnSync('gcc', ['-O0', '-w', '-o', 'prog', 'p.c'], { cwd: dir })
        const real = spawnSync('env', ['-i', 'setarch', '-R', './prog'], {
          cwd: dir,
          encoding: 'utf8'
        })
        expect(real.stdout).toBe(expected)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  })

  it('are refused, by name, outside a function', () => {
    const r = compile('int *g = (int[]){ 1, 2 };\nint main(void) {\n  return g[0];\n}\n')
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.diagnostics.map((d) => d.reason?.key)).toEqual(['unsupported.compoundLiteral'])
  })
})
