/**
 * Streamed answers are written to the client once per burst: upstream chunks that arrive in one socket
 * read leave in one client chunk, byte for byte; a chunk that arrives alone leaves at once. The upstream
 * is a raw TCP server, so what arrives together is under the test's control.
 */
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { singleProvider, startProxy } from '../../support/proxy';
import type { TestProxy } from '../../support/proxy';

let upstream: Server | undefined;
let proxy: TestProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await new Promise<void>((r) => (upstream ? upstream.close(() => r()) : r()));
  proxy = undefined;
  upstream = undefined;
});

const ev = (type: string, payload: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
const EVENTS = [
  ev('message_start', { message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'up-model', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 3, output_tokens: 1 } } }),
  ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  ...['One', ' two', ' three', ' four', ' five', ' six'].map((t) => ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: t } })),
  ev('content_block_stop', { index: 0 }),
  ev('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 6 } }),
  ev('message_stop', {}),
];
const chunk = (s: string) => `${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n`;
const HEAD = 'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n';

/** An upstream that answers every request with `writes`: each string one socket write, `gapMs` apart. */
async function rawUpstream(writes: string[], gapMs: number): Promise<string> {
  upstream = createServer((socket: Socket) => {
    let got = '';
    socket.on('data', async (d: Buffer) => {
      got += d.toString('utf8');
      const end = got.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(got)?.[1] ?? 0);
      if (end < 0 || got.length < end + 4 + length) return;
      got = '';
      for (const [i, w] of writes.entries()) {
        if (i > 0) await new Promise((r) => setTimeout(r, gapMs));
        socket.write(w);
      }
    });
  });
  await new Promise<void>((r) => upstream!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
}

/** Posts a streaming request over a raw socket; returns the response's chunks, each with when it arrived. */
async function chunksOf(url: string): Promise<Array<{ text: string; at: number }>> {
  const { port } = new URL(url);
  const body = JSON.stringify({ model: 'up/up-model', max_tokens: 20, stream: true, messages: [{ role: 'user', content: 'hi' }] });
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise<void>((r) => socket.once('connect', r));
  const t0 = performance.now();
  let raw = Buffer.alloc(0);
  const chunks: Array<{ text: string; at: number }> = [];
  let bodyAt = -1;
  return new Promise((resolve, reject) => {
    socket.on('data', (d: Buffer) => {
      raw = Buffer.concat([raw, d]);
      if (bodyAt < 0) {
        const end = raw.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = raw.subarray(0, end).toString('latin1');
        if (!head.startsWith('HTTP/1.1 200')) reject(new Error(`answered ${raw.toString('utf8')}`));
        raw = raw.subarray(end + 4);
        bodyAt = 0;
      }
      for (;;) {
        const line = raw.indexOf('\r\n');
        if (line < 0) return;
        const size = parseInt(raw.subarray(0, line).toString('latin1'), 16);
        if (size === 0) {
          socket.destroy();
          resolve(chunks);
          return;
        }
        if (raw.length < line + 2 + size + 2) return;
        chunks.push({ text: raw.subarray(line + 2, line + 2 + size).toString('utf8'), at: performance.now() - t0 });
        raw = raw.subarray(line + 2 + size + 2);
      }
    });
    socket.on('error', reject);
    socket.write(`POST /v1/messages HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\nanthropic-version: 2023-06-01\r\nx-api-key: client\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });
}

describe('streamed answers, one client write per burst', () => {
  it('sends upstream chunks that arrive together as one chunk, byte for byte', async () => {
    const url = await rawUpstream([HEAD + EVENTS.map(chunk).join('') + '0\r\n\r\n'], 0);
    proxy = await startProxy(singleProvider('anthropic', url));
    const chunks = await chunksOf(proxy.url);
    expect(chunks.map((c) => c.text).join('')).toBe(EVENTS.join(''));
    // The first event commits the answer; it, the rest of the burst and the end go out as one chunk
    // (one chunk per event before).
    expect(chunks.length).toBe(1);
  });

  it('sends a chunk that arrives alone at once, not with the next burst', async () => {
    const url = await rawUpstream([HEAD + EVENTS.slice(0, 3).map(chunk).join(''), EVENTS.slice(3).map(chunk).join('') + '0\r\n\r\n'], 400);
    proxy = await startProxy(singleProvider('anthropic', url));
    const chunks = await chunksOf(proxy.url);
    expect(chunks.map((c) => c.text).join('')).toBe(EVENTS.join(''));
    const early = chunks.filter((c) => c.text.includes('"text":"One"') || c.text.includes('content_block_start'));
    const late = chunks.find((c) => c.text.includes('" two"'))!;
    expect(early.length).toBeGreaterThan(0);
    expect(late.at - Math.max(...early.map((c) => c.at))).toBeGreaterThan(300);
  });
});
