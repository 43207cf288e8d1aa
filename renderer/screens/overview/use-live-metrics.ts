/**
 * The overview's figures: the latest metrics snapshot (pushed at most once a second), started from
 * the summaries so the tiles are filled before the first snapshot arrives.
 */
import { useState } from 'react';
import type { MetricsSnapshot, MetricsSummary } from '../../../shared/api/dto/observability';
import { useApiData, useApiEvent } from '../../api/use-api-data';

function fromSummaries(minute: MetricsSummary, day: MetricsSummary): MetricsSnapshot {
  return {
    at: minute.to,
    lastMinute: { requests: minute.totals.requests, errors: minute.totals.errors, latency: minute.totals.latency, ttfb: minute.totals.ttfb },
    today: { requests: day.totals.requests, errors: day.totals.errors, tokens: day.totals.tokens, costUsd: day.totals.costUsd },
    providers: [],
  };
}

export function useLiveMetrics(): { snapshot: MetricsSnapshot | undefined; error: unknown } {
  const [live, setLive] = useState<MetricsSnapshot | undefined>(undefined);
  const initial = useApiData(async (c) => {
    const [minute, day] = await Promise.all([c.getMetricsSummary({ window: '1m' }), c.getMetricsSummary({ window: '24h' })]);
    return fromSummaries(minute, day);
  }, []);
  useApiEvent('metrics', setLive);
  return { snapshot: live ?? initial.data, error: live ? undefined : initial.error };
}
