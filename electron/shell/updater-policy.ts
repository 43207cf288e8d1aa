/**
 * When the app checks for, and installs, updates: pure decisions, so the rules are tested without
 * electron-updater. The updater (updater.ts) asks; it never decides on its own.
 *
 * Whether updating is on at all:
 *   not packaged (npm start, electron .)        → off: a development build
 *   AIMUX_UPDATES=off                           → off: turned off by the environment
 *   no feed (no AIMUX_UPDATE_FEED, and no app-update.yml baked in by electron-builder's `publish`)
 *                                               → off: nothing to check
 *   AIMUX_UPDATE_FEED is not a feed we read     → off, saying why
 *   otherwise                                   → on, with that feed
 *
 * Installing a downloaded update ("restart to update"):
 *   nothing downloaded                          → none
 *   downloaded, the user has not asked          → ask   (prompt once; the tray offers it after)
 *   asked, requests in flight or queued         → wait  (decide again as each request finishes)
 *   asked, nothing in flight                    → install: stop the proxy (it drains what arrived
 *                                                 meanwhile), then quit and install
 * So an update never cuts a request that was running when the user said yes.
 *
 * Checking: the first check a little after start, then every few hours; never while one runs,
 * and not once an update is downloaded (it waits for the restart).
 */
import type { UpdateChannel, UpdateStatus } from '../../shared/api/dto/desktop';

export type UpdateFeed = { provider: 'github'; owner: string; repo: string } | { provider: 'generic'; url: string } | { provider: 'bundled' };

export const UPDATE_TIMING = {
  firstCheckDelayMs: 30_000,
  checkIntervalMs: 6 * 60 * 60 * 1000,
  /** Time the proxy gets to finish requests that arrived between the decision and the stop. */
  installDrainMs: 10 * 60 * 1000,
} as const;

/** `github:owner/repo` or an https URL of a generic feed (a folder with latest.yml and the files). */
export function parseFeed(spec: string): UpdateFeed | undefined {
  const gh = /^github:([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/.exec(spec.trim());
  if (gh) return { provider: 'github', owner: gh[1]!, repo: gh[2]! };
  try {
    const u = new URL(spec.trim());
    if (u.protocol === 'https:' && !u.username && !u.password) return { provider: 'generic', url: u.href };
  } catch {
    // not a URL
  }
  return undefined;
}

export interface UpdatesEnabledInput {
  packaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** An app-update.yml was baked into the app's resources by electron-builder. */
  bundledFeed: boolean;
}

export type UpdatesEnabled = { enabled: true; feed: UpdateFeed } | { enabled: false; reason: string };

export function updatesEnabled(input: UpdatesEnabledInput): UpdatesEnabled {
  if (!input.packaged) return { enabled: false, reason: 'updates are off in development builds' };
  if (input.env.AIMUX_UPDATES === 'off') return { enabled: false, reason: 'updates are turned off (AIMUX_UPDATES=off)' };
  const spec = input.env.AIMUX_UPDATE_FEED;
  if (spec !== undefined && spec !== '') {
    const feed = parseFeed(spec);
    return feed ? { enabled: true, feed } : { enabled: false, reason: 'AIMUX_UPDATE_FEED must be "github:owner/repo" or an https:// URL' };
  }
  if (input.bundledFeed) return { enabled: true, feed: { provider: 'bundled' } };
  return { enabled: false, reason: 'no update feed is configured' };
}

export type InstallDecision = 'none' | 'ask' | 'wait' | 'install';

export interface InstallInput {
  state: UpdateStatus['state'];
  /** The user said "restart to update" (the prompt or the tray). */
  requested: boolean;
  /** Requests running or queued in the proxy. */
  inFlight: number;
  /** The prompt was shown once already. */
  asked: boolean;
}

export function installDecision(i: InstallInput): InstallDecision {
  if (i.state !== 'downloaded') return 'none';
  if (!i.requested) return i.asked ? 'none' : 'ask';
  return i.inFlight > 0 ? 'wait' : 'install';
}

/** Milliseconds until the next check, or null for none. */
export function nextCheckIn(state: UpdateStatus['state'], lastCheckAt: number | undefined, now: number): number | null {
  if (state === 'disabled' || state === 'checking' || state === 'downloading' || state === 'downloaded') return null;
  if (lastCheckAt === undefined) return UPDATE_TIMING.firstCheckDelayMs;
  return Math.max(0, lastCheckAt + UPDATE_TIMING.checkIntervalMs - now);
}

/** electron-updater's channel settings for ours: beta takes pre-releases, stable does not (and may step back down). */
export function channelSettings(channel: UpdateChannel): { channel: string; allowPrerelease: boolean; allowDowngrade: boolean } {
  return channel === 'beta' ? { channel: 'beta', allowPrerelease: true, allowDowngrade: false } : { channel: 'latest', allowPrerelease: false, allowDowngrade: true };
}
