/**
 * Replacing a file so that it is either the old version or the whole new one, never a part:
 * write a temporary file beside it, flush it to the disk, check its size, then rename it over
 * the old one (a rename within a folder is atomic).
 *
 * Every byte is written or the write fails. (write-file-atomic, used before, issues a single
 * write(2) and ignores a short count: on a nearly full disk the kernel writes what fits and
 * says how much, and the truncated temporary file was renamed over the good one. On a 64 KiB
 * tmpfs, 16 saves in, both progress files were cut short and the next start found nothing.)
 */
import { randomUUID } from 'node:crypto'
import {
  closeSync,
  fstatSync,
  fsyncSync,
  openSync,
  renameSync,
  unlinkSync,
  writeFileSync
} from 'node:fs'
import { open, rename, unlink } from 'node:fs/promises'

const temporaryName = (path: string): string => `${path}.${process.pid}-${randomUUID()}.tmp`

function shortWrite(path: string, written: number, wanted: number): Error {
  return Object.assign(
    new Error(`only ${written} of ${wanted} bytes of ${path} reached the disk`),
    { code: 'ENOSPC' }
  )
}

/** Replaces `path` with `text` (UTF-8), atomically. */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const data = Buffer.from(text, 'utf8')
  const temporary = temporaryName(path)
  const handle = await open(temporary, 'wx', 0o600)
  try {
    try {
      await handle.writeFile(data) // loops until every byte is written, or throws
      await handle.sync()
      const { size } = await handle.stat()
      if (size !== data.length) throw shortWrite(path, size, data.length)
    } finally {
      await handle.close()
    }
    await rename(temporary, path)
  } catch (error) {
    await unlink(temporary).catch(() => undefined)
    throw error
  }
}

/** The same, synchronously (opening the store, before anything else runs). */
export function writeFileAtomicallySync(path: string, text: string): void {
  const data = Buffer.from(text, 'utf8')
  const temporary = temporaryName(path)
  const fd = openSync(temporary, 'wx', 0o600)
  try {
    try {
      writeFileSync(fd, data)
      fsyncSync(fd)
      const { size } = fstatSync(fd)
      if (size !== data.length) throw shortWrite(path, size, data.length)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, path)
  } catch (error) {
    try {
      unlinkSync(temporary)
    } catch {
      // Never created, or already renamed.
    }
    throw error
  }
}
