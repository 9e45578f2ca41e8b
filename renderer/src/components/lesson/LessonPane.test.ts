// @vitest-environment happy-dom
/**
 * The lesson pane against the real services: the contract's dispatcher with the real progress
 * store and lesson library (in a temporary folder) and the real C engine run in-process in place
 * of the worker. Only the transport (IPC or WebSocket) is left out.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ApiFailure,
  createDispatcher,
  type Caller,
  type Channel,
  type LessonLibraryService,
  type Params,
  type ProgressService,
  type Result,
  type RunProgress,
  type RunStarted,
  type RunView,
  type SimulatorService
} from '../../../../shared/api'
import type { MemoryDump, Timeline } from '../../../../shared/state'
import { ApiRequestError, setApi, useApi } from '../../api/client'
import { createAppI18n } from '../../i18n'
import { useLessonStore } from '../../stores/lesson'
import { usePreferencesStore } from '../../stores/preferences'
import { useRunStore } from '../../stores/run'
import LessonPane from './LessonPane.vue'

const root = mkdtempSync(join(tmpdir(), 'memory-lane-pane-'))
afterAll(() => {
  setApi(null)
  rmSync(root, { recursive: true, force: true })
})

// The main-side services are Node modules outside the renderer's TypeScript project, so they
// are loaded by path and described here by what this test uses of them.
const electronServices = join(import.meta.dirname, '../../../../electron/services')
interface Engine {
  step(count: number, kind: 'statement'): RunView
  stepBack(count: number): RunView
  jumpTo(step: number): RunView
  runToLine(line: number): RunView
  runToEnd(): RunView
  record(sliceMs: number, continued: boolean): RunProgress
  state(step?: number): RunView
  timeline(): Timeline
  readMemory(address: number, length: number, step?: number): MemoryDump
}
const { startEngine } = (await import(
  /* @vite-ignore */ `${electronServices}/simulator-host/engine`
)) as {
  startEngine(
    id: string,
    params: Params<'run.start'>
  ): { started: RunStarted; engine: Engine | null }
}
const { ProgressStore } = (await import(
  /* @vite-ignore */ `${electronServices}/progress/store`
)) as {
  ProgressStore: { open(options: { directory: string }): ProgressService }
}
const { LessonLibrary } = (await import(
  /* @vite-ignore */ `${electronServices}/lesson-library/library`
)) as {
  LessonLibrary: new (options: {
    builtInDirs: string[]
    packsDir: string
    appVersion: string
    progress: ProgressService
    log: (message: string) => void
  }) => LessonLibraryService
}

/** The simulator service, run in-process on the real engine. */
function inProcessSimulator(): SimulatorService {
  const engines = new Map<string, Engine>()
  let next = 1
  const engine = (id: string): Engine => {
    const found = engines.get(id)
    if (!found) throw new ApiFailure('unknown-session', 'No such run.')
    return found
  }
  return {
    async start(_caller, params) {
      const id = `s${next++}`
      const { started, engine: e } = startEngine(id, params)
      if (e) engines.set(id, e)
      return started
    },
    step: async (_c, p) => engine(p.sessionId).step(p.count ?? 1, 'statement'),
    stepBack: async (_c, p) => engine(p.sessionId).stepBack(p.count ?? 1),
    jumpTo: async (_c, p) => engine(p.sessionId).jumpTo(p.step),
    runToLine: async (_c, p) => engine(p.sessionId).runToLine(p.line),
    runToEnd: async (_c, p) => engine(p.sessionId).runToEnd(),
    record: async (_c, p) => engine(p.sessionId).record(p.sliceMs, p.continued ?? false),
    state: async (_c, p) => engine(p.sessionId).state(p.step),
    timeline: async (_c, p) => engine(p.sessionId).timeline(),
    readMemory: async (_c, p) => engine(p.sessionId).readMemory(p.address, p.length, p.step),
    close: async (_c, p) => ({ closed: engines.delete(p.sessionId) }),
    release: async () => undefined,
    allocators: () => ['first-fit'],
    layouts: () => ['linux-x86_64']
  } as SimulatorService
}

let dataDir: string
let counter = 0
/** The Pinia of the pane mounted by the current test. */
let mountedPinia: Pinia | undefined
beforeEach(() => {
  dataDir = join(root, `case-${++counter}`)
  const progress = ProgressStore.open({ directory: join(dataDir, 'progress') })
  const lessons = new LessonLibrary({
    builtInDirs: [
      join(import.meta.dirname, '../../../../shared/lessons/fixtures/sample-pack'),
      join(import.meta.dirname, '../../../../lessons')
    ],
    packsDir: join(dataDir, 'packs'),
    appVersion: '0.1.0',
    progress,
    log: () => undefined
  })
  const dispatch = createDispatcher({
    info: { name: 'Memory Lane', version: '0.1.0', edition: 'browser' },
    simulator: inProcessSimulator(),
    lessons,
    progress
  })
  const caller: Caller = { id: 'test', emit: () => undefined }
  setApi({
    edition: 'browser',
    async request<C extends Channel>(channel: C, params: Params<C>): Promise<Result<C>> {
      const response = await dispatch(caller, channel, params)
      if (!response.ok) throw new ApiRequestError(response.error)
      return response.result as Result<C>
    },
    on: () => () => undefined
  })
  globalThis.localStorage?.clear()
  setActivePinia(createPinia())
})

// A pane's last step change may still be saving when its test ends; closing the lesson makes
// that save a no-op, so it cannot land in the next test's (fresh) progress store.
afterEach(() => {
  if (mountedPinia) useLessonStore(mountedPinia).close()
})

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await flushPromises()
}

/** Waits (for real file writes and engine runs to finish) until `check` passes. */
async function until(check: () => void): Promise<void> {
  await vi.waitFor(
    async () => {
      await flushPromises()
      check()
    },
    { timeout: 10_000, interval: 20 }
  )
}

function mountPane(language: 'en' | 'zh-CN' = 'en') {
  const i18n = createAppI18n(language)
  const pinia = createPinia()
  setActivePinia(pinia)
  mountedPinia = pinia
  return mount(LessonPane, { global: { plugins: [pinia, i18n] }, attachTo: document.body })
}

type Pane = ReturnType<typeof mountPane>

/** The welcome form filled in as the learner Ada. */
async function signIn(wrapper: Pane): Promise<void> {
  await wrapper.get('[data-testid="profile-name"]').setValue('Ada')
  await wrapper.get('[data-testid="profile-form"]').trigger('submit')
}

/** Waits for the lesson list's entry `testId`, then opens it. */
async function openLesson(wrapper: Pane, testId: string): Promise<void> {
  await until(() => wrapper.get(`[data-testid="${testId}"]`))
  await wrapper.get(`[data-testid="${testId}"]`).trigger('click')
}

/**
 * Signs in, puts the learner's own program in the editor, and opens the text-and-data lesson
 * (whose step 2 brings a program of its own) at its first step; the list entry's selector.
 */
async function openTextAndDataOver(
  wrapper: Pane,
  ...own: Parameters<ReturnType<typeof useRunStore>['loadProgram']>
): Promise<string> {
  await settle()
  await signIn(wrapper)
  const entry = '[data-testid="lesson-memory-lane-basics-text-and-data"]'
  await until(() => wrapper.get(entry))
  await settle()
  useRunStore().loadProgram(...own)
  await wrapper.get(entry).trigger('click')
  await until(() => expect(wrapper.get('[data-testid="step-position"]').text()).toBe('Step 1 of 7'))
  return entry
}

describe('LessonPane', () => {
  // First in the file: the other tests' lessons finish setting up their runs after they end,
  // through whichever Pinia is active then.
  it("shows a lesson's own program from its first step, even when that step has none", async () => {
    const wrapper = mountPane()
    // What the editor holds before: the learner's own program (or the last lesson's).
    const entry = await openTextAndDataOver(
      wrapper,
      'int main(void) { return 7; }\n',
      { layout: 'classroom', allocator: 'best-fit' },
      '7\n'
    )
    // Step 1 is text and a question; step 2 brings `twice`, which the lesson is about.
    await until(() => expect(useRunStore().source).toContain('int twice(int x)'))
    // Back to the list: the learner's own program is in the editor again, with its machine
    // (it was lost: the editor kept the lesson's program, and the learner's was nowhere).
    await wrapper.get('[data-testid="lesson-back"]').trigger('click')
    await until(() => wrapper.get(entry))
    await until(() => expect(useRunStore().source).toBe('int main(void) { return 7; }\n'))
    expect(useRunStore().options).toEqual({ layout: 'classroom', allocator: 'best-fit' })
    expect(useRunStore().input).toBe('7\n')
    wrapper.unmount()
  })

  it("gives the learner's program back even when a step was still being set up", async () => {
    const wrapper = mountPane()
    const entry = await openTextAndDataOver(wrapper, 'int main(void) { return 8; }\n')
    await settle()
    // The next position saved (the one step 2's set-up makes before it loads the step's
    // program) waits until the learner has pressed "All lessons": on a loaded machine the
    // set-up can be that slow, and it loaded the lesson's program over the learner's.
    const api = useApi()
    let release = (): void => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    let held = false
    let heldSaved = false
    setApi({
      ...api,
      async request(channel, params) {
        if (channel !== 'progress.savePosition' || held) return api.request(channel, params)
        held = true
        await gate
        const result = await api.request(channel, params)
        heldSaved = true
        return result
      }
    })
    await wrapper.get('[data-testid="step-next"]').trigger('click')
    await until(() => expect(held).toBe(true))
    await wrapper.get('[data-testid="lesson-back"]').trigger('click')
    await settle()
    release()
    await until(() => wrapper.get(entry))
    await settle()
    // Once the held save is done, the set-up has gone on to load (or not) the step's program.
    await until(() => expect(heldSaved).toBe(true))
    await settle()
    await until(() => expect(useRunStore().source).toBe('int main(void) { return 8; }\n'))
    wrapper.unmount()
  })

  it('asks who is learning, lists the lesson, and judges a choice wrong then right', async () => {
    const wrapper = mountPane()
    await settle()
    expect(wrapper.text()).toContain('Who is learning?')
    await signIn(wrapper)
    await until(() => wrapper.get('[data-testid="lesson-sample-pack-first-malloc"]'))
    const link = wrapper.get('[data-testid="lesson-sample-pack-first-malloc"]')
    expect(link.text()).toContain('Your first malloc')
    expect(link.text()).toContain('4 steps · Not started')
    await link.trigger('click')
    await until(() =>
      expect(wrapper.get('[data-testid="step-position"]').text()).toBe('Step 1 of 4')
    )

    await wrapper.get('[data-testid="option-where-is-p-1"]').setValue(true)
    await wrapper.get('[data-testid="checkpoint-where-is-p"] form').trigger('submit')
    const verdict = () => wrapper.get('[data-testid="verdict-where-is-p"]').text()
    await until(() => expect(verdict()).toContain('Not quite — try again.'))
    expect(verdict()).toContain('p itself lives on the stack; the block it points at does not.')
    await wrapper.get('[data-testid="option-where-is-p-0"]').setValue(true)
    await wrapper.get('[data-testid="checkpoint-where-is-p"] form').trigger('submit')
    await until(() => expect(verdict()).toContain('Correct!'))
    expect(verdict()).toContain('Yes — malloc returns heap memory.')
    await until(() =>
      expect(wrapper.get('[data-testid="checkpoint-where-is-p"]').text()).toContain('2 attempts')
    )
    wrapper.unmount()
  })

  it('judges a number on the paused run and reveals hints one at a time', async () => {
    const wrapper = mountPane()
    await settle()
    await signIn(wrapper)
    await openLesson(wrapper, 'lesson-sample-pack-first-malloc')
    await until(() => wrapper.get('[data-testid="step-next"]'))
    await wrapper.get('[data-testid="step-next"]').trigger('click')
    await until(() => wrapper.get('[data-testid="hint-button-block-size"]'))
    expect(wrapper.find('[data-testid="hint-block-size-0"]').exists()).toBe(false)
    await wrapper.get('[data-testid="hint-button-block-size"]').trigger('click')
    await until(() =>
      expect(wrapper.get('[data-testid="hint-block-size-0"]').text()).toBe('Look at the heap view.')
    )
    expect(wrapper.find('[data-testid="hint-button-block-size"]').exists()).toBe(false)
    // Paused before line 5, malloc(24) has run: 24 bytes requested.
    const answer = wrapper.get('[data-testid="answer-block-size"]')
    // The step's machine pauses before line 5 first.
    await until(() => expect(useRunStore().state?.line).toBe(5))
    await answer.setValue('twenty')
    await wrapper.get('[data-testid="checkpoint-block-size"] form').trigger('submit')
    await until(() =>
      expect(wrapper.get('[data-testid="verdict-block-size"]').text()).toContain('Type a number')
    )
    await answer.setValue('24 bytes')
    await wrapper.get('[data-testid="checkpoint-block-size"] form').trigger('submit')
    await until(() =>
      expect(wrapper.get('[data-testid="verdict-block-size"]').text()).toContain('Correct!')
    )
    wrapper.unmount()
  })

  it('runs a prediction on to its line, then checks a task on the edited program', async () => {
    const wrapper = mountPane()
    await settle()
    await signIn(wrapper)
    await openLesson(wrapper, 'lesson-sample-pack-first-malloc')
    await until(() => wrapper.get('[data-testid="step-next"]'))
    await wrapper.get('[data-testid="step-next"]').trigger('click')
    await until(() => wrapper.get('[data-testid="checkpoint-block-size"]'))
    await wrapper.get('[data-testid="step-next"]').trigger('click')
    await until(() => wrapper.get('[data-testid="checkpoint-break-moves"]'))
    // Step 3 pauses before line 4; the learner predicts the break stays, then malloc runs.
    await until(() => expect(useRunStore().state?.line).toBe(4))
    await wrapper.get('[data-testid="option-break-moves-1"]').setValue(true)
    await wrapper.get('[data-testid="checkpoint-break-moves"] form').trigger('submit')
    await until(() =>
      expect(wrapper.get('[data-testid="verdict-break-moves"]').text()).toContain('Not quite')
    )
    expect(useRunStore().state?.line).toBe(5)
    // The first option ("Yes, it moves up") is marked as what really happened.
    const actual = wrapper.findAll('.option.actual')
    expect(actual).toHaveLength(1)
    expect(actual[0].text()).toMatch(/^Yes, it moves up\s*← this happened$/)

    await wrapper.get('[data-testid="step-next"]').trigger('click')
    await until(() => wrapper.get('[data-testid="checkpoint-fix-leak"]'))
    // As given, the program leaks its 24 bytes: the task is not done.
    await wrapper.get('[data-testid="checkpoint-fix-leak"] form').trigger('submit')
    await until(() =>
      expect(wrapper.get('[data-testid="verdict-fix-leak"]').text()).toContain('Not quite')
    )
    useRunStore().source = useRunStore().source.replace('  return 0;', '  free(p);\n  return 0;')
    await wrapper.get('[data-testid="checkpoint-fix-leak"] form').trigger('submit')
    await until(() =>
      expect(wrapper.get('[data-testid="verdict-fix-leak"]').text()).toContain('Correct!')
    )
    wrapper.unmount()
  })

  it('speaks Simplified Chinese, lesson text included', async () => {
    const wrapper = mountPane('zh-CN')
    usePreferencesStore().language = 'zh-CN'
    await settle()
    expect(wrapper.text()).toContain('谁在学习？')
    await wrapper.get('[data-testid="profile-name"]').setValue('小明')
    await wrapper.get('[data-testid="profile-form"]').trigger('submit')
    await openLesson(wrapper, 'lesson-sample-pack-first-malloc')
    await until(() =>
      expect(wrapper.get('[data-testid="step-position"]').text()).toBe('第 1 步，共 4 步')
    )
    expect(wrapper.get('[data-testid="step-next"]').text()).toContain('下一步')
    expect(wrapper.get('[data-testid="lesson-back"]').text()).toContain('全部课程')
    expect(wrapper.get('.lesson-title').text()).toBe('第一次 malloc')
    expect(wrapper.get('[data-testid="checkpoint-where-is-p"]').text()).toContain('指向哪里？')
    // The next step asks for a number of bytes: the lesson says `unit: bytes`, the page 字节.
    await wrapper.get('[data-testid="step-next"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="unit-block-size"]').text()).toBe('字节'))
    wrapper.unmount()
  })

  it('shows the answer and its explanation to a learner who asks after a wrong one', async () => {
    const wrapper = mountPane()
    await settle()
    await signIn(wrapper)
    const entry = '[data-testid="lesson-memory-lane-basics-fragmentation"]'
    await until(() => wrapper.get(entry))
    await wrapper.get(entry).trigger('click')
    await until(() => wrapper.get('[data-testid="checkpoint-which-kind"]'))
    // Step 1, a choice: no way to give up before trying.
    expect(wrapper.find('[data-testid="reveal-which-kind"]').exists()).toBe(false)
    await wrapper.get('[data-testid="option-which-kind-1"]').setValue(true)
    await wrapper.get('[data-testid="checkpoint-which-kind"] form').trigger('submit')
    await until(() => wrapper.get('[data-testid="reveal-which-kind"]'))
    expect(wrapper.find('[data-testid="right-which-kind-0"]').exists()).toBe(false)
    await wrapper.get('[data-testid="reveal-which-kind"]').trigger('click')
    // "External fragmentation" is the first option and the right one.
    await until(() =>
      expect(wrapper.get('[data-testid="right-which-kind-0"]').text()).toBe('← the right answer')
    )
    expect(wrapper.find('[data-testid="right-which-kind-1"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="reveal-which-kind"]').exists()).toBe(false)

    // Step 9, a number with an explanation: first fit, immediate coalescing, paused before line
    // 10 after free(b) and free(c). Classroom blocks: malloc(40) + an 8-byte header = 48 bytes,
    // so b and c merge into one free block of 2 x 48 = 96 bytes, the largest one.
    for (let step = 2; step <= 9; step++) {
      await wrapper.get('[data-testid="step-next"]').trigger('click')
      await until(() =>
        expect(wrapper.get('[data-testid="step-position"]').text()).toBe(`Step ${step} of 12`)
      )
      await until(() => expect(useLessonStore().settingUp).toBe(false))
    }
    await until(() => wrapper.get('[data-testid="checkpoint-largest-with-coalescing"]'))
    await until(() => expect(useRunStore().state?.line).toBe(10))
    const card = () => wrapper.get('[data-testid="checkpoint-largest-with-coalescing"]')
    await wrapper.get('[data-testid="answer-largest-with-coalescing"]').setValue('48')
    await card().get('form').trigger('submit')
    await until(() => expect(card().text()).toContain('Not quite'))
    // A wrong answer does not give the explanation away (it says malloc(80) fits the hole)...
    expect(wrapper.find('[data-testid="explanation-largest-with-coalescing"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="revealed-largest-with-coalescing"]').exists()).toBe(false)
    // ...asking for the answer does, with the number.
    await wrapper.get('[data-testid="reveal-largest-with-coalescing"]').trigger('click')
    await until(() =>
      expect(wrapper.get('[data-testid="revealed-largest-with-coalescing"]').text()).toBe(
        'The answer is 96.'
      )
    )
    expect(wrapper.get('[data-testid="explanation-largest-with-coalescing"]').text()).toContain(
      'fits into the merged hole'
    )
    // After a restart (a fresh pane and stores, the same progress) the lesson reopens at step 9
    // with the answer still shown: it is in the learner's progress, not only on screen.
    await until(() => expect(useLessonStore().settingUp).toBe(false))
    useLessonStore().close()
    wrapper.unmount()
    const again = mountPane()
    await until(() =>
      expect(again.get('[data-testid="step-position"]').text()).toBe('Step 9 of 12')
    )
    await until(() => expect(useLessonStore().settingUp).toBe(false))
    await until(() =>
      expect(again.get('[data-testid="revealed-largest-with-coalescing"]').text()).toBe(
        'The answer is 96.'
      )
    )
    expect(again.get('[data-testid="explanation-largest-with-coalescing"]').text()).toContain(
      'fits into the merged hole'
    )
    // ...with the learner's last try in the field, beside its "not quite"
    const field = again.get('[data-testid="answer-largest-with-coalescing"]')
    expect((field.element as HTMLInputElement).value).toBe('48')
    const cardAgain = () => again.get('[data-testid="checkpoint-largest-with-coalescing"]')
    // Seeing the answer is not passing: the checkpoint is still open, and can still be answered.
    expect(cardAgain().classes()).not.toContain('passed')
    await again.get('[data-testid="answer-largest-with-coalescing"]').setValue('96')
    await cardAgain().get('form').trigger('submit')
    await until(() => expect(cardAgain().text()).toContain('Correct!'))
    again.unmount()
  })

  it('explains a prediction once its run has shown what happens, even a wrong one', async () => {
    const wrapper = mountPane('zh-CN')
    usePreferencesStore().language = 'zh-CN'
    await settle()
    await wrapper.get('[data-testid="profile-name"]').setValue('小明')
    await wrapper.get('[data-testid="profile-form"]').trigger('submit')
    const entry = '[data-testid="lesson-memory-lane-basics-text-and-data"]'
    await until(() => wrapper.get(entry))
    await wrapper.get(entry).trigger('click')
    await until(() => wrapper.get('[data-testid="step-next"]'))
    await wrapper.get('[data-testid="step-next"]').trigger('click')
    await until(() => wrapper.get('[data-testid="checkpoint-write-to-code"]'))
    await until(() => expect(useRunStore().state?.line).toBe(6))
    // Writing a byte into twice's code: the wrong prediction, "returns 0".
    await wrapper.get('[data-testid="option-write-to-code-1"]').setValue(true)
    await wrapper.get('[data-testid="checkpoint-write-to-code"] form').trigger('submit')
    await until(() =>
      expect(wrapper.get('[data-testid="verdict-write-to-code"]').text()).toContain('还不对')
    )
    // The run has shown the SIGSEGV; the explanation (SEGV_ACCERR, not MAPERR) comes with it.
    expect(wrapper.get('[data-testid="explanation-write-to-code"]').text()).toContain('SEGV_ACCERR')
    expect(wrapper.find('[data-testid="reveal-write-to-code"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('sets up the step the learner stops at when Next is pressed twice in a row', async () => {
    const wrapper = mountPane()
    await settle()
    await signIn(wrapper)
    await openLesson(wrapper, 'lesson-sample-pack-first-malloc')
    await until(() => expect(useRunStore().state?.line).toBe(4))
    await until(() => expect(useLessonStore().settingUp).toBe(false))
    // Answers come back a little later, as over IPC or the WebSocket, so the two steps' set-ups
    // overlap as they do in the app (in-process they would run one after the other).
    const inner = useApi()
    setApi({
      ...inner,
      request: async (channel, params) => {
        const answer = await inner.request(channel, params)
        await new Promise((resolve) => setTimeout(resolve, channel === 'run.runToLine' ? 20 : 1))
        return answer
      }
    })
    // Step 2 pauses before line 5, step 3 before line 4: the second click comes while the
    // first step's run is still being set up, and the learner is at step 3.
    await wrapper.get('[data-testid="step-next"]').trigger('click')
    await wrapper.get('[data-testid="step-next"]').trigger('click')
    await until(() =>
      expect(wrapper.get('[data-testid="step-position"]').text()).toBe('Step 3 of 4')
    )
    await until(() => expect(useLessonStore().settingUp).toBe(false))
    await settle()
    expect(useRunStore().state?.line).toBe(4)
    wrapper.unmount()
  })
})
