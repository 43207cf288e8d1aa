/**
 * Every routing default in one place, and the two timing helpers (Retry-After, backoff).
 * Attempts and the total deadline are per-config (`routing.maxAttempts`, `routing.deadlineMs`, see
 * config/defaults.ts); everything else the router needs is here.
 */
import { CONFIG_DEFAULTS } from '../../../shared/config/defaults';
import type { Random } from './types';

export const RETRY_DEFAULTS = {
  /** Longest Retry-After honoured for cooling a key or provider; longer values are capped. */
  retryAfterMaxMs: 10 * 60_000,
  /** Base of the exponential backoff (attempt 1 → up to base, 2 → up to 2·base, …). */
  backoffBaseMs: 1_000,
  /** Cap of the exponential backoff. */
  backoffMaxMs: 60_000,
} as const;

/** The breaker's defaults live in the config's defaults table (shared/config/defaults.ts), like every other default. */
export const BREAKER_DEFAULTS = CONFIG_DEFAULTS.provider.breaker;

export const KEY_DEFAULTS = {
  /** Shortest cooldown after a 429, even with `Retry-After: 0`, so failover moves to another key. */
  minCooldownMs: 1_000,
  /** Without Retry-After: backoff per consecutive 429 of that key, with these bounds. */
  backoffBaseMs: 2_000,
  backoffMaxMs: 5 * 60_000,
} as const;

export const AFFINITY_DEFAULTS = {
  maxEntries: 10_000,
  /** A session not seen for this long forgets its target. */
  idleTtlMs: 30 * 60_000,
} as const;

export const LATENCY_DEFAULTS = {
  /** Weight of the newest time-to-first-byte sample in the EWMA. */
  ewmaAlpha: 0.3,
  /** least-latency: share of requests that try a random other target first, so a slow sample can recover. */
  explorationRate: 0.05,
} as const;

/**
 * Parses a Retry-After header value: delay-seconds (`"120"`, decimals accepted) or an HTTP-date.
 * Returns milliseconds from `nowMs`, never negative, capped at `maxMs`; undefined when absent or unparsable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number, maxMs: number = RETRY_DEFAULTS.retryAfterMaxMs): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(v)) {
    ms = Math.round(Number(v) * 1000);
  } else {
    // HTTP-date (IMF-fixdate, RFC 850, asctime) always starts with a day name; Date.parse alone accepts "-5".
    if (!/^[A-Za-z]{3}/.test(v)) return undefined;
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
  }
  return Math.min(Math.max(0, ms), maxMs);
}

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
}

/**
 * Exponential backoff with full jitter: uniform in [0, min(max, base · 2^(attempt-1))).
 * `attempt` is 1 for the first retry; values below 1 count as 1.
 */
export function backoffMs(attempt: number, random: Random, opts: BackoffOptions = {}): number {
  const base = opts.baseMs ?? RETRY_DEFAULTS.backoffBaseMs;
  const max = opts.maxMs ?? RETRY_DEFAULTS.backoffMaxMs;
  const exp = Math.min(max, base * 2 ** Math.min(Math.max(1, attempt) - 1, 52));
  return Math.floor(random() * exp);
}
