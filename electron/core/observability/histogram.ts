/**
 * Fixed-bin histograms for latencies (ms) and throughput (tokens/s): roughly 1-2-5 steps with
 * intermediate points, 1 to 600,000, plus an overflow bin. Every bucket of every tier uses the same
 * bins, so merging is adding arrays, and Prometheus buckets (a subset of the bounds) are exact.
 *
 * Percentiles use the nearest rank: the bin that holds the rank-th value answers with its upper
 * bound, clamped to the smallest and largest value seen. So the answer is never more than one bin
 * wide (≤ 25%) off, and traffic whose values sit on bin bounds (or are all equal) gives exact answers.
 */

export const BOUNDS: readonly number[] = [
  1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500, 600, 800, 1000, 1200, 1500, 2000, 2500,
  3000, 4000, 5000, 6000, 8000, 10_000, 12_000, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000, 60_000, 80_000, 100_000, 120_000, 150_000,
  200_000, 300_000, 600_000,
];
const BINS = BOUNDS.length + 1;

export interface Hist {
  bins: Uint32Array;
  n: number;
  sum: number;
  min: number;
  max: number;
}

export function newHist(): Hist {
  return { bins: new Uint32Array(BINS), n: 0, sum: 0, min: Infinity, max: -Infinity };
}

/** The bin a value falls in (upper bound inclusive); computed once per value, reused across tiers. */
export function binOf(v: number): number {
  let lo = 0;
  let hi = BOUNDS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= BOUNDS[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function observe(h: Hist, v: number, bin: number): void {
  h.bins[bin]!++;
  h.n++;
  h.sum += v;
  if (v < h.min) h.min = v;
  if (v > h.max) h.max = v;
}

export function mergeHist(into: Hist, from: Hist): void {
  if (from.n === 0) return;
  for (let i = 0; i < BINS; i++) into.bins[i]! += from.bins[i]!;
  into.n += from.n;
  into.sum += from.sum;
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
}

/** Nearest-rank percentile (q in (0, 1]); null without values. */
export function percentile(h: Hist | undefined, q: number): number | null {
  if (h === undefined || h.n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * h.n));
  let seen = 0;
  for (let i = 0; i < BINS; i++) {
    seen += h.bins[i]!;
    if (seen >= rank) {
      const upper = i < BOUNDS.length ? BOUNDS[i]! : h.max;
      return Math.min(h.max, Math.max(h.min, upper));
    }
  }
  return h.max;
}

/** Cumulative count of values ≤ `bound`, for a bound that is one of BOUNDS (Prometheus `le`). */
export function countAtMost(h: Hist, bound: number): number {
  let c = 0;
  for (let i = 0; i < BOUNDS.length && BOUNDS[i]! <= bound; i++) c += h.bins[i]!;
  return c;
}

/** Compact form for storage: `[[bin, count], …]` plus the moments. */
export interface StoredHist {
  b: Array<[number, number]>;
  n: number;
  s: number;
  lo: number;
  hi: number;
}

export function storeHist(h: Hist): StoredHist {
  const b: Array<[number, number]> = [];
  for (let i = 0; i < BINS; i++) if (h.bins[i]! > 0) b.push([i, h.bins[i]!]);
  return { b, n: h.n, s: h.sum, lo: h.min, hi: h.max };
}

export function loadHist(s: StoredHist): Hist {
  const h = newHist();
  for (const [i, c] of s.b) if (i >= 0 && i < BINS) h.bins[i] = c;
  h.n = s.n;
  h.sum = s.s;
  h.min = s.lo;
  h.max = s.hi;
  return h;
}
