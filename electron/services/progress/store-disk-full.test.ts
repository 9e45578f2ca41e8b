/**
 * A disk that fills up while the learner works. The first test has the kernel cut the files
 * short as a full disk does (a child process under a file-size limit); the others make every
 * write fail with ENOSPC, as on a full partition (checked by hand on a 64 KiB tmpfs: 14 saves
 * kept, the 15th said "the disk is full"). The previous file stays whole, the results stay in
 * memory, the learner is told in one sentence, and the next save once there is room writes
 * everything.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildSync } from 'esbuild'
import { afterAll, describe, expect, it, vi } from 'vitest'

const disk = vi.hoisted(() => ({ full: false }))

vi.mock('./atomic-file', async (importOriginal) => {
  const real = await importOriginal<typeof import('./atomic-file')>()
  const noSpace = (): Error =>
    Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
  return {
    writeFileAtomically: (path: string, text: string): Promise<void> =>
      disk.full ? Promise.reject(noSpace()) : real.writeFileAtomically(path, text),
    writeFileAtomicallySync: (path: string, text: string): void => {
      if (disk.full) throw noSpace()
      real.writeFileAtomicallySync(path, text)
    }
  }
})

const { ProgressStore, progressFileName, lastGoodFileName } = await import('./store')

const root = mkdtempSync(join(tmpdir(), 'memory-lane-disk-full-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const at = { packId: 'sample-pack', lessonId: 'first-malloc' }

describe('a full disk', () => {
  it('never leaves a progress file cut short when the kernel writes only part of it', async () => {
    const script = join(root, 'full-disk-writer.cjs')
    buildSync({
      entryPoints: [join(import.meta.dirname, 'full-disk-writer.fixture.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: script,
      logLevel: 'error'
    })
    const directory = join(root, 'limited')
    // 64 blocks of 512 bytes: no file may grow past 32 KiB; each save adds about 1.2 KB.
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        'sh',
        [
          '-c',
          `trap '' XFSZ; ulimit -f 64; exec "$0" "$1" "$2"`,
          process.execPath,
          script,
          directory
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] }
      )
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
      child.on('error', reject)
      child.on('exit', () => resolve(out))
    })
    const lines = output.trim().split('\n')
    const saved = lines.filter((line) => line.startsWith('saved ')).length
    expect(saved).toBeGreaterThan(5)
    expect(lines.at(-1)).toMatch(/^failed Your progress could not be saved in .* \(/)
    // Both files are whole: the store opens quietly with every save that was confirmed.
    const store = ProgressStore.open({ directory })
    expect(store.takeNotices()).toEqual([])
    expect(await store.lessonProgress({ packId: 'pack', lessonId: 'lesson' })).toHaveLength(saved)
    expect(readdirSync(directory).sort()).toEqual([progressFileName, lastGoodFileName])
  })

  it('keeps the learner’s results in memory, says so, and saves them all once there is room', async () => {
    const directory = join(root, 'progress')
    const store = ProgressStore.open({ directory })
    await store.createProfile({ name: 'Ada' })
    await store.saveCheckpoint({ ...at, checkpointId: 'first', passed: true })
    const before = readFileSync(join(directory, progressFileName), 'utf8')

    disk.full = true
    await expect(
      store.saveCheckpoint({ ...at, checkpointId: 'second', passed: true, answer: 'int *p' })
    ).rejects.toThrow(
      `Your progress could not be saved in ${directory} (the disk is full). Nothing is lost while the app stays open: everything is saved with your next answer once saving works again.`
    )
    // The file on disk is the last one written whole; the new result is still in memory.
    expect(readFileSync(join(directory, progressFileName), 'utf8')).toBe(before)
    expect((await store.lessonProgress(at)).map((r) => r.checkpointId)).toEqual(['first', 'second'])

    disk.full = false
    await store.savePosition({ ...at, step: 2 })
    const reopened = ProgressStore.open({ directory })
    const records = await reopened.lessonProgress(at)
    expect(records.map((r) => [r.checkpointId, r.status])).toEqual([
      ['first', 'passed'],
      ['second', 'passed']
    ])
    expect(reopened.resumePoint(at.packId, at.lessonId)?.step).toBe(2)
  })

  it('opens a store it cannot write to, saying so instead of failing', () => {
    const directory = join(root, 'restore')
    ProgressStore.open({ directory })
    disk.full = true
    try {
      // A version-1 file must be rewritten as version 2 on opening: the write fails.
      const v1 = { format: 'memory-lane-progress', version: 1, active: null, profiles: [] }
      writeFileSync(join(directory, progressFileName), JSON.stringify(v1))
      const store = ProgressStore.open({ directory })
      expect(store.takeNotices()).toEqual([
        {
          message: `Your progress could not be saved in ${directory} (the disk is full). Nothing is lost while the app stays open: everything is saved with your next answer once saving works again.`,
          // The page's sentence: app.main.notSaved.full with the folder.
          reason: {
            key: 'notSaved.full',
            params: { folder: directory, error: 'the disk is full' }
          }
        }
      ])
    } finally {
      disk.full = false
    }
  })
})
