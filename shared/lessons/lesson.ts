/**
 * Lesson Markdown → steps. A lesson file is Markdown whose steps are separated by lines that
 * hold only `---`. Inside a step, fenced blocks with special info strings set things up:
 *
 * - ```` ```setup ```` — YAML: layout, allocator, `run-to`, views to show and highlight;
 * - ```` ```c ```` — the step's C program (`readonly`, `editable=3-5`; `snippet` for a C
 *   example that is only prose);
 * - ```` ```checkpoint ```` — YAML: one checkpoint (`choice`, `number`, `predict`, `task`).
 *
 * Everything else is prose. A step inherits the setup and program of the step before it.
 */
import type {
  Checkpoint,
  ChoiceOption,
  Lesson,
  LessonStep,
  LineRange,
  ProgramSpec,
  RunTarget,
  StepSetup
} from './format'
import { checkpointKinds } from './format'
import { compileExpression } from './expression'
import { MAX_SOURCE_LENGTH } from '../api'
import { checkMachineSetup, type SetupBlockKeys } from './machine-setup'
import { checkMarkdown } from './markdown-check'
import { appendProblems, LineIndex, type Problem } from './problems'
import { reservedIds, say } from './messages'
import { checkAgainstSchema } from './schema-check'
import { readYaml, type YamlSource } from './yaml-source'

interface Fence {
  info: string
  /** 0-based line of the opening fence. */
  openLine: number
  /** 0-based line of the closing fence (lines.length when unclosed). */
  closeLine: number
}

interface RawStep {
  /** 0-based first and past-the-end lines of the step. */
  from: number
  to: number
  fences: Fence[]
}

const fenceOpen = /^ {0,3}(`{3,}|~{3,})\s*([^`]*)$/

/** Splits a file into steps at `---` lines outside fenced code, collecting each step's fences. */
function splitSteps(lines: string[]): { steps: RawStep[]; unclosed?: Fence } {
  const steps: RawStep[] = []
  let current: RawStep = { from: 0, to: lines.length, fences: [] }
  let unclosed: Fence | undefined
  for (let i = 0; i < lines.length; i++) {
    const open = fenceOpen.exec(lines[i])
    if (open) {
      const marker = open[1]
      const fence: Fence = { info: open[2].trim(), openLine: i, closeLine: lines.length }
      let j = i + 1
      for (; j < lines.length; j++) {
        const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[j])
        if (close && close[1][0] === marker[0] && close[1].length >= marker.length) break
      }
      fence.closeLine = j
      if (j === lines.length) unclosed = fence
      current.fences.push(fence)
      i = j
      continue
    }
    if (/^---\s*$/.test(lines[i])) {
      current.to = i
      steps.push(current)
      current = { from: i + 1, to: lines.length, fences: [] }
    }
  }
  steps.push(current)
  return { steps, unclosed }
}

/** Parses `line 12`, `step 40`, `end` or a bare line number. */
export function parseRunTarget(value: unknown): RunTarget | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0)
    return { kind: 'line', line: value }
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  if (text === 'end') return { kind: 'end' }
  const match = /^(line|step) (\d+)$/.exec(text)
  if (!match) return undefined
  const n = Number(match[2])
  return match[1] === 'line' ? { kind: 'line', line: n } : { kind: 'step', step: n }
}

function parseEditable(word: string): LineRange[] | undefined {
  const ranges: LineRange[] = []
  for (const part of word.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim())
    if (!match) return undefined
    const from = Number(match[1])
    const to = Number(match[2] ?? match[1])
    if (from < 1 || to < from) return undefined
    ranges.push({ from, to })
  }
  return ranges
}

/** The most steps a lesson may have (the built-in lessons have at most 10). */
export const maxLessonSteps = 100

/** Everything a lesson parse needs besides the text. */
export interface LessonContext {
  /** Lesson id (the file name before the language). */
  id: string
  language: string
  /** Path of the file inside the pack. */
  file: string
  /** Every file path of the pack, for image checks. */
  packFiles: ReadonlySet<string>
}

/** Parses one lesson file; problems are reported, never thrown. */
export function parseLesson(text: string, context: LessonContext): { lesson: Lesson; problems: Problem[] } {
  const { file } = context
  const problems: Problem[] = []
  const index = new LineIndex(text)
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''))
  const { steps: rawSteps, unclosed } = splitSteps(lines)
  if (unclosed)
    problems.push({
      file,
      line: unclosed.openLine + 1,
      column: 1,
      ...say('lesson.fenceUnclosed', { info: unclosed.info })
    })
  // Each step is a page of the lesson; a 1 MB file of "---" lines would be 250,000 of them.
  if (rawSteps.length > maxLessonSteps) {
    problems.push({
      file,
      // The "---" that opens the first step past the limit.
      line: rawSteps[maxLessonSteps].from,
      column: 1,
      ...say('lesson.tooManySteps', { steps: rawSteps.length, limit: maxLessonSteps })
    })
    return { lesson: { id: context.id, language: context.language, file, title: context.id, steps: [] }, problems }
  }
  const steps: LessonStep[] = []
  const checkpointIds = new Map<string, number>()
  let setup: StepSetup = {}
  let program: ProgramSpec | undefined
  /** Line of the allocator-options the current setup carries, for a later step's messages. */
  let optionsLine: number | undefined
  let lessonTitle: string | undefined

  for (const raw of rawSteps) {
    const blockLines = new Set<number>()
    let stepProgram: ProgramSpec | undefined
    let stepSetup: StepSetup = { ...setup }
    let setupBlock: SetupBlockKeys | undefined
    const checkpoints: Checkpoint[] = []
    for (const fence of raw.fences) {
      const words = fence.info.split(/\s+/).filter(Boolean)
      const kind = words[0]
      const contentStart = fence.openLine + 1
      const content = lines.slice(contentStart, fence.closeLine).join('\n')
      const baseOffset = index.lineStart(contentStart + 1)
      const removeBlock = (): void => {
        for (let l = fence.openLine; l <= Math.min(fence.closeLine, lines.length - 1); l++) blockLines.add(l)
      }
      if (kind === 'setup') {
        removeBlock()
        const yaml = readYaml(content, file, index, baseOffset)
        appendProblems(problems, yaml.problems)
        if (yaml.value === undefined) continue
        const schemaProblems = checkAgainstSchema(yaml, 'setup', file, 'what.setup')
        appendProblems(problems, schemaProblems)
        if (schemaProblems.length === 0) {
          const written = yaml.value as Record<string, unknown>
          stepSetup = { ...stepSetup, ...setupFrom(written) }
          setupBlock = {
            has: (key) => Object.hasOwn(written, key),
            at: (path, key) => yaml.locate(path, key),
            fenceLine: fence.openLine + 1
          }
        }
      } else if (kind === 'checkpoint') {
        removeBlock()
        const checkpoint = readCheckpoint(content, file, index, baseOffset, fence.openLine + 1, context, problems)
        if (!checkpoint) continue
        const previous = checkpointIds.get(checkpoint.id)
        if (reservedIds.has(checkpoint.id))
          problems.push({
            file,
            line: fence.openLine + 1,
            column: 1,
            ...say('lesson.reservedId', { id: checkpoint.id })
          })
        else if (previous !== undefined)
          problems.push({
            file,
            line: fence.openLine + 1,
            column: 1,
            ...say('lesson.duplicateCheckpointId', { id: checkpoint.id, line: previous })
          })
        else checkpointIds.set(checkpoint.id, fence.openLine + 1)
        checkpoints.push(checkpoint)
      } else if (kind === 'c' && !words.includes('snippet')) {
        if (stepProgram) {
          problems.push({
            file,
            line: fence.openLine + 1,
            column: 1,
            ...say('lesson.secondProgram')
          })
          continue
        }
        removeBlock()
        let editable: LineRange[] = []
        for (const word of words.slice(1)) {
          if (word === 'readonly') continue
          if (word.startsWith('editable=')) {
            const ranges = parseEditable(word.slice('editable='.length))
            if (ranges) editable = ranges
            else
              problems.push({
                file,
                line: fence.openLine + 1,
                column: lines[fence.openLine].indexOf(word) + 1,
                ...say('lesson.rangesNeeded', { word })
              })
          } else
            problems.push({
              file,
              line: fence.openLine + 1,
              column: lines[fence.openLine].indexOf(word) + 1,
              ...say('lesson.unknownFenceWord', { word })
            })
        }
        if (content.length + 1 > MAX_SOURCE_LENGTH)
          problems.push({
            file,
            line: fence.openLine + 1,
            column: 1,
            ...say('lesson.programTooLong', { length: content.length + 1, limit: MAX_SOURCE_LENGTH })
          })
        const lineCount = fence.closeLine - contentStart
        for (const range of editable)
          if (range.to > lineCount)
            problems.push({
              file,
              line: fence.openLine + 1,
              column: lines[fence.openLine].indexOf('editable=') + 1,
              ...say('lesson.editablePastEnd', { line: range.to, count: lineCount })
            })
        stepProgram = {
          source: content + '\n',
          readonly: words.includes('readonly'),
          editable,
          fileLine: contentStart + 1
        }
      }
    }
    if (stepProgram) program = stepProgram
    if (setupBlock) {
      for (const problem of checkMachineSetup(stepSetup, setupBlock, optionsLine)) problems.push({ file, ...problem })
      if (setupBlock.has('allocator-options')) optionsLine = setupBlock.at(['allocator-options'], true).line
    }
    const runTo = stepSetup.runTo
    if (runTo?.kind === 'line' && program) {
      const count = program.source.split('\n').length - 1
      if (runTo.line > count) problems.push(runToProblem(file, raw, lines, runTo.line, count))
    } else if (runTo?.kind === 'line' && !program) {
      problems.push({ ...runToProblem(file, raw, lines, runTo.line, 0), ...say('lesson.runToWithoutProgram') })
    }
    for (const checkpoint of checkpoints)
      if (checkpoint.kind === 'predict' && checkpoint.runTo.kind === 'line' && program) {
        const count = program.source.split('\n').length - 1
        if (checkpoint.runTo.line > count)
          problems.push({
            file,
            line: checkpoint.fileLine + 1,
            column: 1,
            ...say('lesson.runToPastEnd', { line: checkpoint.runTo.line, count })
          })
      }
    setup = stepSetup
    const prose: string[] = []
    for (let l = raw.from; l < raw.to; l++) if (!blockLines.has(l)) prose.push(lines[l])
    const markdown = prose.join('\n').trim()
    appendProblems(problems, checkMarkdown(lines.slice(raw.from, raw.to).join('\n'), { file, fileLines: lines, firstLine: raw.from + 1 }, context.packFiles).filter(
        (p) => !blockLines.has(p.line - 1)
      ))
    const title = headingOf(markdown)
    if (lessonTitle === undefined) lessonTitle = /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim()
    const empty = markdown === '' && raw.fences.length === 0
    if (empty) {
      problems.push({ file, line: Math.min(raw.from + 1, lines.length), column: 1, ...say('lesson.emptyStep') })
      continue
    }
    steps.push({
      index: steps.length,
      title,
      markdown,
      fileLine: raw.from + 1,
      setup: stepSetup,
      program,
      programChanged: stepProgram !== undefined,
      checkpoints
    })
  }
  return {
    lesson: { id: context.id, language: context.language, file, title: lessonTitle ?? context.id, steps },
    problems
  }
}

function runToProblem(file: string, raw: RawStep, lines: string[], line: number, count: number): Problem {
  let where = raw.from
  for (let l = raw.from; l < raw.to; l++)
    if (/^\s*run-to\s*:/.test(lines[l])) {
      where = l
      break
    }
  return {
    file,
    line: where + 1,
    column: Math.max(1, lines[where].indexOf('run-to') + 1),
    ...say('lesson.runToPastEnd', { line, count })
  }
}

function headingOf(markdown: string): string | undefined {
  let inFence = false
  for (const line of markdown.split('\n')) {
    if (/^ {0,3}(`{3,}|~{3,})/.test(line)) inFence = !inFence
    const match = !inFence && /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line)
    if (match) return match[1]
  }
  return undefined
}

function setupFrom(raw: Record<string, unknown>): StepSetup {
  const setup: StepSetup = {}
  if (raw.layout !== undefined) setup.layout = raw.layout as StepSetup['layout']
  if (raw.allocator !== undefined) setup.allocator = raw.allocator as string
  if (raw['allocator-options'] !== undefined)
    setup.allocatorOptions = raw['allocator-options'] as StepSetup['allocatorOptions']
  if (raw['stack-limit'] !== undefined) setup.stackLimit = raw['stack-limit'] as number
  if (raw['run-to'] !== undefined) setup.runTo = parseRunTarget(raw['run-to'])
  if (raw.show !== undefined) setup.show = raw.show as StepSetup['show']
  if (raw.highlight !== undefined) setup.highlight = raw.highlight as string[]
  return setup
}

/** Position of an expression error: the YAML value's position plus the offset inside it. */
function expressionPosition(
  yaml: YamlSource,
  path: Array<string | number>,
  offset: number,
  lines: string[]
): { line: number; column: number } {
  const at = yaml.locate(path)
  const quoted = /^["']/.test((lines[at.line - 1] ?? '').slice(at.column - 1))
  return { line: at.line, column: at.column + offset + (quoted ? 1 : 0) }
}

function readCheckpoint(
  content: string,
  file: string,
  index: LineIndex,
  baseOffset: number,
  fenceLine: number,
  context: LessonContext,
  problems: Problem[]
): Checkpoint | undefined {
  const lines = index.text.split('\n')
  const yaml = readYaml(content, file, index, baseOffset)
  appendProblems(problems, yaml.problems)
  if (yaml.value === undefined) return undefined
  const raw = yaml.value as Record<string, unknown>
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ file, line: fenceLine + 1, column: 1, ...say('lesson.checkpointNotMapping') })
    return undefined
  }
  if (typeof raw.kind === 'string' && !(checkpointKinds as readonly string[]).includes(raw.kind)) {
    problems.push({
      file,
      ...yaml.locate(['kind']),
      ...say('lesson.unknownCheckpointKind', { kind: raw.kind })
    })
    return undefined
  }
  const schemaProblems = checkAgainstSchema(yaml, 'checkpoint', file, 'what.checkpoint')
  appendProblems(problems, schemaProblems)
  if (schemaProblems.length > 0) return undefined

  const checkExpressionAt = (path: Array<string | number>, source: string, type: 'boolean' | 'number'): void => {
    const compiled = compileExpression(source, type)
    if (!compiled.ok)
      problems.push({ file, ...expressionPosition(yaml, path, compiled.error.offset, lines), ...say('lesson.expressionIn', { problem: compiled.error.reason, source }) })
  }
  const markdownAt = (path: Array<string | number>, markdown: string | undefined): void => {
    if (markdown === undefined) return
    appendProblems(problems, checkMarkdown(markdown, { file, fileLines: lines, firstLine: 1, fixed: yaml.locate(path) }, context.packFiles))
  }
  const base = {
    id: raw.id as string,
    prompt: raw.prompt as string,
    explanation: raw.explanation as string | undefined,
    hints: (raw.hints as string[] | undefined) ?? [],
    fileLine: fenceLine
  }
  markdownAt(['prompt'], base.prompt)
  markdownAt(['explanation'], base.explanation)
  base.hints.forEach((hint, i) => markdownAt(['hints', i], hint))
  const options = (raw.options as Array<Record<string, unknown>> | undefined)?.map(
    (o): ChoiceOption => ({
      text: o.text as string,
      correct: o.correct === true,
      feedback: o.feedback as string | undefined,
      when: o.when as string | undefined
    })
  )
  options?.forEach((o, i) => {
    markdownAt(['options', i, 'text'], o.text)
    markdownAt(['options', i, 'feedback'], o.feedback)
  })
  const expected = raw.expected as number | string | undefined
  if (typeof expected === 'string') checkExpressionAt(['expected'], expected, 'number')

  switch (raw.kind as Checkpoint['kind']) {
    case 'choice': {
      const correct = options!.filter((o) => o.correct).length
      const multiple = raw.multiple === true
      if (correct === 0 || (!multiple && correct > 1))
        problems.push({
          file,
          ...yaml.locate(['options']),
          ...(multiple ? say('lesson.choiceMultipleNone') : say('lesson.choiceSingle', { found: correct }))
        })
      options!.forEach((o, i) => {
        if (o.when !== undefined)
          problems.push({ file, ...yaml.locate(['options', i, 'when'], true), ...say('lesson.whenInChoice') })
      })
      return { ...base, kind: 'choice', multiple, options: options! }
    }
    case 'number':
      return { ...base, kind: 'number', expected: expected!, tolerance: (raw.tolerance as number | undefined) ?? 0, unit: raw.unit as string | undefined }
    case 'predict': {
      if ((options === undefined) === (expected === undefined))
        problems.push({
          file,
          line: fenceLine + 1,
          column: 1,
          ...say('lesson.predictBoth')
        })
      options?.forEach((o, i) => {
        if (o.when === undefined)
          problems.push({ file, ...yaml.locate(['options', i]), ...say('lesson.predictOptionWhen', { option: i + 1 }) })
        else checkExpressionAt(['options', i, 'when'], o.when, 'boolean')
      })
      const runTo = parseRunTarget(raw['run-to'])!
      return {
        ...base,
        kind: 'predict',
        runTo,
        options,
        expected,
        tolerance: (raw.tolerance as number | undefined) ?? 0,
        unit: raw.unit as string | undefined
      }
    }
    case 'task':
      checkExpressionAt(['condition'], raw.condition as string, 'boolean')
      return { ...base, kind: 'task', condition: raw.condition as string, solution: raw.solution as string | undefined }
  }
}
