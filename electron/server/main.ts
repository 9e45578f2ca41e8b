/**
 * Entry of the built browser edition (`out/main/browser-edition.js`): the same `serve` command
 * as `memory-lane serve`, without compiling TypeScript at start-up, so the server is up at once.
 */
import { serve } from '../cli/serve'

process.exitCode = await serve(process.argv.slice(2))
