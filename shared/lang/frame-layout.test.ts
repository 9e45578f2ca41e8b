import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runC } from './index'

const hasGcc = spawnSync('gcc', ['--version']).status === 0

function gccOutput(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'frame-layout-'))
  writeFileSync(join(dir, 'p.c'), source)
  const build = spawnSync('gcc', ['-O0', '-w', '-o', join(dir, 'p'), join(dir, 'p.c')], {
    encoding: 'utf8'
  })
  if (build.status !== 0) throw new Error(build.stderr)
  return spawnSync(join(dir, 'p'), [], { encoding: 'utf8' }).stdout
}

/** Each local's distance from `a`, the first local of the outermost block. */
const INNER_BLOCKS = `#include <stdio.h>
int b1(int k) {
    int a = 1;
    for (int i = 0; i < 1; i++) { int t = i; printf("i %ld t %ld\\n", (long)((char *)&(i) - (char *)&a), (long)((char *)&(t) - (char *)&a)); }
    int b = 2;
    { int c = 3; printf("c %ld\\n", (long)((char *)&(c) - (char *)&a)); }
    int d = 4;
    printf("b %ld d %ld k %ld\\n", (long)((char *)&(b) - (char *)&a), (long)((char *)&(d) - (char *)&a), (long)((char *)&(k) - (char *)&a));
    return 0;
}
int b3(int k) {
    int a = 1;
    if (k) { char in1[50]; int y = 1; char in2[33]; printf("in1 %ld y %ld in2 %ld\\n", (long)((char *)&(in1) - (char *)&a), (long)((char *)&(y) - (char *)&a), (long)((char *)&(in2) - (char *)&a)); }
    else { char e1[64]; char e2[10]; printf("e1 %ld e2 %ld\\n", (long)((char *)&(e1) - (char *)&a), (long)((char *)&(e2) - (char *)&a)); }
    for (int i = 0; i < 1; i++) { char l1[32]; char l2[31]; printf("i %ld l1 %ld l2 %ld\\n", (long)((char *)&(i) - (char *)&a), (long)((char *)&(l1) - (char *)&a), (long)((char *)&(l2) - (char *)&a)); }
    long z = 3;
    printf("z %ld k %ld\\n", (long)((char *)&(z) - (char *)&a), (long)((char *)&(k) - (char *)&a));
    return 0;
}
int b4(int k) {
    int a = 1;
    { int x = 5; { char big[40]; int w = 2; printf("x %ld big %ld w %ld\\n", (long)((char *)&(x) - (char *)&a), (long)((char *)&(big) - (char *)&a), (long)((char *)&(w) - (char *)&a)); } }
    { char big2[100]; double dd = 1; printf("big2 %ld dd %ld\\n", (long)((char *)&(big2) - (char *)&a), (long)((char *)&(dd) - (char *)&a)); }
    int q = 2;
    printf("q %ld k %ld\\n", (long)((char *)&(q) - (char *)&a), (long)((char *)&(k) - (char *)&a));
    return 0;
}
int b5(int k) {
    int a = k;
    for (int i = 0; i < 1; i++) { long x[10]; x[0] = i; printf("x %ld\\n", (long)((char *)&(x) - (char *)&a)); }
    for (int j = 0; j < 1; j++) { long y[12]; y[0] = j; printf("y %ld j %ld\\n", (long)((char *)&(y) - (char *)&a), (long)((char *)&(j) - (char *)&a)); }
    struct { int p, q, r, s, t, u, v, w; } st; st.p = 1;
    printf("st %ld k %ld\\n", (long)((char *)&(st) - (char *)&a), (long)((char *)&(k) - (char *)&a));
    return 0;
}
int main(void) { b1(1); b3(1); b3(0); b4(1); b5(1); return 0; }
`

describe('locals of inner blocks (gcc 12 -O0 cfgexpand)', () => {
  it('lays out the outermost block first, then inner blocks, sharing big slots of disjoint blocks', () => {
    // Printed by gcc 12 -O0 on x86-64. b1: a, b, d of the outermost block at 0, -4, -8, then
    // i, t, c of the inner blocks below them. b3: y, e2, i and l2 (under 32 bytes) follow the
    // outer a and z; the big arrays come last, sorted by size: e1 (64) leads a slot that in1
    // (50) and l1 (32) share, as their blocks are never alive together, 16-aligned at
    // -140 from a (-144 from %rbp: below l2 at -80 from %rbp); in2 (33) is alive with in1, so
    // it gets its own slot below, at -192 from %rbp. b5: x[10] and y[12] share y's 96 bytes.
    const expected = `i -12 t -16
c -20
b -4 d -8 k -32
in1 -140 y -16 in2 -188
i -32 l1 -140 l2 -76
z -12 k -192
e1 -140 e2 -26
i -32 l1 -140 l2 -76
z -12 k -192
x -8 big -124 w -12
big2 -124 dd -20
q -4 k -128
x -152
y -152 j -44
st -40 k -156
`
    const result = runC(INNER_BLOCKS, { file: 'inner-blocks.c' })
    expect(result.stdout).toBe(expected)
    if (hasGcc) expect(gccOutput(INNER_BLOCKS)).toBe(expected)
  })

  it('overflows at the real depth when disjoint blocks share their arrays', () => {
    // gcc: the two arrays share one 208-byte slot (200 rounded to 16): subq $224, a 240-byte
    // frame; real depth under ulimit -s 8192 is 34,949 (8 MiB / 240 = 34,952.5, less the
    // stack above main). maxDepth counts main too.
    const source = `long depth;
void f(int d) {
    depth = d;
    if (d & 1) { char a[100]; a[0] = (char)d; f(d + 1); }
    else { char b[200]; b[0] = (char)d; f(d + 1); }
}
int main(void) { f(1); return 0; }
`
    const result = runC(source, { file: 'blocks-depth.c' })
    expect(result.exit.signal).toBe('SIGSEGV')
    expect(result.maxDepth - 1).toBeGreaterThanOrEqual(34_949)
    expect(result.maxDepth - 1).toBeLessThanOrEqual(34_950)
  })
})
