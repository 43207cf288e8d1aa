/**
 * Session affinity: a client session keeps its target and key while they are healthy, so the provider's
 * prompt cache stays warm. A bounded LRU (Map insertion order) with an idle TTL on the injected clock;
 * entries idle for `idleTtlMs` are forgotten on read, the least recently used are evicted past `maxEntries`.
 * The router keys it by session id and request class, and breaks an entry when its target fails.
 * Per process: not shared state (a team deployment would use sticky load balancing instead).
 */
import { AFFINITY_DEFAULTS } from './retry-policy';
import type { Clock } from './types';

export interface AffinityEntry {
  providerId: string;
  model: string;
  keyId?: string;
}

export interface AffinityOptions {
  maxEntries?: number;
  idleTtlMs?: number;
}

export interface AffinityTable {
  get(sessionId: string): AffinityEntry | undefined;
  set(sessionId: string, entry: AffinityEntry): void;
  break(sessionId: string): void;
  readonly size: number;
}

interface Slot {
  entry: AffinityEntry;
  seenAt: number;
}

export function createAffinityTable(clock: Clock, opts: AffinityOptions = {}): AffinityTable {
  const maxEntries = opts.maxEntries ?? AFFINITY_DEFAULTS.maxEntries;
  const idleTtlMs = opts.idleTtlMs ?? AFFINITY_DEFAULTS.idleTtlMs;
  const slots = new Map<string, Slot>();

  return {
    get(sessionId) {
      const slot = slots.get(sessionId);
      if (slot === undefined) return undefined;
      const now = clock.now();
      slots.delete(sessionId);
      if (now - slot.seenAt >= idleTtlMs) return undefined;
      slot.seenAt = now;
      slots.set(sessionId, slot);
      return slot.entry;
    },
    set(sessionId, entry) {
      slots.delete(sessionId);
      slots.set(sessionId, { entry, seenAt: clock.now() });
      if (slots.size > maxEntries) {
        const oldest = slots.keys().next();
        if (!oldest.done) slots.delete(oldest.value);
      }
    },
    break(sessionId) {
      slots.delete(sessionId);
    },
    get size() {
      return slots.size;
    },
  };
}
