/**
 * Cost of the outgoing secret scan on real Claude Code requests (../shared/fixtures): the clean case
 * every request pays (anchor searches only), and a request carrying secrets in warn and in redact
 * mode. Wall time per scan, median of many runs after a warm-up.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { scanOutgoing } from '../electron/core/security/secret-scan';
import type { SecretScanMode } from '../electron/core/config/types';

const FIXTURES = new URL('../../shared/fixtures/claude-code/', import.meta.url);

export interface ScanCost {
  name: string;
  bytes: number;
  mode: SecretScanMode;
  dirty: boolean;
  /** Microseconds per scan, median. */
  us: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => unknown, runs: number): number {
  for (let i = 0; i < 200; i++) fn();
  const batches: number[] = [];
  for (let b = 0; b < 15; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) fn();
    batches.push(Number(process.hrtime.bigint() - t0) / runs / 1000);
  }
  return median(batches);
}

/** The recorded request closest to `targetBytes` (the yardstick is a 40 KB Claude Code request). */
function pickFixture(targetBytes: number): { name: string; body: Record<string, unknown> } | undefined {
  let best: { name: string; body: Record<string, unknown>; d: number } | undefined;
  let dirs: string[];
  try {
    dirs = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return undefined;
  }
  for (const dir of dirs) {
    for (const f of readdirSync(new URL(`${dir}/`, FIXTURES)).filter((x) => x.endsWith('.json'))) {
      const body = (JSON.parse(readFileSync(new URL(`${dir}/${f}`, FIXTURES), 'utf8')) as { body: Record<string, unknown> }).body;
      const d = Math.abs(Buffer.byteLength(JSON.stringify(body)) - targetBytes);
      if (!best || d < best.d) best = { name: `${dir}/${f}`, body, d };
    }
  }
  return best;
}

export function runSecretScanCpu(runs = 500): ScanCost[] {
  const picked = pickFixture(40 * 1024);
  if (!picked) return [];
  const clean = Buffer.from(JSON.stringify(picked.body));
  const secret = ['sk-ant-', 'api03-', 'Z'.repeat(20), '0123456789'].join('');
  const dirtyBody = { ...picked.body, messages: [...(picked.body.messages as unknown[]), { role: 'user', content: `here is my .env:\nANTHROPIC_API_KEY=${secret}\n` }] };
  const dirty = Buffer.from(JSON.stringify(dirtyBody));
  const out: ScanCost[] = [];
  for (const mode of ['warn', 'redact'] as const) {
    out.push({ name: picked.name, bytes: clean.length, mode, dirty: false, us: time(() => scanOutgoing(mode, clean, picked.body), runs) });
    out.push({ name: picked.name, bytes: dirty.length, mode, dirty: true, us: time(() => scanOutgoing(mode, dirty, dirtyBody), Math.max(20, runs / 10)) });
  }
  return out;
}
