/**
 * `memory-lane` — the command-line front end. Each subcommand lives in its own module and
 * is loaded only when used, so `memory-lane run` does not pay for the pack tools.
 *
 * Every subcommand returns an exit status instead of calling `process.exit`, and reports bad
 * input as a one-line message: a learner or instructor never sees a stack trace.
 */
export type Subcommand = (args: string[]) => Promise<number>

const subcommands: Record<string, { summary: string; load: () => Promise<Subcommand> }> = {
  run: {
    summary: 'run FILE.c            compile and run a C program on the simulated machine',
    load: async () => (await import('./run')).run
  },
  heap: {
    summary: 'heap replay ...       replay an allocation trace or an OSTEP op list',
    load: async () => (await import('./heap')).heap
  },
  pack: {
    summary: 'pack validate|build|new  tools for lesson-pack authors',
    load: async () => (await import('./pack')).pack
  },
  serve: {
    summary: 'serve [--port N]      start the browser edition on 127.0.0.1',
    load: async () => (await import('./serve')).serve
  }
}

function usage(): string {
  const lines = Object.values(subcommands).map((s) => `  memory-lane ${s.summary}`)
  return ['Usage:', ...lines].join('\n')
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage())
    return name ? 0 : 2
  }
  const entry = subcommands[name]
  if (!entry) {
    console.error(`memory-lane: unknown command "${name}".\n${usage()}`)
    return 2
  }
  try {
    const command = await entry.load()
    return await command(rest)
  } catch (error) {
    // A bug of ours must still read as one sentence, not a stack trace.
    const message = error instanceof Error ? error.message : String(error)
    console.error(`memory-lane ${name}: internal error: ${message}`)
    if (process.env.MEMORY_LANE_DEBUG) console.error(error)
    return 70
  }
}
