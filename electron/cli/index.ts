/**
 * `memory-lane` — the command-line front end. Each subcommand lives in its own module and
 * is loaded only when used, so `memory-lane run` does not pay for the pack tools.
 *
 * Every subcommand returns an exit status instead of calling `process.exit`, and reports bad
 * input as a one-line message: a learner or instructor never sees a stack trace.
 */
import type { PackMessageKey } from '../../shared/lessons/messages'
import { packLanguage, sayIn, type PackLanguage } from './pack-language'

export type Subcommand = (args: string[]) => Promise<number>

const subcommands: Record<
  string,
  { syntax: string; summary: PackMessageKey; load: () => Promise<Subcommand> }
> = {
  run: {
    syntax: 'run FILE.c',
    summary: 'cli.summaryRun',
    load: async () => (await import('./run')).run
  },
  heap: {
    syntax: 'heap replay ...',
    summary: 'cli.summaryHeap',
    load: async () => (await import('./heap')).heap
  },
  pack: {
    syntax: 'pack validate|build|new',
    summary: 'cli.summaryPack',
    load: async () => (await import('./pack')).pack
  },
  serve: {
    syntax: 'serve [--port N]',
    summary: 'cli.summaryServe',
    load: async () => (await import('./serve')).serve
  }
}

/**
 * The commands and what each does, in the shell's language (a Chinese LANG says it in Chinese,
 * as `memory-lane pack` does); the commands themselves are typed as written.
 */
export function usage(language: PackLanguage = packLanguage(undefined)): string {
  const lines = Object.values(subcommands).map(
    (s) => `  memory-lane ${s.syntax.padEnd(24)} ${sayIn(language, s.summary)}`
  )
  return [sayIn(language, 'cli.usage'), ...lines].join('\n')
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage())
    return name ? 0 : 2
  }
  const entry = subcommands[name]
  if (!entry) {
    console.error(`${sayIn(packLanguage(undefined), 'cli.unknownCommand', { name })}\n${usage()}`)
    return 2
  }
  try {
    const command = await entry.load()
    return await command(rest)
  } catch (error) {
    // A bug of ours must still read as one sentence, not a stack trace.
    const message = error instanceof Error ? error.message : String(error)
    console.error(sayIn(packLanguage(undefined), 'cli.internalError', { name, detail: message }))
    if (process.env.MEMORY_LANE_DEBUG) console.error(error)
    return 70
  }
}
