/**
 * The security rules as a user meets them on the command line (the built CLI in child processes):
 * `aimux token proxy rotate|show|remove` with and without a running aimux, `serve --host` beyond
 * loopback refused without a proxy token (saying how to make one) and served with it, and what the
 * CLI prints about an error passing through the secret redactor.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAKE } from '../support/fake-secrets';
import { tempDataDir } from '../support/service';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/aimux.mjs');

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
});

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, AIMUX_DATA_DIR: '' } });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, out: () => out, err: () => err, exit };
}

async function done(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const r = run(args);
  const code = await r.exit;
  return { code, out: r.out(), err: r.err() };
}

async function serve(args: string[]) {
  const r = run(['serve', '--port', '0', ...args]);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const m = /listening on (http:\/\/\S+)\n[\s\S]*OpenAI clients/.exec(r.out());
    if (m) return { ...r, url: m[1]! };
    if (r.child.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not start: ${r.out()} ${r.err()}`);
    await new Promise((res) => setTimeout(res, 25));
  }
}

const body = JSON.stringify({ model: 'm', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
const post = (url: string, headers: Record<string, string> = {}) => fetch(`${url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then((r) => r.status);

describe('aimux token proxy (no aimux running)', () => {
  it('show says there is none; rotate creates a 0600 file and prints the token with how to use it; remove deletes it', async () => {
    const dir = tempDataDir();
    expect((await done(['token', 'proxy', 'show', '--data-dir', dir])).out).toMatch(/no proxy token/);
    const rotated = await done(['token', 'proxy', 'rotate', '--data-dir', dir, '--json']);
    expect(rotated.code).toBe(0);
    const { token, created } = JSON.parse(rotated.out) as { token: string; created: boolean };
    expect(created).toBe(true);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((statSync(join(dir, 'proxy-token')).mode & 0o777).toString(8)).toBe('600');
    const shown = await done(['token', 'proxy', 'show', '--data-dir', dir]);
    expect(shown.out).toContain(`proxy token: ${token}`);
    expect(shown.out).toContain(`ANTHROPIC_AUTH_TOKEN=${token}`);
    expect((await done(['token', 'proxy', 'remove', '--data-dir', dir])).code).toBe(0);
    expect((await done(['token', 'proxy', 'show', '--data-dir', dir, '--json'])).out).toMatch(/"set": false/);
  });
});

describe('aimux serve --host beyond loopback', () => {
  it('without a proxy token: exits 1 before listening, saying how to create one', async () => {
    const dir = tempDataDir();
    const r = await done(['serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/listening/);
    expect(r.err).toMatch(/refusing to listen on 0\.0\.0\.0 without a proxy token/);
    expect(r.err).toContain(`aimux token proxy rotate --data-dir ${dir}`);
  });

  it('with one: serves, says a token is required without printing it, refuses requests without it, and keeps it while bound there', async () => {
    const dir = tempDataDir();
    const token = (JSON.parse((await done(['token', 'proxy', 'rotate', '--data-dir', dir, '--json'])).out) as { token: string }).token;
    const s = await serve(['--host', '0.0.0.0', '--data-dir', dir]);
    expect(s.out()).toMatch(/proxy token: required/);
    expect(s.out()).not.toContain(token);
    const local = s.url.replace('0.0.0.0', '127.0.0.1');
    expect(await post(local)).toBe(401);
    expect(await post(local, { authorization: `Bearer ${token}` })).toBe(200);
    const removed = await done(['token', 'proxy', 'remove', '--data-dir', dir]);
    expect(removed.code).toBe(1);
    expect(removed.err).toMatch(/beyond loopback/);
    expect(await post(local)).toBe(401);
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
  });
});

describe('a running aimux on loopback', () => {
  it('token proxy rotate goes through its API and applies at once; remove opens it again', async () => {
    const dir = tempDataDir();
    const s = await serve(['--data-dir', dir, '--quiet']);
    expect(await post(s.url)).toBe(200);
    const rotated = await done(['token', 'proxy', 'rotate', '--data-dir', dir]);
    expect(rotated.err).toMatch(/using the running aimux/);
    const token = /proxy token created: (\S+)/.exec(rotated.out)![1]!;
    expect(await post(s.url)).toBe(401);
    expect(await post(s.url, { 'x-api-key': token })).toBe(200);
    expect((await done(['token', 'proxy', 'remove', '--data-dir', dir])).code).toBe(0);
    expect(await post(s.url)).toBe(200);
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
  });
});

describe('what the CLI prints about errors', () => {
  it('goes through the secret redactor', async () => {
    const r = await done([FAKE.anthropic]);
    expect(r.code).toBe(1);
    expect(r.err).toBe('aimux: unknown command "[REDACTED:anthropic-key]" (try: aimux help)\n');
  });
});
