/**
 * `aimux serve` as a user runs it: the built CLI in a child process.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, useCli, type CliRun } from '../support/cli';
import { anthropicTextStream, sse, startFakeUpstream } from '../support/fake-upstream';
import type { FakeUpstream } from '../support/fake-upstream';

const run = useCli();

interface Running extends CliRun {
  url: string;
}

let upstream: FakeUpstream | undefined;
afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
});

async function serve(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const r = run(['serve', '--port', '0', ...args], env);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const m = /listening on (http:\/\/\S+)\n[\s\S]*OpenAI clients/.exec(r.out());
    if (m) return { ...r, url: m[1]! };
    if (r.child.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not start: ${r.out()} ${r.err()}`);
    await new Promise((res) => setTimeout(res, 25));
  }
}

describe('aimux serve', () => {
  it('starts with no config, creates the data dir, answers /health and a real request from the synthetic provider', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'aimux-cli-')), 'nested', 'data');
    const s = await serve(['--data-dir', dataDir]);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(dataDir)).toBe(true);
    expect(s.out()).toContain('config: built-in default (synthetic provider)');
    const health = await fetch(`${s.url}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as any).status).toBe('ok');
    const r = await fetch(`${s.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'first run' }] }),
    });
    expect(r.status).toBe(200);
    expect(JSON.stringify(await r.json())).toContain('You said: \\"first run\\"');
    s.child.kill('SIGINT');
    expect(await s.exit).toBe(0);
  });

  it('on SIGTERM stops accepting, lets the in-flight stream finish, and exits 0', async () => {
    upstream = await startFakeUpstream((_req, res) => sse(res, anthropicTextStream(['slow', ' answer']), { pauseAfter: { 1: 800 } }));
    const dir = mkdtempSync(join(tmpdir(), 'aimux-cli-'));
    const config = join(dir, 'aimux.json');
    writeFileSync(config, JSON.stringify({ providers: [{ id: 'a', protocol: 'anthropic', baseUrl: upstream.url, apiKeys: ['env:CLI_TEST_KEY'], models: ['m'] }], routing: { default: ['a/m'] } }));
    const s = await serve(['--config', config, '--data-dir', dir], { CLI_TEST_KEY: 'sk-cli-secret-value-123456' });
    const res = await fetch(`${s.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'x', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const reader = res.body!.getReader();
    await reader.read();
    s.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    await expect(fetch(`${s.url}/health`)).rejects.toThrow();
    let text = '';
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      text += new TextDecoder().decode(r.value);
    }
    expect(text).toContain('event: message_stop');
    expect(await s.exit).toBe(0);
    expect(s.out() + s.err()).not.toContain('sk-cli-secret-value-123456');
  });

  it('keeps serving when the reader of its output goes away (aimux serve | head), and still stops cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aimux-cli-'));
    const s = await serve(['--data-dir', dir]);
    // Close the read end of the child's stdout: every line it prints from now on fails with EPIPE.
    s.child.stdout.destroy();
    const ask = async (content: string) => {
      const r = await fetch(`${s.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content }] }),
      });
      return { status: r.status, text: await r.text() };
    };
    // Each request writes its log line to the closed pipe; the proxy must survive it.
    for (const content of ['first', 'second', 'third']) {
      const r = await ask(content);
      expect(r.status).toBe(200);
      expect(r.text).toContain(`You said: \\"${content}\\"`);
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(s.child.exitCode).toBeNull();
    // Stopping prints "SIGTERM: stopping" and "stopped" to the same closed pipe.
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
    expect(s.err()).not.toContain('unexpected error');
    expect(s.err()).not.toContain('EPIPE');
  });

  it('reads <data-dir>/config.json when no --config is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aimux-cli-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ providers: [{ id: 'mine', protocol: 'synthetic', models: ['s1'] }], routing: { default: ['mine/s1'] } }));
    const s = await serve(['--data-dir', dir]);
    expect(s.out()).toContain(`config: ${join(dir, 'config.json')}`);
    const models = (await (await fetch(`${s.url}/v1/models`)).json()) as any;
    expect(models.data.map((m: { id: string }) => m.id)).toEqual(['mine/s1']);
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
  });

  it('refuses an invalid config: non-zero exit, message with the file, the JSON path and the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aimux-cli-'));
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ providers: [{ id: 'a', protocol: 'openai', baseUrl: 'http://127.0.0.1:1/v1', apiKeys: ['env:AIMUX_TEST_UNSET_VAR'], models: ['m'] }], routing: { default: ['b/m'] } }));
    const r = run(['serve', '--config', config, '--port', '0', '--data-dir', dir]);
    expect(await r.exit).toBe(1);
    expect(r.err()).toContain(`Invalid config ${config}`);
    expect(r.err()).toContain('providers[0].apiKeys[0]: environment variable AIMUX_TEST_UNSET_VAR is not set');
    expect(r.err()).toContain('routing.default[0]: unknown provider "b" (configured: a)');
    expect(r.out()).not.toContain('listening');
  });

  it('refuses bad JSON and a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aimux-cli-'));
    const config = join(dir, 'broken.json');
    writeFileSync(config, '{ "providers": [ }');
    const r = run(['serve', '--config', config, '--data-dir', dir]);
    expect(await r.exit).toBe(1);
    expect(r.err()).toMatch(/broken\.json:\n {2}not valid JSON: line 1, column 18: unexpected "}"/);
    const m = run(['serve', '--config', join(dir, 'missing.json'), '--data-dir', dir]);
    expect(await m.exit).toBe(1);
    expect(m.err()).toContain('file not found');
  });

  it('rejects unknown options and commands with a clear line', async () => {
    const r = run(['serve', '--prot', '1']);
    expect(await r.exit).toBe(1);
    expect(r.err()).toContain("Unknown option '--prot'");
    const u = run(['launch']);
    expect(await u.exit).toBe(1);
    expect(u.err()).toContain('unknown command "launch"');
    const v = run(['--version']);
    expect(await v.exit).toBe(0);
    expect(v.out()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.runIf(process.platform === 'linux' && typeof process.execve === 'function')('serve runs in the same process with the launcher’s heap flags (process.execve)', async () => {
    const s = await serve(['--quiet', '--data-dir', mkdtempSync(join(tmpdir(), 'aimux-cli-'))]);
    const cmdline = readFileSync(`/proc/${s.child.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toEqual(expect.arrayContaining(['--max-semi-space-size=2', '--no-concurrent-recompilation', '--no-allocation-site-pretenuring', '--heap-growing-percent=30', '--liftoff-only', BIN, 'serve']));
    expect(readFileSync(`/proc/${s.child.pid}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=1');
    const health = await fetch(`${s.url}/health`);
    expect(health.status).toBe(200);
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
    const plain = await serve(['--quiet', '--data-dir', mkdtempSync(join(tmpdir(), 'aimux-cli-'))], { AIMUX_NODE_FLAGS: 'off' });
    expect(readFileSync(`/proc/${plain.child.pid}/cmdline`, 'utf8')).not.toContain('--max-semi-space-size');
  });
});
