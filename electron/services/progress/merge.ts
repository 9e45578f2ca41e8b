/**
 * Merging two versions of the progress data: what this app instance holds and what another
 * instance (a second window of the browser edition's server, the desktop app and the browser
 * edition side by side, two learners on one lab account) wrote to the same file meanwhile.
 *
 * Nothing either side recorded is dropped. Profiles are the union of both (no request deletes
 * a profile). For one checkpoint recorded on both sides the merge keeps the larger of every
 * count (attempts, hints, seconds: each side counts from the same file, so the larger includes
 * the smaller), a pass from either side (a passed checkpoint stays passed), the earliest first
 * attempt, pass and revealed answer, and the newer last answer. A resume point is the newer of the two.
 */
import type { CheckpointProgress, LessonProgress, ProgressData, StoredProfile } from './schema'

const statusRank = { 'not-started': 0, attempted: 1, passed: 2 } as const

const earliest = (a?: string, b?: string): string | undefined =>
  a === undefined ? b : b === undefined ? a : a < b ? a : b

/** One checkpoint recorded by two instances. */
export function mergeCheckpoint(
  ours: CheckpointProgress,
  theirs: CheckpointProgress
): CheckpointProgress {
  const newer = theirs.updatedAt > ours.updatedAt ? theirs : ours
  const older = newer === ours ? theirs : ours
  const status = statusRank[theirs.status] > statusRank[ours.status] ? theirs.status : ours.status
  const lastAnswer = newer.lastAnswer ?? older.lastAnswer
  const firstAttemptAt = earliest(ours.firstAttemptAt, theirs.firstAttemptAt)
  const passedAt = earliest(ours.passedAt, theirs.passedAt)
  const answerRevealedAt = earliest(ours.answerRevealedAt, theirs.answerRevealedAt)
  return {
    status,
    attempts: Math.max(ours.attempts, theirs.attempts),
    hintsUsed: Math.max(ours.hintsUsed, theirs.hintsUsed),
    secondsSpent: Math.max(ours.secondsSpent, theirs.secondsSpent),
    ...(lastAnswer !== undefined ? { lastAnswer } : {}),
    ...(firstAttemptAt !== undefined ? { firstAttemptAt } : {}),
    ...(passedAt !== undefined ? { passedAt } : {}),
    ...(answerRevealedAt !== undefined ? { answerRevealedAt } : {}),
    updatedAt: newer.updatedAt
  }
}

function mergeLesson(ours: LessonProgress, theirs: LessonProgress): LessonProgress {
  const checkpoints = { ...theirs.checkpoints }
  for (const [id, mine] of Object.entries(ours.checkpoints))
    checkpoints[id] = checkpoints[id] ? mergeCheckpoint(mine, checkpoints[id]) : mine
  const position =
    ours.position && theirs.position
      ? theirs.position.updatedAt > ours.position.updatedAt
        ? theirs.position
        : ours.position
      : (ours.position ?? theirs.position)
  return { checkpoints, ...(position ? { position } : {}) }
}

function mergeProfile(ours: StoredProfile, theirs: StoredProfile): StoredProfile {
  const lessons = { ...theirs.lessons }
  for (const [key, mine] of Object.entries(ours.lessons))
    lessons[key] = lessons[key] ? mergeLesson(mine, lessons[key]) : mine
  return { ...ours, lessons }
}

/**
 * Our data with theirs merged in. The active profile stays ours: each instance has its own
 * learner at the keyboard (theirs is used only when we have none).
 */
export function mergeProgress(ours: ProgressData, theirs: ProgressData): ProgressData {
  const profiles = ours.profiles.map((mine) => {
    const other = theirs.profiles.find((p) => p.id === mine.id)
    return other ? mergeProfile(mine, other) : mine
  })
  for (const other of theirs.profiles)
    if (!ours.profiles.some((p) => p.id === other.id)) profiles.push(other)
  return { activeProfileId: ours.activeProfileId ?? theirs.activeProfileId, profiles }
}
