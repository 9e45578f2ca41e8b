/**
 * `memory-lane serve [--port N] [--open] [--token-file PATH]`: the browser edition on
 * 127.0.0.1. Prints the address to open (it carries this launch's access token) and serves
 * until Ctrl+C.
 */
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { dirname, join } from 'node:path'
import { startBrowserEdition } from '../server/index'
import { composeServices } from '../server/compose'
import { userDataDir } from '../server/user-data'

const USAGE = 'Usage: memory-lane serve [--port N] [--open] [--token-file PATH]'

interface ServeOptions {
  port: number
  open: boolean
  tokenFile?: string
}

/** Reads the options, or returns the sentence that says what is wrong with them. */
export function parseServeArgs(args: string[]): ServeOptions | string {
  const options: ServeOptions = { port: 0, open: false }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--open') options.open = true
    else if (arg === '--port' || arg === '--token-file') {
      const value = args[++i]
      if (value === undefined) return `${arg} needs a value.`
      if (arg === '--token-file') options.tokenFile = value
      else {
        const port = Number(value)
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          return `--port must be a whole number from 0 to 65535, not "${value}".`
        options.port = port
      }
    } else return `unknown option "${arg}".`
  }
  return options
}

/** The folder holding package.json, above this module (sources or a bundled chunk alike). */
function projectRoot(from: string): string {
  let dir = from
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir)
  return dir
}

export async function serve(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE)
    return 0
  }
  const options = parseServeArgs(args)
  if (typeof options === 'string') {
    console.error(`memory-lane serve: ${options}\n${USAGE}`)
    return 2
  }
  const root = projectRoot(fileURLToPath(new URL('.', import.meta.url)))
  const rendererDir = join(root, 'out', 'renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error(
      'memory-lane serve: the app is not built yet; run "npm run build" first ("npm run web" builds it for you).'
    )
    return 1
  }
  // The bundled worker boots in a fraction of the time the TypeScript sources take under tsx.
  const builtWorker = join(root, 'out', 'main', 'simulator-worker.js')
  const services = await composeServices({
    edition: 'browser',
    userDataDir: userDataDir(),
    builtInLessonDirs: [join(root, 'lessons')],
    simulator: existsSync(builtWorker) ? { workerUrl: pathToFileURL(builtWorker) } : {}
  })
  let edition
  try {
    edition = await startBrowserEdition({ rendererDir, services, port: options.port })
  } catch (error) {
    await services.shutdown()
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(
        `memory-lane serve: port ${options.port} is already in use on 127.0.0.1; choose another with --port.`
      )
      return 1
    }
    throw error
  }
  if (options.tokenFile) await writeFile(options.tokenFile, edition.url + '\n', { mode: 0o600 })
  console.log(`Memory Lane (browser edition) is running at ${edition.url}`)
  edition.prepare()
  // Loaded only when asked for: starting a browser needs child_process, which nothing else does.
  if (options.open && !(await import('../server/open-browser')).openInBrowser(edition.url))
    console.log('Open that address in a web browser on this computer.')
  console.log('Press Ctrl+C to stop.')
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await edition.close()
  await services.shutdown()
  return 0
}
