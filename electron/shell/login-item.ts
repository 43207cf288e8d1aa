/**
 * Start at login, through the OS's own setting:
 *   macOS, Windows   app.setLoginItemSettings (Login Items; the Run key), read back from the OS
 *   Linux            an XDG autostart entry, ~/.config/autostart/aimux.desktop (GNOME, KDE, XFCE…);
 *                    for an AppImage it starts $APPIMAGE (the file the user has), not the temporary mount
 * Started at login, the app opens to the tray only (`--hidden`).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HIDDEN_ARG = '--hidden';

export interface LoginItemApp {
  getLoginItemSettings(options?: { args?: string[] }): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

export interface LoginItemOptions {
  platform: NodeJS.Platform;
  app: LoginItemApp;
  /** What starts the app: process.execPath, or $APPIMAGE for an AppImage. */
  command: string;
  /** Arguments before --hidden (the app folder when running unpackaged). */
  args: string[];
  /** Linux: $XDG_CONFIG_HOME/autostart. */
  autostartDir: string;
}

export interface LoginItem {
  get(): boolean;
  set(enabled: boolean): void;
}

/** A value for a desktop entry's Exec key: quoted when needed, with the spec's escapes. */
function execArg(a: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a)) return a;
  return `"${a.replace(/[\\"`$]/g, (c) => `\\${c}`)}"`;
}

export function autostartEntry(command: string, args: string[]): string {
  const exec = [command, ...args, HIDDEN_ARG].map(execArg).join(' ').replace(/%/g, '%%');
  return ['[Desktop Entry]', 'Type=Application', 'Name=aimux', 'Comment=Local LLM gateway for coding agents', `Exec=${exec}`, 'Terminal=false', 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

export function createLoginItem(opts: LoginItemOptions): LoginItem {
  const args = [...opts.args, HIDDEN_ARG];
  if (opts.platform === 'darwin' || opts.platform === 'win32') {
    return {
      get: () => opts.app.getLoginItemSettings({ args }).openAtLogin,
      set: (enabled) => opts.app.setLoginItemSettings({ openAtLogin: enabled, args }),
    };
  }
  const file = join(opts.autostartDir, 'aimux.desktop');
  return {
    get() {
      try {
        const text = readFileSync(file, 'utf8');
        return !/^Hidden\s*=\s*true\s*$/m.test(text) && !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/m.test(text);
      } catch {
        return false;
      }
    },
    set(enabled) {
      if (!enabled) {
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(opts.autostartDir, { recursive: true });
      writeFileSync(file, autostartEntry(opts.command, opts.args), { mode: 0o644 });
    },
  };
}
