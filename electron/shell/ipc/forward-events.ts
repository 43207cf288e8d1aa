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
