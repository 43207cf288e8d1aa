/**
 * The outgoing secret scan through the real proxy, for every client protocol and both exchange
 * kinds (passthrough and translation), streaming and not: with `redact` no secret reaches the
 * upstream (the history a client resends included), with `warn` the upstream gets the client's exact
 * bytes and the request log (request.finished) says what was found where, with `off` nothing is
 * recorded. count_tokens, which also goes upstream, is redacted too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SecretScanMode } from '../../../electron/core/config/types';
import { json, sse, startFakeUpstream } from '../../support/fake-upstream';
import type { FakeHandler, RecordedRequest } from '../../support/fake-upstream';
import { FAKE } from '../../support/fake-secrets';
import { startProxy } from '../../support/proxy';
import { anthropicKit, openaiKit } from '../resilience/helpers';
import { CODEX_DIR } from '../responses/helpers';
import { useCleanup } from '../translation-e2e/helpers';

const track = useCleanup();
const SECRETS = [FAKE.awsAccessKeyId, FAKE.github, FAKE.privateKey.slice(40, 80), FAKE.envValue];
const RESPONSES_SSE = readFileSync(join(CODEX_DIR, 'mock-response.text.sse.txt'), 'utf8');

const anthropicBody = (stream: boolean) => ({
  model: 'up-model',
  max_tokens: 64,
  ...(stream ? { stream: true } : {}),
  system: [{ type: 'text', text: 'You are a coding agent.' }],
  messages: [
    { role: 'user', content: 'read my config' },
    { role: 'assistant', content: [{ type: 'text', text: `Found a token: ${FAKE.github}` }, { type: 'tool_use', id: 'toolu_1', name: 'read', input: { path: '.env' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: `AWS_ACCESS_KEY_ID=${FAKE.awsAccessKeyId}\nDB_PASSWORD=${FAKE.envValue}\n${FAKE.privateKey}` }] },
  ],
});

const chatBody = (stream: boolean) => ({
  model: 'up-model',
  ...(stream ? { stream: true } : {}),
  messages: [
    { role: 'system', content: 'You are a coding agent.' },
    { role: 'user', content: 'read my config' },
    { role: 'assistant', content: `Found a token: ${FAKE.github}`, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read', arguments: '{"path":".env"}' } }] },
    { role: 'tool', tool_call_id: 'call_1', content: `AWS_ACCESS_KEY_ID=${FAKE.awsAccessKeyId}\nDB_PASSWORD=${FAKE.envValue}\n${FAKE.privateKey}` },
  ],
  tools: [{ type: 'function', function: { name: 'read', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }],
});

const responsesBody = (stream: boolean) => ({
  model: 'up-model',
  store: false,
  ...(stream ? { stream: true } : {}),
  input: [
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'read my config' }] },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `Found a token: ${FAKE.github}` }] },
    { type: 'function_call', call_id: 'call_1', name: 'read', arguments: '{"path":".env"}' },
    { type: 'function_call_output', call_id: 'call_1', output: `AWS_ACCESS_KEY_ID=${FAKE.awsAccessKeyId}\nDB_PASSWORD=${FAKE.envValue}\n${FAKE.privateKey}` },
  ],
  tools: [{ type: 'function', name: 'read', parameters: { type: 'object', properties: { path: { type: 'string' } } } }],
});

const replyAnthropic: FakeHandler = (req, res) => anthropicKit.reply(req, res, 'ok');
const replyChat: FakeHandler = (req, res) => openaiKit.reply(req, res, 'ok');
const replyResponses: FakeHandler = (req, res) => (req.json?.stream === true ? sse(res, [RESPONSES_SSE]) : json(res, 200, { id: 'resp_1', object: 'response', status: 'completed', output: [] }));

interface Case {
  name: string;
  provider: 'anthropic' | 'openai' | 'openai-responses';
  path: string;
  body: (stream: boolean) => Record<string, unknown>;
  reply: FakeHandler;
  passthrough: boolean;
  /** Where the tool result sits in the client's body (the finding's `where`). */
  toolResultAt: string;
}

const CASES: Case[] = [
  { name: 'Anthropic client → Anthropic provider (passthrough)', provider: 'anthropic', path: '/v1/messages', body: anthropicBody, reply: replyAnthropic, passthrough: true, toolResultAt: 'messages[2].content[0].content' },
  { name: 'OpenAI Chat client → OpenAI provider (passthrough)', provider: 'openai', path: '/v1/chat/completions', body: chatBody, reply: replyChat, passthrough: true, toolResultAt: 'messages[3].content' },
  { name: 'Anthropic client → OpenAI provider (translated)', provider: 'openai', path: '/v1/messages', body: anthropicBody, reply: replyChat, passthrough: false, toolResultAt: 'messages[2].content[0].content' },
  { name: 'OpenAI Chat client → Anthropic provider (translated)', provider: 'anthropic', path: '/v1/chat/completions', body: chatBody, reply: replyAnthropic, passthrough: false, toolResultAt: 'messages[3].content' },
  { name: 'Responses client → OpenAI Chat provider (translated)', provider: 'openai', path: '/v1/responses', body: responsesBody, reply: replyChat, passthrough: false, toolResultAt: 'input[3].output' },
  { name: 'Responses client → Responses provider (passthrough)', provider: 'openai-responses', path: '/v1/responses', body: responsesBody, reply: replyResponses, passthrough: true, toolResultAt: 'input[3].output' },
];

async function rig(c: Case, mode: SecretScanMode) {
  const upstream = track(await startFakeUpstream(c.reply));
  const baseUrl = c.provider === 'anthropic' ? upstream.url : `${upstream.url}/v1`;
  const proxy = track(
    await startProxy({
      providers: [{ id: 'up', protocol: c.provider, baseUrl, apiKeys: ['test-upstream-key-000001'], models: ['up-model'] }],
      routing: { default: ['up/up-model'] },
      security: { secretScan: mode },
    }),
  );
  return { upstream, proxy };
}

async function post(url: string, path: string, raw: string) {
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: raw });
  await res.text();
  return res.status;
}

const sentText = (r: RecordedRequest) => r.raw.toString('utf8');
const finished = (events: Array<{ type: string }>) => events.filter((e) => e.type === 'request.finished').at(-1) as { secretScan?: { action: string; findings: Array<{ type: string; where: string }> } };

describe.each(CASES)('$name', (c) => {
  it.each([false, true])('redact (stream %s): nothing secret reaches the upstream, history included; the log says what and where', async (stream) => {
    const { upstream, proxy } = await rig(c, 'redact');
    expect(await post(proxy.url, c.path, JSON.stringify(c.body(stream)))).toBe(200);
    const sent = sentText(upstream.requests.at(-1)!);
    for (const s of SECRETS) expect(sent).not.toContain(s);
    for (const t of ['github-token', 'aws-access-key-id', 'env-secret', 'private-key']) expect(sent).toContain(`[REDACTED:${t}]`);
    const scan = finished(proxy.events).secretScan!;
    expect(scan.action).toBe('redacted');
    expect(scan.findings.map((f) => f.type).sort()).toEqual(['aws-access-key-id', 'env-secret', 'github-token', 'private-key']);
    expect(scan.findings.filter((f) => f.type !== 'github-token').every((f) => f.where === c.toolResultAt)).toBe(true);
    expect(JSON.stringify(proxy.events)).not.toContain(FAKE.awsAccessKeyId);
  });

  it('warn: the request goes as sent (passthrough: byte for byte) and the log records the findings', async () => {
    const { upstream, proxy } = await rig(c, 'warn');
    const raw = JSON.stringify(c.body(true));
    expect(await post(proxy.url, c.path, raw)).toBe(200);
    const sent = sentText(upstream.requests.at(-1)!);
    if (c.passthrough) expect(sent).toBe(raw);
    expect(sent).toContain(FAKE.awsAccessKeyId);
    const scan = finished(proxy.events).secretScan!;
    expect(scan.action).toBe('warned');
    expect(scan.findings).toHaveLength(4);
    expect(JSON.stringify(scan)).not.toMatch(new RegExp(SECRETS.map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')));
  });

  it('off: nothing scanned, nothing recorded', async () => {
    const { upstream, proxy } = await rig(c, 'off');
    expect(await post(proxy.url, c.path, JSON.stringify(c.body(false)))).toBe(200);
    expect(sentText(upstream.requests.at(-1)!)).toContain(FAKE.awsAccessKeyId);
    expect(finished(proxy.events).secretScan).toBeUndefined();
  });
});

describe('other requests that leave the machine', () => {
  it('count_tokens asked of an Anthropic provider carries the redacted text', async () => {
    const { upstream, proxy } = await rig(
      { ...CASES[0]!, reply: (req, res) => (req.url.includes('count_tokens') ? json(res, 200, { input_tokens: 42 }) : replyAnthropic(req, res, 0)) },
      'redact',
    );
    const { max_tokens: _m, ...countBody } = anthropicBody(false);
    expect(await post(proxy.url, '/v1/messages/count_tokens', JSON.stringify(countBody))).toBe(200);
    const sent = sentText(upstream.requests.at(-1)!);
    expect(upstream.requests.at(-1)!.url).toContain('count_tokens');
    for (const s of SECRETS) expect(sent).not.toContain(s);
  });

  it('a clean request is sent byte for byte in redact mode (no re-serialization)', async () => {
    const { upstream, proxy } = await rig(CASES[0]!, 'redact');
    const raw = JSON.stringify({ model: 'up-model', max_tokens: 8, messages: [{ role: 'user', content: 'nothing secret here' }] }, null, 1);
    expect(await post(proxy.url, '/v1/messages', raw)).toBe(200);
    // Byte for byte but for the one field aimux splices in: a non-streaming request is streamed upstream.
    expect(sentText(upstream.requests.at(-1)!)).toBe(`{"stream":true,${raw.slice(1)}`);
    expect(finished(proxy.events).secretScan).toBeUndefined();
  });
});
