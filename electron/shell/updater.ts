/**
 * Auto-update with electron-updater, steered by updater-policy.ts: it checks on a schedule and on
 * demand, downloads in the background, prompts "restart to update" once, and installs only when
 * the proxy has no request in flight. electron-updater's `autoUpdater` comes in as a parameter
 * (reading it loads Electron), so this runs in tests against a recording fake.
 */
import type { UpdateChannel, UpdateStatus } from '../../shared/api/dto/desktop';
import type { Logger } from '../core/deps';
import { UPDATE_TIMING, channelSettings, installDecision, nextCheckIn } from './updater-policy';
import type { UpdateFeed, UpdatesEnabled } from './updater-policy';

/** The part of electron-updater's `AppUpdater` this uses. */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowPrerelease: boolean;
  allowDowngrade: boolean;
  channel: string | null;
  setFeedURL(options: Record<string, unknown>): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  // electron-updater's own signature: listeners of different events take different arguments.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: string, listener: (...args: any[]) => void): unknown;
}

export interface UpdaterOptions {
  /** electron-updater's `autoUpdater`, read only when updating is on (reading it sets up the platform's updater). */
  autoUpdater: () => AutoUpdaterLike;
  enabled: UpdatesEnabled;
  channel: UpdateChannel;
  /** Requests running or queued in the proxy (0 when another process runs it). */
  inFlight(): number;
  /** Calls back when a request finishes; returns the unsubscribe function. */
  onRequestFinished(listener: () => void): () => void;
  /** Asks the user "restart to update now?". */
  prompt(version: string | undefined): Promise<boolean>;
  /** Stops the proxy (draining what is left) and marks the app as quitting, before the installer takes over. */
  beforeInstall(drainMs: number): Promise<void>;
  onStatus(status: UpdateStatus): void;
  logger: Logger;
  now?: () => number;
}

export interface Updater {
  status(): UpdateStatus;
  check(): Promise<UpdateStatus>;
  /** The user said "restart to update": installs as soon as no request is in flight. */
  restart(): Promise<UpdateStatus>;
  setChannel(channel: UpdateChannel): void;
  dispose(): void;
}

function feedOptions(feed: UpdateFeed): Record<string, unknown> | undefined {
  if (feed.provider === 'github') return { provider: 'github', owner: feed.owner, repo: feed.repo };
  if (feed.provider === 'generic') return { provider: 'generic', url: feed.url };
  return undefined; // the app-update.yml electron-builder wrote
}

const short = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200);

export function createUpdater(opts: UpdaterOptions): Updater {
  const now = opts.now ?? Date.now;
  const up: AutoUpdaterLike | undefined = opts.enabled.enabled ? opts.autoUpdater() : undefined;
  let status: UpdateStatus = up ? { state: 'idle' } : { state: 'disabled' };
  let requested = false;
  let asked = false;
  let installing = false;
  let lastCheckAt: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopWaiting: (() => void) | undefined;
  let disposed = false;

  const set = (next: UpdateStatus) => {
    if (JSON.stringify(next) === JSON.stringify(status)) return;
    status = next;
    opts.onStatus(status);
    decide();
    schedule();
  };

  const decide = () => {
    switch (installDecision({ state: status.state, requested, inFlight: opts.inFlight(), asked })) {
      case 'ask':
        asked = true;
        opts.prompt(status.version).then(
          (yes) => {
            if (yes) void restart();
          },
          (err: unknown) => opts.logger.warn(`update prompt failed: ${short(err)}`),
        );
        return;
      case 'wait':
        if (!stopWaiting) {
          // Decide again as requests finish, and every second in case a count lagged behind its event.
          const off = opts.onRequestFinished(() => decide());
          const poll = setInterval(() => decide(), 1000);
          poll.unref?.();
          stopWaiting = () => {
            off();
            clearInterval(poll);
          };
        }
        return;
      case 'install':
        if (installing) return;
        installing = true;
        stopWaiting?.();
        stopWaiting = undefined;
        opts.logger.info(`installing update ${status.version ?? ''}`.trim());
        opts.beforeInstall(UPDATE_TIMING.installDrainMs).then(
          () => up?.quitAndInstall(false, true),
          (err: unknown) => {
            installing = false;
            opts.logger.error('could not stop before installing the update', err);
          },
        );
        return;
      case 'none':
        return;
    }
  };

  const check = async (): Promise<UpdateStatus> => {
    if (!up || status.state === 'downloaded' || status.state === 'checking' || status.state === 'downloading') return status;
    lastCheckAt = now();
    try {
      await up?.checkForUpdates();
    } catch (err) {
      set({ state: 'error', error: short(err) });
    }
    return status;
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (disposed) return;
    const delay = nextCheckIn(status.state, lastCheckAt, now());
    if (delay === null) return;
    timer = setTimeout(() => void check(), delay);
    timer.unref?.();
  };

  const restart = async (): Promise<UpdateStatus> => {
    requested = true;
    decide();
    return status;
  };

  const applyChannel = (channel: UpdateChannel) => {
    if (!up) return;
    const c = channelSettings(channel);
    up.channel = c.channel;
    up.allowPrerelease = c.allowPrerelease;
    up.allowDowngrade = c.allowDowngrade;
  };

  if (up && opts.enabled.enabled) {
    const feed = feedOptions(opts.enabled.feed);
    if (feed) up.setFeedURL(feed);
    up.autoDownload = true;
    up.autoInstallOnAppQuit = true;
    applyChannel(opts.channel);
    type Info = { version?: string };
    up.on('checking-for-update', () => set({ state: 'checking' }));
    up.on('update-not-available', () => set({ state: 'none' }));
    up.on('update-available', (info: Info) => set({ state: 'downloading', ...(info?.version ? { version: info.version } : {}) }));
    up.on('update-downloaded', (info: Info) => set({ state: 'downloaded', ...(info?.version ? { version: info.version } : {}) }));
    up.on('error', (err: unknown) => set({ state: 'error', error: short(err) }));
    schedule();
  } else if (!opts.enabled.enabled) {
    opts.logger.info(opts.enabled.reason);
  }

  return {
    status: () => status,
    check,
    restart,
    setChannel: applyChannel,
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      stopWaiting?.();
    },
  };
}
