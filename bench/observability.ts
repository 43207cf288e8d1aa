/**
 * Bench scenario: what observability costs. Two `aimux serve` processes with the same passthrough
 * config, one with `observability.enabled` (metrics, request log, history database, the default)
 * and one without, each with its own data dir; paired rounds alternate which goes first. Reported:
 * requests/s with it on and off, their ratio, and the p50 it adds (on minus off).
 * Targets (issue 16): at most 0.05 ms added p50, at most 5% of throughput at concurrency 50.
 * On a busy machine throughput swings more than that between rounds, so the proxy's CPU time per
 * request is reported too (Linux /proc): the event loop's thread, and the whole process (V8's
 * GC and compiler threads included). At concurrency 50 the proxy is CPU-bound, so the event
 * loop's extra CPU per request is what throughput loses.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

export async function runObservabilityBench(d: ObservabilityBenchDeps): Promise<ObservabilityRow[]> {
  const proxies = [];
  for (const enabled of [false, true]) {
    const dir = mkdtempSync(join(tmpdir(), `aimux-bench-obs-${enabled ? 'on' : 'off'}-`));
    const configPath = join(dir, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        providers: [{ id: 'anth', protocol: 'anthropic', baseUrl: d.upstreamUrl, apiKeys: ['bench-key-0000000001'], models: ['m'] }],
        routing: { default: ['anth/m'] },
        observability: { enabled },
      }),
    );
    proxies.push(await d.startProxy(configPath, ['--data-dir', join(dir, 'data')]));
  }
  const [off, on] = proxies as [{ url: string; pid: number; stop(): Promise<void> }, { url: string; pid: number; stop(): Promise<void> }];
  const pools = { off: new Pool(off.url, { connections: 64, pipelining: 1 }), on: new Pool(on.url, { connections: 64, pipelining: 1 }) };
  const headers = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'client' };
  const body = (stream: boolean) => JSON.stringify({ model: 'anth/m', max_tokens: 64, stream, messages: [{ role: 'user', content: 'Say hello in a few words.' }] });
  const scenarios = [
    { name: 'passthrough non-stream', stream: false },
    { name: 'passthrough stream (TTFB)', stream: true },
  ];
  for (const s of scenarios) for (const p of [pools.off, pools.on]) await d.load(p, '/v1/messages', body(s.stream), headers, s.stream, 1, 300);

  const rows: ObservabilityRow[] = [];
  for (const concurrency of [1, 50]) {
    for (const s of scenarios) {
      const per = { off: [] as number[], on: [] as number[], ratio: [] as number[], added: [] as number[], offLoop: [] as number[], onLoop: [] as number[], offProc: [] as number[], onProc: [] as number[] };
      for (let r = 0; r < d.rounds; r++) {
        const measure = async (which: 'off' | 'on') => {
          const pid = (which === 'off' ? off : on).pid;
          const loop0 = cpuMs(pid, pid);
          const proc0 = cpuMs(pid);
          const sample = await d.load(pools[which], '/v1/messages', body(s.stream), headers, s.stream, concurrency, d.roundMs);
          per[`${which}Loop`].push(((cpuMs(pid, pid) - loop0) * 1000) / sample.count);
          per[`${which}Proc`].push(((cpuMs(pid) - proc0) * 1000) / sample.count);
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
  await pools.off.close();
  await pools.on.close();
  await off.stop();
  await on.stop();
  return rows;
}

export function printObservabilityRows(rows: ObservabilityRow[], fmt: (n: number, d?: number) => string, roundMs: number): void {
  console.log('');
  console.log(`observability on vs off (two proxies, paired rounds of ${roundMs} ms; targets: ≤ 0.05 ms added p50, ≥ 95% throughput at conc. 50):`);
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
