/**
 * The simulated clock (vm.ts `microseconds`): gettimeofday, time and clock read a clock that
 * starts at 2026-01-01 00:00:00 UTC and moves one microsecond a step, and sleep/usleep move it
 * without steps, so OSTEP's common.h (GetTime, Spin) runs, every run prints the same times, and
 * a jump back shows the clock as it was. What a real machine prints depends on when it runs;
 * the relations the programs print (a Spin(1) lasts a second) are what gcc's binary prints too.
 */
import { describe, expect, it } from 'vitest'
import { gccOutput, hasGcc } from '../../tools/gcc'
import { runC } from './index'
import { RunSession } from './session'

/** OSTEP's intro/common.h and a mem.c whose loop ends. */
const OSTEP = `#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <assert.h>
#include <unistd.h>

double GetTime() {
    struct timeval t;
    int rc = gettimeofday(&t, NULL);
    assert(rc == 0);
    return (double) t.tv_sec + (double) t.tv_usec/1e6;
}

void Spin(int howlong) {
    double t = GetTime();
    while ((GetTime() - t) < (double) howlong)
	; // do nothing in loop
}

int main(int argc, char *argv[]) {
    int *p = malloc(sizeof(int));
    assert(p != NULL);
    *p = 0;
    double start = GetTime();
    for (int i = 0; i < 2; i++) {
        Spin(1);
        *p = *p + 1;
        printf("value of p: %d\\n", *p);
    }
    double elapsed = GetTime() - start;
    printf("%d %d %d\\n", elapsed >= 2.0, elapsed < 2.1, getpagesize());
    free(p);
    return 0;
}
`

describe('the simulated clock', () => {
  it("runs OSTEP's common.h: Spin(1) waits a simulated second, about a million steps", () => {
    const expected = 'value of p: 1\nvalue of p: 2\n1 1 4096\n'
    const r = runC(OSTEP, { file: 'mem.c' })
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(r.stdout).toBe(expected)
    // Two simulated seconds of Spin at one microsecond a step.
    expect(r.steps).toBeGreaterThan(2_000_000)
    expect(r.steps).toBeLessThan(2_100_000)
    // The real binary spins on the real clock: it too waits at least two seconds, but how far
    // past them it gets depends on the machine's load (2.1 s was passed at load 8 in CI), so
    // its upper bound is not compared.
    if (hasGcc) expect(gccOutput(OSTEP)).toMatch(/^value of p: 1\nvalue of p: 2\n1 [01] 4096\n$/)
  })

  it('starts at 2026-01-01, moves a microsecond a step, and sleep moves it without steps', () => {
    const program = `#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
int main(void) {
    struct timeval a, b;
    gettimeofday(&a, NULL);
    gettimeofday(&b, NULL);
    time_t t0 = time(NULL);
    sleep(3);
    usleep(250000);
    time_t t1;
    time(&t1);
    struct timeval c;
    gettimeofday(&c, NULL);
    printf("%ld %ld %ld %ld\\n", (long)a.tv_sec, (long)a.tv_usec, (long)(b.tv_usec - a.tv_usec), (long)(t1 - t0));
    printf("%ld %ld %ld\\n", (long)(c.tv_sec - a.tv_sec), (long)c.tv_usec, (long)clock());
    return 0;
}
`
    // A declaration without a value is no statement: the first gettimeofday is the first
    // statement (1 us), the second the second. c is read by the 7th: 3.25 s slept + 7 us;
    // clock() runs in the 9th (the second printf) and counts 9 us of steps.
    const r = runC(program, { file: 'clock.c' })
    expect(r.stdout).toBe('1767225600 1 1 3\n3 250007 9\n')
    expect(runC(program, { file: 'clock.c' }).stdout).toBe(r.stdout)
  })

  it('shows the clock as it was after a jump back (slept time is in the snapshots)', () => {
    // Snapshots are taken every 4,096 steps or more: the loop puts some between the two sleeps.
    const program = `#include <stdio.h>
#include <unistd.h>
#include <time.h>
int main(void) {
    long x = 0;
    sleep(5);
    for (int i = 0; i < 20000; i++) x += i;
    sleep(7);
    printf("%ld %ld\\n", (long)time(NULL) - 1767225600, x);
    return 0;
}
`
    const session = new RunSession(program, { file: 'jump.c', stdout: 'pipe' })
    session.runToEnd()
    const total = session.totalSteps ?? 0
    expect(total).toBeGreaterThan(40_000)
    // 12 s slept, and the 40,005 statements' 40 ms.
    expect(session.state().output).toBe('12 199990000\n')
    session.jumpTo(Math.floor(total * 0.75))
    session.runToEnd()
    expect(session.state().output).toBe('12 199990000\n')
  })
})
