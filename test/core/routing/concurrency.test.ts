import { describe, expect, it } from 'vitest';
import { createLimiter, type Release } from '../../../electron/core/routing/concurrency';

const asRelease = (r: Release | string): Release => {
  if (typeof r !== 'function') throw new Error(`expected a slot, got ${r}`);
  return r;
};

describe('createLimiter', () => {
  it('is unlimited at 0 but still counts in-flight', async () => {
    const l = createLimiter({ maxConcurrent: 0, queueSize: 0 });
    const slots = await Promise.all([l.acquire(), l.acquire(), l.acquire()]);
    expect(l.inFlight).toBe(3);
    slots.forEach((s) => asRelease(s)());
    expect(l.inFlight).toBe(0);
  });

  it('overflows at once when slots and queue are full', async () => {
    const l = createLimiter({ maxConcurrent: 1, queueSize: 1 });
    const first = asRelease(await l.acquire());
    const queued = l.acquire();
    expect(l.queued).toBe(1);
    expect(await l.acquire()).toBe('overflow');
    first();
    const second = asRelease(await queued);
    expect(l.inFlight).toBe(1);
    expect(l.queued).toBe(0);
    second();
    expect(l.inFlight).toBe(0);
  });

  it('hands freed slots to waiters in FIFO order; release is idempotent', async () => {
    const l = createLimiter({ maxConcurrent: 1, queueSize: 3 });
    const order: string[] = [];
    const first = asRelease(await l.acquire());
    const waits = ['a', 'b', 'c'].map((name) => l.acquire().then((r) => (order.push(name), asRelease(r))));
    first();
    first(); // no double free
    expect(l.inFlight).toBe(1);
    const a = await waits[0]!;
    a();
    const b = await waits[1]!;
    b();
    const c = await waits[2]!;
    expect(order).toEqual(['a', 'b', 'c']);
    expect(l.inFlight).toBe(1);
    c();
    expect(l.inFlight).toBe(0);
  });

  it('drops a waiter whose signal aborts, and refuses an aborted signal', async () => {
    const l = createLimiter({ maxConcurrent: 1, queueSize: 2 });
    const first = asRelease(await l.acquire());
    const ac = new AbortController();
    const waiting = l.acquire(ac.signal);
    const next = l.acquire();
    ac.abort();
    expect(await waiting).toBe('aborted');
    expect(l.queued).toBe(1);
    first();
    asRelease(await next)();
    expect(l.inFlight).toBe(0);
    expect(await l.acquire(AbortSignal.abort())).toBe('aborted');
  });

  it('a raised limit lets waiters in at once; a lowered one applies as slots free', async () => {
    const l = createLimiter({ maxConcurrent: 1, queueSize: 2 });
    const a = asRelease(await l.acquire());
    const w = l.acquire();
    l.update({ maxConcurrent: 2, queueSize: 2 });
    const b = asRelease(await w);
    expect(l.inFlight).toBe(2);
    l.update({ maxConcurrent: 1, queueSize: 0 });
    expect(await l.acquire()).toBe('overflow');
    a();
    expect(await l.acquire()).toBe('overflow'); // still 1 in flight = max
    b();
    asRelease(await l.acquire())();
  });
});
