/**
 * Paired probes for time to the first body byte: one request through the proxy and the same request
 * straight to the upstream, back to back (the order alternates), one at a time; the figure is the median
 * (and p90) of the per-pair differences. Pairs cancel the slow drifts of a shared machine that separate
 * load rounds only average out.
 */
import type { Pool } from 'undici';

export interface ProbeScenario {
  name: string;
  proxyPath: string;
  proxyBody: string;
  directPath: string;
  directBody: string;
  /** Where the "proxy" side goes instead of aimux (the reference proxies). */
  via?: Pool;
}

export interface ProbeResult {
  name: string;
  pairs: number;
  addedP50: number;
  addedP90: number;
}

/** Milliseconds until the first byte of the response body (not the headers). */
async function firstBodyByte(pool: Pool, path: string, body: string, headers: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const res = await pool.request({ method: 'POST', path, body, headers });
  let first = NaN;
  for await (const _chunk of res.body) {
    if (Number.isNaN(first)) first = performance.now() - t0;
  }
  if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
  return first;
}

export async function runTtfbProbes(direct: Pool, viaProxy: Pool, headers: Record<string, string>, scenarios: ProbeScenario[], pairs: number): Promise<ProbeResult[]> {
  const warmup = Math.min(200, pairs);
  const diffs = scenarios.map(() => [] as number[]);
  // Scenarios interleaved pair by pair, so drifts hit them alike.
  for (let i = -warmup; i < pairs; i++) {
    for (let k = 0; k < scenarios.length; k++) {
      const s = scenarios[k]!;
      const viaFirst = i % 2 === 0;
      const via = s.via ?? viaProxy;
      const a = viaFirst ? await firstBodyByte(via, s.proxyPath, s.proxyBody, headers) : await firstBodyByte(direct, s.directPath, s.directBody, headers);
      const b = viaFirst ? await firstBodyByte(direct, s.directPath, s.directBody, headers) : await firstBodyByte(via, s.proxyPath, s.proxyBody, headers);
      if (i >= 0) diffs[k]!.push(viaFirst ? a - b : b - a);
    }
  }
  return scenarios.map((s, k) => {
    const d = diffs[k]!.sort((x, y) => x - y);
    return { name: s.name, pairs: d.length, addedP50: d[Math.floor(d.length / 2)] ?? NaN, addedP90: d[Math.floor(d.length * 0.9)] ?? NaN };
  });
}
