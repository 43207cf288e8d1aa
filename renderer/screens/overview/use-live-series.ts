/**
 * Time series for a window, live: each finished request is folded into the current bucket at once
 * (counts, errors, tokens), and the series is re-read now and then (percentiles need the server),
 * at most every 15 s for the last hour and every minute for 24 h.
 */
import { useRef } from 'react';
import type { RequestLogEntry, SeriesPoint, TimeSeries } from '../../../shared/api/dto/observability';
import { useApiData, useApiEvent } from '../../api/use-api-data';

const REFRESH_MS: Record<string, number> = { '1h': 15_000, '24h': 60_000 };

export function foldRequest(s: TimeSeries, r: RequestLogEntry): TimeSeries {
  const total = s.series[0] ?? { key: 'total', points: [] };
  const t = Math.floor(r.at / s.stepMs) * s.stepMs;
  const points = total.points.slice();
  let last = points[points.length - 1];
  if (!last || last.t < t) {
    last = { t, requests: 0, errors: 0, errorsByKind: {}, latency: { p50: null, p95: null, p99: null }, ttfb: { p50: null, p95: null, p99: null }, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    points.push(last);
    const from = t - (s.to - s.from) + s.stepMs;
    while (points.length > 0 && points[0]!.t < from) points.shift();
  } else if (last.t > t) {
    return s;
  }
  const failed = r.outcome !== 'ok';
  const kind = failed ? (r.attempts[r.attempts.length - 1]?.kind ?? (r.outcome === 'client_abort' ? 'client_abort' : 'server')) : undefined;
  const next: SeriesPoint = {
    ...last,
    requests: last.requests + 1,
    errors: last.errors + (failed ? 1 : 0),
    errorsByKind: kind ? { ...last.errorsByKind, [kind]: (last.errorsByKind[kind] ?? 0) + 1 } : last.errorsByKind,
    inputTokens: last.inputTokens + r.tokens.input,
    outputTokens: last.outputTokens + r.tokens.output,
    costUsd: last.costUsd + (r.costUsd ?? 0),
  };
  points[points.length - 1] = next;
  return { ...s, to: Math.max(s.to, t + s.stepMs), series: [{ ...total, points }, ...s.series.slice(1)] };
}

export function useLiveSeries(window: '1h' | '24h') {
  const data = useApiData((c) => c.getTimeSeries({ window, groupBy: 'total' }), [window]);
  const lastLoad = useRef(Date.now());
  useApiEvent('request', (r) => data.setData((prev) => (prev ? foldRequest(prev, r) : (prev as unknown as TimeSeries))));
  useApiEvent('metrics', () => {
    if (Date.now() - lastLoad.current < (REFRESH_MS[window] ?? 60_000)) return;
    lastLoad.current = Date.now();
    void data.reload();
  });
  return data;
}
