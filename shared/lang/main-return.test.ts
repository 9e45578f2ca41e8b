import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasGcc } from '../../tools/gcc'
import { runC } from './index'

/**
 * A SIGSEGV handler compiled into the gcc-built program: it prints the signal's si_code to
 * stderr, so the test can compare it with the interpreter's `exit.code`.
 */
const SI_CODE_REPORTER = `#include <signal.h>
#include <stdio.h>
#include <unistd.h>
static char alternate_stack[65536];
static void report(int s, siginfo_t *info, void *context) {
    char line[64];
    (void)context;
    int n = snprintf(line, sizeof line, "si_code %d\\n", info->si_code);
    write(2, line, n);
    _exit(128 + s);
}
__attribute__((constructor)) static void install(void) {
    stack_t ss = { .ss_sp = alternate_stack, .ss_size = sizeof alternate_stack };
    sigaltstack(&ss, 0);
    struct sigaction sa = { 0 };
    sa.sa_sigaction = report;
    sa.sa_flags = SA_ONSTACK | SA_SIGINFO;
    sigaction(SIGSEGV, &sa, 0);
}
`
const SI_CODES: Record<number, string> = { 1: 'SEGV_MAPERR', 2: 'SEGV_ACCERR', 128: 'SI_KERNEL' }

const hasSetarch = spawnSync('setarch', ['--help']).status === 0

/** The real process: stdout (a pipe, so fully buffered), exit status and si_code, ASLR off. */
function realRun(source: string): { stdout: string; status: number | null; code?: string } {
  const dir = mkdtempSync(join(tmpdir(), 'main-return-'))
  try {
    writeFileSync(join(dir, 'p.c'), source)
    writeFileSync(join(dir, 'report.h'), SI_CODE_REPORTER)
    const exe = join(dir, 'p')
    const build = spawnSync(
      'gcc',
      ['-O0', '-w', '-include', join(dir, 'report.h'), '-o', exe, join(dir, 'p.c')],
      {
        encoding: 'utf8'
      }
    )
    if (build.status !== 0) throw new Error(build.stderr)
    const run = spawnSync('setarch', ['-R', exe], { encoding: 'utf8', timeout: 10_000 })
    const code = /si_code (\d+)/.exec(run.stderr)?.[1]
    return {
      stdout: run.stdout,
      status: run.status,
      ...(code !== undefined ? { code: SI_CODES[Number(code)] ?? code } : {})
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
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
      if (hasGcc && hasSetarch) expect(realRun(source)).toEqual(expected)
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
    if (hasGcc && hasSetarch) expect(realRun(source)).toEqual(expected)
  })
})
