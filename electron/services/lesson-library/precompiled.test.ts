import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { LoadedPack } from '../../../shared/lessons/format'
import { LessonLibrary } from './library'
import { readPackFolder } from './pack-folder'
import { packDigest, precompilePacks, readPrecompiledPacks } from './precompiled'

const samplePack = join(import.meta.dirname, '../../../shared/lessons/fixtures/sample-pack')
const root = mkdtempSync(join(tmpdir(), 'memory-lane-precompiled-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let counter = 0
/** A fresh copy of the sample pack, as a built-in lessons folder. */
function builtInCopy(): string {
  const dir = join(root, `lessons-${++counter}`)
  cpSync(samplePack, dir, { recursive: true })
  return dir
}

function library(builtIn: string, precompiled?: ReadonlyMap<string, LoadedPack>): LessonLibrary {
  return new LessonLibrary({
    builtInDirs: [builtIn],
    packsDir: join(root, `packs-${++counter}`),
    appVersion: '0.1.0',
    log: () => undefined,
    ...(precompiled ? { precompiled: () => precompiled } : {})
  })
}

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('pack digests', () => {
  it('change with any byte, any path and the app version, and only with them', () => {
    const files = new Map([
      ['pack.yaml', bytes('id: a')],
      ['a.en.md', bytes('# A')]
    ])
    const digest = packDigest(files, '0.1.0')
    expect(digest).toMatch(/^[0-9a-f]{64}$/)
    // The same files in another insertion order are the same pack.
    expect(packDigest(new Map([...files].reverse()), '0.1.0')).toBe(digest)
    expect(packDigest(files, '0.2.0')).not.toBe(digest)
    expect(packDigest(new Map([...files, ['a.en.md', bytes('# B')]]), '0.1.0')).not.toBe(digest)
    expect(packDigest(new Map([...files, ['b.en.md', bytes('')]]), '0.1.0')).not.toBe(digest)
    // Path and content cannot be traded against each other: "ab" + "c" is not "a" + "bc".
    expect(packDigest(new Map([['ab', bytes('c')]]), '0.1.0')).not.toBe(
      packDigest(new Map([['a', bytes('bc')]]), '0.1.0')
    )
  })
})

describe('built-in packs validated at build time', () => {
  it('list and open exactly as the same packs validated at start-up', async () => {
    const dir = builtInCopy()
    const precompiled = readPrecompiledPacks(precompilePacks([dir], '0.1.0'))
    expect([...precompiled.keys()]).toEqual([packDigest(readPackFolder(dir), '0.1.0')])
    const fresh = library(dir)
    const fast = library(dir, precompiled)
    for (const language of ['en', 'zh-CN'] as const) {
      expect(await fast.list({ language })).toEqual(await fresh.list({ language }))
      const open = { packId: 'sample-pack', lessonId: 'first-malloc', language }
      expect(await fast.open(open)).toEqual(await fresh.open(open))
    }
  })

  it('are taken as they are when the files still match, without validating again', async () => {
    const dir = builtInCopy()
    const precompiled = readPrecompiledPacks(precompilePacks([dir], '0.1.0'))
    // A title no validation of these files could produce shows that the stored pack was used.
    const [pack] = precompiled.values()
    pack.lessons['first-malloc'].en.title = 'Stored at build time'
    const [summary] = await library(dir, precompiled).list({ language: 'en' })
    expect(summary.title).toBe('Stored at build time')
  })

  it('are validated again when a file changed after the build', async () => {
    const dir = builtInCopy()
    const precompiled = readPrecompiledPacks(precompilePacks([dir], '0.1.0'))
    const lesson = join(dir, 'first-malloc.en.md')
    const text = readFileSync(lesson, 'utf8')
    const heading = /^# .*$/m.exec(text)![0]
    writeFileSync(lesson, text.replace(heading, '# Edited after the build'))
    const [summary] = await library(dir, precompiled).list({ language: 'en' })
    expect(summary.title).toBe('Edited after the build')
  })

  it('leave out a pack with problems, which start-up then reports', async () => {
    const dir = builtInCopy()
    writeFileSync(join(dir, 'pack.yaml'), 'id: broken\n')
    expect(readPrecompiledPacks(precompilePacks([dir], '0.1.0')).size).toBe(0)
    const problems: string[] = []
    const lib = new LessonLibrary({
      builtInDirs: [dir],
      packsDir: join(root, `packs-${++counter}`),
      appVersion: '0.1.0',
      log: (message) => problems.push(message),
      precompiled: () => new Map()
    })
    expect(await lib.list({ language: 'en' })).toEqual([])
    expect(problems.join('\n')).toContain('pack.yaml')
  })

  it('read as nothing from text that is not what the build writes', () => {
    expect(readPrecompiledPacks('not json').size).toBe(0)
    expect(readPrecompiledPacks('{"a": 1}').size).toBe(0)
    expect(readPrecompiledPacks('[["digest", 3], 7]').size).toBe(0)
  })
})
