/** Start at login (the OS setting), the desktop settings handlers and the bounded quit. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDesktopHandlers } from '../../electron/shell/desktop-settings';
import { autostartEntry, createLoginItem } from '../../electron/shell/login-item';
import type { LoginItemApp } from '../../electron/shell/login-item';
import { createQuitHandler } from '../../electron/shell/quit';
import type { Updater } from '../../electron/shell/updater';

const CTX = { actor: 'ui' } as const;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aimux-autostart-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fakeApp() {
  const calls: unknown[] = [];
  let open = false;
  const app: LoginItemApp = {
    getLoginItemSettings: (o) => (calls.push(['get', o]), { openAtLogin: open }),
    setLoginItemSettings: (s) => {
      calls.push(['set', s]);
      open = s.openAtLogin;
    },
  };
  return { app, calls };
}

describe('start at login', () => {
  it('macOS and Windows: the OS login item, started hidden', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const { app, calls } = fakeApp();
      const item = createLoginItem({ platform, app, command: '/Applications/aimux.app/Contents/MacOS/aimux', args: [], autostartDir: dir });
      expect(item.get()).toBe(false);
      item.set(true);
      expect(item.get()).toBe(true);
      expect(calls).toContainEqual(['set', { openAtLogin: true, args: ['--hidden'] }]);
    }
  });

  it('Linux: an XDG autostart entry that starts the app hidden, removed when turned off', () => {
    const item = createLoginItem({ platform: 'linux', app: fakeApp().app, command: '/home/me/Apps/aimux 1.0.AppImage', args: [], autostartDir: join(dir, 'autostart') });
    expect(item.get()).toBe(false);
    item.set(true);
    expect(item.get()).toBe(true);
    const text = readFileSync(join(dir, 'autostart', 'aimux.desktop'), 'utf8');
    expect(text).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
    expect(text).toContain('Exec="/home/me/Apps/aimux 1.0.AppImage" --hidden\n');
    item.set(false);
    expect(item.get()).toBe(false);
  });

  it('escapes what a desktop entry would otherwise read as field codes or shell syntax', () => {
    expect(autostartEntry('/opt/ai$mux/100%/aimux', ['/app dir'])).toContain('Exec="/opt/ai\\$mux/100%%/aimux" "/app dir" --hidden');
  });
});

describe('desktop settings handlers', () => {
  function setup() {
    const map = new Map<string, unknown>();
    const store = { get: (k: string) => map.get(k), set: (k: string, v: unknown) => void map.set(k, v), delete: (k: string) => void map.delete(k), has: (k: string) => map.has(k) };
    let login = false;
    const log: string[] = [];
    const updater: Updater = {
      status: () => ({ state: 'idle' }),
      check: async () => (log.push('check'), { state: 'none' }),
      restart: async () => (log.push('restart'), { state: 'downloaded', version: '9' }),
      setChannel: (c) => void log.push(`channel ${c}`),
      dispose: () => {},
    };
    const changes: unknown[] = [];
    const h = createDesktopHandlers({ store, loginItem: { get: () => login, set: (v) => void (login = v) }, updater, onChange: (s) => changes.push(s) });
    return { h, log, changes, map };
  }

  it('reads and writes each setting; start at login is the OS setting itself', async () => {
    const { h, log, changes, map } = setup();
    expect(await h.getDesktopSettings({}, CTX)).toEqual({ startAtLogin: false, updateChannel: 'stable', autoUpdate: true, allowPlaintextKeys: false });
    const s = await h.updateDesktopSettings({ startAtLogin: true, updateChannel: 'beta', allowPlaintextKeys: true }, CTX);
    expect(s).toEqual({ startAtLogin: true, updateChannel: 'beta', autoUpdate: true, allowPlaintextKeys: true });
    expect(log).toEqual(['channel beta']);
    expect(map.get('startAtLogin')).toBeUndefined();
    expect(changes).toHaveLength(1);
    expect(await h.checkForUpdates({}, CTX)).toEqual({ state: 'none' });
    expect(await h.restartToUpdate({}, CTX)).toEqual({ state: 'downloaded', version: '9' });
  });
});

describe('quit', () => {
  afterEach(() => vi.useRealTimers());
  const logger = { info() {}, warn() {}, error() {} };
  const ev = () => {
    const e = { prevented: 0, preventDefault: () => void e.prevented++ };
    return e;
  };

  it('stops the proxy with the grace period before quitting, once', async () => {
    const log: string[] = [];
    let release!: () => void;
    const q = createQuitHandler({
      stop: (ms) => (log.push(`stop ${ms}`), new Promise((r) => (release = () => r({ forced: 0 })))),
      graceMs: 10_000,
      quit: () => log.push('quit'),
      exit: (c) => log.push(`exit ${c}`),
      logger,
    });
    const first = ev();
    q.onBeforeQuit(first);
    const second = ev();
    q.onBeforeQuit(second);
    expect(first.prevented + second.prevented).toBe(2);
    expect(q.quitting).toBe(true);
    expect(log).toEqual(['stop 10000']);
    release();
    await vi.waitFor(() => expect(log).toEqual(['stop 10000', 'quit']));
    const third = ev();
    q.onBeforeQuit(third);
    expect(third.prevented).toBe(0);
  });

  it('exits when stopping hangs past the grace period and a margin', async () => {
    vi.useFakeTimers();
    const log: string[] = [];
    const q = createQuitHandler({ stop: () => new Promise(() => {}), graceMs: 1000, marginMs: 500, quit: () => log.push('quit'), exit: (c) => log.push(`exit ${c}`), logger });
    q.onBeforeQuit(ev());
    await vi.advanceTimersByTimeAsync(1499);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['exit 0']);
  });

  it('quits even when stopping fails, and without a service of its own', async () => {
    const log: string[] = [];
    const q = createQuitHandler({ stop: async () => Promise.reject(new Error('boom')), graceMs: 10, quit: () => log.push('quit'), exit: () => log.push('exit'), logger });
    q.onBeforeQuit(ev());
    await vi.waitFor(() => expect(log).toEqual(['quit']));
    const remote = createQuitHandler({ graceMs: 10, quit: () => log.push('quit2'), exit: () => {}, logger });
    remote.onBeforeQuit(ev());
    await vi.waitFor(() => expect(log).toContain('quit2'));
  });
});
