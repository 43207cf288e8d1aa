/**
 * Metrics in memory, in time buckets per label set. A finished request adds its samples to the
 * current bucket of each tier (a few map look-ups and counter increments); every query reads the
 * tiers, never the database. The minute and hour tiers are also written to the history database
 * (in batches, by the storage) and read back after a restart.
 *
 * | tier     | step  | kept in memory | answers                          | stored |
 * | -------- | ----- | -------------- | -------------------------------- | ------ |
 * | `fine`   | 10 s  | 3 minutes      | the 1m window, live snapshots    | no     |
 * | `minute` | 1 min | 2 hours        | the 1h window                    | 7 days |
 * | `hour`   | 1 h   | 31 days        | 24h, 7d, 30d; "today"            | 90 days|
 * | `life`   | —     | process life   | Prometheus counters              | no     |
 *
 * A window covers the last `window / step` buckets, the current (partial) one included.
 */
import type { MetricGroup, MetricWindow } from '../../../shared/api/dto/observability';
import { addSample, labelsKey, mergeBucket, newBucket } from './bucket';
import type { Bucket, Labels, Sample } from './bucket';

export type TierName = 'fine' | 'minute' | 'hour' | 'life';
export type StoredTier = 'minute' | 'hour';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

interface Tier {
  step: number;
  keepMs: number;
  buckets: Map<number, Map<string, Bucket>>;
  /** Bucket starts changed since the last `takeDirty` (stored tiers only). */
  dirty?: Set<number>;
}

export const WINDOWS: Readonly<Record<MetricWindow, { ms: number; tier: Exclude<TierName, 'life'>; seriesStep: number }>> = {
  '1m': { ms: MIN, tier: 'fine', seriesStep: 10 * SEC },
  '1h': { ms: HOUR, tier: 'minute', seriesStep: MIN },
  '24h': { ms: DAY, tier: 'hour', seriesStep: HOUR },
  '7d': { ms: 7 * DAY, tier: 'hour', seriesStep: HOUR },
  '30d': { ms: 30 * DAY, tier: 'hour', seriesStep: DAY },
};

export type RowGroup = MetricGroup | 'total';

/** The row key a bucket belongs to under a grouping, or undefined when the bucket's scope does not apply. */
export function groupKey(l: Labels, group: RowGroup): string | undefined {
  const none = (v: string) => (v === '' ? '(none)' : v);
  switch (group) {
    case 'total':
      return l.scope === 'request' ? 'total' : undefined;
    case 'class':
      return l.scope === 'request' ? none(l.class) : undefined;
    case 'provider':
      return l.scope === 'attempt' ? none(l.provider) : undefined;
    case 'model':
      return l.scope === 'attempt' ? `${l.provider}/${l.model}` : undefined;
    case 'key':
      return l.scope === 'attempt' ? none(l.key) : undefined;
  }
}

export interface MetricsStore {
  record(samples: readonly Sample[], at: number): void;
  /** Merged buckets per row key for `[from, now]` of a tier. */
  aggregate(tier: Exclude<TierName, 'life'>, from: number, group: RowGroup): Map<string, Bucket>;
  /** Buckets per (row key, step start) for a series. */
  series(tier: Exclude<TierName, 'life'>, from: number, step: number, group: RowGroup): Map<string, Map<number, Bucket>>;
  /** The process-lifetime buckets (Prometheus). */
  life(): Iterable<Bucket>;
  /** Changed buckets of the stored tiers since the last call. */
  takeDirty(): Array<{ tier: StoredTier; start: number; bucket: Bucket }>;
  /** Puts stored buckets back after a restart (those still inside the memory horizon). */
  restore(tier: StoredTier, start: number, bucket: Bucket, now: number): void;
  /** Drops buckets past each tier's horizon. */
  prune(now: number): void;
  stepOf(tier: Exclude<TierName, 'life'>): number;
}

export function createMetricsStore(): MetricsStore {
  const tiers: Record<Exclude<TierName, 'life'>, Tier> = {
    fine: { step: 10 * SEC, keepMs: 3 * MIN, buckets: new Map() },
    minute: { step: MIN, keepMs: 2 * HOUR + MIN, buckets: new Map(), dirty: new Set() },
    hour: { step: HOUR, keepMs: 31 * DAY, buckets: new Map(), dirty: new Set() },
  };
  const order = [tiers.fine, tiers.minute, tiers.hour];
  const life = new Map<string, Bucket>();

  const cell = (map: Map<string, Bucket>, s: Sample): Bucket => {
    let b = map.get(s.key);
    if (b === undefined) map.set(s.key, (b = newBucket(s.labels)));
    return b;
  };

  return {
    record(samples, at) {
      for (const t of order) {
        const start = at - (at % t.step);
        let map = t.buckets.get(start);
        if (map === undefined) t.buckets.set(start, (map = new Map()));
        for (const s of samples) addSample(cell(map, s), s);
        t.dirty?.add(start);
      }
      for (const s of samples) addSample(cell(life, s), s);
    },

    aggregate(tier, from, group) {
      const out = new Map<string, Bucket>();
      for (const [start, map] of tiers[tier].buckets) {
        if (start < from) continue;
        for (const b of map.values()) {
          const key = groupKey(b.labels, group);
          if (key === undefined) continue;
          let into = out.get(key);
          if (into === undefined) out.set(key, (into = newBucket(b.labels)));
          mergeBucket(into, b);
        }
      }
      return out;
    },

    series(tier, from, step, group) {
      const out = new Map<string, Map<number, Bucket>>();
      for (const [start, map] of tiers[tier].buckets) {
        if (start < from) continue;
        const t = start - ((start - from) % step);
        for (const b of map.values()) {
          const key = groupKey(b.labels, group);
          if (key === undefined) continue;
          let points = out.get(key);
          if (points === undefined) out.set(key, (points = new Map()));
          let into = points.get(t);
          if (into === undefined) points.set(t, (into = newBucket(b.labels)));
          mergeBucket(into, b);
        }
      }
      return out;
    },

    life: () => life.values(),

    takeDirty() {
      const out: Array<{ tier: StoredTier; start: number; bucket: Bucket }> = [];
      for (const name of ['minute', 'hour'] as const) {
        const t = tiers[name];
        for (const start of t.dirty!) for (const bucket of t.buckets.get(start)?.values() ?? []) out.push({ tier: name, start, bucket });
        t.dirty!.clear();
      }
      return out;
    },

    restore(tier, start, bucket, now) {
      const t = tiers[tier];
      if (start < now - t.keepMs) return;
      let map = t.buckets.get(start);
      if (map === undefined) t.buckets.set(start, (map = new Map()));
      const key = labelsKey(bucket.labels);
      const have = map.get(key);
      if (have) mergeBucket(have, bucket);
      else map.set(key, bucket);
    },

    prune(now) {
      for (const t of order) for (const start of t.buckets.keys()) if (start < now - t.keepMs) t.buckets.delete(start);
    },

    stepOf: (tier) => tiers[tier].step,
  };
}
