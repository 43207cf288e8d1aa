/**
 * Orders one request's target list. The executor walks the whole ordered list (failover continues down it),
 * so every strategy returns every target, only the order differs:
 *
 * - `failover`: as listed.
 * - `round-robin`: as listed, rotated to start one further on each request of that list.
 * - `weighted`: a weighted random order without replacement (Efraimidis–Spirakis: sort by -ln(u)/weight), so
 *   target i comes first with probability weight_i / Σ weight. Weight ≤ 0 comes last (a last resort).
 * - `least-latency`: ascending EWMA of time to first byte; a target with no sample yet counts as 0 ms so
 *   new targets get tried. With probability `explorationRate` a random other target is moved to the
 *   front, so a target that once measured slow gets re-measured. Ties keep list order.
 * - `least-busy`: ascending in-flight requests of the target's provider; ties are broken by rotation
 *   (as round-robin) so idle providers share the load.
 */
import type { Target, TargetList } from '../config/types';
import { LATENCY_DEFAULTS } from './retry-policy';
import type { Random } from './types';

export interface StrategyInputs {
  random: Random;
  /** Provider weight (ProviderConfig.weight). */
  weightOf(providerId: string): number;
  /** EWMA time to first byte of a target, undefined when unknown. */
  latencyOf(target: Target): number | undefined;
  inFlightOf(providerId: string): number;
  /** Returns this list's rotation counter and advances it. */
  nextRotation(list: TargetList): number;
  explorationRate?: number;
}

export function orderTargets(list: TargetList, inputs: StrategyInputs): Target[] {
  const targets = list.targets;
  const n = targets.length;
  if (n <= 1) return targets.slice();
  switch (list.strategy) {
    case 'failover':
      return targets.slice();
    case 'round-robin':
      return rotate(targets, inputs.nextRotation(list) % n);
    case 'weighted':
      return sortBy(targets, (t) => {
        const w = inputs.weightOf(t.providerId);
        return w > 0 ? -Math.log(1 - inputs.random()) / w : Infinity;
      });
    case 'least-latency': {
      const ordered = sortBy(targets, (t) => inputs.latencyOf(t) ?? 0);
      const rate = inputs.explorationRate ?? LATENCY_DEFAULTS.explorationRate;
      if (rate > 0 && inputs.random() < rate) {
        const i = 1 + Math.floor(inputs.random() * (n - 1));
        const [picked] = ordered.splice(i, 1);
        ordered.unshift(picked!);
      }
      return ordered;
    }
    case 'least-busy':
      return sortBy(rotate(targets, inputs.nextRotation(list) % n), (t) => inputs.inFlightOf(t.providerId));
  }
}

function rotate(targets: readonly Target[], start: number): Target[] {
  return start === 0 ? targets.slice() : targets.slice(start).concat(targets.slice(0, start));
}

/** Stable ascending sort by a key computed once per target. */
function sortBy(targets: readonly Target[], key: (t: Target) => number): Target[] {
  const keyed = targets.map((t, i) => ({ t, k: key(t), i }));
  keyed.sort((a, b) => (a.k === b.k ? a.i - b.i : a.k < b.k ? -1 : 1));
  return keyed.map((e) => e.t);
}
