/**
 * The open lesson: the lesson list, the step being read, and each checkpoint's answer and
 * verdict. Answers are judged here with the lesson engine's own functions (shared/lessons) on
 * the facts of the run the learner sees, then saved through the contract; moving between steps
 * saves the resume point (step, program, simulator step).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type {
  CheckpointRecord,
  LessonDocument,
  LessonStepView,
  LessonSummary,
  PackImportResult,
  RunOptions
} from '../../../shared/api'
import type { Checkpoint } from '../../../shared/lessons/format'
import { factsFromState, type FactRecord } from '../../../shared/lessons/facts'
import {
  expectedValue,
  gradeChoice,
  gradeNumber,
  gradePredict,
  gradeTask,
  predictOutcome,
  type Verdict
} from '../../../shared/lessons/grade'
import type { Language } from '../i18n'
import { ApiRequestError, useApi } from '../api/client'
import { useRunStore } from './run'

/** What the pane shows for one checkpoint. */
export interface CheckpointUi {
  hintsShown: number
  verdict: Verdict | null
  /** Predict: which options turned out right, once the run has happened. */
  outcome?: boolean[]
  /** The last answer, to show it again (choice indices, typed text). */
  answer?: string
  busy: boolean
  /**
   * The learner asked to see the answer after trying: the pane shows it with the explanation,
   * as it would after a right answer. It is not a pass; the learner may still answer.
   */
  revealed?: boolean
  /** A number checkpoint's expected value on the run shown when the answer was revealed. */
  revealedValue?: number
}

/** Whole base64 of a file, for `packs.import`. */
async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

export const useLessonStore = defineStore('lesson', () => {
  const lessons = ref<LessonSummary[]>([])
  const current = shallowRef<LessonDocument | null>(null)
  const stepIndex = ref(0)
  const records = ref<Record<string, CheckpointRecord>>({})
  const checkpoints = ref<Record<string, CheckpointUi>>({})
  const error = ref<string | null>(null)
  const loading = ref(false)
  /** True while a step puts its program in place and runs to where it pauses. */
  const settingUp = ref(false)
  /** When the learner arrived at the current step, for time spent. */
  let stepOpenedAt = Date.now()

  const step = computed<LessonStepView | null>(() => current.value?.steps[stepIndex.value] ?? null)
  const stepCount = computed(() => current.value?.steps.length ?? 0)

  function fail(e: unknown): void {
    error.value = e instanceof ApiRequestError || e instanceof Error ? e.message : String(e)
  }

  async function loadList(language: Language): Promise<void> {
    try {
      lessons.value = await useApi().request('lessons.list', { language })
    } catch (e) {
      fail(e)
    }
  }

  function ui(id: string): CheckpointUi {
    checkpoints.value[id] ??= { hintsShown: 0, verdict: null, busy: false }
    return checkpoints.value[id]
  }

  /** The program and machine of a step, as the run store takes them. */
  function programOf(view: LessonStepView): { source: string; options: RunOptions } | null {
    if (!view.program) return null
    return { source: view.program.source, options: view.program.options ?? {} }
  }

  /**
   * Runs the loaded program from its start until it is about to execute `line` (or ends): the
   * simulator runs there in one request, then the run store shows that step.
   */
  async function runToLine(line: number): Promise<void> {
    const run = useRunStore()
    await run.reset()
    if (!run.sessionId || run.state?.line === line) return
    const view = await useApi().request('run.runToLine', { sessionId: run.sessionId, line })
    await run.jumpTo(view.state.step)
  }

  /** Runs the program from its start to where the step's `run-to` says (a line, a step, the end). */
  async function pauseWhereStepSays(view: LessonStepView): Promise<void> {
    const target = view.detail?.setup.runTo
    const line = view.program?.runToLine ?? (target?.kind === 'line' ? target.line : undefined)
    if (line !== undefined) return runToLine(line)
    if (!target) return
    const run = useRunStore()
    await run.reset()
    if (target.kind === 'end') await run.runToEnd()
    else if (target.kind === 'step') await run.jumpTo(target.step)
  }

  /**
   * The lesson's program the editor was last set up from (the learner may have edited it since):
   * a step whose `programChanged` is false shares its program with the step before it, which is
   * the one set up only when the learner came forward. Coming back from a step with another
   * program (a task's), the step kept that one: "The frames it died with" ran the loop fix.
   */
  let setUpFrom: string | null = null

  /** Puts the step's program in the editor and pauses it where the step says. */
  async function setUpMachine(
    view: LessonStepView,
    program?: string,
    simulatorStep?: number
  ): Promise<void> {
    const spec = programOf(view)
    if (!spec) return
    const run = useRunStore()
    setUpFrom = spec.source
    run.loadProgram(program ?? spec.source, spec.options)
    if (simulatorStep !== undefined && simulatorStep > 0) {
      await run.reset()
      await run.jumpTo(simulatorStep)
    } else await pauseWhereStepSays(view)
  }

  /**
   * A lesson whose first steps only talk still shows its own program, not yet run: otherwise the
   * editor and the memory views kept the previous lesson's program and run, which the text of
   * this one does not speak about.
   */
  function showFirstProgram(steps: LessonStepView[]): void {
    const first = steps.find((s) => s.program)
    const spec = first && programOf(first)
    if (!spec) return
    setUpFrom = spec.source
    useRunStore().loadProgram(spec.source, spec.options)
  }

  async function loadRecords(): Promise<void> {
    const doc = current.value
    if (!doc) return
    const list = await useApi().request('progress.lesson', {
      packId: doc.packId,
      lessonId: doc.lessonId
    })
    records.value = Object.fromEntries(list.map((r) => [r.checkpointId, r]))
    checkpoints.value = {}
    for (const record of list) {
      const entry = ui(record.checkpointId)
      entry.hintsShown = record.hintsUsed
      if (record.status === 'passed') entry.verdict = { passed: true, feedback: [] }
      else if (record.status === 'attempted') entry.verdict = { passed: false, feedback: [] }
      if (record.lastAnswer !== undefined) entry.answer = record.lastAnswer
      if (record.answerRevealed) entry.revealed = true
    }
  }

  /**
   * A number checkpoint's answer revealed in an earlier session is worked out again on the run
   * the step sets up (the run it was first revealed on is gone after a restart).
   */
  function workOutRevealedNumbers(view: LessonStepView): void {
    for (const { checkpoint } of view.detail?.checkpoints ?? []) {
      const entry = checkpoints.value[checkpoint.id]
      if (checkpoint.kind !== 'number' || !entry?.revealed || entry.revealedValue !== undefined)
        continue
      const value = expectedValue(checkpoint.expected, currentFacts())
      if (value.ok) entry.revealedValue = value.value
    }
  }

  /** Opens a lesson, resuming where the active learner stopped. */
  async function open(packId: string, lessonId: string, language: Language): Promise<void> {
    loading.value = true
    settingUp.value = true
    error.value = null
    try {
      const doc = await useApi().request('lessons.open', { packId, lessonId, language })
      current.value = doc
      await loadRecords()
      const resume = doc.resume
      stepIndex.value = resume ? Math.min(resume.step, doc.steps.length - 1) : 0
      stepOpenedAt = Date.now()
      // The program in force at the resumed step is the last one a step up to it gave.
      const view = [...doc.steps.slice(0, stepIndex.value + 1)].reverse().find((s) => s.program)
      if (view) await setUpMachine(view, resume?.program, resume?.simulatorStep)
      else showFirstProgram(doc.steps)
      workOutRevealedNumbers(doc.steps[stepIndex.value])
    } catch (e) {
      fail(e)
    } finally {
      loading.value = false
      settingUp.value = false
    }
  }

  /** Re-reads the open lesson in another language, staying on the same step. */
  async function changeLanguage(language: Language): Promise<void> {
    const doc = current.value
    if (!doc || doc.language === language) return
    try {
      const translated = await useApi().request('lessons.open', {
        packId: doc.packId,
        lessonId: doc.lessonId,
        language
      })
      current.value = translated
    } catch (e) {
      fail(e)
    }
  }

  /** Reads the open lesson again (its pack changed on disk), staying on the same step. */
  async function reloadCurrent(): Promise<void> {
    const doc = current.value
    if (!doc) return
    try {
      const fresh = await useApi().request('lessons.open', {
        packId: doc.packId,
        lessonId: doc.lessonId,
        language: doc.language as Language
      })
      stepIndex.value = Math.min(stepIndex.value, fresh.steps.length - 1)
      current.value = fresh
    } catch (e) {
      fail(e)
    }
  }

  function close(): void {
    current.value = null
    records.value = {}
    checkpoints.value = {}
  }

  async function savePosition(): Promise<void> {
    const doc = current.value
    if (!doc) return
    const run = useRunStore()
    try {
      await useApi().request('progress.savePosition', {
        packId: doc.packId,
        lessonId: doc.lessonId,
        step: stepIndex.value,
        program: run.source,
        ...(run.sessionId ? { simulatorStep: run.step } : {})
      })
    } catch (e) {
      fail(e)
    }
  }

  /**
   * Step set-ups run one after another: each is several requests (reset, run to a line, jump),
   * and two overlapping ones (Next pressed twice) mixed them, so the run could end up where
   * neither step pauses: a run-to-line sent to a run already past that line went on to the end.
   * None is skipped, even when a later move follows at once: a step passed over may bring the
   * program the next one keeps.
   */
  let setups: Promise<void> = Promise.resolve()
  let latestMove = 0

  /** Moves to another step: sets up its program when it brings one, and saves the position. */
  async function goTo(index: number): Promise<void> {
    const doc = current.value
    if (!doc || index < 0 || index >= doc.steps.length) return
    settingUp.value = true
    stepIndex.value = index
    stepOpenedAt = Date.now()
    const move = ++latestMove
    const setUp = setups.then(() => setUpStep(doc, index))
    setups = setUp.catch(() => undefined)
    try {
      await setUp
    } finally {
      if (move === latestMove) settingUp.value = false
    }
  }

  /**
   * Resolves when every step set-up asked for so far has finished. Leaving a lesson waits for
   * it: a set-up still loading its step's program would otherwise put it in the editor after
   * the learner's own program was given back (a keyboard learner pressing "All lessons" at once
   * on the last step got the lesson's program, 4 times in 5).
   */
  function settled(): Promise<void> {
    return setups
  }

  async function setUpStep(doc: LessonDocument, index: number): Promise<void> {
    const view = doc.steps[index]
    const stillOpen = (): boolean =>
      current.value?.lessonId === doc.lessonId && current.value?.packId === doc.packId
    // A lesson closed or changed while this waited for the set-ups before it.
    if (!stillOpen()) return
    // Saved first, so leaving right away (closing the app) still resumes at this step.
    await savePosition()
    // ... or closed while that was saved: its program is no longer the editor's to set.
    if (!stillOpen()) return
    const run = useRunStore()
    // A step may keep the program but change the machine (another allocator): set it up
    // again with the learner's program as it is in the editor.
    const sameMachine = JSON.stringify(view.program?.options ?? {}) === JSON.stringify(run.options)
    const programChanged =
      view.detail?.programChanged !== false || view.program?.source !== setUpFrom
    if (view.program && programChanged) await setUpMachine(view)
    else if (view.program && !sameMachine) await setUpMachine(view, run.source)
    else if (view.program) await pauseWhereStepSays(view)
    workOutRevealedNumbers(view)
    await savePosition()
  }

  function checkpointById(id: string): Checkpoint | undefined {
    return step.value?.detail?.checkpoints.find((c) => c.checkpoint.id === id)?.checkpoint
  }

  function currentFacts(): FactRecord | undefined {
    const state = useRunStore().state
    return state ? factsFromState(state) : undefined
  }

  async function record(id: string, verdict: Verdict, answer: string): Promise<void> {
    const doc = current.value
    const entry = ui(id)
    entry.verdict = verdict
    entry.answer = answer
    if (!doc || verdict.error) return
    const seconds = Math.min(1_000_000, Math.round((Date.now() - stepOpenedAt) / 1000))
    stepOpenedAt = Date.now()
    try {
      const saved = await useApi().request('progress.saveCheckpoint', {
        packId: doc.packId,
        lessonId: doc.lessonId,
        checkpointId: id,
        passed: verdict.passed,
        answer,
        hintsUsed: entry.hintsShown,
        secondsSpent: seconds
      })
      records.value = { ...records.value, [id]: saved }
    } catch (e) {
      fail(e)
    }
  }

  async function answerChoice(id: string, selected: number[]): Promise<void> {
    const checkpoint = checkpointById(id)
    if (checkpoint?.kind !== 'choice') return
    await record(id, gradeChoice(checkpoint, selected), selected.join(','))
  }

  async function answerNumber(id: string, text: string): Promise<void> {
    const checkpoint = checkpointById(id)
    if (checkpoint?.kind !== 'number') return
    const verdict = gradeNumber(checkpoint, text, currentFacts())
    await record(id, verdict, text)
  }

  /** Records the prediction, runs on to the checkpoint's `run-to`, then judges it. */
  async function answerPredict(
    id: string,
    answer: { option: number } | { value: string }
  ): Promise<void> {
    const checkpoint = checkpointById(id)
    if (checkpoint?.kind !== 'predict') return
    const entry = ui(id)
    entry.busy = true
    try {
      const target = checkpoint.runTo
      const run = useRunStore()
      if (target.kind === 'line') await runToLine(target.line)
      else if (target.kind === 'end') await run.runToEnd()
      else await run.jumpTo(target.step)
      const facts = currentFacts()
      if (!facts) return
      entry.outcome = predictOutcome(checkpoint, facts)
      await record(
        id,
        gradePredict(checkpoint, answer, facts),
        'option' in answer ? String(answer.option) : answer.value
      )
    } finally {
      entry.busy = false
    }
  }

  /** Runs the learner's program to its end and checks the task's condition. */
  async function checkTask(id: string): Promise<void> {
    const checkpoint = checkpointById(id)
    if (checkpoint?.kind !== 'task') return
    const entry = ui(id)
    entry.busy = true
    try {
      const run = useRunStore()
      await run.reset()
      if (!run.sessionId) {
        await record(id, { passed: false, feedback: [], error: 'does-not-compile' }, run.source)
        return
      }
      await run.runToEnd()
      const facts = currentFacts()
      if (facts) await record(id, gradeTask(checkpoint, facts), run.source)
      // The watchdog stopped a run that took too long (the output pane says so): a program that
      // does not finish does not do the task.
      else await record(id, { passed: false, feedback: [] }, run.source)
    } finally {
      entry.busy = false
    }
  }

  /** Reveals the next hint and saves how many were used. */
  async function revealHint(id: string): Promise<void> {
    const checkpoint = checkpointById(id)
    const doc = current.value
    if (!checkpoint || !doc) return
    const entry = ui(id)
    if (entry.hintsShown >= checkpoint.hints.length) return
    entry.hintsShown++
    try {
      await useApi().request('progress.saveHints', {
        packId: doc.packId,
        lessonId: doc.lessonId,
        checkpointId: id,
        hintsUsed: entry.hintsShown
      })
    } catch (e) {
      fail(e)
    }
  }

  /**
   * Shows the answer to a learner who has tried and wants to see it, as a tutor would after a
   * wrong attempt: the right options, the expected number (worked out on the run in view, as
   * the grading does) or the reference program, and the explanation. Saved, so that the answer
   * is still shown after a restart and the instructor's export says it was shown.
   */
  async function revealAnswer(id: string): Promise<void> {
    const checkpoint = checkpointById(id)
    const doc = current.value
    if (!checkpoint || !doc) return
    const entry = ui(id)
    entry.revealed = true
    if (checkpoint.kind === 'number') {
      const value = expectedValue(checkpoint.expected, currentFacts())
      entry.revealedValue = value.ok ? value.value : undefined
    }
    try {
      await useApi().request('progress.revealAnswer', {
        packId: doc.packId,
        lessonId: doc.lessonId,
        checkpointId: id
      })
    } catch (e) {
      fail(e)
    }
  }

  /** Imports an `.mlpack`; a pack already installed needs `replace` (after asking). */
  async function importPack(
    file: File,
    replace = false,
    language?: Language
  ): Promise<PackImportResult | null> {
    error.value = null
    try {
      const result = await useApi().request('packs.import', {
        fileName: file.name,
        contentBase64: await fileToBase64(file),
        ...(replace ? { replace: true } : {}),
        ...(language ? { language } : {})
      })
      return result
    } catch (e) {
      fail(e)
      return null
    }
  }

  async function removePack(packId: string): Promise<void> {
    try {
      await useApi().request('packs.remove', { packId })
    } catch (e) {
      fail(e)
    }
  }

  return {
    lessons,
    current,
    stepIndex,
    step,
    stepCount,
    records,
    checkpoints,
    error,
    loading,
    settingUp,
    loadList,
    open,
    changeLanguage,
    reloadCurrent,
    close,
    goTo,
    settled,
    savePosition,
    ui,
    answerChoice,
    answerNumber,
    answerPredict,
    checkTask,
    revealHint,
    revealAnswer,
    importPack,
    removePack
  }
})
