/**
 * Upstream HTTP faults before the first byte: 500, 503 + Retry-After, 429 + Retry-After, 401/403 on one
 * key. For each: what the client receives, which upstream and which key received what, and that a
 * healthy target served the request. Both client protocols, each against a provider of its own protocol.
 */
import { describe, expect, it } from 'vitest';
import { json, startFakeUpstream } from '../../support/fake-upstream';
import { startProxy } from '../../support/proxy';
import { KITS, T0, eventsOf, health, key, manualClock, providerCfg, send, target, useCleanup } from './helpers';

const track = useCleanup();

describe.each(KITS)('$protocol client → $protocol providers', (kit) => {
  it.each([false, true])('500 → the next target serves at once (stream: %s); the failing upstream got exactly one attempt', async (stream) => {
    const a = track(await startFakeUpstream((_req, res) => json(res, 500, kit.errorBody('api_error', 'boom'))));
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(await startProxy({ providers: [providerCfg('a', kit, a.url), providerCfg('b', kit, b.url)], routing: { default: [target('a'), target('b')] } }));

    const r = await send(proxy.url, kit, kit.body({ stream, text: 'question' }));

    expect(r.status).toBe(200);
    expect(kit.textOf(r)).toBe('from b');
    if (stream) expect(kit.streamComplete(r.text)).toBe(true);
    expect(r.provider).toBe('b');
    expect(r.headers.get('x-aimux-model')).toBe('b-model');
    expect(r.attempts).toBe('2');
    expect(a.requests).toHaveLength(1);
    expect(b.requests).toHaveLength(1);
    expect(a.requests[0]!.url).toBe(kit.upstreamPath);
    expect(kit.keyOf(a.requests[0]!)).toBe(key('a', 0));
    expect(kit.keyOf(b.requests[0]!)).toBe(key('b', 0));
    // The same request went to both, each with its own model.
    expect(a.requests[0]!.json).toEqual(kit.upstreamJson({ ...kit.body({ stream, text: 'question' }), model: 'a-model' }));
    expect(b.requests[0]!.json).toEqual(kit.upstreamJson({ ...kit.body({ stream, text: 'question' }), model: 'b-model' }));
    expect(eventsOf(proxy.events, 'attempt.failed').map((e) => [e.providerId, e.kind, e.status, e.late])).toEqual([['a', 'server', 500, false]]);
  });

  it('500 with nothing else to try → the client gets the upstream 500 in its own protocol', async () => {
    const a = track(await startFakeUpstream((_req, res) => json(res, 500, kit.errorBody('api_error', 'boom'))));
    const proxy = track(await startProxy({ providers: [providerCfg('a', kit, a.url)], routing: { default: [target('a')] } }));
    const r = await send(proxy.url, kit, kit.body({ stream: true }));
    expect(r.status).toBe(500);
    if (kit.protocol === 'anthropic') expect(r.json).toEqual({ type: 'error', error: { type: 'api_error', message: 'provider "a" answered 500: boom' } });
    else expect(r.json).toEqual({ error: { message: 'provider "a" answered 500: boom', type: 'server_error', code: 'api_error', param: null } }); // the upstream's own error type
    expect(a.requests).toHaveLength(1);
  });

  it('an error answer after failed attempts reports them in x-aimux-attempts', async () => {
    const a = track(await startFakeUpstream((_req, res) => json(res, 500, kit.errorBody('api_error', 'boom'))));
    const b = track(await startFakeUpstream((_req, res) => json(res, 502, kit.errorBody('api_error', 'bad gateway'))));
    const proxy = track(await startProxy({ providers: [providerCfg('a', kit, a.url), providerCfg('b', kit, b.url)], routing: { default: [target('a'), target('b')] } }));
    const r = await send(proxy.url, kit, kit.body());
    expect([r.status, a.requests.length, b.requests.length]).toEqual([502, 1, 1]);
    expect(r.attempts).toBe('2');
  });

  it('503 with Retry-After → the next target serves at once; the provider is skipped until the Retry-After has passed on the clock', async () => {
    const clock = manualClock();
    let overloaded = true;
    const a = track(
      await startFakeUpstream((req, res) => (overloaded ? json(res, 503, kit.errorBody('overloaded_error', 'busy'), { 'retry-after': '20' }) : kit.reply(req, res, 'from a'))),
    );
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(await startProxy({ providers: [providerCfg('a', kit, a.url), providerCfg('b', kit, b.url)], routing: { default: [target('a'), target('b')] } }, { clock }));

    const t0 = performance.now();
    const first = await send(proxy.url, kit, kit.body({ stream: true }));
    expect(performance.now() - t0).toBeLessThan(5000); // nowhere near the 20 s Retry-After
    expect([first.status, first.provider, first.attempts, kit.textOf(first)]).toEqual([200, 'b', '2', 'from b']);
    expect(kit.streamComplete(first.text)).toBe(true);
    expect((await health(proxy.url)).a.coolingUntil).toBe(T0 + 20_000);

    overloaded = false; // a would answer now, but it asked us to stay away for 20 s
    for (let i = 0; i < 3; i++) {
      const r = await send(proxy.url, kit, kit.body());
      expect([r.status, r.provider, r.attempts, kit.textOf(r)]).toEqual([200, 'b', '1', 'from b']);
    }
    clock.advance(19_999);
    expect((await send(proxy.url, kit, kit.body())).provider).toBe('b');
    expect(a.requests).toHaveLength(1);
    expect(eventsOf(proxy.events, 'target.skipped').map((e) => `${e.providerId}:${e.reason}`)).toEqual(Array(4).fill('a:provider-cooling'));

    clock.advance(1);
    expect((await health(proxy.url)).a.coolingUntil).toBeUndefined();
    const back = await send(proxy.url, kit, kit.body());
    expect([back.status, back.provider, back.attempts, kit.textOf(back)]).toEqual([200, 'a', '1', 'from a']);
    expect(a.requests).toHaveLength(2);
    expect(b.requests).toHaveLength(5);
  });

  it('429 with Retry-After on one key → the next key at once; that key cools (skipped) until the Retry-After passes on the clock', async () => {
    const clock = manualClock();
    let limited = true;
    const a = track(
      await startFakeUpstream((req, res) =>
        limited && kit.keyOf(req) === key('a', 0) ? json(res, 429, kit.errorBody('rate_limit_error', 'slow down'), { 'retry-after': '30' }) : kit.reply(req, res, `a via ${kit.keyOf(req)}`),
      ),
    );
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(
      await startProxy(
        { providers: [providerCfg('a', kit, a.url, { apiKeys: [key('a', 0), key('a', 1)] }), providerCfg('b', kit, b.url)], routing: { default: [target('a'), target('b')] } },
        { clock },
      ),
    );

    const t0 = performance.now();
    const first = await send(proxy.url, kit, kit.body({ stream: true }));
    expect(performance.now() - t0).toBeLessThan(5000); // did not wait out the 30 s
    expect([first.status, first.provider, first.attempts, kit.textOf(first)]).toEqual([200, 'a', '2', `a via ${key('a', 1)}`]);
    expect(a.requests.map(kit.keyOf)).toEqual([key('a', 0), key('a', 1)]);

    for (let i = 0; i < 3; i++) {
      const r = await send(proxy.url, kit, kit.body());
      expect([r.status, r.provider, r.attempts]).toEqual([200, 'a', '1']);
    }
    // Round-robin would have come back to key 0 by now: it is cooling, so only key 1 was used.
    expect(a.requests.map(kit.keyOf)).toEqual([key('a', 0), key('a', 1), key('a', 1), key('a', 1), key('a', 1)]);
    const h = await health(proxy.url);
    expect(h.a.keys).toEqual([
      { id: 'a#0', hint: 'key…cdef', state: 'cooling', until: T0 + 30_000 },
      { id: 'a#1', hint: 'key…cdef', state: 'ok' },
    ]);
    expect(h.a.breaker).toBe('closed'); // a rate limit says nothing about the provider's health

    limited = false;
    clock.advance(29_999);
    await send(proxy.url, kit, kit.body());
    expect(kit.keyOf(a.requests.at(-1)!)).toBe(key('a', 1));
    clock.advance(1);
    await send(proxy.url, kit, kit.body());
    await send(proxy.url, kit, kit.body());
    expect(a.requests.slice(-2).map(kit.keyOf)).toEqual([key('a', 0), key('a', 1)]);
    expect(b.requests).toHaveLength(0);
  });

  it('429 with an HTTP-date Retry-After cools the key until that date (on the injected clock)', async () => {
    const clock = manualClock();
    const until = new Date(T0 + 45_000).toUTCString();
    let limited = true;
    const a = track(
      await startFakeUpstream((req, res) =>
        limited && kit.keyOf(req) === key('a', 0) ? json(res, 429, kit.errorBody('rate_limit_error', 'slow down'), { 'retry-after': until }) : kit.reply(req, res, 'from a'),
      ),
    );
    const proxy = track(await startProxy({ providers: [providerCfg('a', kit, a.url, { apiKeys: [key('a', 0), key('a', 1)] })], routing: { default: [target('a')] } }, { clock }));
    expect((await send(proxy.url, kit, kit.body())).attempts).toBe('2');
    limited = false;
    expect((await health(proxy.url)).a.keys[0]).toEqual({ id: 'a#0', hint: 'key…cdef', state: 'cooling', until: T0 + 45_000 });
    clock.advance(44_999);
    await send(proxy.url, kit, kit.body());
    clock.advance(1);
    await send(proxy.url, kit, kit.body());
    expect(a.requests.map(kit.keyOf)).toEqual([key('a', 0), key('a', 1), key('a', 1), key('a', 0)]);
  });

  it('429 on the only key → the next target at once; the provider is skipped while its key cools; with nothing left the client sees 429/503 with retry-after', async () => {
    const clock = manualClock();
    const a = track(await startFakeUpstream((_req, res) => json(res, 429, kit.errorBody('rate_limit_error', 'slow down'), { 'retry-after': '10' })));
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(
      await startProxy(
        {
          providers: [providerCfg('a', kit, a.url), providerCfg('b', kit, b.url)],
          routing: { default: [target('a'), target('b')], modelMap: { 'only-a': [target('a')] } },
        },
        { clock },
      ),
    );

    const r1 = await send(proxy.url, kit, kit.body());
    expect([r1.status, r1.provider, r1.attempts, kit.textOf(r1)]).toEqual([200, 'b', '2', 'from b']);
    const r2 = await send(proxy.url, kit, kit.body());
    expect([r2.status, r2.provider, r2.attempts]).toEqual([200, 'b', '1']);
    expect(a.requests).toHaveLength(1);
    expect(eventsOf(proxy.events, 'target.skipped').map((e) => `${e.providerId}:${e.reason}`)).toEqual(['a:keys-unavailable', 'a:keys-unavailable']);

    // A list with only a: nothing can serve, the client is told when to come back.
    clock.advance(4_000);
    const none = await send(proxy.url, kit, kit.body({ model: 'only-a' }));
    expect(none.status).toBe(503);
    expect(none.headers.get('retry-after')).toBe('6');
    expect(none.json.error.message).toBe('no healthy target for class default: a/a-model (keys-unavailable)');
    expect(a.requests).toHaveLength(1);

    clock.advance(6_000);
    const limitedAgain = await send(proxy.url, kit, kit.body({ model: 'only-a' }));
    expect(limitedAgain.status).toBe(429);
    expect(limitedAgain.headers.get('retry-after')).toBe('10');
    expect(limitedAgain.json.error.message).toBe('provider "a" answered 429: slow down');
    expect(a.requests).toHaveLength(2);
  });

  it.each([401, 403])('%s on one key only → that key is set aside for good; every request succeeds on the other keys', async (status) => {
    const clock = manualClock();
    const a = track(
      await startFakeUpstream((req, res) =>
        kit.keyOf(req) === key('a', 1) ? json(res, status, kit.errorBody('authentication_error', 'invalid x-api-key')) : kit.reply(req, res, 'from a'),
      ),
    );
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(
      await startProxy(
        { providers: [providerCfg('a', kit, a.url, { apiKeys: [key('a', 0), key('a', 1), key('a', 2)] }), providerCfg('b', kit, b.url)], routing: { default: [target('a'), target('b')] } },
        { clock },
      ),
    );

    const results = [];
    for (let i = 0; i < 6; i++) results.push(await send(proxy.url, kit, kit.body({ stream: i % 2 === 1 })));
    expect(results.map((r) => [r.status, r.provider, kit.textOf(r)])).toEqual(Array(6).fill([200, 'a', 'from a']));
    expect(results.map((r) => r.attempts)).toEqual(['1', '2', '1', '1', '1', '1']);
    expect(a.requests.map(kit.keyOf)).toEqual([key('a', 0), key('a', 1), key('a', 2), key('a', 0), key('a', 2), key('a', 0), key('a', 2)]);
    expect((await health(proxy.url)).a.keys.map((k: any) => k.state)).toEqual(['ok', 'rejected', 'ok']);

    // Not a cooldown: an hour later it is still set aside.
    clock.advance(3_600_000);
    for (let i = 0; i < 4; i++) expect((await send(proxy.url, kit, kit.body())).provider).toBe('a');
    expect(a.requests.slice(7).map(kit.keyOf)).toEqual([key('a', 0), key('a', 2), key('a', 0), key('a', 2)]);
    expect(a.requests.filter((r) => kit.keyOf(r) === key('a', 1))).toHaveLength(1);
    expect(b.requests).toHaveLength(0);
    expect((await health(proxy.url)).a.breaker).toBe('closed');
  });

  it.each([301, 308])('%s (a provider whose baseUrl redirects) is the provider\'s fault, not the request\'s: the next target serves', async (status) => {
    const a = track(
      await startFakeUpstream((_req, res) => {
        res.writeHead(status, { location: 'https://elsewhere.example/v1/messages' });
        res.end();
      }),
    );
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(await startProxy({ providers: [providerCfg('a', kit, a.url), providerCfg('b', kit, b.url)], routing: { default: [target('a'), target('b')] } }));
    const r = await send(proxy.url, kit, kit.body({ stream: true }));
    expect([r.status, r.provider, r.attempts, kit.textOf(r)]).toEqual([200, 'b', '2', 'from b']);
    expect(a.requests).toHaveLength(1);
    expect(eventsOf(proxy.events, 'attempt.failed').map((e) => [e.providerId, e.kind, e.status, e.retryable])).toEqual([['a', 'server', status, true]]);
  });

  it('a stream whose very first event is an error (200, then overloaded) fails over: nothing reached the client yet', async () => {
    const first =
      kit.protocol === 'anthropic'
        ? 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n'
        : 'data: {"error":{"message":"Overloaded","type":"server_error","code":"overloaded"}}\n\n';
    const a = track(
      await startFakeUpstream((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(first);
      }),
    );
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(await startProxy({ providers: [providerCfg('a', kit, a.url), providerCfg('b', kit, b.url)], routing: { default: [target('a'), target('b')] } }));
    const r = await send(proxy.url, kit, kit.body({ stream: true }));
    expect(a.requests).toHaveLength(1);
    expect([r.status, r.provider, r.attempts, kit.textOf(r)]).toEqual([200, 'b', '2', 'from b']);
  });
});
