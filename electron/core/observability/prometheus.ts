/**
 * GET /metrics in the Prometheus text exposition format (version 0.0.4), built from the process-
 * lifetime buckets and the live health. Conventions: `aimux_` prefix, `_total` counters, base
 * units (seconds, USD), histograms with cumulative `le` buckets, `_sum` and `_count`. Labels are
 * provider ids, model names, classes, outcomes and kinds from the config and the core, never keys
 * (not even key ids) and never what a client sent.
 *
 * | metric                                   | type      | labels                                   |
 * | ---------------------------------------- | --------- | ---------------------------------------- |
 * | aimux_requests_total                     | counter   | provider, model, class, outcome          |
 * | aimux_request_duration_seconds           | histogram | provider, model, class (successes)       |
 * | aimux_time_to_first_byte_seconds         | histogram | provider, model, class (successes)       |
 * | aimux_upstream_attempts_total            | counter   | provider, model, outcome (ok, error)     |
 * | aimux_upstream_errors_total              | counter   | provider, model, kind                    |
 * | aimux_tokens_total                       | counter   | provider, model, type                    |
 * | aimux_cost_usd_total                     | counter   | provider, model                          |
 * | aimux_in_flight_requests, aimux_queued_requests | gauge | provider                              |
 * | aimux_circuit_breaker_state              | gauge     | provider, state (1 for the current one)  |
 * | aimux_history_persisted                  | gauge     | —                                        |
 * | aimux_up, aimux_start_time_seconds       | gauge     | —                                        |
 */
import type { ErrorKind, RequestOutcome } from '../../../shared/api/dto/observability';
import type { HealthResponse } from '../../../shared/health';
import { mergeBucket, newBucket } from './bucket';
import type { Bucket } from './bucket';
import { countAtMost } from './histogram';
import type { Hist } from './histogram';

/** `le` bounds in ms (every one is a histogram bin bound, so counts are exact). */
const LE_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 120_000, 300_000];

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Record<string, string>) => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escape(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};
const num = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');

class Family {
  readonly lines: string[] = [];
  constructor(
    readonly name: string,
    type: 'counter' | 'gauge' | 'histogram',
    help: string,
  ) {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  }
  sample(labels: Record<string, string>, value: number, suffix = ''): void {
    this.lines.push(`${this.name}${suffix}${labelText(labels)} ${num(value)}`);
  }
  /** Values in ms, exposed in seconds; a label set with no observation yet is left out. */
  histogram(labels: Record<string, string>, h: Hist | undefined): void {
    if (h === undefined || h.n === 0) return;
    for (const le of LE_MS) this.sample({ ...labels, le: String(le / 1000) }, countAtMost(h, le), '_bucket');
    this.sample({ ...labels, le: '+Inf' }, h.n, '_bucket');
    this.sample(labels, h.sum / 1000, '_sum');
    this.sample(labels, h.n, '_count');
  }
}

function requestOutcomes(b: Bucket): Array<[RequestOutcome, number]> {
  const abort = b.kinds.client_abort ?? 0;
  const mid = b.kinds.mid_stream ?? 0;
  return [
    ['ok', b.successes],
    ['error', b.errors - abort - mid],
    ['mid_stream_error', mid],
    ['client_abort', abort],
  ];
}

export interface PrometheusInput {
  life: Iterable<Bucket>;
  health: HealthResponse;
  persisted: boolean;
  startedAtMs: number;
}

export function renderPrometheus(input: PrometheusInput): string {
  const f = {
    requests: new Family('aimux_requests_total', 'counter', 'Client requests, by the target that answered (or was tried last), class and outcome.'),
    duration: new Family('aimux_request_duration_seconds', 'histogram', 'Time from arrival to the end of the answer, successful requests.'),
    ttfb: new Family('aimux_time_to_first_byte_seconds', 'histogram', 'Time from arrival to the first byte sent to the client, successful requests.'),
    attempts: new Family('aimux_upstream_attempts_total', 'counter', 'Upstream attempts (a request that failed over counts on every target it tried).'),
    errors: new Family('aimux_upstream_errors_total', 'counter', 'Failed upstream attempts by failure kind.'),
    tokens: new Family('aimux_tokens_total', 'counter', 'Tokens by type (input is billed input: the prompt without cache reads and writes).'),
    cost: new Family('aimux_cost_usd_total', 'counter', "Estimated cost in US dollars from the models' prices."),
    inFlight: new Family('aimux_in_flight_requests', 'gauge', 'Requests in flight to a provider.'),
    queued: new Family('aimux_queued_requests', 'gauge', 'Requests waiting for a concurrency slot of a provider.'),
    breaker: new Family('aimux_circuit_breaker_state', 'gauge', "A provider's circuit breaker state (1 for the current state)."),
    persisted: new Family('aimux_history_persisted', 'gauge', '1 while history is written to the database, 0 while it is kept in memory only.'),
    up: new Family('aimux_up', 'gauge', 'aimux is running.'),
    start: new Family('aimux_start_time_seconds', 'gauge', 'When this aimux process started, seconds since the epoch.'),
  };
  // Attempt rows are kept per key; Prometheus gets them per provider and model (no key labels).
  const attempts = new Map<string, Bucket>();
  for (const b of input.life) {
    const pm = { provider: b.labels.provider, model: b.labels.model };
    if (b.labels.scope === 'request') {
      const l = { ...pm, class: b.labels.class };
      for (const [outcome, n] of requestOutcomes(b)) if (n > 0) f.requests.sample({ ...l, outcome }, n);
      f.duration.histogram(l, b.latency);
      f.ttfb.histogram(l, b.ttfb);
      continue;
    }
    const k = `${pm.provider}\u001f${pm.model}`;
    let into = attempts.get(k);
    if (!into) attempts.set(k, (into = newBucket({ ...b.labels, key: '' })));
    mergeBucket(into, b);
  }
  for (const b of attempts.values()) {
    const pm = { provider: b.labels.provider, model: b.labels.model };
    f.attempts.sample({ ...pm, outcome: 'ok' }, b.successes);
    f.attempts.sample({ ...pm, outcome: 'error' }, b.errors);
    for (const [kind, n] of Object.entries(b.kinds) as Array<[ErrorKind, number]>) f.errors.sample({ ...pm, kind }, n);
    if (b.input + b.output + b.cacheRead + b.cacheWrite > 0) {
      f.tokens.sample({ ...pm, type: 'input' }, b.input);
      f.tokens.sample({ ...pm, type: 'output' }, b.output);
      f.tokens.sample({ ...pm, type: 'cache_read' }, b.cacheRead);
      f.tokens.sample({ ...pm, type: 'cache_write' }, b.cacheWrite);
    }
    if (b.priced > 0) f.cost.sample(pm, b.costUsd);
  }
  for (const p of input.health.providers) {
    f.inFlight.sample({ provider: p.id }, p.inFlight);
    f.queued.sample({ provider: p.id }, p.queued);
    for (const state of ['closed', 'open', 'half-open'] as const) f.breaker.sample({ provider: p.id, state }, p.breaker === state ? 1 : 0);
  }
  f.persisted.sample({}, input.persisted ? 1 : 0);
  f.up.sample({}, 1);
  f.start.sample({}, Math.floor(input.startedAtMs / 1000));
  return `${Object.values(f)
    .map((x) => x.lines.join('\n'))
    .join('\n')}\n`;
}
