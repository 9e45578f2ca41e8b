/**
 * A printf whose format asks for more than the call passes reads what the argument registers
 * and, after them, the caller's stack hold, as the real printf's va_arg does (gcc -Wformat warns
 * of it; the program still runs). Expected outputs worked out by hand below; when gcc and
 * setarch are here, the same programs are compiled as a learner compiles them and run as
 * `env -i setarch -R ./prog` (the process the interpreter models) to check them.
 */
import { describe, expect, it } from 'vitest'
import { hasGcc, hasSetarch, realRun } from '../../tools/gcc'
import { runC } from './index'

function ours(source: string): string {
  const r = runC(source, { stdout: 'pipe' })
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  return r.stdout
}

function real(source: string): string {
  return realRun(source, { emptyEnvironment: true, reportFaults: false }).stdout
}

const checkAgainstGcc = hasGcc && hasSetarch

describe('printf reading arguments the call did not pass', () => {
  it("main's first call finds what the C library's start-up left in the registers", () => {
    // `printf("%d %d\n", 2.5)`: 2.5 goes in %xmm0, so the two %d read %rsi and %rdx, which
    // still hold main's argv and envp: argv[] at 0x7fffffffee38 under `env -i` (./prog, no
    // arguments), envp[] two slots above (argv[0], NULL). Their low halves as ints:
    // 0xffffee38 - 2^32 = -4552 and 0xffffee48 - 2^32 = -4536.
    const source =
      '#include <stdio.h>\nint main(void) {\n  printf("%d %d\\n", 2.5);\n  return 0;\n}\n'
    expect(ours(source)).toBe('-4552 -4536\n')
    if (checkAgainstGcc) expect(real(source)).toBe('-4552 -4536\n')
  })

  it('then %rcx, %r8, %r9 and the words above main’s %rsp', () => {
    // %rcx: .init_array's end (call_init's loop), 0x3dd8 in the RELRO page of a program with
    // one PLT function; %r8 0; %r9 _dl_fini in ld.so. main has no locals, so its %rsp is its
    // %rbp: the 6th and 7th read the saved %rbp (1: __libc_start_call_main keeps no frame
    // pointer) and main's return address in __libc_start_call_main.
    const source =
      '#include <stdio.h>\nint main(void) {\n  printf("%lx %lx %lx %lx %lx %lx %lx\\n", 1.0);\n  return 0;\n}\n'
    const expected = '7fffffffee38 7fffffffee48 555555557dd8 0 7ffff7fce6d0 1 7ffff7dfb24a\n'
    expect(ours(source)).toBe(expected)
    if (checkAgainstGcc) expect(real(source)).toBe(expected)
  })

  it('past the six registers, the caller’s own locals', () => {
    // show passes five longs after the format (%rsi … %r9); the 6th and 7th %lx read the words
    // at its %rsp and %rsp + 8: its frame is 16 bytes, b at %rbp - 16 and a at %rbp - 8.
    const source = `#include <stdio.h>
void show(void) {
    long a = 0x1111, b = 0x2222;
    printf("%lx %lx %lx %lx %lx %lx %lx\\n", a, b, 0L, 0L, 0L);
}
int main(void) {
    show();
    return 0;
}
`
    expect(ours(source)).toBe('1111 2222 0 0 0 2222 1111\n')
    if (checkAgainstGcc) expect(real(source)).toBe('1111 2222 0 0 0 2222 1111\n')
  })
})
