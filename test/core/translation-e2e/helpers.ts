/**
 * Shared pieces of the translation end-to-end tests: a rig (fake upstream + real proxy + both official
 * SDKs, closed after each test), builders for upstream answers in both protocols, byte-exact split
 * writing in lockstep with the proxy's parser, and raw readers (SSE events, HTTP trailers) for
 * asserting exactly what a client receives.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { request } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { afterEach, vi } from 'vitest';
import { SseParser } from '../../../electron/core/protocol/sse-parser';
import { anthropicEvent, openAIChunkText, startFakeUpstream } from '../../support/fake-upstream';
import type { FakeHandler, FakeUpstream } from '../../support/fake-upstream';
import { singleProvider, startProxy } from '../../support/proxy';
import type { TestProxy } from '../../support/proxy';

export interface Rig {
  upstream: FakeUpstream;
  proxy: TestProxy;
  anthropic: Anthropic;
  openai: OpenAI;
}

/** Registers servers and proxies to close after each test (last started, first closed). */
export function useCleanup() {
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    while (open.length > 0) await open.pop()!.close();
  });
  return <T extends { close(): Promise<void> }>(item: T): T => {
    open.push(item);
    return item;
  };
}

export const anthropicClient = (proxyUrl: string) => new Anthropic({ apiKey: 'client-key', baseURL: proxyUrl, maxRetries: 0 });
export const openaiClient = (proxyUrl: string) => new OpenAI({ apiKey: 'client-key', baseURL: `${proxyUrl}/v1`, maxRetries: 0 });

/** Starts a fake upstream of `protocol` and a proxy routing everything to it; both are closed after each test. */
export function useRig() {
  const track = useCleanup();
  return async function start(
    protocol: 'openai' | 'anthropic',
    handler: FakeHandler,
    opts: { provider?: Record<string, unknown>; server?: Record<string, unknown> } = {},
  ): Promise<Rig> {
    const upstream = track(await startFakeUpstream(handler));
    const config = singleProvider(protocol, protocol === 'openai' ? `${upstream.url}/v1` : upstream.url, opts.provider ?? {});
    const proxy = track(await startProxy(opts.server ? { ...config, server: opts.server } : config));
    return { upstream, proxy, anthropic: anthropicClient(proxy.url), openai: openaiClient(proxy.url) };
  };
}

/* ---------- OpenAI-shaped upstream answers ---------- */

const OA_BASE = { id: 'chatcmpl-up-1', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'up-model' };

export const oa = {
  chunk: (delta: Record<string, unknown>, finish: string | null = null): string =>
    openAIChunkText({ ...OA_BASE, choices: [{ index: 0, delta, finish_reason: finish }] }),
  usage: (usage: Record<string, unknown>): string => openAIChunkText({ ...OA_BASE, choices: [], usage }),
  DONE: 'data: [DONE]\n\n',
  completion: (message: Record<string, unknown>, finish = 'stop', usage?: Record<string, unknown>) => ({
    id: 'chatcmpl-up-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'up-model',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish, logprobs: null }],
    ...(usage ? { usage } : {}),
  }),
  /** A tool-call delta for one index: `id`/`name` only in the first fragment of a call. */
  tool: (index: number, args: string, first?: { id: string; name: string }): string =>
    oa.chunk({
      tool_calls: [first ? { index, id: first.id, type: 'function', function: { name: first.name, arguments: args } } : { index, function: { arguments: args } }],
    }),
};

/* ---------- Anthropic-shaped upstream answers ---------- */

export const an = {
  start: (usage: Record<string, unknown> = { input_tokens: 12, output_tokens: 1 }): string =>
    anthropicEvent({
      type: 'message_start',
      message: { id: 'msg_up_1', type: 'message', role: 'assistant', model: 'up-model', content: [], stop_reason: null, stop_sequence: null, usage },
    }),
  blockStart: (index: number, content_block: Record<string, unknown>): string => anthropicEvent({ type: 'content_block_start', index, content_block }),
  text: (index: number, text: string): string => anthropicEvent({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } }),
  thinking: (index: number, thinking: string): string => anthropicEvent({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking } }),
  signature: (index: number, signature: string): string => anthropicEvent({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature } }),
  json: (index: number, partial_json: string): string => anthropicEvent({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } }),
  blockStop: (index: number): string => anthropicEvent({ type: 'content_block_stop', index }),
  ping: (): string => anthropicEvent({ type: 'ping' }),
  end: (stop_reason: string, usage: Record<string, unknown> = { output_tokens: 9 }): string[] => [
    anthropicEvent({ type: 'message_delta', delta: { stop_reason, stop_sequence: null }, usage }),
    anthropicEvent({ type: 'message_stop' }),
  ],
  toolUse: (index: number, id: string, name: string): string => an.blockStart(index, { type: 'tool_use', id, name, input: {} }),
  message: (content: unknown[], stop_reason = 'end_turn', usage?: Record<string, unknown>) => ({
    id: 'msg_up_1',
    type: 'message',
    role: 'assistant',
    model: 'up-model',
    content,
    stop_reason,
    stop_sequence: null,
    ...(usage ? { usage } : {}),
  }),
};

/* ---------- Writing bytes split where the test says ---------- */

/** `buf` cut at each offset (ascending), e.g. cutAt(b, [3, 10]) → b[0..3), b[3..10), b[10..). */
export function cutAt(buf: Buffer, offsets: number[]): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (const o of offsets) {
    if (o <= at || o >= buf.length) throw new Error(`bad cut ${o} (after ${at}, length ${buf.length})`);
    out.push(buf.subarray(at, o));
    at = o;
  }
  out.push(buf.subarray(at));
  return out;
}

/** Byte offset just after the first `after` bytes of `needle` inside `buf` (throws if absent). */
export function offsetIn(buf: Buffer, needle: string | Buffer, after: number, from = 0): number {
  const i = buf.indexOf(needle, from);
  if (i < 0) throw new Error(`${String(needle)} not found`);
  return i + after;
}

/**
 * Watches the bytes the proxy's own SSE parser is fed (the proxy runs in this process). Lets an upstream
 * write its next piece only once the proxy has consumed the previous one, so every cut is guaranteed to be
 * a chunk boundary inside the proxy, however loaded the machine is.
 */
export function watchProxyParser() {
  let total = 0;
  const boundaries: number[] = [];
  const waiters: Array<{ at: number; resolve(): void }> = [];
  const original = SseParser.prototype.push;
  const spy = vi.spyOn(SseParser.prototype, 'push').mockImplementation(function (this: SseParser, chunk: Uint8Array) {
    total += chunk.byteLength;
    boundaries.push(total);
    for (const w of waiters.splice(0)) {
      if (total >= w.at) w.resolve();
      else waiters.push(w);
    }
    return original.call(this, chunk);
  });
  return {
    /** Offsets (from the start of the watched stream) at which the proxy's chunks ended. */
    boundaries,
    reset(): void {
      total = 0;
      boundaries.length = 0;
    },
    /** Resolves once the proxy has been fed `bytes` bytes in total (or after `timeoutMs`, to never hang). */
    until(bytes: number, timeoutMs = 2_000): Promise<void> {
      if (total >= bytes) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const t = setTimeout(resolve, timeoutMs);
        waiters.push({ at: bytes, resolve: () => (clearTimeout(t), resolve()) });
      });
    },
    restore: () => spy.mockRestore(),
  };
}

export type ParserWatch = ReturnType<typeof watchProxyParser>;

/** Opens an SSE response and writes each piece on its own, only once the proxy has consumed every byte before it. */
export async function writeInLockstep(res: ServerResponse, pieces: Buffer[], watch: ParserWatch): Promise<void> {
  watch.reset();
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let sent = 0;
  for (const p of pieces) {
    res.write(p);
    sent += p.length;
    await watch.until(sent);
  }
  res.end();
}

/* ---------- What the client really receives ---------- */

export interface RawSseEvent {
  event: string | undefined;
  data: any;
}

/** Parses a complete SSE text (LF line ends, as aimux writes them). Comment lines are reported as event ':'. */
export function parseSse(text: string): RawSseEvent[] {
  const out: RawSseEvent[] = [];
  for (const block of text.split('\n\n')) {
    if (block.trim() === '') continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) event = ':';
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    const joined = data.join('\n');
    let parsed: unknown = joined;
    try {
      parsed = joined === '' || joined === '[DONE]' ? joined : JSON.parse(joined);
    } catch {
      // keep the text
    }
    out.push({ event, data: parsed });
  }
  return out;
}

/** POSTs a JSON body with fetch and reads the whole answer (status, headers, text, SSE events). */
export async function postRaw(url: string, path: string, body: unknown) {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', authorization: 'Bearer client-key' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, events: parseSse(text) };
}

/** POSTs with node:http, which (unlike fetch) exposes HTTP trailers. */
export function postForTrailers(url: string, path: string, body: unknown): Promise<{ status: number; text: string; trailers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = request(url + path, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), trailers: res.trailers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** A compact view of Anthropic events: `type[:index][:delta type]`. */
export function anthropicShape(events: RawSseEvent[]): string[] {
  return events
    .filter((e) => e.event !== ':')
    .map((e) => {
      const d = e.data as { type: string; index?: number; delta?: { type?: string } };
      expect_(e.event === d.type, `event line "${e.event}" does not match data.type "${d.type}"`);
      let s = d.type;
      if (d.index !== undefined) s += `:${d.index}`;
      if (d.type === 'content_block_delta' && d.delta?.type) s += `:${d.delta.type}`;
      return s;
    });
}

function expect_(cond: boolean, message: string): void {
  if (!cond) throw new Error(message);
}
