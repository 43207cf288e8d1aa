/**
 * The data directory, by OS convention for an app named aimux; the desktop app uses the same
 * folder as Electron's userData (Electron derives userData from appData + app name).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'aimux';

export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: Readonly<Record<string, string | undefined>> = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_NAME);
}

export function configPathIn(dataDir: string): string {
  return join(dataDir, 'config.json');
}
