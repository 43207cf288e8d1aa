/**
 * Evidence for choosing providers: metrics over windows, time series, the request log, speed tests
 * and the audit log. Labels carry ids and hints, never key values.
 */

export const METRIC_WINDOWS = ['1m', '1h', '24h', '7d', '30d'] as const;
export type MetricWindow = (typeof METRIC_WINDOWS)[number];

export const METRIC_GROUPS = ['provider', 'model', 'class', 'key'] as const;
export type MetricGroup = (typeof METRIC_GROUPS)[number];

/** The core's failure kinds, plus failures after the first byte and clients that left. */
export type ErrorKind = 'rate_limited' | 'auth' | 'server' | 'overloaded' | 'timeout' | 'network' | 'client' | 'aborted' | 'mid_stream' | 'client_abort';

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface TokenCounts {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** True when any of these counts is aimux's estimate rather than the upstream's report. */
  estimated: boolean;
}

export interface MetricRow {
  /** The group's key: a provider id, `provider/model`, a class or a key id; `total` for the totals row. */
  key: string;
  /** For `key` rows: the key's hint. */
  hint?: string;
  requests: number;
  successes: number;
  errors: number;
  errorsByKind: Partial<Record<ErrorKind, number>>;
  /** Milliseconds. */
  latency: Percentiles;
  ttfb: Percentiles;
  /** Median output tokens per second of generation (after the first byte). */
  outputTokensPerSec: number | null;
  tokens: TokenCounts;
  /** Estimated from the presets' prices; null when no price is known. */
  costUsd: number | null;
}

export interface MetricsSummary {
  window: MetricWindow;
  groupBy: MetricGroup;
  from: number;
  to: number;
  totals: MetricRow;
  rows: MetricRow[];
  /** Live state per provider. */
  live: Array<{ providerId: string; inFlight: number; breaker: 'closed' | 'open' | 'half-open' }>;
  /** False while history is kept in memory only (the database failed); see `storageProblem`. */
  persisted: boolean;
  storageProblem?: string;
}

export interface SeriesPoint {
  /** Bucket start, epoch ms. */
  t: number;
  requests: number;
  errors: number;
  errorsByKind: Partial<Record<ErrorKind, number>>;
  latency: Percentiles;
  ttfb: Percentiles;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface TimeSeries {
  window: MetricWindow;
  groupBy: 'provider' | 'model' | 'class' | 'total';
  stepMs: number;
  from: number;
  to: number;
  series: Array<{ key: string; points: SeriesPoint[] }>;
}

export interface AttemptView {
  /** 1-based. */
  n: number;
  providerId: string;
  model: string;
  keyId?: string;
  keyHint?: string;
  /** The upstream's status, or the status aimux assigned to the failure. */
  status?: number;
  outcome: 'ok' | 'failed' | 'skipped';
  kind?: ErrorKind;
  errorCode?: string;
  /** For skipped targets: why (breaker-open, keys-unavailable, …). */
  reason?: string;
  ms: number;
  /** The failure came after the first byte reached the client. */
  late?: boolean;
}

export type RequestOutcome = 'ok' | 'error' | 'mid_stream_error' | 'client_abort';

export interface SecretScanFinding {
  /** e.g. `aws-access-key`, `github-token`, `private-key`, `env-assignment`, `preset:openai`. */
  type: string;
  /** Where in the request, e.g. `messages[3].content[0].text`. Never the secret itself. */
  where: string;
}

export interface RequestLogEntry {
  id: string;
  at: number;
  clientProtocol: 'anthropic' | 'openai' | 'responses';
  /** The model the client asked for. */
  clientModel: string;
  stream: boolean;
  class?: string;
  /** Why this class (e.g. `model-map claude-*haiku*`, `thinking enabled`). */
  classReason?: string;
  attempts: AttemptView[];
  /** The target that answered (or the last one tried). */
  providerId?: string;
  model?: string;
  keyId?: string;
  status: number;
  outcome: RequestOutcome;
  errorCode?: string;
  errorMessage?: string;
  ttfbMs?: number;
  latencyMs: number;
  tokens: TokenCounts;
  costUsd?: number;
  /** Translation notes (`x-aimux-notes`). */
  notes: string[];
  secretScan?: { action: 'warned' | 'redacted'; findings: SecretScanFinding[] };
  /** Only with debug capture on: redacted, size-capped bodies. */
  capture?: { request?: string; response?: string; truncated: boolean };
}

export interface RequestQuery {
  provider?: string;
  class?: string;
  status?: number;
  outcome?: RequestOutcome;
  /** Free text over model names, error messages and notes. */
  q?: string;
  from?: number;
  to?: number;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
  limit?: number;
}

export interface RequestPage {
  entries: RequestLogEntry[];
  nextCursor?: string;
  total?: number;
}

/** Pushed at most once a second on the live event stream. */
export interface MetricsSnapshot {
  at: number;
  /** The last minute. */
  lastMinute: { requests: number; errors: number; latency: Percentiles; ttfb: Percentiles };
  /** Since local midnight. */
  today: { requests: number; errors: number; tokens: TokenCounts; costUsd: number | null };
  providers: Array<{
    providerId: string;
    requestsPerMin: number;
    errorRate: number;
    latencyP50: number | null;
    ttfbP50: number | null;
    inFlight: number;
    breaker: 'closed' | 'open' | 'half-open';
  }>;
}

export interface SpeedTestRow {
  providerId: string;
  model: string;
  runs: number;
  successes: number;
  ttfb: Percentiles;
  outputTokensPerSec: number | null;
  successRate: number;
  /** 1 = best. */
  rank: number;
  errors: string[];
}

export interface SpeedTestResult {
  id: string;
  at: number;
  n: number;
  rows: SpeedTestRow[];
}

export interface SpeedTestProgress {
  id: string;
  done: number;
  total: number;
  providerId: string;
  model: string;
  /** The last run's outcome. */
  ok: boolean;
  ttfbMs?: number;
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: 'api' | 'cli' | 'ui' | 'file';
  /** e.g. `provider.add`, `key.remove`, `token.rotate`, `config.import`, `config.reload`. */
  action: string;
  /** What changed, in words; never key material. */
  detail: string;
}
