/**
 * One provider's API keys: round-robin over the usable ones, cooldown after 429, set aside after 401/403.
 *
 * - A 429 cools the key for its Retry-After (capped at RETRY_DEFAULTS.retryAfterMaxMs), or, without one,
 *   for an exponential backoff with full jitter per consecutive 429 of that key; never less than
 *   KEY_DEFAULTS.minCooldownMs. A success resets the consecutive count (the cooldown runs out by itself).
 * - A 401/403 sets the key aside as rejected until its config changes. State is stored by the key's
 *   identity, `<id>:<fingerprint>` where the fingerprint is a truncated SHA-256 of the value, so putting a
 *   new value under the same id starts clean, and no value is ever kept or exposed.
 * - `pick()` prefers a given key (session affinity) when usable; otherwise the next usable key in rotation.
 *   When none is usable it answers `{ coolingUntil }`, the earliest moment one is ready again
 *   (`Infinity` when every key is rejected). `undefined` means the provider has no keys at all.
 */
import { createHash } from 'node:crypto';
import type { ApiKey } from '../config/types';
import { KEY_DEFAULTS, RETRY_DEFAULTS, backoffMs } from './retry-policy';
import type { StateStore } from './state-store';
import type { Clock, Random } from './types';

export interface KeyRecord {
  coolingUntil: number;
  consecutiveRateLimits: number;
  rejected: boolean;
}

export type KeyState = 'ok' | 'cooling' | 'rejected';

export interface KeySnapshot {
  id: string;
  hint: string;
  state: KeyState;
  /** For `cooling`: when it is usable again. */
  until?: number;
}

export interface KeyPoolOptions {
  store?: StateStore<KeyRecord>;
  minCooldownMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  retryAfterMaxMs?: number;
}

interface Entry {
  key: ApiKey;
  identity: string;
}

export function keyIdentity(key: ApiKey): string {
  return `${key.id}:${createHash('sha256').update(key.value).digest('hex').slice(0, 16)}`;
}

export class KeyPool {
  private entries: Entry[] = [];
  private cursor = 0;
  private readonly store: StateStore<KeyRecord>;
  private readonly opts: Required<Omit<KeyPoolOptions, 'store'>>;

  constructor(
    keys: readonly ApiKey[],
    private readonly clock: Clock,
    private readonly random: Random,
    opts: KeyPoolOptions = {},
  ) {
    this.store = opts.store ?? new Map();
    this.opts = {
      minCooldownMs: opts.minCooldownMs ?? KEY_DEFAULTS.minCooldownMs,
      backoffBaseMs: opts.backoffBaseMs ?? KEY_DEFAULTS.backoffBaseMs,
      backoffMaxMs: opts.backoffMaxMs ?? KEY_DEFAULTS.backoffMaxMs,
      retryAfterMaxMs: opts.retryAfterMaxMs ?? RETRY_DEFAULTS.retryAfterMaxMs,
    };
    this.update(keys);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Replaces the key list. Keys whose id and value are unchanged keep their state; the rest start clean. */
  update(keys: readonly ApiKey[]): void {
    const next = keys.map((key) => ({ key, identity: keyIdentity(key) }));
    const keep = new Set(next.map((e) => e.identity));
    for (const e of this.entries) if (!keep.has(e.identity)) this.store.delete(e.identity);
    this.entries = next;
    if (this.cursor >= next.length) this.cursor = 0;
  }

  pick(preferredKeyId?: string): ApiKey | { coolingUntil: number } | undefined {
    const n = this.entries.length;
    if (n === 0) return undefined;
    const now = this.clock.now();
    if (preferredKeyId !== undefined) {
      for (const e of this.entries) if (e.key.id === preferredKeyId && this.usable(e, now)) return e.key;
    }
    let earliest = Infinity;
    for (let i = 0; i < n; i++) {
      const idx = (this.cursor + i) % n;
      const e = this.entries[idx]!;
      const r = this.store.get(e.identity);
      if (r === undefined || (!r.rejected && r.coolingUntil <= now)) {
        this.cursor = (idx + 1) % n;
        return e.key;
      }
      if (!r.rejected && r.coolingUntil < earliest) earliest = r.coolingUntil;
    }
    return { coolingUntil: earliest };
  }

  reportSuccess(id: string): void {
    const e = this.find(id);
    if (e === undefined) return;
    const r = this.store.get(e.identity);
    if (r !== undefined && r.consecutiveRateLimits !== 0) {
      r.consecutiveRateLimits = 0;
      this.store.set(e.identity, r);
    }
  }

  reportRateLimited(id: string, retryAfterMs?: number): void {
    const e = this.find(id);
    if (e === undefined) return;
    const r = this.record(e);
    r.consecutiveRateLimits++;
    const o = this.opts;
    const wait =
      retryAfterMs !== undefined && retryAfterMs >= 0
        ? Math.min(retryAfterMs, o.retryAfterMaxMs)
        : backoffMs(r.consecutiveRateLimits, this.random, { baseMs: o.backoffBaseMs, maxMs: o.backoffMaxMs });
    r.coolingUntil = Math.max(r.coolingUntil, this.clock.now() + Math.max(wait, o.minCooldownMs));
    this.store.set(e.identity, r);
  }

  reportRejected(id: string): void {
    const e = this.find(id);
    if (e === undefined) return;
    const r = this.record(e);
    r.rejected = true;
    this.store.set(e.identity, r);
  }

  snapshot(): KeySnapshot[] {
    const now = this.clock.now();
    return this.entries.map(({ key, identity }) => {
      const r = this.store.get(identity);
      if (r?.rejected) return { id: key.id, hint: key.hint, state: 'rejected' };
      if (r !== undefined && r.coolingUntil > now) return { id: key.id, hint: key.hint, state: 'cooling', until: r.coolingUntil };
      return { id: key.id, hint: key.hint, state: 'ok' };
    });
  }

  private usable(e: Entry, now: number): boolean {
    const r = this.store.get(e.identity);
    return r === undefined || (!r.rejected && r.coolingUntil <= now);
  }

  private find(id: string): Entry | undefined {
    for (const e of this.entries) if (e.key.id === id) return e;
    return undefined;
  }

  private record(e: Entry): KeyRecord {
    return this.store.get(e.identity) ?? { coolingUntil: 0, consecutiveRateLimits: 0, rejected: false };
  }
}
