/**
 * Where learner data lives when the app runs without Electron: the same folder Electron's
 * `app.getPath('userData')` gives the desktop app, so both editions share profiles and progress.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'

export const PRODUCT_NAME = 'Memory Lane'

export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform
): string {
  if (env.MEMORY_LANE_DATA_DIR) return env.MEMORY_LANE_DATA_DIR
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME)
}
