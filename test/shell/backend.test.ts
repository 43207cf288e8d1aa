/**
 * The app's backend against the real service: it owns the data dir and starts the proxy, or uses
 * the API of the aimux that already owns it; a taken port is the error state, not a crash; and
 * nothing the dashboard can reach over IPC ever carries a key.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiHandlers } from '../../shared/api/client';
import { API_METHODS } from '../../shared/api/contract';
import type { ApiMethod } from '../../shared/api/contract';
import { createHttpClient } from '../../shared/api/http-client';
import { builtInDoc } from '../../electron/core/config/load';
import { createMemorySecretStore } from '../../electron/core/secrets/memory-store';
import { ADMIN_TOKEN_FILE, tokenFile } from '../../electron/core/security/token-file';
import { createAimuxService } from '../../electron/core/service/create-service';
import { findRunning, readRuntime, runtimePath } from '../../electron/core/service/runtime-file';
import { openBackend } from '../../electron/shell/backend';
import type { Backend } from '../../electron/shell/backend';
import type { DesktopHandlers } from '../../electron/shell/desktop-settings';
import { forwardEvents } from '../../electron/shell/ipc/forward-events';
import { registerIpc } from '../../electron/shell/ipc/register-ipc';
import { eventFrom, fakeIpcMain } from './fakes/ipc';

const ROOT = join(__dirname, '../..');
const SILENT = { info() {}, warn() {}, error() {} };
const desktop: DesktopHandlers = {
  getDesktopSettings: async () => ({ startAtLogin: false, updateChannel: 'stable', autoUpdate: false, allowPlaintextKeys: false }),
  updateDesktopSettings: async () => ({ startAtLogin: true, updateChannel: 'stable', autoUpdate: false, allowPlaintextKeys: false }),
  checkForUpdates: async () => ({ state: 'disabled' }),
  restartToUpdate: async () => ({ state: 'disabled' }),
};

let dir: string;
const cleanup: Array<() => Promise<unknown>> = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aimux-desktop-'));
});
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(port: number, extra: Record<string, unknown> = {}) {
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...builtInDoc(), server: { port }, ...extra }));
}

async function backend(secretStore = createMemorySecretStore()): Promise<Backend> {
  const b = await openBackend({
    dataDir: dir,
    findRunning,
    createService: (o) => createAimuxService({ ...o, watch: false }),
    secretStore,
    desktop,
    readAdminToken: () => tokenFile(dir, ADMIN_TOKEN_FILE).read(),
    createHttpClient,
    logger: SILENT,
    env: {},
  });
  if (b.stop) cleanup.push(() => b.stop!(1000));
  return b;
}

const CTX = { actor: 'ui' } as const;

describe('desktop backend', () => {
  it('owns a free data dir: starts the proxy in desktop mode, writes runtime.json, serves requests, stops cleanly', async () => {
    writeConfig(0);
    const b = await backend();
    expect(b.remote).toBeUndefined();
    const status = await b.handlers.getStatus({}, CTX);
    expect(status).toMatchObject({ mode: 'desktop', state: 'running', dataDir: dir });
    expect(existsSync(runtimePath(dir))).toBe(true);
    expect(await readRuntime(dir)).toMatchObject({ pid: process.pid, mode: 'desktop', url: status.url });
    expect(await b.handlers.getDesktopSettings({}, CTX)).toMatchObject({ autoUpdate: false });
    const res = await fetch(`${status.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    await res.text();
    expect(b.inFlight()).toBe(0);
    await b.stop!(1000);
    expect(existsSync(runtimePath(dir))).toBe(false);
  });

  it('a taken port is the error state with the reason; the API keeps answering', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    cleanup.push(() => new Promise((r) => blocker.close(r)));
    const port = (blocker.address() as { port: number }).port;
    writeConfig(port);
    const b = await backend();
    const status = await b.handlers.getStatus({}, CTX);
    expect(status.state).toBe('error');
    expect(status.error).toBe(`port ${port} on 127.0.0.1 is already in use`);
    expect((await b.handlers.listProviders({}, CTX)).map((p) => p.id)).toEqual(['synthetic']);
  });

  it('uses the API of the aimux serve that already owns the data dir, and keeps desktop settings local', async () => {
    writeConfig(0);
    const serve = spawn(process.execPath, [join(ROOT, 'bin/aimux.mjs'), 'serve', '--data-dir', dir, '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    cleanup.push(async () => {
      if (serve.exitCode === null) {
        serve.kill('SIGTERM');
        await once(serve, 'exit');
      }
    });
    let out = '';
    serve.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await vi.waitFor(() => expect(out).toContain('listening on'), { timeout: 20_000 });
    const b = await backend();
    expect(b.remote).toMatchObject({ pid: serve.pid, mode: 'headless' });
    expect(b.stop).toBeUndefined();
    expect(await b.handlers.getStatus({}, CTX)).toMatchObject({ mode: 'headless', state: 'running', pid: serve.pid });
    const events: unknown[] = [];
    const off = b.events.on('status', (s) => events.push(s.state));
    await vi.waitFor(async () => {
      await b.handlers.setPaused({ paused: true }, CTX);
      expect(events).toContain('paused');
    });
    off();
    expect((await b.handlers.getStatus({}, CTX)).state).toBe('paused');
    expect(await b.handlers.getDesktopSettings({}, CTX)).toMatchObject({ autoUpdate: false });
    // `aimux token rotate` meanwhile (through the API, as the CLI does): the app picks up the new token.
    const before = await tokenFile(dir, ADMIN_TOKEN_FILE).read();
    const cli = createHttpClient({ baseUrl: b.remote!.url, token: before!, actor: 'cli' });
    const { token: after } = await cli.rotateAdminToken();
    expect(after).not.toBe(before);
    await expect(cli.getStatus()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await b.handlers.getStatus({}, CTX)).state).toBe('paused');
  });

  it('nothing the dashboard reaches over IPC carries a key: answers or events', async () => {
    writeConfig(0, {
      providers: [...builtInDoc().providers, { id: 'up', protocol: 'anthropic', baseUrl: 'http://127.0.0.1:9/', models: ['m'] }],
    });
    const secret = 'sk-ant-api03-NEVER-SHOW-THIS-0123456789abcdef';
    const b = await backend();
    const ipc = fakeIpcMain();
    const sent: unknown[] = [];
    registerIpc(ipc, b.handlers, { sender: { origin: 'app://aimux', isOwnWebContents: (id) => id === 1 }, logger: SILENT });
    const offEvents = forwardEvents(b.events, () => [{ send: (c, d) => sent.push([c, d]), isDestroyed: () => false }]);
    const from = eventFrom('app://aimux/index.html', 1);
    const added = (await ipc.invoke('api:addKey', from, { providerId: 'up', key: secret })) as { ok: boolean };
    expect(added.ok).toBe(true);
    const answers: unknown[] = [added];
    const inputs: Partial<Record<ApiMethod, unknown>> = { getProvider: { id: 'up' }, listProviderModels: { id: 'up' }, listKeys: { providerId: 'up' } };
    const reads = API_METHODS.filter((m) => /^(get|list|export|query)/.test(m) && m !== 'getRequest');
    for (const m of reads) answers.push(await ipc.invoke(`api:${m}`, from, inputs[m] ?? {}));
    offEvents();
    const everything = JSON.stringify([answers, sent]);
    expect(everything).toContain('"up"');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(secret.slice(8, 30));
    const keys = (await (b.handlers as ApiHandlers).listKeys({ providerId: 'up' }, CTX))[0]!;
    expect(keys.hint).toMatch(/…/);
  });
});
