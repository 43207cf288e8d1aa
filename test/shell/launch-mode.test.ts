/** `npm start`: desktop where Electron can run, the headless proxy elsewhere, always saying why. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { chooseLaunch, installedElectron } from '../../scripts/launch-mode.mjs';

const ROOT = join(__dirname, '../..');

describe('launch mode', () => {
  it.each([
    [{ AIMUX_HEADLESS: '1', DISPLAY: ':0' }, 'linux', '/e', 'headless', /AIMUX_HEADLESS/],
    [{ ELECTRON_SKIP_BINARY_DOWNLOAD: '1', DISPLAY: ':0' }, 'linux', undefined, 'headless', /not installed.*ELECTRON_SKIP_BINARY_DOWNLOAD/],
    [{ CI: 'true' }, 'darwin', undefined, 'headless', /CI/],
    [{}, 'win32', undefined, 'download', undefined],
    [{}, 'linux', '/e', 'headless', /no display/],
    [{ WAYLAND_DISPLAY: 'wayland-0' }, 'linux', '/e', 'desktop', undefined],
    [{ AIMUX_HEADLESS: '0' }, 'darwin', '/e', 'desktop', undefined],
  ] as const)('%o on %s with electron=%s → %s', (env, platform, electron, mode, reason) => {
    const r = chooseLaunch({ env, platform, electron });
    expect(r.mode).toBe(mode);
    if (reason) expect(r.mode === 'headless' && r.reason).toMatch(reason);
  });

  it('a failed download falls back to headless', () => {
    expect(chooseLaunch({ env: {}, platform: 'linux', electron: undefined, downloadFailed: true })).toMatchObject({ mode: 'headless', reason: expect.stringMatching(/could not be downloaded/) });
  });

  it('finds an installed Electron binary only where npm put it', () => {
    const root = mkdtempSync(join(tmpdir(), 'aimux-launch-'));
    try {
      expect(installedElectron(root)).toBeUndefined();
      mkdirSync(join(root, 'node_modules/electron/dist'), { recursive: true });
      writeFileSync(join(root, 'node_modules/electron/path.txt'), 'electron');
      expect(installedElectron(root)).toBeUndefined();
      writeFileSync(join(root, 'node_modules/electron/dist/electron'), '');
      expect(installedElectron(root)).toBe(join(root, 'node_modules/electron/dist/electron'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('`npm start` without Electron runs the headless proxy, says why, and prints the dashboard URL', async () => {
    const data = mkdtempSync(join(tmpdir(), 'aimux-start-'));
    writeFileSync(join(data, 'config.json'), JSON.stringify({ version: 2, server: { port: 0 }, providers: [{ id: 'synthetic', protocol: 'synthetic', models: ['synthetic-1'] }], routing: { default: ['synthetic/synthetic-1'] } }));
    const child = spawn(process.execPath, ['scripts/start.mjs', '--quiet'], { cwd: ROOT, env: { ...process.env, AIMUX_DATA_DIR: data, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await vi.waitFor(() => expect(out).toMatch(/dashboard: http:\/\/127\.0\.0\.1:\d+\/ui\/#token=/), { timeout: 20_000 });
      expect(out.split('\n')[0]).toMatch(/^aimux: running headless: the Electron binary is not installed/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(data, { recursive: true, force: true });
    }
  });
});
