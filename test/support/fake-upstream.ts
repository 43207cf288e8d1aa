/**
 * Scripted upstream providers for tests: a real node:http server on 127.0.0.1:0 that records every
 * request it receives and answers with whatever the test's handler does.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  raw: Buffer;
  json: any;
}

export type FakeHandler = (req: RecordedRequest, res: ServerResponse, n: number) => void | Promise<void>;

export interface FakeUpstream {
  url: string;
  port: number;
  requests: RecordedRequest[];
  handler: FakeHandler;
  close(): Promise<void>;
}

export async function startFakeUpstream(handler: FakeHandler): Promise<FakeUpstream> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const fake: FakeUpstream = { url: '', port: 0, requests, handler, close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    let json: unknown;
    try {
      json = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
    } catch {
      json = undefined;
    }
    const rec: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw, json };
    requests.push(rec);
    try {
      await fake.handler(rec, res, requests.length);
    } catch (err) {
      if (!res.headersSent) res.writeHead(599);
      if (!res.writableEnded && !res.destroyed) res.end(String(err));
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  fake.port = port;
  fake.url = `http://127.0.0.1:${port}`;
  fake.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return fake;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes SSE text pieces, optionally pausing after some of them. */
export async function sse(res: ServerResponse, pieces: string[], opts: { pauseAfter?: Record<number, number>; end?: boolean } = {}): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (let i = 0; i < pieces.length; i++) {
    res.write(pieces[i]);
    const pause = opts.pauseAfter?.[i];
    if (pause) await sleep(pause);
  }
  if (opts.end !== false) res.end();
}

export function anthropicEvent(payload: { type: string; [k: string]: unknown }): string {
  return `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;
}

export function openAIChunkText(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** A complete Anthropic text-message stream, split into the usual events. */
export function anthropicTextStream(text: string[], opts: { id?: string; model?: string; inputTokens?: number; outputTokens?: number } = {}): string[] {
  const id = opts.id ?? 'msg_fake_1';
  const model = opts.model ?? 'fake-model';
  return [
    anthropicEvent({ type: 'message_start', message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: opts.inputTokens ?? 10, output_tokens: 1 } } }),
    anthropicEvent({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    ...text.map((t) => anthropicEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: t } })),
    anthropicEvent({ type: 'content_block_stop', index: 0 }),
    anthropicEvent({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: opts.outputTokens ?? 5 } }),
    anthropicEvent({ type: 'message_stop' }),
  ];
}

export function anthropicMessage(text: string, opts: { id?: string; model?: string } = {}) {
  return {
    id: opts.id ?? 'msg_fake_1',
    type: 'message',
    role: 'assistant',
    model: opts.model ?? 'fake-model',
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5 },
  };
}

export function openAICompletion(text: string, opts: { model?: string } = {}) {
  return {
    id: 'chatcmpl-fake-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: opts.model ?? 'fake-model',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

export function openAITextStream(text: string[], opts: { model?: string; usage?: boolean } = {}): string[] {
  const base = { id: 'chatcmpl-fake-1', object: 'chat.completion.chunk', created: 1_700_000_000, model: opts.model ?? 'fake-model' };
  const out = [openAIChunkText({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })];
  for (const t of text) out.push(openAIChunkText({ ...base, choices: [{ index: 0, delta: { content: t }, finish_reason: null }] }));
  out.push(openAIChunkText({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
  if (opts.usage) out.push(openAIChunkText({ ...base, choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } }));
  out.push('data: [DONE]\n\n');
  return out;
}

/* ---------- Socket-level faults (resilience tests) ---------- */

import { createServer as createTcpServer } from 'node:net';

/** Sends a TCP RST on the response's socket: the peer sees ECONNRESET, not a clean close. */
export function resetConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (socket && !socket.destroyed) socket.resetAndDestroy();
}

/** A promise with its resolve function, for holding an upstream handler until the test says so. */
export function gate<T = void>(): { promise: Promise<T>; open(value: T): void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((r) => (open = r));
  return { promise, open };
}

export interface RawConnection {
  socket: Socket;
  /** Every byte the connection has received so far. */
  received: Buffer;
}

/** A plain TCP server (no HTTP): the test decides what each connection gets, byte by byte. */
export interface RawUpstream {
  url: string;
  port: number;
  connections: RawConnection[];
  close(): Promise<void>;
}

export async function startRawUpstream(onConnection: (conn: RawConnection) => void = () => {}): Promise<RawUpstream> {
  const connections: RawConnection[] = [];
  const server = createTcpServer((socket) => {
    const conn: RawConnection = { socket, received: Buffer.alloc(0) };
    connections.push(conn);
    socket.on('data', (d: Buffer) => (conn.received = Buffer.concat([conn.received, d])));
    socket.on('error', () => {});
    onConnection(conn);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections,
    close: async () => {
      for (const c of connections) c.socket.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The request line and headers of a raw HTTP/1.1 request (lower-cased header names). */
export function parseRawRequest(raw: Buffer): { method: string; url: string; headers: Record<string, string> } | undefined {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [line, ...rest] = text.slice(0, end).split('\r\n');
  const [method = '', url = ''] = line!.split(' ');
  const headers: Record<string, string> = {};
  for (const h of rest) {
    const i = h.indexOf(':');
    if (i > 0) headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  return { method, url, headers };
}

/** A loopback URL nothing listens on: connecting to it is refused. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}
