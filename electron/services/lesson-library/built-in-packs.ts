/**
 * The built-in packs as the app's build validated them (electron.vite.config.ts puts them in
 * `__MEMORY_LANE_PRECOMPILED_LESSONS__`). Kept in a module of its own, loaded with the lesson
 * library on the first lesson request: the text is a few hundred KB that the server would
 * otherwise compile before it listens.
 */
import { readPrecompiledPacks, type PrecompiledPacks } from './precompiled'

/** The build's validated packs; absent when running from the sources. */
declare const __MEMORY_LANE_PRECOMPILED_LESSONS__: string | undefined

/** The packs validated by the build, or none when running from the sources. */
export function builtInPrecompiledPacks(): PrecompiledPacks {
  return readPrecompiledPacks(
    typeof __MEMORY_LANE_PRECOMPILED_LESSONS__ === 'string'
      ? __MEMORY_LANE_PRECOMPILED_LESSONS__
      : '[]'
  )
}
