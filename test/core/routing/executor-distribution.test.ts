import { describe, expect, it } from 'vitest';
import type { AttemptContext } from '../../../electron/core/routing/types';
import { config, harness, httpError, keys, list, provider, settle, throws } from './support';

const count = (calls: string[]) => {
  const out: Record<string, number> = {};
  for (const c of calls) {
    const p = c.slice(0, c.indexOf('/'));
    out[p] = (out[p] ?? 0) + 1;
  }
  return out;
};

describe('session affinity', () => {
  it('a session sticks to the target that served it, and breaks when that target fails', async () => {
    const h = harness(config([provider('a'), provider('b')]));
    h.on('a', throws(() => httpError(500)));
    expect((await h.run({ sessionId: 'S' })).value).toBe('ok:b');
    h.clear(); // a is healthy again
    h.takeCalls();
    await h.run({ sessionId: 'S' });
    await h.run({ sessionId: 'S' });
    expect(h.takeCalls()).toEqual(['b/m@b#0', 'b/m@b#0']);
    await h.run({ sessionId: 'T' });
    await h.run();
    expect(h.takeCalls()).toEqual(['a/m@a#0', 'a/m@a#0']);
    // b fails for S: the session moves (to a) and stays there.
    h.on('b', throws(() => httpError(503)));
    expect((await h.run({ sessionId: 'S' })).value).toBe('ok:a');
    h.clear();
    h.takeCalls();
    await h.run({ sessionId: 'S' });
    expect(h.takeCalls()).toEqual(['a/m@a#0']);
  });

  it('a failure breaks the pin even when the request fails everywhere', async () => {
    const h = harness(config([provider('a'), provider('b')]));
    h.on('a', throws(() => httpError(500)));
    await h.run({ sessionId: 'S' }); // pinned to b
    h.on('b', throws(() => httpError(500)));
    await h.fail({ sessionId: 'S' });
    h.clear();
    h.takeCalls();
    await h.run({ sessionId: 'S' });
    expect(h.takeCalls()).toEqual(['a/m@a#0']); // list order again, not the broken pin
  });

  it('keeps the session on the same key while it is usable, while other requests rotate', async () => {
    const h = harness(config([provider('a', { apiKeys: keys('a', 3) })], { classes: { default: list('failover', 'a/m') } }));
    await h.run({ sessionId: 'S' }); // a#0
    for (let i = 0; i < 3; i++) {
      await h.run();
      await h.run({ sessionId: 'S' });
    }
    expect(h.takeCalls()).toEqual(['a/m@a#0', 'a/m@a#1', 'a/m@a#0', 'a/m@a#2', 'a/m@a#0', 'a/m@a#0', 'a/m@a#0']);
    // Its key gets a 429: the session moves to the next key and stays on it.
    h.on('a#0', throws(() => httpError(429, { retryAfterMs: 60_000 })));
    await h.run({ sessionId: 'S' });
    await h.run({ sessionId: 'S' });
    expect(h.takeCalls()).toEqual(['a/m@a#0', 'a/m@a#1', 'a/m@a#1']);
  });

  it('is per class: a session’s background requests do not move its main turns', async () => {
    const h = harness(
      config([provider('a'), provider('b'), provider('c')], {
        classes: { default: list('failover', 'a/m', 'b/m'), background: list('failover', 'c/m') },
      }),
    );
    h.on('a', throws(() => httpError(500)));
    await h.run({ sessionId: 'S' }); // default → b
    h.clear();
    await h.run({ sessionId: 'S', model: 'claude-haiku-4-5' }); // background → c
    await h.run({ sessionId: 'S' });
    expect(h.calls).toEqual(['a/m@a#0', 'b/m@b#0', 'c/m@c#0', 'b/m@b#0']);
  });

  it('is off when routing.sessionAffinity is false', async () => {
    const h = harness(config([provider('a'), provider('b')], { sessionAffinity: false }));
    h.on('a', throws(() => httpError(500)));
    await h.run({ sessionId: 'S' });
    h.clear();
    h.takeCalls();
    await h.run({ sessionId: 'S' });
    expect(h.takeCalls()).toEqual(['a/m@a#0']);
  });

  it('applies to failover lists only: a round-robin list keeps distributing a session', async () => {
    const h = harness(config([provider('a'), provider('b')], { classes: { default: list('round-robin', 'a/m', 'b/m') } }));
    for (let i = 0; i < 4; i++) await h.run({ sessionId: 'S' });
    expect(h.calls).toEqual(['a/m@a#0', 'b/m@b#0', 'a/m@a#0', 'b/m@b#0']);
  });

  it('a pinned target that is unhealthy is passed over (and the session re-pins)', async () => {
    const h = harness(config([provider('a'), provider('b')]));
    h.on('a', throws(() => httpError(500)));
    await h.run({ sessionId: 'S' }); // pinned to b
    h.router.updateConfig(config([provider('a'), provider('b', { enabled: false })]));
    h.clear();
    h.takeCalls();
    await h.run({ sessionId: 'S' });
    expect(h.takeCalls()).toEqual(['a/m@a#0']);
    h.router.updateConfig(config([provider('a'), provider('b')]));
    await h.run({ sessionId: 'S' });
    expect(h.takeCalls()).toEqual(['a/m@a#0']);
  });
});

describe('strategies through the executor (counts over many requests, seeded random)', () => {
  const three = (strategy: 'round-robin' | 'weighted' | 'least-latency' | 'least-busy', over: Parameters<typeof provider>[1] = {}) =>
    config([provider('a', over), provider('b', { ...over, weight: 3 }), provider('c', { ...over, weight: 6 })], { classes: { default: list(strategy, 'a/m', 'b/m', 'c/m') } });

  it('round-robin: exactly even', async () => {
    const h = harness(three('round-robin'));
    for (let i = 0; i < 300; i++) await h.run();
    expect(count(h.calls)).toEqual({ a: 100, b: 100, c: 100 });
  });

  it('round-robin: a failing target’s turn fails over to the next one', async () => {
    const h = harness(three('round-robin'));
    h.on('b', throws(() => httpError(500)));
    const served: string[] = [];
    for (let i = 0; i < 3; i++) served.push(String((await h.run()).value));
    expect(served).toEqual(['ok:a', 'ok:c', 'ok:c']);
  });

  it('weighted: first choices follow weights 1:3:6', async () => {
    const h = harness(three('weighted'), { seed: 2024 });
    const n = 6_000;
    for (let i = 0; i < n; i++) await h.run();
    const c = count(h.calls);
    expect(c.a! + c.b! + c.c!).toBe(n);
    expect(Math.abs(c.a! / n - 0.1)).toBeLessThan(0.02);
    expect(Math.abs(c.b! / n - 0.3)).toBeLessThan(0.02);
    expect(Math.abs(c.c! / n - 0.6)).toBeLessThan(0.02);
  });

  it('least-latency: tries each new target once, then prefers the fastest; exploration keeps measuring the others', async () => {
    const latency: Record<string, number> = { a: 300, b: 100, c: 200 };
    const mk = (explorationRate: number) => {
      const h = harness(three('least-latency'), { deps: { explorationRate } });
      const slow = (ctx: AttemptContext) => {
        h.time.advance(latency[ctx.target.providerId]!);
        return 'ok';
      };
      h.on('a', slow);
      h.on('b', slow);
      h.on('c', slow);
      return h;
    };
    const exact = mk(0);
    for (let i = 0; i < 50; i++) await exact.run();
    expect(exact.calls.slice(0, 3)).toEqual(['a/m@a#0', 'b/m@b#0', 'c/m@c#0']);
    expect(count(exact.calls.slice(3))).toEqual({ b: 47 });
    const exploring = mk(0.05);
    for (let i = 0; i < 2_000; i++) await exploring.run();
    const c = count(exploring.calls);
    expect(c.b! / 2_000).toBeGreaterThan(0.9);
    expect(c.a).toBeGreaterThan(20);
    expect(c.c).toBeGreaterThan(20);
  });

  it('least-busy: the provider with the fewest requests in flight goes first', async () => {
    const h = harness(three('least-busy'));
    const held = [];
    for (let i = 0; i < 4; i++) held.push(await h.run({}, { hold: true }));
    expect(h.takeCalls()).toEqual(['a/m@a#0', 'b/m@b#0', 'c/m@c#0', 'a/m@a#0']);
    held[1]!.ctx.release();
    held[2]!.ctx.release();
    held.push(await h.run({}, { hold: true }));
    held.push(await h.run({}, { hold: true }));
    // a has 2 in flight; b and c 0 then 1.
    expect(h.takeCalls().sort()).toEqual(['b/m@b#0', 'c/m@c#0']);
    expect(h.router.health().map((p) => p.inFlight)).toEqual([2, 1, 1]);
    for (const r of held) r.ctx.release();
    expect(h.router.health().map((p) => p.inFlight)).toEqual([0, 0, 0]);
  });

  it('least-busy under concurrency: 30 held requests spread 10/10/10', async () => {
    const h = harness(three('least-busy'));
    const pending = Array.from({ length: 30 }, () => h.run({}, { hold: true }));
    await settle();
    const done = await Promise.all(pending);
    expect(count(h.calls)).toEqual({ a: 10, b: 10, c: 10 });
    for (const r of done) r.ctx.release();
  });
});
