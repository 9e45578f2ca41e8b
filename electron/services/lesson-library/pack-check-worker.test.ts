/**
 * A pack's whole check runs in a worker thread (SimulatorHost.checkPack), not on the main
 * process that serves every learner's requests: it answers as the check in this process does,
 * says how far it has got, lets the main thread run meanwhile, and can be cancelled.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { Caller, EventName } from '../../../shared/api'
import type { CheckProgress } from '../../../shared/lessons/programs'
import { SimulatorHost } from '../simulator-host/host'
import { packCheckBudgetMs, packProblems } from './pack-check'
import { readPackFolder } from './pack-folder'
import { LessonLibrary } from './library'
import { writeMlpack } from './mlpack'

const samplePack = join(import.meta.dirname, '../../../shared/lessons/fixtures/sample-pack')

/** The sample pack whose task's reference solution loops until the step limit (10,000,000). */
function slowPack(): Map<string, Uint8Array> {
  const files = readPackFolder(samplePack)
  for (const file of ['first-malloc.en.md', 'first-malloc.zh-CN.md']) {
    const lesson = readFileSync(join(samplePack, file), 'utf8')
    expect(lesson).toContain('    free(p);\n    return 0;')
    files.set(
      file,
      new TextEncoder().encode(
        lesson.replace(
          '    free(p);\n    return 0;',
          '    free(p);\n    for (;;) { }\n    return 0;'
        )
      )
    )
  }
  return files
}

let host: SimulatorHost | undefined
afterEach(async () => {
  await host?.shutdown()
  host = undefined
})

describe('a pack is checked in a worker thread', () => {
  it('answers as the check in this process does, and says how far it has got', async () => {
    host = new SimulatorHost()
    const files = readPackFolder(samplePack)
    const heard: CheckProgress[] = []
    const report = await host.checkPack(
      { files: [...files], appVersion: '0.1.0', programsOnlyWhenValid: true },
      { budgetMs: packCheckBudgetMs, onProgress: (p) => heard.push(p) }
    )
    const here = await packProblems(files, { appVersion: '0.1.0', programsOnlyWhenValid: true })
    expect(report).toEqual(here)
    expect(report.problems).toEqual([])
    // One lesson of 4 steps in 2 languages: each step as it starts, then all 8 checked.
    expect(heard).toEqual([
      ...['en', 'zh-CN'].flatMap((language, l) =>
        [0, 1, 2, 3].map((step) => ({
          done: 4 * l + step,
          total: 8,
          file: `first-malloc.${language}.md`
        }))
      ),
      { done: 8, total: 8, file: 'first-malloc.zh-CN.md' }
    ])
  })

  it('leaves the main thread free while it runs, and refuses the same problems', async () => {
    host = new SimulatorHost()
    let settled = false
    const checking = host
      .checkPack(
        { files: [...slowPack()], appVersion: '0.1.0', programsOnlyWhenValid: true },
        { budgetMs: packCheckBudgetMs }
      )
      .finally(() => (settled = true))
    // In this process the check would hold the thread until its end (two solutions of
    // 10,000,000 steps each): the event loop would turn only once it had settled.
    await new Promise((resolve) => setImmediate(resolve))
    expect(settled).toBe(false)
    const report = await checking
    expect(report.problems.map((p) => p.reason?.key)).toEqual([
      'program.stoppedSteps',
      'program.stoppedSteps'
    ])
  })

  it('is cancelled on request: the worker ends and nothing is answered but the cancellation', async () => {
    host = new SimulatorHost()
    const controller = new AbortController()
    const heard: CheckProgress[] = []
    const checking = host.checkPack(
      { files: [...slowPack()], appVersion: '0.1.0', programsOnlyWhenValid: true },
      {
        budgetMs: packCheckBudgetMs,
        signal: controller.signal,
        // Cancelled as soon as the worker says it is checking the first of 8 steps.
        onProgress: (p) => (heard.push(p), controller.abort())
      }
    )
    await expect(checking).rejects.toMatchObject({
      code: 'failed',
      reason: { key: 'pack.checkCancelled' }
    })
    expect(heard).toEqual([{ done: 0, total: 8, file: 'first-malloc.en.md' }])
  })
})

describe('a pack check when the host shuts down', () => {
  it('ends with the host, saying so', async () => {
    const shutting = new SimulatorHost()
    const checking = shutting.checkPack(
      { files: [...slowPack()], appVersion: '0.1.0', programsOnlyWhenValid: true },
      { budgetMs: packCheckBudgetMs }
    )
    // Its handler is attached before the shutdown: the check may be refused while the host
    // shuts down, and a rejection with no handler yet fails the whole run as unhandled.
    const refused = expect(checking).rejects.toMatchObject({
      code: 'unavailable',
      reason: { key: 'run.shuttingDown' }
    })
    await shutting.shutdown()
    await refused
  })
})

describe('an import checked in a worker', () => {
  const root = mkdtempSync(join(tmpdir(), 'memory-lane-import-check-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  /** A library whose checks run in `host`'s workers, and a caller recording its events. */
  function libraryAndCaller(name: string) {
    host = new SimulatorHost()
    const checker = host
    const packsDir = join(root, name)
    const library = new LessonLibrary({
      builtInDirs: [],
      packsDir,
      appVersion: '0.1.0',
      log: () => undefined,
      checkPack: (args, options) => checker.checkPack(args, options)
    })
    const events: Array<{ event: EventName; payload: unknown }> = []
    const caller: Caller = {
      id: 'learner',
      emit: (event, payload) => events.push({ event, payload })
    }
    return { library, caller, events, packsDir }
  }

  const asImport = (files: Map<string, Uint8Array>) => ({
    fileName: 'pack.mlpack',
    contentBase64: Buffer.from(writeMlpack(files)).toString('base64')
  })

  it('tells the importing caller how far the check has got, then installs the pack', async () => {
    const { library, caller, events } = libraryAndCaller('progress')
    const result = await library.importPack(asImport(readPackFolder(samplePack)), caller)
    expect(result).toMatchObject({ packId: 'sample-pack', lessons: 1 })
    // The first report goes at once; later ones at most every 100 ms, the latest of them.
    const checking = events.filter((e) => e.event === 'packs.checking').map((e) => e.payload)
    expect(checking[0]).toEqual({
      fileName: 'pack.mlpack',
      done: 0,
      total: 8,
      file: 'first-malloc.en.md'
    })
    expect((await library.list({})).map((l) => l.packId)).toEqual(['sample-pack'])
  })

  it('is cancelled by packs.cancelCheck: refused in words, nothing written', async () => {
    const { library, caller, events, packsDir } = libraryAndCaller('cancel')
    const before = readdirSync(packsDir)
    const importing = library.importPack(asImport(slowPack()), caller)
    // Cancelled once the check has started checking programs.
    await new Promise<void>((resolve) => {
      const emit = caller.emit
      caller.emit = (event, payload) => (
        emit(event, payload),
        event === 'packs.checking' && resolve()
      )
    })
    expect(await library.cancelCheck(caller)).toEqual({ cancelled: true })
    await expect(importing).rejects.toMatchObject({
      message: 'Checking the pack was cancelled; nothing was imported.',
      reason: { key: 'pack.checkCancelled' }
    })
    expect(events.length).toBeGreaterThan(0)
    expect(readdirSync(packsDir)).toEqual(before)
    expect(await library.list({})).toEqual([])
    // Nothing left to cancel.
    expect(await library.cancelCheck(caller)).toEqual({ cancelled: false })
  })
})
