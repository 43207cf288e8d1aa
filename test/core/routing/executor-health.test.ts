import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../../electron/core/errors';
import { BREAKER_DEFAULTS } from '../../../electron/core/routing/retry-policy';
import type { CoreEventOf } from '../../../electron/core/metrics/events';
import type { AttemptContext } from '../../../electron/core/routing/types';
import { T0, config, settle, connectRefused, harness, httpError, keys, list, provider, throws } from './support';

const skips = (h: ReturnType<typeof harness>) =>
  h.events.filter((e): e is CoreEventOf<'target.skipped'> => e.type === 'target.skipped').map((e) => `${e.providerId}:${e.reason}`);

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('circuit breaker in the executor (injected clock)', () => {
  it('opens after 5 consecutive failures, skips the provider, half-opens after the cooldown and closes after 2 good probes', async () => {
    const h = harness(config([provider('a'), provider('b')]));
    h.on('a', throws(connectRefused));
    for (let i = 0; i < 5; i++) await h.run();
    expect(h.takeCalls()).toEqual(Array.from({ length: 5 }, () => ['a/m@a#0', 'b/m@b#0']).flat());
    expect(h.router.health()[0]!.breaker).toBe('open');
    await h.run();
    expect(h.takeCalls()).toEqual(['b/m@b#0']);
    expect(skips(h)).toEqual(['a:breaker-open']);
    h.time.advance(29_999);
    await h.run();
    expect(h.takeCalls()).toEqual(['b/m@b#0']);
    h.time.advance(1);
    expect(h.router.health()[0]!.breaker).toBe('half-open');
    h.clear(); // a recovered
    await h.run();
    expect(h.takeCalls()).toEqual(['a/m@a#0']);
    expect(h.router.health()[0]!.breaker).toBe('half-open');
    await h.run();
    expect(h.takeCalls()).toEqual(['a/m@a#0']);
    expect(h.router.health()[0]!.breaker).toBe('closed');
  });

  it('takes its thresholds from the provider config: failure threshold, cooldown, probes to close (injected clock)', async () => {
    const breaker = { ...BREAKER_DEFAULTS, failureThreshold: 2, cooldownMs: 1000, halfOpenSuccessesToClose: 1 };
    const h = harness(config([provider('a', { breaker }), provider('b')]));
    h.on('a', throws(connectRefused));
    await h.run();
    expect(h.router.health()[0]!.breaker).toBe('closed');
    await h.run();
    expect(h.router.health()[0]!.breaker).toBe('open');
    expect(h.router.health()[0]!.breakerSettings).toEqual(breaker);
    h.time.advance(999);
    expect(h.router.health()[0]!.breaker).toBe('open');
    h.time.advance(1);
    expect(h.router.health()[0]!.breaker).toBe('half-open');
    h.clear();
    h.takeCalls();
    await h.run();
    expect(h.takeCalls()).toEqual(['a/m@a#0']);
    expect(h.router.health()[0]!.breaker).toBe('closed');
  });

  it('takes its error-rate window from the provider config: 1 failure in 5 outcomes over 10 s opens at a 20% threshold', async () => {
    const breaker = { ...BREAKER_DEFAULTS, errorRateThreshold: 0.2, minSamples: 5, windowMs: 10_000 };
    const fiveOutcomes = async (gapMs: number) => {
      const h = harness(config([provider('a', { breaker }), provider('b')]));
      for (let i = 0; i < 4; i++) await h.run();
      h.time.advance(gapMs);
      h.on('a', throws(connectRefused));
      await h.run();
      return h.router.health()[0]!.breaker;
    };
    expect(await fiveOutcomes(0)).toBe('open');
    // Once the window has passed, the successes no longer count: 1 outcome is below minSamples.
    expect(await fiveOutcomes(10_000)).toBe('closed');
  });

  it('a config update applies new thresholds to the live breaker and keeps its state', async () => {
    const h = harness(config([provider('a'), provider('b')]));
    h.on('a', throws(connectRefused));
    await h.run();
    await h.run();
    expect(h.router.health()[0]!.breaker).toBe('closed');
    h.router.updateConfig(config([provider('a', { breaker: { ...BREAKER_DEFAULTS, failureThreshold: 3, cooldownMs: 5000 } }), provider('b')]));
    expect(h.router.health()[0]!.breakerSettings).toMatchObject({ failureThreshold: 3, cooldownMs: 5000 });
    await h.run();
    expect(h.router.health()[0]!.breaker).toBe('open');
    h.time.advance(4999);
    expect(h.router.health()[0]!.breaker).toBe('open');
    h.router.updateConfig(config([provider('a', { breaker: { ...BREAKER_DEFAULTS, failureThreshold: 3, cooldownMs: 8000 } }), provider('b')]));
    h.time.advance(1);
    expect(h.router.health()[0]!.breaker).toBe('open');
    h.time.advance(3000);
    expect(h.router.health()[0]!.breaker).toBe('half-open');
  });

  it('a failed probe re-opens it for another cooldown', async () => {
    const h = harness(config([provider('a'), provider('b')]));
    h.on('a', throws(() => httpError(502)));
    for (let i = 0; i < 5; i++) await h.run();
    h.time.advance(30_000);
    h.takeCalls();
    await h.run();
    expect(h.takeCalls()).toEqual(['a/m@a#0', 'b/m@b#0']);
    expect(h.router.health()[0]!.breaker).toBe('open');
    h.time.advance(29_000);
    await h.run();
    expect(h.takeCalls()).toEqual(['b/m@b#0']);
  });

  it('half-open lets one probe through at a time: a concurrent request goes to the next target', async () => {
    const h = harness(config([provider('a'), provider('b')]));
    h.on('a', throws(() => httpError(500)));
    for (let i = 0; i < 5; i++) await h.run();
    h.time.advance(30_000);
    h.takeCalls();
    const probe = deferred<string>();
    h.on('a', () => probe.promise);
    const first = h.run();
    await settle();
    expect(h.calls).toEqual(['a/m@a#0']);
    const second = await h.run();
    expect(second.value).toBe('ok:b');
    expect(skips(h)).toEqual(['a:breaker-open']);
    probe.resolve('ok:a-probe');
    expect((await first).value).toBe('ok:a-probe');
  });
});

describe('concurrency limits in the executor', () => {
  it('a full provider (slots and queue) overflows to the next target instead of waiting', async () => {
    const h = harness(config([provider('a', { maxConcurrent: 1, queueSize: 0 }), provider('b')]));
    const held = await h.run({}, { hold: true });
    expect(held.ctx.target.providerId).toBe('a');
    expect(h.router.health()[0]!.inFlight).toBe(1);
    const over = await h.run();
    expect(over.value).toBe('ok:b');
    expect(over.attempts).toBe(1); // an overflow is not an attempt
    expect(skips(h)).toEqual(['a:overflow']);
    held.ctx.release();
    held.ctx.release();
    expect(h.router.health()[0]!.inFlight).toBe(0);
    expect((await h.run()).value).toBe('ok:a');
  });

  it('with room in the queue the request waits for the slot, FIFO', async () => {
    const h = harness(config([provider('a', { maxConcurrent: 1, queueSize: 1 }), provider('b')]));
    const held = await h.run({}, { hold: true });
    const queued = h.run();
    await settle();
    expect(h.router.health()[0]!.queued).toBe(1);
    expect((await h.run()).value).toBe('ok:b'); // queue full → overflow
    held.ctx.release();
    expect((await queued).value).toBe('ok:a');
    expect(h.calls).toEqual(['a/m@a#0', 'b/m@b#0', 'a/m@a#0']);
  });

  it('a queued request leaves the queue at the deadline', async () => {
    const h = harness(config([provider('a', { maxConcurrent: 1, queueSize: 1 })], { classes: { default: list('failover', 'a/m') }, deadlineMs: 5_000 }));
    const held = await h.run({}, { hold: true });
    const queued = h.fail();
    await settle();
    h.time.advance(5_000);
    const err = await queued;
    expect(err.code).toBe('DEADLINE_EXCEEDED');
    expect(h.router.health()[0]!.queued).toBe(0);
    expect(h.router.health()[0]!.inFlight).toBe(1);
    held.ctx.release();
  });
});

describe('capability and size skips', () => {
  it('skips a target without vision when the request has images', async () => {
    const h = harness(config([provider('a', { capabilities: { tools: true, vision: false, thinking: true, maxContextTokens: 0, webSearch: true } }), provider('b')]));
    expect((await h.run({ hasImages: true })).value).toBe('ok:b');
    expect(skips(h)).toEqual(['a:no-vision']);
    expect((await h.run({ hasImages: false })).value).toBe('ok:a');
  });

  it('does not skip for vision when no target in the list has it (translation replaces the images)', async () => {
    const noVision = { tools: true, vision: false, thinking: true, maxContextTokens: 0, webSearch: true };
    const h = harness(config([provider('a', { capabilities: noVision }), provider('b', { capabilities: noVision })]));
    expect((await h.run({ hasImages: true })).value).toBe('ok:a');
    expect(skips(h)).toEqual([]);
    // A vision provider that is disabled does not count.
    const h2 = harness(config([provider('a', { capabilities: noVision }), provider('b', { enabled: false })]));
    expect((await h2.run({ hasImages: true })).value).toBe('ok:a');
  });

  it('skips a target without tools when the request uses tools', async () => {
    const h = harness(config([provider('a', { capabilities: { tools: false, vision: true, thinking: true, maxContextTokens: 0, webSearch: true } }), provider('b')]));
    expect((await h.run({ usesTools: true })).value).toBe('ok:b');
    expect(skips(h)).toEqual(['a:no-tools']);
  });

  it('a request with a server tool goes only to targets that run it; when none does, a 400 names the tool', async () => {
    const noSearch = { tools: true, vision: true, thinking: true, maxContextTokens: 0, webSearch: false };
    const h = harness(config([provider('a', { capabilities: noSearch }), provider('b')]));
    expect((await h.run({ webSearch: true, serverTool: 'web_search_20250305' })).value).toBe('ok:b');
    expect(skips(h)).toEqual(['a:no-web-search']);
    const h2 = harness(config([provider('a', { capabilities: noSearch }), provider('b', { capabilities: noSearch })]));
    const err = await h2.fail({ webSearch: true, serverTool: 'web_fetch_20250910' });
    expect([err.code, err.httpStatus]).toEqual(['TRANSLATION_UNSUPPORTED', 400]);
    expect(err.message).toMatch(/^server tool "web_fetch_20250910" needs a target that runs it \(capabilities.webSearch\); none in class default does: a\/m \(no-web-search\), b\/m \(no-web-search\)/);
    expect(h2.calls).toEqual([]);
  });

  it('skips a target whose context is too small; when all are, answers "prompt is too long"', async () => {
    const caps = (maxContextTokens: number) => ({ tools: true, vision: true, thinking: true, maxContextTokens, webSearch: true });
    const h = harness(config([provider('a', { capabilities: caps(100_000) }), provider('b', { capabilities: caps(0) })]));
    expect((await h.run({ estimatedInputTokens: 150_000 })).value).toBe('ok:b');
    expect((await h.run({ estimatedInputTokens: 100_000 })).value).toBe('ok:a');
    const h2 = harness(config([provider('a', { capabilities: caps(100_000) }), provider('b', { capabilities: caps(200_000) })]));
    const err = await h2.fail({ estimatedInputTokens: 250_000 });
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.httpStatus).toBe(400);
    expect(err.message).toBe('prompt is too long: ~250000 estimated tokens > 200000 maximum of every target for class default');
    expect(h2.calls).toEqual([]);
  });

  it('skips disabled and unknown providers; with nothing left, NO_HEALTHY_PROVIDER names each reason', async () => {
    const h = harness(config([provider('a', { enabled: false }), provider('b')], { classes: { default: list('failover', 'a/m', 'ghost/m', 'b/m') } }));
    expect((await h.run()).value).toBe('ok:b');
    expect(skips(h)).toEqual(['a:disabled', 'ghost:unknown-provider']);
    h.router.updateConfig(config([provider('a', { enabled: false }), provider('b', { enabled: false })], { classes: { default: list('failover', 'a/m', 'b/m') } }));
    const err = await h.fail();
    expect(err.code).toBe('NO_HEALTHY_PROVIDER');
    expect(err.httpStatus).toBe(503);
    expect(err.retryAfterMs).toBeUndefined();
    expect(err.message).toBe('no healthy target for class default: a/m (disabled), b/m (disabled)');
  });
});

describe('late failures, health, config updates, events', () => {
  it('recordLateFailure counts for the breaker, frees the slot and is never retried', async () => {
    const h = harness(config([provider('a', { maxConcurrent: 1, queueSize: 0 }), provider('b')]));
    for (let i = 0; i < 5; i++) {
      const res = await h.run({}, { hold: true });
      expect(res.ctx.target.providerId).toBe('a');
      h.router.recordLateFailure(res.ctx, new ProxyError('UPSTREAM_IDLE_TIMEOUT', 'stalled', 504));
      expect(h.router.health()[0]!.inFlight).toBe(0);
    }
    expect(h.calls).toHaveLength(5);
    expect(h.router.health()[0]!.breaker).toBe('open');
    const late = h.events.filter((e): e is CoreEventOf<'attempt.failed'> => e.type === 'attempt.failed');
    expect(late).toHaveLength(5);
    expect(late[0]).toMatchObject({ late: true, retryable: false, kind: 'timeout', providerId: 'a', keyId: 'a#0' });
  });

  it('a client that goes away mid-stream does not count against the provider', async () => {
    const h = harness(config([provider('a'), provider('b')]));
    for (let i = 0; i < 6; i++) {
      const res = await h.run({}, { hold: true });
      h.router.recordLateFailure(res.ctx, new ProxyError('CLIENT_CLOSED', 'gone', 499));
    }
    expect(h.router.health()[0]!.breaker).toBe('closed');
  });

  it('health() reports per provider: breaker, in flight, queue, latency EWMA, cooling, key snapshots', async () => {
    const h = harness(config([provider('a', { apiKeys: keys('a', 2) }), provider('b', { apiKeys: [] })]));
    h.on('a', (ctx: AttemptContext) => {
      h.time.advance(ctx.key?.id === 'a#0' ? 100 : 200);
      return 'ok';
    });
    await h.run();
    await h.run();
    const held = await h.run({}, { hold: true });
    const breakerSettings = { ...BREAKER_DEFAULTS };
    expect(h.router.health()).toEqual([
      { id: 'a', enabled: true, breaker: 'closed', breakerSettings, inFlight: 1, queued: 0, latencyEwmaMs: 0.3 * 100 + 0.7 * (0.3 * 200 + 0.7 * 100), keys: [{ id: 'a#0', hint: 'sk-…0000', state: 'ok' }, { id: 'a#1', hint: 'sk-…1111', state: 'ok' }] },
      { id: 'b', enabled: true, breaker: 'closed', breakerSettings, inFlight: 0, queued: 0, latencyEwmaMs: null, keys: [] },
    ]);
    held.ctx.release();
  });

  it('a keyless provider is attempted without a key', async () => {
    const h = harness(config([provider('a', { apiKeys: [] })], { classes: { default: list('failover', 'a/m') } }));
    const res = await h.run();
    expect(res.ctx.key).toBeUndefined();
    expect(h.calls).toEqual(['a/m@-']);
  });

  it('updateConfig keeps the state of unchanged providers, resets a changed endpoint, drops removed ones', async () => {
    const h = harness(config([provider('a'), provider('b'), provider('c')]));
    h.on('a', throws(() => httpError(500)));
    h.on('b', throws(() => httpError(500)));
    for (let i = 0; i < 5; i++) await h.fail();
    expect(h.router.health().map((p) => p.breaker)).toEqual(['open', 'open', 'closed']);
    h.router.updateConfig(config([provider('a', { weight: 5 }), provider('b', { baseUrl: 'http://b2.invalid' }), provider('d')]));
    expect(h.router.health().map((p) => `${p.id}:${p.breaker}`)).toEqual(['a:open', 'b:closed', 'd:closed']);
  });

  it('emits route.decided on decide(), and events never carry a key value', async () => {
    const h = harness(config([provider('a', { apiKeys: keys('a', 2) }), provider('b')]));
    h.on('a#0', throws(() => httpError(401)));
    await h.run({ model: 'claude-opus-5-5', estimatedInputTokens: 1234 });
    expect(h.events[0]).toEqual({
      type: 'route.decided',
      at: T0,
      class: 'default',
      via: 'class',
      reason: 'no special features → default',
      model: 'claude-opus-5-5',
      targets: ['a/m', 'b/m'],
      estimatedInputTokens: 1234,
    });
    const dump = JSON.stringify(h.events) + JSON.stringify(h.router.health());
    expect(dump).toContain('a#0');
    expect(dump).not.toContain('secret-');
  });

  it('passes the request id into every event it emits during execute', async () => {
    const h = harness(config([provider('a'), provider('b')]));
    h.on('a', throws(() => httpError(500)));
    const f = { model: 'x', hasImages: false, thinking: false, webSearch: false, usesTools: false, estimatedInputTokens: 1 };
    const decision = h.router.decide(f, 'req-7');
    const res = await h.router.execute({ features: f, decision, signal: new AbortController().signal, requestId: 'req-7' }, h.attempt);
    res.ctx.release();
    expect(h.events.map((e) => e.requestId)).toEqual(['req-7', 'req-7', 'req-7', 'req-7', 'req-7']);
  });
});
