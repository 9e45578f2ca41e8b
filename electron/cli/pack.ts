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
import { formatProblem, hasErrors, sortProblems, type Problem } from '../../shared/lessons/problems'
import { checkPrograms, type LessonMachine } from '../../shared/lessons/programs'
import { validatePack } from '../../shared/lessons/validate'
import packageJson from '../../package.json'
import { skeletonFiles } from '../../shared/lessons/skeleton'

const USAGE = `Usage:
  memory-lane pack validate DIR|FILE.mlpack   check a pack; exit 0 only when it is valid
  memory-lane pack build DIR -o FILE.mlpack   validate a pack folder and zip it into one file
  memory-lane pack new NAME                   create a skeleton pack in the folder NAME`

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
          ...(setup.stackLimit ? { stackLimit: setup.stackLimit } : {})
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
function readPack(path: string): Map<string, Uint8Array> | string {
  if (!existsSync(path)) return `${path}: no such file or folder.`
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
    else problems.push(...checkPrograms(result.loaded, machine))
  }
  return {
    problems: sortProblems(problems),
    id: result.manifest?.id,
    lessons: result.manifest?.lessons.length ?? 0,
    languages: result.manifest?.languages ?? [],
    engine
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

async function validate(args: string[]): Promise<number> {
  if (args.length !== 1) {
    console.error(`memory-lane pack validate: give one pack folder or .mlpack file.\n${USAGE}`)
    return 2
  }
  const path = args[0]
  const files = readPack(path)
  if (typeof files === 'string') {
    console.error(files)
    return 1
  }
  const report = await packProblems(files)
  for (const problem of report.problems) console.log(formatProblem(problem))
  if (report.engine) console.error(`warning: C programs were not checked: ${report.engine}.`)
  const errors = report.problems.filter((p) => p.severity !== 'warning').length
  const warnings = report.problems.length - errors
  if (hasErrors(report.problems)) {
    console.error(
      `${path}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}; the pack is not valid.`
    )
    return 1
  }
  console.error(
    `${path}: valid pack "${report.id}" — ${plural(report.lessons, 'lesson')} in ${report.languages.join(', ')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}.`
  )
  return 0
}

async function build(args: string[]): Promise<number> {
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
    console.error(`${source}: not a pack folder.`)
    return 1
  }
  const files = readPackFolder(source)
  const report = await packProblems(files)
  if (hasErrors(report.problems)) {
    for (const problem of report.problems) console.log(formatProblem(problem))
    console.error(`${source}: the pack is not valid, so ${output} was not written.`)
    return 1
  }
  const zip = writeMlpack(files)
  writeFileSync(output, zip)
  console.error(
    `wrote ${output}: pack "${report.id}", ${plural(files.size, 'file')}, ${(zip.length / 1024).toFixed(1)} KB.`
  )
  return 0
}

async function create(args: string[]): Promise<number> {
  if (args.length !== 1) {
    console.error(`memory-lane pack new: give the name of the folder to create.\n${USAGE}`)
    return 2
  }
  const folder = resolve(args[0])
  if (existsSync(folder) && readdirSync(folder).length > 0) {
    console.error(`${args[0]}: the folder exists and is not empty; choose a new name.`)
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
    `created ${args[0]}/ with ${plural(Object.keys(files).length, 'file')}: one lesson of each checkpoint kind, in English and Simplified Chinese.\nCheck it with: memory-lane pack validate ${args[0]}`
  )
  return 0
}

export async function pack(args: string[]): Promise<number> {
  const [command, ...rest] = args
  switch (command) {
    case 'validate':
      return validate(rest)
    case 'build':
      return build(rest)
    case 'new':
      return create(rest)
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
