#!/usr/bin/env node
// The `memory-lane` command. The CLI is written in TypeScript; tsx compiles it on the fly
// so the command works straight after `npm install`, with no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../electron/cli/index.ts')
process.exitCode = await main(process.argv.slice(2))
