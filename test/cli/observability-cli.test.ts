/** `aimux bench-providers` and `aimux serve --log-level` as a user runs them: the built CLI in a child process. */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { anthropicTextStream, json, sse, startFakeUpstream } from '../support/fake-upstream';
import type { FakeUpstream } from '../support/fake-upstream';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/aimux.mjs');
const run = promisify(execFile);

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
});

const ups: FakeUpstream[] = [];
afterEach(async () => {
  for (const u of ups.splice(0)) await u.close();
});

async function dataDirWithProviders(): Promise<string> {
  const good = await startFakeUpstream((req, res) => (req.json?.stream ? sse(res, anthropicTextStream(['1 2 3'], { outputTokens: 12 })) : json(res, 200, {})));
  const bad = await startFakeUpstream((_req, res) => json(res, 503, { error: { message: 'overloaded' } }));
  ups.push(good, bad);
  const dir = mkdtempSync(join(tmpdir(), 'aimux-cli-obs-'));
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      providers: [
        { id: 'good', protocol: 'anthropic', baseUrl: good.url, apiKeys: ['sk-cli-bench-key-000000001'], models: ['m'] },
        { id: 'bad', protocol: 'anthropic', baseUrl: bad.url, apiKeys: ['sk-cli-bench-key-000000002'], models: ['m'] },
      ],
      routing: { default: ['good/m'] },
    }),
  );
  return dir;
}

describe('aimux bench-providers', () => {
  it('prints progress while it runs and a ranked table, and stores the result', async () => {
    const dir = await dataDirWithProviders();
    const { stdout, stderr } = await run(process.execPath, [BIN, 'bench-providers', '--n', '2', '--data-dir', dir], { env: { ...process.env, AIMUX_DATA_DIR: '' } });
    expect(stderr).toContain('[4/4]');
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^RANK\s+TARGET\s+TTFT P50\s+TOKENS\/S\s+SUCCESS/);
    expect(lines[1]).toMatch(/^1\s+good\/m\s+\d+ ms\s+\d+\s+100% \(2\/2\)/);
    expect(lines[2]).toMatch(/^2\s+bad\/m\s+-\s+-\s+0% \(0\/2\)\s+HTTP 503/);
    const { stdout: again } = await run(process.execPath, [BIN, 'bench-providers', 'good', '--n', '1', '--json', '--data-dir', dir]);
    expect(JSON.parse(again)).toMatchObject({ n: 1, rows: [{ providerId: 'good', rank: 1, successRate: 1 }] });
    await expect(run(process.execPath, [BIN, 'bench-providers', '--n', '0', '--data-dir', dir])).rejects.toMatchObject({ stderr: expect.stringContaining('--n: expected a whole number') });
  });
});

describe('aimux serve --log-level', () => {
  it('writes JSON lines (not a terminal), one per request at info, none at warn; keys redacted', async () => {
    const dir = await dataDirWithProviders();
    for (const level of ['info', 'warn']) {
      const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dir, '--log-level', level], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const end = Date.now() + 15_000;
      while (!/listening on (http:\/\/\S+)/.test(out)) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`serve did not start: ${out}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
      const res = await fetch(`${url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'good/m', max_tokens: 8, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      });
      await res.text();
      await new Promise((r) => setTimeout(r, 100));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      const logLines = out.split('\n').filter((l) => l.startsWith('{'));
      const entries = logLines.map((l) => JSON.parse(l) as { msg: string; level: number; status?: number; target?: string });
      const requests = entries.filter((e) => e.msg === 'request');
      if (level === 'info') expect(requests).toMatchObject([{ level: 30, status: 200, target: 'good/m' }]);
      else expect(requests).toEqual([]);
      expect(out).not.toContain('sk-cli-bench-key');
    }
    await expect(run(process.execPath, [BIN, 'serve', '--log-level', 'loud', '--data-dir', dir])).rejects.toMatchObject({ stderr: expect.stringContaining('--log-level: expected one of') });
  });
});
