/**
 * Reading a pack folder from disk into the in-memory form `validatePack` takes. Symbolic links
 * are never followed: a pack is plain files and folders. Hidden folders (`.git`, `.vscode`) are
 * an author's tools, not part of the pack, and are left out. The limits of an `.mlpack` apply
 * (5,000 files, 100 MB), checked before each file is read, so that authoring mode pointed at
 * the wrong folder (a home folder, `/`) says so at once instead of reading the whole disk.
 */
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { maxPackBytes, maxPackFiles, UnsafePackError } from './mlpack'

/** Every regular file under `root`, keyed by its pack path (with `/`). Symlinks are skipped. */
export function readPackFolder(root: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>()
  let bytes = 0
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      const stat = lstatSync(path)
      if (stat.isDirectory()) {
        if (!name.startsWith('.')) walk(path)
      } else if (stat.isFile()) {
        bytes += stat.size
        if (files.size + 1 > maxPackFiles)
          throw new UnsafePackError(
            `The folder ${root} holds more than ${maxPackFiles} files; a pack may hold at most ${maxPackFiles}. Is it the pack's own folder?`,
            'folderTooManyFiles',
            { folder: root, max: maxPackFiles }
          )
        if (bytes > maxPackBytes)
          throw new UnsafePackError(
            `The files in ${root} add up to more than ${maxPackBytes / 1024 / 1024} MB; a pack may hold at most ${maxPackBytes / 1024 / 1024} MB. Is it the pack's own folder?`,
            'folderTooBig',
            { folder: root, megabytes: maxPackBytes / 1024 / 1024 }
          )
        files.set(relative(root, path).split(sep).join('/'), readFileSync(path))
      }
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
