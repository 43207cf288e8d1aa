/**
 * Non-streaming client requests are sent upstream as streams and their answer assembled, so a silent
 * upstream is left after `firstByteMs` (not minutes), as for a streaming request. With the official SDKs
 * as clients, on both upstream protocols (passthrough and translated). Also: the answer the SDKs get from
 * a documented stream, `quirks.streaming: false` (whole answers, bounded by `timeouts.responseMs`), a
 * stream that breaks after the attempt committed, and estimated usage.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { json, openAIChunkText, openAICompletion, resetConnection, sse, startFakeUpstream } from '../../support/fake-upstream';
import { startProxy } from '../../support/proxy';
import { KITS, anthropicKit, eventsOf, openaiKit, providerCfg, send, target, untilClosed, useCleanup } from './helpers';
import type { Kit } from './helpers';

const track = useCleanup();

const FIRST_BYTE_MS = 300;
const FIXTURES = join(__dirname, '../fixtures/assembly');
const fixture = (name: string) => ({ sse: readFileSync(join(FIXTURES, `${name}.sse`), 'utf8'), whole: JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) });

/** Anthropic SDK or OpenAI SDK asking for a whole answer; returns the text it got. */
const SDKS = [
  {
    name: 'Anthropic SDK',
    kit: anthropicKit,
    ask: async (proxyUrl: string) => {
      const msg = await new Anthropic({ apiKey: 'client-key', baseURL: proxyUrl, maxRetries: 0 }).messages.create({ model: 'x', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
      return msg.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    },
  },
  {
    name: 'OpenAI SDK',
    kit: openaiKit,
    ask: async (proxyUrl: string) => {
      const c = await new OpenAI({ apiKey: 'client-key', baseURL: `${proxyUrl}/v1`, maxRetries: 0 }).chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] });
      return c.choices[0]!.message.content ?? '';
    },
  },
] as const;

describe.each(SDKS)('$name, non-streaming', ({ kit: clientKit, ask }) => {
  it.each(KITS)('an upstream ($protocol) that accepts and never answers is left after firstByteMs; the next target answers', async (upstreamKit) => {
    const a = track(await startFakeUpstream((_req, res) => untilClosed(res)));
    const b = track(await startFakeUpstream((req, res) => upstreamKit.reply(req, res, 'from b')));
    const proxy = track(
      await startProxy({
        providers: [providerCfg('a', upstreamKit, a.url, { timeouts: { connectMs: 2000, firstByteMs: FIRST_BYTE_MS, idleMs: 5000 } }), providerCfg('b', upstreamKit, b.url)],
        routing: { default: [target('a'), target('b')] },
      }),
    );
    const t0 = performance.now();
    expect(await ask(proxy.url)).toBe('from b');
    const took = performance.now() - t0;
    // The point of the test: the bound is firstByteMs, not the old 600 s floor or the 300 s deadline.
    // (undici checks its header timer on a ~0.5 s tick: a 300 ms limit fires 0.5–1 s after the request.)
    expect(took).toBeLessThan(FIRST_BYTE_MS + 1000);
    expect(a.requests[0]!.json.stream).toBe(true);
    expect(b.requests[0]!.json.stream).toBe(true);
    if (upstreamKit.protocol === 'openai') expect(b.requests[0]!.json.stream_options).toEqual({ include_usage: true });
    expect(eventsOf(proxy.events, 'attempt.failed').map((e) => [e.providerId, e.errorCode])).toEqual([['a', 'UPSTREAM_FIRST_BYTE_TIMEOUT']]);
    expect(eventsOf(proxy.events, 'request.finished')[0]).toMatchObject({ clientProtocol: clientKit.protocol, providerId: 'b', status: 200 });
  });
});

describe('the SDKs get the upstream’s own whole answer, assembled from its stream', () => {
  it('Anthropic SDK, passthrough: a documented tool-use stream', async () => {
    const { sse: stream, whole } = fixture('anthropic-tool-use');
    const up = track(await startFakeUpstream((_req, res) => sse(res, [stream])));
    const proxy = track(await startProxy({ providers: [providerCfg('a', anthropicKit, up.url)], routing: { default: [target('a')] } }));
    const { data, response } = await new Anthropic({ apiKey: 'k', baseURL: proxy.url, maxRetries: 0 })
      .messages.create({ model: 'x', max_tokens: 500, messages: [{ role: 'user', content: 'weather?' }] })
      .withResponse();
    expect(data).toEqual(whole);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-aimux-usage')).toBeNull();
    expect(eventsOf(proxy.events, 'request.finished')[0]).toMatchObject({ status: 200, inputTokens: 472, outputTokens: 89 });
  });

  it('OpenAI SDK, passthrough: a documented parallel tool-call stream', async () => {
    const { sse: stream, whole } = fixture('openai-tool-calls');
    const up = track(await startFakeUpstream((_req, res) => sse(res, [stream])));
    const proxy = track(await startProxy({ providers: [providerCfg('a', openaiKit, up.url)], routing: { default: [target('a')] } }));
    const c = await new OpenAI({ apiKey: 'k', baseURL: `${proxy.url}/v1`, maxRetries: 0 }).chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'weather?' }] });
    delete whole.choices[0].message.annotations; // the one field no stream carries
    expect(c).toEqual(whole);
  });

  it('Anthropic SDK, translated from an OpenAI upstream: DeepSeek reasoning becomes a signed thinking block', async () => {
    const up = track(await startFakeUpstream((_req, res) => sse(res, [fixture('openai-deepseek-reasoning').sse])));
    const proxy = track(await startProxy({ providers: [providerCfg('a', openaiKit, up.url)], routing: { default: [target('a')] } }));
    const msg = await new Anthropic({ apiKey: 'k', baseURL: proxy.url, maxRetries: 0 }).messages.create({ model: 'x', max_tokens: 500, messages: [{ role: 'user', content: 'which is bigger?' }] });
    expect(msg.content).toEqual([
      { type: 'thinking', thinking: '9.11 and 9.8: compare the tenths. 1 < 8, so 9.8 is larger.', signature: 'aimux:v1:a' },
      { type: 'text', text: '9.8 is greater than 9.11.' },
    ]);
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.usage).toMatchObject({ input_tokens: 18, output_tokens: 92, cache_read_input_tokens: 0 });
  });

  it('OpenAI SDK, translated from an Anthropic upstream: thinking, text and the tool call', async () => {
    const up = track(await startFakeUpstream((_req, res) => sse(res, [fixture('anthropic-redacted-thinking').sse])));
    const proxy = track(await startProxy({ providers: [providerCfg('a', anthropicKit, up.url)], routing: { default: [target('a')] } }));
    const c = await new OpenAI({ apiKey: 'k', baseURL: `${proxy.url}/v1`, maxRetries: 0 }).chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'list files' }] });
    const msg = c.choices[0]!.message as OpenAI.ChatCompletionMessage & { reasoning_content?: string };
    expect(msg.reasoning_content).toBe('The user wants the file listed; I will call the tool.');
    expect(msg.content).toBeNull();
    expect(msg.tool_calls!.map((t) => [t.id, t.type === 'function' && t.function.name, t.type === 'function' && JSON.parse(t.function.arguments)])).toEqual([
      ['toolu_01BashCall', 'Bash', { command: 'ls -la', description: 'List files été' }],
    ]);
    expect(c.choices[0]!.finish_reason).toBe('tool_calls');
    expect(c.usage).toMatchObject({ prompt_tokens: 12 + 2051, completion_tokens: 73 });
  });
});

describe.each(KITS)('$protocol client → $protocol provider', (kit: Kit) => {
  it('quirks.streaming false: a whole answer is asked for and taken; a silent upstream is left after timeouts.responseMs', async () => {
    const a = track(await startFakeUpstream((_req, res) => untilClosed(res)));
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'whole from b')));
    const noStream = (timeouts: Record<string, number>) => ({ quirks: { streaming: false }, timeouts: { connectMs: 2000, firstByteMs: 60_000, idleMs: 60_000, ...timeouts } });
    const proxy = track(
      await startProxy({
        providers: [providerCfg('a', kit, a.url, noStream({ responseMs: 300 })), providerCfg('b', kit, b.url, noStream({}))],
        routing: { default: [target('a'), target('b')] },
      }),
    );
    const t0 = performance.now();
    const r = await send(proxy.url, kit, kit.body({ text: 'q' }));
    expect([r.status, r.provider, kit.textOf(r)]).toEqual([200, 'b', 'whole from b']);
    expect(performance.now() - t0).toBeLessThan(300 + 1000);
    expect(a.requests[0]!.json.stream).toBeUndefined();
    expect(b.requests[0]!.json).toEqual({ ...kit.body({ text: 'q' }), model: 'b-model' });
    expect(eventsOf(proxy.events, 'attempt.failed').map((e) => [e.providerId, e.kind, e.errorCode])).toEqual([['a', 'timeout', 'UPSTREAM_RESPONSE_TIMEOUT']]);
    // Streaming client requests are still streams.
    const s = await send(proxy.url, kit, kit.body({ stream: true, model: target('b') }));
    expect(kit.streamComplete(s.text)).toBe(true);
    expect(b.requests[1]!.json.stream).toBe(true);
  });

  it('a stream that breaks after the attempt committed: an error status in the client’s shape, no retry, counted as a late failure', async () => {
    const first = kit.streamPieces(['partial'])[0]!;
    const a = track(
      await startFakeUpstream(async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(first);
        await new Promise((r) => setTimeout(r, 50));
        resetConnection(res);
      }),
    );
    const b = track(await startFakeUpstream((req, res) => kit.reply(req, res, 'from b')));
    const proxy = track(await startProxy({ providers: [providerCfg('a', kit, a.url), providerCfg('b', kit, b.url)], routing: { default: [target('a'), target('b')] } }));
    const r = await send(proxy.url, kit, kit.body({}));
    expect(r.status).toBe(502);
    expect(r.provider).toBe('a');
    expect(kit.protocol === 'anthropic' ? r.json.type : 'error').toBe('error');
    expect(JSON.stringify(r.json)).toContain('connection reset');
    expect(b.requests).toHaveLength(0);
    expect(eventsOf(proxy.events, 'attempt.failed').map((e) => [e.providerId, e.errorCode, e.late])).toEqual([['a', 'UPSTREAM_NETWORK', true]]);
    expect(eventsOf(proxy.events, 'request.finished')[0]).toMatchObject({ status: 502, errorCode: 'UPSTREAM_NETWORK' });
  });
});

describe('usage', () => {
  it('an OpenAI upstream stream without usage: the answer carries an estimate and x-aimux-usage: estimated', async () => {
    const base = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm' };
    const up = track(
      await startFakeUpstream((_req, res) =>
        sse(res, [
          openAIChunkText({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'twelve chars' }, finish_reason: null }] }),
          openAIChunkText({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
          'data: [DONE]\n\n',
        ]),
      ),
    );
    const proxy = track(await startProxy({ providers: [providerCfg('a', openaiKit, up.url)], routing: { default: [target('a')] } }));
    const r = await send(proxy.url, openaiKit, openaiKit.body({}));
    expect(r.headers.get('x-aimux-usage')).toBe('estimated');
    expect(r.json.usage).toMatchObject({ completion_tokens: 3 });
    expect(r.json.choices[0].message).toEqual({ role: 'assistant', content: 'twelve chars' });
  });

  it('an upstream answering the stream request with a whole answer (it ignored `stream`) is taken as it is', async () => {
    const up = track(await startFakeUpstream((_req, res) => json(res, 200, { ...openAICompletion('x'), object: 'chat.completion' })));
    const proxy = track(await startProxy({ providers: [providerCfg('a', openaiKit, up.url)], routing: { default: [target('a')] } }));
    const r = await send(proxy.url, openaiKit, openaiKit.body({}));
    expect([r.status, openaiKit.textOf(r)]).toEqual([200, 'x']);
    // ...but a streaming client still gets a 502 for it: a whole answer cannot be passed off as a stream.
    const s = await send(proxy.url, openaiKit, openaiKit.body({ stream: true }));
    expect(s.status).toBe(502);
  });
});
