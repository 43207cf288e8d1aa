/**
 * `aimux bench-providers [ids…] [--n 5]`: the provider speed test. N short streamed requests per
 * provider and model through the real path; prints progress while it runs (on stderr), then a
 * ranked table (or JSON). The result is stored in the history for the dashboard. Uses the running
 * aimux when there is one, otherwise an in-process one on a free loopback port.
 */
import { parseArgs } from 'node:util';
import type { SpeedTestResult } from '../../../shared/api/dto/observability';
import { resolveDataDir } from './common';
import { connect } from './connect';
import { print, table } from './output';
import { UsageError } from './usage-error';

const ms = (v: number | null) => (v === null ? '-' : `${v} ms`);

export function speedTestTable(r: SpeedTestResult): string {
  const rows = r.rows.map((x) => [
    String(x.rank),
    `${x.providerId}/${x.model}`,
    ms(x.ttfb.p50),
    x.outputTokensPerSec === null ? '-' : String(x.outputTokensPerSec),
    `${Math.round(x.successRate * 100)}% (${x.successes}/${x.runs})`,
    x.errors[0] ?? '',
  ]);
  return table([['RANK', 'TARGET', 'TTFT P50', 'TOKENS/S', 'SUCCESS', 'LAST ERROR'], ...rows]);
}

export async function benchProviders(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { n: { type: 'string' }, json: { type: 'boolean', default: false }, 'data-dir': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const n = values.n === undefined ? 5 : Number(values.n);
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new UsageError(`--n: expected a whole number from 1 to 50, got "${values.n}"`);
  const json = values.json ?? false;
  const conn = await connect(resolveDataDir(values['data-dir']), { quiet: json });
  const off = conn.client.on('speedtest', (p) => {
    if (!json) process.stderr.write(`\r[${p.done}/${p.total}] ${p.providerId}/${p.model} ${p.ok ? `ok${p.ttfbMs !== undefined ? ` ${p.ttfbMs} ms` : ''}` : 'failed'}\x1b[K`);
  });
  try {
    const result = await conn.client.runSpeedTest({ ...(positionals.length ? { providers: positionals } : {}), n });
    if (!json) process.stderr.write('\r\x1b[K');
    print(json, result, () => speedTestTable(result));
    return 0;
  } finally {
    off();
    await conn.close();
  }
}
