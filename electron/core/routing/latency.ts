/**
 * Exponentially weighted moving average of time to first byte, by an arbitrary key (a target, a provider).
 * The first sample is taken as is.
 */
import { LATENCY_DEFAULTS } from './retry-policy';

export interface LatencyTracker {
  record(key: string, ms: number): void;
  get(key: string): number | undefined;
  delete(key: string): void;
}

export function createLatencyTracker(alpha: number = LATENCY_DEFAULTS.ewmaAlpha): LatencyTracker {
  const values = new Map<string, number>();
  return {
    record(key, ms) {
      const prev = values.get(key);
      values.set(key, prev === undefined ? ms : alpha * ms + (1 - alpha) * prev);
    },
    get: (key) => values.get(key),
    delete: (key) => void values.delete(key),
  };
}

/** The tracker key of a target. */
export const targetKey = (providerId: string, model: string): string => `${providerId}/${model}`;
