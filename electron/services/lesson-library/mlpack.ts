/**
 * Reading and writing `.mlpack` files: a pack folder zipped. An `.mlpack` comes from anyone, so
 * it is read defensively. The zip's central directory is read first and every entry checked
 * *before anything is inflated*: no `..` or absolute paths, no symbolic links, at most 5,000
 * files and 100 MB unpacked by the sizes the zip declares. Inflating then stops the moment an
 * entry produces more bytes than it declared, so a lying zip bomb cannot get past the limit.
 * fflate does the inflating and the writing; this module does the checking.
 */
import { Inflate, zipSync, type Zippable } from 'fflate'
import type { Sentence } from '../../../shared/api'

/** Most files a pack may hold. */
export const maxPackFiles = 5000
/** Most bytes a pack may hold, unpacked. */
export const maxPackBytes = 100 * 1024 * 1024

/**
 * A refused `.mlpack`, with one plain sentence saying why, and the same sentence for the page
 * to translate (`app.main.pack.<key>`, with the file name or count as parameters).
 */
export class UnsafePackError extends Error {
  readonly reason: Sentence
  constructor(message: string, key: string, params?: Record<string, string | number>) {
    super(message)
    this.name = 'UnsafePackError'
    this.reason = { key: `pack.${key}`, ...(params ? { params } : {}) }
  }
}

interface CentralEntry {
  name: string
  method: number
  compressedSize: number
  size: number
  localHeaderOffset: number
  isDirectory: boolean
}

const S_IFMT = 0o170000
const S_IFLNK = 0o120000

function findEndOfCentralDirectory(view: DataView): number {
  const minimum = Math.max(0, view.byteLength - 22 - 0xffff)
  for (let i = view.byteLength - 22; i >= minimum; i--)
    if (view.getUint32(i, true) === 0x06054b50) return i
  throw new UnsafePackError('This file is not a lesson pack: it is not a zip archive.', 'notZip')
}

/** Checks one entry name; returns the normalized pack path or throws. */
export function safeEntryPath(name: string): string {
  if (name.includes('\0'))
    throw new UnsafePackError(`The pack contains a file name with a NUL character.`, 'nulName')
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name))
    throw new UnsafePackError(
      `The pack contains an absolute path ("${name}"); it was refused.`,
      'absolutePath',
      {
        name
      }
    )
  const parts = name.split(/[/\\]/)
  if (parts.includes('..'))
    throw new UnsafePackError(
      `The pack contains a path that leaves its folder ("${name}"); it was refused.`,
      'leavesFolder',
      { name }
    )
  const path = parts.filter((p) => p !== '' && p !== '.').join('/')
  checkPortable(path)
  return path
}

/** Refuses a pack path Windows cannot hold as meant (see `unportable`). */
function checkPortable(path: string): void {
  if (!path.split('/').some(unportable)) return
  const shown = showName(path)
  throw new UnsafePackError(
    `The pack holds a file named “${shown}”, which Windows cannot hold (a device name such as CON or AUX, a character such as : * ? " < > | or a control character, or a name ending in a dot or a space); it was refused.`,
    'unportableName',
    { name: shown }
  )
}

/**
 * The names of a pack read from a folder, held to what an import of it would accept: a folder
 * written on Linux may hold `Notes.md` beside `notes.md`, or `aux.png`, which `pack build` would
 * zip into a pack no learner could import (`pack validate` and authoring mode call it).
 */
export function checkPackPaths(paths: readonly string[]): void {
  for (const path of paths) checkPortable(path)
  checkPathsFitOneFolder(paths)
}

/**
 * A path part Windows cannot write as the pack means it: a device name (`aux.png` opens the
 * AUX device), `:` (`a.png:x` writes an alternate data stream of `a.png`), the other reserved
 * characters and control characters, or a trailing dot or space (dropped, so two names become
 * one). A pack installed on any learner's machine must be the same files.
 */
function unportable(part: string): boolean {
  return (
    /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i.test(part) ||
    /[<>:"|?*\u0000-\u001f\u007f]/.test(part) ||
    /[. ]$/.test(part)
  )
}

/** A name as a message shows it: control characters as \uXXXX, so none acts on the page. */
function showName(name: string): string {
  return name.replace(
    /[\u0000-\u001f\u007f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

/**
 * The pack's paths checked as one folder on a learner's disk: two names that Windows and macOS
 * take for one file (they ignore case, and macOS one of Unicode's two spellings of "é"), or a
 * name that is a file and also a folder of other files, cannot both be written.
 */
function checkPathsFitOneFolder(paths: readonly string[]): void {
  const seen = new Map<string, string>()
  const folders = new Set<string>()
  for (const path of paths) {
    const parts = path.split('/')
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'))
  }
  for (const path of paths) {
    if (folders.has(path))
      throw new UnsafePackError(
        `The pack holds “${path}” both as a file and as a folder; it was refused.`,
        'fileAndFolder',
        { name: path }
      )
    for (const name of [path, ...[...folders].filter((f) => path.startsWith(f + '/'))]) {
      const key = name.normalize('NFC').toLowerCase()
      const other = seen.get(key)
      if (other !== undefined && other !== name)
        throw new UnsafePackError(
          `The pack holds “${other}” and “${name}”, which are one file on Windows and macOS; it was refused.`,
          'nameClash',
          { name: other, other: name }
        )
      seen.set(key, name)
    }
  }
}

function readCentralDirectory(bytes: Uint8Array): CentralEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.byteLength < 22)
    throw new UnsafePackError(
      'This file is not a lesson pack: it is too short to be a zip archive.',
      'notZip'
    )
  const end = findEndOfCentralDirectory(view)
  const count = view.getUint16(end + 10, true)
  const directoryOffset = view.getUint32(end + 16, true)
  if (count === 0xffff || directoryOffset === 0xffffffff)
    throw new UnsafePackError(
      'The pack uses the zip64 format, which lesson packs do not need; it was refused.',
      'zip64'
    )
  if (count > maxPackFiles)
    throw new UnsafePackError(
      `The pack holds ${count} files; at most ${maxPackFiles} are allowed.`,
      'tooManyFiles',
      {
        count,
        max: maxPackFiles
      }
    )
  const decoder = new TextDecoder()
  const entries: CentralEntry[] = []
  let offset = directoryOffset
  let total = 0
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.byteLength || view.getUint32(offset, true) !== 0x02014b50)
      throw new UnsafePackError('The pack is damaged: its zip directory is incomplete.', 'damaged')
    const madeBy = view.getUint16(offset + 4, true) >> 8
    const method = view.getUint16(offset + 10, true)
    const compressedSize = view.getUint32(offset + 20, true)
    const size = view.getUint32(offset + 24, true)
    const nameLength = view.getUint16(offset + 28, true)
    const extraLength = view.getUint16(offset + 30, true)
    const commentLength = view.getUint16(offset + 32, true)
    const externalAttributes = view.getUint32(offset + 38, true)
    const localHeaderOffset = view.getUint32(offset + 42, true)
    const rawName = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength))
    offset += 46 + nameLength + extraLength + commentLength
    // Made by Unix (3): the high 16 bits are the file mode.
    if (madeBy === 3 && ((externalAttributes >>> 16) & S_IFMT) === S_IFLNK)
      throw new UnsafePackError(
        `The pack contains a symbolic link ("${rawName}"); it was refused.`,
        'symlink',
        { name: rawName }
      )
    const name = safeEntryPath(rawName)
    const isDirectory = rawName.endsWith('/') || rawName.endsWith('\\')
    if (!isDirectory && method !== 0 && method !== 8)
      throw new UnsafePackError(
        `The pack file "${name}" uses an unsupported compression method.`,
        'compression',
        { name }
      )
    total += size
    if (total > maxPackBytes)
      throw new UnsafePackError(
        `The pack unpacks to more than ${maxPackBytes / 1024 / 1024} MB; it was refused.`,
        'tooBig',
        { megabytes: maxPackBytes / 1024 / 1024 }
      )
    entries.push({ name, method, compressedSize, size, localHeaderOffset, isDirectory })
  }
  return entries
}

function inflateBounded(data: Uint8Array, declared: number, name: string): Uint8Array {
  const out = new Uint8Array(declared)
  let written = 0
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > declared)
      throw new UnsafePackError(
        `The pack file "${name}" unpacks to more bytes than it declares; it was refused.`,
        'inflatesMore',
        { name }
      )
    out.set(chunk, written)
    written += chunk.length
  })
  try {
    inflater.push(data, true)
  } catch (error) {
    if (error instanceof UnsafePackError) throw error
    throw new UnsafePackError(
      `The pack file "${name}" is damaged and cannot be unpacked.`,
      'damagedFile',
      { name }
    )
  }
  if (written !== declared)
    throw new UnsafePackError(
      `The pack file "${name}" is damaged: it unpacks to fewer bytes than it declares.`,
      'damagedFile',
      { name }
    )
  return out
}

/**
 * Unpacks an `.mlpack` into pack files (path → bytes), checking everything first. When every
 * file sits in one top-level folder (a zipped folder), that folder is taken as the pack root.
 */
export function readMlpack(bytes: Uint8Array): Map<string, Uint8Array> {
  const entries = readCentralDirectory(bytes)
  // From the names alone, before anything is inflated.
  checkPathsFitOneFolder(entries.filter((e) => !e.isDirectory && e.name !== '').map((e) => e.name))
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const files = new Map<string, Uint8Array>()
  for (const entry of entries) {
    if (entry.isDirectory || entry.name === '') continue
    const at = entry.localHeaderOffset
    if (at + 30 > bytes.byteLength || view.getUint32(at, true) !== 0x04034b50)
      throw new UnsafePackError(
        `The pack is damaged: "${entry.name}" cannot be found in it.`,
        'damagedFile',
        { name: entry.name }
      )
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true)
    const data = bytes.subarray(start, start + entry.compressedSize)
    if (data.length !== entry.compressedSize)
      throw new UnsafePackError(
        `The pack is damaged: "${entry.name}" is cut short.`,
        'damagedFile',
        { name: entry.name }
      )
    const content = entry.method === 0 ? data.slice() : inflateBounded(data, entry.size, entry.name)
    if (entry.method === 0 && content.length !== entry.size)
      throw new UnsafePackError(
        `The pack is damaged: "${entry.name}" has the wrong size.`,
        'damagedFile',
        { name: entry.name }
      )
    if (files.has(entry.name))
      throw new UnsafePackError(
        `The pack contains "${entry.name}" twice; it was refused.`,
        'duplicate',
        { name: entry.name }
      )
    files.set(entry.name, content)
  }
  if (!files.has('pack.yaml')) {
    const roots = new Set([...files.keys()].map((p) => p.split('/')[0]))
    const [root] = roots
    if (roots.size === 1 && files.has(`${root}/pack.yaml`)) {
      const stripped = new Map<string, Uint8Array>()
      for (const [path, content] of files) stripped.set(path.slice(root.length + 1), content)
      return stripped
    }
  }
  return files
}

/** Zips pack files into an `.mlpack` (deflated, paths as given). */
export function writeMlpack(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const tree: Zippable = {}
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1)))
    tree[path] = [content, { level: 9, mtime: new Date(Date.UTC(2026, 0, 1)) }]
  return zipSync(tree)
}
