/**
 * The main process's composition, run in plain Node against a recording fake of Electron (the
 * real binary cannot run here; smoke-electron.test.ts runs it where it can): the order of the
 * start-up steps, IPC for every operation, the locked-down window, the tray following the proxy,
 * a request through the proxy, and a quit that drains before it lets go.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../../shared/api/contract';
import { runtimePath } from '../../electron/core/service/runtime-file';
import { createFakeElectron } from './fakes/electron';
import type { FakeElectron } from './fakes/electron';

const h = vi.hoisted(() => ({ fake: undefined as unknown as FakeElectron }));
vi.mock('electron', () => ({ ...h.fake.electron, default: h.fake.electron }));

const dataDir = mkdtempSync(join(tmpdir(), 'aimux-main-'));
const xdg = mkdtempSync(join(tmpdir(), 'aimux-xdg-'));
const saved = { AIMUX_DATA_DIR: process.env.AIMUX_DATA_DIR, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };

type Result = { ok: boolean; value?: Record<string, unknown>; error?: { code: string } };

beforeAll(async () => {
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({ version: 2, server: { port: 0, shutdownGraceMs: 2000 }, providers: [{ id: 'synthetic', protocol: 'synthetic', models: ['synthetic-1'] }], routing: { default: ['synthetic/synthetic-1'] } }),
  );
  process.env.AIMUX_DATA_DIR = dataDir;
  process.env.XDG_CONFIG_HOME = xdg;
  h.fake = createFakeElectron({ userData: join(xdg, 'aimux-default') });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  await import('../../electron/shell/main');
  h.fake.ready();
  await vi.waitFor(() => expect(h.fake.trays).toHaveLength(1), { timeout: 20_000 });
  await vi.waitFor(() => expect(h.fake.windows[0]?.visible).toBe(true));
});

afterAll(() => {
  vi.restoreAllMocks();
  process.env.AIMUX_DATA_DIR = saved.AIMUX_DATA_DIR;
  process.env.XDG_CONFIG_HOME = saved.XDG_CONFIG_HOME;
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(xdg, { recursive: true, force: true });
});

const win = () => h.fake.windows[0]!;
const invoke = async (name: string, input: unknown = {}, from = { id: win().webContents.id, url: 'app://aimux/index.html' }) =>
  (await h.fake.handlers.get(`api:${name}`)!({ sender: { id: from.id }, senderFrame: { url: from.url, parent: null } }, input)) as Result;

describe('main process (fake Electron)', () => {
  it('names the app and its folder before taking the single-instance lock, and registers app:// before ready', () => {
    const c = h.fake.calls;
    expect(c.slice(0, 3)).toEqual(['setName aimux', 'setPath userData', 'requestSingleInstanceLock']);
    expect(c.findIndex((x) => x.startsWith('registerSchemesAsPrivileged'))).toBeLessThan(c.indexOf('whenReady'));
    expect(c).toContain('setPermissionRequestHandler');
    expect(h.fake.protocolHandlers.has('app')).toBe(true);
    expect(c.filter((x) => x.startsWith('showErrorBox'))).toEqual([]);
  });

  it('opens one locked-down dashboard window on app://', () => {
    expect(h.fake.windows).toHaveLength(1);
    expect(win().options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(win().loaded).toEqual(['app://aimux/index.html']);
  });

  it('registers one IPC handler per operation, answering our window and refusing others', async () => {
    expect([...h.fake.handlers.keys()].sort()).toEqual(API_METHODS.map((m) => `api:${m}`).sort());
    const status = await invoke('getStatus');
    expect(status.value).toMatchObject({ mode: 'desktop', state: 'running', dataDir });
    expect((await invoke('getStatus', {}, { id: 999, url: 'app://aimux/index.html' })).error?.code).toBe('FORBIDDEN');
    expect((await invoke('getStatus', {}, { id: win().webContents.id, url: 'https://evil.example/' })).error?.code).toBe('FORBIDDEN');
    expect((await invoke('getDesktopSettings')).value).toEqual({ startAtLogin: false, updateChannel: 'stable', autoUpdate: false, allowPlaintextKeys: false });
  });

  it('runs the proxy, and the tray follows it when the dashboard pauses it', async () => {
    const url = (await invoke('getStatus')).value!.url as string;
    const ask = async () => {
      const r = await fetch(`${url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
      });
      await r.text();
      return r.status;
    };
    expect(await ask()).toBe(200);
    const tray = h.fake.trays[0]!;
    expect(existsSync(tray.images.at(-1)!)).toBe(true);
    expect(tray.images.at(-1)).toMatch(/tray-running\.png$/);
    expect((await invoke('setPaused', { paused: true })).ok).toBe(true);
    await vi.waitFor(() => expect(tray.images.at(-1)).toMatch(/tray-paused\.png$/));
    expect(await ask()).toBe(503);
    expect(win().webContents.sent.some(([c, d]) => c === 'evt:status' && (d as { state: string }).state === 'paused')).toBe(true);
    const toggle = tray.menu.find((i) => i.label === 'Proxy on')!;
    (toggle.click as () => void)();
    await vi.waitFor(() => expect(tray.images.at(-1)).toMatch(/tray-running\.png$/));
    expect(await ask()).toBe(200);
  });

  it('copies the Claude Code environment lines from the tray (or says why it cannot)', async () => {
    const copy = h.fake.trays[0]!.menu.find((i) => i.label === 'Copy Claude Code environment')!;
    (copy.click as () => void)();
    const supported = (await invoke('getClaudeCodeSetup')).ok;
    if (supported) await vi.waitFor(() => expect(h.fake.clipboardText.join('')).toMatch(/ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:\d+/));
    else await vi.waitFor(() => expect(h.fake.notifications.some((n) => n.startsWith('getClaudeCodeSetup'))).toBe(true));
  });

  it('a second launch shows the window; closing it leaves the app in the tray', () => {
    expect(win().close()).toBe(true);
    expect(win().visible).toBe(false);
    h.fake.electron.app.fire('second-instance');
    expect(win().visible).toBe(true);
    expect(h.fake.windows).toHaveLength(1);
  });

  it('quitting stops the proxy first (runtime.json gone), then closes the window for real', async () => {
    expect(existsSync(runtimePath(dataDir))).toBe(true);
    h.fake.electron.app.quit();
    await vi.waitFor(() => expect(h.fake.electron.app.quitCalls).toBe(2), { timeout: 10_000 });
    expect(existsSync(runtimePath(dataDir))).toBe(false);
    expect(win().destroyed).toBe(true);
    expect(h.fake.electron.app.exitCodes).toEqual([]);
  });
});
