/**
 * `aimux doctor` against loopback upstreams of both protocols, through the real proxy path, and the CLI writing
 * what it found into the config file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../electron/core/config/schema';
import { runDoctor } from '../../../electron/core/doctor/run';
import { json, sse, startFakeUpstream, type FakeUpstream, type RecordedRequest } from '../../support/fake-upstream';
import { useCli } from '../../support/cli';
import { an, oa } from '../translation-e2e/helpers';

const run = useCli();
let upstream: FakeUpstream | undefined;
afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
});

/** What a capable model would answer to each doctor case, judged from the request. */
function answerFor(req: RecordedRequest, can: { vision: boolean; thinking: boolean }): { text?: string; calls?: Array<[string, unknown]>; thinking?: string } {
  const raw = req.raw.toString();
  if (raw.includes('deployment code')) return { text: raw.match(/deployment code is (\d+)/)?.[1] ?? '?' };
  if (raw.includes('What single color')) return { text: can.vision ? 'Red.' : 'I cannot see images.' };
  if (raw.includes('17 * 23')) return { text: '391', ...(can.thinking ? { thinking: '17*23 = 391' } : {}) };
  if (raw.includes('both calls at once')) return { calls: [['Read', { file_path: '/work/project/a.txt' }], ['Read', { file_path: '/work/project/b.txt' }]] };
  if (raw.includes('with the Bash tool')) return { calls: [['Bash', { command: 'echo hi' }]] };
  return { text: 'aimux doctor ok' };
}

function openAIUpstream(can: { vision: boolean; thinking: boolean }) {
  return startFakeUpstream((req, res) => {
    if (!can.vision && req.raw.includes('image_url')) return json(res, 400, { error: { message: 'image input is not supported', type: 'invalid_request_error' } });
    const a = answerFor(req, { ...can, thinking: can.thinking && req.json.reasoning_effort !== undefined });
    const frames = [oa.chunk({ role: 'assistant', content: '' })];
    if (a.thinking) frames.push(oa.chunk({ reasoning_content: a.thinking }));
    if (a.text) frames.push(oa.chunk({ content: a.text }));
    a.calls?.forEach(([name, input], i) => frames.push(oa.tool(i, JSON.stringify(input), { id: `call_${i}`, name })));
    frames.push(oa.chunk({}, a.calls ? 'tool_calls' : 'stop'), oa.DONE);
    return sse(res, frames);
  });
}

function anthropicUpstream() {
  return startFakeUpstream((req, res) => {
    const a = answerFor(req, { vision: true, thinking: true });
    const frames = [an.start()];
    let i = 0;
    if (a.thinking) frames.push(an.blockStart(i, { type: 'thinking', thinking: '', signature: '' }), an.thinking(i, a.thinking), an.signature(i, 'sig'), an.blockStop(i++));
    if (a.text) frames.push(an.blockStart(i, { type: 'text', text: '' }), an.text(i, a.text), an.blockStop(i++));
    for (const [name, input] of a.calls ?? []) frames.push(an.toolUse(i, `toolu_${i}`, name), an.json(i, JSON.stringify(input)), an.blockStop(i++));
    frames.push(...an.end(a.calls ? 'tool_use' : 'end_turn'));
    return sse(res, frames);
  });
}

const configFor = (protocol: 'openai' | 'anthropic', url: string, extra: Record<string, unknown> = {}) => ({
  providers: [{ id: 'up', protocol, baseUrl: protocol === 'openai' ? `${url}/v1` : url, apiKeys: ['k-000000000000001'], models: ['up-model'], ...extra }],
  routing: { default: ['up/up-model'] },
});

describe('aimux doctor', () => {
  it('a capable OpenAI-protocol provider: every case passes, through translation', async () => {
    upstream = await openAIUpstream({ vision: true, thinking: true });
    const config = resolveConfig(configFor('openai', upstream.url), { source: 'test', env: {} });
    const report = await runDoctor({ config, providerId: 'up', longContextTokens: 3000 });
    expect(report.results.map((r) => [r.id, r.ok, r.detail.split(' (')[0]])).toEqual([
      ['text', true, 'ok'],
      ['tool', true, 'ok'],
      ['parallel-tools', true, 'ok'],
      ['thinking', true, 'ok'],
      ['image', true, 'ok'],
      ['long-context', true, 'ok'],
    ]);
    expect(report.capabilities).toEqual({ tools: true, vision: true, thinking: true });
    expect(report.configured.thinking).toBe(false);
    // Claude Code's shape reached the upstream: its tools (with $schema) and max_tokens 128000.
    const first = upstream.requests[0]!.json;
    expect(first.tools.map((t: any) => t.function.name)).toEqual(['Bash', 'Read']);
    expect(first.max_tokens).toBe(128000);
  });

  it('an Anthropic-protocol provider: passthrough with Claude Code’s headers', async () => {
    upstream = await anthropicUpstream();
    const config = resolveConfig(configFor('anthropic', upstream.url), { source: 'test', env: {} });
    const report = await runDoctor({ config, providerId: 'up', only: ['text', 'thinking', 'tool'] });
    expect(report.results.map((r) => [r.id, r.ok])).toEqual([['text', true], ['tool', true], ['thinking', true]]);
    const req = upstream.requests[0]!;
    expect(req.url).toBe('/v1/messages?beta=true');
    expect(req.headers['anthropic-beta']).toContain('claude-code-20250219');
    expect(req.json.messages[1].role).toBe('system');
  });

  it('an unknown provider is named with the configured ones', async () => {
    const config = resolveConfig(configFor('anthropic', 'http://127.0.0.1:9'), { source: 'test.json', env: {} });
    await expect(runDoctor({ config, providerId: 'nope' })).rejects.toThrow('no provider "nope" in test.json (configured: up)');
  });

  it('CLI: reports what fails and saves the flags into the config through the config store with --write', async () => {
    upstream = await openAIUpstream({ vision: false, thinking: false });
    const dir = mkdtempSync(join(tmpdir(), 'aimux-doctor-'));
    const path = join(dir, 'config.json');
    const original = `{\n    "providers": [\n        { "id": "up", "protocol": "openai", "baseUrl": "${upstream.url}/v1", "models": ["up-model"], "capabilities": { "tools": true } }\n    ],\n    "routing": { "default": ["up/up-model"] }\n}\n`;
    writeFileSync(path, original);
    const r = run(['doctor', 'up', '--write', '--long-context-tokens', '3000'], { AIMUX_DATA_DIR: dir });
    expect(await r.exit).toBe(2);
    expect(r.out()).toMatch(/FAIL {2}image input .* HTTP 400: provider "up" answered 400: image input is not supported/);
    expect(r.out()).toMatch(/FAIL {2}thinking blocks .* no thinking block/);
    expect(r.out()).toContain(`wrote capabilities.vision = false for "up" (config file ${path})`);
    const written = JSON.parse(readFileSync(path, 'utf8'));
    expect(written.providers[0].capabilities).toEqual({ tools: true, vision: false });
    expect(written.routing).toEqual({ default: ['up/up-model'] });
    // Saved like every other change: validated, atomic, the previous file kept as a backup.
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(original);
  });
});
