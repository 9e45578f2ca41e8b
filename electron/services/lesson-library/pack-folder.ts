/**
 * Reading a pack folder from disk into the in-memory form `validatePack` takes. Symbolic links
 * are never followed: a pack is plain files and folders.
 */
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

/** Every regular file under `root`, keyed by its pack path (with `/`). Symlinks are skipped. */
export function readPackFolder(root: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>()
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      const stat = lstatSync(path)
      if (stat.isDirectory()) walk(path)
      else if (stat.isFile())
        files.set(relative(root, path).split(sep).join('/'), readFileSync(path))
    }
  }
  walk(root)
  return files
}

/** The packs in `dir`: `dir` itself when it holds a `pack.yaml`, else its pack subfolders. */
export function packFolders(dir: string): string[] {
  if (!existsSync(dir)) return []
  if (existsSync(join(dir, 'pack.yaml'))) return [dir]
  return readdirSync(dir, { withFileTypes: true })
    .filter(
      (e) =>
        e.isDirectory() && !e.name.startsWith('.') && existsSync(join(dir, e.name, 'pack.yaml'))
    )
    .map((e) => join(dir, e.name))
    .sort()
}
