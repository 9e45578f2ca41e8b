/**
 * The current run: the program in the editor, the simulator session running it, and the
 * `ProcessState` at the step being shown. Components read from here; only this store talks to
 * the simulator through the contract.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Diagnostic, RunOptions, RunView } from '../../../shared/api'
import type { MemoryDump, ProcessState, Timeline } from '../../../shared/state'
import { ApiRequestError, useApi } from '../api/client'
import { withMachine, type MachineChange } from './machines'

/** The program a first-time learner sees. */
export const FIRST_PROGRAM = `#include <stdio.h>
#include <stdlib.h>

int counter = 7;

int square(int x) {
  int result = x * x;
  return result;
}

int main(void) {
  int *numbers = malloc(4 * sizeof(int));
  for (int i = 0; i < 4; i++) {
    numbers[i] = square(i + counter);
  }
  printf("%d %d\\n", numbers[0], numbers[3]);
  free(numbers);
  return 0;
}
`

/** Steps per second when playing; `Infinity` runs straight to the end. */
export const SPEEDS = [1, 4, 16, 64, Infinity] as const

/**
 * A run to the end is recorded in pieces of about this many ms of the simulator's time, each
 * answered with how far it got: the step counter moves while a long program records, and
 * Pause stops it between two pieces (a program that fills the heap until the memory limit
 * records for tens of seconds).
 */
export const RECORD_SLICE_MS = 250

/** Actions (steps, jumps, runs) that may wait behind the one being carried out. */
const MAX_QUEUED = 4

/** A message for the learner that is not part of the program's output. */
export interface RunNotice {
  kind: 'restarted' | 'error'
  /** Key of the explanation in `app.json`, with `detail` the simulator's own English sentence. */
  key: string
  detail: string
  /** Key of `detail` in `app.json` with its parameters, when the notice can say it translated. */
  detailKey?: string
  detailParams?: Record<string, number>
}

export const useRunStore = defineStore('run', () => {
  const source = ref(FIRST_PROGRAM)
  const options = ref<RunOptions>({ layout: 'linux-x86_64' })
  /** What the program reads from standard input (getchar, fgets): part of the program, like its source. */
  const input = ref('')
  const sessionId = ref<string | null>(null)
  /** The source the current session was compiled from; editing the program ends the session. */
  const compiledSource = ref<string | null>(null)
  /** The standard input the current session was given. */
  const compiledInput = ref<string | null>(null)
  const state = shallowRef<ProcessState | null>(null)
  const totalSteps = ref(0)
  const finished = ref(false)
  const timeline = shallowRef<Timeline | null>(null)
  const diagnostics = ref<Diagnostic[]>([])
  const notice = ref<RunNotice | null>(null)
  const busy = ref(false)
  const playing = ref(false)
  /** A run to the end is being recorded, piece by piece (see RECORD_SLICE_MS); Pause stops it. */
  const recording = ref(false)
  const speedIndex = ref(2)
  let playTimer: ReturnType<typeof setTimeout> | null = null
  /** Every session this store started: a restart report may arrive after the run was dropped. */
  const ownSessions = new Set<string>()

  const speed = computed(() => SPEEDS[speedIndex.value])
  const step = computed(() => state.value?.step ?? 0)
  const atStart = computed(() => step.value === 0)
  const atEnd = computed(() => finished.value && step.value >= totalSteps.value)
  const stale = computed(
    () =>
      sessionId.value !== null &&
      (compiledSource.value !== source.value || compiledInput.value !== input.value)
  )
  /**
   * The program read the end of its input without being given any: getchar returned EOF at
   * once, which needs saying, since nothing on screen shows why.
   */
  const readEmptyInput = computed(
    () => state.value?.inputEnded === true && input.value === '' && !stale.value
  )
  /** Always a timeline while a run exists: the recorded one, or an empty one of the known length. */
  const timelineView = computed<Timeline | null>(() => {
    if (!sessionId.value) return null
    const recorded = timeline.value
    if (recorded && recorded.totalSteps >= totalSteps.value) return recorded
    return {
      totalSteps: totalSteps.value,
      points: recorded?.points ?? [],
      markers: recorded?.markers ?? []
    }
  })

  const api = () => useApi()

  function show(view: RunView): void {
    ownSessions.add(view.sessionId)
    sessionId.value = view.sessionId
    state.value = view.state
    totalSteps.value = view.totalSteps
    finished.value = view.finished
  }

  function fail(error: unknown): void {
    playing.value = false
    const code = error instanceof ApiRequestError ? error.error.code : 'failed'
    if (code === 'unknown-session' || code === 'budget-exceeded' || code === 'worker-crashed')
      forget()
    // The watchdog's own report says more than the failed request does: keep it.
    if (
      notice.value?.kind === 'restarted' &&
      (code === 'budget-exceeded' || code === 'worker-crashed')
    )
      return
    notice.value = {
      kind: 'error',
      key: error instanceof ApiRequestError ? `errors.${error.error.code}` : 'errors.failed',
      detail: error instanceof Error ? error.message : String(error)
    }
  }

  function forget(): void {
    sessionId.value = null
    compiledSource.value = null
    compiledInput.value = null
    state.value = null
    timeline.value = null
    totalSteps.value = 0
    finished.value = false
    requestedStep.value = null
  }

  /** The last action queued by `exclusive`, and how many are waiting or running. */
  let queue: Promise<void> = Promise.resolve()
  let queued = 0

  /**
   * Runs one request at a time, in the order the learner asked for them, so steps never
   * interleave and a step back pressed while the step before it is still being shown is not
   * lost. A key held down queues at most `MAX_QUEUED` actions; the surplus is dropped.
   */
  function exclusive(action: () => Promise<void>): Promise<void> {
    if (queued >= MAX_QUEUED) return queue
    queued++
    busy.value = true
    queue = queue.then(async () => {
      try {
        await action()
      } catch (error) {
        fail(error)
      } finally {
        if (--queued === 0) busy.value = false
      }
    })
    return queue
  }

  async function compile(): Promise<boolean> {
    const previous = sessionId.value
    forget()
    if (previous)
      void api()
        .request('run.close', { sessionId: previous })
        .catch(() => undefined)
    notice.value = null
    const started = await api().request('run.start', {
      source: source.value,
      options: input.value === '' ? options.value : { ...options.value, stdin: input.value }
    })
    diagnostics.value = started.diagnostics
    if (!started.compiled) return false
    compiledSource.value = source.value
    compiledInput.value = input.value
    show(started)
    await refreshTimeline()
    return true
  }

  async function ensureSession(): Promise<boolean> {
    if (sessionId.value && !stale.value) return true
    return compile()
  }

  async function refreshTimeline(): Promise<void> {
    if (sessionId.value)
      timeline.value = await api().request('run.timeline', { sessionId: sessionId.value })
  }

  /** One step forward (compiling first when needed). */
  function stepForward(count = 1): Promise<void> {
    return exclusive(async () => {
      if (!(await ensureSession())) return
      if (atEnd.value) return
      show(await api().request('run.step', { sessionId: sessionId.value!, count }))
      if (finished.value || !playing.value) await refreshTimeline()
    })
  }

  function stepBack(count = 1): Promise<void> {
    return exclusive(async () => {
      if (!sessionId.value || atStart.value) return
      show(await api().request('run.stepBack', { sessionId: sessionId.value, count }))
    })
  }

  /**
   * The step the latest jump asked for while an earlier jump was still being answered, and the
   * queued action that will go there. Jumps coalesce: only the last target waiting matters.
   * Dragging the scrubber or holding an arrow key asks for many steps; in a run with a big heap
   * each answer takes long (every block travels), and serving each target in turn, or dropping
   * the surplus, left the view seconds behind the learner's hand or short of where they let go.
   */
  let jumpTarget: number | null = null
  let jumpQueued: Promise<void> | null = null

  /** The step the scrubber stands at for the learner: where the last jump asked for goes, or the step shown. */
  const requestedStep = ref<number | null>(null)

  function jumpTo(target: number): Promise<void> {
    if (!jumpQueued && queued >= MAX_QUEUED) return queue
    jumpTarget = target
    requestedStep.value = target
    if (jumpQueued) return jumpQueued
    const queuedJump = exclusive(async () => {
      const to = jumpTarget
      jumpTarget = null
      jumpQueued = null
      if (!sessionId.value || to === null) return
      try {
        show(await api().request('run.jumpTo', { sessionId: sessionId.value, step: to }))
        // A jump past where the run had got (a lesson's `run-to: step N` from the start) ran
        // new steps: the scrubber showed no marks for their heap calls.
        if ((timeline.value?.totalSteps ?? 0) < totalSteps.value) await refreshTimeline()
      } finally {
        if (jumpQueued === null) requestedStep.value = null
      }
    })
    jumpQueued = queuedJump
    return queuedJump
  }

  function runToEnd(): Promise<void> {
    return exclusive(async () => {
      if (!(await ensureSession())) return
      const id = sessionId.value!
      // `playing` shows Pause while it records; pause() clears it and the next piece is not asked.
      playing.value = true
      recording.value = true
      try {
        let continued = false
        for (;;) {
          const progress = await api().request('run.record', {
            sessionId: id,
            sliceMs: RECORD_SLICE_MS,
            continued
          })
          if (sessionId.value !== id) return
          continued = true
          totalSteps.value = progress.totalSteps
          finished.value = progress.finished
          if (progress.finished || !playing.value) break
        }
        // The counter says "Recording…" until the state of the step reached is here to show.
        show(await api().request('run.state', { sessionId: id }))
      } finally {
        recording.value = false
        playing.value = false
      }
      await refreshTimeline()
    })
  }

  /**
   * Another part of a heap too big for one state (ProcessState.blockWindow): the blocks from
   * position `first` on (-1: the last ones), at this step and the next ones.
   */
  function showBlocksFrom(first: number): Promise<void> {
    return exclusive(async () => {
      if (!sessionId.value) return
      show(await api().request('run.state', { sessionId: sessionId.value, blocksFrom: first }))
    })
  }

  /** The part of a heap too big for one state around the block holding `address`. */
  function showBlocksAt(address: number): Promise<void> {
    return exclusive(async () => {
      if (!sessionId.value) return
      show(await api().request('run.state', { sessionId: sessionId.value, blocksAt: address }))
    })
  }

  /** Forward until `line` is about to execute (or the program ends), in one request. */
  function runToLine(line: number): Promise<void> {
    return exclusive(async () => {
      if (!(await ensureSession())) return
      show(await api().request('run.runToLine', { sessionId: sessionId.value!, line }))
      await refreshTimeline()
    })
  }

  /** Back to the program as written, before its first step. */
  function reset(): Promise<void> {
    pause()
    return exclusive(async () => {
      await compile()
    })
  }

  function pause(): void {
    playing.value = false
    if (playTimer) clearTimeout(playTimer)
    playTimer = null
  }

  /** Run: compile afresh, then play forward at the chosen speed until the program ends. */
  async function run(): Promise<void> {
    pause()
    await exclusive(async () => {
      await compile()
    })
    if (!sessionId.value) return
    if (speed.value === Infinity) return runToEnd()
    playing.value = true
    const tick = async (): Promise<void> => {
      if (!playing.value) return
      await stepForward()
      if (atEnd.value || !sessionId.value) {
        pause()
        await exclusive(refreshTimeline)
        return
      }
      if (playing.value) playTimer = setTimeout(() => void tick(), 1000 / speed.value)
    }
    await tick()
  }

  function readMemory(address: number, length: number): Promise<MemoryDump> {
    if (!sessionId.value) return Promise.reject(new Error('No program is running.'))
    return api().request('run.readMemory', {
      sessionId: sessionId.value,
      address,
      length,
      step: step.value
    })
  }

  /** Called once at start-up: hear when the simulator worker had to be restarted. */
  function listen(): void {
    api().on('run.restarted', (event) => {
      if (!ownSessions.has(event.sessionId)) return
      pause()
      if (event.sessionId === sessionId.value) forget()
      notice.value = {
        kind: 'restarted',
        key: `restarted.${event.reason}`,
        detail: event.message,
        ...(event.reason === 'crash' || event.budget !== undefined
          ? {
              detailKey: `restartedDetail.${event.reason}`,
              detailParams: { budget: event.budget ?? 0 }
            }
          : {})
      }
    })
  }

  /**
   * Puts a program into the editor (a lesson step does this) and ends the current run; its
   * standard input comes with it (none unless given).
   */
  function loadProgram(
    program: string,
    runOptions: RunOptions = { layout: 'linux-x86_64' },
    programInput = ''
  ): void {
    pause()
    source.value = program
    options.value = runOptions
    input.value = programInput
    diagnostics.value = []
    notice.value = null
    const previous = sessionId.value
    forget()
    if (previous)
      void api()
        .request('run.close', { sessionId: previous })
        .catch(() => undefined)
  }

  /**
   * Runs the editor's program on another machine (allocator, layout): a run under way starts
   * again on it, at its first step, so the views show the new machine at once.
   */
  async function chooseMachine(change: MachineChange): Promise<void> {
    const hadRun = sessionId.value !== null
    loadProgram(source.value, withMachine(options.value, change), input.value)
    if (hadRun) await reset()
  }

  return {
    source,
    options,
    input,
    readEmptyInput,
    sessionId,
    state,
    totalSteps,
    finished,
    timeline,
    timelineView,
    diagnostics,
    notice,
    busy,
    playing,
    recording,
    speedIndex,
    speed,
    step,
    atStart,
    atEnd,
    stale,
    run,
    pause,
    stepForward,
    stepBack,
    jumpTo,
    requestedStep,
    runToEnd,
    runToLine,
    showBlocksFrom,
    showBlocksAt,
    reset,
    readMemory,
    listen,
    loadProgram,
    chooseMachine
  }
})
