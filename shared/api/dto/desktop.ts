/** Settings that exist only in the desktop app (the headless API answers UNSUPPORTED). */

export type UpdateChannel = 'stable' | 'beta';

export interface DesktopSettings {
  startAtLogin: boolean;
  updateChannel: UpdateChannel;
  /** False in development builds and where the feed is not configured. */
  autoUpdate: boolean;
  /**
   * The user's explicit opt-in to storing keys unencrypted where Electron safeStorage cannot
   * encrypt (Linux without a keyring). Off by default; without it such keys are refused.
   */
  allowPlaintextKeys: boolean;
}

export interface UpdateStatus {
  state: 'disabled' | 'idle' | 'checking' | 'none' | 'available' | 'downloading' | 'downloaded' | 'error';
  version?: string;
  error?: string;
}
