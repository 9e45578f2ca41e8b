/**
 * Assembles the services behind the contract, the same way for both editions: the simulator
 * host, and the lesson library and progress store when they are part of the build.
 */
import type { Services } from '../../shared/api'
import { join } from 'node:path'
import { SimulatorHost, type SimulatorHostOptions } from '../services/simulator-host/host'
import { LessonLibrary } from '../services/lesson-library'
import { readPrecompiledPacks, type PrecompiledPacks } from '../services/lesson-library/precompiled'
import { ProgressStore } from '../services/progress/store'
import { allocatorNames, layoutNames } from '../../shared/sim'
import packageJson from '../../package.json'

/** The built-in packs validated by the build (electron.vite.config.ts); absent in the sources. */
declare const __MEMORY_LANE_PRECOMPILED_LESSONS__: string | undefined

function precompiledLessons(): PrecompiledPacks {
  return typeof __MEMORY_LANE_PRECOMPILED_LESSONS__ === 'string'
    ? readPrecompiledPacks(__MEMORY_LANE_PRECOMPILED_LESSONS__)
    : new Map()
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
    memoryBudgetMb: positive(env.MEMORY_LANE_MEMORY_BUDGET_MB)
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
    allocators: allocatorNames().map((a) => a.name),
    layouts: layoutNames().map((l) => l.name),
    ...budgetsFromEnvironment(),
    ...options.simulator
  })
  // Opened on first use: validating the lesson packs takes a noticeable fraction of a second,
  // which the first screen should not wait for.
  const progress = lazily(() =>
    ProgressStore.open({ directory: join(options.userDataDir, 'progress') })
  )
  const lessons = lazily(
    () =>
      new LessonLibrary({
        builtInDirs: options.builtInLessonDirs,
        packsDir: join(options.userDataDir, 'packs'),
        appVersion: packageJson.version,
        progress,
        precompiled: precompiledLessons
      })
  )
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
