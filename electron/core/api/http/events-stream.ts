/**
 * GET /api/v1/events: the API's live events as server-sent events (`event: <name>`, `data: <json>`),
 * a comment every 15 s to keep proxies and idle timers away, and a bound on what a slow reader may
 * leave queued (past it the stream is closed; the client reconnects).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_EVENTS } from '../../../../shared/api/events';
import type { ApiEventMap, ApiEventName } from '../../../../shared/api/events';

export interface EventSource {
  on<E extends ApiEventName>(event: E, listener: (data: ApiEventMap[E]) => void): () => void;
}

const HEARTBEAT_MS = 15_000;
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

/** `closing` ends the stream when the server shuts down (an open stream would hold the drain). */
export function serveEvents(req: IncomingMessage, res: ServerResponse, source: EventSource, closing?: AbortSignal): void {
  req.resume();
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.socket?.setNoDelay(true);
  res.write(': aimux events\n\n');
  const write = (text: string) => {
    if (res.destroyed) return;
    if (res.writableLength > MAX_QUEUED_BYTES) {
      res.destroy();
      return;
    }
    res.write(text);
  };
  const offs = API_EVENTS.map((name) => source.on(name, (data) => write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`)));
  const beat = setInterval(() => write(': ping\n\n'), HEARTBEAT_MS);
  beat.unref();
  const end = () => res.end();
  closing?.addEventListener('abort', end, { once: true });
  if (closing?.aborted) end();
  res.once('close', () => {
    clearInterval(beat);
    closing?.removeEventListener('abort', end);
    for (const off of offs) off();
  });
}
