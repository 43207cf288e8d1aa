/** Recording fakes of ipcMain and ipcRenderer, wired to each other like Electron does (structured clone included). */
import type { IpcMainLike } from '../../../electron/shell/ipc/register-ipc';
import type { FrameLike, IpcEventLike } from '../../../electron/shell/ipc/sender';
import type { IpcRendererLike } from '../../../electron/preload/bridge';

type Handler = (event: IpcEventLike, ...args: unknown[]) => unknown;

export interface FakeIpcMain extends IpcMainLike {
  handlers: Map<string, Handler>;
  /** What a renderer's `invoke` does: the event, then the arguments (cloned). */
  invoke(channel: string, from: IpcEventLike, ...args: unknown[]): Promise<unknown>;
}

export function fakeIpcMain(): FakeIpcMain {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
    async invoke(channel, from, ...args) {
      const h = handlers.get(channel);
      if (!h) throw new Error(`No handler registered for '${channel}'`);
      return structuredClone(await h(from, ...structuredClone(args)));
    },
  };
}

export const frame = (url: string, parent: FrameLike | null = null): FrameLike => ({ url, parent });
export const eventFrom = (url: string | null, senderId = 1, parent: FrameLike | null = null): IpcEventLike => ({
  sender: { id: senderId },
  senderFrame: url === null ? null : frame(url, parent),
});

export interface FakeIpcRenderer extends IpcRendererLike {
  invoked: Array<{ channel: string; args: unknown[] }>;
  listeners: Map<string, Set<(event: unknown, ...args: unknown[]) => void>>;
  emit(channel: string, data: unknown): void;
}

export function fakeIpcRenderer(answer: (channel: string, args: unknown[]) => unknown = () => ({ ok: true, value: null })): FakeIpcRenderer {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const r: FakeIpcRenderer = {
    invoked: [],
    listeners,
    async invoke(channel, ...args) {
      r.invoked.push({ channel, args });
      return answer(channel, args);
    },
    on(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return r;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return r;
    },
    emit(channel, data) {
      const event = { sender: { secret: 'ipcRenderer' } };
      for (const l of listeners.get(channel) ?? []) l(event, data);
    },
  };
  return r;
}
