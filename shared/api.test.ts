import { describe, expect, it } from 'vitest'
import {
  CHANNELS,
  createDispatcher,
  MAX_SOURCE_LENGTH,
  MAX_STDIN_LENGTH,
  validateRequest,
  type Caller,
  type Services,
  type SimulatorService
} from './api'

const caller: Caller = { id: 'c', emit: () => undefined }

/** A simulator service that records what reached it. */
function recordingSimulator(calls: string[]): SimulatorService {
  const reached =
    (name: string) =>
    async (..._args: unknown[]): Promise<never> => {
      calls.push(name)
      throw new Error(`${name} reached`)
    }
  return {
    start: reached('start'),
    step: reached('step'),
    stepBack: reached('stepBack'),
    jumpTo: reached('jumpTo'),
    runToEnd: reached('runToEnd'),
    record: reached('record'),
    runToLine: reached('runToLine'),
    state: reached('state'),
    timeline: reached('timeline'),
    readMemory: reached('readMemory'),
    close: reached('close'),
    release: async () => undefined,
    allocators: () => ['first-fit', 'glibc'],
    layouts: () => ['linux-x86_64', 'classroom']
  }
}

describe('validateRequest', () => {
  it('accepts a well-formed request and returns it typed', () => {
    const request = validateRequest('run.step', { sessionId: 's1', count: 3 })
    expect(request).toEqual({
      ok: true,
      channel: 'run.step',
      params: { sessionId: 's1', count: 3 }
    })
  })

  it('refuses an unknown channel by name', () => {
    expect(validateRequest('fs.readFile', { path: '/etc/passwd' })).toEqual({
      ok: false,
      error: {
        code: 'unknown-channel',
        message: 'There is no request named "fs.readFile".',
        reason: { key: 'request.unknownChannel', params: { channel: '"fs.readFile"' } }
      }
    })
    expect(validateRequest('__proto__', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' }
    })
    expect(validateRequest(42, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
  })

  it('says which field is wrong and how', () => {
    const cases: Array<[string, unknown, string]> = [
      ['run.step', {}, 'params.sessionId is missing'],
      [
        'run.step',
        { sessionId: 's', count: 0 },
        'params.count must be between 1 and 100000000, not 0'
      ],
      ['run.step', { sessionId: 's', count: 1.5 }, 'params.count must be a whole number, not 1.5'],
      ['run.step', { sessionId: 's', extra: true }, 'params has an unknown field "extra"'],
      ['run.jumpTo', { sessionId: 's', step: '3' }, 'params.step must be a whole number, not "3"'],
      ['run.start', { source: 7 }, 'params.source must be a string, not 7'],
      [
        'run.start',
        { source: '', options: { layout: 'win32' } },
        'params.options.layout must be one of "linux-x86_64", "classroom", not "win32"'
      ],
      [
        'run.start',
        { source: '', options: { allocatorOptions: { coalescing: { deep: 1 } } } },
        'params.options.allocatorOptions.coalescing must be a string of at most 200 characters, a number or a boolean, not {...}'
      ],
      // Ids become keys of stored records: no name of JavaScript's object machinery.
      [
        'progress.saveHints',
        { packId: 'p', lessonId: 'l', checkpointId: '__proto__', hintsUsed: 1 },
        'params.checkpointId must be an id (letters, digits, ".", "_" and "-", starting with a letter or digit), not "__proto__"'
      ],
      [
        'profiles.switch',
        { profileId: '../other' },
        'params.profileId must be an id (letters, digits, ".", "_" and "-", starting with a letter or digit), not "../other"'
      ],
      ['run.step', null, 'params must be an object, not null'],
      ['run.step', [1], 'params must be an object, not [...]'],
      [
        'progress.export',
        { format: 'pdf' },
        'params.format must be one of "json", "csv", "html", not "pdf"'
      ]
    ]
    // A lesson step's allocator options travel with the run (e.g. coalescing off).
    expect(
      validateRequest('run.start', {
        source: '',
        options: { allocator: 'pool', allocatorOptions: { objectSize: 24, coalescing: 'none' } }
      }).ok
    ).toBe(true)
    for (const [channel, params, problem] of cases) {
      expect(validateRequest(channel, params)).toMatchObject({
        ok: false,
        error: { code: 'invalid-request', message: `Request "${channel}" refused: ${problem}.` }
      })
    }
    // The same sentence as a key and parameters, for the page to say in the learner's language.
    expect(validateRequest('run.jumpTo', { sessionId: 's', step: '3' })).toMatchObject({
      error: {
        reason: {
          key: 'request.notWhole',
          params: { channel: 'run.jumpTo', path: 'params.step', value: '"3"' }
        }
      }
    })
  })

  it('bounds the size of what it accepts', () => {
    const tooLong = 'x'.repeat(MAX_SOURCE_LENGTH + 1)
    expect(validateRequest('run.start', { source: tooLong })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining(`at most ${MAX_SOURCE_LENGTH} are allowed`) }
    })
    // The program's standard input, as the editor's "Standard input" field gives it.
    expect(validateRequest('run.start', { source: '', options: { stdin: 'a\nb\n' } }).ok).toBe(true)
    expect(
      validateRequest('run.start', {
        source: '',
        options: { stdin: 'y'.repeat(MAX_STDIN_LENGTH + 1) }
      })
    ).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('params.options.stdin') }
    })
    expect(
      validateRequest('run.readMemory', { sessionId: 's', address: 0, length: 1 << 20 })
    ).toMatchObject({
      ok: false
    })
  })

  it('treats absent parameters as an empty object', () => {
    expect(validateRequest('profiles.list', undefined)).toEqual({
      ok: true,
      channel: 'profiles.list',
      params: {}
    })
    expect(validateRequest('run.step', undefined)).toMatchObject({ ok: false })
  })
})

describe('createDispatcher', () => {
  it('never runs a request that fails validation', async () => {
    const calls: string[] = []
    const dispatch = createDispatcher({
      info: { name: 'M', version: '1', edition: 'browser' },
      simulator: recordingSimulator(calls)
    })
    const response = await dispatch(caller, 'run.step', { sessionId: 's', count: -1 })
    expect(response.ok).toBe(false)
    expect(calls).toEqual([])
    // A valid one does reach the service, and its failure comes back as a typed error.
    expect(await dispatch(caller, 'run.step', { sessionId: 's' })).toEqual({
      ok: false,
      error: { code: 'failed', message: 'step reached' }
    })
    expect(calls).toEqual(['step'])
  })

  it('answers every channel, and says when a service is not part of the build', async () => {
    const services: Services = {
      info: { name: 'M', version: '1', edition: 'browser' },
      simulator: recordingSimulator([])
    }
    const dispatch = createDispatcher(services)
    expect(await dispatch(caller, 'app.info', {})).toEqual({
      ok: true,
      result: {
        name: 'M',
        version: '1',
        edition: 'browser',
        allocators: ['first-fit', 'glibc'],
        layouts: ['linux-x86_64', 'classroom'],
        notices: []
      }
    })
    expect(await dispatch(caller, 'lessons.list', {})).toEqual({
      ok: false,
      error: {
        code: 'unavailable',
        message: 'The lesson library is not available in this build.',
        reason: { key: 'service.noLessons' }
      }
    })
    expect(await dispatch(caller, 'profiles.list', {})).toMatchObject({
      ok: false,
      error: { code: 'unavailable' }
    })
    expect(CHANNELS).toContain('progress.export')
  })
})
