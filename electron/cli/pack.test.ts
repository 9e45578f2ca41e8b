import { spawnSync } from 'node:child_process'
import {
  cpSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { pack } from './pack'
import { captureConsole } from './console-capture'

const fixtures = join(import.meta.dirname, '../../shared/lessons/fixtures')
const work = mkdtempSync(join(tmpdir(), 'memory-lane-pack-cli-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const { out, err } = captureConsole()

describe('memory-lane pack validate', () => {
  it('speaks Chinese with --lang zh-CN or a Chinese LANG, keeping places, ids and expressions', async () => {
    const broken = join(fixtures, 'broken', 'condition-syntax')
    expect(await pack(['validate', '--lang', 'zh-CN', broken])).toBe(1)
    expect(out).toEqual([
      'intro.en.md:21:24: 在 C 中 "=" 表示赋值；比较请写 "=="，位于 "leaks.bytes = 0"'
    ])
    expect(err).toEqual([`${broken}：1 个错误，0 个警告；课程包无效。`])
    out.length = 0
    err.length = 0
    vi.stubEnv('LANG', 'zh_CN.UTF-8')
    expect(await pack(['validate', join(fixtures, 'sample-pack')])).toBe(0)
    expect(err.at(-1)).toBe(
      `${join(fixtures, 'sample-pack')}：有效的课程包 "sample-pack" —— 1 课，语言：en, zh-CN。`
    )
    // --lang wins over the locale.
    out.length = 0
    expect(await pack(['validate', broken, '--lang=en'])).toBe(1)
    expect(out).toEqual([
      'intro.en.md:21:24: "=" assigns in C; write "==" to compare in "leaks.bytes = 0"'
    ])
  })

  it('says a compile error in Chinese as a whole sentence under a Chinese locale', async () => {
    // The sample pack with its first program broken: `size` is not declared. The program's
    // line 4 is the file's line 19 (its fence is line 15); `size` starts at column 13, where
    // gcc 12 also puts "'size' undeclared".
    const folder = join(work, 'broken-c')
    cpSync(join(fixtures, 'sample-pack'), folder, { recursive: true })
    const lesson = join(folder, 'first-malloc.en.md')
    writeFileSync(
      lesson,
      readFileSync(lesson, 'utf8').replace('  char *p = malloc(24);', '  char *p = size;')
    )
    vi.stubEnv('LANG', 'zh_CN.UTF-8')
    expect(await pack(['validate', folder])).toBe(1)
    // "C 程序无法编译：" (packProblems.json) around the front end's own Chinese sentence
    // (diagnostics.json checker.undeclared), as the app says a learner's compile error.
    expect(out).toContain(
      'first-malloc.en.md:19:13: C 程序无法编译：`size` 未声明。请先声明再使用。'
    )
    expect(out.join('\n')).not.toMatch(/is not declared/)
    out.length = 0
    expect(await pack(['validate', folder, '--lang', 'en'])).toBe(1)
    expect(out).toContain(
      'first-malloc.en.md:19:13: the C program does not compile: `size` is not declared. Declare it before using it.'
    )
  })

  it('accepts the sample pack, programs and reference solution included', async () => {
    expect(await pack(['validate', join(fixtures, 'sample-pack')])).toBe(0)
    expect(out).toEqual([])
    expect(err.at(-1)).toMatch(/: valid pack "sample-pack" — 1 lesson in en, zh-CN\.$/)
  })

  it('prints the exact problem of every broken pack and exits 1', async () => {
    const broken = readdirSync(join(fixtures, 'broken')).filter((n) => !n.endsWith('.md'))
    for (const name of broken) {
      out.length = 0
      const status = await pack(['validate', join(fixtures, 'broken', name)])
      const expected = readFileSync(join(fixtures, 'broken', name, 'expected.txt'), 'utf8').trim()
      expect({ name, status, out }).toEqual({ name, status: 1, out: expected.split('\n') })
    }
  })

  it('runs the C engine: compile errors, failing solutions, predictions and expected values', async () => {
    const cases = readdirSync(join(fixtures, 'broken-engine')).filter((n) => !n.endsWith('.md'))
    expect(cases).toHaveLength(5)
    for (const name of cases) {
      out.length = 0
      const status = await pack(['validate', join(fixtures, 'broken-engine', name)])
      const expected = readFileSync(
        join(fixtures, 'broken-engine', name, 'expected.txt'),
        'utf8'
      ).replace(/\n$/, '')
      expect({ name, status, lines: out.length }).toEqual({ name, status: 1, lines: 1 })
      // A line ending in ": " continues with the C compiler's own words.
      if (expected.endsWith(': '))
        expect(out[0].startsWith(expected), `${name}: ${out[0]}`).toBe(true)
      else expect(out[0]).toBe(expected)
    }
  })

  it('refuses a hostile .mlpack with its reason', async () => {
    expect(await pack(['validate', join(work, 'missing.mlpack')])).toBe(1)
    expect(err).toEqual([`${join(work, 'missing.mlpack')}: no such file or folder.`])
    // A file that is not a zip, said in the author's language as the app says it.
    const notZip = join(work, 'not-zip.mlpack')
    writeFileSync(notZip, 'just text, not a zip archive at all')
    err.length = 0
    expect(await pack(['validate', '--lang', 'zh-CN', notZip])).toBe(1)
    expect(err).toEqual([`${notZip}：这个文件不是课程包：它不是 zip 压缩文件。`])
  })

  it('refuses a folder whose names an import would refuse', async () => {
    // On Linux a folder may hold both; Windows and macOS take them for one file, and the
    // import of the pack built from it refuses them.
    const folder = join(work, 'two-notes')
    cpSync(join(fixtures, 'sample-pack'), folder, { recursive: true })
    writeFileSync(join(folder, 'Notes.md'), 'a')
    writeFileSync(join(folder, 'notes.md'), 'b')
    expect(await pack(['validate', folder])).toBe(1)
    expect(err).toEqual([
      `${folder}: The pack holds “Notes.md” and “notes.md”, which are one file on Windows and macOS; it was refused.`
    ])
  })

  it('says a folder too big to be a pack is one, not an internal error', async () => {
    // Pointed at a folder of 5,001 files (a home folder, say): the folder's reader refuses it
    // before reading them, and the command said "internal error" and exited 70.
    const many = join(work, 'many-files')
    mkdirSync(many)
    // Hard links to one empty file: creating 5,001 files took 26 s on a loaded CI disk.
    writeFileSync(join(many, 'f0.md'), '')
    for (let i = 1; i <= 5000; i++) linkSync(join(many, 'f0.md'), join(many, `f${i}.md`))
    expect(await pack(['validate', many])).toBe(1)
    expect(err).toEqual([
      `${many}: The folder ${many} holds more than 5000 files; a pack may hold at most 5000. Is it the pack's own folder?`
    ])
    err.length = 0
    expect(await pack(['validate', '--lang', 'zh-CN', many])).toBe(1)
    expect(err).toEqual([
      `${many}：文件夹 ${many} 中的文件超过 5000 个；一个课程包最多只能有 5000 个文件。这是课程包自己的文件夹吗？`
    ])
  })
})

describe('memory-lane pack new and build', () => {
  it('creates a skeleton with one lesson of each kind that validates, builds and validates zipped', async () => {
    const folder = join(work, 'my-course')
    expect(await pack(['new', folder])).toBe(0)
    expect(readdirSync(folder).sort()).toEqual([
      'choose.en.md',
      'choose.zh-CN.md',
      'count.en.md',
      'count.zh-CN.md',
      'fix.en.md',
      'fix.zh-CN.md',
      'pack.yaml',
      'predict.en.md',
      'predict.zh-CN.md'
    ])
    const kinds = ['choose', 'count', 'predict', 'fix'].map(
      (l) => /kind: (\w+)/.exec(readFileSync(join(folder, `${l}.en.md`), 'utf8'))![1]
    )
    expect(kinds).toEqual(['choice', 'number', 'predict', 'task'])
    expect(await pack(['validate', folder])).toBe(0)
    expect(out).toEqual([])
    const file = join(work, 'my-course.mlpack')
    expect(await pack(['build', folder, '-o', file])).toBe(0)
    expect(await pack(['validate', file])).toBe(0)
    expect(err.at(-1)).toBe(`${file}: valid pack "my-course" — 4 lessons in en, zh-CN.`)
    // A second `new` into the same folder is refused rather than overwriting.
    expect(await pack(['new', folder])).toBe(1)
  })

  it('does not build an invalid pack', async () => {
    const file = join(work, 'bad.mlpack')
    expect(await pack(['build', join(fixtures, 'broken', 'raw-html'), '-o', file])).toBe(1)
    expect(readdirSync(work)).not.toContain('bad.mlpack')
  })

  it('works as the real command with its exit status', () => {
    const bin = join(import.meta.dirname, '../../bin/memory-lane.mjs')
    const bad = spawnSync(
      process.execPath,
      [bin, 'pack', 'validate', join(fixtures, 'broken', 'javascript-link')],
      {
        encoding: 'utf8'
      }
    )
    expect(bad.status).toBe(1)
    expect(bad.stdout).toBe(
      readFileSync(join(fixtures, 'broken', 'javascript-link', 'expected.txt'), 'utf8')
    )
  })

  it('says its usage and an unknown command in the shell language, commands as typed', async () => {
    expect(await pack(['frob'])).toBe(2)
    expect(err.join('\n').split('\n')).toEqual([
      'memory-lane pack: unknown command "frob".',
      'Usage:',
      '  memory-lane pack validate DIR|FILE.mlpack   check a pack; exit 0 only when it is valid',
      '  memory-lane pack build DIR -o FILE.mlpack   validate a pack folder and zip it into one file',
      '  memory-lane pack new NAME                   create a skeleton pack in the folder NAME',
      'Add --lang zh-CN for Simplified Chinese (the default follows LANG).'
    ])
    err.length = 0
    vi.stubEnv('LANG', 'zh_CN.UTF-8')
    expect(await pack(['frob'])).toBe(2)
    expect(err.join('\n').split('\n')).toEqual([
      'memory-lane pack：未知命令 "frob"。',
      '用法：',
      '  memory-lane pack validate DIR|FILE.mlpack   检查一个课程包；只有它有效时才以 0 退出',
      '  memory-lane pack build DIR -o FILE.mlpack   验证一个课程包文件夹，并把它压缩成一个文件',
      '  memory-lane pack new NAME                   在名为 NAME 的文件夹中创建一个课程包骨架',
      '加上 --lang en 可改用英文（默认跟随 LANG）。'
    ])
    err.length = 0
    expect(await pack(['validate'])).toBe(2)
    expect(err.join('\n').split('\n')[0]).toBe(
      'memory-lane pack validate：请给出一个课程包文件夹或一个 .mlpack 文件。'
    )
    err.length = 0
    expect(await pack(['build', 'a', 'b'])).toBe(2)
    expect(err.join('\n').split('\n')[0]).toBe('memory-lane pack build：多余的参数 "b"。')
    err.length = 0
    expect(await pack(['new'])).toBe(2)
    expect(err.join('\n').split('\n')[0]).toBe('memory-lane pack new：请给出要创建的文件夹名称。')
    // --help is an answer: on stdout, status 0
    expect(await pack(['--help', '--lang', 'zh-CN'])).toBe(0)
    expect(out[0]).toMatch(/^用法：\n {2}memory-lane pack validate/)
  })
})
