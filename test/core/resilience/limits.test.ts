/**
 * The bounds around failover: `maxAttempts`, the total `deadlineMs` (before commit only), a client that
 * goes away while its request is failing over or queued (nothing more is tried, no slot leaks).
 */
import { describe, expect, it } from 'vitest';
import { gate, json, sleep, startFakeUpstream, startRawUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { startProxy } from '../../support/proxy';
import { anthropicKit as kit, eventsOf, health, providerCfg, send, target, untilClosed, useCleanup, waitFor } from './helpers';

const track = useCleanup();

describe('attempt and time bounds', () => {
  it('maxAttempts: after that many failed attempts the client gets the last upstream error; later targets receive nothing', async () => {
    const ups: FakeUpstream[] = [];
    for (const status of [500, 502, 503]) ups.push(track(await startFakeUpstream((_req, res) => json(res, status, kit.errorBody('api_error', `e${status}`)))));
    const d = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from d')));
    const proxy = track(
      await startProxy({
        providers: [providerCfg('a', kit, ups[0]!.url), providerCfg('b', kit, ups[1]!.url), providerCfg('c', kit, ups[2]!.url), providerCfg('d', kit, d.url)],
        routing: { default: [target('a'), target('b'), target('c'), target('d')], maxAttempts: 3 },
      }),
    );
    const r = await send(proxy.url, kit, kit.body({ stream: true }));
    expect(r.status).toBe(503);
    expect(r.json).toEqual({ type: 'error', error: { type: 'api_error', message: 'provider "c" answered 503: e503' } });
    expect(ups.map((u) => u.requests.length)).toEqual([1, 1, 1]);
    expect(d.requests).toHaveLength(0);
    expect(eventsOf(proxy.events, 'attempt.started').map((e) => e.providerId)).toEqual(['a', 'b', 'c']);
  });

  it('deadlineMs bounds the time before commit: a silent upstream with a long first-byte timeout ends in a 504 at the deadline', async () => {
    const a = track(await startRawUpstream());
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(
      await startProxy({
        providers: [providerCfg('a', kit, a.url, { timeouts: { connectMs: 2000, firstByteMs: 20_000, idleMs: 20_000 } }), providerCfg('b', kit, b.url)],
        routing: { default: [target('a'), target('b')], deadlineMs: 500 },
      }),
    );
    const t0 = performance.now();
    const r = await send(proxy.url, kit, kit.body({ stream: true }));
    const took = performance.now() - t0;
    expect(r.status).toBe(504);
    expect(r.json).toEqual({ type: 'error', error: { type: 'api_error', message: 'no response within the 500 ms deadline after 1 attempt(s)' } });
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(5000);
    expect(b.requests).toHaveLength(0);
    await waitFor(() => a.connections[0]!.socket.destroyed || a.connections[0]!.socket.readableEnded, 5000, 'the proxy to hang up on a');
  });

  it('the deadline stops at commit: a stream that runs longer than deadlineMs completes', async () => {
    const pieces = kit.streamPieces(['a', 'b', 'c', 'd', 'e', 'f']);
    const a = track(
      await startFakeUpstream(async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const p of pieces) {
          res.write(p);
          await sleep(100);
        }
        res.end();
      }),
    );
    const proxy = track(await startProxy({ providers: [providerCfg('a', kit, a.url)], routing: { default: [target('a')], deadlineMs: 300 } }));
    const t0 = performance.now();
    const r = await send(proxy.url, kit, kit.body({ stream: true }));
    expect(performance.now() - t0).toBeGreaterThan(600);
    expect([r.status, r.provider, kit.textOf(r)]).toEqual([200, 'a', 'abcdef']);
    expect(r.text).toBe(pieces.join(''));
  });
});

describe('the client goes away', () => {
  it('while its request waits on a silent upstream: the upstream request is cancelled and nothing else is tried', async () => {
    const a = track(await startFakeUpstream((_req, res) => untilClosed(res)));
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(
      await startProxy({
        providers: [providerCfg('a', kit, a.url, { timeouts: { connectMs: 2000, firstByteMs: 400, idleMs: 400 } }), providerCfg('b', kit, b.url)],
        routing: { default: [target('a'), target('b')] },
      }),
    );
    const ac = new AbortController();
    const pending = fetch(proxy.url + kit.path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(kit.body({ stream: true })),
      signal: ac.signal,
    }).catch((e: unknown) => e);
    await waitFor(() => a.requests.length === 1, 5000, 'a to get the request');
    ac.abort();
    expect(await pending).toBeInstanceOf(Error);
    await waitFor(() => eventsOf(proxy.events, 'request.finished').length === 1, 5000, 'the request to finish');
    await sleep(1500); // well past a's first-byte timeout: had the proxy failed over, b would have it by now
    expect(b.requests).toHaveLength(0);
    expect(eventsOf(proxy.events, 'attempt.failed').map((e) => [e.providerId, e.kind])).toEqual([['a', 'aborted']]);
    expect(eventsOf(proxy.events, 'request.finished')[0]).toMatchObject({ status: 499, errorCode: 'CLIENT_CLOSED' });
    const h = await health(proxy.url);
    expect([h.a.breaker, h.a.inFlight]).toEqual(['closed', 0]);
  });

  it('while queued for a full provider: it leaves the queue and no slot leaks', async () => {
    const release = gate();
    const a = track(
      await startFakeUpstream(async (req, res) => {
        await release.promise;
        await kit.reply(req, res, 'from a');
      }),
    );
    const proxy = track(
      await startProxy({ providers: [providerCfg('a', kit, a.url, { maxConcurrent: 1, queueSize: 4 })], routing: { default: [target('a')] } }),
    );
    const first = send(proxy.url, kit, kit.body({ stream: true }));
    await waitFor(() => a.requests.length === 1);
    const ac = new AbortController();
    const queued = fetch(proxy.url + kit.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(kit.body({ stream: true })), signal: ac.signal }).catch(
      (e: unknown) => e,
    );
    await waitFor(() => eventsOf(proxy.events, 'route.decided').length === 2);
    expect((await health(proxy.url)).a).toMatchObject({ inFlight: 1, queued: 1 });
    ac.abort();
    await queued;
    await waitFor(() => eventsOf(proxy.events, 'request.finished').length === 1, 5000, 'the queued request to finish');
    expect((await health(proxy.url)).a).toMatchObject({ inFlight: 1, queued: 0 });
    release.open();
    expect((await first).provider).toBe('a');
    // The slot came back: two more requests run one after the other on a.
    expect((await send(proxy.url, kit, kit.body())).provider).toBe('a');
    expect((await send(proxy.url, kit, kit.body())).provider).toBe('a');
    expect(a.requests).toHaveLength(3);
    expect((await health(proxy.url)).a).toMatchObject({ inFlight: 0, queued: 0 });
  });
});
