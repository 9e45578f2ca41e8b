// Starts the TypeScript worker when the app runs from source (tests, the CLI, the browser
// edition under tsx). The built app starts out/main/simulator-worker.js instead.
import { register } from 'tsx/esm/api'

register()
await import('./worker.ts')
