/**
 * The routing state that several aimux replicas would share in team mode (ROADMAP "Later": key
 * cooldowns, rejected keys, breaker state, provider cooldowns) lives behind `StateStore`.
 * Everything else (affinity, latency, round-robin cursors, in-flight counts) is per process.
 *
 * The interface is synchronous on purpose: the router decides on the hot path without awaiting.
 * A Redis-backed store would keep a local replica (read here), write through asynchronously and
 * apply other replicas' writes from pub/sub. Records are small plain JSON-able objects; writers
 * always call `set` after changing one, so a replicating store sees every change.
 *
 * A plain `Map` satisfies `StateStore`, and is the default.
 */
import type { BreakerRecord } from './circuit-breaker';
import type { KeyRecord } from './key-pool';

export interface StateStore<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): unknown;
  delete(key: string): unknown;
}

export interface ProviderRecord {
  /** The provider asked us (503/529 Retry-After) to stay away until then. */
  coolingUntil: number;
}

export interface RoutingState {
  /** By key identity (key id + fingerprint of its value). */
  keys: StateStore<KeyRecord>;
  /** By provider id. */
  breakers: StateStore<BreakerRecord>;
  /** By provider id. */
  providers: StateStore<ProviderRecord>;
}

export function createMemoryRoutingState(): RoutingState {
  return { keys: new Map(), breakers: new Map(), providers: new Map() };
}
