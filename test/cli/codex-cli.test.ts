/**
 * The real OpenAI Codex CLI (the pinned version scripts/install-codex.mjs puts in .tools/codex) run through
 * `aimux codex` on a Chat Completions loopback upstream: a text answer, and a tool loop where the shell
 * command really runs and its output reaches the upstream. Exit code 0 and exactly one upstream request per
 * model call (Codex's retries are off, so a failure shows at once instead of as a slow pass).
 *
 * Codex's npm command is a launcher that spawns the real binary: the run gets its own process group, and
 * the whole group is killed on timeout. Skips, saying why, when the Codex binary is not installed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sse, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';
import { oa } from '../core/translation-e2e/helpers';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/aimux.mjs');
const CODEX = join(ROOT, '.tools/codex/node_modules/.bin/codex');
const present = existsSync(CODEX);
if (!present) console.log(`skipping the Codex CLI tests: ${CODEX} is missing (run: node scripts/install-codex.mjs)`);

let upstream: FakeUpstream | undefined;
afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
});

beforeAll(() => {
  if (present) execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Runs `aimux codex exec …` in its own process group; kills the group after `timeoutMs`. */
async function codexExec(prompt: string, upstreamUrl: string, timeoutMs = 90_000): Promise<{ code: number | null; events: any[]; stderr: string; last: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'aimux-codex-'));
  const home = join(dir, 'codex-home');
  const data = join(dir, 'aimux-data');
  const work = join(dir, 'work');
  for (const d of [home, data, work]) mkdirSync(d);
  writeFileSync(
    join(data, 'config.json'),
    JSON.stringify({
      server: { port: await freePort() },
      providers: [{ id: 'up', protocol: 'openai', baseUrl: `${upstreamUrl}/v1`, apiKeys: ['test-upstream-key-000001'], models: ['up-model'] }],
      routing: { default: ['up/up-model'] },
    }),
  );
  const args = [
    BIN, 'codex',
    '-c', 'features.plugins=false', '-c', 'analytics.enabled=false',
    '-c', 'model_providers.aimux.request_max_retries=0', '-c', 'model_providers.aimux.stream_max_retries=0', '-c', 'model_providers.aimux.stream_idle_timeout_ms=30000',
    'exec', '--skip-git-repo-check', '--json', '--dangerously-bypass-approvals-and-sandbox', '-o', join(dir, 'last.txt'), prompt,
  ];
  const env: Record<string, string> = { ...(process.env as Record<string, string>), CODEX_HOME: home, HOME: dir, AIMUX_DATA_DIR: data, AIMUX_CODEX_BIN: CODEX };
  delete env.AIMUX_PROXY_TOKEN;
  const child = spawn(process.execPath, args, { cwd: work, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, timeoutMs);
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  clearTimeout(timer);
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // the group is gone
  }
  const events = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  const lastPath = join(dir, 'last.txt');
  return { code, events, stderr: err, last: existsSync(lastPath) ? readFileSync(lastPath, 'utf8') : '' };
}

describe.skipIf(!present)('the Codex CLI through aimux (Chat Completions upstream)', () => {
  it('a text answer', async () => {
    upstream = await startFakeUpstream((_req, res) =>
      sse(res, [oa.chunk({ role: 'assistant', content: '' }), oa.chunk({ content: 'Hello from ' }), oa.chunk({ content: 'the upstream.' }), oa.chunk({}, 'stop'), oa.usage({ prompt_tokens: 900, completion_tokens: 5, total_tokens: 905 }), oa.DONE]),
    );
    const r = await codexExec('say hello', upstream.url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.last.trim()).toBe('Hello from the upstream.');
    expect(r.events.some((e) => e.type === 'turn.completed')).toBe(true);
    expect(upstream.requests).toHaveLength(1);
    const sent = upstream.requests[0]!;
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.json.model).toBe('up-model');
    expect(sent.json.messages.at(-1)).toEqual({ role: 'user', content: 'say hello' });
  }, 120_000);

  it('a tool loop: the shell command runs and its output reaches the upstream', async () => {
    upstream = await startFakeUpstream((req, res, n) => {
      if (n === 1) {
        const call = { id: 'call_codex_1', name: 'exec_command', args: JSON.stringify({ cmd: 'echo aimux-tool-$((40+2))' }) };
        return sse(res, [oa.chunk({ role: 'assistant', content: null }), oa.tool(0, call.args.slice(0, 10), { id: call.id, name: call.name }), oa.tool(0, call.args.slice(10)), oa.chunk({}, 'tool_calls'), oa.usage({ prompt_tokens: 900, completion_tokens: 9, total_tokens: 909 }), oa.DONE]);
      }
      const tool = req.json.messages.find((m: any) => m.role === 'tool');
      const answer = tool?.content?.includes('aimux-tool-42') ? 'The command printed aimux-tool-42.' : 'no tool output';
      return sse(res, [oa.chunk({ role: 'assistant', content: answer }), oa.chunk({}, 'stop'), oa.usage({ prompt_tokens: 950, completion_tokens: 8, total_tokens: 958 }), oa.DONE]);
    });
    const r = await codexExec('run the echo command', upstream.url);
    expect(r.code, r.stderr).toBe(0);
    expect(upstream.requests).toHaveLength(2);
    const second = upstream.requests[1]!.json;
    const callIndex = second.messages.findIndex((m: any) => m.tool_calls?.[0]?.id === 'call_codex_1');
    expect(callIndex).toBeGreaterThan(0);
    expect(second.messages[callIndex + 1]).toMatchObject({ role: 'tool', tool_call_id: 'call_codex_1', content: expect.stringContaining('aimux-tool-42') });
    expect(r.events.find((e) => e.type === 'item.completed' && e.item?.type === 'command_execution')?.item).toMatchObject({ exit_code: 0, aggregated_output: expect.stringContaining('aimux-tool-42') });
    expect(r.last.trim()).toBe('The command printed aimux-tool-42.');
  }, 120_000);
});
