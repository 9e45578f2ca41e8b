/**
 * A hostile author's packs: each is built from the sample pack with one malicious or broken
 * change, imported as a learner would import it, and must be refused with a sentence that says
 * what and where (file:line:column), with nothing written, the learner's installed pack and
 * progress untouched, Object.prototype unchanged, and no address outside the pack in what a
 * learner would be shown. Zip-level attacks (.. paths, symlinks, zip bombs) are in
 * library.test.ts; the authoring command's programs that never end are at the bottom.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { packProblems } from './pack-check'
import { problemLineIn } from '../../cli/pack-language'
import { formatProblem } from '../../../shared/lessons/problems'
import { ProgressStore } from '../progress/store'
import { LessonLibrary } from './library'
import { writeMlpack } from './mlpack'
import { readPackFolder } from './pack-folder'

const samplePack = join(import.meta.dirname, '../../../shared/lessons/fixtures/sample-pack')
const root = mkdtempSync(join(tmpdir(), 'memory-lane-hostile-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const lessonEn = readFileSync(join(samplePack, 'first-malloc.en.md'), 'utf8')
const lessonZh = readFileSync(join(samplePack, 'first-malloc.zh-CN.md'), 'utf8')
const manifest = readFileSync(join(samplePack, 'pack.yaml'), 'utf8')
const encoder = new TextEncoder()

/** The sample pack, its id changed (so it can sit beside the installed one), with changes. */
function hostilePack(changes: Record<string, string | Uint8Array>): Map<string, Uint8Array> {
  const files = readPackFolder(samplePack)
  files.set('pack.yaml', encoder.encode(manifest.replace('id: sample-pack', 'id: evil-pack')))
  for (const [path, content] of Object.entries(changes))
    files.set(path, typeof content === 'string' ? encoder.encode(content) : content)
  return files
}

/** `lessonEn` with `from` replaced; fails loudly if the sample no longer has `from`. */
function en(from: string, to: string): string {
  expect(lessonEn).toContain(from)
  return lessonEn.replace(from, to)
}

const yamlWith = (from: string, to: string): string => {
  expect(manifest).toContain(from)
  return manifest.replace('id: sample-pack', 'id: evil-pack').replace(from, to)
}

let counter = 0

/** A learner's machine: the sample pack installed and one answer saved. */
async function learnersMachine() {
  const dataDir = join(root, `learner-${++counter}`)
  const progress = ProgressStore.open({ directory: join(dataDir, 'progress') })
  await progress.createProfile({ name: 'Ada' })
  const library = new LessonLibrary({
    builtInDirs: [],
    packsDir: join(dataDir, 'packs'),
    appVersion: '0.1.0',
    progress,
    log: () => undefined
  })
  const sample = writeMlpack(readPackFolder(samplePack))
  await library.importPack({
    fileName: 'sample.mlpack',
    contentBase64: Buffer.from(sample).toString('base64')
  })
  const at = { packId: 'sample-pack', lessonId: 'first-malloc', checkpointId: 'where-is-p' }
  await progress.saveCheckpoint({ ...at, passed: true, answer: '0' })
  const before = {
    packs: readdirSync(join(dataDir, 'packs')).sort(),
    lessons: await library.list({}),
    progress: await progress.lessonProgress({ packId: at.packId, lessonId: at.lessonId })
  }
  return { dataDir, progress, library, at, before }
}

/** Imports `files`; the refusal's English message (its problem lines), or 'imported'. */
async function importRefusal(files: Map<string, Uint8Array>): Promise<string> {
  const machine = await learnersMachine()
  const zip = writeMlpack(files)
  const said = await machine.library
    .importPack({ fileName: 'evil.mlpack', contentBase64: Buffer.from(zip).toString('base64') })
    .then(
      () => 'imported',
      (error: Error & { reason?: { key: string } }) => {
        // Said with a key, so the page says it in the learner's language.
        expect(error.reason?.key).toMatch(/^pack\.refused(More)?$/)
        return error.message
      }
    )
  // Nothing the learner had is lost or changed, and nothing new was written.
  expect(readdirSync(join(machine.dataDir, 'packs')).sort()).toEqual(machine.before.packs)
  expect(await machine.library.list({})).toEqual(machine.before.lessons)
  expect(
    await machine.progress.lessonProgress({
      packId: machine.at.packId,
      lessonId: machine.at.lessonId
    })
  ).toEqual(machine.before.progress)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  return said
}

const refused = (...lines: string[]): string =>
  `The pack "evil.mlpack" was refused:\n${lines.join('\n')}`

describe('a hostile author’s packs', () => {
  it('1. a lesson over 1 MB, refused before it is parsed', async () => {
    // 1,100,000 x's and the sample's ~1,600 bytes: 1.05 MiB, said as 1.1 MB.
    const huge = en('# Your first malloc', `# Your first malloc\n\n${'x'.repeat(1_100_000)}`)
    expect(await importRefusal(hostilePack({ 'first-malloc.en.md': huge }))).toBe(
      refused(
        'first-malloc.en.md:1:1: first-malloc.en.md is 1.1 MB; a lesson or pack.yaml file may be at most 1.0 MB'
      )
    )
  })

  it('2. YAML nested 40 levels deep in a checkpoint', async () => {
    // The ```checkpoint fence is line 24, its "id:" line 26, the added "x: [[[…" line 27.
    const deep = en('id: where-is-p', `id: where-is-p\nx: ${'['.repeat(40)}${']'.repeat(40)}`)
    const said = await importRefusal(hostilePack({ 'first-malloc.en.md': deep }))
    expect(said).toMatch(
      /^The pack "evil\.mlpack" was refused:\nfirst-malloc\.en\.md:27:\d+: YAML: lists and maps are nested more than 32 levels deep here; the file is refused$/
    )
  })

  it('3. a YAML alias bomb inside a checkpoint block, named at its line', async () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]'
    ].join('\n')
    const said = await importRefusal(
      hostilePack({ 'first-malloc.en.md': en('id: block-size', `id: block-size\n${bomb}`) })
    )
    // The block's YAML starts on line 45, after its ```checkpoint fence on line 44.
    expect(said).toBe(
      refused(
        'first-malloc.en.md:45:1: YAML: anchors and aliases expand too much (more than 50 alias uses); the file is refused'
      )
    )
  })

  it('4. a __proto__ key in pack.yaml pollutes nothing', async () => {
    const said = await importRefusal(
      hostilePack({ 'pack.yaml': yamlWith('lessons:', '__proto__:\n  polluted: yes\nlessons:') })
    )
    // pack.yaml's 12 lines, then __proto__ on line 12 (it comes before "lessons:").
    expect(said).toBe(refused('pack.yaml:12:1: unknown key "__proto__" in pack.yaml'))
  })

  it('5. a lesson or checkpoint id JavaScript objects already have (constructor)', async () => {
    const lessonId = await importRefusal(
      hostilePack({
        'pack.yaml': yamlWith('  - first-malloc', '  - constructor'),
        'constructor.en.md': lessonEn,
        'constructor.zh-CN.md': lessonZh
      })
    )
    expect(lessonId).toContain(
      'pack.yaml:13:5: the lesson id "constructor" is a name JavaScript objects already have; choose another id'
    )
    // A checkpoint id "prototype" would be saved in the learner's progress file, which then
    // reads as damaged at the next start: the pack is refused instead.
    const checkpointId = await importRefusal(
      hostilePack({
        'first-malloc.en.md': en('id: where-is-p', 'id: prototype'),
        'first-malloc.zh-CN.md': lessonZh.replace('id: where-is-p', 'id: prototype')
      })
    )
    expect(checkpointId).toBe(
      refused(
        'first-malloc.en.md:24:1: the checkpoint id "prototype" is a name JavaScript objects already have; choose another id',
        'first-malloc.zh-CN.md:24:1: the checkpoint id "prototype" is a name JavaScript objects already have; choose another id'
      )
    )
  })

  it('6. opening a lesson named after object machinery says there is no such lesson', async () => {
    const { library } = await learnersMachine()
    for (const lessonId of ['constructor', 'toString', 'hasOwnProperty'])
      await expect(
        library.open({ packId: 'sample-pack', lessonId, language: 'en' })
      ).rejects.toMatchObject({
        message: `There is no lesson "${lessonId}" in pack "sample-pack".`,
        reason: { key: 'pack.noLesson' }
      })
  })

  it('7. path traversal in image names: encoded, absolute, protocol-relative', async () => {
    for (const [src, problem] of [
      [
        '%2e%2e/%2e%2e/etc/passwd.png',
        'image "%2e%2e/%2e%2e/etc/passwd.png" points outside the pack'
      ],
      ['/etc/passwd', 'image "/etc/passwd" points outside the pack'],
      ['//evil.example/t.png', 'image "//evil.example/t.png" points outside the pack'],
      [
        'file:///etc/passwd',
        'image "file:///etc/passwd" must be a file inside the pack, not a file: address'
      ]
    ])
      expect(
        await importRefusal(hostilePack({ 'first-malloc.en.md': en('images/break.png', src) }))
      ).toBe(refused(`first-malloc.en.md:5:22: ${problem}`))
  })

  it('8. script in Markdown: a <script> element, an event handler', async () => {
    expect(
      await importRefusal(
        hostilePack({
          'first-malloc.en.md': en('`malloc` asks', '<script>alert(1)</script>\n\n`malloc` asks')
        })
      )
    ).toBe(
      refused(
        'first-malloc.en.md:3:1: raw HTML is not allowed in lessons (found "<script>alert(1)</script>"); write Markdown instead'
      )
    )
    expect(
      await importRefusal(
        hostilePack({
          'first-malloc.en.md': en('`malloc` asks', '<img src=x onerror=alert(1)> `malloc` asks')
        })
      )
    ).toBe(
      refused(
        'first-malloc.en.md:3:1: raw HTML is not allowed in lessons (found "<img src=x onerror=alert(1)>"); write Markdown instead'
      )
    )
  })

  it('9. javascript: links however they are spelled: mixed case, an entity, a reference, an autolink', async () => {
    for (const [markdown, column, href] of [
      ['[x](JaVaScRiPt:alert(1))', 5, 'JaVaScRiPt:alert(1)'],
      ['[x](javascript&#58;alert(1))', 1, 'javascript:alert(1)'],
      ['[x][1]\n\n[1]: javascript:alert(1)\n', 1, 'javascript:alert(1)'],
      ['<javascript:alert(1)>', 2, 'javascript:alert(1)'],
      ['[x](data:text/html;base64,PHNjcmlwdD4=)', 5, 'data:text/html;base64,PHNjcmlwdD4=']
    ] as const)
      expect(
        await importRefusal(
          hostilePack({ 'first-malloc.en.md': en('`malloc` asks', `${markdown} \`malloc\` asks`) })
        )
      ).toBe(
        refused(
          `first-malloc.en.md:3:${column}: link to "${href}" is refused: only http, https and mailto links are allowed`
        )
      )
  })

  it('10. external images, inline or by reference, which would reach the network', async () => {
    expect(
      await importRefusal(
        hostilePack({
          'first-malloc.en.md': en('images/break.png', 'https://evil.example/track.png')
        })
      )
    ).toBe(
      refused(
        'first-malloc.en.md:5:22: image "https://evil.example/track.png" must be a file inside the pack, not a https: address'
      )
    )
    expect(
      await importRefusal(
        hostilePack({
          'first-malloc.en.md': en(
            '![The program break](images/break.png)',
            '![a][img]\n\n[img]: https://evil.example/t.png'
          )
        })
      )
    ).toBe(
      refused(
        'first-malloc.en.md:5:1: image "https://evil.example/t.png" must be a file inside the pack, not a https: address'
      )
    )
  })

  it('11. an external link is kept as a plain link, and the page holds no other address', async () => {
    const { library } = await learnersMachine()
    const files = hostilePack({
      'first-malloc.en.md': en('`malloc` asks', '[docs](https://evil.example/) `malloc` asks')
    })
    const zip = writeMlpack(files)
    await library.importPack({
      fileName: 'links.mlpack',
      contentBase64: Buffer.from(zip).toString('base64')
    })
    const doc = await library.open({
      packId: 'evil-pack',
      lessonId: 'first-malloc',
      language: 'en'
    })
    const html = doc.steps.map((s) => s.html).join('\n')
    // A link is followed only when the learner clicks it (the desktop app opens nothing);
    // images are inlined from the pack, so opening the lesson fetches nothing.
    expect(html).toContain('<a href="https://evil.example/" rel="noopener noreferrer">docs</a>')
    expect([...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1].slice(0, 22))).toEqual([
      'https://evil.example/',
      'data:image/png;base64,'
    ])
  })

  it('12. absurd numbers: .inf, .nan, 1e400, a stack limit of 1e308', async () => {
    const cases: Array<[string, string, string]> = [
      ['unit: bytes', 'unit: bytes\ntolerance: .inf', '50:12: YAML: ".inf" is not a finite number'],
      ['expected: heap.requested', 'expected: .nan', '48:11: YAML: ".nan" is not a finite number'],
      [
        'expected: heap.requested',
        'expected: 1e400',
        '48:11: YAML: "1e400" is not a finite number'
      ],
      [
        'allocator: first-fit',
        'allocator: first-fit\nstack-limit: 1e308',
        '10:14: "stack-limit" must be at most 1073741824'
      ]
    ]
    for (const [from, to, problem] of cases) {
      const said = await importRefusal(hostilePack({ 'first-malloc.en.md': en(from, to) }))
      expect(said.startsWith(refused(`first-malloc.en.md:${problem}`))).toBe(true)
    }
  })

  it('13. wrong encodings: a UTF-16 lesson and a Latin-1 pack.yaml', async () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'# Hi'].flatMap((c) => [c.charCodeAt(0), 0])])
    expect(await importRefusal(hostilePack({ 'first-malloc.en.md': utf16 }))).toBe(
      refused('first-malloc.en.md:1:1: first-malloc.en.md is not valid UTF-8 text')
    )
    const latin1 = new Uint8Array([
      ...encoder.encode(yamlWith('A tiny pack for tests.', 'caf')),
      0xe9
    ])
    expect(await importRefusal(hostilePack({ 'pack.yaml': latin1 }))).toBe(
      refused('pack.yaml:1:1: pack.yaml is not valid UTF-8 text')
    )
  })

  it('14. YAML the parser rejects is said in our words, at its place', async () => {
    expect(
      await importRefusal(
        hostilePack({ 'pack.yaml': yamlWith('version: 1.0.0', 'version: 1.0.0\nversion: 2.0.0') })
      )
    ).toBe(refused('pack.yaml:8:1: YAML: the key "version" appears twice in this mapping'))
    expect(
      await importRefusal(
        hostilePack({ 'first-malloc.en.md': en('id: block-size', 'id: block-size\nx: *nowhere') })
      )
    ).toBe(
      // The block's "kind:" is on line 45, "id: block-size" on 46, the alias's line is 47.
      refused('first-malloc.en.md:47:4: YAML: the alias "*nowhere" names no anchor set before it')
    )
  })
})

describe('a hostile author’s packs, session 11: the machine, sizes and floods', () => {
  it('16. an allocator that does not exist, and an option no allocator has', async () => {
    // The sample's setup block: fence on line 7, layout 8, allocator 9, run-to 10.
    expect(
      await importRefusal(
        hostilePack({ 'first-malloc.en.md': en('allocator: first-fit', 'allocator: frist-fit') })
      )
    ).toBe(
      refused(
        'first-malloc.en.md:9:12: there is no allocator "frist-fit"; did you mean "first-fit"? (the allocators are first-fit, next-fit, best-fit, worst-fit, segregated, glibc, buddy, pool, compacting)'
      )
    )
    // "allocator-options: { " is 21 characters: the key starts in column 22.
    expect(
      await importRefusal(
        hostilePack({
          'first-malloc.en.md': en(
            'allocator: first-fit',
            'allocator: first-fit\nallocator-options: { alignement: 8, coalescing: sometimes }'
          )
        })
      )
    ).toBe(
      refused(
        'first-malloc.en.md:10:22: the first-fit allocator has no option "alignement"; did you mean "alignment"? (its options are placement, order, coalescing, headerSize, footer, alignment, minBlockSize, split, growBy, mmapThreshold)',
        'first-malloc.en.md:10:49: option "coalescing" of the first-fit allocator must be one of "immediate", "deferred", "none", not "sometimes"'
      )
    )
  })

  it('17. a stack the classroom layout cannot hold', async () => {
    // classroom's stack top is 0xf000 and its mmap area starts at 0xc000: 12 KiB at most.
    expect(
      await importRefusal(
        hostilePack({
          'first-malloc.en.md': en('layout: linux-x86_64', 'layout: classroom\nstack-limit: 65536')
        })
      )
    ).toBe(
      refused(
        'first-malloc.en.md:9:14: "stack-limit: 65536" does not fit the classroom layout, whose stack can be at most 12288 bytes (12 KiB, from the stack top down to the mmap area)'
      )
    )
  })

  it('18. a glibc tunable the simulator refuses (huge pages)', async () => {
    // "allocator-options: " is 19 characters: the mapping starts in column 20.
    expect(
      await importRefusal(
        hostilePack({
          'first-malloc.en.md': en(
            'allocator: first-fit',
            'allocator: glibc\nallocator-options: { tunables: "glibc.malloc.hugetlb=1" }'
          )
        })
      )
    ).toBe(
      refused(
        'first-malloc.en.md:10:20: the glibc allocator refuses these options: Tunable "glibc.malloc.hugetlb" (huge pages) is not simulated; only glibc.malloc.hugetlb=0 is accepted'
      )
    )
  })

  it('19. a choice of 40,000 options', async () => {
    // The checkpoint's "options:" is line 28; its first item, where the list starts, line 29.
    const flood = Array.from({ length: 40_000 }, (_, i) => `  - text: option ${i}`).join('\n')
    expect(
      await importRefusal(
        hostilePack({
          'first-malloc.en.md': en(
            'options:\n  - text: Into the heap',
            `options:\n${flood}\n  - text: Into the heap`
          )
        })
      )
    ).toBe(refused('first-malloc.en.md:29:3: "options" may have at most 26 items'))
  })

  it('20. 150,000 steps: one sentence, where the limit is passed, and no stack overflow', async () => {
    // Before, validation ended in "Maximum call stack size exceeded" (150,000 problems were
    // spread as arguments of one push).
    const lines = lessonEn.split('\n').length
    const flood = `${lessonEn}\n${'---\n'.repeat(150_000)}`
    // The sample has 3 "---" (steps 2 to 4); the 97th added one opens step 101.
    expect(await importRefusal(hostilePack({ 'first-malloc.en.md': flood }))).toBe(
      refused(
        `first-malloc.en.md:${lines + 97}:1: this lesson has 150004 steps; a lesson may have at most 100 (split it into several lessons)`
      )
    )
  })

  it('21. a program longer than a run request takes', async () => {
    // 200,000 characters is what run.start accepts; the learner's run would be refused.
    const filler = '  /* padding */\n'.repeat(14_000)
    const said = await importRefusal(
      hostilePack({
        'first-malloc.en.md': en('  return 0;\n}\n```', `${filler}  return 0;\n}\n\`\`\``)
      })
    )
    // The program's fence is line 15: its 6 lines of 76 characters (newlines included) and
    // 14,000 added lines of 16: 224,076.
    expect(said).toBe(
      refused(
        'first-malloc.en.md:15:1: this program is 224076 characters long; a program may be at most 200000 (the app runs nothing longer)'
      )
    )
  })

  it('22. a later step changes the allocator under options only the first one has', async () => {
    const said = await importRefusal(
      hostilePack({
        'first-malloc.en.md': en(
          'allocator: first-fit',
          'allocator: first-fit\nallocator-options: { order: lifo }'
        ).replace('run-to: line 5', 'run-to: line 5\nallocator: pool')
      })
    )
    // One line added above: step 2's setup block opens on line 41, its allocator on line 43.
    expect(said).toBe(
      refused(
        'first-malloc.en.md:43:12: the pool allocator has no option "order", which this step keeps from the allocator-options on line 10; give this step its own "allocator-options" (its options are objectSize, alignment, slotsPerChunk, mmapThreshold)'
      )
    )
  })

  it('23. a view list of 10,000 entries and a manifest of 101 lessons', async () => {
    const views = Array.from({ length: 10_000 }, () => 'heap').join(', ')
    expect(
      await importRefusal(
        hostilePack({ 'first-malloc.en.md': en('show: [heap, address-space]', `show: [${views}]`) })
      )
    ).toBe(
      refused(
        'first-malloc.en.md:11:7: "show" may have at most 8 items',
        'first-malloc.en.md:11:7: "show" lists the same item twice'
      )
    )
    const lessons = Array.from({ length: 101 }, (_, i) => `  - lesson-${i}`).join('\n')
    // pack.yaml's "lessons:" is line 12; the list starts on 13.
    expect(
      await importRefusal(hostilePack({ 'pack.yaml': yamlWith('  - first-malloc', lessons) }))
    ).toBe(refused('pack.yaml:13:3: "lessons" may have at most 100 items'))
  })

  it('24. 200,000 lines of raw HTML are one problem, said once', async () => {
    const flood = '<b>\n'.repeat(200_000)
    expect(
      await importRefusal(
        hostilePack({ 'first-malloc.en.md': en('`malloc` asks', `${flood}\n\`malloc\` asks`) })
      )
    ).toBe(
      refused(
        'first-malloc.en.md:3:1: raw HTML is not allowed in lessons (found "<b>"); write Markdown instead'
      )
    )
  })

  it('25. a choice checkpoint with 1,000 hints', async () => {
    const hints = Array.from({ length: 1000 }, (_, i) => `  - hint ${i}`).join('\n')
    // The block-size checkpoint's "hints:" is line 50; its list starts on 51.
    expect(
      await importRefusal(
        hostilePack({
          'first-malloc.en.md': en('hints:\n  - Look at the heap view.', `hints:\n${hints}`)
        })
      )
    ).toBe(refused('first-malloc.en.md:51:3: "hints" may have at most 20 items'))
  })
})

describe('the authoring command and programs that never end', () => {
  /** The pack with its task's reference solution's body replaced, in both languages. */
  function withSolution(body: string): Map<string, Uint8Array> {
    const reference = '    char *p = malloc(24);\n    free(p);\n    return 0;'
    const header = '  #include <stdlib.h>\n\n  int main'
    const change = (lesson: string): string => {
      expect(lesson).toContain(reference)
      return lesson
        .replace(reference, body)
        .replace(header, '  #include <stdlib.h>\n  #include <string.h>\n\n  int main')
    }
    return hostilePack({
      'first-malloc.en.md': change(lessonEn),
      'first-malloc.zh-CN.md': change(lessonZh)
    })
  }

  it('15. a reference solution that loops forever, or fills memory without end, is stopped and named', async () => {
    // `memory-lane pack validate` ends each program after a time limit (5 s; 300 ms here), as
    // the app's worker ends a learner's run. Before, the filling loop grew past 6.5 GB of
    // memory in 300 s and was still running. The empty loop may reach the step budget first
    // (10,000,000 steps in 217-267 ms at load 1-3): either ends it, and says so.
    for (const body of [
      '    for (;;) {}\n    return 0;',
      '    for (;;) {\n      char *q = malloc(4096);\n      if (q) memset(q, 1, 4096);\n    }\n    return 0;'
    ]) {
      const before = process.memoryUsage().rss
      const report = await packProblems(withSolution(body), {
        appVersion: '0.1.0',
        timeLimitMs: 300
      })
      expect(report.problems.map(formatProblem)).toEqual(
        ['en', 'zh-CN'].map((language) =>
          expect.stringMatching(
            new RegExp(
              `^first-malloc\\.${language}\\.md:78:1: the reference solution of task "fix-leak" (was still running after (0\\.3 seconds|10,000,000 steps), the most a program may run while a pack is checked, and was stopped at its line \\d+ on its way to the end of the run: does a loop there never end\\?|had written \\d+ MiB of memory by its line \\d+ on its way to the end of the run, the most a program may use, and was stopped: does it allocate without end\\?)$`
            )
          )
        )
      )
      expect(process.memoryUsage().rss - before).toBeLessThan(1024 * 1024 * 1024)
    }
  })
})

describe('a hostile author’s packs, session 14: programs that never get where a step says', () => {
  /** The step's program with an endless loop at its line 5 (file line 20); lines after move down. */
  const looping = (lesson: string): string => {
    const body = '  char *p = malloc(24);\n  return 0;'
    expect(lesson).toContain(body)
    return lesson.replace(body, '  char *p = malloc(24);\n  for (;;) { }\n  return 0;')
  }

  it('26. a step whose run-to line lies past a loop that never ends is named at the loop', async () => {
    // Step 2 pauses at line 6 (return 0), after the loop: its run never gets there. Before, the
    // check took the state wherever the time limit stopped it (heap.requested was 24 there, so
    // the number checkpoint looked right) and the pack was accepted; a learner's Run then spun
    // for the app's whole time budget. Each program has a step budget of its own (100,000 here,
    // so where it stops is exact): the loop's line is 5 of the program, 20 of the file.
    const files = hostilePack({
      'first-malloc.en.md': looping(lessonEn).replace('run-to: line 5\n', 'run-to: line 6\n'),
      'first-malloc.zh-CN.md': looping(lessonZh).replace('run-to: line 5\n', 'run-to: line 6\n')
    })
    const report = await packProblems(files, {
      appVersion: '0.1.0',
      timeLimitMs: 60_000,
      stepLimit: 100_000
    })
    const said = report.problems.map(formatProblem)
    expect(said).toEqual(
      ['en', 'zh-CN'].map(
        (language) =>
          `first-malloc.${language}.md:20:1: this step's program was still running after 100,000 steps, the most a program may run while a pack is checked, and was stopped at its line 5 on its way to line 6: does a loop there never end?`
      )
    )
    expect(report.problems[0].reason).toMatchObject({
      key: 'program.stoppedSteps',
      params: { steps: '100,000', line: 5 }
    })
    // In Chinese as a whole, as `pack validate` says it under a Chinese LANG and the app does.
    expect(problemLineIn('zh-CN', report.problems[0])).toBe(
      'first-malloc.en.md:20:1: 这一步的程序运行了 100,000 步（检查课程包时一个程序最多运行这么多步）仍未结束，在运行到第 6 行的途中在它的第 5 行被停止：那里是不是有一个永不结束的循环？'
    )
  })

  it('27. a reference solution that never ends is named by task and line, without the learner’s wording', async () => {
    const loop = (lesson: string): string => {
      const body = '    free(p);\n    return 0;'
      expect(lesson).toContain(body)
      return lesson.replace(body, '    free(p);\n    for (;;) { }\n    return 0;')
    }
    const files = hostilePack({
      'first-malloc.en.md': loop(lessonEn),
      'first-malloc.zh-CN.md': loop(lessonZh)
    })
    const report = await packProblems(files, { appVersion: '0.1.0', stepLimit: 50_000 })
    expect(report.problems.map(formatProblem)).toEqual(
      ['en', 'zh-CN'].map(
        (language) =>
          `first-malloc.${language}.md:78:1: the reference solution of task "fix-leak" was still running after 50,000 steps, the most a program may run while a pack is checked, and was stopped at its line 6 on its way to the end of the run: does a loop there never end?`
      )
    )
  })

  it('28. Unicode tricks: a title that shows reversed, and the same trick hiding code in a solution', async () => {
    // U+202E makes "Sample \u202Ekcap.exe" show as "Sample exe.pack" in the library; in a
    // solution, "Trojan Source" shows a line inside a comment that in fact runs. Both are
    // refused where they are (line 4 of pack.yaml, column 14: after "  en: Sample ").
    const said = await importRefusal(
      hostilePack({
        'pack.yaml': yamlWith('en: Sample pack', 'en: Sample \u202Ekcap.exe'),
        'first-malloc.en.md': en(
          '    free(p);\n',
          '    /* \u202E } \u2066free(p);\u2069 \u2066 */\n    free(p);\n'
        )
      })
    )
    expect(said).toBe(
      refused(
        'first-malloc.en.md:91:8: invisible bidirectional control character U+202E (RIGHT-TO-LEFT OVERRIDE): it shows text in another order than it is read, so a program or a name may look unlike what it is; remove it (4 in this file)',
        'pack.yaml:4:14: invisible bidirectional control character U+202E (RIGHT-TO-LEFT OVERRIDE): it shows text in another order than it is read, so a program or a name may look unlike what it is; remove it (1 in this file)'
      )
    )
  })

  it('29. a program the classroom layout cannot hold is said in the reader’s language', async () => {
    // 200,000 bytes of globals on the classroom layout, whose mmap area starts at 0xc000: the
    // image runs past it. Before, the sentence ended in the simulator's English ("The classroom
    // layout does not fit: heap start 0x3e000, ...") inside a Chinese one.
    const program = (lesson: string): string => {
      expect(lesson).toContain('layout: linux-x86_64')
      expect(lesson).toContain('#include <stdlib.h>\n\nint main')
      return lesson
        .replace('layout: linux-x86_64', 'layout: classroom')
        .replace(
          '#include <stdlib.h>\n\nint main',
          '#include <stdlib.h>\nchar big[200000];\nint main'
        )
    }
    const report = await packProblems(
      hostilePack({
        'first-malloc.en.md': program(lessonEn),
        'first-malloc.zh-CN.md': program(lessonZh)
      }),
      { appVersion: '0.1.0', programsOnlyWhenValid: true }
    )
    const first = report.problems[0]
    expect(formatProblem(first)).toMatch(
      /^first-malloc\.en\.md:44:1: the program could not be run: The classroom layout cannot hold this program: its code and data reach 0x[0-9a-f]+, past the start of the mmap area at 0xc000, below which the heap must lie\. Make its global arrays smaller, or use the linux-x86_64 layout\.$/
    )
    expect(problemLineIn('zh-CN', first)).toMatch(
      /^first-malloc\.en\.md:44:1: 程序无法运行：classroom 布局容纳不下这个程序：它的代码和数据一直到 0x[0-9a-f]+，超过了 mmap 区域的起点 0xc000（堆必须在它下面）。请把全局数组改小，或者使用 linux-x86_64 布局。$/
    )
  })
})
