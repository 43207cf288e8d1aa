/**
 * How a target list spreads requests, counted at the upstreams over real HTTP: round-robin (even),
 * weighted (proportional, seeded random), least-busy (fewest in flight), least-latency (the fast one),
 * keys round-robin within a provider, and maxConcurrent overflow (a full provider hands the request to
 * the next target instead of waiting; its bounded queue waits; nothing left → 503 at once).
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { gate, sleep, startFakeUpstream } from '../../support/fake-upstream';
import type { RecordedRequest } from '../../support/fake-upstream';
import { startProxy } from '../../support/proxy';
import { anthropicKit as kit, eventsOf, health, key, providerCfg, seeded, send, tally, target, useCleanup, waitFor } from './helpers';

const track = useCleanup();

async function upstreams(ids: string[], handler?: (id: string) => (req: RecordedRequest, res: ServerResponse) => Promise<void>) {
  const out: Record<string, Awaited<ReturnType<typeof startFakeUpstream>>> = {};
  for (const id of ids) out[id] = track(await startFakeUpstream(handler ? handler(id) : (req, res) => kit.reply(req, res, `from ${id}`)));
  return out;
}

/** Streams whose upstream answer stays open (headers and the first event sent) until `release`. */
function holdingHandler(release: Promise<void>) {
  return (id: string) => async (_req: RecordedRequest, res: ServerResponse) => {
    const pieces = kit.streamPieces([`from ${id}`]);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(pieces[0]);
    await release;
    for (const p of pieces.slice(1)) res.write(p);
    res.end();
  };
}

/** Starts a streaming request; resolves once the proxy has committed (response headers). */
async function openHeld(proxyUrl: string, model = 'claude-sonnet-4-5') {
  const res = await fetch(proxyUrl + kit.path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(kit.body({ stream: true, model })),
  });
  return { provider: res.headers.get('x-aimux-provider'), rest: res.text() };
}

describe('strategies', () => {
  it('round-robin: in turn, and exactly even over many concurrent requests', async () => {
    const up = await upstreams(['a', 'b', 'c']);
    const proxy = track(
      await startProxy({
        providers: ['a', 'b', 'c'].map((id) => providerCfg(id, kit, up[id]!.url)),
        routing: { default: { targets: [target('a'), target('b'), target('c')], strategy: 'round-robin' } },
      }),
    );
    const order: Array<string | null> = [];
    for (let i = 0; i < 6; i++) order.push((await send(proxy.url, kit, kit.body())).provider);
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);

    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => send(proxy.url, kit, kit.body({ stream: i % 2 === 0 }))));
    expect(results.every((r) => r.status === 200 && r.attempts === '1' && kit.textOf(r) === `from ${r.provider}`)).toBe(true);
    expect(tally(results.map((r) => r.provider))).toEqual({ a: 20, b: 20, c: 20 });
    expect([up.a!.requests.length, up.b!.requests.length, up.c!.requests.length]).toEqual([22, 22, 22]);
  });

  it('weighted: first choices proportional to weight (3:1) with a seeded random; weight 0 only as a last resort', async () => {
    const up = await upstreams(['a', 'b', 'c']);
    const proxy = track(
      await startProxy(
        {
          providers: [providerCfg('a', kit, up.a!.url, { weight: 3 }), providerCfg('b', kit, up.b!.url, { weight: 1 }), providerCfg('c', kit, up.c!.url, { weight: 0 })],
          routing: { default: { targets: [target('c'), target('a'), target('b')], strategy: 'weighted' } },
        },
        { random: seeded(42) },
      ),
    );
    const N = 400;
    const providers: Array<string | null> = [];
    for (let batch = 0; batch < N / 40; batch++) {
      const rs = await Promise.all(Array.from({ length: 40 }, () => send(proxy.url, kit, kit.body())));
      for (const r of rs) {
        expect([r.status, r.attempts]).toEqual([200, '1']);
        providers.push(r.provider);
      }
    }
    const counts = tally(providers);
    expect(counts.c).toBeUndefined();
    expect(counts.a! + counts.b!).toBe(N);
    // Expected share 0.75, σ ≈ 0.022 at N = 400: ±0.06 is ~2.8σ (and the seed makes it exact run to run).
    expect(counts.a! / N).toBeGreaterThan(0.69);
    expect(counts.a! / N).toBeLessThan(0.81);
    expect(up.a!.requests.length).toBe(counts.a);
    expect(up.b!.requests.length).toBe(counts.b);
    expect(up.c!.requests).toHaveLength(0);
  });

  it('least-busy: requests go to the provider with the fewest streams in flight', async () => {
    const release = gate();
    const up = await upstreams(['a', 'b'], holdingHandler(release.promise));
    const proxy = track(
      await startProxy({
        providers: [providerCfg('a', kit, up.a!.url), providerCfg('b', kit, up.b!.url)],
        routing: { default: { targets: [target('a'), target('b')], strategy: 'least-busy' } },
      }),
    );
    // Three streams pinned to a explicitly keep it busy.
    const held = [];
    for (let i = 0; i < 3; i++) held.push(await openHeld(proxy.url, 'a/a-model'));
    expect(held.map((h) => h.provider)).toEqual(['a', 'a', 'a']);
    // Least-busy requests: b until it is as busy as a, then they alternate.
    for (let i = 0; i < 5; i++) held.push(await openHeld(proxy.url));
    expect(held.slice(3).map((h) => h.provider)).toEqual(['b', 'b', 'b', expect.any(String), expect.any(String)]);
    expect(tally(held.slice(6).map((h) => h.provider))).toEqual({ a: 1, b: 1 });
    const h = await health(proxy.url);
    expect([h.a.inFlight, h.b.inFlight]).toEqual([4, 4]);
    release.open();
    for (const x of held) expect(kit.streamComplete(await x.rest)).toBe(true);
    await waitFor(() => eventsOf(proxy.events, 'request.finished').length === 8);
    const after = await health(proxy.url);
    expect([after.a.inFlight, after.b.inFlight]).toEqual([0, 0]);
  });

  it('least-latency: prefers the target with the fastest time to first byte, and moves when it turns slow', async () => {
    const delay: Record<string, number> = { a: 150, b: 0 };
    const up = await upstreams(['a', 'b'], (id) => async (req, res) => {
      await sleep(delay[id]!);
      await kit.reply(req, res, `from ${id}`);
    });
    const proxy = track(
      await startProxy(
        {
          providers: [providerCfg('a', kit, up.a!.url), providerCfg('b', kit, up.b!.url)],
          routing: { default: { targets: [target('a'), target('b')], strategy: 'least-latency' } },
        },
        { random: () => 0.99 }, // never explore
      ),
    );
    const served: Array<string | null> = [];
    for (let i = 0; i < 12; i++) served.push((await send(proxy.url, kit, kit.body({ stream: true }))).provider);
    // Both unmeasured at first: list order tries a (slow), then b (unmeasured counts as 0 ms), then b is the faster.
    expect(served).toEqual(['a', ...Array(11).fill('b')]);

    delay.b = 1500; // b turns slow: one slow sample lifts its EWMA well above a's
    delay.a = 0;
    expect((await send(proxy.url, kit, kit.body({ stream: true }))).provider).toBe('b');
    const next: Array<string | null> = [];
    for (let i = 0; i < 5; i++) next.push((await send(proxy.url, kit, kit.body({ stream: true }))).provider);
    expect(next).toEqual(Array(5).fill('a'));
  });
});

describe('keys', () => {
  it('a provider\'s keys are used round-robin, evenly under concurrency', async () => {
    const a = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from a')));
    const proxy = track(await startProxy({ providers: [providerCfg('a', kit, a.url, { apiKeys: [key('a', 0), key('a', 1), key('a', 2)] })], routing: { default: [target('a')] } }));
    const rs = await Promise.all(Array.from({ length: 30 }, () => send(proxy.url, kit, kit.body({ stream: true }))));
    expect(rs.every((r) => r.status === 200)).toBe(true);
    expect(tally(a.requests.map(kit.keyOf))).toEqual({ [key('a', 0)]: 10, [key('a', 1)]: 10, [key('a', 2)]: 10 });
  });
});

describe('maxConcurrent', () => {
  it('when a provider is at its limit and its queue is full, the request overflows to the next target at once', async () => {
    const release = gate();
    const up = await upstreams(['a', 'b'], holdingHandler(release.promise));
    const proxy = track(
      await startProxy({
        providers: [providerCfg('a', kit, up.a!.url, { maxConcurrent: 1, queueSize: 0 }), providerCfg('b', kit, up.b!.url)],
        routing: { default: [target('a'), target('b')] },
      }),
    );
    const first = await openHeld(proxy.url);
    expect(first.provider).toBe('a');
    const second = await openHeld(proxy.url);
    expect(second.provider).toBe('b');
    expect(up.a!.requests).toHaveLength(1);
    expect(eventsOf(proxy.events, 'target.skipped').map((e) => `${e.providerId}:${e.reason}`)).toEqual(['a:overflow']);
    release.open();
    await Promise.all([first.rest, second.rest]);
    await waitFor(() => eventsOf(proxy.events, 'request.finished').length === 2);
    const third = await send(proxy.url, kit, kit.body({ stream: true }));
    expect([third.provider, third.attempts]).toEqual(['a', '1']);
  });

  it('with room in the queue the request waits for the provider; only past the queue does it overflow', async () => {
    const release = gate();
    const up = await upstreams(['a', 'b'], holdingHandler(release.promise));
    const proxy = track(
      await startProxy({
        providers: [providerCfg('a', kit, up.a!.url, { maxConcurrent: 1, queueSize: 1 }), providerCfg('b', kit, up.b!.url)],
        routing: { default: [target('a'), target('b')] },
      }),
    );
    const first = await openHeld(proxy.url);
    const queued = openHeld(proxy.url);
    await waitFor(() => eventsOf(proxy.events, 'route.decided').length === 2);
    expect((await health(proxy.url)).a).toMatchObject({ inFlight: 1, queued: 1 });
    const third = await openHeld(proxy.url);
    expect([first.provider, third.provider]).toEqual(['a', 'b']);
    expect(up.a!.requests).toHaveLength(1);
    release.open();
    const second = await queued;
    expect(second.provider).toBe('a');
    await Promise.all([first.rest, second.rest, third.rest]);
    expect(up.a!.requests).toHaveLength(2);
    expect(up.b!.requests).toHaveLength(1);
  });

  it('when every target is full the client gets a 503 naming the overflow, at once', async () => {
    const release = gate();
    const up = await upstreams(['a'], holdingHandler(release.promise));
    const proxy = track(await startProxy({ providers: [providerCfg('a', kit, up.a!.url, { maxConcurrent: 1, queueSize: 0 })], routing: { default: [target('a')] } }));
    const first = await openHeld(proxy.url);
    const t0 = performance.now();
    const r = await send(proxy.url, kit, kit.body({ stream: true }));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.status).toBe(503);
    expect(r.json).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'no healthy target for class default: a/a-model (overflow)' } });
    expect(up.a!.requests).toHaveLength(1);
    release.open();
    expect(kit.streamComplete(await first.rest)).toBe(true);
  });
});
