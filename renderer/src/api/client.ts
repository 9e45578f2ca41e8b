/**
 * The renderer's side of the contract in `shared/api.ts`. In Electron the preload script's
 * bridge carries requests over IPC; in the browser edition one WebSocket to the page's own
 * origin does, authenticated by the per-launch token the page was opened with.
 */
import type {
  ApiError,
  Channel,
  ClientFrame,
  EventName,
  Events,
  Params,
  Response,
  Result,
  ServerFrame
} from '../../../shared/api'
import type { ProcessState } from '../../../shared/state'
import { unpackState } from '../../../shared/packedBlocks'
import { mainSentenceNow } from './sentences'

/**
 * A request that came back with an error (or could not be delivered). Its message is in the
 * page's language when the main side said it translatably (see sentences.ts).
 */
export class ApiRequestError extends Error {
  constructor(readonly error: ApiError) {
    super(mainSentenceNow(error))
    this.name = 'ApiRequestError'
  }
}

export interface ApiClient {
  readonly edition: 'electron' | 'browser'
  request<C extends Channel>(channel: C, params: Params<C>): Promise<Result<C>>
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
}

type AnyListener = (payload: unknown) => void

class Listeners {
  private readonly byEvent = new Map<string, Set<AnyListener>>()
  add(event: string, listener: AnyListener): () => void {
    const set = this.byEvent.get(event) ?? new Set()
    set.add(listener)
    this.byEvent.set(event, set)
    return () => set.delete(listener)
  }
  emit(event: string, payload: unknown): void {
    for (const listener of this.byEvent.get(event) ?? []) listener(payload)
  }
}

/**
 * The answer of a request, or its error thrown. A run's state arrives with its heap blocks
 * packed (shared/packedBlocks.ts): they are unpacked here, so the store and the views see
 * `blocks` as the simulator made them.
 */
export function unwrap<C extends Channel>(response: Response<Channel>): Result<C> {
  if (!response.ok) throw new ApiRequestError(response.error)
  const result = response.result as Result<C>
  if (typeof result === 'object' && result !== null && 'state' in result) {
    const view = result as { state?: ProcessState }
    if (view.state?.packedBlocks !== undefined)
      return { ...result, state: unpackState(view.state) } as Result<C>
  }
  return result
}

/** The per-launch token: from the address the server printed, kept for reloads of this tab. */
export function pageToken(location: Location, storage: Storage | undefined): string | null {
  const fromUrl = new URLSearchParams(location.search).get('token')
  if (fromUrl) {
    storage?.setItem('memory-lane.token', fromUrl)
    return fromUrl
  }
  return storage?.getItem('memory-lane.token') ?? null
}

function webSocketClient(): ApiClient {
  const listeners = new Listeners()
  const pending = new Map<number, (response: Response<Channel>) => void>()
  let nextId = 1
  const token = pageToken(window.location, window.sessionStorage)
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  const socket = new WebSocket(
    `${scheme}//${window.location.host}/api?token=${encodeURIComponent(token ?? '')}`
  )
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve())
    socket.addEventListener('error', () =>
      reject(
        new ApiRequestError({
          code: 'unavailable',
          message: 'The connection to the Memory Lane server failed.'
        })
      )
    )
  })
  opened.catch(() => undefined)
  socket.addEventListener('message', (message: MessageEvent<string>) => {
    const frame = JSON.parse(message.data) as ServerFrame
    if ('id' in frame) {
      pending.get(frame.id)?.(frame.response)
      pending.delete(frame.id)
    } else {
      listeners.emit(frame.event, frame.payload)
    }
  })
  socket.addEventListener('close', () => {
    for (const settle of pending.values())
      settle({
        ok: false,
        error: { code: 'unavailable', message: 'The Memory Lane server closed the connection.' }
      })
    pending.clear()
    listeners.emit('notice', {
      level: 'error',
      message: 'The connection to the Memory Lane server was closed.',
      key: 'notice.connectionLost'
    })
  })
  return {
    edition: 'browser',
    async request<C extends Channel>(channel: C, params: Params<C>): Promise<Result<C>> {
      await opened
      const id = nextId++
      const frame: ClientFrame = { id, channel, params }
      const response = await new Promise<Response<Channel>>((resolve) => {
        pending.set(id, resolve)
        socket.send(JSON.stringify(frame))
      })
      return unwrap<C>(response)
    },
    on: (event, listener) => listeners.add(event, listener as AnyListener)
  }
}

function bridgeClient(bridge: NonNullable<Window['memoryLane']>): ApiClient {
  const listeners = new Listeners()
  bridge.onEvent((event, payload) => listeners.emit(event, payload))
  return {
    edition: 'electron',
    request: async <C extends Channel>(channel: C, params: Params<C>) =>
      unwrap<C>(await bridge.request(channel, params)),
    on: (event, listener) => listeners.add(event, listener as AnyListener)
  }
}

let client: ApiClient | null = null

/** The app's one client, created on first use for whichever edition this page runs in. */
export function useApi(): ApiClient {
  client ??= window.memoryLane ? bridgeClient(window.memoryLane) : webSocketClient()
  return client
}

/** Lets tests and embedding code supply the client (for example one talking to a real server). */
export function setApi(replacement: ApiClient | null): void {
  client = replacement
}
