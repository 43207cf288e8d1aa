/**
 * `aimux claude` with a stand-in for the Claude Code binary (test/support/fake-claude.mjs): the proxy it finds or
 * starts, the environment, arguments, stdin, exit code and signals.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useCli } from '../support/cli';
import { refusedUrl } from '../support/fake-upstream';
import { startProxy, type TestProxy } from '../support/proxy';

const run = useCli();
const FAKE = join(__dirname, '../support/fake-claude.mjs');
let proxy: TestProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

function scratch() {
  const dir = mkdtempSync(join(tmpdir(), 'aimux-claude-'));
  const out = join(dir, 'fake-claude.json');
  return { dir, out, read: () => JSON.parse(readFileSync(out, 'utf8')) };
}

const clean = { ANTHROPIC_API_KEY: undefined, ANTHROPIC_AUTH_TOKEN: undefined, ANTHROPIC_BASE_URL: undefined, AIMUX_PROXY_TOKEN: undefined };

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('aimux claude', () => {
  it('no proxy running: serves the session in-process on the configured URL; arguments, stdin and the exit code pass through', async () => {
    const s = scratch();
    const url = await refusedUrl();
    const args = ['-p', 'say "hi"  there', '--output-format', 'json', '--help', 'ünïcødé', ''];
    const r = run(['claude', ...args], { ...clean, AIMUX_CLAUDE_BIN: FAKE, AIMUX_URL: url, AIMUX_DATA_DIR: s.dir, FAKE_CLAUDE_OUT: s.out, FAKE_CLAUDE_EXIT: '7', FAKE_CLAUDE_STDIN: '1' });
    r.child.stdin.end('piped input\nline 2');
    expect(await r.exit).toBe(7);
    const got = s.read();
    expect(got.argv).toEqual(args);
    expect(got.stdin).toBe('piped input\nline 2');
    expect(got.env).toEqual({ ANTHROPIC_BASE_URL: url, ANTHROPIC_AUTH_TOKEN: 'aimux' });
    // The in-process proxy answered from the built-in synthetic provider.
    expect(got.answer.status).toBe(200);
    expect(got.answer.body.content[0].text).toContain('hello from fake claude');
    expect(r.out()).toBe('fake claude done\n');
    expect(r.err()).toBe(`aimux: no proxy answered at ${url}; serving this Claude Code session on ${url}\n`);
  });

  it('a running proxy is used as it is; the proxy token (env or <data-dir>/proxy-token) becomes ANTHROPIC_AUTH_TOKEN', async () => {
    proxy = await startProxy({ providers: [{ id: 'synthetic', protocol: 'synthetic' }], routing: { default: ['synthetic/synthetic-1'] } });
    const s = scratch();
    writeFileSync(join(s.dir, 'proxy-token'), 'file-token\n');
    const r = run(['claude'], { ...clean, AIMUX_CLAUDE_BIN: FAKE, AIMUX_URL: proxy.url, AIMUX_DATA_DIR: s.dir, FAKE_CLAUDE_OUT: s.out });
    expect(await r.exit).toBe(0);
    expect(s.read().env).toEqual({ ANTHROPIC_BASE_URL: proxy.url, ANTHROPIC_AUTH_TOKEN: 'file-token' });
    expect(r.err()).toBe('');
    expect(proxy.events.some((e) => e.type === 'request.finished' && e.status === 200)).toBe(true);
    const env = run(['claude'], { ...clean, AIMUX_CLAUDE_BIN: FAKE, AIMUX_URL: proxy.url, AIMUX_DATA_DIR: s.dir, FAKE_CLAUDE_OUT: s.out, AIMUX_PROXY_TOKEN: 'env-token' });
    expect(await env.exit).toBe(0);
    expect(s.read().env.ANTHROPIC_AUTH_TOKEN).toBe('env-token');
  });

  it('keeps the user’s own Anthropic key when there is no proxy token', async () => {
    proxy = await startProxy({ providers: [{ id: 'synthetic', protocol: 'synthetic' }], routing: { default: ['synthetic/synthetic-1'] } });
    const s = scratch();
    const r = run(['claude'], { ...clean, ANTHROPIC_API_KEY: 'users-key', AIMUX_CLAUDE_BIN: FAKE, AIMUX_URL: proxy.url, AIMUX_DATA_DIR: s.dir, FAKE_CLAUDE_OUT: s.out });
    expect(await r.exit).toBe(0);
    expect(s.read().env).toEqual({ ANTHROPIC_BASE_URL: proxy.url, ANTHROPIC_API_KEY: 'users-key' });
  });

  it('a signal to aimux reaches Claude Code, and aimux ends the way Claude Code did', async () => {
    const s = scratch();
    const r = run(['claude'], { ...clean, AIMUX_CLAUDE_BIN: FAKE, AIMUX_URL: await refusedUrl(), AIMUX_DATA_DIR: s.dir, FAKE_CLAUDE_OUT: s.out, FAKE_CLAUDE_EXIT: 'wait' });
    await waitFor(() => r.out().includes('fake claude waiting'), 'the fake claude to start');
    r.child.kill('SIGTERM');
    expect(await r.exit).toBe('SIGTERM');
    expect(r.out()).toContain('fake claude got SIGTERM');
  });

  it('without a Claude Code binary: exit 127 and a message saying how to install it', async () => {
    const s = scratch();
    const r = run(['claude', '-p', 'x'], { ...clean, AIMUX_CLAUDE_BIN: undefined, PATH: s.dir, AIMUX_DATA_DIR: s.dir });
    expect(await r.exit).toBe(127);
    expect(r.err()).toMatch(/Claude Code CLI not found on PATH; install it \(npm install -g @anthropic-ai\/claude-code\) or set AIMUX_CLAUDE_BIN/);
  });
});

describe('aimux claude when something else holds the configured port', () => {
  it('serves the session on a free port instead', async () => {
    const { createServer } = await import('node:http');
    const other = createServer((_req, res) => res.writeHead(404).end('not aimux'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const port = (other.address() as { port: number }).port;
    try {
      const s = scratch();
      const wanted = `http://127.0.0.1:${port}`;
      const r = run(['claude'], { ...clean, AIMUX_CLAUDE_BIN: FAKE, AIMUX_URL: wanted, AIMUX_DATA_DIR: s.dir, FAKE_CLAUDE_OUT: s.out });
      expect(await r.exit).toBe(0);
      const got = s.read();
      expect(got.env.ANTHROPIC_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(got.env.ANTHROPIC_BASE_URL).not.toBe(wanted);
      expect(got.answer.status).toBe(200);
      expect(r.err()).toBe(`aimux: no proxy answered at ${wanted}; serving this Claude Code session on ${got.env.ANTHROPIC_BASE_URL}\n`);
    } finally {
      await new Promise<void>((r) => other.close(() => r()));
    }
  });
});
