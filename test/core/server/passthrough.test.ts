/**
 * Same-protocol passthrough through the real proxy, with the official SDKs as clients and loopback
 * upstreams: bodies, headers, auth, streaming chunk by chunk, and client aborts.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { anthropicMessage, anthropicTextStream, json, openAICompletion, openAITextStream, sleep, sse, startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { singleProvider, startProxy } from '../../support/proxy';
import type { TestProxy } from '../../support/proxy';

let upstream: FakeUpstream | undefined;
let proxy: TestProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
  proxy = undefined;
  upstream = undefined;
});

const anthropicClient = (url: string) => new Anthropic({ apiKey: 'client-own-key', baseURL: url, maxRetries: 0 });
const openaiClient = (url: string) => new OpenAI({ apiKey: 'client-own-key', baseURL: `${url}/v1`, maxRetries: 0 });

describe('Anthropic client → anthropic provider', () => {
  it('non-streaming: rewrites the model, asks for a stream, sets the provider key, keeps version and beta headers', async () => {
    // An upstream that answers the stream request with a whole JSON message: a non-streaming client takes it as it is.
    upstream = await startFakeUpstream((_req, res) => json(res, 200, anthropicMessage('hi there', { model: 'up-model' })));
    proxy = await startProxy(singleProvider('anthropic', upstream.url));
    const msg = await anthropicClient(proxy.url).messages.create(
      { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hello' }] },
      { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14', 'anthropic-version': '2023-06-01' } },
    );
    expect(msg.content).toEqual([{ type: 'text', text: 'hi there' }]);
    const got = upstream.requests[0]!;
    expect(got.url).toBe('/v1/messages');
    expect(got.json).toEqual({ stream: true, model: 'up-model', max_tokens: 100, messages: [{ role: 'user', content: 'hello' }] });
    expect(got.raw.toString()).toMatch(/^{"stream":true,/);
    expect(got.headers['x-api-key']).toBe('test-upstream-key-000001');
    expect(got.headers.authorization).toBeUndefined();
    expect(got.headers['anthropic-version']).toBe('2023-06-01');
    expect(got.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14');
    expect(JSON.stringify(got.headers)).not.toContain('client-own-key');
  });

  it('streaming: the SDK assembles exactly the message the upstream streamed', async () => {
    upstream = await startFakeUpstream((_req, res) => sse(res, anthropicTextStream(['Hel', 'lo ', 'wor', 'ld'], { model: 'up-model', outputTokens: 4 })));
    proxy = await startProxy(singleProvider('anthropic', upstream.url));
    const stream = anthropicClient(proxy.url).messages.stream({ model: 'x', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    const final = await stream.finalMessage();
    expect(final).toMatchObject({ id: 'msg_fake_1', model: 'up-model', stop_reason: 'end_turn', content: [{ type: 'text', text: 'Hello world' }], usage: { output_tokens: 4 } });
    const finished = proxy.events.find((e) => e.type === 'request.finished');
    expect(finished).toMatchObject({ status: 200, providerId: 'up', model: 'up-model', outputTokens: 4 });
  });

  it('streams chunk by chunk: the client has the first event while the upstream is still paused', async () => {
    const pieces = anthropicTextStream(['first', ' second']);
    let upstreamDoneAt = 0;
    upstream = await startFakeUpstream(async (_req, res) => {
      await sse(res, pieces, { pauseAfter: { 0: 300 } });
      upstreamDoneAt = performance.now();
    });
    proxy = await startProxy(singleProvider('anthropic', upstream.url));
    const res = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'x', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const first = await reader.read();
    const firstAt = performance.now();
    expect(new TextDecoder().decode(first.value)).toContain('event: message_start');
    let rest = '';
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      rest += new TextDecoder().decode(r.value);
    }
    expect(upstreamDoneAt - firstAt).toBeGreaterThan(200);
    expect(rest).toContain('event: message_stop');
  });

  it('answers the message the upstream sent with x-aimux routing headers', async () => {
    upstream = await startFakeUpstream((_req, res) => json(res, 200, anthropicMessage('ok')));
    proxy = await startProxy(singleProvider('anthropic', upstream.url));
    const res = await fetch(`${proxy.url}/anthropic/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'up/up-model', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-aimux-provider')).toBe('up');
    expect(res.headers.get('x-aimux-model')).toBe('up-model');
    expect(res.headers.get('x-aimux-attempts')).toBe('1');
    expect(res.headers.get('x-aimux-class')).toBe('default');
    expect(upstream.requests[0]!.url).toBe('/v1/messages?beta=true');
  });

  it('a client disconnect aborts the upstream request', async () => {
    let upstreamClosed: () => void;
    const closed = new Promise<void>((r) => (upstreamClosed = r));
    upstream = await startFakeUpstream(async (_req, res) => {
      res.on('close', () => upstreamClosed());
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(anthropicTextStream(['a'])[0]);
      await sleep(10_000);
      res.end();
    });
    proxy = await startProxy(singleProvider('anthropic', upstream.url));
    const ac = new AbortController();
    const res = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'x', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      signal: ac.signal,
    });
    await res.body!.getReader().read();
    const t0 = performance.now();
    ac.abort();
    await closed;
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('OpenAI client → openai provider', () => {
  it('non-streaming: Bearer auth with the provider key, model rewritten, a stream with usage asked for, path /chat/completions under the base URL', async () => {
    upstream = await startFakeUpstream((_req, res) => json(res, 200, openAICompletion('hey', { model: 'up-model' })));
    proxy = await startProxy(singleProvider('openai', `${upstream.url}/v1`));
    const c = await openaiClient(proxy.url).chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] });
    expect(c.choices[0]!.message.content).toBe('hey');
    const got = upstream.requests[0]!;
    expect(got.url).toBe('/v1/chat/completions');
    expect(got.headers.authorization).toBe('Bearer test-upstream-key-000001');
    expect(got.headers['x-api-key']).toBeUndefined();
    expect(got.json).toEqual({ stream: true, stream_options: { include_usage: true }, model: 'up-model', messages: [{ role: 'user', content: 'hi' }] });
  });

  it('streaming: the SDK assembles the completion the upstream streamed', async () => {
    upstream = await startFakeUpstream((_req, res) => sse(res, openAITextStream(['a', 'b', 'c'], { usage: true })));
    proxy = await startProxy(singleProvider('openai', `${upstream.url}/v1`));
    const stream = openaiClient(proxy.url).chat.completions.stream({ model: 'x', messages: [{ role: 'user', content: 'hi' }], stream_options: { include_usage: true } });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe('abc');
    expect(final.choices[0]!.finish_reason).toBe('stop');
    expect(final.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 5 });
  });

  it('answers under /openai/v1 too', async () => {
    upstream = await startFakeUpstream((_req, res) => json(res, 200, openAICompletion('x')));
    proxy = await startProxy(singleProvider('openai', `${upstream.url}/v1`));
    const c = new OpenAI({ apiKey: 'k', baseURL: `${proxy.url}/openai/v1`, maxRetries: 0 });
    const r = await c.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] });
    expect(r.choices[0]!.message.content).toBe('x');
  });
});
