/**
 * The API's live events, pushed to our windows on `evt:<name>` channels: every event of the
 * contract, and only those. Producers already throttle (metrics at most once a second).
 */
import { API_EVENTS } from '../../../shared/api/events';
import type { ApiEventMap, ApiEventName } from '../../../shared/api/events';
import { ipcEventChannel } from '../../../shared/api/ipc-client';

export interface EventSource {
  on<E extends ApiEventName>(event: E, listener: (data: ApiEventMap[E]) => void): () => void;
}

export interface WebContentsSink {
  send(channel: string, data: unknown): void;
  isDestroyed(): boolean;
}

/** Subscribes to every contract event; returns the unsubscribe function. */
export function forwardEvents(source: EventSource, targets: () => Iterable<WebContentsSink>): () => void {
  const offs = API_EVENTS.map((name) =>
    source.on(name, (data) => {
      for (const wc of targets()) if (!wc.isDestroyed()) wc.send(ipcEventChannel(name), data);
    }),
  );
  return () => {
    for (const off of offs) off();
  };
}

/** A source of the app's own events (the updater's), for events that exist only in this process. */
export function createLocalEvents(): EventSource & { emit<E extends ApiEventName>(event: E, data: ApiEventMap[E]): void } {
  const listeners = new Map<string, Set<(data: never) => void>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (data: never) => void);
      return () => void set.delete(listener as (data: never) => void);
    },
    emit(event, data) {
      for (const l of listeners.get(event) ?? []) (l as (d: unknown) => void)(data);
    },
  };
}

/** Both sources as one: a listener hears an event from either. */
export function mergeEvents(a: EventSource, b: EventSource): EventSource {
  return {
    on(event, listener) {
      const offA = a.on(event, listener);
      const offB = b.on(event, listener);
      return () => {
        offA();
        offB();
      };
    },
  };
}
