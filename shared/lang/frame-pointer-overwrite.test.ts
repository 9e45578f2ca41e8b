/**
 * The off-by-one exploit's demo (Phrack 55's "frame pointer overwrite"): a one-byte overflow of
 * a local buffer clears the low byte of the saved %rbp right above it. The function itself
 * returns normally; its caller goes on with %rbp up to 255 bytes too low, reads its locals
 * from there, and its own `leave; ret` takes the "return address" from the wrong place. The
 * real process is gcc 12 -O0's binary run as the simulator models it (`env -i setarch -R
 * ./prog`), with a SIGSEGV handler that reports the faulting address.
 */
import { describe, expect, it } from 'vitest'
import { hasGcc, hasSetarch, realRun, type RealRun } from '../../tools/gcc'
import { runC } from './index'
import { RunSession } from './session'

/** gcc's binary of `source` as `env -i setarch -R ./prog`: stdout, status, the fault. */
const onMachine = (source: string): RealRun =>
  realRun(source, { emptyEnvironment: true, flags: ['-fno-stack-protector'] })

/**
 * greet's %rbp is 0x7fffffffed10 (main's frame at 0x7fffffffed20, greet's return address and
 * saved %rbp below it); save_name's strcpy of 16 characters writes its NUL over the saved
 * %rbp's low byte, so greet goes on with %rbp = 0x7fffffffed00, 16 bytes too low. Its locals:
 * count at %rbp - 8, words at %rbp - 272. Read through the wrong %rbp, count is the word 16
 * bytes below it, words[31] = 0x101f = 4127, and words[3] is words[1]. `leave` then pops
 * %rbp from 0x7fffffffed00 (words[31]) and `ret` the return address from 0x7fffffffed08,
 * which is count's slot: 7, where nothing is mapped.
 */
const GREET = `#include <stdio.h>
#include <string.h>

void save_name(const char *name) {
    char buf[16];
    strcpy(buf, name);
}

void fill(long *words, int n) {
    for (int i = 0; i < n; i++) words[i] = 0x1000 + i;
}

void greet(const char *name) {
    long words[32];
    long count = 7;
    fill(words, 32);
    save_name(name);
    printf("count = %ld\\n", count);
    fflush(stdout);
    printf("words[3] = %lx\\n", words[3]);
    fflush(stdout);
}

int main(void) {
    greet("fifteen chars..");
    greet("sixteen chars...");
    printf("not reached\\n");
    return 0;
}
`

describe('a one-byte overflow into the saved frame pointer', () => {
  it('lets the caller go on with the wrong %rbp until its return, as the real process does', () => {
    const expected = {
      stdout: 'count = 7\nwords[3] = 1003\ncount = 4127\nwords[3] = 1001\n',
      status: 139,
      code: 'SEGV_MAPERR',
      address: '0x7'
    }
    const run = runC(GREET, { file: 'greet.c', stdout: 'pipe' })
    expect(run.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect({
      stdout: run.stdout,
      status: run.status,
      code: run.exit.code,
      address: run.exit.reason?.params?.address
    }).toEqual(expected)
    expect(run.exit.reason).toEqual({
      key: 'exit.badReturnWrongFrame',
      params: {
        framePointer: '0x7fffffffed00',
        frame: '0x7fffffffed10',
        slot: '0x7fffffffed08',
        address: '0x7'
      }
    })
    expect(run.exit.line).toBe(22) // greet's closing brace: its leave; ret
    if (hasGcc && hasSetarch) expect(onMachine(GREET)).toEqual(expected)
  })

  it("shows the caller's frame at the wrong %rbp while it goes on", () => {
    const session = new RunSession(GREET, { file: 'greet.c' })
    session.runToLine(6) // the second save_name's strcpy
    session.runToLine(6)
    session.runToLine(18) // back in greet, printing count
    const state = session.state()
    expect(state.framePointer).toBe(0x7fffffffed00)
    const greet = state.frames[state.frames.length - 1]
    expect(greet.function).toBe('greet')
    const count = greet.variables.find((v) => v.name === 'count')
    expect(count?.address).toBe(0x7fffffffed00 - 8)
    expect(count?.value).toEqual({ kind: 'integer', text: '4127' })
  })
})
