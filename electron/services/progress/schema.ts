/**
 * The progress file's shape, version by version, and the migrations between them.
 *
 * Version 1 (Memory Lane 0.0.x) kept, per profile, a tree pack → lesson → checkpoint with
 * `passed` and `attempts` only. Version 2 adds hints, time, last answers, timestamps and the
 * resume point (lesson step, program, simulator step), and a checksum that detects damage and
 * hand edits. `migrate` upgrades any older file step by step to the current version.
 */

/** The version this build writes. */
export const currentVersion = 2

export type CheckpointStatus = 'not-started' | 'attempted' | 'passed'

/** One learner's result on one checkpoint. */
export interface CheckpointProgress {
  status: CheckpointStatus
  attempts: number
  hintsUsed: number
  secondsSpent: number
  /** The learner's last answer or program, as text. */
  lastAnswer?: string
  firstAttemptAt?: string
  passedAt?: string
  /**
   * When the learner, after trying, asked to see the answer (and its explanation). It is not a
   * pass; it is kept so that the learner still sees the answer after a restart and the
   * instructor knows it was shown.
   */
  answerRevealedAt?: string
  /** ISO time of the last change; merges keep the newer record. */
  updatedAt: string
}

/** Where a learner stopped in a lesson. */
export interface ResumePoint {
  step: number
  program?: string
  simulatorStep?: number
  updatedAt: string
}

export interface LessonProgress {
  checkpoints: Record<string, CheckpointProgress>
  position?: ResumePoint
}

export interface StoredProfile {
  id: string
  name: string
  colour?: string
  createdAt: string
  /** Keyed by `packId/lessonId`. */
  lessons: Record<string, LessonProgress>
}

/** The content of the progress file, checksum aside. */
export interface ProgressData {
  activeProfileId: string | null
  profiles: StoredProfile[]
}

/** The file as written: a header, the data and a checksum of the data. */
export interface ProgressFile {
  format: 'memory-lane-progress'
  version: number
  savedAt: string
  data: ProgressData
  /** SHA-256 of `JSON.stringify(data)`, hex. */
  checksum: string
}

/** Version 1, as older builds wrote it (no checksum). */
export interface ProgressFileV1 {
  format: 'memory-lane-progress'
  version: 1
  active: string | null
  profiles: Array<{
    id: string
    name: string
    colour?: string
    created: string
    progress: Record<
      string,
      Record<
        string,
        { step?: number; checkpoints: Record<string, { passed: boolean; attempts: number }> }
      >
    >
  }>
}

/** Upgrades version-1 data to version 2. Times unknown to v1 become the profile's creation. */
export function migrateV1(file: ProgressFileV1): ProgressData {
  return {
    activeProfileId: file.active,
    profiles: file.profiles.map((old) => {
      const lessons: Record<string, LessonProgress> = {}
      for (const [packId, byLesson] of Object.entries(old.progress))
        for (const [lessonId, lesson] of Object.entries(byLesson)) {
          const checkpoints: Record<string, CheckpointProgress> = {}
          for (const [checkpointId, result] of Object.entries(lesson.checkpoints))
            checkpoints[checkpointId] = {
              status: result.passed ? 'passed' : result.attempts > 0 ? 'attempted' : 'not-started',
              attempts: result.attempts,
              hintsUsed: 0,
              secondsSpent: 0,
              updatedAt: old.created,
              ...(result.passed ? { passedAt: old.created } : {})
            }
          lessons[`${packId}/${lessonId}`] = {
            checkpoints,
            ...(lesson.step !== undefined
              ? { position: { step: lesson.step, updatedAt: old.created } }
              : {})
          }
        }
      return {
        id: old.id,
        name: old.name,
        ...(old.colour ? { colour: old.colour } : {}),
        createdAt: old.created,
        lessons
      }
    })
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isString = (v: unknown): v is string => typeof v === 'string'
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0

/** Keys that would reach JavaScript's object machinery instead of a record. */
const unsafeKeys = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * What can be wrong with progress data, in English: `{name}` parameters are ids and names as
 * the file spells them. The page says them in the learner's language under
 * `app.main.progressImport.damagedData.<key>` (an imported export), and
 * renderer/src/api/sentences.test.ts holds its English to these templates.
 */
export const DATA_PROBLEMS = {
  notObject: 'the data is not an object',
  activeProfile: 'activeProfileId is neither a string nor null',
  profilesNotList: 'profiles is not a list',
  profileUnnamed: 'a profile has no id or name',
  noLessons: 'profile {profile} has no lessons record',
  lessonId: 'a lesson is named "{lesson}", which is not a lesson id',
  lessonMalformed: 'lesson {lesson} is malformed',
  checkpointId:
    'a checkpoint of lesson {lesson} is named "{checkpoint}", which is not a checkpoint id',
  checkpointMalformed: 'checkpoint {lesson}/{checkpoint} is malformed',
  resumeMalformed: 'the resume point of {lesson} is malformed'
} as const

/** What is wrong, as a key of DATA_PROBLEMS with its parameters, and in English. */
export interface DataProblem {
  key: keyof typeof DATA_PROBLEMS
  params: Record<string, string>
  text: string
}

function dataProblem(
  key: keyof typeof DATA_PROBLEMS,
  params: Record<string, string> = {}
): DataProblem {
  // Filled by hand, not by a template engine: an id may hold braces of its own.
  const text = DATA_PROBLEMS[key].replace(/\{(\w+)\}/g, (_, name: string) => params[name])
  return { key, params, text }
}

/** What is wrong with data claiming to be version 2, or null when it is well-formed. */
export function problemInData(data: unknown): string | null {
  return findDataProblem(data)?.text ?? null
}

/** problemInData with its key and parameters, so that it can be said in other languages. */
export function findDataProblem(data: unknown): DataProblem | null {
  if (!isObject(data)) return dataProblem('notObject')
  if (data.activeProfileId !== null && !isString(data.activeProfileId))
    return dataProblem('activeProfile')
  if (!Array.isArray(data.profiles)) return dataProblem('profilesNotList')
  for (const profile of data.profiles) {
    if (!isObject(profile) || !isString(profile.id) || !isString(profile.name))
      return dataProblem('profileUnnamed')
    if (!isObject(profile.lessons)) return dataProblem('noLessons', { profile: profile.id })
    for (const [key, lesson] of Object.entries(profile.lessons)) {
      if (unsafeKeys.has(key)) return dataProblem('lessonId', { lesson: key })
      if (!isObject(lesson) || !isObject(lesson.checkpoints))
        return dataProblem('lessonMalformed', { lesson: key })
      for (const [id, c] of Object.entries(lesson.checkpoints)) {
        if (unsafeKeys.has(id)) return dataProblem('checkpointId', { lesson: key, checkpoint: id })
        if (
          !isObject(c) ||
          !['not-started', 'attempted', 'passed'].includes(c.status as string) ||
          !isCount(c.attempts) ||
          !isCount(c.hintsUsed) ||
          !isCount(c.secondsSpent) ||
          !isString(c.updatedAt) ||
          (c.answerRevealedAt !== undefined && !isString(c.answerRevealedAt))
        )
          return dataProblem('checkpointMalformed', { lesson: key, checkpoint: id })
      }
      if (lesson.position !== undefined) {
        const p = lesson.position
        if (!isObject(p) || !isCount(p.step)) return dataProblem('resumeMalformed', { lesson: key })
      }
    }
  }
  return null
}
