/**
 * The structured `reason` beside each English explanation: the renderer builds the learner's
 * sentence from its key and parameters, in English or Chinese. Addresses are compared with what
 * the program itself prints with %p (glibc prints pointers as 0x followed by lowercase hex).
 */
import { describe, expect, it } from 'vitest'
import { runC, type RunOptions } from './index'

const run = (source: string, options: RunOptions = {}): ReturnType<typeof runC> =>
  runC(source, { file: 'test.c', ...options })

/** The first pointer a program printed with `printf("%p\n", …)`. */
function printedPointer(stdout: string): string {
  const match = /0x[0-9a-f]+/.exec(stdout)
  if (match === null) throw new Error(`no pointer in ${JSON.stringify(stdout)}`)
  return match[0]
}

describe('exit reasons', () => {
  it('a NULL write: fault.null for a write access', () => {
    const r = run('int main(void) {\n  int *p = 0;\n  *p = 1;\n  return 0;\n}')
    expect(r.exit.signal).toBe('SIGSEGV')
    expect(r.exit.reason).toEqual({ key: 'fault.null', params: { access: 'write' } })
  })

  it('writing to a string literal: fault.rodata at the literal’s address', () => {
    const r = run(
      '#include <stdio.h>\nint main(void) {\n  char *s = "hi";\n  printf("%p\\n", (void *)s);\n  s[0] = 72;\n  return 0;\n}'
    )
    expect(r.exit.signal).toBe('SIGSEGV')
    expect(r.exit.reason).toEqual({
      key: 'fault.rodata',
      params: { access: 'write', address: printedPointer(r.stdout) }
    })
  })

  it('glibc reading an arena for a stack address: fault.allocatorArena, not a stack overflow', () => {
    // &x is 0x7fffffffed04 here (the program prints it); the 4 bytes before it hold 5, taken as a
    // size word with NON_MAIN_ARENA (0x4) set, so realloc looks for heap_info at &x - 16 rounded
    // down to 64 MiB: 0x7fffffffecf4 & ~0x3ffffff = 0x7ffffc000000, unmapped. The real process
    // dies of SIGSEGV there with nothing on stderr (exit 139, gcc 12 / glibc 2.36, setarch -R).
    const r = run(
      '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  int x = 5;\n  printf("%p\\n", (void *)&x);\n  int *p = realloc(&x, 100);\n  return p == 0;\n}',
      { stdout: 'unbuffered' }
    )
    expect(r.exit.signal).toBe('SIGSEGV')
    const chunk = (BigInt(printedPointer(r.stdout)) - 16n).toString(16)
    expect(r.exit.reason).toEqual({
      key: 'fault.allocatorArena',
      params: { fn: 'realloc', chunk: `0x${chunk}`, address: '0x7ffffc000000' }
    })
    expect(r.exit.explanation).not.toMatch(/overflow/)
  })

  it('endless recursion: exit.stackOverflow names the function and the 8 MiB limit', () => {
    const r = run('int f(int n) {\n  return f(n + 1) + 1;\n}\nint main(void) {\n  return f(0);\n}')
    expect(r.exit.signal).toBe('SIGSEGV')
    const reason = r.exit.reason
    expect(reason?.key).toBe('exit.stackOverflow')
    expect(reason?.params.name).toBe('f')
    // Linux's default stack limit (ulimit -s) is 8192 KiB = 8 * 1024 * 1024 = 8388608 bytes.
    expect(reason?.params.bytes).toBe(8388608)
    // The frame that did not fit is below the limit: compare the hex strings as numbers.
    const address = Number(reason?.params.address)
    const limit = Number(reason?.params.stackLimit)
    expect(address).toBeLessThan(limit)
    // depth counts the frames on the stack when the call failed: the deepest the run reached.
    expect(reason?.params.depth).toBe(r.maxDepth)
  })

  it('integer division by zero: exit.divideByZero with the line', () => {
    const r = run('int main(void) {\n  int a = 7;\n  int b = 0;\n  return a / b;\n}')
    expect(r.exit.signal).toBe('SIGFPE')
    expect(r.exit.reason).toEqual({ key: 'exit.divideByZero', params: { line: 4 } })
  })

  it('glibc aborting on a double free keeps glibc’s own message as a parameter', () => {
    const r = run(
      '#include <stdlib.h>\nint main(void) {\n  char *p = malloc(16);\n  free(p);\n  free(p);\n  return 0;\n}',
      { allocator: 'glibc' }
    )
    expect(r.exit.signal).toBe('SIGABRT')
    // glibc 2.29+ prints exactly this for a second free of a chunk in the tcache.
    expect(r.exit.reason).toEqual({
      key: 'exit.abort',
      params: { message: 'free(): double free detected in tcache 2' }
    })
  })

  it('abort() and the step budget', () => {
    const a = run('#include <stdlib.h>\nint main(void) {\n  abort();\n}')
    expect(a.exit.reason).toEqual({ key: 'exit.abortCalled', params: { line: 3 } })
    const b = run('int main(void) {\n  for (;;) {}\n}', { stepBudget: 1000 })
    expect(b.exit.signal).toBe('SIGKILL')
    expect(b.exit.reason).toEqual({ key: 'exit.stepBudget', params: { steps: 1000 } })
  })
})

describe('misuse reasons', () => {
  it('a double free: misuse.doubleFree with the pointer and the block size', () => {
    const r = run(
      '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  char *p = malloc(16);\n  printf("%p\\n", (void *)p);\n  free(p);\n  free(p);\n  return 0;\n}',
      { allocator: 'first-fit' }
    )
    const event = r.events.find((e) => e.kind === 'double-free')
    expect(event?.reason).toEqual({
      key: 'misuse.doubleFree',
      params: { fn: 'free', pointer: printedPointer(r.stdout), bytes: 16 }
    })
  })

  it('a use after free: misuse.useAfterFree with the access, length and block', () => {
    const r = run(
      '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  int *p = malloc(4 * sizeof(int));\n  printf("%p\\n", (void *)p);\n  free(p);\n  return p[0];\n}',
      { allocator: 'first-fit' }
    )
    const event = r.events.find((e) => e.kind === 'use-after-free')
    const p = printedPointer(r.stdout)
    // p[0] reads one 4-byte int at p, inside the 4 * 4 = 16-byte block at p.
    expect(event?.reason).toEqual({
      key: 'misuse.useAfterFree',
      params: { access: 'read', length: 4, address: p, bytes: 16, block: p }
    })
  })

  it('a leak: misuse.leakDefinite with the size and address', () => {
    const r = run(
      '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  char *p = malloc(24);\n  printf("%p\\n", (void *)p);\n  p = 0;\n  return 0;\n}',
      { allocator: 'first-fit' }
    )
    const event = r.events.find((e) => e.kind === 'leak')
    expect(event?.reason).toEqual({
      key: 'misuse.leakDefinite',
      params: { bytes: 24, address: printedPointer(r.stdout) }
    })
  })

  it('reading a local before it is set: misuse.uninitializedLocal with the line and name', () => {
    const r = run('int main(void) {\n  int x;\n  int y = x + 1;\n  return y;\n}', {
      reportUninitializedReads: true
    })
    const event = r.events.find((e) => e.kind === 'uninitialized-read')
    // `x` is read on line 3, in `int y = x + 1;`.
    expect(event?.reason).toEqual({
      key: 'misuse.uninitializedLocal',
      params: { line: 3, name: 'x' }
    })
  })
})
