/**
 * Variable-length arrays (`int a[n]`) in the stack view and under time travel. Their frame
 * layout and addresses are compared with gcc by the corpus (examples/course-vla-*.c,
 * bug-stack-overflow-vla.c) and their callee-saved registers by callee-saved.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { RunSession } from './session'
import { runC } from './index'

const PROGRAM = `#include <stdio.h>
static int twice(int v) { return 2 * v; }
int fill(int n) {
  int x = n;
  int a[n];
  for (int i = 0; i < n; i++) a[i] = twice(i * x);
  return a[n - 1];
}
int main(void) {
  int total = 0;
  for (int k = 1; k <= 3; k++) {
    char line[k * 20];
    snprintf(line, sizeof line, "%d", fill(k + 2));
    total += line[0];
  }
  printf("%d\\n", total);
  return 0;
}
`

describe('variable-length arrays', () => {
  it('shows the array inside its frame, below the fixed part, with the length it was given', () => {
    const s = new RunSession(PROGRAM, {})
    s.runToLine(7)
    const [main, fill] = s.state().frames
    const a = fill.variables.find((v) => v.name === 'a')!
    expect(a.type).toBe('int [3]')
    expect(a.size).toBe(12)
    // gcc 12 -O0 (objdump): `push %rbx; sub $0x38,%rsp`, a 64-byte frame, then
    // %rsp -= (12 + 15) / 16 * 16.
    expect(fill.framePointer - a.address).toBe(64 + 16)
    expect(fill.stackPointer).toBe(a.address)
    const x = fill.variables.find((v) => v.name === 'x')!
    expect(x.address).toBeLessThan(fill.framePointer)
    expect(x.address).toBeGreaterThan(a.address)
    // main's frame reaches down to fill's return address, past its own array `line` (20 bytes
    // rounded to 32), which lies in main's frame.
    const line = main.variables.find((v) => v.name === 'line')!
    expect(line.type).toBe('char [20]')
    expect(main.stackPointer).toBe(fill.framePointer + 16)
    expect(line.address).toBe(main.stackPointer)
  })

  it('shows the array as not yet made before its declaration runs', () => {
    const s = new RunSession(PROGRAM, {})
    s.runToLine(5)
    const fill = s.state().frames[1]
    const a = fill.variables.find((v) => v.name === 'a')!
    expect(a.type).toBe('int []')
    expect(a.value.kind).toBe('uninitialized')
  })

  it('gives at every step the state a fresh run has, across declarations and block exits', () => {
    const full = new RunSession(PROGRAM, { snapshotInterval: 8 })
    full.runToEnd()
    const last = full.state().step
    // fill(3), fill(4), fill(5) are 12, 24, 40: '1' + '2' + '4' (gcc's binary prints 151 too).
    expect(runC(PROGRAM).stdout).toBe('151\n')
    for (let k = last; k >= 0; k -= 7) {
      full.jumpTo(k)
      const fresh = new RunSession(PROGRAM, {})
      fresh.jumpTo(k)
      expect(full.state().frames, `step ${k}`).toEqual(fresh.state().frames)
    }
  })
})
