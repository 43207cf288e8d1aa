/** The updater policy (pure) and the updater driving a recording fake of electron-updater. */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../../shared/api/dto/desktop';
import { createUpdater } from '../../electron/shell/updater';
import type { AutoUpdaterLike } from '../../electron/shell/updater';
import { UPDATE_TIMING, channelSettings, installDecision, nextCheckIn, parseFeed, updatesEnabled } from '../../electron/shell/updater-policy';

describe('updater policy', () => {
  it.each([
    [{ packaged: false, env: {}, bundledFeed: true }, false, /development/],
    [{ packaged: true, env: { AIMUX_UPDATES: 'off' }, bundledFeed: true }, false, /AIMUX_UPDATES=off/],
    [{ packaged: true, env: {}, bundledFeed: false }, false, /no update feed/],
    [{ packaged: true, env: { AIMUX_UPDATE_FEED: 'ftp://x' }, bundledFeed: true }, false, /AIMUX_UPDATE_FEED/],
    [{ packaged: true, env: {}, bundledFeed: true }, true, undefined],
    [{ packaged: true, env: { AIMUX_UPDATE_FEED: 'github:me/aimux-fork' }, bundledFeed: false }, true, undefined],
  ])('updatesEnabled(%o) → %s', (input, enabled, reason) => {
    const r = updatesEnabled(input);
    expect(r.enabled).toBe(enabled);
    if (!r.enabled) expect(r.reason).toMatch(reason!);
  });

  it('reads a feed as github:owner/repo or an https URL, nothing else', () => {
    expect(parseFeed('github:aimux/aimux')).toEqual({ provider: 'github', owner: 'aimux', repo: 'aimux' });
    expect(parseFeed('https://updates.example.com/aimux/')).toEqual({ provider: 'generic', url: 'https://updates.example.com/aimux/' });
    for (const bad of ['http://updates.example.com/', 'https://u:p@x.example/', 'github:a/b/c', 'github:', 'file:///tmp', '']) expect(parseFeed(bad)).toBeUndefined();
  });

  it.each([
    [{ state: 'none', requested: true, inFlight: 0, asked: false }, 'none'],
    [{ state: 'downloading', requested: true, inFlight: 0, asked: true }, 'none'],
    [{ state: 'downloaded', requested: false, inFlight: 3, asked: false }, 'ask'],
    [{ state: 'downloaded', requested: false, inFlight: 0, asked: true }, 'none'],
    [{ state: 'downloaded', requested: true, inFlight: 1, asked: true }, 'wait'],
    [{ state: 'downloaded', requested: true, inFlight: 0, asked: true }, 'install'],
  ] as const)('installDecision(%o) → %s', (input, decision) => {
    expect(installDecision(input)).toBe(decision);
  });

  it('checks soon after start, then on an interval, never while busy or once downloaded', () => {
    expect(nextCheckIn('idle', undefined, 0)).toBe(UPDATE_TIMING.firstCheckDelayMs);
    expect(nextCheckIn('none', 1000, 1000 + 60_000)).toBe(UPDATE_TIMING.checkIntervalMs - 60_000);
    expect(nextCheckIn('error', 0, UPDATE_TIMING.checkIntervalMs * 2)).toBe(0);
    for (const s of ['disabled', 'checking', 'downloading', 'downloaded'] as const) expect(nextCheckIn(s, 0, 0)).toBeNull();
  });

  it('maps channels: beta takes pre-releases, stable may step back down', () => {
    expect(channelSettings('beta')).toEqual({ channel: 'beta', allowPrerelease: true, allowDowngrade: false });
    expect(channelSettings('stable')).toEqual({ channel: 'latest', allowPrerelease: false, allowDowngrade: true });
  });
});

class FakeAutoUpdater extends EventEmitter implements AutoUpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowPrerelease = false;
  allowDowngrade = false;
  channel: string | null = null;
  feeds: unknown[] = [];
  checks = 0;
  installs: unknown[][] = [];
  next: 'none' | 'update' | 'fail' = 'none';
  setFeedURL(o: Record<string, unknown>) {
    this.feeds.push(o);
  }
  async checkForUpdates() {
    this.checks++;
    this.emit('checking-for-update');
    if (this.next === 'fail') throw new Error('net::ERR_INTERNET_DISCONNECTED\n    at stack');
    if (this.next === 'none') this.emit('update-not-available', { version: '0.1.0' });
    else {
      this.emit('update-available', { version: '0.2.0' });
      this.emit('update-downloaded', { version: '0.2.0' });
    }
    return null;
  }
  quitAndInstall(...a: unknown[]) {
    this.installs.push(a);
  }
}

describe('updater', () => {
  afterEach(() => vi.useRealTimers());

  function setup(opts: { inFlight?: number; answer?: boolean; enabled?: boolean } = {}) {
    const up = new FakeAutoUpdater();
    let inFlight = opts.inFlight ?? 0;
    const finished = new Set<() => void>();
    const statuses: UpdateStatus[] = [];
    const log: string[] = [];
    let read = 0;
    const u = createUpdater({
      autoUpdater: () => (read++, up),
      enabled: opts.enabled === false ? { enabled: false, reason: 'updates are off in development builds' } : { enabled: true, feed: { provider: 'github', owner: 'o', repo: 'r' } },
      channel: 'stable',
      inFlight: () => inFlight,
      onRequestFinished: (l) => (finished.add(l), () => finished.delete(l)),
      prompt: async (v) => (log.push(`prompt ${v}`), opts.answer ?? false),
      beforeInstall: async (ms) => void log.push(`drain ${ms}`),
      onStatus: (s) => statuses.push(s),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    });
    const finish = () => {
      inFlight--;
      for (const l of [...finished]) l();
    };
    return { up, u, statuses, log, finish, finished, reads: () => read };
  }

  it('is off in development: no feed set, checks do nothing', async () => {
    const { up, u, reads } = setup({ enabled: false });
    expect(u.status()).toEqual({ state: 'disabled' });
    expect(reads()).toBe(0);
    expect(await u.check()).toEqual({ state: 'disabled' });
    expect(up.checks).toBe(0);
    expect(up.feeds).toEqual([]);
    u.dispose();
  });

  it('configures the feed and channel, downloads automatically, reports each state', async () => {
    const { up, u, statuses } = setup();
    expect(up.feeds).toEqual([{ provider: 'github', owner: 'o', repo: 'r' }]);
    expect(up).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true, channel: 'latest', allowPrerelease: false });
    expect(await u.check()).toEqual({ state: 'none' });
    up.next = 'fail';
    expect(await u.check()).toEqual({ state: 'error', error: 'net::ERR_INTERNET_DISCONNECTED' });
    u.setChannel('beta');
    expect(up).toMatchObject({ channel: 'beta', allowPrerelease: true });
    expect(statuses.map((s) => s.state)).toEqual(['checking', 'none', 'checking', 'error']);
    u.dispose();
  });

  it('prompts once when an update is downloaded; "later" installs nothing', async () => {
    const { up, u, log } = setup({ answer: false });
    up.next = 'update';
    expect(await u.check()).toEqual({ state: 'downloaded', version: '0.2.0' });
    await vi.waitFor(() => expect(log).toEqual(['prompt 0.2.0']));
    expect(up.installs).toEqual([]);
    expect(await u.check()).toEqual({ state: 'downloaded', version: '0.2.0' });
    expect(up.checks).toBe(1);
    u.dispose();
  });

  it('restart to update waits for in-flight requests, then drains and installs', async () => {
    const { up, u, log, finish, finished } = setup({ inFlight: 2 });
    up.next = 'update';
    await u.check();
    await u.restart();
    expect(up.installs).toEqual([]);
    expect(finished.size).toBe(1);
    finish();
    expect(up.installs).toEqual([]);
    finish();
    await vi.waitFor(() => expect(up.installs).toEqual([[false, true]]));
    expect(log).toContain(`drain ${UPDATE_TIMING.installDrainMs}`);
    expect(finished.size).toBe(0);
    u.dispose();
  });

  it('a yes to the prompt with nothing in flight installs at once', async () => {
    const { up, u } = setup({ answer: true });
    up.next = 'update';
    await u.check();
    await vi.waitFor(() => expect(up.installs).toHaveLength(1));
    u.dispose();
  });

  it('schedules its first check after start', async () => {
    vi.useFakeTimers();
    const { up, u } = setup();
    await vi.advanceTimersByTimeAsync(UPDATE_TIMING.firstCheckDelayMs - 1);
    expect(up.checks).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(up.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(UPDATE_TIMING.checkIntervalMs);
    expect(up.checks).toBe(2);
    u.dispose();
  });
});
