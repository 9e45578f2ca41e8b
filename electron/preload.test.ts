/** The preload script exposes exactly one frozen object, and no Electron or Node capability. */
import { beforeAll, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>()
  const invoked: unknown[][] = []
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>()
  return {
    exposed,
    invoked,
    listeners,
    module: {
      contextBridge: {
        exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value)
      },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          invoked.push(args)
          return Promise.resolve({ ok: true, result: null })
        },
        on: (channel: string, listener: (...args: unknown[]) => void) => {
          const set = listeners.get(channel) ?? new Set()
          set.add(listener)
          listeners.set(channel, set)
        },
        removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
          listeners.get(channel)?.delete(listener)
      }
    }
  }
})
vi.mock('electron', () => ({ ...electron.module, default: electron.module }))

beforeAll(async () => {
  await import('./preload')
})

describe('electron/preload.ts', () => {
  it('exposes one frozen object with only request, onEvent and the edition', () => {
    expect([...electron.exposed.keys()]).toEqual(['memoryLane'])
    const bridge = electron.exposed.get('memoryLane') as Record<string, unknown>
    expect(Object.keys(bridge).sort()).toEqual(['edition', 'onEvent', 'request'])
    expect(Object.isFrozen(bridge)).toBe(true)
    expect(bridge.edition).toBe('electron')
  })

  it('sends requests on the one contract channel and lets listeners unsubscribe', async () => {
    const bridge = electron.exposed.get('memoryLane') as {
      request: (c: string, p: unknown) => Promise<unknown>
      onEvent: (l: (e: string, p: unknown) => void) => () => void
    }
    await bridge.request('run.step', { sessionId: 's' })
    expect(electron.invoked).toEqual([['memory-lane:request', 'run.step', { sessionId: 's' }]])
    const heard: unknown[] = []
    const stop = bridge.onEvent((event, payload) => heard.push([event, payload]))
    for (const listener of electron.listeners.get('memory-lane:event') ?? [])
      listener({ sender: 'hidden' }, 'notice', { level: 'info', message: 'hi' })
    // The IPC event object (with its sender) never reaches the page.
    expect(heard).toEqual([['notice', { level: 'info', message: 'hi' }]])
    stop()
    expect(electron.listeners.get('memory-lane:event')?.size).toBe(0)
  })
})
