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
import {
  checkPackPaths,
  readMlpack,
  UnsafePackError,
  writeMlpack
} from '../services/lesson-library/mlpack'
import { readPackFolder } from '../services/lesson-library/pack-folder'
import { packProblems } from '../services/lesson-library/pack-check'
import { hasErrors } from '../../shared/lessons/problems'
import type { PackMessageKey } from '../../shared/lessons/messages'
import packageJson from '../../package.json'
import { skeletonFiles } from '../../shared/lessons/skeleton'
import {
  count,
  packLanguage,
  problemLineIn,
  refusalIn,
  sayIn,
  type PackLanguage
} from './pack-language'

/** `memory-lane pack --help` in `language`: the commands as typed, what each does (cli.pack*). */
function packUsage(language: PackLanguage): string {
  const commands: Array<[string, PackMessageKey]> = [
    ['validate DIR|FILE.mlpack', 'cli.packValidate'],
    ['build DIR -o FILE.mlpack', 'cli.packBuild'],
    ['new NAME', 'cli.packNew']
  ]
  return [
    sayIn(language, 'cli.usage'),
    ...commands.map(
      ([syntax, key]) => `  memory-lane pack ${syntax.padEnd(26)} ${sayIn(language, key)}`
    ),
    sayIn(language, 'cli.packOtherLanguage')
  ].join('\n')
}

/** Reads a pack folder or `.mlpack` file: its files, or a one-line reason it cannot be read. */
function readPack(path: string, language: PackLanguage): Map<string, Uint8Array> | string {
  if (!existsSync(path)) return sayIn(language, 'cli.noSuchPath', { path })
  try {
    if (statSync(path).isDirectory()) {
      // Held to what an import of the pack built from it would accept (names Windows or macOS
      // cannot tell apart, or cannot hold), so the author hears it here.
      const files = readPackFolder(path)
      checkPackPaths([...files.keys()])
      return files
    }
    return readMlpack(new Uint8Array(readFileSync(path)))
  } catch (error) {
    // A folder of too many files (a home folder) is refused by its reader as a zip is.
    if (error instanceof UnsafePackError)
      return sayIn(language, 'cli.unreadablePack', { path, detail: refusalIn(language, error) })
    throw error
  }
}

async function validate(args: string[], language: PackLanguage): Promise<number> {
  if (args.length !== 1) {
    console.error(`${sayIn(language, 'cli.packValidateWhich')}\n${packUsage(language)}`)
    return 2
  }
  const path = args[0]
  const files = readPack(path, language)
  if (typeof files === 'string') {
    console.error(files)
    return 1
  }
  const report = await packProblems(files, { appVersion: packageJson.version })
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
      console.error(
        `${sayIn(language, 'cli.packBuildUnexpected', { argument: args[i] })}\n${packUsage(language)}`
      )
      return 2
    }
  }
  if (!source || !output) {
    console.error(`${sayIn(language, 'cli.packBuildWhich')}\n${packUsage(language)}`)
    return 2
  }
  if (!existsSync(source) || !statSync(source).isDirectory()) {
    console.error(sayIn(language, 'cli.notAFolder', { path: source }))
    return 1
  }
  const files = readPackFolder(source)
  const report = await packProblems(files, { appVersion: packageJson.version })
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
    console.error(`${sayIn(language, 'cli.packNewWhich')}\n${packUsage(language)}`)
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
      console.log(packUsage(language))
      return command ? 0 : 2
    default:
      console.error(
        `${sayIn(language, 'cli.packUnknownCommand', { name: command })}\n${packUsage(language)}`
      )
      return 2
  }
}
