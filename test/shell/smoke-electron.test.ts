/**
 * The desktop app for real, driven by Playwright's `_electron`: it launches, creates its tray,
 * loads the dashboard from app://, toggles the proxy through the same IPC the dashboard uses, and
 * proxies a request. It needs the Electron binary (and, on Linux, a display); where either is
 * missing it is skipped and says why (`npx install-electron`; `xvfb-run npm test`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { installedElectron } from '../../scripts/launch-mode.mjs';

const ROOT = join(__dirname, '../..');
const electron = installedElectron(ROOT);
const skip = !electron
  ? 'the Electron binary is not installed (npx install-electron)'
  : process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
    ? 'there is no display (run under xvfb-run)'
    : undefined;
if (skip) console.log(`desktop smoke test skipped: ${skip}`);

type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
type Bridge = { invoke(m: string, i: unknown): Promise<Result<unknown>> };

describe.skipIf(skip !== undefined)('desktop app (Playwright _electron)', () => {
  it('launches, creates the tray, loads the dashboard, toggles the proxy and proxies a request', async () => {
    const { _electron } = await import('playwright');
    const data = mkdtempSync(join(tmpdir(), 'aimux-e2e-'));
    writeFileSync(
      join(data, 'config.json'),
      JSON.stringify({ version: 2, server: { port: 0 }, providers: [{ id: 'synthetic', protocol: 'synthetic', models: ['synthetic-1'] }], routing: { default: ['synthetic/synthetic-1'] } }),
    );
    const app = await _electron.launch({
      executablePath: electron!,
      args: [ROOT, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, AIMUX_DATA_DIR: data, AIMUX_UPDATES: 'off', ELECTRON_ENABLE_LOGGING: '0' } as Record<string, string>,
      timeout: 60_000,
    });
    let out = '';
    app.process().stdout?.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await vi.waitFor(() => expect(out).toMatch(/tray created \(running\)/), { timeout: 30_000 });
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(page.url()).toMatch(/^app:\/\/aimux\//);
      // The page sees the bridge and nothing of Node or Electron.
      expect(await page.evaluate(() => Object.keys((globalThis as unknown as { aimux: object }).aimux).sort())).toEqual(['invoke', 'on']);
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');

      const call = (m: string, i: unknown = {}) => page.evaluate(([m, i]) => (globalThis as unknown as { aimux: Bridge }).aimux.invoke(m as string, i), [m, i] as const);
      const status = (await call('getStatus')) as Result<{ state: string; url: string; mode: string }>;
      expect(status.ok && status.value).toMatchObject({ state: 'running', mode: 'desktop' });
      const url = status.ok ? status.value.url : '';
      const ask = () =>
        fetch(`${url}/v1/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
        });
      const first = await ask();
      expect(first.status).toBe(200);
      await first.text();

      expect(((await call('setPaused', { paused: true })) as Result<{ state: string }>).ok).toBe(true);
      const paused = await ask();
      expect(paused.status).toBe(503);
      await paused.text();
      await vi.waitFor(() => expect(out).toMatch(/tray: paused/), { timeout: 10_000 });
      expect(((await call('setPaused', { paused: false })) as Result<{ state: string }>).ok).toBe(true);
      const again = await ask();
      expect(again.status).toBe(200);
      await again.text();
    } finally {
      await app.close();
      rmSync(data, { recursive: true, force: true });
    }
  }, 120_000);
});
