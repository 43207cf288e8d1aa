import { describe, expect, it } from 'vitest';
import { createAffinityTable } from '../../../electron/core/routing/affinity';
import { manualTime } from './support';

const entry = (providerId: string) => ({ providerId, model: 'm', keyId: `${providerId}#0` });

describe('createAffinityTable', () => {
  it('remembers, refreshes and breaks', () => {
    const time = manualTime();
    const t = createAffinityTable(time.clock);
    expect(t.get('s1')).toBeUndefined();
    t.set('s1', entry('a'));
    expect(t.get('s1')).toEqual(entry('a'));
    t.set('s1', entry('b'));
    expect(t.get('s1')).toEqual(entry('b'));
    t.break('s1');
    expect(t.get('s1')).toBeUndefined();
    expect(t.size).toBe(0);
  });

  it('forgets a session idle for the TTL; each read refreshes it', () => {
    const time = manualTime();
    const t = createAffinityTable(time.clock, { idleTtlMs: 1_000 });
    t.set('s', entry('a'));
    time.advance(999);
    expect(t.get('s')).toEqual(entry('a'));
    time.advance(999);
    expect(t.get('s')).toEqual(entry('a'));
    time.advance(1_000);
    expect(t.get('s')).toBeUndefined();
    expect(t.size).toBe(0);
  });

  it('evicts the least recently used past maxEntries', () => {
    const time = manualTime();
    const t = createAffinityTable(time.clock, { maxEntries: 3 });
    t.set('s1', entry('a'));
    t.set('s2', entry('b'));
    t.set('s3', entry('c'));
    t.get('s1'); // s2 is now the oldest
    t.set('s4', entry('d'));
    expect(t.size).toBe(3);
    expect(t.get('s2')).toBeUndefined();
    expect(t.get('s1')).toEqual(entry('a'));
    expect(t.get('s3')).toEqual(entry('c'));
    expect(t.get('s4')).toEqual(entry('d'));
  });

  it('stays bounded under many sessions', () => {
    const time = manualTime();
    const t = createAffinityTable(time.clock, { maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) t.set(`s${i}`, entry('a'));
    expect(t.size).toBe(100);
    expect(t.get('s9999')).toBeDefined();
    expect(t.get('s0')).toBeUndefined();
  });
});
