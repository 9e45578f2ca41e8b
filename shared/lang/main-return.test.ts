import { describe, expect, it } from 'vitest'
import { hasGcc, hasSetarch, realRun } from '../../tools/gcc'
import { runC } from './index'

/** The real process's end as these cases compare it: the fault's code, not its address. */
function real(source: string): { stdout: string; status: number | null; code?: string } {
  const { address: _address, ...end } = realRun(source)
  return end
}

describe("main's saved return address (glibc 2.36, ASLR off)", () => {
  const cases: Array<[string, string, { stdout: string; status: number; code?: string }]> = [
    [
      // buf at -8: the 'A's cover the saved %rbp and the return address (0x4141414141414141,
      // not canonical): `ret` faults with a general-protection fault before exit() runs, so
      // the printed line, still in the pipe's buffer, is lost.
      'overwritten with a non-canonical address',
      `#include <stdio.h>
#include <string.h>
int main(void) { char buf[8]; printf("hello\\n"); memset(buf, 'A', 32); return 0; }
`,
      { stdout: '', status: 139, code: 'SI_KERNEL' }
    ],
    [
      // a[3] is the return address slot (a at -16): `ret` jumps to 0x1234, which is unmapped.
      'overwritten with an unmapped address',
      `#include <stdio.h>
int main(void) { long a[2]; a[0] = 1; printf("small\\n"); a[3] = 0x1234; return 0; }
`,
      { stdout: '', status: 139, code: 'SEGV_MAPERR' }
    ],
    [
      // Only the saved %rbp (a[2]) is overwritten: __libc_start_call_main does not use %rbp,
      // so exit(3) runs and flushes the line.
      'left alone when only the saved frame pointer is overwritten',
      `#include <stdio.h>
int main(void) { long a[2]; a[0] = 1; printf("only rbp\\n"); a[2] = 0x1234; return 3; }
`,
      { stdout: 'only rbp\n', status: 3 }
    ]
  ]
  for (const [what, source, expected] of cases) {
    it(`crashes as the real process does when it is ${what}`, () => {
      const result = runC(source, { file: 'main-return.c', stdout: 'pipe' })
      expect({
        stdout: result.stdout,
        status: result.status,
        ...(result.exit.code !== undefined ? { code: result.exit.code } : {})
      }).toEqual(expected)
      if (hasGcc && hasSetarch) expect(real(source)).toEqual(expected)
    })
  }

  it('reports a non-canonical return address of any function as a general-protection fault', () => {
    const source = `#include <string.h>
void f(void) { char b[8]; memset(b, 'A', 32); }
int main(void) { f(); return 0; }
`
    const expected = { stdout: '', status: 139, code: 'SI_KERNEL' }
    const result = runC(source, { file: 'smashed.c', stdout: 'pipe' })
    expect({ stdout: result.stdout, status: result.status, code: result.exit.code }).toEqual(
      expected
    )
    if (hasGcc && hasSetarch) expect(real(source)).toEqual(expected)
  })
})
