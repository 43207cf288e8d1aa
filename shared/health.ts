/**
 * GET /health: the proxy's state as the dashboard, the tray and scripts read it. Declared here, in
 * the contract folder every process shares, so the core's answer and its readers cannot drift
 * (the core's router satisfies these types structurally; a change there fails to compile).
 * Serializable data only; keys appear as id and hint, never their value.
 */

export type BreakerStateView = 'closed' | 'open' | 'half-open';
export type KeyStateView = 'ok' | 'cooling' | 'rejected';

export interface KeyHealthView {
  /** `<providerId>#<index>` */
  id: string;
  /** `sk-…a1b2` */
  hint: string;
  state: KeyStateView;
  /** For `cooling`: epoch milliseconds when the key is usable again. */
  until?: number;
}

/** A provider's circuit-breaker thresholds in effect (its config `breaker`, defaults filled in). */
export interface BreakerSettingsView {
  /** Consecutive failures that open it. */
  failureThreshold: number;
  /** Failure ratio over `windowMs` that opens it, with at least `minSamples` outcomes. */
  errorRateThreshold: number;
  windowMs: number;
  minSamples: number;
  /** Open → half-open after this long. */
  cooldownMs: number;
  /** Probes allowed at once while half-open. */
  halfOpenMaxProbes: number;
  /** Good probes that close it again. */
  halfOpenSuccessesToClose: number;
}

export interface ProviderHealthView {
  id: string;
  enabled: boolean;
  breaker: BreakerStateView;
  breakerSettings: BreakerSettingsView;
  inFlight: number;
  queued: number;
  /** EWMA of time to first byte; null before the first success. */
  latencyEwmaMs: number | null;
  /** Set while the whole provider cools after a 503/529 with Retry-After (epoch ms). */
  coolingUntil?: number;
  keys: KeyHealthView[];
}

/** Where history (request log, metric buckets, audit log) goes. */
export interface StorageHealthView {
  /** True while it is written to the database; false while it is kept in memory only. */
  persisted: boolean;
  /** What is wrong (locked, full, unreadable), or what was (a corrupt file moved aside), for people. */
  problem?: string;
}

export interface HealthResponse {
  status: 'ok';
  version: string;
  uptimeMs: number;
  /** Where the running config came from: a file path or the built-in default. */
  config: string;
  providers: ProviderHealthView[];
  /** Present when aimux keeps a history (the service; not a bare proxy core). */
  storage?: StorageHealthView;
}
