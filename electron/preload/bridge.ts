/**
 * `window.aimux`: the IPC bridge, built from the contract's lists and nothing else. Each method
 * name and event name is checked against the lists here (the main process checks again), and
 * listeners receive only the event's data, never Electron's event object (whose `sender` would
 * hand the page `ipcRenderer` itself).
 *
 * The lists come in as parameters: the preload gets them from the contract at build time
 * (scripts/build.mjs), so it does not carry zod and the schemas into every window.
 */
import type { ApiMethod } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/errors';
import type { ApiEventMap, ApiEventName } from '../../shared/api/events';
import { ipcEventChannel, ipcMethodChannel } from '../../shared/api/ipc-channels';
import type { IpcBridge } from '../../shared/api/ipc-client';

/** The part of Electron's `ipcRenderer` the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface ContractLists {
  methods: readonly ApiMethod[];
  events: readonly ApiEventName[];
}

export function createBridge(ipc: IpcRendererLike, lists: ContractLists): IpcBridge {
  const METHODS: ReadonlySet<string> = new Set(lists.methods);
  const EVENTS: ReadonlySet<string> = new Set(lists.events);
  return Object.freeze({
    invoke(method: ApiMethod, input: unknown): Promise<ApiResult<unknown>> {
      if (typeof method !== 'string' || !METHODS.has(method)) return Promise.reject(new Error(`unknown aimux API method: ${String(method)}`));
      return ipc.invoke(ipcMethodChannel(method), input) as Promise<ApiResult<unknown>>;
    },
    on<E extends ApiEventName>(event: E, listener: (data: ApiEventMap[E]) => void): () => void {
      if (typeof event !== 'string' || !EVENTS.has(event)) throw new Error(`unknown aimux event: ${String(event)}`);
      if (typeof listener !== 'function') throw new Error('listener must be a function');
      const wrapped = (_event: unknown, data: unknown) => listener(data as ApiEventMap[E]);
      ipc.on(ipcEventChannel(event), wrapped);
      return () => void ipc.removeListener(ipcEventChannel(event), wrapped);
    },
  });
}
