/**
 * The lesson-pack validator's problems reach an instructor in their language: every key
 * shared/lessons can say (shared/lessons/messages.ts; TypeScript holds every `say` and
 * `packReason` call to those keys) has an English and a Chinese sentence with the same
 * parameters, and the problems of real broken packs (the corpus in shared/lessons/fixtures)
 * are said in Chinese, in the authoring report's lines and in an import refusal alike.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { factsFromState } from '../../../shared/lessons/facts'
import { sampleState } from '../../../shared/lessons/fixtures/sample-state'
import type { TaskCheckpoint } from '../../../shared/lessons/format'
import { gradeNumber, gradeTask } from '../../../shared/lessons/grade'
import { checkMachineSetup } from '../../../shared/lessons/machine-setup'
import { diagnosticPhrase, PACK_MESSAGES, say } from '../../../shared/lessons/messages'
import { reason } from '../../../shared/lang/diagnostics'
import type { Problem } from '../../../shared/lessons/problems'
import { createAppI18n } from '../i18n'
import { problemLine, problemSentence } from './packProblems'
import { mainSentence, type Translate } from './sentences'

const fixtures = join(import.meta.dirname, '../../../shared/lessons/fixtures')
// The validator compiles the pack schema with Ajv (main-side code): loaded by path, as the
// lesson pane's test loads the main-side services.
const { validatePack } = (await import(/* @vite-ignore */ join(fixtures, '../validate'))) as {
  validatePack(files: Map<string, Uint8Array>, o: { appVersion: string }): { problems: Problem[] }
}
const { readPackFolder } = (await import(
  /* @vite-ignore */ join(
    import.meta.dirname,
    '../../../electron/services/lesson-library/pack-folder'
  )
)) as { readPackFolder(folder: string): Map<string, Uint8Array> }

function translator(language: 'en' | 'zh-CN'): Translate {
  const i18n = createAppI18n(language)
  return (key, params) => i18n.global.t(key, params)
}

function problemsOf(name: string): Problem[] {
  const files = readPackFolder(join(fixtures, 'broken', name))
  files.delete('expected.txt')
  return validatePack(files, { appVersion: '0.1.0' }).problems
}

const paramsOf = (template: string): string[] =>
  [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('the pack validator’s sentences', () => {
  it('has every key in English and in Chinese, with the same parameters', () => {
    const zh = JSON.parse(
      readFileSync(join(import.meta.dirname, '../locales/zh-CN/packProblems.json'), 'utf8')
    ) as Record<string, Record<string, string>>
    const en = translator('en')
    const keys = Object.keys(PACK_MESSAGES) as Array<keyof typeof PACK_MESSAGES>
    expect(keys.length).toBeGreaterThanOrEqual(90)
    for (const key of keys) {
      const [group, name] = key.split('.')
      const chinese = zh[group]?.[name]
      expect(chinese, key).toBeTypeOf('string')
      expect(paramsOf(chinese), key).toEqual(paramsOf(PACK_MESSAGES[key]))
      // Each parameter filled with its own name: the English catalogue is the template itself.
      const named = Object.fromEntries(paramsOf(PACK_MESSAGES[key]).map((p) => [p, `<${p}>`]))
      expect(en(`packProblems.${key}`, named), key).toBe(
        PACK_MESSAGES[key].replace(/\{(\w+)\}/g, '<$1>')
      )
    }
    // No Chinese sentence for a key the validator no longer says.
    const zhKeys = Object.entries(zh).flatMap(([g, names]) =>
      Object.keys(names).map((n) => `${g}.${n}`)
    )
    expect(zhKeys.sort()).toEqual([...keys].sort())
  })

  it('says broken packs’ problems in English exactly as the validator wrote them', () => {
    const en = translator('en')
    for (const name of [
      'unknown-checkpoint-kind',
      'condition-syntax',
      'missing-translation',
      'misspelt-fact',
      'yaml-syntax',
      'unknown-top-level-key',
      'misspelt-option-key',
      'misspelt-view'
    ]) {
      const expected = readFileSync(join(fixtures, 'broken', name, 'expected.txt'), 'utf8')
        .trim()
        .split('\n')
      expect(problemsOf(name).map((p) => problemLine(en, p))).toEqual(expected)
    }
  })

  it('says broken packs’ problems in Chinese, keeping file names, ids and expressions', () => {
    const zh = translator('zh-CN')
    expect(problemsOf('unknown-checkpoint-kind').map((p) => problemLine(zh, p))).toEqual([
      'intro.en.md:18:7: 未知的检查点类型 "essay"（应为 choice、number、predict 或 task）'
    ])
    // A sentence inside a sentence: the expression's own problem, then where it is.
    expect(problemsOf('condition-syntax').map((p) => problemLine(zh, p))).toEqual([
      'intro.en.md:21:24: 在 C 中 "=" 表示赋值；比较请写 "=="，位于 "leaks.bytes = 0"'
    ])
    // "Did you mean" for a misspelt fact, in Chinese too.
    expect(problemsOf('misspelt-fact').map((p) => problemLine(zh, p))).toEqual([
      'intro.en.md:21:12: 未知的事实 "heap.requsted"；是不是想写 "heap.requested"？（heap 包含：start, break, size, requested, allocated, internalFragmentation, headerBytes, paddingBytes, externalFragmentation, free, freeBlocks, largestFree, peakUtilization, mmapBytes, liveBlocks），位于 "heap.requsted > 0"'
    ])
    // "Did you mean" for a misspelt key inside a list item, and a misspelt value of a list.
    expect(problemsOf('misspelt-option-key').map((p) => problemLine(zh, p))).toEqual([
      'intro.en.md:25:5: "options[1]" 中有未知的键 "feedbak"；是不是想写 "feedback"？'
    ])
    expect(problemsOf('misspelt-view').map((p) => problemLine(zh, p))).toEqual([
      'intro.en.md:4:14: "show[1]" 必须是以下之一：address-space, heap, stack, pointers, globals, bytes, charts, output，而不是 "stakc"；是不是想写 "stack"？'
    ])
    // The YAML parser's mistake, in our words rather than the library's English.
    expect(problemsOf('yaml-syntax').map((p) => problemLine(zh, p))).toEqual([
      'pack.yaml:2:8: YAML：同一行的键后面不能再跟一个 "key: value"；请把它放到下一行并缩进'
    ])
    expect(problemsOf('missing-translation').map((p) => problemSentence(zh, p))).toEqual([
      '缺少翻译：课程“intro”没有 zh-CN 文件（应为 intro.zh-CN.md）'
    ])
  })

  it('says why glibc ignores a tunable, and the tunable it refuses, in Chinese', () => {
    const block = {
      has: () => true,
      at: () => ({ line: 5, column: 1 }),
      fenceLine: 4
    }
    const said = (tunables: string, language: 'en' | 'zh-CN'): string[] =>
      checkMachineSetup(
        { allocator: 'glibc', allocatorOptions: { tunables } },
        block,
        undefined
      ).map((p) => problemSentence(translator(language), p))
    // glibc 2.36: mxfast at most 160 (MAX_FAST_SIZE) with 128 by default; perturb an int32
    // tunable from 0 to 255; an entry without '=' is skipped.
    const tunables = 'glibc.malloc.mxfast=999:glibc.malloc.perturb=300:nonsense'
    expect(said(tunables, 'zh-CN')).toEqual([
      'glibc 会忽略可调参数 "glibc.malloc.mxfast=999"：malloc 最多接受 160，所以 glibc 保留原值 128',
      'glibc 会忽略可调参数 "glibc.malloc.perturb=300"：300 不在 0..255 范围内，所以 glibc 保留原值 0',
      'glibc 会忽略可调参数 "nonsense"：glibc 会跳过不是 name=value 形式的条目'
    ])
    expect(said(tunables, 'en')).toEqual([
      'glibc ignores the tunable "glibc.malloc.mxfast=999": malloc takes at most 160, so glibc keeps the value 128',
      'glibc ignores the tunable "glibc.malloc.perturb=300": 300 is outside 0..255, so glibc keeps the value 0',
      'glibc ignores the tunable "nonsense": glibc skips an entry that is not of the form name=value'
    ])
    expect(said('glibc.malloc.hugetlb=1', 'zh-CN')).toEqual([
      'glibc 分配器不接受这些选项：可调参数 "glibc.malloc.hugetlb"（大页）没有模拟；只接受 glibc.malloc.hugetlb=0'
    ])
  })

  it('says a compile error in a pack sentence wholly in Chinese, from the C front end’s keys', () => {
    // As the pack check carries it (shared/lessons/programs.ts): the compiler's reason as a
    // phrase of "the C program does not compile: …".
    const problem: Problem = {
      file: 'first-malloc.en.md',
      line: 19,
      column: 13,
      severity: 'error',
      ...say('program.doesNotCompile', {
        detail: diagnosticPhrase(reason('checker.undeclared', { name: 'size' }))
      })
    }
    expect(problemLine(translator('zh-CN'), problem)).toBe(
      'first-malloc.en.md:19:13: C 程序无法编译：`size` 未声明。请先声明再使用。'
    )
    expect(problemLine(translator('en'), problem)).toBe(
      'first-malloc.en.md:19:13: the C program does not compile: `size` is not declared. Declare it before using it.'
    )
    expect(problem.message).toBe(
      'the C program does not compile: `size` is not declared. Declare it before using it.'
    )
  })

  it('says an import refusal’s quoted problems in Chinese', () => {
    const problems = problemsOf('unknown-checkpoint-kind')
    const refusal = {
      message: 'The pack "intro.mlpack" was refused:\n' + problems[0].message,
      reason: {
        key: 'pack.refused',
        params: { file: 'intro.mlpack', problems: problems[0].message, more: 0 },
        problems
      }
    }
    expect(mainSentence(translator('zh-CN'), refusal)).toBe(
      '课程包“intro.mlpack”被拒绝导入：\nintro.en.md:18:7: 未知的检查点类型 "essay"（应为 choice、number、predict 或 task）'
    )
  })

  it('tells a learner in Chinese why the pack’s condition could not judge their answer', () => {
    // A task whose condition divides by the leaked bytes: once the learner's program leaks
    // nothing, the condition cannot be evaluated, and the learner meets the sentence.
    const task: TaskCheckpoint = {
      kind: 'task',
      id: 'ratio',
      prompt: '',
      hints: [],
      fileLine: 1,
      condition: 'heap.requested / leaks.bytes > 1'
    }
    const facts = factsFromState(sampleState({ events: [], exit: { status: 0 } }))
    const verdict = gradeTask(task, facts)
    expect(verdict.error).toBe('division by zero in "leaks.bytes"')
    expect(
      problemSentence(translator('zh-CN'), { message: verdict.error!, reason: verdict.reason })
    ).toBe('除数 "leaks.bytes" 为零')
    const missing = gradeNumber(
      {
        kind: 'number',
        id: 'n',
        prompt: '',
        hints: [],
        fileLine: 1,
        expected: 'heap.requested',
        tolerance: 0
      },
      '24',
      undefined
    )
    expect(
      problemSentence(translator('zh-CN'), { message: missing.error!, reason: missing.reason })
    ).toBe('还没有可以用来算出期望值的运行')
    expect(problemSentence(translator('en'), { message: 'x', reason: missing.reason })).toBe(
      'there is no run to compute the expected value from yet'
    )
  })

  it('keeps the English message for a key this page does not know', () => {
    const zh = translator('zh-CN')
    const fromTheFuture = {
      file: 'a.md',
      line: 1,
      column: 1,
      message: 'New words.',
      reason: { key: 'lesson.fromTheFuture', params: {} }
    }
    expect(problemLine(zh, fromTheFuture)).toBe('a.md:1:1: New words.')
    expect(
      problemLine(zh, { file: 'a.md', line: 2, column: 3, message: 'Plain.', severity: 'warning' })
    ).toBe('a.md:2:3: 警告：Plain.')
  })
})
