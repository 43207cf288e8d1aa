// Whether `npm start` can open the desktop app here, or runs the headless proxy instead (and why).
// Pure: the caller passes what it found. scripts/start.mjs uses it; test/shell/launch-mode.test.ts tests it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Electron binary npm installed (node_modules/electron/dist/…), or undefined; never downloads. */
export function installedElectron(root) {
  const pkg = join(root, 'node_modules', 'electron');
  try {
    const rel = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
    const bin = join(pkg, 'dist', rel);
    return rel && existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/**
 *   AIMUX_HEADLESS=1                              → headless (asked for)
 *   no Electron binary, ELECTRON_SKIP_BINARY_DOWNLOAD set or CI  → headless (it will not be downloaded)
 *   no Electron binary                            → download it, then decide again (a failed download → headless)
 *   Linux without DISPLAY or WAYLAND_DISPLAY      → headless (no screen for a window or a tray)
 *   otherwise                                     → desktop
 */
export function chooseLaunch({ env, platform, electron, downloadFailed = false }) {
  const truthy = (v) => v !== undefined && v !== '' && v !== '0' && v !== 'false';
  if (truthy(env.AIMUX_HEADLESS)) return { mode: 'headless', reason: 'AIMUX_HEADLESS is set' };
  if (!electron) {
    if (truthy(env.ELECTRON_SKIP_BINARY_DOWNLOAD)) return { mode: 'headless', reason: 'the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD is set); `npx install-electron` installs it' };
    if (truthy(env.CI)) return { mode: 'headless', reason: 'the Electron binary is not installed (CI)' };
    if (downloadFailed) return { mode: 'headless', reason: 'the Electron binary is not installed and could not be downloaded; `npx install-electron` retries' };
    return { mode: 'download' };
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return { mode: 'headless', reason: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  return { mode: 'desktop' };
}
