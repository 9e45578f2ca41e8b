/**
 * Assembles the services behind the contract, the same way for both editions: the simulator
 * host, and the lesson library and progress store when they are part of the build.
 */
import type { LessonLibraryService, Services } from '../../shared/api'
import { join } from 'node:path'
import { SimulatorHost, type SimulatorHostOptions } from '../services/simulator-host/host'
import type { LessonLibraryOptions } from '../services/lesson-library/library'
import { ProgressStore } from '../services/progress/store'
import packageJson from '../../package.json'

/** The simulator's allocator and layout names, listed by the build (electron.vite.config.ts). */
declare const __MEMORY_LANE_SIMULATOR_NAMES__: SimulatorNames | undefined

/** What `app.info` offers the learner to choose from. */
export interface SimulatorNames {
  allocators: string[]
  layouts: string[]
}

/**
 * The allocator and layout names. The build writes them into the server, so it does not load
 * the whole simulator (a quarter of a megabyte of code) before it listens just to name its
 * parts; run from the sources, they are read from the simulator itself.
 */
export async function simulatorNames(): Promise<SimulatorNames> {
  if (typeof __MEMORY_LANE_SIMULATOR_NAMES__ === 'object') return __MEMORY_LANE_SIMULATOR_NAMES__
  const { allocatorNames, layoutNames } = await import('../../shared/sim')
  return {
    allocators: allocatorNames().map((a) => a.name),
    layouts: layoutNames().map((l) => l.name)
  }
}

/**
 * The lesson library, loaded and opened when a lesson request first asks for it. Its code (the
 * pack parser: YAML, Markdown, JSON Schema, zip) is a third of the server's, and the server is
 * listening sooner without it; the first screen's `lessons.list` loads it while the page is busy.
 */
function lessonLibraryOnFirstUse(
  options: Omit<LessonLibraryOptions, 'precompiled'>
): LessonLibraryService {
  let library: Promise<LessonLibraryService> | undefined
  const open = async (): Promise<LessonLibraryService> => {
    const [{ LessonLibrary }, { builtInPrecompiledPacks }] = await Promise.all([
      import('../services/lesson-library/library'),
      import('../services/lesson-library/built-in-packs')
    ])
    const precompiled = builtInPrecompiledPacks()
    return new LessonLibrary({ ...options, precompiled: () => precompiled })
  }
  // A library that failed to open (its folder could not be made) is tried again next time.
  const get = (): Promise<LessonLibraryService> =>
    (library ??= open().catch((error: unknown) => {
      library = undefined
      throw error
    }))
  return {
    list: async (params, callerId) => (await get()).list(params, callerId),
    open: async (params, callerId) => (await get()).open(params, callerId),
    importPack: async (params, caller) => (await get()).importPack(params, caller),
    cancelCheck: async (caller) => (await get()).cancelCheck(caller),
    removePack: async (params) => (await get()).removePack(params),
    authorFolder: async (caller, params) => (await get()).authorFolder(caller, params)
  }
}

export interface ComposeOptions {
  edition: 'electron' | 'browser'
  /** Where learner data lives (profiles, progress, imported packs). */
  userDataDir: string
  /** Folders of the built-in lesson packs (the repository's or the installed app's `lessons/`). */
  builtInLessonDirs: string[]
  simulator?: SimulatorHostOptions
}

export interface ComposedServices extends Services {
  /** Boots a simulator worker ahead of the first run (the browser edition calls it once a page connects). */
  warmUp(): void
  shutdown(): Promise<void>
}

/** Reads the watchdog budgets from the environment (used by tests to make them short). */
export function budgetsFromEnvironment(env: NodeJS.ProcessEnv = process.env): SimulatorHostOptions {
  const positive = (value: string | undefined): number | undefined => {
    const n = Number(value)
    return value && Number.isFinite(n) && n > 0 ? n : undefined
  }
  return {
    timeBudgetMs: positive(env.MEMORY_LANE_TIME_BUDGET_MS),
    memoryBudgetMb: positive(env.MEMORY_LANE_MEMORY_BUDGET_MB),
    simulatedMemoryMb: positive(env.MEMORY_LANE_SIMULATED_MEMORY_MB)
  }
}

/** An object created the first time any of its members is used. */
export function lazily<T extends object>(create: () => T): T {
  let instance: T | null = null
  const target = (): T => (instance ??= create())
  return new Proxy({} as T, {
    get(_shell, property) {
      const value: unknown = Reflect.get(target(), property)
      return typeof value === 'function' ? value.bind(target()) : value
    },
    has: (_shell, property) => Reflect.has(target(), property)
  })
}

export async function composeServices(options: ComposeOptions): Promise<ComposedServices> {
  const simulator = new SimulatorHost({
    ...(await simulatorNames()),
    ...budgetsFromEnvironment(),
    ...options.simulator
  })
  // Opened on first use, so the server listens without reading the learner's files first.
  const progress = lazily(() =>
    ProgressStore.open({ directory: join(options.userDataDir, 'progress') })
  )
  const lessons = lessonLibraryOnFirstUse({
    builtInDirs: options.builtInLessonDirs,
    packsDir: join(options.userDataDir, 'packs'),
    appVersion: packageJson.version,
    progress,
    // A pack's check (seconds for a large pack) runs in a worker, not on the thread that serves.
    checkPack: (args, checkOptions) => simulator.checkPack(args, checkOptions)
  })
  // The desktop window opens right after this: its first Run should find a worker ready.
  if (options.edition === 'electron') simulator.warmUp()
  return {
    info: { name: packageJson.productName, version: packageJson.version, edition: options.edition },
    simulator,
    lessons,
    progress,
    warmUp: () => simulator.warmUp(),
    async shutdown() {
      await simulator.shutdown()
    }
  }
}
