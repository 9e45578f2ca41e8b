/**
 * The lesson library: the built-in packs shipped in `lessons/` and the packs a learner or
 * instructor imported (unpacked under the app's user-data folder, `packs/<id>/`). Every pack
 * is validated before use; a pack that fails is left out of the list with its problems logged,
 * and an import that fails writes nothing. An import also compiles and runs the pack's programs
 * (pack-check.ts, as `memory-lane pack validate` does).
 */
import { createHash, randomUUID } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
  watch,
  writeFileSync,
  type FSWatcher
} from 'node:fs'
import { dirname, join, resolve, sep } from 'node:path'
import {
  ApiFailure,
  type AuthoringReport,
  type Caller,
  type LessonDocument,
  type LessonStepView,
  type LessonSummary,
  type LessonLibraryService,
  type PackImportResult,
  type Params
} from '../../../shared/api'
import { localized, type LoadedPack } from '../../../shared/lessons/format'
import type { CheckProgress } from '../../../shared/lessons/programs'
import { formatProblem, hasErrors } from '../../../shared/lessons/problems'
import { resolveInPack } from '../../../shared/lessons/markdown-check'
import { renderLessonSteps } from '../../../shared/lessons/view'
import { validatePack, type PackFiles } from '../../../shared/lessons/validate'
import { checkPackPaths, readMlpack, UnsafePackError } from './mlpack'
import {
  packCheckBudgetMs,
  packProblems,
  programTimeLimitMs,
  type PackCheckReport
} from './pack-check'
import { packFolders, readPackFolder } from './pack-folder'
import { packDigest, type PrecompiledPacks } from './precompiled'

/** Where the active learner stopped, and how far they got; the progress store answers. */
export interface LearnerProgressSource {
  /** `callerId`: the window asking, whose learner it is (see ProgressService). */
  resumePoint(
    packId: string,
    lessonId: string,
    callerId?: string
  ): { step: number; program?: string; simulatorStep?: number } | undefined
  /** Passed only when every id in `checkpointIds` is passed. */
  lessonStatus(
    packId: string,
    lessonId: string,
    checkpointIds: readonly string[],
    callerId?: string
  ): 'not-started' | 'attempted' | 'passed'
}

/**
 * Runs a pack's whole check (pack-check.ts's packProblems) somewhere: the app passes
 * SimulatorHost.checkPack, a worker thread, so the server answers meanwhile; without one (the
 * tests, a library on its own) it runs here. `budgetMs` is how long before a check that no
 * longer answers is ended; aborting `signal` cancels it.
 */
export type PackChecker = (
  args: { files: Array<[string, Uint8Array]>; appVersion: string; programsOnlyWhenValid: boolean },
  options: {
    budgetMs: number
    onProgress?: (progress: CheckProgress) => void
    signal?: AbortSignal
  }
) => Promise<PackCheckReport>

/** The check in this thread: for tests and a library without a worker. */
const checkHere: PackChecker = (args, options) =>
  packProblems(new Map(args.files), {
    appVersion: args.appVersion,
    programsOnlyWhenValid: args.programsOnlyWhenValid,
    ...(options.onProgress ? { onProgress: options.onProgress } : {})
  })

/**
 * How long a pack's check may go before it is ended: the check's own budget, which it keeps
 * itself, plus the one program it may be running when the budget runs out.
 */
const checkWatchdogMs = packCheckBudgetMs + programTimeLimitMs

/** Least time between two `packs.checking` events to a caller, in ms. */
const progressEveryMs = 100

/**
 * Passes on the latest of a check's progress reports at most every progressEveryMs: a pack
 * reports each step's start, up to 100,000 of them, and the page needs only a few a second.
 * A report is never held longer than that, so a step that takes seconds is named as it starts.
 */
function latestEvery(emit: (progress: CheckProgress) => void): {
  report(progress: CheckProgress): void
  stop(): void
} {
  let latest: CheckProgress | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let sentAt = -Infinity
  const send = (): void => {
    timer = undefined
    if (!latest) return
    emit(latest)
    latest = undefined
    sentAt = performance.now()
  }
  return {
    report(progress) {
      latest = progress
      if (timer) return
      const wait = sentAt + progressEveryMs - performance.now()
      if (wait <= 0) send()
      else timer = setTimeout(send, wait)
    },
    stop() {
      if (timer) clearTimeout(timer)
      timer = undefined
      latest = undefined
    }
  }
}

export interface LessonLibraryOptions {
  /** Folders holding built-in packs: a pack folder itself, or a folder of pack folders. */
  builtInDirs: string[]
  /** The app's own folder for imported packs (created when missing). Nothing is written elsewhere. */
  packsDir: string
  appVersion: string
  progress?: LearnerProgressSource
  /** Where to report packs that fail validation at start-up. @default console.warn */
  log?: (message: string) => void
  /**
   * Built-in packs validated when the app was built (`precompilePacks`); a built-in pack whose
   * files still match is taken from here instead of being validated again.
   */
  precompiled?: () => PrecompiledPacks
  /** Where a pack's check runs (a worker in the app). @default this thread */
  checkPack?: PackChecker
}

interface InstalledPack {
  pack: LoadedPack
  files: PackFiles
  builtIn: boolean
  folder: string
  /** Read in place from an author's folder (authoring mode): never copied, never deleted. */
  authoring?: boolean
  /** The installed pack of the same id the authored one stands in for while authoring. */
  shadows?: InstalledPack
}

/** Quiet time after the last change before a folder is read again (editors save in bursts). */
const authoringDebounceMs = 150

/** The folder being authored and its watcher. */
interface AuthoringState {
  folder: string
  watcher: FSWatcher
  timer?: ReturnType<typeof setTimeout>
  /** Reads of the folder started so far: a read's result counts only while it is the last. */
  reads: number
  /** Cancels the check of the read in progress, which a newer save makes pointless. */
  checking?: AbortController
  /** The last read started, whose report answers for an older read it cancelled. */
  lastRead?: { read: number; report: Promise<{ report: AuthoringReport; latest: boolean }> }
}

const imageTypes: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml'
}

/** Most problems quoted in an import refusal; the rest are counted. */
const quotedProblems = 5

export type { AuthoringReport }

/** Packs available to the app, built-in and imported. */
export class LessonLibrary implements LessonLibraryService {
  private readonly packs = new Map<string, InstalledPack>()
  private readonly log: (message: string) => void
  private authoring?: AuthoringState
  /** Imports being checked, by the caller that asked (who may cancel theirs). */
  private readonly importChecks = new Map<string, AbortController>()
  /**
   * The last import that waits for the learner to confirm replacing an installed pack: its
   * file's digest and its check, so the confirmed import does not check the same bytes again
   * (up to a minute for a large pack).
   */
  private awaitingConfirmation?: { digest: string; result: PackCheckReport }

  constructor(private readonly options: LessonLibraryOptions) {
    this.log = options.log ?? ((m) => console.warn(m))
    mkdirSync(options.packsDir, { recursive: true })
    this.reload()
  }

  /** Re-reads every pack from disk. */
  reload(): void {
    this.packs.clear()
    for (const dir of this.options.builtInDirs)
      for (const folder of packFolders(dir)) this.load(folder, true)
    for (const folder of packFolders(this.options.packsDir)) this.load(folder, false)
  }

  private load(folder: string, builtIn: boolean): void {
    let files: Map<string, Uint8Array>
    try {
      files = readPackFolder(folder)
    } catch (error) {
      // One unreadable pack folder must not keep the others (or the app) from starting.
      this.log(
        `Lesson pack in ${folder} was left out: ${error instanceof Error ? error.message : String(error)}`
      )
      return
    }
    const precompiled =
      builtIn && this.options.precompiled
        ? this.options.precompiled().get(packDigest(files, this.options.appVersion))
        : undefined
    const result = precompiled
      ? { pack: precompiled, problems: [] }
      : validatePack(files, { appVersion: this.options.appVersion })
    if (!result.pack) {
      this.log(
        `Lesson pack in ${folder} was left out:\n${result.problems
          .filter((p) => p.severity !== 'warning')
          .map(formatProblem)
          .join('\n')}`
      )
      return
    }
    const id = result.pack.manifest.id
    if (this.packs.get(id)?.builtIn) {
      this.log(`Lesson pack in ${folder} was left out: its id "${id}" is a built-in pack's.`)
      return
    }
    this.packs.set(id, { pack: result.pack, files, builtIn, folder })
  }

  async list(params: Params<'lessons.list'>, callerId?: string): Promise<LessonSummary[]> {
    const summaries: LessonSummary[] = []
    const ordered = [...this.packs.values()].sort((a, b) => Number(b.builtIn) - Number(a.builtIn))
    for (const { pack, builtIn } of ordered) {
      const manifest = pack.manifest
      const language =
        params.language && manifest.languages.includes(params.language)
          ? params.language
          : manifest.languages[0]
      for (const lessonId of manifest.lessons) {
        const lesson = pack.lessons[lessonId][language]
        summaries.push({
          packId: manifest.id,
          lessonId,
          title: lesson.title,
          summary: localized(manifest.title, language),
          languages: manifest.languages,
          builtIn,
          stepCount: lesson.steps.length,
          status:
            this.options.progress?.lessonStatus(
              manifest.id,
              lessonId,
              lesson.steps.flatMap((step) => step.checkpoints.map((c) => c.id)),
              callerId
            ) ?? 'not-started'
        })
      }
    }
    return summaries
  }

  async open(params: Params<'lessons.open'>, callerId?: string): Promise<LessonDocument> {
    const installed = this.packs.get(params.packId)
    // Own keys only: a lesson id such as "toString" must not read Object's own function.
    const byLanguage =
      installed && Object.hasOwn(installed.pack.lessons, params.lessonId)
        ? installed.pack.lessons[params.lessonId]
        : undefined
    if (!installed || !byLanguage)
      throw new ApiFailure(
        'failed',
        `There is no lesson "${params.lessonId}" in pack "${params.packId}".`,
        { key: 'pack.noLesson', params: { lesson: params.lessonId, pack: params.packId } }
      )
    const languages = installed.pack.manifest.languages
    const language = languages.includes(params.language) ? params.language : languages[0]
    const lesson = byLanguage[language]
    const resolveImage = (src: string): string | undefined => {
      const path = resolveInPack(lesson.file, src)
      const content = path === undefined ? undefined : installed.files.get(path)
      const type = imageTypes[(path ?? '').split('.').pop()?.toLowerCase() ?? '']
      if (content === undefined || !type) return undefined
      const bytes = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content)
      return `data:${type};base64,${bytes.toString('base64')}`
    }
    const rendered = renderLessonSteps(lesson, resolveImage)
    const steps: LessonStepView[] = lesson.steps.map((step, i) => {
      const setup = step.setup
      const first = step.checkpoints[0]
      return {
        index: step.index,
        ...(step.title ? { title: step.title } : {}),
        html: rendered[i].html,
        ...(step.program
          ? {
              program: {
                source: step.program.source,
                readOnly: step.program.readonly,
                options: {
                  ...(setup.layout ? { layout: setup.layout } : {}),
                  ...(setup.allocator ? { allocator: setup.allocator } : {}),
                  ...(setup.allocatorOptions ? { allocatorOptions: setup.allocatorOptions } : {}),
                  ...(setup.stackLimit ? { stackLimit: setup.stackLimit } : {})
                },
                ...(setup.runTo?.kind === 'line' ? { runToLine: setup.runTo.line } : {})
              }
            }
          : {}),
        ...(setup.show ? { views: setup.show } : {}),
        ...(first
          ? {
              checkpoint: {
                id: first.id,
                kind: first.kind,
                prompt: rendered[i].detail.checkpoints[0].html.prompt,
                ...(first.kind === 'choice' ? { multiple: first.multiple } : {}),
                ...('unit' in first && first.unit ? { unit: first.unit } : {}),
                hints: rendered[i].detail.checkpoints[0].html.hints
              }
            }
          : {}),
        detail: rendered[i].detail
      }
    })
    const resume = this.options.progress?.resumePoint(params.packId, params.lessonId, callerId)
    return {
      packId: params.packId,
      lessonId: params.lessonId,
      language,
      title: lesson.title,
      steps,
      ...(resume
        ? {
            resume: {
              step: Math.min(resume.step, steps.length - 1),
              ...(resume.program !== undefined ? { program: resume.program } : {}),
              ...(resume.simulatorStep !== undefined ? { simulatorStep: resume.simulatorStep } : {})
            }
          }
        : {})
    }
  }

  /**
   * Imports an `.mlpack`. Refused with a plain message when unsafe or invalid; when a pack with
   * the same id is installed and `replace` is not set, answers `needsConfirmation` and writes
   * nothing.
   */
  async importPack(params: Params<'packs.import'>, caller?: Caller): Promise<PackImportResult> {
    const bytes = Buffer.from(params.contentBase64, 'base64')
    let files: Map<string, Uint8Array>
    try {
      files = readMlpack(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    } catch (error) {
      if (error instanceof UnsafePackError)
        throw new ApiFailure('failed', error.message, error.reason)
      throw error
    }
    // The same check as `memory-lane pack validate`, C engine included: a pack whose program
    // does not compile, or whose reference solution fails, is refused here as there.
    // Off the main thread (a worker in the app): a large pack's check takes seconds, in which
    // the learner may cancel it and other requests are answered. A second import by the same
    // caller cancels the first one's check.
    // A pack whose replacing the learner has just confirmed was checked a moment ago.
    const digest = createHash('sha256').update(params.contentBase64).digest('hex')
    const checked =
      this.awaitingConfirmation?.digest === digest ? this.awaitingConfirmation.result : undefined
    this.awaitingConfirmation = undefined
    const result = checked ?? (await this.checkImport(files, params.fileName, caller))
    if (result.engine)
      this.log(`The pack "${params.fileName}" was checked without the C engine: ${result.engine}`)
    if (!result.pack || hasErrors(result.problems)) {
      const errors = result.problems.filter((p) => p.severity !== 'warning')
      const quoted = errors.slice(0, quotedProblems)
      const shown = quoted.map(formatProblem)
      const more =
        errors.length > quotedProblems
          ? `\n(and ${errors.length - quotedProblems} more problems)`
          : ''
      // The problems go as the validator wrote them (file:line:column says where in any
      // language) and with their message keys: the page says them, and the sentence around
      // them, in its language.
      throw new ApiFailure(
        'failed',
        `The pack "${params.fileName}" was refused:\n${shown.join('\n')}${more}`,
        {
          key: errors.length > shown.length ? 'pack.refusedMore' : 'pack.refused',
          params: {
            file: params.fileName,
            problems: shown.join('\n'),
            more: errors.length - shown.length
          },
          problems: quoted
        }
      )
    }
    const manifest = result.pack.manifest
    const title = localized(manifest.title, params.language ?? manifest.languages[0])
    const existing = this.packs.get(manifest.id)
    if (existing?.builtIn)
      throw new ApiFailure(
        'failed',
        `The pack "${params.fileName}" has the id "${manifest.id}" of a built-in pack, which cannot be replaced.`,
        { key: 'pack.builtInId', params: { file: params.fileName, id: manifest.id } }
      )
    if (existing && !params.replace) {
      this.awaitingConfirmation = { digest, result }
      return {
        packId: manifest.id,
        title,
        lessons: manifest.lessons.length,
        replaced: false,
        needsConfirmation: true,
        version: manifest.version,
        installedVersion: existing.pack.manifest.version
      }
    }
    this.install(manifest.id, files)
    this.packs.set(manifest.id, {
      pack: result.pack,
      files,
      builtIn: false,
      folder: join(this.options.packsDir, manifest.id)
    })
    return {
      packId: manifest.id,
      title,
      lessons: manifest.lessons.length,
      replaced: existing !== undefined,
      version: manifest.version
    }
  }

  /** An import's whole check, which `caller` hears the progress of and may cancel. */
  private async checkImport(
    files: Map<string, Uint8Array>,
    fileName: string,
    caller: Caller | undefined
  ): Promise<PackCheckReport> {
    const cancel = new AbortController()
    if (caller) {
      this.importChecks.get(caller.id)?.abort()
      this.importChecks.set(caller.id, cancel)
    }
    const progress = latestEvery((checked) =>
      caller?.emit('packs.checking', { fileName, ...checked })
    )
    try {
      return await (this.options.checkPack ?? checkHere)(
        { files: [...files], appVersion: this.options.appVersion, programsOnlyWhenValid: true },
        {
          budgetMs: checkWatchdogMs,
          signal: cancel.signal,
          ...(caller ? { onProgress: progress.report } : {})
        }
      )
    } finally {
      progress.stop()
      if (caller && this.importChecks.get(caller.id) === cancel) this.importChecks.delete(caller.id)
    }
  }

  /** The contract's `packs.cancelCheck`: cancels `caller`'s import still being checked. */
  async cancelCheck(caller: Caller): Promise<{ cancelled: boolean }> {
    const check = this.importChecks.get(caller.id)
    if (!check) return { cancelled: false }
    this.importChecks.delete(caller.id)
    check.abort()
    return { cancelled: true }
  }

  /** Writes a validated pack into packsDir/<id>, swapping folders so a crash leaves one whole pack. */
  private install(id: string, files: ReadonlyMap<string, Uint8Array>): void {
    const root = resolve(this.options.packsDir)
    const inside = (path: string): string => {
      const full = resolve(path)
      if (!full.startsWith(root + sep))
        throw new ApiFailure('failed', `Refusing to write outside the pack folder: ${path}`, {
          key: 'pack.writeOutside',
          params: { path }
        })
      return full
    }
    const staging = inside(join(root, `.incoming-${randomUUID()}`))
    try {
      for (const [path, content] of files) {
        const target = inside(join(staging, path))
        mkdirSync(dirname(target), { recursive: true })
        writeFileSync(target, content, { flag: 'wx' })
      }
      const final = inside(join(root, id))
      const old = inside(join(root, `.replaced-${randomUUID()}`))
      if (existsSync(final)) renameSync(final, old)
      renameSync(staging, final)
      rmSync(old, { recursive: true, force: true })
    } finally {
      rmSync(staging, { recursive: true, force: true })
    }
  }

  /**
   * Authoring mode: uses the pack in `folder` as it is on disk and watches it. Every change is
   * checked again, as `memory-lane pack validate` and an import check it (its C compiled, its
   * reference solutions run, within packCheckBudgetMs), and reported through `onChange`; a valid
   * pack replaces its previous version in the library at once, an invalid one leaves the last
   * valid version in place. One folder is authored at a time; starting another stops the first.
   */
  async author(
    folder: string,
    onChange: (report: AuthoringReport) => void
  ): Promise<AuthoringReport> {
    this.stopAuthoring()
    if (!existsSync(folder) || !statSync(folder).isDirectory())
      return {
        folder,
        problems: [`${folder}: not a pack folder.`],
        said: [{ key: 'pack.notAFolder', params: { folder } }],
        watching: false,
        valid: false
      }
    // Watched before the first read, so a save during that read is not missed.
    const watcher = watch(folder, { recursive: true }, () => {
      const state = this.authoring
      if (!state || state.watcher !== watcher) return
      if (state.timer) clearTimeout(state.timer)
      state.timer = setTimeout(() => {
        this.readAuthoringFolder(state).then(
          ({ report, latest }) => latest && onChange(report),
          (error: unknown) => this.log(`Authoring ${folder}: the check failed (${String(error)})`)
        )
      }, authoringDebounceMs)
    })
    watcher.on('error', () => this.stopAuthoring())
    const state = { folder, watcher, reads: 0 }
    this.authoring = state
    return (await this.readAuthoringFolder(state)).report
  }

  /** The contract's `packs.author`: authoring mode, reporting each change to the caller. */
  async authorFolder(caller: Caller, params: Params<'packs.author'>): Promise<AuthoringReport> {
    return this.author(params.folder, (report) => caller.emit('packs.authoring', report))
  }

  /** Stops watching the authored folder; its pack leaves the library. */
  stopAuthoring(): void {
    const state = this.authoring
    if (!state) return
    if (state.timer) clearTimeout(state.timer)
    state.checking?.abort()
    state.watcher.close()
    this.authoring = undefined
    this.leaveAuthoredPacks()
  }

  /**
   * Takes authored packs out of the library (all, or all but `keep`'s id), putting back the
   * installed pack each stood in for: authoring the next version of an installed pack must not
   * take that pack from the learner's list.
   */
  private leaveAuthoredPacks(keep?: string): void {
    for (const [id, pack] of this.packs)
      if (pack.authoring && id !== keep) {
        if (pack.shadows) this.packs.set(id, pack.shadows)
        else this.packs.delete(id)
      }
  }

  /**
   * Reads and checks the authored folder. Checking the programs takes a while (a second for a
   * large pack), and the author may save again meanwhile: only the last read started (`latest`)
   * may change the library or be reported, so an older read never overwrites a newer one.
   */
  private readAuthoringFolder(
    state: AuthoringState
  ): Promise<{ report: AuthoringReport; latest: boolean }> {
    const read = state.reads + 1
    const report = this.checkAuthoringFolder(state)
    state.lastRead = { read, report }
    return report
  }

  private async checkAuthoringFolder(
    state: AuthoringState
  ): Promise<{ report: AuthoringReport; latest: boolean }> {
    const { folder } = state
    const read = ++state.reads
    const latest = (): boolean => this.authoring === state && state.reads === read
    let files: Map<string, Uint8Array>
    try {
      files = readPackFolder(folder)
      // Names an import of the built pack would refuse are said while authoring.
      checkPackPaths([...files.keys()])
    } catch (error) {
      // An editor may be halfway through replacing a file; the next change event reads again.
      if (error instanceof UnsafePackError)
        return {
          report: { folder, problems: [error.message], said: [error.reason], valid: false },
          latest: latest()
        }
      const reason = error instanceof Error ? error.message : String(error)
      return {
        report: {
          folder,
          problems: [`${folder}: could not be read (${reason}).`],
          said: [{ key: 'pack.folderUnreadable', params: { folder, error: reason } }],
          valid: false
        },
        latest: latest()
      }
    }
    // The whole check, as `memory-lane pack validate` and an import run it: the instructor sees
    // a program that does not compile as they save it, not only when the pack is imported.
    // Programs are checked once the validator accepts the pack, as at import: a pack with a
    // mistyped checkpoint is not compiled on every save, and its report keeps the validator's
    // sentences without "the program could not be run" after each.
    // In a worker in the app, as an import's; a newer save cancels this read's check.
    state.checking?.abort()
    const checking = new AbortController()
    state.checking = checking
    let result: PackCheckReport
    try {
      result = await (this.options.checkPack ?? checkHere)(
        { files: [...files], appVersion: this.options.appVersion, programsOnlyWhenValid: true },
        { budgetMs: checkWatchdogMs, signal: checking.signal }
      )
    } catch (error) {
      // Cancelled because a newer save is being read: its report answers for this one too (the
      // first answer of `packs.author` then says what the folder holds now). Cancelled because
      // authoring stopped: nothing to report.
      if (checking.signal.aborted) {
        const newer = state.lastRead
        if (newer && newer.read !== read)
          return { report: (await newer.report).report, latest: false }
        return { report: { folder, problems: [], valid: false }, latest: false }
      }
      throw error
    } finally {
      if (state.checking === checking) state.checking = undefined
    }
    if (result.engine)
      this.log(`The authored pack in ${folder} was checked without the C engine: ${result.engine}`)
    const problems = result.problems.map(formatProblem)
    const found = result.problems
    const packId = result.id
    const pack = hasErrors(result.problems) ? undefined : result.pack
    if (pack && packId) {
      if (this.packs.get(packId)?.builtIn) {
        problems.push(
          `pack.yaml:1:1: the id "${packId}" is a built-in pack's; choose another id while authoring`
        )
        return {
          report: {
            folder,
            packId,
            problems,
            ...(found.length > 0 ? { found } : {}),
            said: [{ key: 'pack.authoringBuiltInId', params: { id: packId } }],
            valid: false
          },
          latest: latest()
        }
      }
      if (latest()) {
        // An author may change the id between saves: the old one's stand-in goes.
        this.leaveAuthoredPacks(packId)
        const present = this.packs.get(packId)
        const shadows = present?.authoring ? present.shadows : present
        this.packs.set(packId, {
          pack,
          files,
          builtIn: false,
          folder,
          authoring: true,
          ...(shadows ? { shadows } : {})
        })
      }
    }
    return {
      report: {
        folder,
        ...(packId ? { packId } : {}),
        problems,
        ...(found.length > 0 ? { found } : {}),
        valid: pack !== undefined
      },
      latest: latest()
    }
  }

  async removePack(params: Params<'packs.remove'>): Promise<{ removed: boolean }> {
    const installed = this.packs.get(params.packId)
    if (!installed) return { removed: false }
    if (installed.authoring) {
      // The author's own folder is never deleted: removing only leaves authoring mode.
      this.stopAuthoring()
      return { removed: true }
    }
    if (installed.builtIn)
      throw new ApiFailure('failed', 'A built-in pack cannot be removed.', {
        key: 'pack.builtInRemove'
      })
    const root = resolve(this.options.packsDir)
    const folder = resolve(installed.folder)
    if (!folder.startsWith(root + sep))
      throw new ApiFailure('failed', 'This pack is not in the pack folder.', {
        key: 'pack.notInPackFolder'
      })
    rmSync(folder, { recursive: true, force: true })
    this.packs.delete(params.packId)
    return { removed: true }
  }
}
