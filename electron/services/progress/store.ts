/**
 * The progress store: learner profiles and their results, kept in one JSON file in the app's
 * user-data folder.
 *
 * Every save writes a temporary file whole, flushes it and renames it over the old one
 * (`atomic-file.ts`), so a crash, a power cut or a full disk mid-write leaves the previous
 * version whole. After each save the same content is
 * written to a second file, the *last good copy*. On load, a file that does not parse, has the
 * wrong shape or fails its checksum (damage, or a hand edit) is set aside — never deleted — and
 * the last good copy takes its place; the learner is told once, in one sentence.
 *
 * Several app instances may share the folder (the desktop app and the browser edition, two
 * browser-edition servers, two learners on one lab account). A save therefore takes a lock
 * file, reads what is on disk, merges it into what this instance holds (`merge.ts`) and writes
 * the union, so neither instance overwrites the other's results. A file written by a newer
 * Memory Lane is never overwritten: this instance then keeps its results in memory only, and
 * says so. A save that fails (a full disk) keeps everything in memory and says so; the next
 * save writes it all.
 */
import { createHash, randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomically, writeFileAtomicallySync } from './atomic-file'
import {
  ApiFailure,
  type Notice,
  type Sentence,
  type CheckpointRecord,
  type Params,
  type Profile,
  type ProfileList,
  type ProgressExport,
  type ProgressService
} from '../../../shared/api'
import { acquireLock, acquireLockSync, type LockTiming } from './file-lock'
import { mergeProgress } from './merge'
import {
  exportCsv,
  exportHtml,
  exportJson,
  parseProgressExport,
  type ProfileExport
} from './export'
import {
  currentVersion,
  migrateV1,
  problemInData,
  type CheckpointProgress,
  type LessonProgress,
  type ProgressData,
  type ProgressFile,
  type ProgressFileV1,
  type ResumePoint,
  type StoredProfile
} from './schema'

/** File names inside the progress folder. */
export const progressFileName = 'progress.json'
export const lastGoodFileName = 'progress.last-good.json'
export const lockFileName = 'progress.lock'

export interface ProgressStoreOptions {
  /** Folder for the progress files (created when missing). */
  directory: string
  /** The clock, for timestamps. @default () => new Date() */
  now?: () => Date
  /** Told once about anything the learner should know (a restored file). */
  onNotice?: (message: string) => void
  /** How long to wait for another instance's save (tests make it short). */
  lockTiming?: LockTiming
}

function checksumOf(data: ProgressData): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex')
}

/** Encodes data as the file's text. */
export function encodeProgress(data: ProgressData, savedAt: string): string {
  const file: ProgressFile = {
    format: 'memory-lane-progress',
    version: currentVersion,
    savedAt,
    data,
    checksum: checksumOf(data)
  }
  return JSON.stringify(file, null, 2) + '\n'
}

/** Reads a file's text: the data (migrated to the current version), or what is wrong with it. */
export function decodeProgress(
  text: string
):
  | { ok: true; data: ProgressData; savedAt?: string; migratedFrom?: number }
  | { ok: false; problem: string; newerVersion?: number } {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { ok: false, problem: 'it is not valid JSON' }
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    (parsed as { format?: unknown }).format !== 'memory-lane-progress'
  )
    return { ok: false, problem: 'it is not a Memory Lane progress file' }
  const version = (parsed as { version?: unknown }).version
  if (version === 1) {
    try {
      const data = migrateV1(parsed as ProgressFileV1)
      const problem = problemInData(data)
      return problem ? { ok: false, problem } : { ok: true, data, migratedFrom: 1 }
    } catch {
      return { ok: false, problem: 'its version-1 content is malformed' }
    }
  }
  if (typeof version === 'number' && Number.isInteger(version) && version > currentVersion)
    return {
      ok: false,
      problem: `it was written by a newer Memory Lane (file version ${version}; this one reads up to ${currentVersion})`,
      newerVersion: version
    }
  if (version !== currentVersion)
    return { ok: false, problem: `it has version ${String(version)}, which this build cannot read` }
  const file = parsed as ProgressFile
  const problem = problemInData(file.data)
  if (problem) return { ok: false, problem }
  if (file.checksum !== checksumOf(file.data))
    return { ok: false, problem: 'its checksum does not match (it was damaged or edited by hand)' }
  return { ok: true, data: file.data, savedAt: file.savedAt }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

const lessonKey = (packId: string, lessonId: string): string => `${packId}/${lessonId}`

/**
 * Errors of the file system that mean "no room" or "not allowed", said in words, with the
 * message key of the page's translation (`app.main.notSaved.*`).
 */
function whyNotSaved(error: unknown): { why: string; key: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return { why: 'the disk is full', key: 'full' }
    case 'EFBIG':
      return { why: 'the file would be larger than this system allows', key: 'tooLarge' }
    case 'EROFS':
      return { why: 'the disk is read-only', key: 'readOnly' }
    case 'EACCES':
    case 'EPERM':
      return { why: 'the app may not write to its progress folder', key: 'forbidden' }
    default:
      return { why: error instanceof Error ? error.message : String(error), key: 'other' }
  }
}

/** Learner profiles and progress, stored atomically with a last good copy. */
export class ProgressStore implements ProgressService {
  private data: ProgressData = { activeProfileId: null, profiles: [] }
  private writing: Promise<void> = Promise.resolve()
  private readonly now: () => Date
  /** Messages for the learner produced while loading, until someone takes them. */
  private pendingNotices: Notice[] = []
  /**
   * Set when the file on disk was written by a newer Memory Lane: it is left as it is, and this
   * instance's results stay in memory.
   */
  private newerFileVersion: number | undefined
  /**
   * The learner at each window (Electron) or connection (browser edition), by caller id: two
   * windows may have two learners, and each one's answers go to their own profile. A window
   * that has not chosen starts with the profile used last (`data.activeProfileId`).
   */
  private readonly learnerOf = new Map<string, string>()

  private constructor(private readonly options: ProgressStoreOptions) {
    this.now = options.now ?? (() => new Date())
  }

  /** Opens (or creates) the store in `options.directory`, recovering from damage if needed. */
  static open(options: ProgressStoreOptions): ProgressStore {
    const store = new ProgressStore(options)
    mkdirSync(options.directory, { recursive: true })
    store.load()
    return store
  }

  get mainPath(): string {
    return join(this.options.directory, progressFileName)
  }

  get lastGoodPath(): string {
    return join(this.options.directory, lastGoodFileName)
  }

  get lockPath(): string {
    return join(this.options.directory, lockFileName)
  }

  /** Messages from loading (e.g. a restored file) not yet shown; each is returned once. */
  takeNotices(): Notice[] {
    const notices = this.pendingNotices
    this.pendingNotices = []
    return notices
  }

  private notify(message: string, reason: Sentence): void {
    this.pendingNotices.push({ message, reason })
    this.options.onNotice?.(message)
  }

  private setAside(path: string): string {
    const stamp = this.now().toISOString().replace(/[:.]/g, '-')
    const aside = `${path}.damaged-${stamp}`
    renameSync(path, aside)
    return aside
  }

  private load(): void {
    const release = acquireLockSync(this.lockPath, this.options.lockTiming)
    try {
      this.loadLocked()
    } finally {
      release()
    }
  }

  /** Leaves a newer version's file alone and keeps this session's results in memory. */
  private keepNewerFile(version: number): void {
    this.newerFileVersion = version
    this.notify(
      `Your progress was saved by a newer version of Memory Lane (progress file version ${version}), which this version cannot read. It is left untouched; what you do now is not saved. Open the newer Memory Lane to continue where you were.`,
      { key: 'progressNewer', params: { version } }
    )
  }

  private loadLocked(): void {
    const mainText = readText(this.mainPath)
    const main = mainText === undefined ? undefined : decodeProgress(mainText)
    if (main?.ok) {
      this.data = main.data
      if (main.migratedFrom !== undefined) this.writeNowOrSay()
      return
    }
    if (main?.newerVersion !== undefined) return this.keepNewerFile(main.newerVersion)
    const backupText = readText(this.lastGoodPath)
    const backup = backupText === undefined ? undefined : decodeProgress(backupText)
    if (main === undefined && backup === undefined) return // A first start: nothing to restore.
    if (backup && !backup.ok && backup.newerVersion !== undefined)
      return this.keepNewerFile(backup.newerVersion)
    if (backup?.ok) {
      this.data = backup.data
      if (main && !main.ok) {
        const aside = this.setAside(this.mainPath)
        this.notify(
          `Your progress file was damaged (${main.problem}), so the last good copy${backup.savedAt ? ` from ${backup.savedAt}` : ''} was restored; the damaged file was kept as ${aside}.`,
          { key: 'progressRestored', params: { savedAt: backup.savedAt ?? '?', aside } }
        )
      }
      this.writeOrSay(() => writeFileAtomicallySync(this.mainPath, backupText!))
      return
    }
    // Neither copy can be read: keep both aside and start empty, saying so.
    const kept: string[] = []
    if (mainText !== undefined) kept.push(this.setAside(this.mainPath))
    if (backupText !== undefined) kept.push(this.setAside(this.lastGoodPath))
    this.notify(
      `Your progress file and its last good copy could not be read, so progress starts empty; the damaged files were kept as ${kept.join(' and ')}.`,
      { key: 'progressUnreadable', params: { files: kept.join(', ') } }
    )
  }

  /** A write while opening: a failure is told to the learner, and the data stays in memory. */
  private writeOrSay(write: () => void): void {
    try {
      write()
    } catch (error) {
      const { message, reason } = this.notSaved(error)
      this.notify(message, reason)
    }
  }

  private notSaved(error: unknown): { message: string; reason: Sentence } {
    const { why, key } = whyNotSaved(error)
    const folder = this.options.directory
    return {
      message: `Your progress could not be saved in ${folder} (${why}). Nothing is lost while the app stays open: everything is saved with your next answer once saving works again.`,
      reason: { key: `notSaved.${key}`, params: { folder, error: why } }
    }
  }

  /** Writes the current data to both files, synchronously (used on load). */
  private writeNowOrSay(): void {
    this.writeOrSay(() => {
      const text = encodeProgress(this.data, new Date().toISOString())
      writeFileAtomicallySync(this.mainPath, text)
      writeFileAtomicallySync(this.lastGoodPath, text)
    })
  }

  /**
   * Brings in what another instance wrote since we last read the file. Returns false when the
   * file must not be written (a newer version's).
   */
  private mergeFromDisk(): boolean {
    const text = readText(this.mainPath)
    if (text === undefined) return true
    const onDisk = decodeProgress(text)
    if (onDisk.ok) {
      this.data = mergeProgress(this.data, onDisk.data)
      return true
    }
    if (onDisk.newerVersion !== undefined) {
      if (this.newerFileVersion === undefined) this.keepNewerFile(onDisk.newerVersion)
      return false
    }
    // Damaged since we read it: kept aside; what we hold (and the last good copy) is written.
    const backupText = readText(this.lastGoodPath)
    const backup = backupText === undefined ? undefined : decodeProgress(backupText)
    if (backup?.ok) this.data = mergeProgress(this.data, backup.data)
    this.setAside(this.mainPath)
    return true
  }

  /**
   * Saves the current data; saves happen one after another, never interleaved, and under the
   * lock file, merged with what other instances wrote.
   */
  private save(): Promise<void> {
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        if (this.newerFileVersion !== undefined) return
        const release = await acquireLock(this.lockPath, this.options.lockTiming)
        try {
          if (!this.mergeFromDisk()) return
          const text = encodeProgress(this.data, new Date().toISOString())
          await writeFileAtomically(this.mainPath, text)
          await writeFileAtomically(this.lastGoodPath, text)
        } catch (error) {
          const { message, reason } = this.notSaved(error)
          throw new ApiFailure('failed', message, reason)
        } finally {
          release()
        }
      })
    return this.writing
  }

  /** Waits until every save so far is on disk. */
  flush(): Promise<void> {
    return this.writing
  }

  /** A copy of everything stored, for tests and export. */
  snapshot(): ProgressData {
    return structuredClone(this.data)
  }

  private profileView(profile: StoredProfile): Profile {
    return {
      id: profile.id,
      name: profile.name,
      ...(profile.colour ? { colour: profile.colour } : {}),
      createdAt: profile.createdAt
    }
  }

  /** The id of the learner at `callerId`'s window (the last used one when it has not chosen). */
  private activeIdOf(callerId?: string): string | null {
    return (
      (callerId !== undefined ? this.learnerOf.get(callerId) : undefined) ??
      this.data.activeProfileId
    )
  }

  private activeOrNone(callerId?: string): StoredProfile | undefined {
    const id = this.activeIdOf(callerId)
    return this.data.profiles.find((p) => p.id === id)
  }

  private choose(profileId: string, callerId?: string): void {
    if (callerId !== undefined) this.learnerOf.set(callerId, profileId)
    this.data.activeProfileId = profileId
  }

  private list(callerId?: string): ProfileList {
    return {
      profiles: this.data.profiles.map((p) => this.profileView(p)),
      activeId: this.activeIdOf(callerId)
    }
  }

  private active(callerId?: string): StoredProfile {
    const profile = this.activeOrNone(callerId)
    if (!profile)
      throw new ApiFailure('failed', 'Choose or create a learner profile first.', {
        key: 'profile.noneChosen'
      })
    return profile
  }

  private lesson(profile: StoredProfile, packId: string, lessonId: string): LessonProgress {
    const key = lessonKey(packId, lessonId)
    profile.lessons[key] ??= { checkpoints: {} }
    return profile.lessons[key]
  }

  /**
   * The profiles, including those another instance created since this one last saved (a
   * learner who signed up at the other window is listed here too). Reading only: a file that
   * cannot be read now is dealt with by the next save.
   */
  async listProfiles(callerId?: string): Promise<ProfileList> {
    const text = this.newerFileVersion === undefined ? readText(this.mainPath) : undefined
    const onDisk = text === undefined ? undefined : decodeProgress(text)
    if (onDisk?.ok) this.data = mergeProgress(this.data, onDisk.data)
    return this.list(callerId)
  }

  /** Creates a profile and makes it the active one. */
  async createProfile(params: Params<'profiles.create'>, callerId?: string): Promise<Profile> {
    const name = params.name.trim()
    if (!name)
      throw new ApiFailure('invalid-request', 'A profile needs a name.', {
        key: 'profile.needsName'
      })
    const profile: StoredProfile = {
      id: randomUUID(),
      name,
      ...(params.colour ? { colour: params.colour } : {}),
      createdAt: this.now().toISOString(),
      lessons: {}
    }
    this.data.profiles.push(profile)
    this.choose(profile.id, callerId)
    await this.save()
    return this.profileView(profile)
  }

  async switchProfile(params: Params<'profiles.switch'>, callerId?: string): Promise<ProfileList> {
    if (!this.data.profiles.some((p) => p.id === params.profileId))
      throw new ApiFailure('failed', 'There is no learner profile with that id.', {
        key: 'profile.unknown'
      })
    this.choose(params.profileId, callerId)
    await this.save()
    return this.list(callerId)
  }

  private record(
    profile: StoredProfile,
    packId: string,
    lessonId: string,
    checkpointId: string,
    c: CheckpointProgress
  ): CheckpointRecord & { secondsSpent: number; lastAnswer?: string } {
    return {
      profileId: profile.id,
      packId,
      lessonId,
      checkpointId,
      status: c.status,
      attempts: c.attempts,
      hintsUsed: c.hintsUsed,
      updatedAt: c.updatedAt,
      secondsSpent: c.secondsSpent,
      ...(c.lastAnswer !== undefined ? { lastAnswer: c.lastAnswer } : {}),
      ...(c.answerRevealedAt !== undefined ? { answerRevealed: true } : {})
    }
  }

  /**
   * Records one attempt. A passed checkpoint stays passed; hints used only grow; time adds up.
   */
  async saveCheckpoint(
    params: Params<'progress.saveCheckpoint'>,
    callerId?: string
  ): Promise<CheckpointRecord> {
    const profile = this.active(callerId)
    const lesson = this.lesson(profile, params.packId, params.lessonId)
    const time = this.now().toISOString()
    const previous = lesson.checkpoints[params.checkpointId]
    const passed = params.passed || previous?.status === 'passed'
    const next: CheckpointProgress = {
      status: passed ? 'passed' : 'attempted',
      attempts: (previous?.attempts ?? 0) + 1,
      hintsUsed: Math.max(previous?.hintsUsed ?? 0, params.hintsUsed ?? 0),
      secondsSpent: (previous?.secondsSpent ?? 0) + (params.secondsSpent ?? 0),
      firstAttemptAt: previous?.firstAttemptAt ?? time,
      updatedAt: time,
      ...(params.answer !== undefined
        ? { lastAnswer: params.answer }
        : previous?.lastAnswer !== undefined
          ? { lastAnswer: previous.lastAnswer }
          : {}),
      ...(passed ? { passedAt: previous?.passedAt ?? time } : {}),
      ...(previous?.answerRevealedAt !== undefined
        ? { answerRevealedAt: previous.answerRevealedAt }
        : {})
    }
    lesson.checkpoints[params.checkpointId] = next
    await this.save()
    return this.record(profile, params.packId, params.lessonId, params.checkpointId, next)
  }

  /** Records hints revealed without an answer (so a hint counts even before an attempt). */
  async saveHints(
    params: Params<'progress.saveHints'>,
    callerId?: string
  ): Promise<{ saved: boolean }> {
    const profile = this.active(callerId)
    const lesson = this.lesson(profile, params.packId, params.lessonId)
    const previous = lesson.checkpoints[params.checkpointId]
    lesson.checkpoints[params.checkpointId] = {
      ...(previous ?? { status: 'not-started', attempts: 0, secondsSpent: 0 }),
      hintsUsed: Math.max(previous?.hintsUsed ?? 0, params.hintsUsed),
      updatedAt: this.now().toISOString()
    }
    await this.save()
    return { saved: true }
  }

  /** Records that the learner asked to see the answer: the first time is kept; no pass. */
  async revealAnswer(
    params: Params<'progress.revealAnswer'>,
    callerId?: string
  ): Promise<{ saved: boolean }> {
    const profile = this.active(callerId)
    const lesson = this.lesson(profile, params.packId, params.lessonId)
    const previous = lesson.checkpoints[params.checkpointId]
    const time = this.now().toISOString()
    lesson.checkpoints[params.checkpointId] = {
      ...(previous ?? { status: 'not-started', attempts: 0, hintsUsed: 0, secondsSpent: 0 }),
      answerRevealedAt: previous?.answerRevealedAt ?? time,
      updatedAt: time
    }
    await this.save()
    return { saved: true }
  }

  async savePosition(
    params: Params<'progress.savePosition'>,
    callerId?: string
  ): Promise<{ saved: boolean }> {
    const profile = this.active(callerId)
    const lesson = this.lesson(profile, params.packId, params.lessonId)
    lesson.position = {
      step: params.step,
      ...(params.program !== undefined ? { program: params.program } : {}),
      ...(params.simulatorStep !== undefined ? { simulatorStep: params.simulatorStep } : {}),
      updatedAt: this.now().toISOString()
    }
    await this.save()
    return { saved: true }
  }

  async lessonProgress(
    params: Params<'progress.lesson'>,
    callerId?: string
  ): Promise<CheckpointRecord[]> {
    const profile = this.activeOrNone(callerId)
    if (!profile) return []
    const lesson = profile.lessons[lessonKey(params.packId, params.lessonId)]
    if (!lesson) return []
    return Object.entries(lesson.checkpoints).map(([id, c]) =>
      this.record(profile, params.packId, params.lessonId, id, c)
    )
  }

  /** Where the active learner stopped in a lesson, for `lessons.open`. */
  resumePoint(packId: string, lessonId: string, callerId?: string): ResumePoint | undefined {
    const profile = this.activeOrNone(callerId)
    return profile?.lessons[lessonKey(packId, lessonId)]?.position
  }

  /**
   * Status of a lesson for the active profile, for the lesson list: passed when every one of the
   * lesson's checkpoints is passed, attempted once anything was tried or the lesson was opened.
   */
  lessonStatus(
    packId: string,
    lessonId: string,
    checkpointIds: readonly string[],
    callerId?: string
  ): 'not-started' | 'attempted' | 'passed' {
    const profile = this.activeOrNone(callerId)
    const lesson = profile?.lessons[lessonKey(packId, lessonId)]
    if (!lesson) return 'not-started'
    const all = checkpointIds.map((id) => lesson.checkpoints[id])
    if (all.length > 0 && all.every((c) => c?.status === 'passed')) return 'passed'
    const tried = Object.values(lesson.checkpoints).some((c) => c.status !== 'not-started')
    return tried || lesson.position ? 'attempted' : 'not-started'
  }

  private exportOf(profile: StoredProfile): ProfileExport {
    return { profile: structuredClone(profile), exportedAt: this.now().toISOString() }
  }

  /** The active profile's progress as JSON, CSV or a one-page HTML report. */
  async exportProgress(
    params: Params<'progress.export'>,
    callerId?: string
  ): Promise<ProgressExport> {
    const profile = this.active(callerId)
    const exported = this.exportOf(profile)
    const base = `memory-lane-progress-${profile.name.replace(/[^\p{L}\p{N}_-]+/gu, '-')}`
    switch (params.format) {
      case 'json':
        return {
          fileName: `${base}.json`,
          mimeType: 'application/json',
          content: exportJson(exported)
        }
      case 'csv':
        return { fileName: `${base}.csv`, mimeType: 'text/csv', content: exportCsv(exported) }
      case 'html':
        return {
          fileName: `${base}.html`,
          mimeType: 'text/html',
          content: exportHtml(exported, params.language ?? 'en')
        }
    }
  }

  /**
   * Merges an exported profile back in: into the profile with the same id, or a new one. For
   * every checkpoint and resume point the newer record wins, so nothing newer is overwritten.
   */
  async importProgress(
    params: Params<'progress.import'>
  ): Promise<{ profileId: string; created: boolean; updated: number }> {
    // An ApiFailure with one plain sentence when the file is not an export.
    const exported: ProfileExport = parseProgressExport(params.content)
    const incoming = exported.profile
    let target = this.data.profiles.find((p) => p.id === incoming.id)
    const created = !target
    if (!target) {
      target = { ...incoming, lessons: {} }
      this.data.profiles.push(target)
      this.data.activeProfileId ??= target.id
    }
    let updated = 0
    for (const [key, lesson] of Object.entries(incoming.lessons)) {
      const mine = (target.lessons[key] ??= { checkpoints: {} })
      for (const [id, theirs] of Object.entries(lesson.checkpoints)) {
        const ours = mine.checkpoints[id]
        if (!ours || theirs.updatedAt > ours.updatedAt) {
          mine.checkpoints[id] = theirs
          updated++
        }
      }
      if (
        lesson.position &&
        (!mine.position || lesson.position.updatedAt > mine.position.updatedAt)
      ) {
        mine.position = lesson.position
        updated++
      }
    }
    await this.save()
    return { profileId: target.id, created, updated }
  }
}
