/**
 * Reads and checks a whole pack from its files, without touching a file system: the caller
 * (CLI, lesson library, authoring mode) hands over the bytes of every file. The result is the
 * loaded pack when nothing is wrong, and every problem found either way.
 */
import type { Lesson, LoadedPack, PackManifest } from './format'
import { parseLesson } from './lesson'
import { appendProblems, hasErrors, sortProblems, type Problem } from './problems'
import { reservedIds, say } from './messages'
import { checkAgainstSchema } from './schema-check'
import { readYaml } from './yaml-source'

/** The files of a pack: path inside the pack (with `/`) → bytes or text. */
export type PackFiles = ReadonlyMap<string, Uint8Array | string>

export interface PackValidation {
  /** Present only when the pack has no errors. */
  pack?: LoadedPack
  /** The manifest, whenever pack.yaml could be read, even if other files are broken. */
  manifest?: PackManifest
  /** Whatever could be read, errors or not: for further checks that should still run. */
  loaded?: LoadedPack
  problems: Problem[]
}

/** Compares `MAJOR.MINOR.PATCH` versions. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0)
  return 0
}

const decoder = new TextDecoder('utf-8', { fatal: true })

function textOf(content: Uint8Array | string): string | undefined {
  if (typeof content === 'string') return content
  try {
    return decoder.decode(content).replace(/^\uFEFF/, '')
  } catch {
    return undefined
  }
}

function manifestFrom(raw: Record<string, unknown>): PackManifest {
  return {
    id: raw.id as string,
    title: raw.title as PackManifest['title'],
    description: raw.description as PackManifest['description'],
    version: raw.version as string,
    authors: raw.authors as string[],
    licence: raw.licence as string,
    languages: raw.languages as string[],
    minAppVersion: (raw['min-app-version'] as string | undefined) ?? '0.0.0',
    lessons: raw.lessons as string[]
  }
}

/** Reads pack.yaml alone: the manifest and its problems. */
export function readManifest(text: string): { manifest?: PackManifest; problems: Problem[] } {
  const file = 'pack.yaml'
  const yaml = readYaml(text, file)
  if (yaml.value === undefined) return { problems: yaml.problems }
  if (typeof yaml.value !== 'object' || yaml.value === null || Array.isArray(yaml.value))
    return {
      problems: [{ file, line: 1, column: 1, ...say('pack.manifestNotMapping') }]
    }
  const problems = checkAgainstSchema(yaml, 'manifest', file, 'what.packYaml')
  if (problems.length > 0) return { problems }
  return { manifest: manifestFrom(yaml.value as Record<string, unknown>), problems }
}

export interface ValidateOptions {
  /** The running app's version, checked against `min-app-version`. */
  appVersion: string
}

/** Largest lesson or manifest file: real lessons are tens of kilobytes, and each is parsed whole. */
export const maxTextFileBytes = 1024 * 1024
/** Largest other file (an image): each image is sent to the page inline with its lesson. */
export const maxOtherFileBytes = 5 * 1024 * 1024

const isTextFile = (path: string): boolean => /\.(md|ya?ml)$/i.test(path)

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`

/** Files too large to be a pack's, each said with its size and the limit. */
function oversizedFiles(files: PackFiles): Problem[] {
  const problems: Problem[] = []
  for (const [file, content] of files) {
    const size = typeof content === 'string' ? content.length : content.byteLength
    const limit = isTextFile(file) ? maxTextFileBytes : maxOtherFileBytes
    if (size > limit)
      problems.push({
        file,
        line: 1,
        column: 1,
        ...say(isTextFile(file) ? 'pack.fileTooBig' : 'pack.assetTooBig', {
          file,
          size: megabytes(size),
          limit: megabytes(limit)
        })
      })
  }
  return problems
}

/**
 * The invisible characters that reorder how text is shown (embeddings, overrides, isolates):
 * with them a program can show one thing in the code pane and run another ("Trojan Source",
 * CVE-2021-42574; gcc 12 warns with -Wbidi-chars), and a title or name can show text it does
 * not hold. A pack has no use for them, so they are refused wherever they are.
 */
const BIDI_CONTROLS: Record<string, string> = {
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE'
}
const bidiControl = /[\u202A-\u202E\u2066-\u2069]/g

/** One problem at the first bidirectional control character of `text`, with how many it holds. */
function bidiControls(text: string, file: string): Problem[] {
  const found = [...text.matchAll(bidiControl)]
  if (found.length === 0) return []
  const first = found[0]
  const before = text.slice(0, first.index)
  const line = before.split('\n').length
  const column = first.index - before.lastIndexOf('\n')
  const character = first[0]
  return [
    {
      file,
      line,
      column,
      ...say('pack.bidiControl', {
        code: `U+${character.codePointAt(0)!.toString(16).toUpperCase()}`,
        name: BIDI_CONTROLS[character],
        count: found.length
      })
    }
  ]
}

/** Reads and checks every file of a pack. */
export function validatePack(files: PackFiles, options: ValidateOptions): PackValidation {
  // Too large to be read safely: refused before anything is parsed.
  const oversized = oversizedFiles(files)
  if (oversized.length > 0) return { problems: sortProblems(oversized) }
  const problems: Problem[] = []
  const manifestBytes = files.get('pack.yaml')
  if (manifestBytes === undefined)
    return { problems: [{ file: 'pack.yaml', line: 1, column: 1, ...say('pack.manifestMissing') }] }
  const manifestText = textOf(manifestBytes)
  if (manifestText === undefined)
    return { problems: [{ file: 'pack.yaml', line: 1, column: 1, ...say('pack.notUtf8', { file: 'pack.yaml' }) }] }
  appendProblems(problems, bidiControls(manifestText, 'pack.yaml'))
  const { manifest, problems: manifestProblems } = readManifest(manifestText)
  appendProblems(problems, manifestProblems)
  if (!manifest) return { problems: sortProblems(problems) }
  const yaml = readYaml(manifestText, 'pack.yaml')

  if (compareVersions(manifest.minAppVersion, options.appVersion) > 0)
    problems.push({
      file: 'pack.yaml',
      ...yaml.locate(['min-app-version']),
      ...say('pack.appTooOld', { needed: manifest.minAppVersion, version: options.appVersion })
    })

  const packFiles = new Set(files.keys())
  const used = new Set(['pack.yaml'])
  const lessons: LoadedPack['lessons'] = {}
  manifest.lessons.forEach((lessonId, lessonIndex) => {
    if (reservedIds.has(lessonId)) {
      problems.push({
        file: 'pack.yaml',
        ...yaml.locate(['lessons', lessonIndex]),
        ...say('pack.reservedId', { id: lessonId })
      })
      return
    }
    const byLanguage: Record<string, Lesson> = {}
    // Only translations that parsed cleanly are compared: a broken file's own errors say more.
    const clean: Lesson[] = []
    for (const language of manifest.languages) {
      const file = `${lessonId}.${language}.md`
      const content = files.get(file)
      if (content === undefined) {
        problems.push({
          file: 'pack.yaml',
          ...yaml.locate(['lessons', lessonIndex]),
          ...say('pack.missingTranslation', { lesson: lessonId, language, file })
        })
        continue
      }
      used.add(file)
      const text = textOf(content)
      if (text === undefined) {
        problems.push({ file, line: 1, column: 1, ...say('pack.notUtf8', { file }) })
        continue
      }
      const parsed = parseLesson(text, { id: lessonId, language, file, packFiles })
      appendProblems(problems, bidiControls(text, file))
      appendProblems(problems, parsed.problems)
      byLanguage[language] = parsed.lesson
      if (!hasErrors(parsed.problems)) clean.push(parsed.lesson)
    }
    appendProblems(problems, compareTranslations(clean))
    lessons[lessonId] = byLanguage
  })
  for (const path of files.keys())
    if (path.endsWith('.md') && !used.has(path) && !/(^|\/)README\.md$/i.test(path))
      problems.push({
        file: path,
        line: 1,
        column: 1,
        severity: 'warning',
        ...say('pack.strayLesson')
      })
  const sorted = sortProblems(problems)
  const loaded = { manifest, lessons }
  return { manifest, loaded, pack: hasErrors(sorted) ? undefined : loaded, problems: sorted }
}

/** Translations must have the same steps and checkpoints, or progress would not line up. */
function compareTranslations(versions: Lesson[]): Problem[] {
  const problems: Problem[] = []
  const [reference, ...others] = versions
  if (!reference) return problems
  for (const other of others) {
    if (other.steps.length !== reference.steps.length) {
      problems.push({
        file: other.file,
        line: 1,
        column: 1,
        ...say('pack.stepCountDiffers', {
          file: other.file,
          steps: other.steps.length,
          reference: reference.file,
          referenceSteps: reference.steps.length
        })
      })
      continue
    }
    other.steps.forEach((step, i) => {
      const mine = step.checkpoints.map((c) => `${c.kind} "${c.id}"`).join(', ')
      const theirs = reference.steps[i].checkpoints.map((c) => `${c.kind} "${c.id}"`).join(', ')
      if (mine !== theirs)
        problems.push({
          file: other.file,
          line: step.fileLine,
          column: 1,
          ...say('pack.checkpointsDiffer', { step: i + 1, mine, reference: reference.file, theirs })
        })
    })
  }
  return problems
}
