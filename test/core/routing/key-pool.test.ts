import { describe, expect, it } from 'vitest';
import { KeyPool, keyIdentity, type KeyRecord } from '../../../electron/core/routing/key-pool';
import { KEY_DEFAULTS } from '../../../electron/core/routing/retry-policy';
import { keys, manualTime } from './support';

function setup(n = 3, random = () => 0.5) {
  const time = manualTime();
  const store = new Map<string, KeyRecord>();
  const pool = new KeyPool(keys('p', n), time.clock, random, { store });
  const ids = (count: number) => Array.from({ length: count }, () => {
    const k = pool.pick();
    return k && 'id' in k ? k.id : JSON.stringify(k);
  });
  return { time, store, pool, ids, now: () => time.clock.now() };
}

describe('KeyPool', () => {
  it('rotates round-robin over usable keys', () => {
    const { ids } = setup(3);
    expect(ids(7)).toEqual(['p#0', 'p#1', 'p#2', 'p#0', 'p#1', 'p#2', 'p#0']);
  });

  it('returns undefined when there are no keys', () => {
    const time = manualTime();
    expect(new KeyPool([], time.clock, () => 0).pick()).toBeUndefined();
  });

  it('prefers the given key while it is usable', () => {
    const { pool, ids } = setup(3);
    expect((pool.pick('p#2') as { id: string }).id).toBe('p#2');
    expect((pool.pick('p#2') as { id: string }).id).toBe('p#2');
    pool.reportRejected('p#2');
    expect((pool.pick('p#2') as { id: string }).id).toBe('p#0');
    expect(ids(3)).toEqual(['p#1', 'p#0', 'p#1']);
  });

  it('cools a 429 key for its Retry-After, then uses it again', () => {
    const { pool, ids, time, now } = setup(2);
    const t0 = now();
    pool.reportRateLimited('p#0', 20_000);
    expect(pool.snapshot()).toEqual([
      { id: 'p#0', hint: 'sk-…0000', state: 'cooling', until: t0 + 20_000 },
      { id: 'p#1', hint: 'sk-…1111', state: 'ok' },
    ]);
    expect(ids(3)).toEqual(['p#1', 'p#1', 'p#1']);
    time.advance(19_999);
    expect(ids(1)).toEqual(['p#1']);
    time.advance(1);
    expect(ids(2)).toEqual(['p#0', 'p#1']);
    expect(pool.snapshot()[0]!.state).toBe('ok');
  });

  it('without Retry-After backs off exponentially per consecutive 429, with jitter and a floor', () => {
    const { pool, store, now } = setup(1, () => 0.5);
    const until = () => store.get(keyIdentity(keys('p', 1)[0]!))!.coolingUntil - now();
    pool.reportRateLimited('p#0');
    expect(until()).toBe(Math.max(KEY_DEFAULTS.minCooldownMs, 0.5 * KEY_DEFAULTS.backoffBaseMs)); // 1000
    pool.reportRateLimited('p#0');
    expect(until()).toBe(0.5 * 2 * KEY_DEFAULTS.backoffBaseMs); // 2000
    pool.reportRateLimited('p#0');
    expect(until()).toBe(0.5 * 4 * KEY_DEFAULTS.backoffBaseMs); // 4000
    pool.reportSuccess('p#0');
    expect(store.get(keyIdentity(keys('p', 1)[0]!))!.consecutiveRateLimits).toBe(0);
    // Retry-After 0 still cools for the floor, so failover moves on.
    pool.reportRateLimited('p#0', 0);
    expect(until()).toBe(4_000); // an existing longer cooldown is never shortened
  });

  it('answers the earliest ready time when every key is cooling, Infinity when all are rejected', () => {
    const { pool, now } = setup(3);
    pool.reportRateLimited('p#0', 30_000);
    pool.reportRateLimited('p#1', 10_000);
    pool.reportRejected('p#2');
    expect(pool.pick()).toEqual({ coolingUntil: now() + 10_000 });
    const { pool: p2 } = setup(2);
    p2.reportRejected('p#0');
    p2.reportRejected('p#1');
    expect(p2.pick()).toEqual({ coolingUntil: Infinity });
  });

  it('keeps a rejected key aside whatever the time, until its value changes', () => {
    const { pool, ids, time } = setup(2);
    pool.reportRejected('p#0');
    time.advance(7 * 24 * 3600_000);
    expect(ids(4)).toEqual(['p#1', 'p#1', 'p#1', 'p#1']);
    pool.update(keys('p', 2)); // same values: still rejected
    expect(pool.snapshot().map((k) => k.state)).toEqual(['rejected', 'ok']);
    const fixed = keys('p', 2);
    fixed[0] = { ...fixed[0]!, value: 'a-brand-new-secret' };
    pool.update(fixed);
    expect(pool.snapshot().map((k) => k.state)).toEqual(['ok', 'ok']);
    expect(ids(2).sort()).toEqual(['p#0', 'p#1']);
  });

  it('forgets the records of keys that left the config', () => {
    const { pool, store } = setup(2);
    pool.reportRejected('p#1');
    expect(store.size).toBe(1);
    pool.update(keys('p', 1));
    expect(store.size).toBe(0);
  });

  it('never exposes key values', () => {
    const { pool, store } = setup(2);
    pool.reportRateLimited('p#0', 5_000);
    pool.reportRejected('p#1');
    const dump = JSON.stringify(pool.snapshot()) + JSON.stringify([...store]);
    expect(dump).toContain('p#1');
    expect(dump).not.toContain('secret-p');
    expect(keyIdentity(keys('p', 1)[0]!)).toMatch(/^p#0:[0-9a-f]{16}$/);
    expect(keyIdentity(keys('p', 1)[0]!)).not.toContain('secret');
  });

  it('ignores reports for unknown ids', () => {
    const { pool } = setup(1);
    pool.reportRateLimited('nope', 1000);
    pool.reportRejected('nope');
    pool.reportSuccess('nope');
    expect(pool.snapshot()).toEqual([{ id: 'p#0', hint: 'sk-…0000', state: 'ok' }]);
  });
});
