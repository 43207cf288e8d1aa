import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../../electron/core/errors';
import type { CoreEventOf } from '../../../electron/core/metrics/events';
import { T0, config, settle, connectRefused, firstByteTimeout, harness, httpError, keys, list, provider, throws } from './support';

const ab = () => config([provider('a'), provider('b')]);
const failedEvents = (h: ReturnType<typeof harness>) => h.events.filter((e): e is CoreEventOf<'attempt.failed'> => e.type === 'attempt.failed');

describe('failover executor: upstream failures', () => {
  it('500 on the first target: the next target serves, at once', async () => {
    const h = harness(ab());
    h.on('a', throws(() => httpError(500)));
    const res = await h.run();
    expect(res.value).toBe('ok:b');
    expect(res.attempts).toBe(2);
    expect(res.ctx.target).toEqual({ providerId: 'b', model: 'm' });
    expect(res.ctx.attemptNumber).toBe(2);
    expect(h.calls).toEqual(['a/m@a#0', 'b/m@b#0']);
    expect(h.events.map((e) => e.type)).toEqual(['route.decided', 'attempt.started', 'attempt.failed', 'attempt.started', 'attempt.succeeded']);
    expect(failedEvents(h)[0]).toEqual({
      type: 'attempt.failed',
      at: T0,
      attempt: 1,
      providerId: 'a',
      model: 'm',
      keyId: 'a#0',
      kind: 'server',
      status: 500,
      errorCode: 'UPSTREAM_HTTP',
      retryable: true,
      late: false,
      durationMs: 0,
    });
    expect(h.time.clock.now()).toBe(T0);
  });

  it('503 with Retry-After: immediate failover; the provider cools until the clock passes it', async () => {
    const h = harness(ab());
    h.on('a', throws(() => httpError(503, { retryAfterMs: 30_000 })));
    expect((await h.run()).value).toBe('ok:b');
    expect(h.takeCalls()).toEqual(['a/m@a#0', 'b/m@b#0']);
    expect(h.time.clock.now()).toBe(T0); // nobody waited
    expect(h.router.health().find((p) => p.id === 'a')?.coolingUntil).toBe(T0 + 30_000);
    h.clear();
    await h.run();
    await h.run();
    expect(h.takeCalls()).toEqual(['b/m@b#0', 'b/m@b#0']);
    expect(h.events.filter((e) => e.type === 'target.skipped').map((e) => (e as CoreEventOf<'target.skipped'>).reason)).toEqual(['provider-cooling', 'provider-cooling']);
    h.time.advance(29_999);
    await h.run();
    expect(h.takeCalls()).toEqual(['b/m@b#0']);
    h.time.advance(1);
    await h.run();
    expect(h.takeCalls()).toEqual(['a/m@a#0']);
    expect(h.router.health().find((p) => p.id === 'a')?.coolingUntil).toBeUndefined();
  });

  it('429 with Retry-After on one key: the next key of the same provider at once; the key cools; later requests skip it until the clock passes', async () => {
    const h = harness(config([provider('a', { apiKeys: keys('a', 2) }), provider('b')]));
    h.on('a#0', throws(() => httpError(429, { retryAfterMs: 20_000 })));
    const res = await h.run();
    expect(res.value).toBe('ok:a');
    expect(res.attempts).toBe(2);
    expect(res.ctx.key?.id).toBe('a#1');
    expect(h.takeCalls()).toEqual(['a/m@a#0', 'a/m@a#1']);
    expect(failedEvents(h)[0]).toMatchObject({ kind: 'rate_limited', status: 429, keyId: 'a#0' });
    const health = () => h.router.health().find((p) => p.id === 'a')!;
    expect(health().keys).toEqual([
      { id: 'a#0', hint: 'sk-…0000', state: 'cooling', until: T0 + 20_000 },
      { id: 'a#1', hint: 'sk-…1111', state: 'ok' },
    ]);
    for (let i = 0; i < 3; i++) await h.run();
    expect(h.takeCalls()).toEqual(['a/m@a#1', 'a/m@a#1', 'a/m@a#1']);
    h.time.advance(20_000);
    h.clear();
    await h.run();
    await h.run();
    expect(h.takeCalls()).toEqual(['a/m@a#0', 'a/m@a#1']);
    expect(health().breaker).toBe('closed'); // a 429 is the key's problem, not the provider's
  });

  it('429 on every key: the client gets the 429; the next request finds no usable key and says when one is ready', async () => {
    const h = harness(config([provider('a', { apiKeys: keys('a', 2) })], { classes: { default: list('failover', 'a/m') } }));
    h.on('a#0', throws(() => httpError(429, { retryAfterMs: 20_000 })));
    let last: ProxyError | undefined;
    h.on('a#1', () => {
      last = httpError(429, { retryAfterMs: 5_000 });
      throw last;
    });
    expect(await h.fail()).toBe(last);
    expect(h.takeCalls()).toEqual(['a/m@a#0', 'a/m@a#1']);
    const err = await h.fail();
    expect(h.takeCalls()).toEqual([]);
    expect(err.code).toBe('NO_HEALTHY_PROVIDER');
    expect(err.httpStatus).toBe(503);
    expect(err.retryAfterMs).toBe(5_000);
    expect(err.message).toBe('no healthy target for class default: a/m (keys-unavailable)');
  });

  it('401 on one key only: that key is set aside for good, until its value changes in the config', async () => {
    const cfg = config([provider('a', { apiKeys: keys('a', 3) }), provider('b')]);
    const h = harness(cfg);
    h.on('a#1', throws(() => httpError(401)));
    expect((await h.run()).ctx.key?.id).toBe('a#0');
    const second = await h.run();
    expect(second.ctx.key?.id).toBe('a#2');
    expect(second.attempts).toBe(2);
    expect(h.takeCalls()).toEqual(['a/m@a#0', 'a/m@a#1', 'a/m@a#2']);
    expect(failedEvents(h)[0]).toMatchObject({ kind: 'auth', status: 401, keyId: 'a#1' });
    h.time.advance(7 * 24 * 3600_000);
    for (let i = 0; i < 6; i++) await h.run();
    expect(h.takeCalls().some((c) => c.endsWith('@a#1'))).toBe(false);
    expect(h.router.health()[0]!.keys.map((k) => k.state)).toEqual(['ok', 'rejected', 'ok']);
    // The same config again: still rejected.
    h.router.updateConfig(config([provider('a', { apiKeys: keys('a', 3) }), provider('b')]));
    for (let i = 0; i < 4; i++) await h.run();
    expect(h.takeCalls().some((c) => c.endsWith('@a#1'))).toBe(false);
    // A new value for that key: usable again.
    const fixed = keys('a', 3);
    fixed[1] = { ...fixed[1]!, value: 'the-corrected-secret' };
    h.router.updateConfig(config([provider('a', { apiKeys: fixed }), provider('b')]));
    h.clear();
    for (let i = 0; i < 3; i++) await h.run();
    expect(h.takeCalls().filter((c) => c.endsWith('@a#1'))).toHaveLength(1);
  });

  it('connection refused: the next target', async () => {
    const h = harness(ab());
    h.on('a', throws(connectRefused));
    expect((await h.run()).value).toBe('ok:b');
    expect(failedEvents(h)[0]).toMatchObject({ kind: 'network', errorCode: 'UPSTREAM_NETWORK', status: 502 });
  });

  it('first-byte timeout: the next target, and it counts for the breaker', async () => {
    const h = harness(ab());
    h.on('a', (ctx) => {
      h.time.advance(ctx.provider.timeouts.firstByteMs);
      throw firstByteTimeout();
    });
    for (let i = 0; i < 5; i++) expect((await h.run()).value).toBe('ok:b');
    expect(failedEvents(h).map((e) => e.kind)).toEqual(['timeout', 'timeout', 'timeout', 'timeout', 'timeout']);
    expect(h.router.health()[0]!.breaker).toBe('open');
  });

  it('every target failing: the last upstream error is rethrown as is', async () => {
    const h = harness(config([provider('a'), provider('b'), provider('c')], { classes: { default: list('failover', 'a/m', 'b/m', 'c/m') } }));
    h.on('a', throws(() => httpError(500)));
    h.on('b', throws(connectRefused));
    let last: ProxyError | undefined;
    h.on('c', () => {
      last = httpError(503);
      throw last;
    });
    const err = await h.fail();
    expect(err).toBe(last);
    expect(err.upstreamStatus).toBe(503);
    expect(h.calls).toEqual(['a/m@a#0', 'b/m@b#0', 'c/m@c#0']);
  });

  it('a non-retryable 400 is returned after a single attempt', async () => {
    const h = harness(ab());
    let thrown: ProxyError | undefined;
    h.on('a', () => {
      thrown = httpError(400);
      throw thrown;
    });
    expect(await h.fail()).toBe(thrown);
    expect(h.calls).toEqual(['a/m@a#0']);
    expect(failedEvents(h)[0]).toMatchObject({ kind: 'client', retryable: false });
    expect(h.router.health().map((p) => p.breaker)).toEqual(['closed', 'closed']);
  });

  it.each([400, 413, 422])('%i is the request’s own fault: not retried', async (status) => {
    const h = harness(ab());
    h.on('a', throws(() => httpError(status)));
    expect((await h.fail()).upstreamStatus).toBe(status);
    expect(h.calls).toHaveLength(1);
  });

  it('a 404 is about that target (unknown model, wrong baseUrl): the next target serves, the provider is not blamed', async () => {
    const h = harness(ab());
    h.on('a', throws(() => httpError(404)));
    for (let i = 0; i < 8; i++) expect((await h.run()).value).toBe('ok:b');
    expect(h.router.health()[0]!.breaker).toBe('closed');
    const all = harness(ab());
    all.on('a', throws(() => httpError(404)));
    all.on('b', throws(() => httpError(404)));
    expect((await all.fail()).upstreamStatus).toBe(404);
    expect(all.calls).toEqual(['a/m@a#0', 'b/m@b#0']);
  });

  it('a request the target cannot translate moves on without blaming the provider', async () => {
    const h = harness(ab());
    h.on('a', throws(() => new ProxyError('TRANSLATION_UNSUPPORTED', 'cannot carry this block', 400)));
    for (let i = 0; i < 8; i++) expect((await h.run()).value).toBe('ok:b');
    expect(h.router.health()[0]!.breaker).toBe('closed');
  });

  it('maxAttempts bounds attempts across keys and targets', async () => {
    const h = harness(config([provider('a', { apiKeys: keys('a', 4) }), provider('b')], { maxAttempts: 3 }));
    h.on('a', throws(() => httpError(429)));
    h.on('b', throws(() => httpError(500)));
    const err = await h.fail();
    expect(h.calls).toEqual(['a/m@a#0', 'a/m@a#1', 'a/m@a#2']);
    expect(err.upstreamStatus).toBe(429);
    const h2 = harness(config([provider('a'), provider('b'), provider('c')], { classes: { default: list('failover', 'a/m', 'b/m', 'c/m') }, maxAttempts: 2 }));
    h2.on('a', throws(() => httpError(500)));
    h2.on('b', throws(() => httpError(502)));
    expect((await h2.fail()).upstreamStatus).toBe(502);
    expect(h2.calls).toEqual(['a/m@a#0', 'b/m@b#0']);
  });

  it('deadline reached between attempts: DEADLINE_EXCEEDED 504 carrying the last upstream error', async () => {
    const h = harness(config([provider('a'), provider('b'), provider('c')], { classes: { default: list('failover', 'a/m', 'b/m', 'c/m') }, deadlineMs: 10_000 }));
    h.on('a', () => {
      h.time.advance(6_000);
      throw httpError(500);
    });
    h.on('b', () => {
      h.time.advance(6_000); // the deadline passes during this attempt
      throw httpError(503);
    });
    const err = await h.fail();
    expect(err.code).toBe('DEADLINE_EXCEEDED');
    expect(err.httpStatus).toBe(504);
    expect(err.message).toBe('no response within the 10000 ms deadline after 2 attempt(s); last error: upstream answered 503');
    expect(h.calls).toEqual(['a/m@a#0', 'b/m@b#0']);
    expect(h.time.pendingTimers()).toBe(0);
  });

  it('deadline reached during a hanging attempt: the attempt is aborted and the breaker is not blamed', async () => {
    const h = harness(config([provider('a'), provider('b')], { deadlineMs: 10_000 }));
    let seen: AbortSignal | undefined;
    h.on('a', (ctx) => {
      seen = ctx.signal;
      return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new ProxyError('CLIENT_CLOSED', 'aborted', 499))));
    });
    const pending = h.fail();
    await settle();
    h.time.advance(10_000);
    const err = await pending;
    expect(seen?.aborted).toBe(true);
    expect(err.code).toBe('DEADLINE_EXCEEDED');
    expect(err.message).toBe('no response within the 10000 ms deadline after 1 attempt(s)');
    expect(h.calls).toEqual(['a/m@a#0']);
    expect(failedEvents(h)[0]).toMatchObject({ kind: 'timeout', errorCode: 'CLIENT_CLOSED' });
    expect(h.router.health()[0]!.breaker).toBe('closed');
  });

  it('the client going away stops the request: no retry, no breaker count', async () => {
    const h = harness(ab());
    const ac = new AbortController();
    h.on('a', (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new ProxyError('CLIENT_CLOSED', 'aborted', 499)))));
    const pending = h.fail({}, { signal: ac.signal });
    await settle();
    ac.abort();
    const err = await pending;
    expect(err.code).toBe('CLIENT_CLOSED');
    expect(h.calls).toEqual(['a/m@a#0']);
    expect(failedEvents(h)[0]).toMatchObject({ kind: 'aborted' });
    expect(h.time.pendingTimers()).toBe(0);
  });

  it('after commit, ctx.signal follows the client until release, and the deadline no longer applies', async () => {
    const h = harness(config([provider('a'), provider('b')], { deadlineMs: 10_000 }));
    const ac = new AbortController();
    const res = await h.run({}, { hold: true, signal: ac.signal });
    expect(h.time.pendingTimers()).toBe(0);
    h.time.advance(60_000);
    expect(res.ctx.signal.aborted).toBe(false);
    ac.abort();
    expect(res.ctx.signal.aborted).toBe(true);
    const ac2 = new AbortController();
    const res2 = await h.run({}, { hold: true, signal: ac2.signal });
    res2.ctx.release();
    ac2.abort();
    expect(res2.ctx.signal.aborted).toBe(false); // released: no listener left on the client's signal
  });

  it('an already aborted request makes no attempt', async () => {
    const h = harness(ab());
    const err = await h.fail({}, { signal: AbortSignal.abort() });
    expect(err.code).toBe('CLIENT_CLOSED');
    expect(h.calls).toEqual([]);
  });

  it('a non-ProxyError thrown by the attempt is an internal error, not retried', async () => {
    const h = harness(ab());
    h.on('a', throws(() => new TypeError('bug')));
    const err = await h.fail();
    expect(err.code).toBe('INTERNAL');
    expect(h.calls).toHaveLength(1);
  });
});
