/**
 * The preload's bridge exposes exactly the contract: every operation and event of the lists, no
 * other channel, and never Electron's event object. The built preload (dist/shell/preload.cjs) is
 * run as Electron runs a sandboxed preload: one script with a `require` that knows only electron.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../shared/api/contract';
import type { ApiMethod } from '../../shared/api/contract';
import { createIpcClient } from '../../shared/api/ipc-client';
import type { ApiEventName } from '../../shared/api/events';
import { ApiError } from '../../shared/api/errors';
import { createBridge } from '../../electron/preload/bridge';
import { API_EVENTS } from '../../shared/api/events';
import { fakeIpcRenderer } from './fakes/ipc';

const LISTS = { methods: API_METHODS, events: API_EVENTS };

describe('preload bridge', () => {
  it('has exactly invoke and on, frozen', () => {
    const bridge = createBridge(fakeIpcRenderer(), LISTS);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('invokes api:<name> for every contract operation and nothing else', async () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge(ipc, LISTS);
    for (const m of API_METHODS) await bridge.invoke(m, {});
    expect(ipc.invoked.map((i) => i.channel)).toEqual(API_METHODS.map((m) => `api:${m}`));
    for (const bad of ['constructor', '__proto__', 'electron-store-get-data', 'evt:status', 'api:getStatus', 'toString']) {
      await expect(bridge.invoke(bad as ApiMethod, {})).rejects.toThrow(/unknown aimux API method/);
    }
    expect(ipc.invoked).toHaveLength(API_METHODS.length);
  });

  it('subscribes only to contract events, passes the data alone, and unsubscribes', () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge(ipc, LISTS);
    const got: unknown[][] = [];
    const off = bridge.on('status', (...args: unknown[]) => got.push(args));
    ipc.emit('evt:status', { state: 'paused' });
    expect(got).toEqual([[{ state: 'paused' }]]);
    off();
    ipc.emit('evt:status', { state: 'running' });
    expect(got).toHaveLength(1);
    expect(ipc.listeners.get('evt:status')?.size).toBe(0);
    expect(() => bridge.on('electron-store-get-data' as ApiEventName, () => {})).toThrow(/unknown aimux event/);
    expect(() => bridge.on('status', 'not a function' as never)).toThrow();
  });

  it('is what createIpcClient needs: results as data become values and ApiErrors', async () => {
    const ipc = fakeIpcRenderer((channel) =>
      channel === 'api:getProvider' ? { ok: false, error: { code: 'NOT_FOUND', message: 'no provider "x"', field: 'id' } } : { ok: true, value: { state: 'running' } },
    );
    const client = createIpcClient(createBridge(ipc, LISTS));
    expect(await client.getStatus()).toEqual({ state: 'running' });
    const err = await client.getProvider({ id: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });
});

describe('built preload', () => {
  const file = join(__dirname, '../../dist/shell/preload.cjs');
  beforeAll(() => {
    if (!existsSync(file)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: join(__dirname, '../..') });
  }, 60_000);

  it('needs nothing but electron, is small, and exposes exactly window.aimux with the contract\'s channels', async () => {
    const src = readFileSync(file, 'utf8');
    expect(src.length).toBeLessThan(10_000);
    const exposed: Array<[string, unknown]> = [];
    const ipc = fakeIpcRenderer();
    const required: string[] = [];
    const fakeRequire = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return { contextBridge: { exposeInMainWorld: (k: string, v: unknown) => exposed.push([k, v]) }, ipcRenderer: ipc };
    };
    runInNewContext(src, { require: fakeRequire, module: { exports: {} }, exports: {} });
    expect(required).toEqual(['electron']);
    expect(exposed.map(([k]) => k)).toEqual(['aimux']);
    const bridge = exposed[0]![1] as ReturnType<typeof createBridge>;
    for (const m of API_METHODS) await bridge.invoke(m, {});
    expect(ipc.invoked.map((i) => i.channel)).toEqual(API_METHODS.map((m) => `api:${m}`));
    await expect(bridge.invoke('nope' as ApiMethod, {})).rejects.toThrow();
    for (const e of API_EVENTS) bridge.on(e, () => {})();
    expect(() => bridge.on('nope' as ApiEventName, () => {})).toThrow();
  });
});
