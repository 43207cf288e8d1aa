import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type BreakerRecord } from '../../../electron/core/routing/circuit-breaker';
import { BREAKER_DEFAULTS } from '../../../electron/core/routing/retry-policy';
import { manualTime } from './support';

function setup(opts: ConstructorParameters<typeof CircuitBreaker>[1] = {}) {
  const time = manualTime();
  return { time, b: new CircuitBreaker(time.clock, opts) };
}

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures; a success in between resets the count', () => {
    const { b } = setup({ failureThreshold: 3, minSamples: 1000 });
    b.recordFailure();
    b.recordFailure();
    b.recordSuccess();
    b.recordFailure();
    b.recordFailure();
    expect(b.state).toBe('closed');
    expect(b.canAttempt()).toBe(true);
    b.recordFailure();
    expect(b.state).toBe('open');
    expect(b.canAttempt()).toBe(false);
  });

  it('update(): new thresholds apply at once; a new window restarts the rolling counts, the state stays', () => {
    const { b } = setup({ failureThreshold: 100, errorRateThreshold: 0.5, minSamples: 4, windowMs: 60_000 });
    b.recordFailure();
    b.recordFailure();
    b.recordSuccess();
    b.update({ failureThreshold: 100, errorRateThreshold: 0.5, minSamples: 4, windowMs: 30_000 });
    b.recordFailure(); // without the restart: 3 of 4 failed
    expect(b.state).toBe('closed');
    b.update({ failureThreshold: 2, windowMs: 30_000 });
    expect(b.options).toEqual({ ...BREAKER_DEFAULTS, failureThreshold: 2, windowMs: 30_000 });
    b.recordFailure(); // 2 consecutive
    expect(b.state).toBe('open');
    b.update({ failureThreshold: 2, windowMs: 10_000 });
    expect(b.state).toBe('open');
  });

  it('opens on the error rate over the window once there are enough samples', () => {
    const { b, time } = setup({ failureThreshold: 100, errorRateThreshold: 0.5, minSamples: 10, windowMs: 60_000 });
    // Alternate: never 2 failures in a row, 50% failure rate.
    for (let i = 0; i < 4; i++) {
      b.recordSuccess();
      b.recordFailure();
      time.advance(1_000);
    }
    expect(b.state).toBe('closed'); // 8 samples < minSamples
    b.recordSuccess();
    expect(b.state).toBe('closed'); // 9 samples, 4 failures
    b.recordFailure();
    expect(b.state).toBe('open'); // 10 samples, 5 failures = 50%
  });

  it('forgets outcomes older than the window', () => {
    const { b, time } = setup({ failureThreshold: 100, errorRateThreshold: 0.5, minSamples: 4, windowMs: 10_000 });
    b.recordFailure();
    b.recordFailure();
    b.recordSuccess();
    time.advance(11_000);
    b.recordSuccess();
    b.recordFailure(); // window now holds 1 ok + 1 fail: below minSamples
    expect(b.state).toBe('closed');
    b.recordSuccess();
    b.recordSuccess(); // 3 ok + 1 fail = 25%
    expect(b.state).toBe('closed');
  });

  it('goes half-open after the cooldown, allows limited probes, closes after K successes', () => {
    const { b, time } = setup({ failureThreshold: 1, cooldownMs: 30_000, halfOpenMaxProbes: 2, halfOpenSuccessesToClose: 2 });
    b.recordFailure();
    expect(b.state).toBe('open');
    expect(b.reopensAt).toBe(time.clock.now() + 30_000);
    time.advance(29_999);
    expect(b.state).toBe('open');
    expect(b.canAttempt()).toBe(false);
    time.advance(1);
    expect(b.state).toBe('half-open');
    expect(b.reopensAt).toBeUndefined();
    expect(b.canAttempt()).toBe(true);
    expect(b.canAttempt()).toBe(true);
    expect(b.canAttempt()).toBe(false); // two probes in flight
    b.recordSuccess();
    expect(b.state).toBe('half-open');
    expect(b.canAttempt()).toBe(true); // a slot freed
    b.recordSuccess();
    expect(b.state).toBe('closed');
    // Closing starts a clean slate: one failure (threshold 1) opens again.
    b.recordFailure();
    expect(b.state).toBe('open');
  });

  it('a failed probe re-opens and restarts the cooldown', () => {
    const { b, time } = setup({ failureThreshold: 1, cooldownMs: 10_000 });
    b.recordFailure();
    time.advance(10_000);
    expect(b.canAttempt()).toBe(true);
    time.advance(500);
    b.recordFailure();
    expect(b.state).toBe('open');
    expect(b.reopensAt).toBe(time.clock.now() + 10_000);
    time.advance(9_999);
    expect(b.state).toBe('open');
    time.advance(1);
    expect(b.state).toBe('half-open');
  });

  it('release() frees a probe slot without a verdict', () => {
    const { b, time } = setup({ failureThreshold: 1, cooldownMs: 1_000, halfOpenMaxProbes: 1 });
    b.recordFailure();
    time.advance(1_000);
    expect(b.canAttempt()).toBe(true);
    expect(b.canAttempt()).toBe(false);
    b.release();
    expect(b.state).toBe('half-open');
    expect(b.canAttempt()).toBe(true);
  });

  it('uses BREAKER_DEFAULTS and keeps its record in the given store', () => {
    const time = manualTime();
    const store = new Map<string, BreakerRecord>();
    const b = new CircuitBreaker(time.clock, { store, key: 'p1' });
    expect(b.options).toEqual(BREAKER_DEFAULTS);
    for (let i = 0; i < BREAKER_DEFAULTS.failureThreshold; i++) b.recordFailure();
    expect(store.get('p1')?.state).toBe('open');
    // A second breaker over the same store (another replica) sees the same state.
    const other = new CircuitBreaker(time.clock, { store, key: 'p1' });
    expect(other.state).toBe('open');
    time.advance(BREAKER_DEFAULTS.cooldownMs);
    expect(other.state).toBe('half-open');
  });
});
