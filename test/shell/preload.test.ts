/**
 * The preload's bridge exposes exactly the contract: every operation and event of the lists, no
 * other channel, and never Electron's event object.
 */
import { describe, expect, it } from 'vitest';
import { API_METHODS } from '../../shared/api/contract';
import type { ApiMethod } from '../../shared/api/contract';
import { createIpcClient } from '../../shared/api/ipc-client';
import type { ApiEventName } from '../../shared/api/events';
import { ApiError } from '../../shared/api/errors';
import { createBridge } from '../../electron/preload/bridge';
import { fakeIpcRenderer } from './fakes/ipc';

describe('preload bridge', () => {
  it('has exactly invoke and on, frozen', () => {
    const bridge = createBridge(fakeIpcRenderer());
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('invokes api:<name> for every contract operation and nothing else', async () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge(ipc);
    for (const m of API_METHODS) await bridge.invoke(m, {});
    expect(ipc.invoked.map((i) => i.channel)).toEqual(API_METHODS.map((m) => `api:${m}`));
    for (const bad of ['constructor', '__proto__', 'electron-store-get-data', 'evt:status', 'api:getStatus', 'toString']) {
      await expect(bridge.invoke(bad as ApiMethod, {})).rejects.toThrow(/unknown aimux API method/);
    }
    expect(ipc.invoked).toHaveLength(API_METHODS.length);
  });

  it('subscribes only to contract events, passes the data alone, and unsubscribes', () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge(ipc);
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
    const client = createIpcClient(createBridge(ipc));
    expect(await client.getStatus()).toEqual({ state: 'running' });
    const err = await client.getProvider({ id: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });
});
