// Tests electron/core/metrics/events.ts (kept beside the routing tests that emit these events).
import { describe, expect, it } from 'vitest';
import { createEmitter, type CoreEvent } from '../../../electron/core/metrics/events';

const started = (attempt: number): CoreEvent => ({ type: 'attempt.started', at: 1, attempt, providerId: 'a', model: 'm' });
const skipped: CoreEvent = { type: 'target.skipped', at: 2, providerId: 'a', model: 'm', reason: 'breaker-open' };

describe('createEmitter', () => {
  it('delivers by type and to * subscribers, typed', () => {
    const em = createEmitter();
    const byType: number[] = [];
    const all: string[] = [];
    em.on('attempt.started', (e) => byType.push(e.attempt));
    em.on('*', (e) => all.push(e.type));
    em.emit(started(1));
    em.emit(skipped);
    expect(byType).toEqual([1]);
    expect(all).toEqual(['attempt.started', 'target.skipped']);
  });

  it('unsubscribes, idempotently, and reports whether anyone listens', () => {
    const em = createEmitter();
    expect(em.hasListeners()).toBe(false);
    const seen: number[] = [];
    const off = em.on('attempt.started', (e) => seen.push(e.attempt));
    expect(em.hasListeners()).toBe(true);
    expect(em.hasListeners('attempt.started')).toBe(true);
    expect(em.hasListeners('route.decided')).toBe(false);
    em.emit(started(1));
    off();
    off();
    em.emit(started(2));
    expect(seen).toEqual([1]);
    expect(em.hasListeners()).toBe(false);
    const offAll = em.on('*', () => {});
    expect(em.hasListeners('route.decided')).toBe(true);
    offAll();
    expect(em.hasListeners('route.decided')).toBe(false);
  });

  it('isolates a throwing listener from the producer and the other listeners', () => {
    const errors: unknown[] = [];
    const em = createEmitter({ onListenerError: (err) => errors.push(err) });
    const seen: string[] = [];
    em.on('*', () => {
      throw new Error('metrics bug');
    });
    em.on('*', (e) => seen.push(e.type));
    expect(() => em.emit(skipped)).not.toThrow();
    expect(seen).toEqual(['target.skipped']);
    expect(errors).toHaveLength(1);
  });

  it('works for any event union', () => {
    type E = { type: 'x'; n: number } | { type: 'y' };
    const em = createEmitter<E>();
    let got = 0;
    em.on('x', (e) => (got += e.n));
    em.emit({ type: 'x', n: 2 });
    em.emit({ type: 'y' });
    expect(got).toBe(2);
  });
});
