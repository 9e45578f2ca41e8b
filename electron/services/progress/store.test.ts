import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildSync } from 'esbuild'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { lastGoodFileName, lockFileName, progressFileName, ProgressStore } from './store'
import { mergeCheckpoint } from './merge'
import type { ProgressFileV1 } from './schema'

const root = mkdtempSync(join(tmpdir(), 'memory-lane-progress-'))
let directory: string
let counter = 0
afterAll(() => rmSync(root, { recursive: true, force: true }))
beforeEach(() => {
  directory = join(root, `case-${++counter}`)
})

/** A clock that ticks one second per reading, so every timestamp is distinct and known. */
function clock(start = Date.UTC(2026, 10, 27, 9, 0, 0)): () => Date {
  let t = start
  return () => new Date((t += 1000))
}

const at = { packId: 'sample-pack', lessonId: 'first-malloc' }

describe('profiles and results', () => {
  it('keeps each profile’s progress to itself', async () => {
    const store = ProgressStore.open({ directory, now: clock() })
    const ada = await store.createProfile({ name: 'Ada', colour: '#c33' })
    await store.saveCheckpoint({ ...at, checkpointId: 'where-is-p', passed: true, answer: '0' })
    const bo = await store.createProfile({ name: 'Bo' })
    expect((await store.listProfiles()).activeId).toBe(bo.id)
    expect(await store.lessonProgress(at)).toEqual([])
    expect(store.resumePoint(at.packId, at.lessonId)).toBeUndefined()
    await store.switchProfile({ profileId: ada.id })
    expect((await store.lessonProgress(at)).map((r) => r.status)).toEqual(['passed'])
    // One of the lesson's two checkpoints passed: the lesson is in progress, not complete.
    expect(store.lessonStatus(at.packId, at.lessonId, ['where-is-p', 'fix-leak'])).toBe('attempted')
    expect(store.lessonStatus(at.packId, at.lessonId, ['where-is-p'])).toBe('passed')
    await store.switchProfile({ profileId: bo.id })
    expect(store.lessonStatus(at.packId, at.lessonId, ['where-is-p'])).toBe('not-started')
  })

  it('counts attempts, keeps a pass, keeps the most hints and adds up time', async () => {
    const store = ProgressStore.open({ directory, now: clock() })
    await store.createProfile({ name: 'Ada' })
    const id = { ...at, checkpointId: 'block-size' }
    await store.saveCheckpoint({
      ...id,
      passed: false,
      answer: '24',
      hintsUsed: 1,
      secondsSpent: 30
    })
    await store.saveCheckpoint({
      ...id,
      passed: true,
      answer: '32',
      hintsUsed: 0,
      secondsSpent: 12
    })
    const last = await store.saveCheckpoint({ ...id, passed: false, answer: '40', secondsSpent: 5 })
    // 3 attempts; passed on the second stays passed; hints max(1, 0) = 1; 30 + 12 + 5 = 47 s
    expect(last).toMatchObject({ status: 'passed', attempts: 3, hintsUsed: 1 })
    const stored =
      store.snapshot().profiles[0].lessons['sample-pack/first-malloc'].checkpoints['block-size']
    expect(stored.secondsSpent).toBe(47)
    expect(stored.lastAnswer).toBe('40')
    // Clock: profile at 09:00:01, saves read it at :02, :03, :04 → first attempt :02, passed :03.
    expect(stored.firstAttemptAt).toBe('2026-11-27T09:00:02.000Z')
    expect(stored.passedAt).toBe('2026-11-27T09:00:03.000Z')
  })

  it('survives a restart with results and the resume point', async () => {
    const store = ProgressStore.open({ directory, now: clock() })
    await store.createProfile({ name: 'Ada' })
    await store.saveCheckpoint({ ...at, checkpointId: 'where-is-p', passed: false, answer: '1' })
    await store.savePosition({
      ...at,
      step: 2,
      program: 'int main(void){return 0;}\n',
      simulatorStep: 17
    })
    await store.flush()
    const reopened = ProgressStore.open({ directory })
    expect(reopened.takeNotices()).toEqual([])
    expect(reopened.resumePoint(at.packId, at.lessonId)).toMatchObject({
      step: 2,
      program: 'int main(void){return 0;}\n',
      simulatorStep: 17
    })
    expect((await reopened.lessonProgress(at))[0]).toMatchObject({
      status: 'attempted',
      attempts: 1
    })
  })

  it('keeps a revealed answer over a restart and later attempts, without making it a pass', async () => {
    const store = ProgressStore.open({ directory, now: clock() })
    await store.createProfile({ name: 'Ada' })
    const id = { ...at, checkpointId: 'block-size' }
    await store.saveCheckpoint({ ...id, passed: false, answer: '24' })
    // Clock: profile :01, attempt :02, reveal :03, a second reveal :04 (the first is kept).
    await store.revealAnswer(id)
    await store.revealAnswer(id)
    await store.saveCheckpoint({ ...id, passed: false, answer: '16' })
    await store.flush()
    const reopened = ProgressStore.open({ directory })
    expect(await reopened.lessonProgress(at)).toEqual([
      expect.objectContaining({ status: 'attempted', attempts: 2, answerRevealed: true })
    ])
    const stored =
      reopened.snapshot().profiles[0].lessons['sample-pack/first-malloc'].checkpoints['block-size']
    expect(stored.answerRevealedAt).toBe('2026-11-27T09:00:03.000Z')
    // A checkpoint never revealed says nothing about it.
    await reopened.saveCheckpoint({ ...at, checkpointId: 'other', passed: true })
    const other = (await reopened.lessonProgress(at)).find((r) => r.checkpointId === 'other')
    expect(other).not.toHaveProperty('answerRevealed')
    const csv = (await reopened.exportProgress({ format: 'csv' })).content.split('\r\n')
    expect(csv[1]).toMatch(/^Ada,sample-pack,first-malloc,block-size,attempted,2,0,true,/)
    expect(csv[2]).toMatch(/^Ada,sample-pack,first-malloc,other,passed,1,0,false,/)
    const html = (await reopened.exportProgress({ format: 'html' })).content
    expect(html).toContain('<th>Answer shown</th>')
    expect(html).toContain('<td class="attempted">attempted</td><td>2</td><td>0</td><td>yes</td>')
    // The printable report in the learner's language; the CSV's columns are data and stay.
    const zh = (await reopened.exportProgress({ format: 'html', language: 'zh-CN' })).content
    expect(zh).toContain('<html lang="zh-CN">')
    expect(zh).toContain('<h1>Memory Lane 学习进度 — Ada</h1>')
    expect(zh).toMatch(
      /<p>2 个检查点中通过了 1 个 · 约 0 分钟 · 导出于 \d{4}-\d\d-\d\d \d\d:\d\d<\/p>/
    )
    expect(zh).toContain(
      '<th>课程包</th><th>课程</th><th>检查点</th><th>状态</th><th>尝试次数</th><th>提示数</th><th>已查看答案</th><th>分钟</th><th>最后更改</th>'
    )
    expect(zh).toContain('<td class="attempted">已尝试</td><td>2</td><td>0</td><td>是</td>')
    expect(zh).toContain('<td class="passed">已通过</td>')
    expect(zh).not.toMatch(/Answer shown|attempted<|passed<|>yes</)
    const zhCsv = (await reopened.exportProgress({ format: 'csv', language: 'zh-CN' })).content
    expect(zhCsv).toBe(csv.join('\r\n'))
  })

  it('refuses to save without a profile', async () => {
    const store = ProgressStore.open({ directory })
    await expect(store.saveCheckpoint({ ...at, checkpointId: 'x', passed: true })).rejects.toThrow(
      'Choose or create a learner profile first.'
    )
  })
})

describe('schema versions', () => {
  it('migrates a version-1 file and rewrites it as version 2', async () => {
    const v1: ProgressFileV1 = {
      format: 'memory-lane-progress',
      version: 1,
      active: 'p1',
      profiles: [
        {
          id: 'p1',
          name: 'Ada',
          created: '2026-09-01T08:00:00.000Z',
          progress: {
            'sample-pack': {
              'first-malloc': {
                step: 3,
                checkpoints: {
                  'where-is-p': { passed: true, attempts: 2 },
                  'fix-leak': { passed: false, attempts: 1 }
                }
              }
            }
          }
        }
      ]
    }
    ProgressStore.open({ directory }) // creates the folder
    writeFileSync(join(directory, progressFileName), JSON.stringify(v1))
    const store = ProgressStore.open({ directory })
    expect(store.takeNotices()).toEqual([])
    const records = await store.lessonProgress(at)
    expect(records.map((r) => [r.checkpointId, r.status, r.attempts])).toEqual([
      ['where-is-p', 'passed', 2],
      ['fix-leak', 'attempted', 1]
    ])
    expect(store.resumePoint(at.packId, at.lessonId)?.step).toBe(3)
    const rewritten = JSON.parse(readFileSync(join(directory, progressFileName), 'utf8'))
    expect(rewritten.version).toBe(2)
    expect(rewritten.checksum).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe('damaged files', () => {
  async function storeWithOneResult(): Promise<void> {
    const store = ProgressStore.open({ directory, now: clock() })
    await store.createProfile({ name: 'Ada' })
    await store.saveCheckpoint({ ...at, checkpointId: 'where-is-p', passed: true })
    await store.flush()
  }

  it('restores the last good copy of a truncated file, keeps the damaged one and says so once', async () => {
    await storeWithOneResult()
    const main = join(directory, progressFileName)
    writeFileSync(main, readFileSync(main, 'utf8').slice(0, 80))
    const notices: string[] = []
    const store = ProgressStore.open({ directory, onNotice: (m) => notices.push(m) })
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(
      /^Your progress file was damaged \(it is not valid JSON\), so the last good copy from \S+ was restored; the damaged file was kept as .*progress\.json\.damaged-\S+\.$/
    )
    expect((await store.lessonProgress(at))[0].status).toBe('passed')
    expect(readdirSync(directory).filter((f) => f.includes('.damaged-'))).toHaveLength(1)
    // The restored file is valid again: a second start is quiet.
    expect(ProgressStore.open({ directory }).takeNotices()).toEqual([])
  })

  it('detects a hand edit through the checksum', async () => {
    await storeWithOneResult()
    const main = join(directory, progressFileName)
    writeFileSync(main, readFileSync(main, 'utf8').replace('"attempts": 1', '"attempts": 99'))
    const store = ProgressStore.open({ directory })
    expect(store.takeNotices()[0].message).toContain(
      'its checksum does not match (it was damaged or edited by hand)'
    )
    expect((await store.lessonProgress(at))[0].attempts).toBe(1)
  })

  it('starts empty only when both copies are unreadable, keeping both aside', () => {
    ProgressStore.open({ directory })
    writeFileSync(join(directory, progressFileName), '{"format": "memory-lane-progress", "vers')
    writeFileSync(join(directory, lastGoodFileName), 'garbage')
    const store = ProgressStore.open({ directory })
    const [notice] = store.takeNotices()
    expect(notice.message).toMatch(/^Your progress file and its last good copy could not be read/)
    expect(notice.reason).toEqual({
      key: 'progressUnreadable',
      params: { files: expect.stringMatching(/progress\.json\.damaged-.*, .*last-good/) }
    })
    expect(readdirSync(directory).filter((f) => f.includes('.damaged-'))).toHaveLength(2)
  })
})

describe('export and import', () => {
  it('exports CSV rows an instructor can open, neutralising formulas', async () => {
    const store = ProgressStore.open({ directory, now: clock() })
    await store.createProfile({ name: '=HYPERLINK("x")' })
    await store.saveCheckpoint({
      ...at,
      checkpointId: 'where-is-p',
      passed: true,
      hintsUsed: 2,
      secondsSpent: 90
    })
    const csv = await store.exportProgress({ format: 'csv' })
    expect(csv.mimeType).toBe('text/csv')
    expect(csv.content.split('\r\n')).toEqual([
      'learner,pack,lesson,checkpoint,status,attempts,hintsUsed,answerRevealed,secondsSpent,updatedAt',
      `"'=HYPERLINK(""x"")",sample-pack,first-malloc,where-is-p,passed,1,2,false,90,2026-11-27T09:00:02.000Z`,
      ''
    ])
  })

  it('escapes learner text in the HTML report', async () => {
    const store = ProgressStore.open({ directory, now: clock() })
    await store.createProfile({ name: '<script>alert(1)</script>' })
    await store.saveCheckpoint({ ...at, checkpointId: 'where-is-p', passed: true })
    const html = (await store.exportProgress({ format: 'html' })).content
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('1 of 1 checkpoints passed')
  })

  it('merges an import without overwriting newer results', async () => {
    const lab = ProgressStore.open({
      directory: join(directory, 'lab'),
      now: clock(Date.UTC(2026, 10, 1))
    })
    await lab.createProfile({ name: 'Ada' })
    await lab.saveCheckpoint({ ...at, checkpointId: 'old-here', passed: false, answer: 'lab' })
    await lab.saveCheckpoint({ ...at, checkpointId: 'only-lab', passed: true })
    const exported = (await lab.exportProgress({ format: 'json' })).content
    // At home, later (December): the same profile id, a newer result for old-here.
    const home = ProgressStore.open({
      directory: join(directory, 'home'),
      now: clock(Date.UTC(2026, 11, 1))
    })
    await home.importProgress({ content: exported })
    await home.saveCheckpoint({ ...at, checkpointId: 'old-here', passed: true, answer: 'home' })
    // Importing the older lab file again must not undo the newer home result.
    const result = await home.importProgress({ content: exported })
    expect(result).toEqual({ profileId: expect.any(String), created: false, updated: 0 })
    const records = Object.fromEntries(
      (await home.lessonProgress(at)).map((r) => [r.checkpointId, r])
    )
    expect(records['old-here'].status).toBe('passed')
    expect(records['only-lab'].status).toBe('passed')
    await expect(home.importProgress({ content: '{"not": "an export"}' })).rejects.toThrow(
      'This file is not a Memory Lane progress export.'
    )
    // With its message key, so the learner reads it in their language.
    await expect(home.importProgress({ content: 'not json' })).rejects.toMatchObject({
      reason: { key: 'progressImport.notJson' }
    })
    // A hostile export naming a lesson or checkpoint after JavaScript's object machinery is
    // refused with what is wrong, and changes nothing.
    const hostile = JSON.parse(exported) as { profile: { lessons: Record<string, unknown> } }
    hostile.profile.lessons = JSON.parse(
      '{"__proto__": {"checkpoints": {}}, "p/l": {"checkpoints": {"constructor": {"status": "passed", "attempts": 1, "hintsUsed": 0, "secondsSpent": 0, "updatedAt": "2030-01-01"}}}}'
    ) as Record<string, unknown>
    await expect(home.importProgress({ content: JSON.stringify(hostile) })).rejects.toThrow(
      'This progress export is damaged: a lesson is named "__proto__", which is not a lesson id.'
    )
    delete hostile.profile.lessons['__proto__']
    await expect(home.importProgress({ content: JSON.stringify(hostile) })).rejects.toThrow(
      'This progress export is damaged: a checkpoint of lesson p/l is named "constructor", which is not a checkpoint id.'
    )
    await expect(home.importProgress({ content: JSON.stringify(hostile) })).rejects.toMatchObject({
      reason: {
        key: 'progressImport.damagedData.checkpointId',
        params: { lesson: 'p/l', checkpoint: 'constructor' }
      }
    })
    expect((await home.lessonProgress(at)).map((r) => r.checkpointId).sort()).toEqual([
      'old-here',
      'only-lab'
    ])
  })
})

describe('atomic writes', () => {
  it('leaves a readable store after SIGKILL in the middle of a write loop, 200 times', async () => {
    const script = join(root, 'crash-writer.cjs')
    buildSync({
      entryPoints: [join(import.meta.dirname, 'crash-writer.fixture.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: script,
      logLevel: 'error'
    })
    const killOnce = (dir: string, afterSaves: number): Promise<number> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [script, dir], {
          stdio: ['ignore', 'pipe', 'inherit']
        })
        let saved = 0
        let buffered = ''
        child.stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString()
          const lines = buffered.split('\n')
          buffered = lines.pop()!
          for (const line of lines) if (line.startsWith('saved ')) saved = Number(line.slice(6))
          if (saved >= afterSaves && !child.killed) child.kill('SIGKILL')
        })
        child.on('error', reject)
        child.on('exit', () => resolve(saved))
      })
    // Two lanes (two cores), each in its own folder: 2 × 100 = 200 kills.
    const lanes = 2
    const perLane = 100
    const lane = async (n: number): Promise<number[]> => {
      const dir = join(directory, `lane-${n}`)
      const confirmed: number[] = []
      let attemptsBefore = 0
      for (let i = 0; i < perLane; i++) {
        // Kill after 0..2 saves of this run: lands in the first, second or third write.
        const saved = await killOnce(dir, (i * 7 + n) % 3)
        const store = ProgressStore.open({ directory: dir })
        expect(store.takeNotices()).toEqual([])
        const attempts =
          (await store.lessonProgress({ packId: 'pack', lessonId: 'lesson' }))[0]?.attempts ?? 0
        // Every save the child confirmed is on disk; at most one unconfirmed save more.
        expect(attempts).toBeGreaterThanOrEqual(attemptsBefore + saved)
        expect(attempts).toBeLessThanOrEqual(attemptsBefore + saved + 1)
        attemptsBefore = attempts
        confirmed.push(saved)
      }
      return confirmed
    }
    const results = await Promise.all(Array.from({ length: lanes }, (_, n) => lane(n)))
    expect(results.flat()).toHaveLength(200)
  }, 300_000)
})

/** Bundles a fixture into a script `node` runs as a second app instance. */
function fixtureScript(name: string): string {
  const script = join(root, `${name}.cjs`)
  buildSync({
    entryPoints: [join(import.meta.dirname, `${name}.fixture.ts`)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: script,
    logLevel: 'error'
  })
  return script
}

describe('two windows of one app, two learners', () => {
  it('records each window’s answers for its own learner, whoever switched last', async () => {
    const store = ProgressStore.open({ directory, now: clock() })
    // Two tabs of the browser edition on one lab machine: Ada sits at tab-1, Bo at tab-2.
    const ada = await store.createProfile({ name: 'Ada' }, 'tab-1')
    const bo = await store.createProfile({ name: 'Bo' }, 'tab-2')
    // Ada answers after Bo made himself the active learner: her result is still hers.
    await store.saveCheckpoint({ ...at, checkpointId: 'where-is-p', passed: true }, 'tab-1')
    await store.savePosition({ ...at, step: 2 }, 'tab-1')
    await store.saveCheckpoint({ ...at, checkpointId: 'where-is-p', passed: false }, 'tab-2')
    expect((await store.listProfiles('tab-1')).activeId).toBe(ada.id)
    expect((await store.listProfiles('tab-2')).activeId).toBe(bo.id)
    expect((await store.lessonProgress(at, 'tab-1'))[0]).toMatchObject({
      profileId: ada.id,
      status: 'passed'
    })
    expect((await store.lessonProgress(at, 'tab-2'))[0]).toMatchObject({
      profileId: bo.id,
      status: 'attempted'
    })
    expect(store.resumePoint(at.packId, at.lessonId, 'tab-1')?.step).toBe(2)
    expect(store.resumePoint(at.packId, at.lessonId, 'tab-2')).toBeUndefined()
    expect(store.lessonStatus(at.packId, at.lessonId, ['where-is-p'], 'tab-1')).toBe('passed')
    expect(store.lessonStatus(at.packId, at.lessonId, ['where-is-p'], 'tab-2')).toBe('attempted')
    // A third window starts with the learner used last (Bo), as the next start of the app does.
    expect((await store.listProfiles('tab-3')).activeId).toBe(bo.id)
    expect((await ProgressStore.open({ directory }).listProfiles()).activeId).toBe(bo.id)
  })
})

describe('two app instances sharing one progress folder', () => {
  it('keeps both learners’ results when two instances save in turn', async () => {
    // Both open the empty folder: neither knows the other's learner.
    const lab1 = ProgressStore.open({ directory, now: clock(Date.UTC(2026, 10, 1)) })
    const lab2 = ProgressStore.open({ directory, now: clock(Date.UTC(2026, 10, 2)) })
    await lab1.createProfile({ name: 'Ada' })
    await lab2.createProfile({ name: 'Bo' })
    await lab1.saveCheckpoint({ ...at, checkpointId: 'where-is-p', passed: true, answer: 'ada' })
    await lab2.saveCheckpoint({ ...at, checkpointId: 'where-is-p', passed: false, answer: 'bo' })
    // Each instance keeps its own learner at the keyboard.
    expect((await lab1.lessonProgress(at))[0]).toMatchObject({ status: 'passed', attempts: 1 })
    expect((await lab2.lessonProgress(at))[0]).toMatchObject({ status: 'attempted' })
    const reopened = ProgressStore.open({ directory })
    const names = (await reopened.listProfiles()).profiles.map((p) => p.name)
    expect(names.sort()).toEqual(['Ada', 'Bo'])
    const statusOf = async (name: string): Promise<string> => {
      const list = await reopened.listProfiles()
      await reopened.switchProfile({ profileId: list.profiles.find((p) => p.name === name)!.id })
      return (await reopened.lessonProgress(at))[0].status
    }
    expect(await statusOf('Ada')).toBe('passed')
    expect(await statusOf('Bo')).toBe('attempted')
    expect(readdirSync(directory)).not.toContain(lockFileName)
  })

  it('lists a learner who signed up at the other instance, without saving anything', async () => {
    const lab1 = ProgressStore.open({ directory, now: clock(Date.UTC(2026, 10, 1)) })
    const lab2 = ProgressStore.open({ directory, now: clock(Date.UTC(2026, 10, 2)) })
    await lab1.createProfile({ name: 'Ada' })
    await lab2.createProfile({ name: 'Bo' })
    const before = readFileSync(join(directory, progressFileName), 'utf8')
    const listed = await lab1.listProfiles()
    expect(listed.profiles.map((p) => p.name).sort()).toEqual(['Ada', 'Bo'])
    expect(listed.profiles.find((p) => p.id === listed.activeId)?.name).toBe('Ada')
    expect(readFileSync(join(directory, progressFileName), 'utf8')).toBe(before)
  })

  it('keeps a pass made in one instance when the other records a later failed attempt', () => {
    // Ada passed in one window at 10:00 (2 attempts, 1 hint); the other window, opened before,
    // recorded one failed attempt with 2 hints at 10:05 and knows nothing of the pass.
    const passed = {
      status: 'passed' as const,
      attempts: 2,
      hintsUsed: 1,
      secondsSpent: 40,
      lastAnswer: '24',
      firstAttemptAt: '2026-11-01T09:58:00.000Z',
      passedAt: '2026-11-01T10:00:00.000Z',
      updatedAt: '2026-11-01T10:00:00.000Z'
    }
    const failedLater = {
      status: 'attempted' as const,
      attempts: 1,
      hintsUsed: 2,
      secondsSpent: 30,
      lastAnswer: '16',
      firstAttemptAt: '2026-11-01T10:05:00.000Z',
      updatedAt: '2026-11-01T10:05:00.000Z'
    }
    const expected = {
      status: 'passed',
      attempts: 2,
      hintsUsed: 2,
      secondsSpent: 40,
      lastAnswer: '16',
      firstAttemptAt: '2026-11-01T09:58:00.000Z',
      passedAt: '2026-11-01T10:00:00.000Z',
      updatedAt: '2026-11-01T10:05:00.000Z'
    }
    expect(mergeCheckpoint(failedLater, passed)).toEqual(expected)
    expect(mergeCheckpoint(passed, failedLater)).toEqual(expected)
    // The answer shown in one window at 10:03 is kept whichever side is newer.
    const revealed = { ...failedLater, answerRevealedAt: '2026-11-01T10:03:00.000Z' }
    const withReveal = { ...expected, answerRevealedAt: '2026-11-01T10:03:00.000Z' }
    expect(mergeCheckpoint(revealed, passed)).toEqual(withReveal)
    expect(mergeCheckpoint(passed, revealed)).toEqual(withReveal)
  })

  it('loses no result when two processes save into the same folder at the same time', async () => {
    const script = fixtureScript('concurrent-writer')
    const count = 200
    const run = (name: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [script, directory, name, String(count)], {
          stdio: ['ignore', 'pipe', 'inherit']
        })
        let out = ''
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
        child.on('error', reject)
        child.on('exit', () => resolve(out.trim()))
      })
    expect(await Promise.all([run('Ada'), run('Bo')])).toEqual(['done', 'done'])
    const store = ProgressStore.open({ directory })
    expect(store.takeNotices()).toEqual([])
    const profiles = (await store.listProfiles()).profiles
    expect(profiles.map((p) => p.name).sort()).toEqual(['Ada', 'Bo'])
    for (const profile of profiles) {
      await store.switchProfile({ profileId: profile.id })
      const records = await store.lessonProgress({ packId: 'pack', lessonId: 'lesson' })
      // Every one of the 60 saves of each learner, and only that learner's.
      expect(records.map((r) => r.checkpointId).sort()).toEqual(
        Array.from({ length: count }, (_, i) => `${profile.name}-${i + 1}`).sort()
      )
    }
    expect(readdirSync(directory)).not.toContain(lockFileName)
  }, 120_000)

  it('breaks the lock of an instance that was killed while holding it', async () => {
    const store = ProgressStore.open({ directory })
    // A lock left by a process that no longer runs (pid 2^22 + 1 is above Linux's pid_max
    // default of 2^22, so no process has it).
    writeFileSync(join(directory, lockFileName), `${2 ** 22 + 1}\n`)
    await store.createProfile({ name: 'Ada' })
    expect(
      JSON.parse(readFileSync(join(directory, progressFileName), 'utf8')).data.profiles
    ).toHaveLength(1)
    expect(readdirSync(directory)).not.toContain(lockFileName)
  })
})

describe('a progress file from a newer Memory Lane', () => {
  const newer = JSON.stringify({
    format: 'memory-lane-progress',
    version: 3,
    savedAt: '2027-01-01T00:00:00.000Z',
    data: { learners: [{ name: 'Ada', badges: 12 }] },
    checksum: 'sha3-…'
  })

  it('is left untouched, and the learner is told that this session is not saved', async () => {
    ProgressStore.open({ directory })
    writeFileSync(join(directory, progressFileName), newer)
    writeFileSync(join(directory, lastGoodFileName), newer)
    const store = ProgressStore.open({ directory })
    expect(store.takeNotices()).toEqual([
      {
        message:
          'Your progress was saved by a newer version of Memory Lane (progress file version 3), which this version cannot read. It is left untouched; what you do now is not saved. Open the newer Memory Lane to continue where you were.',
        reason: { key: 'progressNewer', params: { version: 3 } }
      }
    ])
    // The app still works for this session, in memory.
    await store.createProfile({ name: 'Ada' })
    await store.saveCheckpoint({ ...at, checkpointId: 'where-is-p', passed: true })
    expect((await store.lessonProgress(at))[0].status).toBe('passed')
    await store.flush()
    expect(readFileSync(join(directory, progressFileName), 'utf8')).toBe(newer)
    expect(readFileSync(join(directory, lastGoodFileName), 'utf8')).toBe(newer)
    expect(readdirSync(directory).filter((f) => f.includes('.damaged-'))).toEqual([])
  })

  it('stops this instance overwriting it when a newer instance writes it meanwhile', async () => {
    const store = ProgressStore.open({ directory })
    await store.createProfile({ name: 'Ada' })
    writeFileSync(join(directory, progressFileName), newer)
    await store.saveCheckpoint({ ...at, checkpointId: 'where-is-p', passed: true })
    expect(readFileSync(join(directory, progressFileName), 'utf8')).toBe(newer)
    expect(store.takeNotices()[0].message).toMatch(/^Your progress was saved by a newer version/)
  })
})
