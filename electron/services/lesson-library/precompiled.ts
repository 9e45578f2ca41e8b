/**
 * Built-in packs validated once, when the app is built, instead of at every start: parsing the
 * YAML checkpoints and checking the Markdown of a whole curriculum takes about half a second,
 * which the first screen would otherwise wait for. Each result is keyed by a digest of the
 * pack's exact files and the app version, so a pack edited after the build no longer matches
 * and is validated as usual.
 */
import { createHash } from 'node:crypto'
import type { LoadedPack } from '../../../shared/lessons/format'
import { validatePack, type PackFiles } from '../../../shared/lessons/validate'
import { packFolders, readPackFolder } from './pack-folder'

/** Validated packs by `packDigest`. */
export type PrecompiledPacks = ReadonlyMap<string, LoadedPack>

/** A digest of every file of a pack (path and bytes, in path order) and the app version. */
export function packDigest(files: PackFiles, appVersion: string): string {
  const hash = createHash('sha256').update(`memory-lane-pack-v1\0${appVersion}\0`)
  for (const path of [...files.keys()].sort()) {
    const bytes = files.get(path)!
    hash.update(`${path}\0${bytes.length}\0`).update(bytes)
  }
  return hash.digest('hex')
}

/**
 * Validates the packs in `dirs` (as `LessonLibraryOptions.builtInDirs` names them) and returns
 * them as JSON for `readPrecompiledPacks`. A pack with problems is left out: the app validates
 * it at start-up and reports them there.
 */
export function precompilePacks(dirs: string[], appVersion: string): string {
  const entries: [string, LoadedPack][] = []
  for (const folder of dirs.flatMap((dir) => packFolders(dir))) {
    const files = readPackFolder(folder)
    const { pack } = validatePack(files, { appVersion })
    if (pack) entries.push([packDigest(files, appVersion), pack])
  }
  return JSON.stringify(entries)
}

/** The packs `precompilePacks` wrote; nothing when the text is not what it writes. */
export function readPrecompiledPacks(json: string): PrecompiledPacks {
  try {
    const entries: unknown = JSON.parse(json)
    if (!Array.isArray(entries)) return new Map()
    return new Map(
      entries.filter(
        (e): e is [string, LoadedPack] =>
          Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'object' && e[1] !== null
      )
    )
  } catch {
    return new Map()
  }
}
