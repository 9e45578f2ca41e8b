/** Opens an address in the learner's default browser, when the machine has one to open. */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => existsSync(join(dir, command)))
}

/** Returns false when there is no display or no opener; never throws. */
export function openInBrowser(url: string): boolean {
  let command: string[]
  if (process.platform === 'darwin') command = ['open', url]
  else if (process.platform === 'win32') command = ['cmd', '/c', 'start', '""', url]
  else if ((process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && onPath('xdg-open'))
    command = ['xdg-open', url]
  else return false
  try {
    const child = spawn(command[0], command.slice(1), { stdio: 'ignore', detached: true })
    child.on('error', () => undefined)
    child.unref()
    return true
  } catch {
    return false
  }
}
