/**
 * Bench scenario: what observability costs. One `aimux serve` process with a passthrough config;
 * between rounds the bench rewrites its config file with `observability.enabled` on or off (the
 * metrics, request log and history database, or none of them) and waits until the proxy has applied
 * it (GET /api/v1/config/export with the admin token from the data dir), then runs a short unmeasured
 * warm-up. Paired rounds alternate which goes first. Reported: requests/s with it on and off, their
 * ratio, and the p50 it adds (on minus off).
 * Targets (issue 16): at most 0.05 ms added p50, at most 5% of throughput at concurrency 50.
 *
 * Why one process and not two (one with it on, one with it off): two identical proxies differ by
 * several percent for their whole life on a shared 2-core VM (an A/A run of two identical processes
 * measured +7.4%, +3.1% and −5.8% in three runs of 8 interleaved rounds; docs/benchmarks.md,
 * 2026-12-03, 09:05), which is the size of the target. Toggled in one process, an A/A run (no
 * toggle) gave 100.8% and the same CPU per request within 0.1%.
 *
 * The proxy's CPU time per request is reported too (Linux /proc): the event loop's thread, and the
 * whole process (V8's GC and compiler threads included). At concurrency 50 the proxy is CPU-bound.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';

interface Sample {
  ms: number[];
  count: number;
  seconds: number;
}

export interface ObservabilityBenchDeps {
  upstreamUrl: string;
  startProxy(configPath: string, extraArgs: string[]): Promise<{ url: string; pid: number; stop(): Promise<void> }>;
  load(pool: Pool, path: string, body: string, headers: Record<string, string>, stream: boolean, concurrency: number, durationMs: number): Promise<Sample>;
  rounds: number;
  roundMs: number;
}

export interface ObservabilityRow {
  scenario: string;
  concurrency: number;
  offRps: number;
  onRps: number;
  /** Median of the per-round on/off throughput ratios. */
  ratio: number;
  /** Median of the per-round p50 differences, on minus off (ms). */
  added50: number;
  /** CPU µs per request of the event loop's thread, off and on (NaN without /proc). */
  offLoopUs: number;
  onLoopUs: number;
  /** CPU µs per request of the whole process, off and on. */
  offProcUs: number;
  onProcUs: number;
}

/** CPU time in ms of a process (tid undefined) or of one of its threads, from /proc; NaN elsewhere. */
function cpuMs(pid: number, tid?: number): number {
  try {
    const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in USER_HZ (100) ticks
  } catch {
    return NaN;
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Unmeasured load after each switch, so that a round starts from a settled state. */
const SETTLE_MS = 500;

export async function runObservabilityBench(d: ObservabilityBenchDeps): Promise<ObservabilityRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'aimux-bench-obs-'));
  const configPath = join(dir, 'config.json');
  const dataDir = join(dir, 'data');
  const writeConfig = (enabled: boolean) =>
    writeFileSync(
      configPath,
      JSON.stringify({
        providers: [{ id: 'anth', protocol: 'anthropic', baseUrl: d.upstreamUrl, apiKeys: ['bench-key-0000000001'], models: ['m'] }],
        routing: { default: ['anth/m'] },
        observability: { enabled },
      }),
    );
  writeConfig(true);
  const proxy = await d.startProxy(configPath, ['--data-dir', dataDir]);
  const pool = new Pool(proxy.url, { connections: 64, pipelining: 1 });
  const api = new Pool(proxy.url, { connections: 1 });
  const adminToken = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  const applied = async (): Promise<boolean | undefined> => {
    const r = await api.request({ method: 'GET', path: '/api/v1/config/export', headers: { authorization: `Bearer ${adminToken}` } });
    const body = (await r.body.json()) as { config?: { observability?: { enabled?: boolean } } };
    return body.config?.observability?.enabled;
  };
  let current = true;
  /** Switches observability through the config file, as a user's edit does, and waits until it is applied. */
  const setObservability = async (enabled: boolean) => {
    if (enabled === current) return;
    writeConfig(enabled);
    const deadline = performance.now() + 10_000;
    while ((await applied()) !== enabled) {
      if (performance.now() > deadline) throw new Error(`the proxy did not apply observability.enabled = ${enabled} within 10 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
    current = enabled;
  };

  const headers = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'client' };
  const body = (stream: boolean) => JSON.stringify({ model: 'anth/m', max_tokens: 64, stream, messages: [{ role: 'user', content: 'Say hello in a few words.' }] });
  const scenarios = [
    { name: 'passthrough non-stream', stream: false },
    { name: 'passthrough stream (TTFB)', stream: true },
  ];
  for (const enabled of [false, true]) {
    await setObservability(enabled);
    for (const s of scenarios) await d.load(pool, '/v1/messages', body(s.stream), headers, s.stream, 50, 1000);
  }

  const rows: ObservabilityRow[] = [];
  for (const concurrency of [1, 50]) {
    for (const s of scenarios) {
      const per = { off: [] as number[], on: [] as number[], ratio: [] as number[], added: [] as number[], offLoop: [] as number[], onLoop: [] as number[], offProc: [] as number[], onProc: [] as number[] };
      for (let r = 0; r < d.rounds; r++) {
        const measure = async (which: 'off' | 'on') => {
          await setObservability(which === 'on');
          await d.load(pool, '/v1/messages', body(s.stream), headers, s.stream, concurrency, SETTLE_MS);
          const loop0 = cpuMs(proxy.pid, proxy.pid);
          const proc0 = cpuMs(proxy.pid);
          const sample = await d.load(pool, '/v1/messages', body(s.stream), headers, s.stream, concurrency, d.roundMs);
          per[`${which}Loop`].push(((cpuMs(proxy.pid, proxy.pid) - loop0) * 1000) / sample.count);
          per[`${which}Proc`].push(((cpuMs(proxy.pid) - proc0) * 1000) / sample.count);
          return sample;
        };
        let offS: Sample;
        let onS: Sample;
        if (r % 2 === 0) {
          offS = await measure('off');
          onS = await measure('on');
        } else {
          onS = await measure('on');
          offS = await measure('off');
        }
        const offRps = offS.count / offS.seconds;
        const onRps = onS.count / onS.seconds;
        per.off.push(offRps);
        per.on.push(onRps);
        per.ratio.push(onRps / offRps);
        per.added.push(percentile(onS.ms, 50) - percentile(offS.ms, 50));
      }
      rows.push({
        scenario: s.name,
        concurrency,
        offRps: median(per.off),
        onRps: median(per.on),
        ratio: median(per.ratio),
        added50: median(per.added),
        offLoopUs: median(per.offLoop),
        onLoopUs: median(per.onLoop),
        offProcUs: median(per.offProc),
        onProcUs: median(per.onProc),
      });
    }
  }
  await pool.close();
  await api.close();
  await proxy.stop();
  return rows;
}

export function printObservabilityRows(rows: ObservabilityRow[], fmt: (n: number, d?: number) => string, roundMs: number, rounds: number): void {
  console.log('');
  console.log(`observability on vs off (one proxy, switched between ${rounds} paired rounds of ${roundMs} ms; medians; targets: ≤ 0.05 ms added p50, ≥ 95% throughput at conc. 50):`);
  console.log('');
  console.log('| scenario | conc. | off req/s | on req/s | on/off | added p50 ms | event-loop CPU µs/req off → on | process CPU µs/req off → on |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const pct = (a: number, b: number) => `${b >= a ? '+' : ''}${fmt((100 * (b - a)) / a, 1)}%`;
  for (const r of rows) {
    console.log(
      `| ${r.scenario} | ${r.concurrency} | ${fmt(r.offRps, 0)} | ${fmt(r.onRps, 0)} | ${fmt(100 * r.ratio, 1)}% | ${fmt(r.added50)} | ${fmt(r.offLoopUs, 1)} → ${fmt(r.onLoopUs, 1)} (${pct(r.offLoopUs, r.onLoopUs)}) | ${fmt(r.offProcUs, 1)} → ${fmt(r.onProcUs, 1)} (${pct(r.offProcUs, r.onProcUs)}) |`,
    );
  }
}
