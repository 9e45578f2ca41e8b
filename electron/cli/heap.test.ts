import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  OSTEP_DEFAULTS,
  OstepInputError,
  parseOpList,
  runOstep,
  validateParams,
  type OstepParams
} from '../../shared/sim/ostep/index'
import { TraceError, parseTrace } from '../../shared/sim/trace'
import { simulatorSentences } from './simulator-language'

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

  it("takes segregated's size classes as a list, which a lesson pack cannot hold", async () => {
    // a 0 100 on the classroom layout, segregated with classes up to 32, 64 and 128 bytes and
    // the default 8-byte header: 100 + 8 = 108 -> 112 bytes (16-aligned), in the (64, 128] class.
    const file = join(scratch, 'classes.rep')
    writeFileSync(file, '1\n1\na 0 100\n')
    const args = ['heap', 'replay', file, '--allocator', 'segregated', '--layout', 'classroom']
    const ok = await memoryLane(...args, '--allocator-options', '{"classes": [32, 64, 128]}')
    expect(ok.stderr).toBe('')
    expect(ok.status).toBe(0)
    expect(ok.stdout).toMatch(/^allocator +segregated$/m)
    // Out of order, the allocator's own check refuses them (status 2, one line, no stack).
    const bad = await memoryLane(...args, '--allocator-options', '{"classes": [64, 32]}')
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/Size classes must be 1 to 31 ascending whole numbers/)
    expect(bad.stderr).not.toMatch(/\n\s+at /)
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

// About 50 processes of a second's CPU each, started together: on CI's two cores at load 30 the
// test took 30.2 s and hit the 30 s limit the other groups keep.
describe('memory-lane heap refusals in the shell language', { timeout: 180_000 }, () => {
  it('says them in Chinese under zh_CN.UTF-8 and in English under C, names and values as typed', async () => {
    const bad = join(scratch, 'seed.json')
    writeFileSync(bad, '{"seed": 1.5}')
    const trace = join(scratch, 'ok.rep')
    writeFileSync(trace, '1\n1\na 0 10\n')
    const badOp = join(scratch, 'badop.rep')
    writeFileSync(badOp, '1\n2\na 0 10\nx 0 10\n')
    const badHeader = join(scratch, 'header.rep')
    writeFileSync(badHeader, '1\na 0 10\n')
    const neverAllocated = join(scratch, 'never.rep')
    writeFileSync(neverAllocated, '2\n2\na 0 10\nr 1 8\n')
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
        // the lesson-pack check's rules, as an instructor's pack hears them
        ['heap', 'replay', trace, '--allocator-options', '{"alignment": 3}'],
        'memory-lane heap: --allocator-options: option "alignment" of the first-fit allocator must be one of 1, 2, 4, 8, 16, not 3.',
        'memory-lane heap：--allocator-options：first-fit 分配器的选项 "alignment" 必须是 1, 2, 4, 8, 16 之一，而不是 3。'
      ],
      [
        [
          'heap',
          'replay',
          trace,
          '--allocator',
          'best-fit',
          '--allocator-options',
          '{"aligment": 8}'
        ],
        'memory-lane heap: --allocator-options: the best-fit allocator has no option "aligment"; did you mean "alignment"? (its options are placement, order, coalescing, headerSize, footer, alignment, minBlockSize, split, growBy, mmapThreshold).',
        'memory-lane heap：--allocator-options：best-fit 分配器没有选项 "aligment"；是不是想写 "alignment"？（它的选项有 placement, order, coalescing, headerSize, footer, alignment, minBlockSize, split, growBy, mmapThreshold）。'
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
      ],
      // malloc.py's input errors (the simulator's OstepInputError): op list and parameters
      [
        ['heap', 'replay', '-A', '+10,-x'],
        'memory-lane heap: op 2 "-x" of the op list is not +SIZE (allocate SIZE bytes) or -INDEX (free alloc number INDEX).',
        'memory-lane heap：操作列表的第 2 项 "-x" 既不是 +SIZE（分配 SIZE 字节），也不是 -INDEX（释放第 INDEX 次分配）。'
      ],
      [
        ['heap', 'replay', '-A', '+10,-1'],
        'memory-lane heap: op 2 "-1" of the op list frees ptr[1], but only 1 allocation comes before it (numbered from 0).',
        'memory-lane heap：操作列表的第 2 项 "-1" 释放 ptr[1]，但它之前只有 1 次分配（从 0 编号）。'
      ],
      [
        ['heap', 'replay', '-p', 'SOMETIMES'],
        'memory-lane heap: -p (policy) must be one of BEST, WORST, FIRST, not "SOMETIMES".',
        'memory-lane heap：-p (policy) 必须是 BEST, WORST, FIRST 之一，而不是 "SOMETIMES"。'
      ],
      [
        ['heap', 'replay', '-S', '-5'],
        'memory-lane heap: -S (size) must be a whole number of 0 or more, not -5.',
        'memory-lane heap：-S (size) 必须是 0 或更大的整数，而不是 -5。'
      ],
      // a malloc-lab trace that does not parse (the simulator's TraceError): file and line as typed
      [
        ['heap', 'replay', badOp],
        'memory-lane heap: badop.rep:4: "x 0 10" is not an operation: expected "a ID SIZE", "f ID" or "r ID SIZE".',
        'memory-lane heap：badop.rep:4: "x 0 10" 不是一个操作：应当是 "a ID SIZE"、"f ID" 或 "r ID SIZE"。'
      ],
      [
        ['heap', 'replay', badHeader],
        'memory-lane heap: header.rep:2: expected a header of 2 numbers (ids, operations) or 4 (heap size, ids, operations, weight), found 1.',
        'memory-lane heap：header.rep:2: 文件头应当是 2 个数（块 id 数、操作数）或 4 个数（堆大小、块 id 数、操作数、权重），这里有 1 个。'
      ],
      [
        ['heap', 'replay', neverAllocated],
        'memory-lane heap: never.rep:4: "r 1 8" reallocates block 1, which was never allocated.',
        'memory-lane heap：never.rep:4: "r 1 8" 重新分配了块 1，但这个块从未分配过。'
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

describe("the simulator's input errors as the app says them", () => {
  /** Every reason the op list, malloc.py's parameters and a trace are refused with. */
  function refusals(): Array<OstepInputError | TraceError> {
    const caught = (f: () => unknown): OstepInputError | TraceError => {
      try {
        f()
      } catch (error) {
        if (error instanceof OstepInputError || error instanceof TraceError) return error
        throw error
      }
      throw new Error('not refused')
    }
    const ostep = (params: Partial<OstepParams>): OstepInputError | TraceError =>
      caught(() => validateParams({ ...OSTEP_DEFAULTS, ...params }))
    return [
      caught(() => parseOpList('+10, x')),
      caught(() => parseOpList('+1,-1')),
      caught(() => parseOpList('+1,+2,-5')),
      ostep({ seed: 0.5 }),
      ostep({ numOps: 2.5 }),
      ostep({ headerSize: -4 }),
      ostep({ alignment: 0 }),
      ostep({ policy: 'NEXT' as OstepParams['policy'] }),
      ostep({ listOrder: 'RANDOM' as OstepParams['listOrder'] }),
      ostep({ percentAlloc: 0 }),
      // malloc.py's own assertion: with no header, two zero-byte blocks would share an address.
      caught(() => runOstep({ ...OSTEP_DEFAULTS, headerSize: 0, allocList: '+0,+0' })),
      caught(() => parseTrace('7\n', 'h.rep')),
      caught(() => parseTrace('1\n1\nm 0 1\n', 'op.rep')),
      caught(() => parseTrace('1\n1\na x 1\n', 'id.rep')),
      caught(() => parseTrace('1\n1\na 3 1\n', 'range.rep')),
      caught(() => parseTrace('1\n1\na 0 -1\n', 'size.rep')),
      caught(() => parseTrace('1\n1\nf 0\n', 'free.rep')),
      caught(() => parseTrace('1\n1\nr 0 8\n', 'realloc.rep')),
      caught(() => parseTrace('1\n2\na 0 1\n', 'count.rep'))
    ]
  }

  it('gives each a reason whose English is the sentence, word for word, and whose Chinese is Chinese', () => {
    const errors = refusals()
    const english = simulatorSentences('en')
    const chinese = simulatorSentences('zh-CN')
    const keys = new Set<string>()
    for (const error of errors) {
      expect(error.reason, error.message).toBeDefined()
      const reason = error.reason!
      keys.add(reason.key)
      const detail = error instanceof TraceError ? error.detail : error.message
      // A key missing from a locale would come back as the English fallback.
      expect(english.reason(reason, '(missing)')).toBe(detail)
      const zh = chinese.reason(reason, '(missing)')
      expect(zh, reason.key).toMatch(/[\u4e00-\u9fff]/)
      expect(zh).not.toMatch(/ is | must | the /)
    }
    // one case per key: the trace's 8, the op list's and parameters' 8, malloc.py's assertion
    expect(keys.size).toBe(17)
  })

  it('says 1 allocation and 2 allocations, as the op list counts them', () => {
    expect(refusals()[1]!.message).toBe(
      'op 2 "-1" of the op list frees ptr[1], but only 1 allocation comes before it (numbered from 0).'
    )
    expect(refusals()[2]!.message).toBe(
      'op 3 "-5" of the op list frees ptr[5], but only 2 allocations come before it (numbered from 0).'
    )
  })
})
