/**
 * The per-provider circuit breaker over real HTTP, on the injected clock (defaults: opens after 5
 * consecutive failures or ≥ 50% failures over ≥ 10 outcomes, 30 s cooldown, 1 probe at a time, 2
 * successful probes close it). Asserted through the client's answers, what the upstream received, and
 * `GET /health` `providers[].breaker`.
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { gate, json, resetConnection, startFakeUpstream } from '../../support/fake-upstream';
import type { RecordedRequest } from '../../support/fake-upstream';
import { startProxy } from '../../support/proxy';
import { anthropicKit as kit, eventsOf, health, key, manualClock, providerCfg, send, target, untilClosed, useCleanup, waitFor } from './helpers';

const track = useCleanup();
const COOLDOWN_MS = 30_000;

type Mode = (req: RecordedRequest, res: ServerResponse, n: number) => void | Promise<void>;

async function setup() {
  const clock = manualClock();
  const ok: Mode = (req, res) => kit.reply(req, res, 'from a');
  const control = { mode: ok };
  const a = track(await startFakeUpstream((req, res, n) => control.mode(req, res, n)));
  const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
  const proxy = track(
    await startProxy(
      {
        providers: [providerCfg('a', kit, a.url, { timeouts: { connectMs: 2000, firstByteMs: 5000, idleMs: 5000 } }), providerCfg('b', kit, b.url)],
        routing: { default: [target('a'), target('b')] },
      },
      { clock },
    ),
  );
  const breaker = async () => (await health(proxy.url)).a.breaker as string;
  const request = () => send(proxy.url, kit, kit.body({ stream: true }));
  return { clock, control, ok, a, b, proxy, breaker, request };
}

const fail500: Mode = (_req, res) => json(res, 500, kit.errorBody('api_error', 'boom'));

describe('circuit breaker', () => {
  it('opens after 5 consecutive failures of any provider-health kind; then the provider receives nothing', async () => {
    const t = await setup();
    const faults: Mode[] = [
      fail500,
      (_req, res) => resetConnection(res),
      (_req, res) => json(res, 503, kit.errorBody('overloaded_error', 'busy')), // no Retry-After: no provider cooldown
      (_req, res) => json(res, 502, kit.errorBody('api_error', 'bad gateway')),
      (_req, res) => resetConnection(res),
    ];
    t.control.mode = (req, res, n) => faults[n - 1]!(req, res, n);
    for (let i = 0; i < 5; i++) {
      expect(await t.breaker()).toBe('closed');
      const r = await t.request();
      expect([r.status, r.provider, r.attempts, kit.textOf(r)]).toEqual([200, 'b', '2', 'from b']);
    }
    expect(await t.breaker()).toBe('open');
    expect(t.a.requests).toHaveLength(5);

    t.control.mode = t.ok; // a has recovered, but the breaker does not know yet
    for (let i = 0; i < 10; i++) {
      const r = await t.request();
      expect([r.status, r.provider, r.attempts]).toEqual([200, 'b', '1']);
    }
    expect(t.a.requests).toHaveLength(5);
    expect(t.b.requests).toHaveLength(15);
    expect(eventsOf(t.proxy.events, 'target.skipped').map((e) => `${e.providerId}:${e.reason}`)).toEqual(Array(10).fill('a:breaker-open'));
  });

  it('half-opens after the cooldown on the clock and closes after 2 successful probes', async () => {
    const t = await setup();
    t.control.mode = fail500;
    for (let i = 0; i < 5; i++) await t.request();
    expect(await t.breaker()).toBe('open');
    t.control.mode = t.ok;

    t.clock.advance(COOLDOWN_MS - 1);
    expect(await t.breaker()).toBe('open');
    expect((await t.request()).provider).toBe('b');
    expect(t.a.requests).toHaveLength(5);

    t.clock.advance(1);
    expect(await t.breaker()).toBe('half-open');
    const probe1 = await t.request();
    expect([probe1.status, probe1.provider, probe1.attempts, kit.textOf(probe1)]).toEqual([200, 'a', '1', 'from a']);
    expect(await t.breaker()).toBe('half-open');
    const probe2 = await t.request();
    expect([probe2.status, probe2.provider, probe2.attempts]).toEqual([200, 'a', '1']);
    expect(await t.breaker()).toBe('closed');

    for (let i = 0; i < 3; i++) expect((await t.request()).provider).toBe('a');
    expect(t.a.requests).toHaveLength(10);
    expect(t.a.requests.slice(5).map(kit.keyOf)).toEqual(Array(5).fill(key('a', 0)));
  });

  it('a failed probe opens it again and the cooldown restarts from the probe', async () => {
    const t = await setup();
    t.control.mode = fail500;
    for (let i = 0; i < 5; i++) await t.request();
    t.clock.advance(COOLDOWN_MS);
    expect(await t.breaker()).toBe('half-open');

    const probe = await t.request(); // a still fails: the probe fails over to b
    expect([probe.status, probe.provider, probe.attempts]).toEqual([200, 'b', '2']);
    expect(t.a.requests).toHaveLength(6);
    expect(await t.breaker()).toBe('open');

    t.control.mode = t.ok;
    t.clock.advance(COOLDOWN_MS - 1);
    expect((await t.request()).provider).toBe('b');
    expect(t.a.requests).toHaveLength(6);
    t.clock.advance(1);
    expect(await t.breaker()).toBe('half-open');
    expect((await t.request()).provider).toBe('a');
  });

  it('half-open lets one probe through at a time: a request during the probe skips the provider', async () => {
    const t = await setup();
    t.control.mode = fail500;
    for (let i = 0; i < 5; i++) await t.request();
    t.clock.advance(COOLDOWN_MS);

    const release = gate();
    t.control.mode = async (req, res) => {
      await release.promise;
      await kit.reply(req, res, 'slow probe');
    };
    const probe = t.request();
    await waitFor(() => t.a.requests.length === 6, 5000, 'the probe to reach a');
    const during = await t.request();
    expect([during.status, during.provider, during.attempts, kit.textOf(during)]).toEqual([200, 'b', '1', 'from b']);
    expect(t.a.requests).toHaveLength(6);
    release.open();
    const p = await probe;
    expect([p.status, p.provider, kit.textOf(p)]).toEqual([200, 'a', 'slow probe']);
    expect(await t.breaker()).toBe('half-open');
  });

  it('a probe whose client goes away frees the probe slot: the next request probes again', async () => {
    const t = await setup();
    t.control.mode = fail500;
    for (let i = 0; i < 5; i++) await t.request();
    t.clock.advance(COOLDOWN_MS);
    t.control.mode = (_req, res) => untilClosed(res);
    const ac = new AbortController();
    const aborted = fetch(t.proxy.url + kit.path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(kit.body({ stream: true })),
      signal: ac.signal,
    }).catch((e: unknown) => e);
    await waitFor(() => t.a.requests.length === 6, 5000, 'the probe to reach a');
    ac.abort();
    await aborted;
    await waitFor(() => eventsOf(t.proxy.events, 'request.finished').length === 6, 5000, 'the aborted probe to finish');
    expect(await t.breaker()).toBe('half-open'); // an abort says nothing about a's health
    t.control.mode = t.ok;
    const probe = await t.request();
    expect([probe.provider, probe.attempts]).toEqual(['a', '1']);
    expect(t.b.requests).toHaveLength(5);
  });

  it('opens on the error rate too: alternating success and failure never makes 5 in a row, but 5 failures in 10 outcomes do', async () => {
    const t = await setup();
    t.control.mode = (req, res, n) => (n % 2 === 0 ? fail500(req, res, n) : t.ok(req, res, n));
    const served: Array<string | null> = [];
    for (let i = 0; i < 9; i++) served.push((await t.request()).provider);
    expect(served).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a']);
    expect(await t.breaker()).toBe('closed');
    expect((await t.request()).provider).toBe('b'); // a's 10th outcome: the 5th failure → 50%
    expect(await t.breaker()).toBe('open');
    expect((await t.request()).provider).toBe('b');
    expect(t.a.requests).toHaveLength(10);
  });

  it('a provider that keeps failing after the first byte is taken out of rotation too (late failures count)', async () => {
    const t = await setup();
    const pieces = kit.streamPieces(['cut']);
    t.control.mode = async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(pieces[0]);
      await new Promise((r) => setTimeout(r, 20));
      res.end(); // a clean close, but the message never finished
    };
    const cut = [];
    for (let i = 0; i < 5; i++) cut.push(await t.request());
    // Each one: committed to a, then a protocol error event; never retried.
    for (const r of cut) {
      expect([r.status, r.provider, r.attempts]).toEqual([200, 'a', '1']);
      expect(r.text).toBe(pieces[0] + kit.midStreamError('upstream stream ended before the response was complete', 'upstream_bad_response'));
    }
    expect(t.b.requests).toHaveLength(0);
    // Commit counts as a success and the cut as a failure: 5 of 10 outcomes failed → open.
    expect(await t.breaker()).toBe('open');
    const next = await t.request();
    expect([next.status, next.provider, next.attempts, kit.textOf(next)]).toEqual([200, 'b', '1', 'from b']);
    expect(t.a.requests).toHaveLength(5);
  });

  it('rate limits and rejected keys say nothing about the provider: the breaker stays closed', async () => {
    const clock = manualClock();
    const a = track(
      await startFakeUpstream((req, res) =>
        kit.keyOf(req) === key('a', 0) ? json(res, 429, kit.errorBody('rate_limit_error', 'slow down'), { 'retry-after': '1' }) : json(res, 401, kit.errorBody('authentication_error', 'bad key')),
      ),
    );
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(
      await startProxy(
        {
          providers: [providerCfg('a', kit, a.url, { apiKeys: [key('a', 0), key('a', 1), key('a', 2)] }), providerCfg('b', kit, b.url)],
          routing: { default: [target('a'), target('b')] },
        },
        { clock },
      ),
    );
    for (let i = 0; i < 6; i++) {
      if (i > 0) clock.advance(1000); // key 0's cooldown passes between requests
      const r = await send(proxy.url, kit, kit.body());
      expect([r.status, r.provider]).toEqual([200, 'b']);
    }
    // Every request: key 0 → 429 (the 401 keys are only tried once each, then set aside).
    expect(a.requests.map(kit.keyOf)).toEqual([key('a', 0), key('a', 1), key('a', 2), key('a', 0), key('a', 0), key('a', 0), key('a', 0), key('a', 0)]);
    const h = await health(proxy.url);
    expect(h.a.breaker).toBe('closed');
    expect(h.a.keys.map((k: any) => k.state)).toEqual(['cooling', 'rejected', 'rejected']);
  });
});

describe('breaker settings from the config', () => {
  it('a provider’s `breaker` thresholds take effect (2 failures open it, 1 s cooldown on the injected clock) and /health shows them', async () => {
    const clock = manualClock();
    const a = track(await startFakeUpstream(fail500));
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const breakerCfg = { failureThreshold: 2, cooldownMs: 1000 };
    const proxy = track(
      await startProxy({ providers: [providerCfg('a', kit, a.url, { breaker: breakerCfg }), providerCfg('b', kit, b.url)], routing: { default: [target('a'), target('b')] } }, { clock }),
    );
    expect((await health(proxy.url)).a.breakerSettings).toEqual({
      failureThreshold: 2,
      errorRateThreshold: 0.5,
      windowMs: 60_000,
      minSamples: 10,
      cooldownMs: 1000,
      halfOpenMaxProbes: 1,
      halfOpenSuccessesToClose: 2,
    });
    expect((await health(proxy.url)).b.breakerSettings.failureThreshold).toBe(5);
    for (let i = 0; i < 2; i++) expect((await send(proxy.url, kit, kit.body({}))).provider).toBe('b');
    expect((await health(proxy.url)).a.breaker).toBe('open');
    await send(proxy.url, kit, kit.body({}));
    expect(a.requests).toHaveLength(2);
    clock.advance(1000);
    expect((await health(proxy.url)).a.breaker).toBe('half-open');
  });
});
