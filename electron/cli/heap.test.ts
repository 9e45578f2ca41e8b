import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/** Run the real `memory-lane` command in its own process. */
function memoryLane(
  ...args: string[]
): Promise<{ status: number; stdout: string; stderr: string }> {
  return memoryLaneIn(undefined, ...args)
}

/** The same, in the shell locale `lang` (LANG, with LC_ALL and LC_MESSAGES unset). */
function memoryLaneIn(
  lang: string | undefined,
  ...args: string[]
): Promise<{ status: number; stdout: string; stderr: string }> {
  const env =
    lang === undefined ? process.env : { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: lang }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/memory-lane.mjs', ...args],
      { encoding: 'utf8', cwd: repoRoot, env },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ status, stdout, stderr })
      }
    )
  })
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'memory-lane-heap-'))

// Each case starts a real process (about a second each on a loaded machine).
describe('memory-lane heap replay (OSTEP)', { timeout: 30_000 }, () => {
  it('prints malloc.py -c text for the README example, flags as malloc.py takes them', async () => {
    // vm-freespace/README.md: -S 100 -b 1000 -H 4 -a 4 -l ADDRSORT -p BEST -n 5 -c
    // Alloc(3) is 3 rounded to 4, plus 4 header = 8 bytes at 1000, so ptr 1004 and [1008, 92].
    const { status, stdout } = await memoryLane(
      'heap',
      'replay',
      '-S',
      '100',
      '-b',
      '1000',
      '-H',
      '4',
      '-a',
      '4',
      '-l',
      'ADDRSORT',
      '-p',
      'BEST',
      '-n',
      '5',
      '-c'
    )
    expect(status).toBe(0)
    expect(stdout).toContain('headerSize 4\nalignment 4\n')
    expect(stdout).toContain(
      'ptr[1] = Alloc(5) returned 1012 (searched 2 elements)\nFree List [ Size 2 ]: [ addr:1000 sz:8 ][ addr:1020 sz:80 ]\n'
    )
  })

  it('takes long names, a negative value after a flag, and prints --json ops', async () => {
    // +200 fails (-1, searched the 1 chunk); -0 frees that failed alloc: rc -1, nothing changes;
    // +10 is alloc 1 at 1000 (no header), leaving [1010, 90]; -1 frees it: [1000,10][1010,90].
    const { status, stdout } = await memoryLane(
      'heap',
      'replay',
      '--allocList',
      '+200,-0,+10,-1',
      '--alignment',
      '-1',
      '--policy=FIRST',
      '--json'
    )
    expect(status).toBe(0)
    expect(JSON.parse(stdout)).toEqual({
      ops: [
        { op: 'alloc', ptr: -1, searched: 1, freeList: [[1000, 100]] },
        { op: 'free', rc: -1, freeList: [[1000, 100]] },
        { op: 'alloc', ptr: 1000, searched: 1, freeList: [[1010, 90]] },
        {
          op: 'free',
          rc: 0,
          freeList: [
            [1000, 10],
            [1010, 90]
          ]
        }
      ]
    })
  })

  it('reads --ops-json, with flags overriding the document', async () => {
    // WORST over [1000,10][1010,90] takes the 90-byte chunk: ptr 1010 after 2 elements.
    const file = join(scratch, 'ops.json')
    writeFileSync(
      file,
      JSON.stringify({ policy: 'FIRST', ops: ['+10', { op: 'free', index: 0 }, '+5'] })
    )
    const { status, stdout } = await memoryLane(
      'heap',
      'replay',
      '--ops-json',
      file,
      '-p',
      'WORST',
      '--json'
    )
    expect(status).toBe(0)
    expect((JSON.parse(stdout) as { ops: unknown[] }).ops[2]).toEqual({
      op: 'alloc',
      ptr: 1010,
      searched: 2,
      freeList: [
        [1000, 10],
        [1015, 85]
      ]
    })
  })

  it('rejects bad input with one line naming the flag or token and a non-zero status', async () => {
    const cases = await Promise.all([
      memoryLane('heap', 'replay', '-A', '+10,oops', '-c'),
      memoryLane('heap', 'replay', '-A', '+10,-4'),
      memoryLane('heap', 'replay', '-S', 'lots'),
      memoryLane('heap', 'replay', '--frobnicate'),
      memoryLane('heap', 'replay', '-p', 'NEXT'),
      memoryLane('heap', 'replay', '--ops-json', join(scratch, 'missing.json'))
    ])
    const expected = [
      /op 2 "oops"/,
      /frees ptr\[4\]/,
      /-S \(--size\): "lots"/,
      /--frobnicate/,
      /-p \(policy\).*"NEXT"/,
      /missing\.json: no such file/
    ]
    cases.forEach((result, i) => {
      expect(result.status).not.toBe(0)
      expect(result.stderr).toMatch(expected[i]!)
      expect(result.stderr).not.toMatch(/\n\s+at /) // no stack trace
      expect(result.stdout).toBe('')
    })
  })
})

describe('memory-lane heap replay TRACE.rep', { timeout: 30_000 }, () => {
  it('replays a malloc-lab trace and reports utilization, heap size and misuse', async () => {
    // a 0 10, f 0, f 0 with the segregated allocator on the classroom layout (heap at 0x4000):
    // 10 + 8 header = 18 -> 32-byte block after 8 bytes of alignment padding, so the heap is
    // 40 bytes and peak utilization 10 / 40 = 25%. The second free is a double free (line 5).
    const file = join(scratch, 'double.rep')
    writeFileSync(file, '1\n3\na 0 10\nf 0\nf 0\n')
    const text = await memoryLane(
      'heap',
      'replay',
      file,
      '--allocator',
      'segregated',
      '--layout',
      'classroom',
      '--checked'
    )
    expect(text.status).toBe(0)
    expect(text.stdout).toMatch(/peak utilization +25\.0%/)
    expect(text.stdout).toMatch(/final heap size +40 bytes/)
    expect(text.stdout).toMatch(/step 3: double-free: .*already freed at line 4/)
    // In a Chinese shell the labels and the report are Chinese, names and figures as typed.
    const zh = await memoryLaneIn(
      'zh_CN.UTF-8',
      'heap',
      'replay',
      file,
      '--allocator',
      'segregated',
      '--layout',
      'classroom',
      '--checked'
    )
    expect(zh.status).toBe(0)
    expect(zh.stdout).toMatch(/^轨迹 +double\.rep（3 个操作）$/m)
    expect(zh.stdout).toMatch(/^分配器 +segregated$/m)
    expect(zh.stdout).toMatch(/^峰值利用率 +25\.0%$/m)
    expect(zh.stdout).toMatch(/^最终堆大小 +40 字节$/m)
    expect(zh.stdout).toMatch(/^失败的分配 +0$/m)
    expect(zh.stdout).toMatch(/^误用事件 +1$/m)
    expect(zh.stdout).toMatch(
      /^ {2}第 3 步：double-free：.*已经释放过了（第 4 行释放，第 3 行分配）/m
    )
    expect(zh.stdout).not.toMatch(/trace|allocator|bytes|step|freed/)
    const json = await memoryLane(
      'heap',
      'replay',
      file,
      '--allocator',
      'segregated',
      '--layout',
      'classroom',
      '--json'
    )
    expect(JSON.parse(json.stdout)).toMatchObject({
      allocator: 'segregated',
      operations: 3,
      finalHeapSize: 40,
      peakUtilization: 0.25
    })
  })

  it('names the line of a bad trace, an unknown allocator and a misplaced OSTEP flag', async () => {
    const bad = join(scratch, 'bad.rep')
    writeFileSync(bad, '2\n2\na 0 10\nf 1\n')
    const cases = await Promise.all([
      memoryLane('heap', 'replay', bad),
      memoryLane('heap', 'replay', bad, '--allocator', 'nope'),
      memoryLane('heap', 'replay', bad, '-p', 'BEST')
    ])
    const expected = [
      /bad\.rep:4: "f 1" frees block 1, which was never allocated/,
      /unknown allocator "nope"/,
      /-p \(--policy\) applies only to OSTEP/
    ]
    cases.forEach((result, i) => {
      expect(result.status).toBe(2)
      expect(result.stderr).toMatch(expected[i]!)
      expect(result.stderr).not.toMatch(/\n\s+at /)
    })
  })
})

describe('memory-lane heap refusals in the shell language', { timeout: 30_000 }, () => {
  it('says them in Chinese under zh_CN.UTF-8 and in English under C, names and values as typed', async () => {
    const bad = join(scratch, 'seed.json')
    writeFileSync(bad, '{"seed": 1.5}')
    const trace = join(scratch, 'ok.rep')
    writeFileSync(trace, '1\n1\na 0 10\n')
    const cases: Array<[string[], string, string]> = [
      [
        ['heap', 'replay', '--frobnicate'],
        'memory-lane heap: unknown option --frobnicate; see memory-lane heap --help.',
        'memory-lane heap：未知选项 --frobnicate；请看 memory-lane heap --help。'
      ],
      [
        // the last argument, so optparse has no value to give it
        ['heap', 'replay', '-A', '+10', '-S'],
        'memory-lane heap: -S needs a value.',
        'memory-lane heap：-S 需要一个值。'
      ],
      [
        ['heap', 'replay', '-S', 'lots'],
        'memory-lane heap: -S (--size): "lots" is not a whole number.',
        'memory-lane heap：-S (--size)：“lots”不是整数。'
      ],
      [
        ['heap', 'replay', '--ops-json', bad],
        `memory-lane heap: ${bad}: "seed" must be a whole number, not 1.5.`,
        `memory-lane heap：${bad}："seed" 必须是整数，而不是 1.5。`
      ],
      [
        ['heap', 'replay', '--ops-json', join(scratch, 'missing.json')],
        `memory-lane heap: cannot read ${join(scratch, 'missing.json')}: no such file.`,
        `memory-lane heap：无法读取 ${join(scratch, 'missing.json')}：没有这个文件。`
      ],
      [
        ['heap', 'replay', trace, '-p', 'BEST', '-H', '8'],
        'memory-lane heap: -H (--headerSize), -p (--policy) apply only to OSTEP replays, not to a .rep trace.',
        'memory-lane heap：-H (--headerSize), -p (--policy) 只用于 OSTEP 重放，不能用于 .rep 轨迹。'
      ],
      [
        ['heap', 'replay', trace, '--allocator-options', '[1]'],
        'memory-lane heap: --allocator-options must be a JSON object, such as {"classes": [32, 64, 128]}.',
        'memory-lane heap：--allocator-options 必须是一个 JSON 对象，例如 {"classes": [32, 64, 128]}。'
      ],
      [
        ['heap', 'replay', trace, '--layout', 'tiny'],
        'memory-lane heap: --layout: unknown layout "tiny"; choose one of linux-x86_64, classroom.',
        'memory-lane heap：--layout：没有名为 "tiny" 的布局；请从 linux-x86_64, classroom 中选一个。'
      ],
      [
        ['heap', 'frob'],
        'memory-lane heap: unknown subcommand "frob"; the heap command has: replay.',
        'memory-lane heap：未知子命令 "frob"；heap 命令只有 replay。'
      ]
    ]
    const results = await Promise.all(
      cases.flatMap(([args]) => [memoryLaneIn('C', ...args), memoryLaneIn('zh_CN.UTF-8', ...args)])
    )
    cases.forEach(([args, english, chinese], i) => {
      const [en, zh] = [results[2 * i]!, results[2 * i + 1]!]
      expect([en.status, zh.status], args.join(' ')).toEqual([2, 2])
      expect(en.stderr).toBe(`${english}\n`)
      expect(zh.stderr).toBe(`${chinese}\n`)
    })
  })
})

describe('memory-lane heap replay --list', { timeout: 30_000 }, () => {
  it('describes every allocator in the shell language', async () => {
    const [en, zh] = await Promise.all([
      memoryLaneIn('C', 'heap', 'replay', '--list'),
      memoryLaneIn('zh_CN.UTF-8', 'heap', 'replay', '--list')
    ])
    expect([en.status, zh.status]).toEqual([0, 0])
    const names = (out: string): string[] =>
      out
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/)[0]!)
    const allocators = [
      'first-fit',
      'next-fit',
      'best-fit',
      'worst-fit',
      'segregated',
      'glibc',
      'buddy',
      'pool',
      'compacting'
    ]
    expect(names(en.stdout)).toEqual(allocators)
    expect(names(zh.stdout)).toEqual(allocators)
    expect(en.stdout).toContain(
      'best-fit     Explicit free list, best fit: the smallest block that is big enough.'
    )
    expect(zh.stdout).toContain('best-fit     显式空闲链表，最佳适配：足够大的块中最小的那个。')
    // Each Chinese line is said in Chinese, not the English sentence left in place.
    for (const line of zh.stdout.trim().split('\n')) expect(line).toMatch(/[\u4e00-\u9fff]/)
  })
})
