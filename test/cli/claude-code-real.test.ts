/**
 * The real Claude Code CLI (pinned, installed by scripts/setup-claude-code.mjs into .tools/claude-code) runs `-p`
 * through `aimux claude` with a Bash tool loop. aimux starts its own proxy for the session; the provider is an
 * OpenAI-protocol loopback upstream whose model thinks in `<think>` tags and writes its tool call as text, so the
 * loop only works if normalization turns it into a real tool_use. All traffic stays on 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, useCli } from '../support/cli';
import { refusedUrl, sse, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';
import { oa } from '../core/translation-e2e/helpers';

const CLAUDE = join(ROOT, '.tools/claude-code/node_modules/.bin/claude');
const VERSION = '2.1.330';

function missing(): string | undefined {
  if (!existsSync(CLAUDE)) return `Claude Code ${VERSION} is not installed in .tools/claude-code (run: node scripts/setup-claude-code.mjs)`;
  try {
    const v = execFileSync(CLAUDE, ['--version'], { encoding: 'utf8', timeout: 60_000 });
    return v.includes(VERSION) ? undefined : `.tools/claude-code has ${v.trim()}, not ${VERSION}`;
  } catch (e) {
    return `claude --version failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
}

const skipReason = missing();
if (skipReason) console.warn(`skipping the real Claude Code test: ${skipReason}`);

const run = useCli();
let upstream: FakeUpstream | undefined;
afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
});

const CALL = '<think>The user wants me to run a command.</think>\n\nRunning it.\n<tool_call>\n{"name": "Bash", "arguments": {"command": "echo hi", "description": "Print hi",}}\n</tool_call>';

describe.skipIf(skipReason !== undefined)(`the real Claude Code ${VERSION} through aimux claude`, () => {
  it('-p with a Bash tool loop: the written tool call runs, its result goes back, the final text comes out', { timeout: 120_000 }, async () => {
    upstream = await startFakeUpstream((req, res) => {
      const tool = [...req.json.messages].reverse().find((m: any) => m.role === 'tool');
      if (tool) return sse(res, [oa.chunk({ role: 'assistant', content: '' }), oa.chunk({ content: `Tool said: ${String(tool.content).trim()}` }), oa.chunk({}, 'stop'), oa.usage({ prompt_tokens: 900, completion_tokens: 5, total_tokens: 905 }), oa.DONE]);
      const pieces = CALL.match(/[\s\S]{1,7}/g)!;
      return sse(res, [oa.chunk({ role: 'assistant', content: '' }), ...pieces.map((p) => oa.chunk({ content: p })), oa.chunk({}, 'stop'), oa.usage({ prompt_tokens: 800, completion_tokens: 40, total_tokens: 840 }), oa.DONE]);
    });
    const dir = mkdtempSync(join(tmpdir(), 'aimux-cc-'));
    for (const d of ['home', 'tmp', 'run', 'work', 'data']) mkdirSync(join(dir, d));
    writeFileSync(
      join(dir, 'data', 'config.json'),
      JSON.stringify({
        providers: [{ id: 'up', protocol: 'openai', baseUrl: `${upstream.url}/v1`, apiKeys: ['upstream-key-0000001'], models: ['up-model'], quirks: { textToolCalls: true } }],
        routing: { default: ['up/up-model'] },
      }),
    );
    const url = await refusedUrl();
    const r = run(['claude', '-p', 'run echo hi', '--allowedTools', 'Bash', '--output-format', 'json'], {
      AIMUX_CLAUDE_BIN: CLAUDE,
      AIMUX_URL: url,
      AIMUX_DATA_DIR: join(dir, 'data'),
      AIMUX_PROXY_TOKEN: undefined,
      ANTHROPIC_API_KEY: undefined,
      ANTHROPIC_AUTH_TOKEN: undefined,
      ANTHROPIC_BASE_URL: undefined,
      HOME: join(dir, 'home'),
      TMPDIR: join(dir, 'tmp'),
      XDG_RUNTIME_DIR: join(dir, 'run'),
      CLAUDE_CONFIG_DIR: undefined,
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_ERROR_REPORTING: '1',
      CLAUDE_CODE_MAX_RETRIES: '1',
      IS_SANDBOX: '1',
    }, { cwd: join(dir, 'work') });
    r.child.stdin.end();
    const code = await r.exit;
    const out = r.out();
    expect(code, `stdout: ${out}\nstderr: ${r.err()}`).toBe(0);
    const result = JSON.parse(out.trim().split('\n').at(-1)!);
    expect(result).toMatchObject({ type: 'result', is_error: false, num_turns: 2, result: 'Tool said: hi' });
    expect(r.err()).toContain(`serving this Claude Code session on ${url}`);
    // Two streaming turns, no non-streaming fallback; the second carries the call and its result.
    expect(upstream.requests.map((q) => q.json.stream)).toEqual([true, true]);
    const second = upstream.requests[1]!.json.messages;
    const call = second.find((m: any) => m.role === 'assistant' && m.tool_calls);
    expect(call.tool_calls[0].function).toEqual({ name: 'Bash', arguments: JSON.stringify({ command: 'echo hi', description: 'Print hi' }) });
    expect(second.find((m: any) => m.role === 'tool')).toMatchObject({ tool_call_id: call.tool_calls[0].id });
    expect(upstream.requests[0]!.headers.authorization).toBe('Bearer upstream-key-0000001');
  });
});
