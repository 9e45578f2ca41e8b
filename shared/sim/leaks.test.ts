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

function valgrindTotals(): { definite: number; indirect: number } | null {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' })
    execFileSync('gcc', ['--version'], { stdio: 'ignore' })
  } catch {
    return null
  }
  const dir = mkdtempSync(join(tmpdir(), 'leaks-'))
  writeFileSync(join(dir, 'leak.c'), C_PROGRAM)
  execFileSync('gcc', ['-O0', '-g', '-o', join(dir, 'leak'), join(dir, 'leak.c')])
  const log = execFileSync(
    'sh',
    ['-c', `valgrind --leak-check=full ${join(dir, 'leak')} 2>&1 >/dev/null`],
    { encoding: 'utf8' }
  )
  const bytes = (what: string): number => {
    const match = new RegExp(`${what}: ([\\d,]+) bytes`).exec(log)
    return match === null ? -1 : Number(match[1].replace(/,/g, ''))
  }
  return { definite: bytes('definitely lost'), indirect: bytes('indirectly lost') }
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
  it('counts register values and stack words as roots', () => {
    const m = new Machine()
    const a = m.malloc(8)
    const b = m.malloc(8)
    const sp = 0x7ffffffff000 - 64
    m.memory.writePointer(sp + 8, b + 4) // an interior pointer still reaches b
    const report = findLeaks(m, { ranges: [[sp, 0x7ffffffff000]], values: [a] })
    expect(report.definite).toHaveLength(0)
    expect(report.reachableBlocks).toBe(2)
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
