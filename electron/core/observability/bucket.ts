/**
 * One cell of the metrics: what happened for one set of labels in one time bucket. Two kinds of
 * rows share the shape:
 *
 * | scope     | labels                      | one sample is          | used for                          |
 * | --------- | --------------------------- | ---------------------- | --------------------------------- |
 * | `request` | class, provider, model      | a client request       | totals, by class, Prometheus      |
 * | `attempt` | provider, model, key id     | an upstream attempt    | by provider, model and key        |
 *
 * So a request that failed over counts once in the totals and once on every target it tried: a
 * provider's 429s stay visible even when another provider answered. Latency, TTFB and tokens/s
 * are kept for successes only (a timeout's duration says nothing about speed).
 */
import type { ErrorKind, MetricRow, SeriesPoint } from '../../../shared/api/dto/observability';
import { binOf, loadHist, mergeHist, newHist, observe, percentile, storeHist } from './histogram';
import type { Hist, StoredHist } from './histogram';

export interface Labels {
  scope: 'request' | 'attempt';
  provider: string;
  model: string;
  /** Request rows only. */
  class: string;
  /** Attempt rows only ('' without a key). */
  key: string;
}

export interface Bucket {
  labels: Labels;
  requests: number;
  successes: number;
  errors: number;
  kinds: Partial<Record<ErrorKind, number>>;
  latency?: Hist;
  ttfb?: Hist;
  tps?: Hist;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** Samples whose token counts were estimates. */
  estimated: number;
  costUsd: number;
  /** Samples with a known price. */
  priced: number;
}

/**
 * One request or attempt, reduced to what buckets add up; histogram bins computed once for every
 * tier. Plain numbers only (-1 for "none"): a sample allocates nothing besides itself.
 */
export interface Sample {
  labels: Labels;
  /** The labels as one string, the key within a time bucket. */
  key: string;
  ok: boolean;
  kind: ErrorKind | undefined;
  latency: number;
  latencyBin: number;
  ttfb: number;
  ttfbBin: number;
  /** Output tokens per second. */
  tps: number;
  tpsBin: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  estimated: boolean;
  cost: number | null;
}

export function labelsKey(l: Labels): string {
  return `${l.scope}\u001f${l.provider}\u001f${l.model}\u001f${l.class}\u001f${l.key}`;
}

/** Labels and their key per label set, made once (a sample then allocates no labels of its own). */
export function createLabelCache(): {
  request(provider: string, model: string, cls: string): { labels: Labels; key: string };
  attempt(provider: string, model: string, key: string): { labels: Labels; key: string };
} {
  type Cached = { labels: Labels; key: string };
  const maps = { request: new Map<string, Map<string, Map<string, Cached>>>(), attempt: new Map<string, Map<string, Map<string, Cached>>>() };
  const get = (scope: 'request' | 'attempt', a: string, b: string, c: string): Cached => {
    let m1 = maps[scope].get(a);
    if (!m1) maps[scope].set(a, (m1 = new Map()));
    let m2 = m1.get(b);
    if (!m2) m1.set(b, (m2 = new Map()));
    let hit = m2.get(c);
    if (!hit) {
      const labels: Labels = scope === 'request' ? { scope, provider: a, model: b, class: c, key: '' } : { scope, provider: a, model: b, class: '', key: c };
      m2.set(c, (hit = { labels, key: labelsKey(labels) }));
    }
    return hit;
  };
  return { request: (p, m, c) => get('request', p, m, c), attempt: (p, m, k) => get('attempt', p, m, k) };
}


export function newBucket(labels: Labels): Bucket {
  return { labels, requests: 0, successes: 0, errors: 0, kinds: {}, input: 0, output: 0, cacheRead: 0, cacheWrite: 0, estimated: 0, costUsd: 0, priced: 0 };
}

export function addSample(b: Bucket, s: Sample): void {
  b.requests++;
  if (s.ok) b.successes++;
  else {
    b.errors++;
    if (s.kind !== undefined) b.kinds[s.kind] = (b.kinds[s.kind] ?? 0) + 1;
  }
  if (s.latency >= 0) observe((b.latency ??= newHist()), s.latency, s.latencyBin);
  if (s.ttfb >= 0) observe((b.ttfb ??= newHist()), s.ttfb, s.ttfbBin);
  if (s.tps >= 0) observe((b.tps ??= newHist()), s.tps, s.tpsBin);
  b.input += s.input;
  b.output += s.output;
  b.cacheRead += s.cacheRead;
  b.cacheWrite += s.cacheWrite;
  if (s.estimated) b.estimated++;
  if (s.cost !== null) {
    b.costUsd += s.cost;
    b.priced++;
  }
}

export function mergeBucket(into: Bucket, from: Bucket): void {
  into.requests += from.requests;
  into.successes += from.successes;
  into.errors += from.errors;
  for (const [k, n] of Object.entries(from.kinds) as Array<[ErrorKind, number]>) into.kinds[k] = (into.kinds[k] ?? 0) + n;
  if (from.latency) mergeHist((into.latency ??= newHist()), from.latency);
  if (from.ttfb) mergeHist((into.ttfb ??= newHist()), from.ttfb);
  if (from.tps) mergeHist((into.tps ??= newHist()), from.tps);
  into.input += from.input;
  into.output += from.output;
  into.cacheRead += from.cacheRead;
  into.cacheWrite += from.cacheWrite;
  into.estimated += from.estimated;
  into.costUsd += from.costUsd;
  into.priced += from.priced;
}

const pct = (h: Hist | undefined) => ({ p50: percentile(h, 0.5), p95: percentile(h, 0.95), p99: percentile(h, 0.99) });
const usd = (v: number) => Math.round(v * 1e6) / 1e6;

export function toMetricRow(key: string, b: Bucket, hint?: string): MetricRow {
  const row: MetricRow = {
    key,
    requests: b.requests,
    successes: b.successes,
    errors: b.errors,
    errorsByKind: { ...b.kinds },
    latency: pct(b.latency),
    ttfb: pct(b.ttfb),
    outputTokensPerSec: percentile(b.tps, 0.5),
    tokens: { input: b.input, output: b.output, cacheRead: b.cacheRead, cacheWrite: b.cacheWrite, estimated: b.estimated > 0 },
    costUsd: b.priced > 0 ? usd(b.costUsd) : null,
  };
  if (hint !== undefined) row.hint = hint;
  return row;
}

export function toSeriesPoint(t: number, b: Bucket | undefined): SeriesPoint {
  return {
    t,
    requests: b?.requests ?? 0,
    errors: b?.errors ?? 0,
    errorsByKind: { ...b?.kinds },
    latency: pct(b?.latency),
    ttfb: pct(b?.ttfb),
    inputTokens: b?.input ?? 0,
    outputTokens: b?.output ?? 0,
    costUsd: usd(b?.costUsd ?? 0),
  };
}

/** Storage form (JSON): the counters and the histograms' non-empty bins. */
export interface StoredBucket extends Omit<Bucket, 'latency' | 'ttfb' | 'tps' | 'labels'> {
  latency?: StoredHist;
  ttfb?: StoredHist;
  tps?: StoredHist;
}

export function storeBucket(b: Bucket): string {
  const { labels: _l, latency, ttfb, tps, ...counts } = b;
  const s: StoredBucket = { ...counts };
  if (latency) s.latency = storeHist(latency);
  if (ttfb) s.ttfb = storeHist(ttfb);
  if (tps) s.tps = storeHist(tps);
  return JSON.stringify(s);
}

export function loadBucket(labels: Labels, text: string): Bucket {
  const s = JSON.parse(text) as StoredBucket;
  const b = newBucket(labels);
  for (const k of ['requests', 'successes', 'errors', 'input', 'output', 'cacheRead', 'cacheWrite', 'estimated', 'costUsd', 'priced'] as const) {
    if (typeof s[k] === 'number') b[k] = s[k];
  }
  if (s.kinds && typeof s.kinds === 'object') b.kinds = { ...s.kinds };
  if (s.latency) b.latency = loadHist(s.latency);
  if (s.ttfb) b.ttfb = loadHist(s.ttfb);
  if (s.tps) b.tps = loadHist(s.tps);
  return b;
}
