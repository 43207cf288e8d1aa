/**
 * A client that stops reading a stream holds the upstream back (the proxy pauses its upstream socket
 * instead of buffering the answer), and gets every byte, in order, once it reads again. Real sockets
 * end to end: a fake upstream that honours backpressure, the real proxy, a node:http client.
 */
import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startFakeUpstream, sleep } from '../../support/fake-upstream';
import { singleProvider, startProxy } from '../../support/proxy';
import { useCleanup } from './helpers';

const track = useCleanup();

const EVENTS = 4096;
const TEXT = 'x'.repeat(8000);
const ev = (type: string, payload: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;

describe('a slow streaming client', () => {
  it('pauses the upstream while it does not read, then receives the whole stream in order', async () => {
    let written = 0;
    let total = 0;
    const upstream = track(
      await startFakeUpstream(async (_req, res) => {
        const pieces = [
          ev('message_start', { message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 5, output_tokens: 1 } } }),
          ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
          ...Array.from({ length: EVENTS }, (_, i) => ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: `${i}:${TEXT};` } })),
          ev('content_block_stop', { index: 0 }),
          ev('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: EVENTS } }),
          ev('message_stop', {}),
        ];
        total = pieces.reduce((n, p) => n + Buffer.byteLength(p), 0);
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const p of pieces) {
          written += Buffer.byteLength(p);
          if (!res.write(p)) await new Promise((r) => res.once('drain', r));
        }
        res.end();
      }),
    );
    const proxy = track(await startProxy(singleProvider('anthropic', upstream.url)));

    const body = JSON.stringify({ model: 'm', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const u = new URL(proxy.url);
      const req = request({ host: u.hostname, port: u.port, path: '/v1/messages', method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'client' } }, resolve);
      req.on('error', reject);
      req.end(body);
    });
    expect(res.statusCode).toBe(200);
    const chunks: Buffer[] = [];
    await new Promise<void>((r) =>
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        if (chunks.length === 1) {
          res.pause();
          r();
        }
      }),
    );

    // Buffers fill (sockets, a little in the proxy), then the upstream waits: its writes stop.
    let stalled = false;
    for (let i = 0; i < 40 && !stalled; i++) {
      const before = written;
      await sleep(300);
      stalled = written === before;
    }
    expect(stalled).toBe(true);
    expect(written).toBeLessThan(total / 2);

    res.resume();
    await new Promise((r) => res.once('end', r));
    expect(written).toBe(total);
    const text = Buffer.concat(chunks).toString('utf8');
    const deltas = [...text.matchAll(/"text":"(\d+):x+;"/g)].map((m) => Number(m[1]));
    expect(deltas).toEqual(Array.from({ length: EVENTS }, (_, i) => i));
    expect(text.trimEnd().endsWith('data: {"type":"message_stop"}')).toBe(true);
  }, 30_000);
});
