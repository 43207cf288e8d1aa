/**
 * Per-provider circuit breaker on an injected clock.
 *
 *   closed    → open       after `failureThreshold` consecutive failures, or when the failure ratio over the
 *                          rolling `windowMs` reaches `errorRateThreshold` with at least `minSamples` outcomes;
 *   open      → half-open  once `cooldownMs` has passed (checked lazily, on the next read);
 *   half-open → closed     after `halfOpenSuccessesToClose` successful probes (at most `halfOpenMaxProbes`
 *                          in flight at once);
 *   half-open → open       on any failed probe (the cooldown starts again).
 *
 * Usage: `canAttempt()` right before sending (in half-open it reserves a probe slot), then exactly one of
 * `recordSuccess()`, `recordFailure()` or `release()` (the attempt ended without saying anything about
 * the provider's health, e.g. a 400 or a client abort).
 *
 * The durable part of the state is a `BreakerRecord` in a `StateStore` (shared in team mode); the count
 * of probes in flight is per process. The thresholds are per provider (`providers[].breaker` in the config,
 * defaults in BREAKER_DEFAULTS); `update()` applies new ones to the live breaker.
 */
import { BREAKER_DEFAULTS } from './retry-policy';
import type { ProviderBreakerConfig } from '../config/types';
import type { StateStore } from './state-store';
import type { Clock } from './types';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** A provider's thresholds (its config `breaker`, defaults filled in; shared/health.ts documents each). */
export type BreakerOptions = ProviderBreakerConfig;

/** The rolling window is BUCKETS slots of windowMs / BUCKETS each. */
const BUCKETS = 10;

export interface BreakerRecord {
  state: BreakerState;
  openedAt: number;
  consecutiveFailures: number;
  probeSuccesses: number;
  /** Per slot: which bucket number it currently counts (floor(now / bucketMs)). */
  bucketIds: number[];
  oks: number[];
  fails: number[];
}

export interface CircuitBreakerInit extends Partial<BreakerOptions> {
  store?: StateStore<BreakerRecord>;
  /** Record key in the store (the provider id). */
  key?: string;
}

const freshRecord = (): BreakerRecord => ({
  state: 'closed',
  openedAt: 0,
  consecutiveFailures: 0,
  probeSuccesses: 0,
  bucketIds: new Array<number>(BUCKETS).fill(-1),
  oks: new Array<number>(BUCKETS).fill(0),
  fails: new Array<number>(BUCKETS).fill(0),
});

export class CircuitBreaker {
  private opts: Readonly<BreakerOptions>;
  private readonly store: StateStore<BreakerRecord>;
  private readonly key: string;
  private bucketMs: number;
  private probesInFlight = 0;

  constructor(
    private readonly clock: Clock,
    init: CircuitBreakerInit = {},
  ) {
    const { store, key, ...opts } = init;
    this.opts = { ...BREAKER_DEFAULTS, ...opts };
    this.store = store ?? new Map();
    this.key = key ?? '';
    this.bucketMs = Math.max(1, this.opts.windowMs / BUCKETS);
  }

  /** The thresholds in effect. */
  get options(): Readonly<BreakerOptions> {
    return this.opts;
  }

  /**
   * New thresholds, applied from the next call on; the state is kept. A different window restarts the
   * rolling counts (their buckets were cut for the old one).
   */
  update(options: Partial<BreakerOptions>): void {
    const next = { ...BREAKER_DEFAULTS, ...options };
    if (next.windowMs !== this.opts.windowMs) {
      const r = this.load();
      const fresh = freshRecord();
      r.bucketIds = fresh.bucketIds;
      r.oks = fresh.oks;
      r.fails = fresh.fails;
      this.store.set(this.key, r);
    }
    this.opts = next;
    this.bucketMs = Math.max(1, next.windowMs / BUCKETS);
  }

  get state(): BreakerState {
    return this.load().state;
  }

  /** When an open breaker will let probes through; undefined unless open. */
  get reopensAt(): number | undefined {
    const r = this.load();
    return r.state === 'open' ? r.openedAt + this.opts.cooldownMs : undefined;
  }

  /** May a request be sent now? In half-open this takes one of the probe slots. */
  canAttempt(): boolean {
    const r = this.load();
    if (r.state === 'closed') return true;
    if (r.state === 'open') return false;
    if (this.probesInFlight >= this.opts.halfOpenMaxProbes) return false;
    this.probesInFlight++;
    return true;
  }

  recordSuccess(): void {
    const r = this.load();
    if (r.state === 'half-open') {
      this.endProbe();
      r.probeSuccesses++;
      if (r.probeSuccesses >= this.opts.halfOpenSuccessesToClose) this.reset(r);
    } else if (r.state === 'closed') {
      r.consecutiveFailures = 0;
      this.count(r, true);
    }
    this.store.set(this.key, r);
  }

  recordFailure(): void {
    const r = this.load();
    if (r.state === 'half-open') {
      this.endProbe();
      this.open(r);
    } else if (r.state === 'closed') {
      r.consecutiveFailures++;
      const { total, failed } = this.count(r, false);
      const o = this.opts;
      if (r.consecutiveFailures >= o.failureThreshold || (total >= o.minSamples && failed / total >= o.errorRateThreshold)) this.open(r);
    }
    this.store.set(this.key, r);
  }

  /** The attempt ended without a verdict on the provider: frees a half-open probe slot. */
  release(): void {
    if (this.load().state === 'half-open') this.endProbe();
  }

  private endProbe(): void {
    if (this.probesInFlight > 0) this.probesInFlight--;
  }

  private load(): BreakerRecord {
    let r = this.store.get(this.key);
    if (r === undefined) {
      r = freshRecord();
      this.store.set(this.key, r);
    }
    if (r.state === 'open' && this.clock.now() >= r.openedAt + this.opts.cooldownMs) {
      r.state = 'half-open';
      r.probeSuccesses = 0;
      this.probesInFlight = 0;
      this.store.set(this.key, r);
    }
    return r;
  }

  private open(r: BreakerRecord): void {
    r.state = 'open';
    r.openedAt = this.clock.now();
    r.probeSuccesses = 0;
  }

  private reset(r: BreakerRecord): void {
    const fresh = freshRecord();
    Object.assign(r, fresh);
  }

  /** Adds one outcome to the rolling window; returns the window totals including it. */
  private count(r: BreakerRecord, ok: boolean): { total: number; failed: number } {
    const bucket = Math.floor(this.clock.now() / this.bucketMs);
    const slot = bucket % BUCKETS;
    if (r.bucketIds[slot] !== bucket) {
      r.bucketIds[slot] = bucket;
      r.oks[slot] = 0;
      r.fails[slot] = 0;
    }
    if (ok) r.oks[slot]!++;
    else r.fails[slot]!++;
    let total = 0;
    let failed = 0;
    for (let i = 0; i < BUCKETS; i++) {
      if (bucket - r.bucketIds[i]! < BUCKETS) {
        total += r.oks[i]! + r.fails[i]!;
        failed += r.fails[i]!;
      }
    }
    return { total, failed };
  }
}
