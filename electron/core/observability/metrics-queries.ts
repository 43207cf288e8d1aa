/**
 * The answers built from the in-memory metrics: the summary over a window, time series, and the
 * live snapshot pushed at most once a second. Live state (in flight, breakers) comes from the
 * core's health; key hints from the running config.
 */
import type { MetricGroup, MetricRow, MetricWindow, MetricsSnapshot, MetricsSummary, TimeSeries } from '../../../shared/api/dto/observability';
import type { HealthResponse } from '../../../shared/health';
import { newBucket, toMetricRow, toSeriesPoint } from './bucket';
import type { Bucket } from './bucket';
import { percentile } from './histogram';
import { DAY, WINDOWS } from './metrics-store';
import type { MetricsStore } from './metrics-store';

export interface QueryEnv {
  store: MetricsStore;
  now(): number;
  health(): HealthResponse;
  keyHint(keyId: string): string | undefined;
  storage(): { persisted: boolean; problem?: string };
}

function windowStart(env: QueryEnv, window: MetricWindow, now: number): { from: number; step: number } {
  const w = WINDOWS[window];
  const step = env.store.stepOf(w.tier);
  const from = now - (now % step) - w.ms + step;
  return { from, step };
}

const EMPTY = () => newBucket({ scope: 'request', provider: '', model: '', class: '', key: '' });

function live(health: HealthResponse): MetricsSummary['live'] {
  return health.providers.map((p) => ({ providerId: p.id, inFlight: p.inFlight, breaker: p.breaker }));
}

export function metricsSummary(env: QueryEnv, window: MetricWindow = '1h', groupBy: MetricGroup = 'provider'): MetricsSummary {
  const now = env.now();
  const { from } = windowStart(env, window, now);
  const tier = WINDOWS[window].tier;
  const total = env.store.aggregate(tier, from, 'total').get('total') ?? EMPTY();
  const rows: MetricRow[] = [...env.store.aggregate(tier, from, groupBy)]
    .map(([key, b]) => toMetricRow(key, b, groupBy === 'key' ? env.keyHint(key) : undefined))
    .sort((a, b) => b.requests - a.requests || a.key.localeCompare(b.key));
  const storage = env.storage();
  const out: MetricsSummary = { window, groupBy, from, to: now, totals: toMetricRow('total', total), rows, live: live(env.health()), persisted: storage.persisted };
  if (storage.problem !== undefined) out.storageProblem = storage.problem;
  return out;
}

export function timeSeries(env: QueryEnv, window: MetricWindow = '1h', groupBy: TimeSeries['groupBy'] = 'total'): TimeSeries {
  const now = env.now();
  const w = WINDOWS[window];
  const tierStep = env.store.stepOf(w.tier);
  const step = w.seriesStep;
  // Day steps line up with UTC days; the other steps with the tier's buckets.
  const from = step === DAY ? now - (now % DAY) - w.ms + DAY : now - (now % tierStep) - w.ms + tierStep;
  const found = env.store.series(w.tier, from, step, groupBy);
  const starts: number[] = [];
  for (let t = from; t <= now; t += step) starts.push(t);
  const series = [...found]
    .map(([key, points]) => ({ key, points: starts.map((t) => toSeriesPoint(t, points.get(t))) }))
    .sort((a, b) => a.key.localeCompare(b.key));
  return { window, groupBy, stepMs: step, from, to: now, series };
}

/** Local midnight of the day containing `now`, on the hour grid (hour buckets are UTC hours). */
function localMidnight(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime() - (d.getTime() % (60 * 60 * 1000));
}

export function metricsSnapshot(env: QueryEnv): MetricsSnapshot {
  const now = env.now();
  const { from } = windowStart(env, '1m', now);
  const minute: Bucket = env.store.aggregate('fine', from, 'total').get('total') ?? EMPTY();
  const today: Bucket = env.store.aggregate('hour', localMidnight(now), 'total').get('total') ?? EMPTY();
  const byProvider = env.store.aggregate('fine', from, 'provider');
  const health = env.health();
  const ids = new Set([...health.providers.map((p) => p.id), ...[...byProvider.keys()].filter((k) => k !== '(none)')]);
  return {
    at: now,
    lastMinute: {
      requests: minute.requests,
      errors: minute.errors,
      latency: { p50: percentile(minute.latency, 0.5), p95: percentile(minute.latency, 0.95), p99: percentile(minute.latency, 0.99) },
      ttfb: { p50: percentile(minute.ttfb, 0.5), p95: percentile(minute.ttfb, 0.95), p99: percentile(minute.ttfb, 0.99) },
    },
    today: {
      requests: today.requests,
      errors: today.errors,
      tokens: { input: today.input, output: today.output, cacheRead: today.cacheRead, cacheWrite: today.cacheWrite, estimated: today.estimated > 0 },
      costUsd: today.priced > 0 ? Math.round(today.costUsd * 1e6) / 1e6 : null,
    },
    providers: [...ids].map((id) => {
      const b = byProvider.get(id);
      const h = health.providers.find((p) => p.id === id);
      return {
        providerId: id,
        requestsPerMin: b?.requests ?? 0,
        errorRate: b && b.requests > 0 ? b.errors / b.requests : 0,
        latencyP50: percentile(b?.latency, 0.5),
        ttfbP50: percentile(b?.ttfb, 0.5),
        inFlight: h?.inFlight ?? 0,
        breaker: h?.breaker ?? 'closed',
      };
    }),
  };
}
