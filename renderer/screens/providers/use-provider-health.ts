/**
 * Live health per provider from the metrics snapshots: the latest error rate and in-flight count,
 * and the last minute of median latency for the card's sparkline (one point per snapshot).
 */
import { useState } from 'react';
import type { MetricsSnapshot } from '../../../shared/api/dto/observability';
import { useApiEvent } from '../../api/use-api-data';

export const SPARK_POINTS = 60;

export interface LiveProviderHealth {
  latest: MetricsSnapshot['providers'][number] | undefined;
  latency: Array<number | null>;
}

export function foldSnapshot(prev: Map<string, LiveProviderHealth>, s: MetricsSnapshot): Map<string, LiveProviderHealth> {
  const next = new Map<string, LiveProviderHealth>();
  for (const p of s.providers) {
    const old = prev.get(p.providerId)?.latency ?? [];
    const latency = [...old, p.latencyP50].slice(-SPARK_POINTS);
    next.set(p.providerId, { latest: p, latency });
  }
  return next;
}

export function useProviderHealth(): Map<string, LiveProviderHealth> {
  const [health, setHealth] = useState(() => new Map<string, LiveProviderHealth>());
  useApiEvent('metrics', (s) => setHealth((prev) => foldSnapshot(prev, s)));
  return health;
}
