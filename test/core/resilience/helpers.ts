/**
 * Shared pieces of the resilience tests: a manual clock, a seeded random, per-protocol kits (request
 * bodies, upstream answers, how to read the client's view), config builders and small HTTP helpers.
 * Everything runs over real loopback HTTP: the proxy from `startProxy`, fake upstreams, fetch.
 */
import type { ServerResponse } from 'node:http';
import { afterEach } from 'vitest';
import { anthropicMessage, anthropicTextStream, json, openAICompletion, openAITextStream, sse } from '../../support/fake-upstream';
import type { RecordedRequest } from '../../support/fake-upstream';
import type { CoreEvent } from '../../../electron/core/metrics/events';

export const T0 = 1_700_000_000_000;

/** The proxy's injected clock: only moves when the test says so. Timers inside undici still use real time. */
export function manualClock(start = T0) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

export { seeded } from '../routing/support';

/** Registers servers and proxies to close after each test (last started, first closed). */
export function useCleanup() {
  const items: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    while (items.length > 0) await items.pop()!.close().catch(() => {});
  });
  return <T extends { close(): Promise<void> }>(item: T): T => {
    items.push(item);
    return item;
  };
}

export type Protocol = 'anthropic' | 'openai';

export interface ClientResult {
  status: number;
  headers: Headers;
  text: string;
  json: any;
  provider: string | null;
  attempts: string | null;
}

export interface SseEvent {
  event: string | undefined;
  data: string;
}

/** Splits an SSE body into events (only `event:` and `data:` fields; comments dropped). */
export function sseEvents(text: string): SseEvent[] {
  const out: SseEvent[] = [];
  for (const block of text.split(/\n\n/)) {
    if (block.trim() === '') continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (event !== undefined || data.length > 0) out.push({ event, data: data.join('\n') });
  }
  return out;
}

/** What differs between the two client protocols, so one test body can run for both. */
export interface Kit {
  protocol: Protocol;
  /** The proxy route the client posts to. */
  path: string;
  /** The provider baseUrl for a fake upstream of this protocol. */
  baseUrl(upstreamUrl: string): string;
  /** The path the upstream receives. */
  upstreamPath: string;
  body(opts?: { stream?: boolean; model?: string; text?: string; [k: string]: unknown }): Record<string, unknown>;
  /** The JSON an upstream of this protocol receives for a client `body` (a non-streaming request is streamed upstream). */
  upstreamJson(body: Record<string, unknown>): Record<string, unknown>;
  /** A successful upstream answer carrying `text`, streamed or whole as the request asked. */
  reply(req: RecordedRequest, res: ServerResponse, text: string): Promise<void>;
  /** Raw SSE pieces of a complete stream saying `pieces` joined. */
  streamPieces(pieces: string[]): string[];
  /** An upstream error body. */
  errorBody(type: string, message: string): unknown;
  /** The API key the upstream received. */
  keyOf(req: RecordedRequest): string | undefined;
  /** The assistant text the client received (JSON body or SSE). */
  textOf(r: Pick<ClientResult, 'text' | 'json'>): string;
  /** True when an SSE body is the protocol's complete stream (and carries no error). */
  streamComplete(text: string): boolean;
  /** The exact mid-stream error event aimux writes for a ProxyError of this status/code/message. */
  midStreamError(message: string, code: string): string;
}

export const anthropicKit: Kit = {
  protocol: 'anthropic',
  path: '/v1/messages',
  baseUrl: (u) => u,
  upstreamPath: '/v1/messages',
  body: ({ stream = false, model = 'claude-sonnet-4-5', text = 'hi', ...extra } = {}) => ({
    model,
    max_tokens: 64,
    ...(stream ? { stream: true } : {}),
    messages: [{ role: 'user', content: text }],
    ...extra,
  }),
  upstreamJson: (body) => ({ ...body, stream: true }),
  reply: async (req, res, text) => {
    if (req.json?.stream === true) await sse(res, anthropicTextStream([text], { model: req.json.model }));
    else json(res, 200, anthropicMessage(text, { model: req.json?.model }));
  },
  streamPieces: (pieces) => anthropicTextStream(pieces),
  errorBody: (type, message) => ({ type: 'error', error: { type, message } }),
  keyOf: (req) => req.headers['x-api-key'] as string | undefined,
  textOf: (r) => {
    if (r.json !== undefined) return (r.json.content ?? []).map((b: any) => b.text ?? '').join('');
    return sseEvents(r.text)
      .filter((e) => e.event === 'content_block_delta')
      .map((e) => JSON.parse(e.data).delta.text ?? '')
      .join('');
  },
  streamComplete: (text) => {
    const events = sseEvents(text);
    return events.length > 0 && events.at(-1)!.event === 'message_stop' && !events.some((e) => e.event === 'error');
  },
  midStreamError: (message) => `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'api_error', message } })}\n\n`,
};

export const openaiKit: Kit = {
  protocol: 'openai',
  path: '/v1/chat/completions',
  baseUrl: (u) => `${u}/v1`,
  upstreamPath: '/v1/chat/completions',
  body: ({ stream = false, model = 'gpt-5', text = 'hi', ...extra } = {}) => ({
    model,
    ...(stream ? { stream: true } : {}),
    messages: [{ role: 'user', content: text }],
    ...extra,
  }),
  upstreamJson: (body) => (body.stream === true ? body : { ...body, stream: true, stream_options: { include_usage: true } }),
  reply: async (req, res, text) => {
    if (req.json?.stream === true) await sse(res, openAITextStream([text], { model: req.json.model }));
    else json(res, 200, openAICompletion(text, { model: req.json?.model }));
  },
  streamPieces: (pieces) => openAITextStream(pieces),
  errorBody: (type, message) => ({ error: { message, type, code: null, param: null } }),
  keyOf: (req) => {
    const auth = req.headers.authorization;
    return typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
  },
  textOf: (r) => {
    if (r.json !== undefined) return r.json.choices?.[0]?.message?.content ?? '';
    return sseEvents(r.text)
      .filter((e) => e.data !== '[DONE]')
      .map((e) => JSON.parse(e.data).choices?.[0]?.delta?.content ?? '')
      .join('');
  },
  streamComplete: (text) => {
    const events = sseEvents(text);
    return events.length > 0 && events.at(-1)!.data === '[DONE]' && !events.some((e) => e.data.startsWith('{"error"'));
  },
  midStreamError: (message, code) => `data: ${JSON.stringify({ error: { message, type: 'server_error', code, param: null } })}\n\n`,
};

export const KITS = [anthropicKit, openaiKit] as const;

/** Literal key values, long enough to get a hint; `key(a, 1)` is provider a's second key. */
export const key = (providerId: string, i: number) => `key-${providerId}-${i}-0123456789abcdef`;

/** A provider entry as a user would write it, pointing at a fake upstream. */
export function providerCfg(id: string, kit: Kit, upstreamUrl: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    protocol: kit.protocol,
    baseUrl: kit.baseUrl(upstreamUrl),
    apiKeys: [key(id, 0)],
    models: [`${id}-model`],
    timeouts: { connectMs: 2000, firstByteMs: 3000, idleMs: 3000 },
    ...extra,
  };
}

/** `id/id-model`, the target string of `providerCfg(id, …)`. */
export const target = (id: string) => `${id}/${id}-model`;

/** POSTs a generation request to the proxy and reads the whole answer. */
export async function send(proxyUrl: string, kit: Kit, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<ClientResult> {
  const res = await fetch(proxyUrl + kit.path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(kit.protocol === 'anthropic' ? { 'anthropic-version': '2023-06-01' } : {}), ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  if (!(res.headers.get('content-type') ?? '').includes('event-stream')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  return { status: res.status, headers: res.headers, text, json: parsed, provider: res.headers.get('x-aimux-provider'), attempts: res.headers.get('x-aimux-attempts') };
}

/** GET /health, providers by id. */
export async function health(proxyUrl: string): Promise<Record<string, any>> {
  const res = await fetch(`${proxyUrl}/health`);
  const body = (await res.json()) as { providers: Array<{ id: string }> };
  return Object.fromEntries(body.providers.map((p) => [p.id, p]));
}

export async function waitFor(cond: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function eventsOf<T extends CoreEvent['type']>(events: CoreEvent[], type: T): Array<Extract<CoreEvent, { type: T }>> {
  return events.filter((e): e is Extract<CoreEvent, { type: T }> => e.type === type);
}

/** Counts of a list of strings. */
export function tally(values: Array<string | null | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}

/** For upstream handlers that stall: resolves only when the connection goes away. */
export function untilClosed(res: ServerResponse): Promise<void> {
  return new Promise((r) => (res.destroyed ? r() : res.once('close', () => r())));
}
