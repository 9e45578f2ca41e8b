/**
 * The preload script (sandboxed, isolated): exposes one narrow object, `window.memoryLane`,
 * that can send contract requests and hear contract events — nothing else of Electron or Node.
 * Validation happens on the main side; this only carries messages.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  IPC_EVENT,
  IPC_REQUEST,
  type Channel,
  type EventName,
  type MemoryLaneBridge,
  type Response
} from '../shared/api'

export const bridge: MemoryLaneBridge = Object.freeze({
  edition: 'electron' as const,
  request: (channel: Channel, params: unknown): Promise<Response<Channel>> =>
    ipcRenderer.invoke(IPC_REQUEST, channel, params) as Promise<Response<Channel>>,
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void {
    const forward = (_event: IpcRendererEvent, name: EventName, payload: unknown): void =>
      listener(name, payload)
    ipcRenderer.on(IPC_EVENT, forward)
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, forward)
    }
  }
})

contextBridge.exposeInMainWorld('memoryLane', bridge)
