/**
 * The timeline marks each misuse the checker reports (the scrubber's "!"), at the step whose
 * state first holds the report, so a learner can find it and jump there; a run had none, though
 * the scrubber's legend offered the mark.
 */
import { describe, expect, it } from 'vitest'
import { RunSession } from './session'

// glibc places the first malloc(16) at 0x5555555592a0, as gcc 12 + glibc 2.36 do under
// setarch -R; p[1] is 4 bytes further on.
const AFTER_FREE = `#include <stdlib.h>
int main(void) {
  int *p = malloc(16);
  free(p);
  p[1] = 42;
  return 0;
}
`

describe('misuse markers', () => {
  it('marks a use after free at its step and line, among the heap calls, once', () => {
    const session = new RunSession(AFTER_FREE)
    session.runToEnd()
    // step 1 malloc (line 3), step 2 free (line 4), step 3 the write of line 5, exit at step 5
    const marks = () =>
      session.timeline().markers.map((m) => `${m.step} ${m.kind} ${m.line} ${m.reason?.key}`)
    expect(marks()).toEqual([
      '1 malloc 3 malloc',
      '2 free 4 free',
      '3 misuse 5 useAfterFree',
      '5 exit 7 exit'
    ])
    expect(session.timeline().markers[2].reason?.params).toEqual({ address: '0x5555555592a4' })
    // the state at that step holds the report; the one before does not
    session.jumpTo(2)
    expect(session.state().events).toHaveLength(0)
    session.jumpTo(3)
    expect(session.state().events.map((e) => e.kind)).toEqual(['use-after-free'])
    // time travel back and forth replays the write: still one marker
    session.jumpTo(0)
    session.runToEnd()
    expect(marks().filter((m) => m.includes('misuse'))).toHaveLength(1)
  })

  it('marks it once when the run goes one statement at a time, or in pieces', () => {
    // The app's Step button runs one statement, and its "To the end" pauses every so often: a
    // stretch that ended at the report's step marked it, and the next one, starting there,
    // marked it again ('step 3 of 5: use after free at 0x5555555592a4, use after free at ...').
    const stepped = new RunSession(AFTER_FREE)
    while (!stepped.state().exit) stepped.step()
    const paused = new RunSession(AFTER_FREE)
    for (let piece = 0; piece < 10 && !paused.state().exit; piece++) paused.runToEnd(0)
    for (const session of [stepped, paused]) {
      expect(session.state().exit?.status).toBe(0)
      expect(session.timeline().markers.map((m) => `${m.step} ${m.kind} ${m.reason?.key}`)).toEqual(
        ['1 malloc malloc', '2 free free', '3 misuse useAfterFree', '5 exit exit']
      )
    }
  })

  it('marks a heap overflow and a double free of a checked allocator; leaks get no marker', () => {
    const session = new RunSession(
      `#include <stdlib.h>
#include <string.h>
int main(void) {
  char *a = malloc(16);
  memset(a, 'A', 17);
  free(a);
  free(a);
  malloc(8);
  return 0;
}
`,
      { allocator: 'first-fit' }
    )
    session.runToEnd()
    const misuse = session.timeline().markers.filter((m) => m.kind === 'misuse')
    expect(misuse.map((m) => `${m.line} ${m.reason?.key}`)).toEqual([
      '5 heapOverflow',
      '7 doubleFree'
    ])
    expect(session.state().events.map((e) => e.kind)).toContain('leak')
  })
})
