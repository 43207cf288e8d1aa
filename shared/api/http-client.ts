/**
 * `ApiClient` over HTTP: the dashboard served by `aimux serve` and the CLI talking to a running proxy
 * use it. Routes come from the contract table; events arrive as server-sent events read with
 * `fetch` (so the token travels in the Authorization header, never in a URL). Browser and Node alike:
 * no node:* imports.
 */
import { API, API_METHODS } from './contract';
import type { ApiMethod, OpDef } from './contract';
import type { Actor, ApiClient } from './client';
import { ApiError } from './errors';
import type { ApiErrorBody } from './errors';
import type { ApiEventMap, ApiEventName } from './events';

export const API_PREFIX = '/api/v1';

export interface HttpClientOptions {
  /** The aimux base URL, e.g. http://127.0.0.1:4141 ('' for same-origin in the browser). */
  baseUrl: string;
  /** The admin token; a function so a rotated token is picked up. */
  token: string | (() => string | undefined);
  actor?: Actor;
  fetch?: typeof fetch;
  /** Delay before reconnecting the event stream (ms). */
  reconnectMs?: number;
}

/** Path parameters, then query (GET/DELETE) or JSON body: the same split the server undoes. */
export function requestFor(def: OpDef, input: Record<string, unknown> = {}): { path: string; query: string; body?: string } {
  const rest: Record<string, unknown> = { ...input };
  const path = def.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = rest[name];
    delete rest[name];
    if (v === undefined || v === null || v === '') throw new ApiError('BAD_REQUEST', `${name}: missing`, { field: name });
    return encodeURIComponent(String(v));
  });
  if (def.method === 'GET' || def.method === 'DELETE') {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(rest)) if (v !== undefined && v !== null) q.set(k, String(v));
    const s = q.toString();
    return { path, query: s ? `?${s}` : '' };
  }
  return { path, query: '', body: JSON.stringify(rest) };
}

export function createHttpClient(opts: HttpClientOptions): ApiClient {
  const doFetch = opts.fetch ?? fetch;
  const token = () => (typeof opts.token === 'function' ? opts.token() : opts.token);
  const headers = (): Record<string, string> => {
    const h: Record<string, string> = { 'x-aimux-client': opts.actor ?? 'api' };
    const t = token();
    if (t) h.authorization = `Bearer ${t}`;
    return h;
  };

  const call = async (name: ApiMethod, input: unknown): Promise<unknown> => {
    const def = API[name] as OpDef;
    const req = requestFor(def, (input ?? {}) as Record<string, unknown>);
    let res: Response;
    try {
      res = await doFetch(`${opts.baseUrl}${API_PREFIX}${req.path}${req.query}`, {
        method: def.method,
        headers: req.body === undefined ? headers() : { ...headers(), 'content-type': 'application/json' },
        ...(req.body === undefined ? {} : { body: req.body }),
      });
    } catch (err) {
      throw new ApiError('UNAVAILABLE', `cannot reach aimux at ${opts.baseUrl || 'this page'}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      throw new ApiError('INTERNAL', `aimux answered ${res.status} with a body that is not JSON`);
    }
    if (!res.ok) {
      const e = (body as { error?: ApiErrorBody } | undefined)?.error;
      throw e && typeof e.code === 'string' ? ApiError.fromBody(e) : new ApiError('INTERNAL', `aimux answered ${res.status}`);
    }
    return body;
  };

  const events = createEventStream(doFetch, () => `${opts.baseUrl}${API_PREFIX}/events`, headers, opts.reconnectMs ?? 2000);
  const client = { on: events.on } as Record<string, unknown>;
  for (const name of API_METHODS) client[name] = (input?: unknown) => call(name, input);
  return client as unknown as ApiClient;
}

type Listener = (data: unknown) => void;

/** One event-stream connection shared by every listener; opened on the first, closed after the last. */
function createEventStream(doFetch: typeof fetch, url: () => string, headers: () => Record<string, string>, reconnectMs: number) {
  const listeners = new Map<string, Set<Listener>>();
  let abort: AbortController | undefined;
  let count = 0;

  const dispatch = (event: string, data: string) => {
    const set = listeners.get(event);
    if (!set || set.size === 0) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    for (const fn of set) fn(parsed);
  };

  const run = async (ac: AbortController) => {
    while (!ac.signal.aborted) {
      try {
        const res = await doFetch(url(), { headers: { ...headers(), accept: 'text/event-stream' }, signal: ac.signal });
        if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value.replace(/\r\n?/g, '\n');
          let end: number;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, end);
            buf = buf.slice(end + 2);
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
            }
            if (data.length > 0) dispatch(event, data.join('\n'));
          }
        }
      } catch {
        // Reconnect below unless we were closed.
      }
      if (ac.signal.aborted) return;
      await new Promise((r) => setTimeout(r, reconnectMs));
    }
  };

  return {
    on<E extends ApiEventName>(event: E, listener: (data: ApiEventMap[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const fn = listener as Listener;
      set.add(fn);
      count++;
      if (!abort) {
        abort = new AbortController();
        void run(abort);
      }
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        set.delete(fn);
        if (--count === 0 && abort) {
          abort.abort();
          abort = undefined;
        }
      };
    },
  };
}
