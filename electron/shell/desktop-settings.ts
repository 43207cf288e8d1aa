/**
 * The API's desktop-only operations: start at login (the OS setting, never a copy of it), the
 * update channel and the plaintext-keys opt-in (kept in electron-store, `<userData>/desktop.json`),
 * and the update check and restart. The service mounts these as `options.desktop`.
 */
import type { ApiHandlers } from '../../shared/api/client';
import type { DesktopSettings, UpdateChannel } from '../../shared/api/dto/desktop';
import type { LoginItem } from './login-item';
import type { KeyValueStore } from './safe-storage-secret-store';
import type { Updater } from './updater';

export type DesktopHandlers = Pick<ApiHandlers, 'getDesktopSettings' | 'updateDesktopSettings' | 'checkForUpdates' | 'restartToUpdate'>;

export const DESKTOP_STORE_OPTIONS = { name: 'desktop', accessPropertiesByDotNotation: false, configFileMode: 0o600, clearInvalidConfig: true } as const;

export function readUpdateChannel(store: KeyValueStore): UpdateChannel {
  return store.get('updateChannel') === 'beta' ? 'beta' : 'stable';
}

export function readPlaintextOptIn(store: KeyValueStore): boolean {
  return store.get('allowPlaintextKeys') === true;
}

export interface DesktopHandlersOptions {
  store: KeyValueStore;
  loginItem: LoginItem;
  updater: Updater;
  /** A setting changed that the rest of the app shows (e.g. the secret store's state). */
  onChange?(settings: DesktopSettings): void;
}

export function createDesktopHandlers(opts: DesktopHandlersOptions): DesktopHandlers {
  const read = (): DesktopSettings => ({
    startAtLogin: opts.loginItem.get(),
    updateChannel: readUpdateChannel(opts.store),
    autoUpdate: opts.updater.status().state !== 'disabled',
    allowPlaintextKeys: readPlaintextOptIn(opts.store),
  });
  return {
    getDesktopSettings: async () => read(),
    async updateDesktopSettings(input) {
      if (input.startAtLogin !== undefined && input.startAtLogin !== opts.loginItem.get()) opts.loginItem.set(input.startAtLogin);
      if (input.updateChannel !== undefined) {
        opts.store.set('updateChannel', input.updateChannel);
        opts.updater.setChannel(input.updateChannel);
      }
      if (input.allowPlaintextKeys !== undefined) opts.store.set('allowPlaintextKeys', input.allowPlaintextKeys);
      const settings = read();
      opts.onChange?.(settings);
      return settings;
    },
    checkForUpdates: () => opts.updater.check(),
    restartToUpdate: () => opts.updater.restart(),
  };
}
