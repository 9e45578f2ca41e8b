/**
 * The memory limit of a run (RunOptions.memoryLimit): a program that writes more simulated
 * memory than it allows is ended at the write that needed the next page, counted in pages, not
 * time, so at the same step however the run was recorded, and everything up to there is kept.
 */
import { describe, expect, it } from 'vitest'
import { RunSession } from './session'

/** Mallocs and fills 4 KiB blocks without end, as the hostile pack's program did. */
const FILLS_FOREVER = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
  long n = 0;
  while (1) {
    char *p = malloc(4096);
    memset(p, 1, 4096);
    n++;
    if (n % 100 == 0)
      printf("%ld blocks\\n", n);
  }
}
`

const MIB = 1024 * 1024

function endOf(options: { snapshotInterval?: number }): RunSession {
  const session = new RunSession(FILLS_FOREVER, {
    memoryLimit: 4 * MIB,
    stepBudget: 100_000_000,
    ...options
  })
  session.runToEnd()
  return session
}

describe('a run ended by its memory limit', () => {
  it('stops at the write that needs one page more than the limit, and says where', () => {
    const session = endOf({})
    const end = session.state()
    expect(end.exit?.signal).toBe('SIGKILL')
    expect(end.exit?.line).toBe(8) // the memset
    expect(end.exit?.reason).toEqual({
      key: 'exit.memoryLimit',
      params: { mib: 4, line: 8, steps: session.totalSteps }
    })
    expect(end.exit?.explanation).toContain('4 MiB of memory by line 8')
    expect(end.exit?.explanation).toContain('OOM killer')
    // Memory holds exactly the limit: 8,192 pages of 512 bytes.
    const memory = session.process!.machine.memory
    expect(memory.pageCount()).toBe((4 * MIB) / 512)
    expect(memory.ownPages).toBe(memory.pageCount())
    // Each block is a 4,112-byte chunk (4,096 + 16 of header, glibc's request2size), written
    // end to end: 4 MiB hold at most 1,020 of them, less what the stack, the globals and
    // stdout's buffer hold; so "1000 blocks" was printed and "1100 blocks" never.
    expect(end.output).toContain('1000 blocks\n')
    expect(end.output).not.toContain('1100 blocks')
  })

  it('ends at the same step whatever the snapshots, and again after a jump back', () => {
    const a = endOf({})
    const b = endOf({ snapshotInterval: 37 })
    expect(b.totalSteps).toBe(a.totalSteps)
    expect(b.state().output).toBe(a.state().output)
    const end = b.state()
    b.jumpTo(Math.floor(b.totalSteps! / 3))
    expect(b.state().exit).toBeUndefined()
    b.runToEnd()
    expect(b.currentStep).toBe(a.totalSteps)
    expect(b.state().exit).toEqual(end.exit)
    expect(b.state().output).toBe(end.output)
  })

  it('does not disturb a program that gives its memory back', () => {
    // 100 MiB written in all, never more than 1 MiB at once: each block is mmapped (above
    // glibc's 128 KiB threshold) and unmapped again by free, so its pages are given back.
    const session = new RunSession(
      `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
  for (int i = 0; i < 100; i++) {
    char *p = malloc(1 << 20);
    memset(p, i, 1 << 20);
    free(p);
  }
  puts("done");
  return 0;
}
`,
      { memoryLimit: 4 * MIB }
    )
    session.runToEnd()
    const end = session.state()
    expect(end.exit?.status).toBe(0)
    expect(end.output).toBe('done\n')
    const memory = session.process!.machine.memory
    expect(memory.ownPages).toBe(memory.pageCount())
  })
})
