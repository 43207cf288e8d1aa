import { describe, expect, it } from 'vitest';
import { RETRY_DEFAULTS, backoffMs, parseRetryAfter } from '../../../electron/core/routing/retry-policy';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter('20', NOW)).toBe(20_000);
    expect(parseRetryAfter(' 1.5 ', NOW)).toBe(1_500);
  });

  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter('Sun, 22 Nov 2026 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Sunday, 22-Nov-26 12:01:00 GMT', NOW)).toBe(60_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 11:00:00 GMT', NOW)).toBe(0);
  });

  it('caps long waits', () => {
    expect(parseRetryAfter('86400', NOW)).toBe(RETRY_DEFAULTS.retryAfterMaxMs);
    expect(parseRetryAfter('86400', NOW, 5_000)).toBe(5_000);
    expect(parseRetryAfter('Mon, 01 Jan 2035 00:00:00 GMT', NOW)).toBe(RETRY_DEFAULTS.retryAfterMaxMs);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('1e3', NOW)).toBeUndefined();
  });
});

describe('backoffMs', () => {
  it('is full jitter under an exponential ceiling', () => {
    expect(backoffMs(1, () => 0.999999)).toBe(999);
    expect(backoffMs(2, () => 0.5)).toBe(1_000);
    expect(backoffMs(3, () => 0.5)).toBe(2_000);
    expect(backoffMs(1, () => 0)).toBe(0);
    expect(backoffMs(0, () => 0.5)).toBe(500);
  });

  it('is capped', () => {
    expect(backoffMs(40, () => 0.999999)).toBe(RETRY_DEFAULTS.backoffMaxMs - 1);
    expect(backoffMs(5000, () => 0.5, { baseMs: 100, maxMs: 1_000 })).toBe(500);
  });
});
