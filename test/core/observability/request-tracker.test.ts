/** The request tracker and the metrics store on hand-made core events: outcomes, kinds, tokens/s, percentiles. */
import { describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../../electron/core/metrics/events';
import { createMetricsStore } from '../../../electron/core/observability/metrics-store';
import { createRequestTracker } from '../../../electron/core/observability/request-tracker';
import type { FinishedRequest } from '../../../electron/core/observability/request-tracker';
import { entryOf } from '../../../electron/core/observability/request-row';
import type { ConfigLookup } from '../../../electron/core/observability/lookup';
import { BOUNDS, binOf, newHist, observe, percentile } from '../../../electron/core/observability/histogram';
import { metricsSummary } from '../../../electron/core/observability/metrics-queries';

const lookup: ConfigLookup = { keyHint: (id) => (id === 'p#0' ? 'sk-…beef' : undefined), pricing: () => ({ input: 1, output: 2 }), redact: (t) => t.replace(/sk-secret\w+/g, '[redacted]') };

function run(events: CoreEvent[]): FinishedRequest[] {
  const out: FinishedRequest[] = [];
  const track = createRequestTracker(() => lookup, (r) => out.push(r));
  for (const e of events) track(e);
  return out;
}

const T = 1_000_000;
const attempt = (requestId: string, n: number, providerId = 'p', at = T) => ({ type: 'attempt.started' as const, at, requestId, attempt: n, providerId, model: 'm', keyId: 'p#0' });

describe('request tracker', () => {
  it('a stream that answered: ok, tokens per second over the time after the first byte, cost', () => {
    const [r] = run([
      attempt('r1', 1),
      { type: 'attempt.succeeded', at: T + 100, requestId: 'r1', attempt: 1, providerId: 'p', model: 'm', keyId: 'p#0', ttfbMs: 100 },
      { type: 'request.finished', at: T + 500, requestId: 'r1', status: 200, latencyMs: 500, ttfbMs: 100, attempts: 1, providerId: 'p', model: 'm', keyId: 'p#0', attemptStartedAt: T, attemptTtfbMs: 100, stream: true, inputTokens: 1000, outputTokens: 40, clientModel: 'claude-x', clientProtocol: 'anthropic', class: 'default' },
    ]);
    expect(entryOf(r!.record)).toMatchObject({ id: 'r1', at: T, outcome: 'ok', stream: true, costUsd: (1000 * 1 + 40 * 2) / 1e6 });
    expect(entryOf(r!.record).attempts).toEqual([{ n: 1, providerId: 'p', model: 'm', keyId: 'p#0', keyHint: 'sk-…beef', outcome: 'ok', status: 200, ms: 500 }]);
    const [req, att] = r!.samples;
    expect(req).toMatchObject({ ok: true, latency: 500, ttfb: 100, tps: 100 });
    expect(att).toMatchObject({ ok: true, latency: 500, ttfb: 100, tps: 100, output: 40 });
  });

  it('a failure after the first byte is mid_stream on the request and on the attempt; a client that left is client_abort', () => {
    const [mid, gone] = run([
      attempt('r1', 1),
      { type: 'attempt.succeeded', at: T + 10, requestId: 'r1', attempt: 1, providerId: 'p', model: 'm', ttfbMs: 10 },
      { type: 'attempt.failed', at: T + 50, requestId: 'r1', attempt: 1, providerId: 'p', model: 'm', kind: 'timeout', status: 504, errorCode: 'UPSTREAM_IDLE_TIMEOUT', retryable: false, late: true, durationMs: 50 },
      { type: 'request.finished', at: T + 50, requestId: 'r1', status: 502, errorCode: 'UPSTREAM_BAD_RESPONSE', latencyMs: 50, ttfbMs: 10, attempts: 1, providerId: 'p', model: 'm', attemptStartedAt: T, attemptTtfbMs: 10, stream: true, outputTokens: 7, errorMessage: 'key sk-secret123 was idle' },
      attempt('r2', 1),
      { type: 'attempt.succeeded', at: T + 10, requestId: 'r2', attempt: 1, providerId: 'p', model: 'm', ttfbMs: 10 },
      { type: 'request.finished', at: T + 30, requestId: 'r2', status: 499, errorCode: 'CLIENT_CLOSED', latencyMs: 30, ttfbMs: 10, attempts: 1, providerId: 'p', model: 'm', attemptStartedAt: T, attemptTtfbMs: 10, stream: true },
    ]);
    expect(entryOf(mid!.record)).toMatchObject({ outcome: 'mid_stream_error', errorMessage: 'key [redacted] was idle' });
    expect(entryOf(mid!.record).attempts[0]).toMatchObject({ outcome: 'failed', kind: 'mid_stream', late: true, status: 504, ms: 50 });
    expect(mid!.samples.map((s) => [s.labels.scope, s.ok, s.kind, s.output])).toEqual([
      ['request', false, 'mid_stream', 7],
      ['attempt', false, 'mid_stream', 7],
    ]);
    expect(entryOf(gone!.record).outcome).toBe('client_abort');
    expect(entryOf(gone!.record).attempts).toEqual([{ n: 1, providerId: 'p', model: 'm', outcome: 'failed', kind: 'client_abort', status: 200, ms: 30 }]);
    expect(gone!.samples.map((s) => s.kind)).toEqual(['client_abort', 'client_abort']);
  });

  it('failover: each attempt its own sample; a request with no attempt gets a kind from its status', () => {
    const [failover, none] = run([
      attempt('r1', 1, 'a'),
      { type: 'attempt.failed', at: T + 5, requestId: 'r1', attempt: 1, providerId: 'a', model: 'm', kind: 'overloaded', status: 529, errorCode: 'UPSTREAM_HTTP', retryable: true, late: false, durationMs: 5 },
      { type: 'target.skipped', at: T + 5, requestId: 'r1', providerId: 'c', model: 'm', reason: 'breaker-open' },
      attempt('r1', 2, 'b', T + 5),
      { type: 'attempt.succeeded', at: T + 25, requestId: 'r1', attempt: 2, providerId: 'b', model: 'm', ttfbMs: 20 },
      { type: 'request.finished', at: T + 25, requestId: 'r1', status: 200, latencyMs: 25, ttfbMs: 25, attempts: 2, providerId: 'b', model: 'm', attemptStartedAt: T + 5, attemptTtfbMs: 20, outputTokens: 3 },
      { type: 'request.finished', at: T, requestId: 'r2', status: 503, errorCode: 'NO_HEALTHY_PROVIDER', latencyMs: 1, attempts: 0 },
    ]);
    expect(entryOf(failover!.record).attempts.map((a) => [a.n, a.providerId, a.outcome, a.kind ?? a.reason, a.ms])).toEqual([
      [1, 'a', 'failed', 'overloaded', 5],
      [2, 'c', 'skipped', 'breaker-open', 0],
      [3, 'b', 'ok', undefined, 20],
    ]);
    expect(failover!.samples.map((s) => [s.labels.provider, s.ok, s.kind ?? null, s.output])).toEqual([
      ['b', true, null, 3],
      ['a', false, 'overloaded', 0],
      ['b', true, null, 3],
    ]);
    expect(failover!.samples[2]).toMatchObject({ latency: 20, ttfb: 20 });
    expect(none!.samples.map((s) => s.kind)).toEqual(['overloaded']);
    expect(entryOf(none!.record).attempts).toEqual([]);
    expect(entryOf(none!.record).outcome).toBe('error');
  });

  it('summaries merge the samples of a window: exact percentiles on bin bounds', () => {
    const store = createMetricsStore();
    const lat = [100, 100, 200, 300, 5000];
    const events: CoreEvent[] = lat.flatMap((ms, i) => [
      attempt(`r${i}`, 1),
      { type: 'attempt.succeeded', at: T + ms, requestId: `r${i}`, attempt: 1, providerId: 'p', model: 'm', keyId: 'p#0', ttfbMs: ms } as CoreEvent,
      { type: 'request.finished', at: T + ms, requestId: `r${i}`, status: 200, latencyMs: ms, ttfbMs: ms, attempts: 1, providerId: 'p', model: 'm', keyId: 'p#0', attemptStartedAt: T, attemptTtfbMs: ms, class: 'default' } as CoreEvent,
    ]);
    for (const r of run(events)) store.record(r.samples, T);
    const env = { store, now: () => T + 1000, health: () => ({ status: 'ok' as const, version: 'x', uptimeMs: 0, config: 't', providers: [] }), keyHint: () => undefined, storage: () => ({ persisted: true }) };
    const s = metricsSummary(env, '1h', 'key');
    expect(s.rows).toHaveLength(1);
    expect(s.rows[0]).toMatchObject({ key: 'p#0', requests: 5, latency: { p50: 200, p95: 5000, p99: 5000 } });
    expect(s.totals.latency).toEqual({ p50: 200, p95: 5000, p99: 5000 });
  });
});

describe('histogram', () => {
  it('bins by upper bound; percentiles are the bin bound clamped to what was seen', () => {
    expect(binOf(1)).toBe(0);
    expect(binOf(1.5)).toBe(1);
    expect(binOf(600_000)).toBe(BOUNDS.length - 1);
    expect(binOf(600_001)).toBe(BOUNDS.length);
    const h = newHist();
    for (const v of [7, 7, 7]) observe(h, v, binOf(v));
    expect(percentile(h, 0.5)).toBe(7); // bin (6, 8] answers 8, clamped to the largest value seen
    observe(h, 1e7, binOf(1e7));
    expect(percentile(h, 0.99)).toBe(1e7);
    expect(percentile(newHist(), 0.5)).toBeNull();
  });
});
