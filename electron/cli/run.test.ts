import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseBytes } from './run'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'memory-lane-run-'))

/**
 * Runs the real `memory-lane` command in its own process, with `input` on its standard input
 * (which is then closed, so a run that reads it never waits). Output as bytes.
 */
function memoryLaneBytes(
  args: string[],
  input: Buffer | string = '',
  lang = 'C'
): Promise<{ status: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve) => {
    // The command speaks the shell's language: English unless a test asks for another.
    const env = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: lang }
    const child = execFile(
      process.execPath,
      ['bin/memory-lane.mjs', ...args],
      { encoding: 'buffer', cwd: repoRoot, env },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ status, stdout, stderr: stderr.toString('utf8') })
      }
    )
    child.stdin?.on('error', () => {})
    child.stdin?.end(input)
  })
}

/** Runs the real `memory-lane` command with an empty standard input; output as UTF-8 text. */
async function memoryLane(
  ...args: string[]
): Promise<{ status: number; stdout: string; stderr: string }> {
  const r = await memoryLaneBytes(args)
  return { ...r, stdout: r.stdout.toString('utf8') }
}

const hasGcc = spawnSync('gcc', ['--version']).status === 0

/** Compiles `file` with gcc and runs it with `input` piped in: its stdout as bytes. */
function gccBytes(file: string, input: Buffer | string = ''): Buffer {
  const binary = file.replace(/\.c$/, '')
  const build = spawnSync('gcc', ['-O0', '-w', '-o', binary, file], { encoding: 'utf8' })
  if (build.status !== 0) throw new Error(build.stderr)
  return spawnSync(binary, [], { input }).stdout
}

function program(name: string, source: string): string {
  const path = join(scratch, name)
  writeFileSync(path, source)
  return path
}

describe('memory-lane run', { timeout: 60_000 }, () => {
  it('prints the program’s output and exits with its status', async () => {
    const file = program(
      'hello.c',
      '#include <stdio.h>\nint main(void) { printf("hello, %s\\n", "world"); return 3; }\n'
    )
    expect(await memoryLane('run', file)).toEqual({
      status: 3,
      stdout: 'hello, world\n',
      stderr: ''
    })
  })

  it('passes the words after -- to main as argv[1], argv[2], …, options before it still apply', async () => {
    const file = program(
      'args.c',
      '#include <stdio.h>\nint main(int argc, char *argv[]) {\n' +
        '  for (int i = 0; i < argc; i++) printf("[%s]", argv[i]);\n' +
        '  printf(" %p\\n", (void *)argv);\n  return argc;\n}\n'
    )
    // argv[0] is ./prog; "--json" after -- is an argument, not an option. Without arguments
    // argv is 0x7fffffffee38 (shared/lang/process-start.test.ts works it out); "a", "--json"
    // and "two words" add 2 + 7 + 10 = 19 bytes of strings (…efea − 19 = …efd7 → …efd0) and
    // three pointers: argc lands at …ee10, argv at …ee18.
    expect(
      await memoryLane('run', '--steps', '1000', file, '--', 'a', '--json', 'two words')
    ).toEqual({
      status: 4,
      stdout: '[./prog][a][--json][two words] 0x7fffffffee18\n',
      stderr: ''
    })
    expect((await memoryLane('run', file)).stdout).toBe('[./prog] 0x7fffffffee38\n')
  })

  it('reports a fatal signal as 128 + its number, with the explanation on stderr', async () => {
    const file = program('null.c', 'int main(void) {\n  int *p = 0;\n  return *p;\n}\n')
    const r = await memoryLane('run', file)
    expect(r.status).toBe(139) // 128 + SIGSEGV (11)
    expect(r.stderr).toContain('SIGSEGV (SEGV_MAPERR) at line 3')
  })

  it('puts diagnostics on stderr and does not run a program with errors', async () => {
    const file = program('bad.c', 'int main(void) {\n  return y;\n}\n')
    const r = await memoryLane('run', file)
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(`${file}:2:10: error: \`y\` is not declared`)
    expect(r.stderr).toContain('2 |   return y;\n')
    expect(r.stderr).toContain('memory-lane run: 1 error; the program was not run.\n')
    const zh = await memoryLaneBytes(['run', file], '', 'zh_CN.UTF-8')
    // the compiler's sentence as the app says it in Chinese, its place and excerpt as in English
    expect(zh.stderr).toBe(
      `${file}:2:10: 错误：\`y\` 未声明。请先声明再使用。\n` +
        '2 |   return y;\n' +
        '             ^\n' +
        'memory-lane run：1 个错误；程序没有运行。\n'
    )
  })

  it('--json summarizes depth, stack, heap, leaks and segments; --stack-limit and --steps apply', async () => {
    const file = program(
      'deep.c',
      '#include <stdlib.h>\nvoid f(int d) { f(d + 1); }\nint main(void) { malloc(100); f(0); return 0; }\n'
    )
    const r = await memoryLane('run', file, '--json', '--stack-limit', '1M')
    expect(r.status).toBe(139)
    const summary = JSON.parse(r.stdout)
    // (1,048,576 − 736) / 32 = 32,745 frames of f plus main's.
    expect(summary.maxDepth).toBe(32_746)
    expect(summary.exit.signal).toBe('SIGSEGV')
    expect(summary.peakStackBytes).toBe(736 + 32_745 * 32)
    expect(summary.segments.stack.size).toBe(1024 * 1024)
    expect(summary.peakHeapBytes).toBeGreaterThan(100)
    const loop = program('loop.c', 'int main(void) { for (;;) {} }\n')
    const stopped = await memoryLane('run', loop, '--steps', '500', '--json')
    expect(JSON.parse(stopped.stdout)).toMatchObject({
      status: 137,
      steps: 500,
      exit: { signal: 'SIGKILL' }
    })
  })

  it('selects the allocator and layout, and rejects bad options in one sentence', async () => {
    const file = program(
      'addr.c',
      '#include <stdio.h>\n#include <stdlib.h>\nint main(void) { void *p = malloc(16); printf("%p\\n", p); return 0; }\n'
    )
    const glibc = await memoryLane('run', file, '--allocator', 'glibc')
    // glibc: the first malloc(16) is heap start + 0x2a0 (tools/probes/README.md); for a program this
    // small the heap starts at the page after .data/.bss, 0x555555559000, so 0x5555555592a0.
    expect(glibc.stdout).toBe('0x5555555592a0\n')
    // Without --allocator: glibc on linux-x86_64 (what a real process has), first-fit on
    // classroom (heap at 0x4000, 8-byte header, 16-aligned payload: 0x4010).
    expect((await memoryLane('run', file)).stdout).toBe('0x5555555592a0\n')
    const classroom = await memoryLane('run', file, '--layout', 'classroom', '--json')
    expect(JSON.parse(classroom.stdout)).toMatchObject({
      layout: 'classroom',
      allocator: 'first-fit',
      stdout: '0x4010\n'
    })
    expect(JSON.parse((await memoryLane('run', file, '--json')).stdout)).toMatchObject({
      layout: 'linux-x86_64',
      allocator: 'glibc'
    })
    const bad = await memoryLane('run', file, '--allocator', 'nonsense')
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('Unknown allocator "nonsense"')
    expect((await memoryLane('run', file, '--steps', 'many')).stderr).toContain(
      '--steps needs a positive whole number'
    )
    expect((await memoryLane('run', join(scratch, 'missing.c'))).stderr).toContain('no such file')
  })

  it('takes --allocator-options as JSON: CS:APP practice problem 9.6 block sizes and headers', async () => {
    // Each block's header word is `block size | 1` (allocated), in the 4 bytes before the payload.
    const file = program(
      'csapp-9-6.c',
      [
        '#include <stdio.h>',
        '#include <stdlib.h>',
        'int main(void) {',
        '  size_t requests[4] = {2, 9, 15, 20};',
        '  for (int i = 0; i < 4; i++) {',
        '    char *p = malloc(requests[i]);',
        '    unsigned header = *(unsigned *)(p - 4);',
        '    printf("malloc(%zu): block %u, header 0x%x\\n", requests[i], header & ~7u, header);',
        '  }',
        '  return 0;',
        '}',
        ''
      ].join('\n')
    )
    // Double-word (8-byte) alignment, a 4-byte header and no footer, block sizes multiples of 8
    // and no minimum beyond that (an implicit list needs no room for links), worked by hand:
    // 4 + 2 = 6 -> 8, 4 + 9 = 13 -> 16, 4 + 15 = 19 -> 24, 4 + 20 = 24 -> 24.
    const headerOnly = await memoryLane(
      'run',
      file,
      '--layout',
      'classroom',
      '--allocator',
      'first-fit',
      '--allocator-options',
      '{"headerSize": 4, "alignment": 8, "minBlockSize": 8}'
    )
    expect(headerOnly.status).toBe(0)
    expect(headerOnly.stdout).toBe(
      'malloc(2): block 8, header 0x9\n' +
        'malloc(9): block 16, header 0x11\n' +
        'malloc(15): block 24, header 0x19\n' +
        'malloc(20): block 24, header 0x19\n'
    )
    // With a 4-byte footer too (boundary tags): 10 -> 16, 17 -> 24, 23 -> 24, 28 -> 32.
    const withFooter = await memoryLane(
      'run',
      file,
      '--layout=classroom',
      '--allocator=first-fit',
      '--allocator-options={"headerSize": 4, "footer": true, "alignment": 8, "minBlockSize": 16}'
    )
    expect(withFooter.stdout).toBe(
      'malloc(2): block 16, header 0x11\n' +
        'malloc(9): block 24, header 0x19\n' +
        'malloc(15): block 24, header 0x19\n' +
        'malloc(20): block 32, header 0x21\n'
    )
    // A value the allocator cannot take is refused before the program runs.
    const bad = await memoryLane(
      'run',
      file,
      '--allocator',
      'first-fit',
      '--allocator-options',
      '{"headerSize": 2}'
    )
    expect(bad.status).toBe(2)
    expect(bad.stdout).toBe('')
    expect(bad.stderr).toBe(
      'memory-lane run: --allocator-options: option "headerSize" of the first-fit allocator must be a whole number from 4 to 64, not 2.\n'
    )
  })

  it('runs on with the tunables glibc would ignore, and says which and why', async () => {
    const file = program('tcache.c', 'int main(void) { return 0; }\n')
    const r = await memoryLane(
      'run',
      file,
      '--tunables',
      'glibc.malloc.tcache_count=65536:glibc.malloc.top_pad=0'
    )
    expect(r.status).toBe(0)
    expect(r.stderr).toBe(
      'memory-lane run: tunable "glibc.malloc.tcache_count=65536" changes nothing: ' +
        'malloc takes at most 65535, so glibc keeps the value 7.\n'
    )
    // A Chinese shell hears it in Chinese, names and numbers as written.
    const zh = await memoryLaneBytes(
      ['run', file, '--tunables', 'glibc.malloc.tcache_count=65536'],
      '',
      'zh_CN.UTF-8'
    )
    expect(zh.stderr).toBe(
      'memory-lane run：可调参数 "glibc.malloc.tcache_count=65536" 不起作用：' +
        'malloc 最多接受 65535，所以 glibc 保留原值 7。\n'
    )
  })

  it('feeds getchar() the bytes piped into it, or --stdin TEXT as UTF-8 bytes', async () => {
    const file = program(
      'bytes.c',
      '#include <stdio.h>\nint main(void) { int c; while ((c = getchar()) != EOF) printf("%d ", c); printf("\\n"); return 0; }\n'
    )
    // é is U+00E9, UTF-8 0xC3 0xA9 = 195 169; 内 is U+5185, UTF-8 0xE5 0x86 0x85 = 229 134 133;
    // then a tab (9), the byte 0x01 and 0xFF, which is no UTF-8 at all and still one byte.
    const input = Buffer.concat([Buffer.from('é内\t', 'utf8'), Buffer.from([0x01, 0xff])])
    const expected = '195 169 229 134 133 9 1 255 \n'
    const piped = await memoryLaneBytes(['run', file], input)
    expect(piped.stdout.toString('latin1')).toBe(expected)
    if (hasGcc) expect(gccBytes(file, input).toString('latin1')).toBe(expected)
    const given = await memoryLaneBytes(['run', file, '--stdin', 'é内\t'], 'ignored')
    expect(given.stdout.toString('latin1')).toBe('195 169 229 134 133 9 \n')
    // A program that never calls getchar() does not wait for its input to end.
    const hello = program('quiet.c', 'int main(void) { return 4; }\n')
    expect((await memoryLane('run', hello)).status).toBe(4)
  })

  it('feeds scanf and getline the bytes piped into it too', async () => {
    const file = program(
      'reads.c',
      '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  int x = 0;\n  int n = scanf("%d ", &x);\n  char *line = NULL;\n  size_t cap = 0;\n  long got = getline(&line, &cap, stdin);\n  printf("%d %d %ld [%s]\\n", n, x, got, line);\n  free(line);\n  return 0;\n}\n'
    )
    // scanf reads 42 and the space after it skips the newline; getline reads the next line.
    const expected = '1 42 6 [hello\n]\n'
    const piped = await memoryLaneBytes(['run', file], '42\nhello\n')
    expect(piped.stdout.toString('latin1')).toBe(expected)
    if (hasGcc) expect(gccBytes(file, '42\nhello\n').toString('latin1')).toBe(expected)
  })

  it('writes the bytes the program wrote, also those that are not UTF-8', async () => {
    const file = program(
      'raw.c',
      '#include <stdio.h>\nint main(void) {\n  printf("[%.4s]\\n", "内存");\n  putchar(0xe9);\n  putchar(\'\\n\');\n  return 0;\n}\n'
    )
    // "内存" is e5 86 85 e5 ad 98: %.4s keeps 4 bytes, cutting 存 after its first byte;
    // putchar(0xe9) is the single Latin-1 byte é.
    const expected = Buffer.from([0x5b, 0xe5, 0x86, 0x85, 0xe5, 0x5d, 0x0a, 0xe9, 0x0a])
    expect((await memoryLaneBytes(['run', file])).stdout).toEqual(expected)
    if (hasGcc) expect(gccBytes(file)).toEqual(expected)
  })

  it('buffers the program’s stdout as glibc does for what its own stdout is', async () => {
    const file = program(
      'buffered.c',
      '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  printf("x\\n");\n  printf("%p\\n", malloc(16));\n  printf("partial");\n  *(volatile int *)0 = 1;\n}\n'
    )
    // Here the command's stdout is a pipe: glibc's first printf mallocs a 4096-byte buffer
    // (chunk 0x1010) after the tcache chunk, so malloc(16) returns 0x5555555592a0 + 0x1010,
    // and the crash loses all 4096-byte-buffered text, as `./a.out | cat` shows.
    const piped = await memoryLane('run', file)
    expect(piped.stdout).toBe('')
    expect(piped.status).toBe(139) // 128 + SIGSEGV (11)
    const line = await memoryLane('run', file, '--stdout', 'line')
    expect(line.stdout).toBe('x\n0x55555555a2b0\n')
    // A terminal: 1024 bytes (chunk 0x410, 0x5555555592a0 + 0x410), line-buffered, so only
    // the unfinished line is lost.
    const tty = await memoryLane('run', file, '--stdout', 'tty')
    expect(tty.stdout).toBe('x\n0x5555555596b0\n')
    const unbuffered = await memoryLane('run', file, '--stdout=unbuffered')
    expect(unbuffered.stdout).toBe('x\n0x5555555592a0\npartial')
    const bad = await memoryLane('run', file, '--stdout', 'printer')
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('--stdout needs tty, pipe, line or unbuffered, not "printer"')
  })

  it('makes stdin’s buffer as glibc does for what its own stdin is', async () => {
    const file = program(
      'stdin-buffer.c',
      '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  char *a = malloc(16);\n  int c = getchar();\n  char *b = malloc(16);\n  printf("%ld %d\\n", (long)(b - a), c);\n  return 0;\n}\n'
    )
    // The first getchar() mallocs stdin's buffer between a and b: a's chunk is 0x20 = 32 bytes;
    // from a pipe the buffer is 4096 bytes (chunk 0x1010 = 4112), so b - a = 32 + 4112 = 4144.
    const piped = await memoryLaneBytes(['run', file], 'x')
    expect(piped.stdout.toString('latin1')).toBe('4144 120\n')
    if (hasGcc) expect(gccBytes(file, 'x').toString('latin1')).toBe('4144 120\n')
    // From a terminal (script gives one) it is 1024 bytes (chunk 0x410 = 1040): 32 + 1040 = 1072,
    // and getchar() sees end of file at once, as the command never waits for typing.
    if (spawnSync('script', ['--version']).status === 0) {
      const tty = spawnSync(
        'script',
        [
          '-qec',
          `exec ${process.execPath} bin/memory-lane.mjs run ${file} 2>/dev/null`,
          '/dev/null'
        ],
        { cwd: repoRoot, encoding: 'latin1', input: '' }
      )
      expect(tty.stdout.replace(/\r\n/g, '\n')).toBe('1072 -1\n')
      // stdout a terminal, stdin a file (`./a.out < input`): the file's 4096 bytes again.
      const input = join(scratch, 'stdin-buffer.txt')
      writeFileSync(input, 'x')
      const redirected = spawnSync(
        'script',
        [
          '-qec',
          `exec ${process.execPath} bin/memory-lane.mjs run ${file} < ${input} 2>/dev/null`,
          '/dev/null'
        ],
        { cwd: repoRoot, encoding: 'latin1', input: '' }
      )
      expect(redirected.stdout.replace(/\r\n/g, '\n')).toBe('4144 120\n')
    }
  })

  it('refuses a bad command line or an unreadable file in the shell language, status 2', async () => {
    const file = program('fine.c', 'int main(void) { return 0; }\n')
    const missing = join(scratch, 'missing.c')
    // [arguments, English, Chinese]: the first line on stderr (the usage follows a bad command line)
    const cases: Array<[string[], string, string]> = [
      [
        ['run', '--frob', file],
        'memory-lane run: Unknown option "--frob".',
        'memory-lane run：未知选项 "--frob"。'
      ],
      [
        ['run', file, '--allocator'],
        'memory-lane run: --allocator needs an allocator name, e.g. first-fit or glibc.',
        'memory-lane run：--allocator 需要一个分配器名称，例如 first-fit 或 glibc。'
      ],
      [
        ['run', file, '--steps', 'many'],
        'memory-lane run: --steps needs a positive whole number, not "many".',
        'memory-lane run：--steps 需要一个正整数，而不是“many”。'
      ],
      [
        ['run', file, '--stack-limit', '8X'],
        'memory-lane run: --stack-limit needs a size in bytes (like 8388608 or 8M), not "8X".',
        'memory-lane run：--stack-limit 需要一个以字节计的大小（例如 8388608 或 8M），而不是“8X”。'
      ],
      [
        ['run', file, '--stdout', 'file'],
        'memory-lane run: --stdout needs tty, pipe, line or unbuffered, not "file".',
        'memory-lane run：--stdout 需要 tty、pipe、line 或 unbuffered，而不是“file”。'
      ],
      [
        ['run', file, 'other.c'],
        `memory-lane run: Only one C file can be run at a time (got "${file}" and "other.c").`,
        `memory-lane run：一次只能运行一个 C 文件（收到了 "${file}" 和 "other.c"）。`
      ],
      [
        ['run'],
        'memory-lane run: Which program? Give the C file to run, e.g. memory-lane run hello.c.',
        'memory-lane run：要运行哪个程序？请给出 C 文件，例如 memory-lane run hello.c。'
      ],
      [
        ['run', file, '--allocator', 'nonsense'],
        'memory-lane run: Unknown allocator "nonsense": choose one of first-fit, next-fit, best-fit, worst-fit, segregated, glibc, buddy, pool, compacting.',
        'memory-lane run：没有名为 "nonsense" 的分配器；请从 first-fit, next-fit, best-fit, worst-fit, segregated, glibc, buddy, pool, compacting 中选一个。'
      ],
      [
        ['run', file, '--layout', 'tiny'],
        'memory-lane run: Unknown layout "tiny": choose one of linux-x86_64, classroom.',
        'memory-lane run：没有名为 "tiny" 的布局；请从 linux-x86_64, classroom 中选一个。'
      ],
      [
        ['run', file, '--allocator-options'],
        'memory-lane run: --allocator-options needs a JSON object, such as {"headerSize": 4, "alignment": 8}.',
        'memory-lane run：--allocator-options 需要一个 JSON 对象，例如 {"headerSize": 4, "alignment": 8}。'
      ],
      [
        ['run', file, '--allocator-options', '{headerSize: 4}'],
        'memory-lane run: --allocator-options: "{headerSize: 4}" is not valid JSON.',
        'memory-lane run：--allocator-options："{headerSize: 4}" 不是有效的 JSON。'
      ],
      [
        ['run', file, '--allocator-options', '[4, 8]'],
        'memory-lane run: --allocator-options must be a JSON object, such as {"headerSize": 4, "alignment": 8}.',
        'memory-lane run：--allocator-options 必须是一个 JSON 对象，例如 {"headerSize": 4, "alignment": 8}。'
      ],
      [
        ['run', file, '--layout', 'classroom', '--allocator-options', '{"footers": true}'],
        'memory-lane run: --allocator-options: the first-fit allocator has no option "footers"; did you mean "footer"? (its options are placement, order, coalescing, headerSize, footer, alignment, minBlockSize, split, growBy, mmapThreshold).',
        'memory-lane run：--allocator-options：first-fit 分配器没有选项 "footers"；是不是想写 "footer"？（它的选项有 placement, order, coalescing, headerSize, footer, alignment, minBlockSize, split, growBy, mmapThreshold）。'
      ],
      [
        ['run', missing],
        `memory-lane run: cannot read ${missing}: no such file.`,
        `memory-lane run：无法读取 ${missing}：没有这个文件。`
      ],
      [
        ['run', scratch],
        `memory-lane run: cannot read ${scratch}: it is a directory.`,
        `memory-lane run：无法读取 ${scratch}：这是一个目录。`
      ]
    ]
    const results = await Promise.all(
      cases.flatMap(([args]) => [
        memoryLaneBytes(args, '', 'C'),
        memoryLaneBytes(args, '', 'zh_CN.UTF-8')
      ])
    )
    cases.forEach(([args, english, chinese], i) => {
      const [en, zh] = [results[2 * i]!, results[2 * i + 1]!]
      expect([en.status, zh.status], args.join(' ')).toEqual([2, 2])
      expect(en.stderr.split('\n')[0]).toBe(english)
      expect(zh.stderr.split('\n')[0]).toBe(chinese)
    })
    // --help is an answer, not a refusal: the usage on stdout, status 0
    const help = await memoryLaneBytes(['run', '--help'], '', 'zh_CN.UTF-8')
    expect(help.status).toBe(0)
    expect(help.stdout.toString('utf8')).toMatch(/^用法：memory-lane run FILE\.c/)
    expect(help.stderr).toBe('')
  })

  it('says how to allow more steps when the step budget stops a run', async () => {
    const file = program(
      'long.c',
      'int main(void) { long s = 0; for (long i = 0; i < 1000; i++) s += i; return 0; }\n'
    )
    const r = await memoryLane('run', file, '--steps', '500')
    expect(r.status).toBe(137) // 128 + SIGKILL (9)
    expect(r.stderr).toContain('allow more steps: --steps 5000')
    // in a Chinese shell the command's own sentences are Chinese, flags and signals as typed
    const zh = await memoryLaneBytes(['run', file, '--steps', '500'], '', 'zh_CN.UTF-8')
    expect(zh.status).toBe(137)
    expect(zh.stderr).toMatch(
      /^memory-lane run：程序在第 1 行被 SIGKILL 终止。\n程序执行了 500 步后被停止（达到步数上限），它可能陷入了死循环。\n/
    )
    expect(zh.stderr).toContain(
      'memory-lane run：如果程序只是运行得久、并非死循环，可以允许更多步数：--steps 5000\n'
    )
  })

  it('--memory-limit stops a program that fills memory without end, and says how to allow more', async () => {
    const file = program(
      'fill.c',
      '#include <stdlib.h>\n#include <string.h>\nint main(void) {\n  for (;;)\n    memset(malloc(4096), 1, 4096);\n}\n'
    )
    const r = await memoryLane('run', file, '--memory-limit', '1M')
    expect(r.status).toBe(137) // 128 + SIGKILL (9)
    expect(r.stderr).toContain('killed by SIGKILL at line 5')
    expect(r.stderr).toContain('written 1 MiB of memory by line 5')
    expect(r.stderr).toContain('allow more: --memory-limit 4M')
    expect((await memoryLane('run', file, '--memory-limit', 'lots')).stderr).toContain(
      '--memory-limit needs a size in bytes'
    )
  })

  it('stops quietly when the reader closes the pipe (| head -1): killed by SIGPIPE, status 141', () => {
    // 50,000 lines of about 12 bytes: far more than a pipe holds (64 KiB) plus what head reads,
    // so the write after head has gone fails as it does for the real program.
    const file = program(
      'pipe.c',
      '#include <stdio.h>\nint main(void) { for (int i = 0; i < 50000; i++) printf("line %d\\n", i); return 3; }\n'
    )
    const piped = (command: string): { first: string; status: string; stderr: string } => {
      const r = spawnSync(
        'bash',
        [
          '-c',
          `${command} 2>"$0.err" | head -1; echo "status=\${PIPESTATUS[0]}"; cat "$0.err"`,
          file
        ],
        {
          cwd: repoRoot,
          encoding: 'utf8'
        }
      )
      const [first, status, ...rest] = r.stdout.split('\n')
      return { first, status, stderr: rest.join('\n') }
    }
    const ours = piped(`"${process.execPath}" bin/memory-lane.mjs run "$0"`)
    // 141 = 128 + SIGPIPE (13); nothing on stderr (no Node stack trace).
    expect(ours).toEqual({ first: 'line 0', status: 'status=141', stderr: '' })
    if (hasGcc) {
      gccBytes(file)
      expect(piped(`"${file.replace(/\.c$/, '')}"`)).toEqual(ours)
    }
  })

  it('parses sizes with K and M suffixes', () => {
    expect([parseBytes('4096'), parseBytes('64K'), parseBytes('8M'), parseBytes('x')]).toEqual([
      4096,
      65536,
      8388608,
      null
    ])
  })
})

describe(
  'memory-lane run --json: every field issue 3 names (session 13 audit)',
  { timeout: 60_000 },
  () => {
    it('gives the exit, steps, depth, peak stack, leaks, misuse events and segments', async () => {
      const file = program(
        'misuse.c',
        '#include <stdlib.h>\nint main(void) {\n  int *p = malloc(4 * sizeof(int));\n  free(p);\n' +
          '  p[1] = 7;\n  char *lost = malloc(40);\n  lost = 0;\n  return 0;\n}\n'
      )
      const r = await memoryLane('run', file, '--allocator', 'first-fit', '--json')
      expect(r.status).toBe(0)
      const summary = JSON.parse(r.stdout)
      // Six statements (lines 3 to 8) and main's closing brace; main alone on the stack, its two
      // pointers 16 bytes below its %rbp, which is 736 bytes below the stack top.
      expect(summary).toMatchObject({
        status: 0,
        exit: { status: 0, line: 9 },
        steps: 7,
        maxDepth: 1,
        peakStackBytes: 736 + 16
      })
      // The 40 bytes of line 6 are lost; p's block was freed.
      expect(summary.leaks).toEqual({
        bytes: 40,
        definitelyLostBytes: 40,
        definitelyLostBlocks: 1,
        indirectlyLostBytes: 0,
        indirectlyLostBlocks: 0,
        reachableBytes: 0
      })
      // p[1] writes 4 bytes into the 4 * 4 = 16-byte block malloc'd on line 3, freed on line 4.
      expect(summary.events).toMatchObject([
        {
          kind: 'use-after-free',
          line: 5,
          allocated: { line: 3 },
          freed: { line: 4 },
          reason: { key: 'misuse.useAfterFree', params: { access: 'write', length: 4, bytes: 16 } }
        },
        { kind: 'leak', bytes: 40, allocated: { line: 6 } }
      ])
      expect(Object.keys(summary.segments)).toEqual([
        'text',
        'rodata',
        'data',
        'bss',
        'heap',
        'stack'
      ])
      for (const segment of Object.values(summary.segments) as Array<Record<string, number>>)
        expect(segment.size).toBe(segment.end - segment.start)
      expect(summary.segments.text.permissions).toBe('r-x')
      expect(summary.segments.rodata.permissions).toBe('r--')
      expect(summary.segments.stack.size).toBe(8 * 1024 * 1024)
      // Without --json each report is a line of stderr, the misuse at FILE:LINE as a compiler says.
      const plain = await memoryLane('run', file, '--allocator', 'first-fit')
      const reports = plain.stderr.split('\n').filter((l) => l.startsWith('==memory-lane=='))
      expect(reports).toHaveLength(2)
      expect(reports[0]).toMatch(
        new RegExp(
          `^==memory-lane== ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:5: use-after-free: Writing 4 bytes`
        )
      )
      expect(reports[1]).toMatch(/^==memory-lane== leak: 40 bytes in the block/)
      // In a Chinese shell the reports are said as the app says them, kinds and places as typed.
      const zh = await memoryLaneBytes(['run', file, '--allocator', 'first-fit'], '', 'zh_CN.UTF-8')
      const zhReports = zh.stderr.split('\n').filter((l) => l.startsWith('==memory-lane=='))
      expect(zhReports).toHaveLength(2)
      expect(zhReports[0]).toMatch(/:5: use-after-free: 写入 0x[0-9a-f]+ 处的 4 字节时用到了/)
      expect(zhReports[0]).toContain('（第 4 行释放，第 3 行分配）：释放后使用。')
      expect(zhReports[1]).toMatch(
        /^==memory-lane== leak: 0x[0-9a-f]+ 处的 40 字节块（第 6 行分配）确定泄漏：任何地方都不再有指向它的指针。$/
      )
    })

    it('gives a fatal signal with its code, line and explanation, and 128 + its number as status', async () => {
      const division = program(
        'division.c',
        'int main(void) {\n  int zero = 0;\n  return 1 / zero;\n}\n'
      )
      const r = await memoryLane('run', division, '--json')
      expect(r.status).toBe(136) // 128 + SIGFPE (8)
      const summary = JSON.parse(r.stdout)
      expect(summary.status).toBe(136)
      expect(summary.exit).toMatchObject({ signal: 'SIGFPE', code: 'FPE_INTDIV', line: 3 })
      expect(summary.exit.explanation).toContain('division by zero')
      const aborting = program('abort.c', '#include <stdlib.h>\nint main(void) {\n  abort();\n}\n')
      const a = await memoryLane('run', aborting)
      expect(a.status).toBe(134) // 128 + SIGABRT (6)
      expect(a.stderr).toContain('killed by SIGABRT at line 3')
    })

    it('--uninitialized reports each read of memory never written, the checked mode', async () => {
      const file = program(
        'uninitialized.c',
        '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n' +
          '  int *m = malloc(4 * sizeof(int));\n  int *c = calloc(4, sizeof(int));\n  int x;\n' +
          '  printf("%d\\n", c[2]);\n  int sum = m[1] + x;\n  free(m);\n  free(c);\n' +
          '  return sum * 0;\n}\n'
      )
      const checked = await memoryLane('run', file, '--uninitialized')
      expect(checked).toMatchObject({ status: 0, stdout: '0\n' })
      const reports = checked.stderr.split('\n').filter((l) => l.startsWith('==memory-lane=='))
      // m is glibc's first block, heap start + 0x2a0 = 0x5555555592a0 (see the --allocator test):
      // m[1] is the 4 bytes at 0x5555555592a4; x is read on line 8. calloc's c[2] is zero, no report.
      expect(reports).toHaveLength(2)
      expect(reports).toContainEqual(
        expect.stringMatching(
          /^==memory-lane== \S+\/uninitialized\.c:8: uninitialized-read: Reading 4 bytes at 0x5555555592a4 uses memory that was never written since malloc returned it/
        )
      )
      expect(reports).toContainEqual(
        expect.stringMatching(
          /^==memory-lane== \S+\/uninitialized\.c:8: uninitialized-read: Line 8 reads `x` before/
        )
      )
      // Without the flag the same run reports nothing (gcc's -Wall warning about x stays).
      const plain = await memoryLane('run', file)
      expect(plain.stderr).not.toContain('==memory-lane==')
      expect(plain.stderr).toContain('warning: `x` is used uninitialized')
    })
  }
)
