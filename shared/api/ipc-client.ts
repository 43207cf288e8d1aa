/**
 * `ApiClient` over the desktop app's IPC. The preload exposes only `IpcBridge` (window.aimux): one
 * `invoke` for the contract's operations and one `on` for its events, both checked against the
 * contract's lists in the preload and again in the main process. Results cross as data
 * (`ApiResult`), because Electron rebuilds thrown errors as different objects; this adapter turns
 * them back into `ApiError`s, so components see the same errors over IPC and HTTP.
 */
import { API_METHODS } from './contract';
import type { ApiMethod } from './contract';
import type { ApiClient } from './client';
import { ApiError } from './errors';
import type { ApiResult } from './errors';
import type { ApiEventMap, ApiEventName } from './events';

export interface IpcBridge {
  invoke(method: ApiMethod, input: unknown): Promise<ApiResult<unknown>>;
  on<E extends ApiEventName>(event: E, listener: (data: ApiEventMap[E]) => void): () => void;
}

export { IPC_BRIDGE_GLOBAL, ipcEventChannel, ipcMethodChannel } from './ipc-channels';

export function createIpcClient(bridge: IpcBridge): ApiClient {
  const client: Record<string, unknown> = { on: bridge.on.bind(bridge) };
  for (const name of API_METHODS) {
    client[name] = async (input?: unknown) => {
      const r = await bridge.invoke(name, input ?? {});
      if (r.ok) return r.value;
      throw ApiError.fromBody(r.error);
    };
  }
  return client as unknown as ApiClient;
}
