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
import { packReason, type PackMessageKey, type PackReason } from '../../shared/lessons/messages'
import { packLanguage, sayIn, type PackLanguage } from './pack-language'

/** `memory-lane serve --help` in the shell's language: the flags as typed, what each does. */
function serveUsage(language: PackLanguage): string {
  const flags: Array<[string, PackMessageKey]> = [
    ['--port N', 'cli.servePort'],
    ['--open', 'cli.serveOpen'],
    ['--token-file PATH', 'cli.serveTokenFile']
  ]
  // 'Usage:' is followed by a space in English; Chinese's full-width '：' needs none.
  const heading = sayIn(language, 'cli.usage')
  const gap = heading.endsWith('：') ? '' : ' '
  return [
    `${heading}${gap}memory-lane serve [--port N] [--open] [--token-file PATH]`,
    ...flags.map(([flag, key]) => `  ${flag.padEnd(18)} ${sayIn(language, key)}`)
  ].join('\n')
}

interface ServeOptions {
  port: number
  open: boolean
  tokenFile?: string
}

/** Reads the options, or returns why they are refused (cli.serve*). */
export function parseServeArgs(args: string[]): ServeOptions | PackReason {
  const options: ServeOptions = { port: 0, open: false }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--open') options.open = true
    else if (arg === '--port' || arg === '--token-file') {
      const value = args[++i]
      if (value === undefined) return packReason('cli.serveNeedsValue', { flag: arg })
      if (arg === '--token-file') options.tokenFile = value
      else {
        const port = Number(value)
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          return packReason('cli.serveBadPort', { value })
        options.port = port
      }
    } else return packReason('cli.serveUnknownOption', { option: arg })
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
  const language = packLanguage(undefined)
  if (args.includes('--help') || args.includes('-h')) {
    console.log(serveUsage(language))
    return 0
  }
  const options = parseServeArgs(args)
  if (!('port' in options)) {
    console.error(
      `${sayIn(language, 'cli.serveRefused', { detail: options })}\n${serveUsage(language)}`
    )
    return 2
  }
  const root = projectRoot(fileURLToPath(new URL('.', import.meta.url)))
  const rendererDir = join(root, 'out', 'renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error(sayIn(language, 'cli.serveNotBuilt'))
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
      console.error(sayIn(language, 'cli.servePortInUse', { port: options.port }))
      return 1
    }
    throw error
  }
  if (options.tokenFile) await writeFile(options.tokenFile, edition.url + '\n', { mode: 0o600 })
  console.log(sayIn(language, 'cli.serveRunning', { url: edition.url }))
  edition.prepare()
  // Loaded only when asked for: starting a browser needs child_process, which nothing else does.
  if (options.open && !(await import('../server/open-browser')).openInBrowser(edition.url))
    console.log(sayIn(language, 'cli.serveOpenYourself'))
  console.log(sayIn(language, 'cli.serveStop'))
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await edition.close()
  await services.shutdown()
  return 0
}
