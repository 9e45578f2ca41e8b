/**
 * `memory-lane pack` — tools for lesson-pack authors:
 *
 *   memory-lane pack validate DIR|FILE.mlpack   every problem as file:line:column: message
 *   memory-lane pack build DIR -o FILE.mlpack   validate, then zip the folder into one file
 *   memory-lane pack new NAME                   a working skeleton to start from
 *
 * `validate` compiles every C program with the C engine, runs each task's reference solution
 * and checks it meets its own condition; it exits 0 only when the pack is valid.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { readMlpack, UnsafePackError, writeMlpack } from '../services/lesson-library/mlpack'
import { readPackFolder } from '../services/lesson-library/pack-folder'
import type { RunTarget, StepSetup } from '../../shared/lessons/format'
import {
  appendProblems,
  hasErrors,
  sortProblems,
  type Problem
} from '../../shared/lessons/problems'
import { checkPrograms, type LessonMachine } from '../../shared/lessons/programs'
import { validatePack } from '../../shared/lessons/validate'
import packageJson from '../../package.json'
import { skeletonFiles } from '../../shared/lessons/skeleton'
import { count, packLanguage, problemLineIn, sayIn, type PackLanguage } from './pack-language'

const USAGE = `Usage:
  memory-lane pack validate DIR|FILE.mlpack   check a pack; exit 0 only when it is valid
  memory-lane pack build DIR -o FILE.mlpack   validate a pack folder and zip it into one file
  memory-lane pack new NAME                   create a skeleton pack in the folder NAME
Add --lang zh-CN for Simplified Chinese (the default follows LANG).`

/** Longest one program of a pack runs while the pack is checked, in ms. */
export const programTimeLimitMs = 5_000

/** The C engine as the pack checks use it; undefined (with the reason) when it cannot load. */
export async function loadLessonMachine(
  timeLimitMs = programTimeLimitMs
): Promise<LessonMachine | string> {
  try {
    const lang = await import('../../shared/lang/index')
    const { RunSession } = await import('../../shared/lang/session')
    return {
      compile(source) {
        const result = lang.compile(source)
        const diagnostics = result.ok ? result.program.warnings : result.diagnostics
        return diagnostics.map((d) => ({
          line: d.line,
          column: d.column,
          message: d.message,
          severity: d.severity === 'error' ? 'error' : 'warning'
        }))
      },
      run(source: string, setup: StepSetup, target: RunTarget) {
        const session = new RunSession(source, {
          ...(setup.layout ? { layout: setup.layout } : {}),
          ...(setup.allocator ? { allocator: setup.allocator } : {}),
          ...(setup.allocatorOptions ? { allocatorOptions: setup.allocatorOptions as never } : {}),
          ...(setup.stackLimit ? { stackLimit: setup.stackLimit } : {}),
          // As a learner's run in the app (SimulatorHostOptions.simulatedMemoryMb).
          memoryLimit: 128 * 1024 * 1024
        })
        if (!session.process)
          throw new Error(session.diagnostics[0]?.message ?? 'it did not compile')
        // A program that never ends, or allocates and fills memory without end, is ended where
        // it got to after this long (its exit says so), as the app's worker ends a learner's
        // run: memory fills only as fast as the program runs, so time bounds it too.
        session.runTimeLimitMs = timeLimitMs
        // "run-to: line N" pauses before line N runs; a run already there stays.
        if (target.kind === 'end') session.runToEnd()
        else if (target.kind === 'step') session.jumpTo(target.step)
        else if (session.currentLine() !== target.line) session.runToLine(target.line)
        return session.state()
      }
    }
  } catch (error) {
    return `the C engine could not be loaded (${error instanceof Error ? error.message : String(error)})`
  }
}

/** Reads a pack folder or `.mlpack` file: its files, or a one-line reason it cannot be read. */
function readPack(path: string, language: PackLanguage): Map<string, Uint8Array> | string {
  if (!existsSync(path)) return sayIn(language, 'cli.noSuchPath', { path })
  if (statSync(path).isDirectory()) return readPackFolder(path)
  try {
    return readMlpack(new Uint8Array(readFileSync(path)))
  } catch (error) {
    if (error instanceof UnsafePackError) return `${path}: ${error.message}`
    throw error
  }
}

/** All problems of a pack, engine checks included. */
export async function packProblems(
  files: ReadonlyMap<string, Uint8Array>,
  timeLimitMs = programTimeLimitMs
): Promise<{
  problems: Problem[]
  id?: string
  lessons: number
  languages: string[]
  engine?: string
}> {
  const result = validatePack(files, { appVersion: packageJson.version })
  const problems = [...result.problems]
  let engine: string | undefined
  if (result.loaded) {
    const machine = await loadLessonMachine(timeLimitMs)
    if (typeof machine === 'string') engine = machine
    else appendProblems(problems, checkPrograms(result.loaded, machine))
  }
  return {
    problems: sortProblems(problems),
    id: result.manifest?.id,
    lessons: result.manifest?.lessons.length ?? 0,
    languages: result.manifest?.languages ?? [],
    engine
  }
}

async function validate(args: string[], language: PackLanguage): Promise<number> {
  if (args.length !== 1) {
    console.error(`memory-lane pack validate: give one pack folder or .mlpack file.\n${USAGE}`)
    return 2
  }
  const path = args[0]
  const files = readPack(path, language)
  if (typeof files === 'string') {
    console.error(files)
    return 1
  }
  const report = await packProblems(files)
  for (const problem of report.problems) console.log(problemLineIn(language, problem))
  if (report.engine) console.error(sayIn(language, 'cli.engineMissing', { reason: report.engine }))
  const errors = report.problems.filter((p) => p.severity !== 'warning').length
  const warnings = report.problems.length - errors
  const warningCount = count(warnings, 'cli.warning', 'cli.warnings')
  if (hasErrors(report.problems)) {
    console.error(
      sayIn(language, 'cli.notValid', {
        path,
        errors: count(errors, 'cli.error', 'cli.errors'),
        warnings: warningCount
      })
    )
    return 1
  }
  const valid = {
    path,
    id: report.id ?? '',
    lessons: count(report.lessons, 'cli.lesson', 'cli.lessons'),
    languages: report.languages.join(', ')
  }
  console.error(
    warnings
      ? sayIn(language, 'cli.validWithWarnings', { ...valid, warnings: warningCount })
      : sayIn(language, 'cli.valid', valid)
  )
  return 0
}

async function build(args: string[], language: PackLanguage): Promise<number> {
  let source: string | undefined
  let output: string | undefined
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-o' || args[i] === '--output') output = args[++i]
    else if (args[i].startsWith('--output=')) output = args[i].slice('--output='.length)
    else if (source === undefined) source = args[i]
    else {
      console.error(`memory-lane pack build: unexpected argument "${args[i]}".\n${USAGE}`)
      return 2
    }
  }
  if (!source || !output) {
    console.error(`memory-lane pack build: give a pack folder and -o FILE.mlpack.\n${USAGE}`)
    return 2
  }
  if (!existsSync(source) || !statSync(source).isDirectory()) {
    console.error(sayIn(language, 'cli.notAFolder', { path: source }))
    return 1
  }
  const files = readPackFolder(source)
  const report = await packProblems(files)
  if (hasErrors(report.problems)) {
    for (const problem of report.problems) console.log(problemLineIn(language, problem))
    console.error(sayIn(language, 'cli.notWritten', { path: source, output }))
    return 1
  }
  const zip = writeMlpack(files)
  writeFileSync(output, zip)
  console.error(
    sayIn(language, 'cli.wrote', {
      output,
      id: report.id ?? '',
      files: count(files.size, 'cli.file', 'cli.files'),
      size: (zip.length / 1024).toFixed(1)
    })
  )
  return 0
}

async function create(args: string[], language: PackLanguage): Promise<number> {
  if (args.length !== 1) {
    console.error(`memory-lane pack new: give the name of the folder to create.\n${USAGE}`)
    return 2
  }
  const folder = resolve(args[0])
  if (existsSync(folder) && readdirSync(folder).length > 0) {
    console.error(sayIn(language, 'cli.folderNotEmpty', { path: args[0] }))
    return 1
  }
  const id =
    basename(folder)
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^[^a-z0-9]+|-+$/g, '')
      .slice(0, 64) || 'my-pack'
  const files = skeletonFiles(id.length >= 2 ? id : `${id}-pack`)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(folder, path, '..'), { recursive: true })
    writeFileSync(join(folder, path), content)
  }
  console.error(
    `${sayIn(language, 'cli.created', {
      path: args[0],
      files: count(Object.keys(files).length, 'cli.file', 'cli.files')
    })}\n${sayIn(language, 'cli.checkWith', { path: args[0] })}`
  )
  return 0
}

export async function pack(
  args: string[],
  env: Record<string, string | undefined> = process.env
): Promise<number> {
  // `--lang zh-CN` (or --lang=zh-CN) anywhere; without it, the shell's locale.
  let flag: string | undefined
  const rest: string[] = []
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--lang') flag = args[++i] ?? ''
    else if (args[i].startsWith('--lang=')) flag = args[i].slice('--lang='.length)
    else rest.push(args[i])
  }
  const language = packLanguage(flag, env)
  const command = rest.shift()
  switch (command) {
    case 'validate':
      return validate(rest, language)
    case 'build':
      return build(rest, language)
    case 'new':
      return create(rest, language)
    case undefined:
    case '--help':
    case '-h':
      console.log(USAGE)
      return command ? 0 : 2
    default:
      console.error(`memory-lane pack: unknown command "${command}".\n${USAGE}`)
      return 2
  }
}
