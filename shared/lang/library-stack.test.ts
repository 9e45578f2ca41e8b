import { describe, expect, it } from 'vitest'
import { libraryStackBytes } from './library-stack'
import { runC } from './index'

describe("the output functions' own stack (glibc 2.36)", () => {
  it('uses what the reference machine measured below the caller', () => {
    // Painted stack, lowest byte changed, stdout a pipe: printf("%d\n") 1,640, "%5d" 1,752,
    // "%f" of 3.25 2,160, "%08.3f" 2,296, "%e" 2,192; puts 136; putchar 40; sprintf 1,968,
    // snprintf 2,048; on a terminal printf("%d\n") 1,768, puts 232, putchar 96.
    expect(libraryStackBytes('printf', '%d\n', false)).toBe(1640)
    expect(libraryStackBytes('printf', '%5d|%-8s|%x\n', false)).toBe(1752)
    expect(libraryStackBytes('printf', '100%%\n', false)).toBe(1640)
    expect(libraryStackBytes('printf', '%f\n', false)).toBe(2160)
    expect(libraryStackBytes('printf', '%08.3f\n', false)).toBe(2296)
    expect(libraryStackBytes('printf', '%e\n', false)).toBe(2192)
    expect(libraryStackBytes('puts', null, false)).toBe(136)
    expect(libraryStackBytes('putchar', null, false)).toBe(40)
    expect(libraryStackBytes('sprintf', '%d', false)).toBe(1968)
    expect(libraryStackBytes('snprintf', '%d', false)).toBe(2048)
    expect(libraryStackBytes('printf', '%d\n', true)).toBe(1768)
    expect(libraryStackBytes('puts', null, true)).toBe(232)
    expect(libraryStackBytes('putchar', null, true)).toBe(96)
  })

  it('uses an 8 KiB buffer on the stack for unbuffered stderr', () => {
    // Painted as above: fprintf(stderr, "%d\n") 10,192 (vfprintf's BUFSIZ buffer), "%f" of 1.5
    // 10,704 (10,192 + 520 modelled: 10,712), fputs 264, fputc 1,576, perror 11,432; to stdout
    // fprintf as printf, fputs 152, fputc 64.
    expect(libraryStackBytes('fprintf', '%d\n', false, true)).toBe(10192)
    expect(libraryStackBytes('fprintf', '%f\n', false, true)).toBe(10712)
    expect(libraryStackBytes('fputs', null, true, true)).toBe(264)
    expect(libraryStackBytes('fputc', null, false, true)).toBe(1576)
    expect(libraryStackBytes('perror', null, false, true)).toBe(11432)
    expect(libraryStackBytes('fprintf', '%d\n', false)).toBe(1640)
    expect(libraryStackBytes('fputs', null, false)).toBe(152)
    expect(libraryStackBytes('fputc', null, true)).toBe(120)
  })

  // Deepest `depth` of the real process (gcc 12 -O0, ulimit -s 8192, setarch -R, stdout to
  // /dev/null, a SIGSEGV handler printing it); maxDepth counts main too. Without printf's own
  // stack the interpreter went 52 frames deeper in the first (262,122), 17 in the second.
  const DEPTHS: Array<[string, string, number]> = [
    [
      'printf("%d\\n") in every 32-byte frame',
      'void f(int d) { depth = d; printf("%d\\n", d); f(d + 1); }',
      262_070
    ],
    [
      'printf in every 96-byte frame',
      'void f(int d) { char buf[64]; buf[0] = (char)d; depth = d; printf("%d\\n", buf[0]); f(d + 1); }',
      87_357
    ],
    ['puts (printf("x\\n"))', 'void f(int d) { depth = d; printf("x\\n"); f(d + 1); }', 262_117],
    // stderr: the real process measured the same way with its SIGSEGV handler installed by a
    // constructor (main as here): 261,803.
    [
      'fprintf(stderr, "%d\\n") in every 32-byte frame',
      'void f(int d) { depth = d; fprintf(stderr, "%d\\n", d); f(d + 1); }',
      261_803
    ]
  ]
  for (const [what, f, real] of DEPTHS) {
    it(`overflows where the real process does with ${what}`, () => {
      const source = `#include <stdio.h>\nlong depth;\n${f}\nint main(void) { f(1); return 0; }\n`
      const result = runC(source, { file: 'print-depth.c', stdout: 'pipe' })
      expect(result.exit.signal).toBe('SIGSEGV')
      expect(result.maxDepth - 1).toBeGreaterThanOrEqual(real)
      expect(result.maxDepth - 1).toBeLessThanOrEqual(real + 1)
    })
  }
})
