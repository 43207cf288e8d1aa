/**
 * The management commands as a user runs them (the built CLI in a child process): against the config
 * file when no aimux runs, against the running aimux's API when one does, saying which; human output
 * by default, JSON with --json; one clear line and a non-zero exit on errors; keys never from argv.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/aimux.mjs');

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
});

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

const dir = () => mkdtempSync(join(tmpdir(), 'aimux-cli-'));

/** Async, so a proxy this test started keeps answering while the command runs. */
function aimux(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<{ status: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...opts.env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(opts.input ?? '');
  return new Promise((r) => child.once('exit', (status) => r({ status, out, err })));
}

async function serve(dataDir: string): Promise<string> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--quiet']);
  children.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const end = Date.now() + 10_000;
  for (;;) {
    const m = /listening on (http:\/\/\S+)/.exec(out);
    if (m) return m[1]!;
    if (Date.now() > end) throw new Error(`serve did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('aimux management commands', () => {
  it('work on the config file when no aimux runs, and say so', async () => {
    const d = dir();
    const add = await aimux(['providers', 'add', 'deepseek', '--data-dir', d]);
    expect(add.status).toBe(0);
    expect(add.err).toContain(`aimux is not running: working on ${join(d, 'config.json')}`);
    expect(add.out).toMatch(/^added deepseek {2}DeepSeek \[preset deepseek\]/);
    expect(add.out).toContain('next: aimux keys add deepseek');
    const list = await aimux(['providers', 'list', '--data-dir', d, '--json']);
    expect(JSON.parse(list.out).map((p: { id: string }) => p.id)).toEqual(['synthetic', 'deepseek']);
    const routing = await aimux(['routing', 'show', '--data-dir', d]);
    expect(routing.out).toMatch(/default\s+failover\s+deepseek\/\S+, synthetic\/synthetic-1/);
    const path = await aimux(['config', 'path', '--data-dir', d]);
    expect(path.out.trim()).toBe(join(d, 'config.json'));
    const valid = await aimux(['config', 'validate', '--data-dir', d]);
    expect(valid.status).toBe(0);
    expect(valid.out).toMatch(/^ok: /);
  });

  it('use the running aimux when there is one, and say so', async () => {
    const d = dir();
    const url = await serve(d);
    const add = await aimux(['providers', 'add', 'custom', '--id', 'loc', '--protocol', 'openai', '--base-url', 'http://127.0.0.1:9/v1', '--model', 'm', '--data-dir', d]);
    expect(add.status, add.err).toBe(0);
    expect(add.err).toContain(`using the running aimux at ${url}`);
    const models = await fetch(`${url}/v1/models`);
    expect(((await models.json()) as { data: Array<{ id: string }> }).data.map((m) => m.id)).toContain('loc/m');
    const disable = await aimux(['providers', 'disable', 'loc', '--data-dir', d]);
    expect(disable.out).toBe('loc disabled\n');
    const test = await aimux(['providers', 'test', 'synthetic', '--data-dir', d]);
    expect(test.status).toBe(0);
    expect(test.out).toMatch(/^ok: synthetic-1 answered in \d+ ms/);
  });

  it('refuse a key on the command line, take it from stdin, and never print it', async () => {
    const d = dir();
    const argv = await aimux(['keys', 'add', 'synthetic', 'sk-live-on-the-command-line', '--data-dir', d]);
    expect(argv.status).toBe(1);
    expect(argv.err).toMatch(/never taken from the command line/);
    const env = await aimux(['keys', 'add', 'synthetic', '--env', 'AIMUX_TEST_KEY', '--data-dir', d], { env: { AIMUX_TEST_KEY: 'sk-from-env-0123456789abcd' } });
    expect(env.status, env.err).toBe(0);
    expect(env.out).toBe('added sk-…abcd to synthetic (env:AIMUX_TEST_KEY)\n');
    expect(readFileSync(join(d, 'config.json'), 'utf8')).not.toContain('sk-from-env');
  });

  it('print one clear line and exit non-zero on bad input', async () => {
    const d = dir();
    const dup = await aimux(['providers', 'add', 'custom', '--id', 'synthetic', '--protocol', 'openai', '--base-url', 'http://x/v1', '--data-dir', d]);
    expect(dup.status).toBe(1);
    expect(dup.err).toMatch(/aimux: a provider "synthetic" already exists\n$/);
    const unknown = await aimux(['providers', 'frobnicate', '--data-dir', d]);
    expect(unknown.status).toBe(1);
    expect(unknown.err).toMatch(/unknown subcommand "providers frobnicate"/);
    const missing = await aimux(['providers', 'test', 'nope', '--data-dir', d]);
    expect(missing.err).toMatch(/aimux: no provider "nope"\n$/);
    const presets = spawnSync(process.execPath, [BIN, 'presets', 'kimi', '--json'], { encoding: 'utf8' });
    expect(JSON.parse(presets.stdout).map((p: { id: string }) => p.id)).toContain('moonshot');
  });

  it('rotate the admin token: the old one stops working', async () => {
    const d = dir();
    const url = await serve(d);
    const old = readFileSync(join(d, 'admin-token'), 'utf8').trim();
    const r = await aimux(['token', 'rotate', '--data-dir', d]);
    expect(r.status, r.err).toBe(0);
    const now = readFileSync(join(d, 'admin-token'), 'utf8').trim();
    expect(now).not.toBe(old);
    expect((await fetch(`${url}/api/v1/status`, { headers: { authorization: `Bearer ${old}` } })).status).toBe(401);
    expect((await fetch(`${url}/api/v1/status`, { headers: { authorization: `Bearer ${now}` } })).status).toBe(200);
  });
});
