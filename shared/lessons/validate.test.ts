import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatProblem } from './problems'
import { packSentence } from './messages'
import { readPackFolder } from '../../electron/services/lesson-library/pack-folder'
import { compareVersions, validatePack } from './validate'
import { factNamespace, type FactShape } from './facts'

const fixtures = join(import.meta.dirname, 'fixtures')

describe('the sample pack', () => {
  const result = validatePack(readPackFolder(join(fixtures, 'sample-pack')), { appVersion: '0.1.0' })

  it('is valid in both languages', () => {
    expect(result.problems.map(formatProblem)).toEqual([])
    expect(result.pack?.manifest.languages).toEqual(['en', 'zh-CN'])
    expect(Object.keys(result.pack!.lessons['first-malloc'])).toEqual(['en', 'zh-CN'])
  })

  it('splits the lesson into four steps with one checkpoint kind each', () => {
    const lesson = result.pack!.lessons['first-malloc'].en
    expect(lesson.title).toBe('Your first malloc')
    expect(lesson.steps.map((s) => s.checkpoints.map((c) => c.kind))).toEqual([
      ['choice'],
      ['number'],
      ['predict'],
      ['task']
    ])
    expect(lesson.steps.map((s) => s.title)).toEqual([
      'Your first malloc',
      'How much did we get?',
      'What will happen next?',
      'Fix the leak'
    ])
  })

  it('reads the setup, the program and its editable lines, and carries them forward', () => {
    const [first, second] = result.pack!.lessons['first-malloc'].en.steps
    expect(first.setup).toEqual({
      layout: 'linux-x86_64',
      allocator: 'first-fit',
      runTo: { kind: 'line', line: 4 },
      show: ['heap', 'address-space'],
      highlight: ['program-break']
    })
    expect(first.program?.editable).toEqual([{ from: 4, to: 5 }])
    expect(first.program?.source.split('\n')[3]).toBe('  char *p = malloc(24);')
    // The program block starts on line 16 of the file (fence on 15).
    expect(first.program?.fileLine).toBe(16)
    expect(first.programChanged).toBe(true)
    expect(second.program).toEqual(first.program)
    expect(second.programChanged).toBe(false)
    // Step 2 moves the pause to line 5 and inherits the rest.
    expect(second.setup).toEqual({ ...first.setup, runTo: { kind: 'line', line: 5 } })
    // Directive blocks leave the prose; the image stays.
    expect(first.markdown).not.toContain('```')
    expect(first.markdown).toContain('![The program break](images/break.png)')
  })
})

describe('the broken-pack corpus', () => {
  const cases = readdirSync(join(fixtures, 'broken')).filter((name) => !name.endsWith('.md'))
  it('has a case for each kind of mistake', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20)
  })
  for (const name of cases) {
    it(`reports exactly the expected problem: ${name}`, () => {
      const folder = join(fixtures, 'broken', name)
      const files = readPackFolder(folder)
      files.delete('expected.txt')
      const expected = readFileSync(join(folder, 'expected.txt'), 'utf8').trim().split('\n')
      const result = validatePack(files, { appVersion: '0.1.0' })
      expect(result.problems.map(formatProblem)).toEqual(expected)
      expect(result.pack).toBeUndefined()
      // Each problem carries its message key, and the key's English template says it word for
      // word (the app says it in the instructor's language from that key).
      for (const problem of result.problems) {
        expect(problem.reason, problem.message).toBeDefined()
        expect(packSentence(problem.reason!)).toBe(problem.message)
      }
    })
  }
})

describe('pack checks beyond single files', () => {
  const base = readPackFolder(join(fixtures, 'sample-pack'))

  it('requires translations to have the same checkpoints', () => {
    const files = new Map<string, Uint8Array | string>(base)
    const zh = new TextDecoder().decode(base.get('first-malloc.zh-CN.md'))
    files.set('first-malloc.zh-CN.md', zh.replace('id: block-size', 'id: block-bytes'))
    const problems = validatePack(files, { appVersion: '0.1.0' }).problems.map(formatProblem)
    // Step 2 starts after the first "---" line (the "---" is line 36 of the Chinese file, so line 37).
    expect(problems).toEqual([
      'first-malloc.zh-CN.md:37:1: step 2 has checkpoints [number "block-bytes"] but first-malloc.en.md has [number "block-size"]; translations must have the same checkpoints'
    ])
  })

  it('refuses YAML nested so deeply that the parser would run out of stack, saying where', () => {
    const files = new Map<string, Uint8Array | string>(base)
    const manifest = new TextDecoder().decode(base.get('pack.yaml'))
    // 100,000 nested flow lists (the parser's recursion gives out after a few thousand), then
    // the same depth of nested flow maps inside a checkpoint block of a lesson.
    files.set('pack.yaml', `${manifest}deep: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`)
    const problems = validatePack(files, { appVersion: '0.1.0' }).problems.map(formatProblem)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(
      /^pack\.yaml:14:\d+: YAML: lists and maps are nested more than 32 levels deep here; the file is refused$/
    )
  })

  it('refuses a lesson over 1 MB and an image over 5 MB before parsing anything', () => {
    const files = new Map<string, Uint8Array | string>(base)
    // 2 MiB of Markdown (2,097,152 bytes / 1,048,576 = 2.0 MB) and a 6 MiB "image".
    files.set('first-malloc.en.md', new Uint8Array(2 * 1024 * 1024).fill(0x61))
    files.set('images/huge.png', new Uint8Array(6 * 1024 * 1024))
    expect(validatePack(files, { appVersion: '0.1.0' }).problems.map(formatProblem)).toEqual([
      'first-malloc.en.md:1:1: first-malloc.en.md is 2.0 MB; a lesson or pack.yaml file may be at most 1.0 MB',
      'images/huge.png:1:1: images/huge.png is 6.0 MB; a file such as an image may be at most 5.0 MB'
    ])
  })

  it('refuses text that is not UTF-8', () => {
    const files = new Map<string, Uint8Array | string>(base)
    files.set('first-malloc.en.md', new Uint8Array([0x23, 0x20, 0xff, 0xfe]))
    expect(validatePack(files, { appVersion: '0.1.0' }).problems.map(formatProblem)).toEqual([
      'first-malloc.en.md:1:1: first-malloc.en.md is not valid UTF-8 text'
    ])
  })

  it('warns about a lesson file that pack.yaml does not list', () => {
    const files = new Map<string, Uint8Array | string>(base)
    files.set('extra.en.md', new TextEncoder().encode('# Extra\n'))
    const result = validatePack(files, { appVersion: '0.1.0' })
    expect(result.problems.map(formatProblem)).toEqual([
      'extra.en.md:1:1: warning: this Markdown file is not a lesson of pack.yaml (is its id or language listed?)'
    ])
    expect(result.pack).toBeDefined()
  })

  it('compares versions numerically', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBeGreaterThan(0)
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0)
    expect(compareVersions('0.1.0', '0.2.0')).toBeLessThan(0)
  })
})

describe('the published JSON Schema', () => {
  it('is the one the engine validates with', () => {
    const published = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/pack.schema.json'), 'utf8'))
    const shipped = JSON.parse(readFileSync(join(import.meta.dirname, 'pack.schema.json'), 'utf8'))
    expect(published).toEqual(shipped)
  })
})

describe('the format reference', () => {
  it('documents every fact of the namespace', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/pack-format.md'), 'utf8')
    const paths: string[] = []
    const walk = (prefix: string, shape: FactShape): void => {
      if (shape.kind === 'record')
        for (const [k, v] of Object.entries(shape.fields)) walk(prefix ? `${prefix}.${k}` : k, v)
      else if (shape.kind === 'list' && shape.element.kind === 'record') {
        paths.push(prefix)
        for (const k of Object.keys(shape.element.fields)) paths.push(`${prefix}[i].${k}`)
      } else paths.push(prefix)
    }
    walk('', { kind: 'record', fields: factNamespace, doc: '' })
    const missing = paths
      .map((p) => p.replace(/^segments\.\w+\./, 'segments.NAME.'))
      .filter((p) => !doc.includes(`\`${p}\``))
    expect(missing).toEqual([])
  })
})
