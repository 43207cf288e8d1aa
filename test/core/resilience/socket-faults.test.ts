/**
 * Socket-level faults: connection refused, reset before / after the first byte, accept-and-never-answer,
 * a stall before the proxy committed, a stall after it committed, and a slow drip that stays within the
 * limits. Before commit the request fails over; after commit the client gets a protocol-correct error
 * event and nothing is retried.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { anthropicEvent, gate, parseRawRequest, refusedUrl, resetConnection, sleep, startFakeUpstream, startRawUpstream } from '../../support/fake-upstream';
import { startProxy } from '../../support/proxy';
import { KITS, anthropicKit, eventsOf, key, openaiKit, providerCfg, send, target, untilClosed, useCleanup, waitFor } from './helpers';
import type { Kit } from './helpers';

const track = useCleanup();

const FIRST_BYTE_MS = 400;
const IDLE_MS = 400;
const fast = { connectMs: 2000, firstByteMs: FIRST_BYTE_MS, idleMs: IDLE_MS };

/** Streams a request through fetch and hands back the body as it arrives. */
async function openStream(proxyUrl: string, kit: Kit, body: Record<string, unknown>) {
  const res = await fetch(proxyUrl + kit.path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let done = false;
  const readUntil = async (pred: (t: string) => boolean) => {
    while (!pred(text) && !done) {
      const r = await reader.read();
      if (r.done) done = true;
      else text += decoder.decode(r.value, { stream: true });
    }
    return text;
  };
  return { res, readUntil, readAll: () => readUntil(() => false) };
}

describe.each(KITS)('$protocol client → $protocol providers', (kit) => {
  const twoProviders = (aUrl: string, bUrl: string, aExtra: Record<string, unknown> = {}) => ({
    providers: [providerCfg('a', kit, aUrl, { timeouts: fast, ...aExtra }), providerCfg('b', kit, bUrl)],
    routing: { default: [target('a'), target('b')] },
  });

  it('connection refused → the next target serves; the attempt is a network failure', async () => {
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(await startProxy(twoProviders(await refusedUrl(), b.url)));
    for (const stream of [false, true]) {
      const r = await send(proxy.url, kit, kit.body({ stream }));
      expect([r.status, r.provider, r.attempts, kit.textOf(r)]).toEqual([200, 'b', '2', 'from b']);
    }
    expect(b.requests.map(kit.keyOf)).toEqual([key('b', 0), key('b', 0)]);
    expect(eventsOf(proxy.events, 'attempt.failed').map((e) => [e.providerId, e.kind, e.errorCode, e.late])).toEqual([
      ['a', 'network', 'UPSTREAM_NETWORK', false],
      ['a', 'network', 'UPSTREAM_NETWORK', false],
    ]);
  });

  it.each([false, true])('connection reset before the first byte → the next target serves (stream: %s)', async (stream) => {
    const a = track(await startFakeUpstream((_req, res) => resetConnection(res)));
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(await startProxy(twoProviders(a.url, b.url)));
    const r = await send(proxy.url, kit, kit.body({ stream }));
    expect([r.status, r.provider, r.attempts, kit.textOf(r)]).toEqual([200, 'b', '2', 'from b']);
    if (stream) expect(kit.streamComplete(r.text)).toBe(true);
    expect(a.requests.map(kit.keyOf)).toEqual([key('a', 0)]);
    expect(b.requests.map(kit.keyOf)).toEqual([key('b', 0)]);
    expect(eventsOf(proxy.events, 'attempt.failed').map((e) => [e.providerId, e.errorCode])).toEqual([['a', 'UPSTREAM_NETWORK']]);
  });

  it('connection reset after the first byte → the client gets the first event, then an error event in its protocol; no retry', async () => {
    const pieces = kit.streamPieces(['never', ' sent']);
    const resetNow = gate();
    const a = track(
      await startFakeUpstream(async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(pieces[0]);
        await resetNow.promise;
        resetConnection(res);
      }),
    );
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(await startProxy(twoProviders(a.url, b.url)));

    const s = await openStream(proxy.url, kit, kit.body({ stream: true }));
    expect(s.res.status).toBe(200);
    expect(s.res.headers.get('x-aimux-provider')).toBe('a');
    expect(s.res.headers.get('x-aimux-attempts')).toBe('1');
    await s.readUntil((t) => t.length >= pieces[0]!.length);
    resetNow.open();
    const all = await s.readAll();

    expect(all).toBe(pieces[0] + kit.midStreamError('provider "a": connection reset', 'upstream_network'));
    expect(b.requests).toHaveLength(0);
    expect(a.requests).toHaveLength(1);
    await waitFor(() => eventsOf(proxy.events, 'request.finished').length === 1);
    expect(eventsOf(proxy.events, 'attempt.failed').map((e) => [e.providerId, e.kind, e.late])).toEqual([['a', 'network', true]]);
  });

  it('accept-and-never-answer → first-byte timeout, then the next target serves; the proxy hangs up on the silent upstream', async () => {
    const a = track(await startRawUpstream());
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(await startProxy(twoProviders(a.url, b.url)));

    const t0 = performance.now();
    const r = await send(proxy.url, kit, kit.body({ stream: true }));
    const took = performance.now() - t0;
    expect([r.status, r.provider, r.attempts, kit.textOf(r)]).toEqual([200, 'b', '2', 'from b']);
    expect(kit.streamComplete(r.text)).toBe(true);
    expect(took).toBeGreaterThanOrEqual(FIRST_BYTE_MS - 50);
    expect(took).toBeLessThan(FIRST_BYTE_MS + 4000);

    expect(a.connections).toHaveLength(1);
    const got = parseRawRequest(a.connections[0]!.received)!;
    expect(got.method).toBe('POST');
    expect(got.url).toBe(kit.upstreamPath);
    expect(kit.keyOf({ headers: got.headers } as never)).toBe(key('a', 0));
    await waitFor(() => a.connections[0]!.socket.destroyed || a.connections[0]!.socket.readableEnded, 5000, 'the proxy to close the silent connection');
    expect(eventsOf(proxy.events, 'attempt.failed').map((e) => [e.providerId, e.kind, e.errorCode])).toEqual([['a', 'timeout', 'UPSTREAM_FIRST_BYTE_TIMEOUT']]);
  });

  it('headers sent, then silence before any body byte → idle timeout before commit → the next target serves', async () => {
    const a = track(
      await startFakeUpstream(async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.flushHeaders();
        await untilClosed(res);
      }),
    );
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(await startProxy(twoProviders(a.url, b.url)));
    const t0 = performance.now();
    const r = await send(proxy.url, kit, kit.body({ stream: true }));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(IDLE_MS - 50);
    expect([r.status, r.provider, r.attempts, kit.textOf(r)]).toEqual([200, 'b', '2', 'from b']);
    expect(kit.streamComplete(r.text)).toBe(true);
    expect(a.requests).toHaveLength(1);
    expect(eventsOf(proxy.events, 'attempt.failed').map((e) => [e.providerId, e.errorCode, e.late])).toEqual([['a', 'UPSTREAM_IDLE_TIMEOUT', false]]);
  });

  it('a stall after the first chunk (committed) → idle timeout mid-stream → error event; no retry', async () => {
    const pieces = kit.streamPieces(['one', ' two', ' three']);
    const a = track(
      await startFakeUpstream(async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(pieces[0]);
        res.write(pieces[1]);
        await untilClosed(res);
      }),
    );
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(await startProxy(twoProviders(a.url, b.url)));
    const t0 = performance.now();
    const r = await send(proxy.url, kit, kit.body({ stream: true }));
    const took = performance.now() - t0;
    expect([r.status, r.provider, r.attempts]).toEqual([200, 'a', '1']);
    expect(r.text).toBe(pieces[0]! + pieces[1]! + kit.midStreamError('provider "a": response stalled (idle timeout)', 'upstream_idle_timeout'));
    expect(took).toBeGreaterThanOrEqual(IDLE_MS - 50);
    expect(took).toBeLessThan(IDLE_MS + 4000);
    expect(b.requests).toHaveLength(0);
    await waitFor(() => eventsOf(proxy.events, 'request.finished').length === 1);
    expect(eventsOf(proxy.events, 'attempt.failed').map((e) => [e.providerId, e.kind, e.errorCode, e.late])).toEqual([['a', 'timeout', 'UPSTREAM_IDLE_TIMEOUT', true]]);
  });

  it('a slow drip within the limits (slow first byte, gaps under idleMs, total well over idleMs) completes on the first target', async () => {
    const words = ['slow', ' ', 'drip'];
    const pieces = kit.streamPieces(words);
    const gapMs = 150; // 7 pieces: ~1.2 s in total, each gap far under idleMs
    const a = track(
      await startFakeUpstream(async (_req, res) => {
        await sleep(150); // first byte at 150 ms, under the 400 ms first-byte timeout
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const p of pieces) {
          res.write(p);
          await sleep(gapMs);
        }
        res.end();
      }),
    );
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(await startProxy(twoProviders(a.url, b.url, { timeouts: { connectMs: 2000, firstByteMs: FIRST_BYTE_MS, idleMs: 1000 } })));
    const t0 = performance.now();
    const r = await send(proxy.url, kit, kit.body({ stream: true }));
    expect(performance.now() - t0).toBeGreaterThan(1000); // longer than idleMs in total
    expect([r.status, r.provider, r.attempts]).toEqual([200, 'a', '1']);
    expect(r.text).toBe(pieces.join('')); // passthrough: byte for byte
    expect(kit.textOf(r)).toBe('slow drip');
    expect(b.requests).toHaveLength(0);
    expect(eventsOf(proxy.events, 'attempt.failed')).toEqual([]);
  });
});

describe('the official SDKs see a mid-stream failure as an error, not a hang or a truncated success', () => {
  it('Anthropic SDK: reset after the first byte → the stream rejects with the api_error', async () => {
    const pieces = anthropicKit.streamPieces(['partial']);
    const resetNow = gate();
    const a = track(
      await startFakeUpstream(async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(pieces.slice(0, 3).join(''));
        await resetNow.promise; // the client has the text: only now cut the connection
        resetConnection(res);
      }),
    );
    const b = track(await startFakeUpstream((req, res) => anthropicKit.reply(req, res, 'from b')));
    const proxy = track(
      await startProxy({ providers: [providerCfg('a', anthropicKit, a.url), providerCfg('b', anthropicKit, b.url)], routing: { default: [target('a'), target('b')] } }),
    );
    const client = new Anthropic({ apiKey: 'client-key', baseURL: proxy.url, maxRetries: 0 });
    const stream = client.messages.stream({ model: 'test-model', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    const seen: string[] = [];
    stream.on('text', (t) => {
      seen.push(t);
      resetNow.open();
    });
    const err = await stream.finalMessage().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toEqual({ type: 'error', error: { type: 'api_error', message: 'provider "a": connection reset' } });
    expect(seen).toEqual(['partial']);
    expect(b.requests).toHaveLength(0);
  });

  it('OpenAI SDK: idle timeout after the first chunk → the stream rejects with the server_error', async () => {
    const pieces = openaiKit.streamPieces(['partial']);
    const a = track(
      await startFakeUpstream(async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(pieces.slice(0, 2).join(''));
        await untilClosed(res);
      }),
    );
    const b = track(await startFakeUpstream((req, res) => openaiKit.reply(req, res, 'from b')));
    const proxy = track(
      await startProxy({
        providers: [providerCfg('a', openaiKit, a.url, { timeouts: fast }), providerCfg('b', openaiKit, b.url)],
        routing: { default: [target('a'), target('b')] },
      }),
    );
    const client = new OpenAI({ apiKey: 'client-key', baseURL: `${proxy.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'gpt-5', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta?.content ?? '');
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as Error).message).toContain('provider "a": response stalled (idle timeout)');
    expect(seen.join('')).toBe('partial');
    expect(b.requests).toHaveLength(0);
  });
});

describe('bytes already received but nothing committed yet (translated stream) still fail over', () => {
  it('OpenAI client, Anthropic provider that sends only a ping event and stalls → the next target serves the whole stream', async () => {
    const a = track(
      await startFakeUpstream(async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(anthropicEvent({ type: 'ping' })); // translates to nothing for an OpenAI client
        await untilClosed(res);
      }),
    );
    const b = track(await startFakeUpstream((req, res) => openaiKit.reply(req, res, 'from b')));
    const proxy = track(
      await startProxy({
        providers: [providerCfg('a', anthropicKit, a.url, { timeouts: fast }), providerCfg('b', openaiKit, b.url)],
        routing: { default: [target('a'), target('b')] },
      }),
    );
    const r = await send(proxy.url, openaiKit, openaiKit.body({ stream: true }));
    expect([r.status, r.provider, r.attempts, openaiKit.textOf(r)]).toEqual([200, 'b', '2', 'from b']);
    expect(openaiKit.streamComplete(r.text)).toBe(true);
    expect(a.requests).toHaveLength(1);
    expect(a.requests[0]!.url).toBe('/v1/messages');
    expect(eventsOf(proxy.events, 'attempt.failed').map((e) => [e.providerId, e.errorCode, e.late])).toEqual([['a', 'UPSTREAM_IDLE_TIMEOUT', false]]);
  });
});
