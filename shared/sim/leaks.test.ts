import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findLeaks } from './leaks'
import { Machine } from './machine'

/**
 * The scenario, in C (run under valgrind when it is installed):
 *   g → A (24 bytes)                        reachable from a global
 *   H (16) → N1 (16) → N2 (16), H lost      H definite; N1, N2 indirect
 *   X (32) ⇄ Y (40), no pointer from outside X definite (first in address order), Y indirect
 * By hand: definitely lost 16 + 32 = 48 bytes in 2 blocks; indirectly lost 16 + 16 + 40 = 72
 * bytes in 3 blocks; 24 bytes reachable.
 */
const C_PROGRAM = `
#include <stdlib.h>
struct node { struct node *next; long pad; };
void *g;
static void make(void) {
  g = malloc(24);
  struct node *h = malloc(16), *n1 = malloc(16), *n2 = malloc(16);
  h->next = n1; n1->next = n2; n2->next = 0;
  void **x = malloc(32), **y = malloc(40);
  x[0] = y; y[0] = x;
}
int main(void) { make(); return 0; }
`

function simulate(): ReturnType<typeof findLeaks> {
  const m = new Machine({ sections: { data: 0, bss: 8 } })
  const g = m.layout.sections.bss.start
  m.memory.writePointer(g, m.malloc(24))
  const h = m.malloc(16)
  const n1 = m.malloc(16)
  const n2 = m.malloc(16)
  m.memory.writePointer(h, n1)
  m.memory.writePointer(n1, n2)
  m.memory.writePointer(n2, 0)
  const x = m.malloc(32)
  const y = m.malloc(40)
  m.memory.writePointer(x, y)
  m.memory.writePointer(y, x)
  const data = m.layout.segments.find((s) => s.name === 'data')
  const bss = m.layout.segments.find((s) => s.name === 'bss')
  return findLeaks(m, { ranges: [[data?.start ?? 0, bss?.end ?? 0]] })
}

/**
 * Possibly lost, by memcheck's rules (a chain from the roots with an interior pointer in it):
 *   g[0] → A (24)  start pointer          A still reachable
 *   A → R (40)     start pointer          R still reachable, although g[1] points into it first
 *   g[1] → R + 4   interior pointer       (scanned before A's contents: R is upgraded later)
 *   R → S (48)     start pointer          S still reachable (the upgrade reaches it too)
 *   g[2] → P + 4   interior pointer       P possibly lost
 *   P → Q (16)     start pointer          Q possibly lost (found inside a possibly lost block)
 *   L (16) → M + 4, nothing → L           L definitely lost, M (56) indirectly lost
 * Offsets of 4 keep clear of memcheck's heuristics (they look at offset 8 and 24).
 * By hand: still reachable 24 + 40 + 48 = 112 bytes in 3 blocks; possibly lost 32 + 16 = 48
 * bytes in 2 blocks; definitely lost 16 bytes; indirectly lost 56 bytes.
 */
const C_POSSIBLE = `
#include <stdlib.h>
void *g[3];
static void make(void) {
  void **a = malloc(24), **r = malloc(40), **s = malloc(48);
  void **p = malloc(32), **q = malloc(16), **l = malloc(16), **m = malloc(56);
  a[0] = r; r[0] = s; s[0] = 0; p[0] = q; q[0] = 0; l[0] = (char *)m + 4; m[0] = 0;
  g[0] = a; g[1] = (char *)r + 4; g[2] = (char *)p + 4;
}
int main(void) { make(); return 0; }
`

function simulatePossible(): ReturnType<typeof findLeaks> {
  const m = new Machine({ sections: { data: 0, bss: 24 } })
  const g = m.layout.sections.bss.start
  const [a, r, s, p, q, l, mm] = [24, 40, 48, 32, 16, 16, 56].map((n) => m.malloc(n))
  m.memory.writePointer(a, r)
  m.memory.writePointer(r, s)
  m.memory.writePointer(s, 0)
  m.memory.writePointer(p, q)
  m.memory.writePointer(q, 0)
  m.memory.writePointer(l, mm + 4)
  m.memory.writePointer(mm, 0)
  m.memory.writePointer(g, a)
  m.memory.writePointer(g + 8, r + 4)
  m.memory.writePointer(g + 16, p + 4)
  const bss = m.layout.segments.find((x) => x.name === 'bss')
  return findLeaks(m, { ranges: [[bss?.start ?? 0, bss?.end ?? 0]] })
}

interface ValgrindTotals {
  definite: number
  indirect: number
  possible?: number
  reachable?: number
}

function valgrindTotals(program = C_PROGRAM): ValgrindTotals | null {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' })
    execFileSync('gcc', ['--version'], { stdio: 'ignore' })
  } catch {
    return null
  }
  const dir = mkdtempSync(join(tmpdir(), 'leaks-'))
  writeFileSync(join(dir, 'leak.c'), program)
  execFileSync('gcc', ['-O0', '-g', '-o', join(dir, 'leak'), join(dir, 'leak.c')])
  const log = execFileSync(
    'sh',
    ['-c', `valgrind --leak-check=full --show-leak-kinds=all ${join(dir, 'leak')} 2>&1 >/dev/null`],
    { encoding: 'utf8' }
  )
  const bytes = (what: string): number => {
    const match = new RegExp(`${what}: ([\\d,]+) bytes`).exec(log)
    return match === null ? -1 : Number(match[1].replace(/,/g, ''))
  }
  const totals: ValgrindTotals = {
    definite: bytes('definitely lost'),
    indirect: bytes('indirectly lost')
  }
  if (program !== C_PROGRAM) {
    totals.possible = bytes('possibly lost')
    totals.reachable = bytes('still reachable')
  }
  return totals
}

describe('findLeaks', () => {
  it('classifies definitely and indirectly lost blocks as memcheck does', () => {
    const report = simulate()
    expect(report.definiteBytes).toBe(48)
    expect(report.definite.map((b) => b.requested)).toEqual([16, 32])
    expect(report.indirectBytes).toBe(72)
    expect(report.indirect.map((b) => b.requested).sort((a, b) => a - b)).toEqual([16, 16, 40])
    expect(report.reachableBytes).toBe(24)
    expect(report.events.map((e) => e.leak)).toEqual([
      'definite',
      'definite',
      'indirect',
      'indirect',
      'indirect'
    ])
    const real = valgrindTotals()
    if (real !== null) expect(real).toEqual({ definite: 48, indirect: 72 })
  })
  it('calls a block reached only through an interior pointer possibly lost, as memcheck does', () => {
    const report = simulatePossible()
    expect(report.reachableBytes).toBe(112)
    expect(report.reachableBlocks).toBe(3)
    expect(report.possible.map((b) => b.requested)).toEqual([32, 16])
    expect(report.possibleBytes).toBe(48)
    expect(report.definite.map((b) => b.requested)).toEqual([16])
    expect(report.indirect.map((b) => b.requested)).toEqual([56])
    expect(report.events.map((e) => e.leak)).toEqual([
      'definite',
      'indirect',
      'possible',
      'possible'
    ])
    expect(report.events[2].reason?.key).toBe('misuse.leakPossible')
    const real = valgrindTotals(C_POSSIBLE)
    if (real !== null) {
      expect(real).toEqual({ definite: 16, indirect: 56, possible: 48, reachable: 112 })
    }
  })
  it('counts register values and stack words as roots', () => {
    const m = new Machine()
    const a = m.malloc(8)
    const b = m.malloc(8)
    const c = m.malloc(8)
    const sp = 0x7ffffffff000 - 64
    m.memory.writePointer(sp + 8, b) // a start pointer on the stack
    m.memory.writePointer(sp + 16, c + 4) // an interior pointer: c only possibly lost
    const report = findLeaks(m, { ranges: [[sp, 0x7ffffffff000]], values: [a] })
    expect(report.definite).toHaveLength(0)
    expect(report.reachableBlocks).toBe(2)
    expect(report.possible.map((x) => x.payload)).toEqual([c])
  })
  it('does not count words the program never wholly wrote as pointers, as memcheck does', () => {
    // memcheck scans only words whose bits are all defined (mc_leakcheck.c,
    // MC_(is_valid_aligned_word)); checked under valgrind 3.19 with VALGRIND_MAKE_MEM_UNDEFINED
    // over a block holding the only pointer to another: both are definitely lost.
    const m = new Machine()
    const a = m.malloc(16)
    const b = m.malloc(16)
    const c = m.malloc(16)
    const d = m.malloc(16)
    m.memory.writePointer(a, b)
    m.memory.uninitialize(a, 8) // the pointer's bytes, as a stale link in a reused block
    m.memory.writePointer(c, d)
    m.memory.uninitialize(c + 4, 1) // one byte of the word undefined is enough
    const report = findLeaks(m, { ranges: [] })
    expect(report.definite.map((x) => x.payload)).toEqual([a, b, c, d])
    expect(report.indirect).toHaveLength(0)
  })
  it('does not count misaligned words as pointers', () => {
    const m = new Machine()
    const a = m.malloc(8)
    const sp = 0x7ffffffff000 - 64
    m.memory.writePointer(sp + 4, a) // not 8-byte aligned
    const report = findLeaks(m, { ranges: [[sp, 0x7ffffffff000]] })
    expect(report.definite.map((b) => b.payload)).toEqual([a])
  })
})
