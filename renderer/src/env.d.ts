/// <reference types="vite/client" />
import type { MemoryLaneBridge } from '../../shared/api'

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

declare global {
  interface Window {
    /** Present only in the Electron edition, exposed by the preload script. */
    memoryLane?: MemoryLaneBridge
  }
}
