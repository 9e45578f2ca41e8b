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
import { zipSync } from 'fflate'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { ProgressStore } from '../progress/store'
import { LessonLibrary, type AuthoringReport } from './library'
import { readMlpack, writeMlpack } from './mlpack'
import { readPackFolder } from './pack-folder'
import { packProblems } from './pack-check'

const samplePack = join(import.meta.dirname, '../../../shared/lessons/fixtures/sample-pack')
const root = mkdtempSync(join(tmpdir(), 'memory-lane-library-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let dataDir: string
let counter = 0
beforeEach(() => {
  dataDir = join(root, `case-${++counter}`)
})

const encoder = new TextEncoder()
const text = (s: string): Uint8Array => encoder.encode(s)
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')

function library(progress?: ProgressStore): LessonLibrary {
  return new LessonLibrary({
    builtInDirs: [],
    packsDir: join(dataDir, 'packs'),
    appVersion: '0.1.0',
    progress,
    log: () => undefined
  })
}

/** The sample pack with some files replaced or added. */
function samplePackWith(changes: Record<string, string>): Map<string, Uint8Array> {
  const files = readPackFolder(samplePack)
  for (const [path, content] of Object.entries(changes)) files.set(path, text(content))
  return files
}

function importMessage(
  lib: LessonLibrary,
  zip: Uint8Array,
  fileName = 'evil.mlpack'
): Promise<string> {
  return lib.importPack({ fileName, contentBase64: base64(zip) }).then(
    () => 'imported',
    (error: Error) => error.message
  )
}

describe('importing a pack', () => {
  it('imports a valid .mlpack and lists its lesson', async () => {
    const lib = library()
    const result = await lib.importPack({
      fileName: 'sample.mlpack',
      contentBase64: base64(writeMlpack(readPackFolder(samplePack)))
    })
    expect(result).toEqual({
      packId: 'sample-pack',
      title: 'Sample pack',
      lessons: 1,
      replaced: false,
      version: '1.0.0'
    })
    const list = await lib.list({ language: 'zh-CN' })
    expect(list.map((l) => [l.lessonId, l.title, l.stepCount, l.builtIn])).toEqual([
      ['first-malloc', '第一次 malloc', 4, false]
    ])
    // Survives a restart: the pack was written to the pack folder.
    expect((await library().list({})).map((l) => l.packId)).toEqual(['sample-pack'])
  })

  it("names the imported pack in the learner's language when the pack has it", async () => {
    const contentBase64 = base64(writeMlpack(readPackFolder(samplePack)))
    const zh = await library().importPack({
      fileName: 'sample.mlpack',
      contentBase64,
      language: 'zh-CN'
    })
    // pack.yaml: title: { en: Sample pack, zh-CN: 示例课程包 }
    expect(zh.title).toBe('示例课程包')
    const en = await library().importPack({
      fileName: 'sample.mlpack',
      contentBase64,
      language: 'en',
      replace: true
    })
    expect(en.title).toBe('Sample pack')
  })

  it('accepts a zipped folder (one top-level directory)', () => {
    const nested = new Map([...readPackFolder(samplePack)].map(([p, c]) => [`sample-pack/${p}`, c]))
    expect([...readMlpack(writeMlpack(nested)).keys()].sort()).toEqual(
      [...readPackFolder(samplePack).keys()].sort()
    )
  })

  it('asks before replacing a pack with the same id, then replaces it', async () => {
    const lib = library()
    await lib.importPack({
      fileName: 'a.mlpack',
      contentBase64: base64(writeMlpack(readPackFolder(samplePack)))
    })
    const newer = writeMlpack(
      samplePackWith({
        'pack.yaml': new TextDecoder()
          .decode(readPackFolder(samplePack).get('pack.yaml'))
          .replace('version: 1.0.0', 'version: 1.1.0')
      })
    )
    const asked = await lib.importPack({ fileName: 'b.mlpack', contentBase64: base64(newer) })
    expect(asked).toMatchObject({
      needsConfirmation: true,
      replaced: false,
      version: '1.1.0',
      installedVersion: '1.0.0'
    })
    const replaced = await lib.importPack({
      fileName: 'b.mlpack',
      contentBase64: base64(newer),
      replace: true
    })
    expect(replaced).toMatchObject({ replaced: true, version: '1.1.0' })
    expect(readdirSync(join(dataDir, 'packs'))).toEqual(['sample-pack'])
  })

  it('checks a pack once when the learner confirms replacing the installed one', async () => {
    // The confirmed import sends the same file again: its check (a minute at most, for a large
    // pack) is the one just made. Other bytes are checked afresh.
    let checks = 0
    const lib = new LessonLibrary({
      builtInDirs: [],
      packsDir: join(dataDir, 'packs'),
      appVersion: '0.1.0',
      log: () => undefined,
      checkPack: (args) => (
        checks++,
        packProblems(new Map(args.files), { appVersion: args.appVersion })
      )
    })
    const sample = base64(writeMlpack(readPackFolder(samplePack)))
    await lib.importPack({ fileName: 'a.mlpack', contentBase64: sample })
    expect(checks).toBe(1)
    expect(await lib.importPack({ fileName: 'a.mlpack', contentBase64: sample })).toMatchObject({
      needsConfirmation: true
    })
    expect(checks).toBe(2)
    expect(
      await lib.importPack({ fileName: 'a.mlpack', contentBase64: sample, replace: true })
    ).toMatchObject({ replaced: true })
    expect(checks).toBe(2)
    // A different file (its version changed) after the question is checked afresh.
    await lib.importPack({ fileName: 'a.mlpack', contentBase64: sample })
    const other = samplePackWith({
      'pack.yaml': new TextDecoder()
        .decode(readPackFolder(samplePack).get('pack.yaml'))
        .replace('version: 1.0.0', 'version: 1.0.1')
    })
    await lib.importPack({
      fileName: 'b.mlpack',
      contentBase64: base64(writeMlpack(other)),
      replace: true
    })
    expect(checks).toBe(4)
  })

  it('removes an imported pack', async () => {
    const lib = library()
    await lib.importPack({
      fileName: 'a.mlpack',
      contentBase64: base64(writeMlpack(readPackFolder(samplePack)))
    })
    expect(await lib.removePack({ packId: 'sample-pack' })).toEqual({ removed: true })
    expect(await lib.list({})).toEqual([])
    expect(readdirSync(join(dataDir, 'packs'))).toEqual([])
  })
})

describe('hostile packs are refused and write nothing', () => {
  const refusals: Array<[string, () => Uint8Array, string]> = [
    [
      'a .. path',
      () => zipSync({ '../evil.txt': text('x'), 'pack.yaml': text('id: x') }),
      'The pack contains a path that leaves its folder ("../evil.txt"); it was refused.'
    ],
    [
      'an absolute path',
      () => zipSync({ '/etc/cron.d/evil': text('x') }),
      'The pack contains an absolute path ("/etc/cron.d/evil"); it was refused.'
    ],
    [
      'a symbolic link',
      // Unix "made by" (os 3) with mode 0120777 in the high 16 bits of the external attributes.
      () =>
        zipSync({
          'pack.yaml': text('id: x'),
          'link.md': [text('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }]
        }),
      'The pack contains a symbolic link ("link.md"); it was refused.'
    ],
    [
      'more than 5,000 files',
      () =>
        zipSync(
          Object.fromEntries(
            Array.from({ length: 5001 }, (_, i) => [`f${i}.txt`, [new Uint8Array(0), { level: 0 }]])
          )
        ),
      'The pack holds 5001 files; at most 5000 are allowed.'
    ],
    [
      'a file and a folder of one name',
      // Installing wrote the file "images", then could not make the folder: a raw ENOTDIR with
      // the app's own paths in it, in English.
      () =>
        zipSync({
          'pack.yaml': text('id: x'),
          images: text('x'),
          'images/a.png': text('x')
        }),
      'The pack holds “images” both as a file and as a folder; it was refused.'
    ],
    [
      'two names one file on Windows and macOS',
      // On a disk that ignores case (Windows, macOS) the second would overwrite the first, or
      // fail to be written; Unicode's two spellings of "é" are one name on macOS likewise.
      () => zipSync({ 'pack.yaml': text('id: x'), 'Notes.md': text('a'), 'notes.md': text('b') }),
      'The pack holds “Notes.md” and “notes.md”, which are one file on Windows and macOS; it was refused.'
    ],
    [
      'two spellings of one Unicode name',
      () =>
        zipSync({
          'pack.yaml': text('id: x'),
          'caf\u00e9.png': text('a'),
          'cafe\u0301.png': text('b')
        }),
      'The pack holds “caf\u00e9.png” and “cafe\u0301.png”, which are one file on Windows and macOS; it was refused.'
    ],
    [
      'a name Windows cannot hold (a device name)',
      () => zipSync({ 'pack.yaml': text('id: x'), 'images/aux.png': text('x') }),
      'The pack holds a file named “images/aux.png”, which Windows cannot hold (a device name such as CON or AUX, a character such as : * ? " < > | or a control character, or a name ending in a dot or a space); it was refused.'
    ],
    [
      'a name with a stream or a control character',
      () => zipSync({ 'pack.yaml': text('id: x'), 'a.png:hidden\u0007': text('x') }),
      'The pack holds a file named “a.png:hidden\\u0007”, which Windows cannot hold (a device name such as CON or AUX, a character such as : * ? " < > | or a control character, or a name ending in a dot or a space); it was refused.'
    ],
    [
      'not a zip',
      () => text('just text, not a zip archive at all'),
      'This file is not a lesson pack: it is not a zip archive.'
    ]
  ]
  /** The sentence the page translates (app.main.pack.*), for each refusal above. */
  const reasons: Record<string, unknown> = {
    'a .. path': { key: 'pack.leavesFolder', params: { name: '../evil.txt' } },
    'an absolute path': { key: 'pack.absolutePath', params: { name: '/etc/cron.d/evil' } },
    'a symbolic link': { key: 'pack.symlink', params: { name: 'link.md' } },
    'more than 5,000 files': { key: 'pack.tooManyFiles', params: { count: 5001, max: 5000 } },
    'a file and a folder of one name': { key: 'pack.fileAndFolder', params: { name: 'images' } },
    'two names one file on Windows and macOS': {
      key: 'pack.nameClash',
      params: { name: 'Notes.md', other: 'notes.md' }
    },
    'two spellings of one Unicode name': {
      key: 'pack.nameClash',
      params: { name: 'caf\u00e9.png', other: 'cafe\u0301.png' }
    },
    'a name Windows cannot hold (a device name)': {
      key: 'pack.unportableName',
      params: { name: 'images/aux.png' }
    },
    'a name with a stream or a control character': {
      key: 'pack.unportableName',
      params: { name: 'a.png:hidden\\u0007' }
    },
    'not a zip': { key: 'pack.notZip' }
  }
  for (const [what, make, message] of refusals)
    it(`refuses ${what}`, async () => {
      const lib = library()
      expect(await importMessage(lib, make())).toBe(message)
      expect(readdirSync(join(dataDir, 'packs'))).toEqual([])
      expect(readdirSync(dataDir)).toEqual(['packs'])
      await expect(
        lib.importPack({ fileName: 'evil.mlpack', contentBase64: base64(make()) })
      ).rejects.toMatchObject({ reason: reasons[what] })
    })

  it('refuses more than 100 MB unpacked by the declared sizes, before inflating', async () => {
    const zip = zipSync({ 'pack.yaml': text('id: x'), 'big.bin': new Uint8Array(1000) })
    // Patch big.bin's declared size in the central directory to 200 MB (offset 24 of its entry).
    const view = new DataView(zip.buffer)
    let at = zip.length - 22
    at = view.getUint32(at + 16, true)
    at +=
      46 +
      view.getUint16(at + 28, true) +
      view.getUint16(at + 30, true) +
      view.getUint16(at + 32, true)
    view.setUint32(at + 24, 200 * 1024 * 1024, true)
    expect(await importMessage(library(), zip)).toBe(
      'The pack unpacks to more than 100 MB; it was refused.'
    )
  })

  it('stops inflating an entry that produces more than it declares (a lying zip bomb)', async () => {
    const zip = zipSync({ 'bomb.bin': new Uint8Array(1 << 20) })
    const view = new DataView(zip.buffer)
    const directory = view.getUint32(zip.length - 22 + 16, true)
    view.setUint32(directory + 24, 10, true) // declares 10 bytes; inflates to 1 MiB
    expect(await importMessage(library(), zip)).toBe(
      'The pack file "bomb.bin" unpacks to more bytes than it declares; it was refused.'
    )
  })

  it('refuses a pack whose YAML anchors expand without bound', async () => {
    const manifest = new TextDecoder().decode(readPackFolder(samplePack).get('pack.yaml'))
    const bomb =
      'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    const message = await importMessage(
      library(),
      writeMlpack(samplePackWith({ 'pack.yaml': manifest + bomb }))
    )
    expect(message).toBe(
      'The pack "evil.mlpack" was refused:\npack.yaml:1:1: YAML: anchors and aliases expand too much (more than 50 alias uses); the file is refused'
    )
  })

  it('refuses raw HTML and javascript: links in lessons, with where they are', async () => {
    const lesson = new TextDecoder().decode(readPackFolder(samplePack).get('first-malloc.en.md'))
    // The img tag is 30 characters, then a space and "[run](" (6): the URL starts in column 38.
    const evil = lesson.replace(
      '`malloc` asks',
      '<img src=x onerror="alert(1)"> [run](javascript:alert(1)) `malloc` asks'
    )
    const message = await importMessage(
      library(),
      writeMlpack(samplePackWith({ 'first-malloc.en.md': evil }))
    )
    expect(message).toBe(
      [
        'The pack "evil.mlpack" was refused:',
        'first-malloc.en.md:3:1: raw HTML is not allowed in lessons (found "<img src=x onerror=\\"alert(1)\\">"); write Markdown instead',
        'first-malloc.en.md:3:38: link to "javascript:alert(1)" is refused: only http, https and mailto links are allowed'
      ].join('\n')
    )
  })

  it('refuses unknown top-level keys', async () => {
    const manifest = new TextDecoder().decode(readPackFolder(samplePack).get('pack.yaml'))
    const message = await importMessage(
      library(),
      writeMlpack(samplePackWith({ 'pack.yaml': manifest + 'scripts: [run.sh]\n' }))
    )
    expect(message).toBe(
      'The pack "evil.mlpack" was refused:\npack.yaml:14:1: unknown key "scripts" in pack.yaml'
    )
    // The page translates the sentence around the problems; file:line:column says where.
    await expect(
      library().importPack({
        fileName: 'evil.mlpack',
        contentBase64: base64(
          writeMlpack(samplePackWith({ 'pack.yaml': manifest + 'scripts: [run.sh]\n' }))
        )
      })
    ).rejects.toMatchObject({
      reason: {
        key: 'pack.refused',
        params: {
          file: 'evil.mlpack',
          problems: 'pack.yaml:14:1: unknown key "scripts" in pack.yaml',
          more: 0
        }
      }
    })
  })
})

describe('packs whose C does not compile', () => {
  // The same check as `memory-lane pack validate` (pack-check.ts): before, the app imported this
  // pack and said "Imported" while the command line refused it.
  const lessonEn = new TextDecoder().decode(readPackFolder(samplePack).get('first-malloc.en.md'))
  const broken = lessonEn.replace('  char *p = malloc(24);', '  char *p = size;')
  // The program's line 4 is line 19 of the file (its fence is line 15); `size` starts at column
  // 13, where gcc 12 also puts "'size' undeclared".
  const where = 'first-malloc.en.md:19:13: the C program does not compile: '

  it('refuses the import with file:line:column, and installs nothing', async () => {
    const lib = library()
    const zip = writeMlpack(samplePackWith({ 'first-malloc.en.md': broken }))
    const message = await importMessage(lib, zip)
    expect(message).toBe(
      `The pack "evil.mlpack" was refused:\n${where}\`size\` is not declared. Declare it before using it.`
    )
    expect(readdirSync(join(dataDir, 'packs'))).toEqual([])
    expect(await lib.list({})).toEqual([])
    // The page says it in the learner's language from the problem's key.
    await expect(
      lib.importPack({ fileName: 'evil.mlpack', contentBase64: base64(zip) })
    ).rejects.toMatchObject({
      reason: {
        key: 'pack.refused',
        problems: [
          {
            file: 'first-malloc.en.md',
            line: 19,
            column: 13,
            reason: { key: 'program.doesNotCompile' }
          }
        ]
      }
    })
  })

  it('leaves the installed version as it was when the new one does not compile', async () => {
    const lib = library()
    const good = await lib.importPack({
      fileName: 'sample.mlpack',
      contentBase64: base64(writeMlpack(readPackFolder(samplePack)))
    })
    expect(good).toMatchObject({ packId: 'sample-pack', replaced: false })
    const installed = readPackFolder(join(dataDir, 'packs', 'sample-pack'))
    await expect(
      lib.importPack({
        fileName: 'sample.mlpack',
        contentBase64: base64(writeMlpack(samplePackWith({ 'first-malloc.en.md': broken }))),
        replace: true
      })
    ).rejects.toThrow(where)
    expect(readdirSync(join(dataDir, 'packs'))).toEqual(['sample-pack'])
    expect(readPackFolder(join(dataDir, 'packs', 'sample-pack'))).toEqual(installed)
  })
})

describe('opening a lesson', () => {
  it('renders steps, inlines pack images and resumes where the learner stopped', async () => {
    const progress = ProgressStore.open({ directory: join(dataDir, 'progress') })
    const lib = library(progress)
    await lib.importPack({
      fileName: 'a.mlpack',
      contentBase64: base64(writeMlpack(readPackFolder(samplePack)))
    })
    await progress.createProfile({ name: 'Ada' })
    await progress.savePosition({
      packId: 'sample-pack',
      lessonId: 'first-malloc',
      step: 2,
      program: 'int main(void){}\n',
      simulatorStep: 9
    })
    const doc = await lib.open({ packId: 'sample-pack', lessonId: 'first-malloc', language: 'en' })
    expect(doc.resume).toEqual({ step: 2, program: 'int main(void){}\n', simulatorStep: 9 })
    expect(doc.steps).toHaveLength(4)
    expect(doc.steps[0].html).toContain('<strong>heap</strong>')
    expect(doc.steps[0].html).toMatch(
      /<img src="data:image\/png;base64,iVBORw0KGgo[^"]*" alt="The program break">/
    )
    expect(doc.steps[0].program).toMatchObject({
      readOnly: false,
      options: { layout: 'linux-x86_64', allocator: 'first-fit' },
      runToLine: 4
    })
    expect(doc.steps[0].detail?.editable).toEqual([{ from: 4, to: 5 }])
    expect(doc.steps[0].detail?.checkpoints[0].html.prompt).toBe('Where does <code>p</code> point?')
    expect(doc.steps[3].checkpoint).toMatchObject({ id: 'fix-leak', kind: 'task' })
    expect((await lib.list({}))[0].status).toBe('attempted')
  })
})

describe('authoring mode', () => {
  it('answers the first read with the newer save’s report when a save cancels its check', async () => {
    // The first check never ends on its own (as a slow pack's check in its worker); the author
    // saves meanwhile, and the newer read cancels it. Before, `packs.author` then answered
    // "no problems, not valid" for a valid folder, until the next report arrived.
    const folder = join(dataDir, 'saved-while-checked')
    cpSync(samplePack, folder, { recursive: true })
    let checks = 0
    const lib = new LessonLibrary({
      builtInDirs: [],
      packsDir: join(dataDir, 'packs'),
      appVersion: '0.1.0',
      log: () => undefined,
      checkPack: (args, options) =>
        ++checks === 1
          ? new Promise((_resolve, reject) =>
              options.signal?.addEventListener('abort', () => reject(new Error('cancelled')))
            )
          : packProblems(new Map(args.files), { appVersion: args.appVersion })
    })
    const first = lib.author(folder, () => undefined)
    const manifest = join(folder, 'pack.yaml')
    // Saved once the first check has started (the watcher is set up before it).
    await new Promise((resolve) => setImmediate(resolve))
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace('Sample pack', 'Sample pack, saved')
    )
    try {
      expect(await first).toEqual({ folder, packId: 'sample-pack', problems: [], valid: true })
      expect(checks).toBe(2)
      expect((await lib.list({}))[0].summary).toBe('Sample pack, saved')
    } finally {
      lib.stopAuthoring()
    }
  })

  it('gives an imported pack back when authoring a pack of the same id stops', async () => {
    // An instructor authors the next version of a pack that is installed. Before, stopping
    // (or removing the authored pack) deleted the id from the library, so the installed pack
    // vanished from the learner's list until the app started again.
    const lib = library()
    await lib.importPack({
      fileName: 'sample.mlpack',
      contentBase64: base64(writeMlpack(readPackFolder(samplePack)))
    })
    const installed = await lib.list({})
    const folder = join(dataDir, 'next-version')
    cpSync(samplePack, folder, { recursive: true })
    const manifest = join(folder, 'pack.yaml')
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace('Sample pack', 'Sample pack, draft')
    )
    expect(await lib.author(folder, () => undefined)).toMatchObject({ valid: true })
    expect((await lib.list({}))[0].summary).toBe('Sample pack, draft')
    lib.stopAuthoring()
    expect(await lib.list({})).toEqual(installed)
    // Removing the authored pack only leaves authoring mode, with the same result.
    await lib.author(folder, () => undefined)
    expect(await lib.removePack({ packId: 'sample-pack' })).toEqual({ removed: true })
    expect(await lib.list({})).toEqual(installed)
    expect(readdirSync(join(dataDir, 'packs'))).toEqual(['sample-pack'])
  })

  it('reads a folder in place, reports each save and keeps the last valid version', async () => {
    const folder = join(dataDir, 'my-pack')
    cpSync(samplePack, folder, { recursive: true })
    const lib = library()
    const reports: AuthoringReport[] = []
    let wake: (() => void) | undefined
    const nextReport = (): Promise<void> => new Promise((resolve) => (wake = resolve))
    const first = await lib.author(folder, (report) => {
      reports.push(report)
      wake?.()
    })
    try {
      expect(first).toEqual({ folder, packId: 'sample-pack', problems: [], valid: true })
      expect((await lib.list({})).map((l) => l.lessonId)).toEqual(['first-malloc'])

      // The author mistypes a checkpoint kind and saves.
      const file = join(folder, 'first-malloc.en.md')
      const text = readFileSync(file, 'utf8')
      const line = text.split('\n').indexOf('kind: choice') + 1
      let changed = nextReport()
      writeFileSync(file, text.replace('kind: choice', 'kind: essay'))
      await changed
      expect(reports.at(-1)).toEqual({
        folder,
        packId: 'sample-pack',
        // "kind: " is 6 characters, so the value starts in column 7.
        problems: [
          `first-malloc.en.md:${line}:7: unknown checkpoint kind "essay" (expected choice, number, predict or task)`
        ],
        // The same problem with its message key, for the page to say in its language.
        found: [
          expect.objectContaining({
            file: 'first-malloc.en.md',
            line,
            column: 7,
            reason: { key: 'lesson.unknownCheckpointKind', params: { kind: 'essay' } }
          })
        ],
        valid: false
      })
      // The last valid version is still the one learners see.
      expect(
        (await lib.open({ packId: 'sample-pack', lessonId: 'first-malloc', language: 'en' }))
          .steps[0].checkpoint?.kind
      ).toBe('choice')

      // Then saves a program that does not compile: said as the save happens, with the
      // file:line:column `pack validate` and an import give (the program's line 4, `size` at
      // column 13 as gcc 12 puts "'size' undeclared", is line 19 of the file), and learners
      // still see the last valid version.
      changed = nextReport()
      writeFileSync(file, text.replace('  char *p = malloc(24);', '  char *p = size;'))
      await changed
      expect(reports.at(-1)).toMatchObject({
        folder,
        packId: 'sample-pack',
        problems: [
          'first-malloc.en.md:19:13: the C program does not compile: `size` is not declared. Declare it before using it.'
        ],
        found: [
          {
            file: 'first-malloc.en.md',
            line: 19,
            column: 13,
            reason: { key: 'program.doesNotCompile' }
          }
        ],
        valid: false
      })
      expect(
        (await lib.open({ packId: 'sample-pack', lessonId: 'first-malloc', language: 'en' }))
          .steps[0].checkpoint?.kind
      ).toBe('choice')

      changed = nextReport()
      writeFileSync(file, text)
      await changed
      expect(reports.at(-1)?.valid).toBe(true)
      // Removing an authored pack leaves authoring mode and never deletes the author's folder.
      expect(await lib.removePack({ packId: 'sample-pack' })).toEqual({ removed: true })
      expect(readdirSync(folder)).toContain('pack.yaml')
      expect(await lib.list({})).toEqual([])
    } finally {
      lib.stopAuthoring()
    }
  })
})

describe('reading pack folders', () => {
  it('stops at once on a folder with more files than a pack may hold, saying which', async () => {
    // Authoring mode pointed at the wrong folder (a home folder, /) must not read the disk.
    const folder = join(root, 'not-a-pack')
    mkdirSync(join(folder, 'sub'), { recursive: true })
    // Hard links to one empty file: creating 5,001 files took 26 s on a loaded CI disk.
    writeFileSync(join(folder, 'sub', 'f0'), '')
    for (let i = 1; i < 5001; i++) linkSync(join(folder, 'sub', 'f0'), join(folder, 'sub', `f${i}`))
    const lib = library()
    const report = await lib.author(folder, () => undefined)
    lib.stopAuthoring()
    expect(report).toEqual({
      folder,
      problems: [
        `The folder ${folder} holds more than 5000 files; a pack may hold at most 5000. Is it the pack's own folder?`
      ],
      // The same sentence for the page to say in the author's language.
      said: [{ key: 'pack.folderTooManyFiles', params: { folder, max: 5000 } }],
      valid: false
    })
  })

  it('leaves out hidden folders such as .git', () => {
    const folder = join(root, 'pack-in-git')
    cpSync(samplePack, folder, { recursive: true })
    mkdirSync(join(folder, '.git', 'objects'), { recursive: true })
    writeFileSync(join(folder, '.git', 'objects', 'pack.md'), '<script>not a lesson</script>')
    expect([...readPackFolder(folder).keys()].filter((p) => p.includes('.git'))).toEqual([])
  })
})
