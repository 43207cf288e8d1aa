import { describe, expect, it } from 'vitest';
import type { Target, TargetList } from '../../../electron/core/config/types';
import { orderTargets, type StrategyInputs } from '../../../electron/core/routing/strategies';
import { list, seeded } from './support';

function inputs(over: Partial<StrategyInputs> = {}): StrategyInputs {
  const rotations = new WeakMap<TargetList, number>();
  return {
    random: seeded(42),
    weightOf: () => 1,
    latencyOf: () => undefined,
    inFlightOf: () => 0,
    nextRotation: (l) => {
      const n = rotations.get(l) ?? 0;
      rotations.set(l, n + 1);
      return n;
    },
    explorationRate: 0,
    ...over,
  };
}

const names = (ts: Target[]) => ts.map((t) => t.providerId).join(',');

/** How often each provider comes first over `n` orderings. */
function firsts(l: TargetList, inp: StrategyInputs, n: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const first = orderTargets(l, inp)[0]!.providerId;
    counts[first] = (counts[first] ?? 0) + 1;
  }
  return counts;
}

describe('orderTargets', () => {
  it('failover keeps the list order and returns a copy', () => {
    const l = list('failover', 'a/m', 'b/m', 'c/m');
    const o = orderTargets(l, inputs());
    expect(names(o)).toBe('a,b,c');
    expect(o).not.toBe(l.targets);
  });

  it('round-robin rotates the start per request, keeping the rest as failover', () => {
    const l = list('round-robin', 'a/m', 'b/m', 'c/m');
    const inp = inputs();
    expect([1, 2, 3, 4].map(() => names(orderTargets(l, inp)))).toEqual(['a,b,c', 'b,c,a', 'c,a,b', 'a,b,c']);
    expect(firsts(l, inp, 300)).toEqual({ a: 100, b: 100, c: 100 });
  });

  it('weighted puts each target first in proportion to its weight, and returns all targets', () => {
    const l = list('weighted', 'a/m', 'b/m', 'c/m');
    const weights: Record<string, number> = { a: 1, b: 3, c: 6 };
    const inp = inputs({ weightOf: (id) => weights[id]!, random: seeded(7) });
    const n = 20_000;
    const counts = firsts(l, inp, n);
    expect(counts.a! / n).toBeCloseTo(0.1, 1);
    expect(counts.b! / n).toBeCloseTo(0.3, 1);
    expect(counts.c! / n).toBeCloseTo(0.6, 1);
    expect(Math.abs(counts.c! / n - 0.6)).toBeLessThan(0.015);
    expect(Math.abs(counts.a! / n - 0.1)).toBeLessThan(0.015);
    expect(orderTargets(l, inp).map((t) => t.providerId).sort()).toEqual(['a', 'b', 'c']);
  });

  it('weighted is reproducible with the same seed and puts weight 0 last', () => {
    const l = list('weighted', 'a/m', 'b/m', 'z/m');
    const w = (id: string) => (id === 'z' ? 0 : 1);
    const run = () => {
      const inp = inputs({ weightOf: w, random: seeded(3) });
      return Array.from({ length: 50 }, () => names(orderTargets(l, inp)));
    };
    const one = run();
    expect(one).toEqual(run());
    expect(one.every((s) => s.endsWith(',z'))).toBe(true);
    expect(new Set(one.map((s) => s[0])).size).toBe(2);
  });

  it('least-latency orders by EWMA, unknown targets first, ties in list order', () => {
    const l = list('least-latency', 'a/m', 'b/m', 'c/m', 'd/m');
    const lat: Record<string, number | undefined> = { a: 300, b: 100, c: undefined, d: 100 };
    expect(names(orderTargets(l, inputs({ latencyOf: (t) => lat[t.providerId] })))).toBe('c,b,d,a');
  });

  it('least-latency explores: with the exploration rate, a random other target goes first', () => {
    const l = list('least-latency', 'a/m', 'b/m', 'c/m');
    const lat: Record<string, number> = { a: 50, b: 100, c: 200 };
    const inp = inputs({ latencyOf: (t) => lat[t.providerId], explorationRate: 0.1, random: seeded(11) });
    const counts = firsts(l, inp, 10_000);
    expect(counts.a! / 10_000).toBeCloseTo(0.9, 1);
    expect(counts.b! + counts.c!).toBe(10_000 - counts.a!);
    expect(Math.abs(counts.b! - counts.c!)).toBeLessThan(200);
  });

  it('least-busy orders by in-flight, breaking ties by rotation', () => {
    const l = list('least-busy', 'a/m', 'b/m', 'c/m');
    const busy: Record<string, number> = { a: 2, b: 0, c: 0 };
    const inp = inputs({ inFlightOf: (id) => busy[id]! });
    expect(names(orderTargets(l, inp))).toBe('b,c,a');
    expect(names(orderTargets(l, inp))).toBe('b,c,a');
    expect(names(orderTargets(l, inp))).toBe('c,b,a');
    busy.a = 0;
    busy.c = 5;
    expect(names(orderTargets(l, inp))).toBe('a,b,c');
  });

  it('a single target is returned as is for every strategy', () => {
    for (const s of ['failover', 'round-robin', 'weighted', 'least-latency', 'least-busy'] as const) {
      expect(names(orderTargets(list(s, 'a/m'), inputs()))).toBe('a');
    }
  });
});
