/**
 * The official Anthropic SDK against an OpenAI-shaped upstream, through the real proxy: what the SDK
 * assembles, and exactly what the upstream received.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { json, openAIChunkText, sleep, sse, startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { singleProvider, startProxy } from '../../support/proxy';
import type { TestProxy } from '../../support/proxy';

let upstream: FakeUpstream | undefined;
let proxy: TestProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
  proxy = upstream = undefined;
});

const base = { id: 'chatcmpl-x', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'up-model' };
const chunk = (delta: unknown, finish: string | null = null, extra: Record<string, unknown> = {}) => openAIChunkText({ ...base, choices: [{ index: 0, delta, finish_reason: finish }], ...extra });
const usageChunk = (u: unknown) => openAIChunkText({ ...base, choices: [], usage: u });
const DONE = 'data: [DONE]\n\n';

function completion(message: Record<string, unknown>, finish = 'stop', usage: unknown = { prompt_tokens: 30, completion_tokens: 7, total_tokens: 37, prompt_tokens_details: { cached_tokens: 20 } }) {
  return { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'up-model', choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }], ...(usage ? { usage } : {}) };
}

async function start(handler: (req: any, res: ServerResponse, n: number) => unknown, providerExtra: Record<string, unknown> = {}) {
  upstream = await startFakeUpstream(handler as never);
  proxy = await startProxy(singleProvider('openai', `${upstream.url}/v1`, providerExtra));
  return new Anthropic({ apiKey: 'client-key', baseURL: proxy.url, maxRetries: 0 });
}

const bash = {
  name: 'Bash',
  description: 'Run a command',
  input_schema: { type: 'object' as const, properties: { command: { type: 'string' } }, required: ['command'] },
};

describe('Anthropic SDK → OpenAI upstream', () => {
  it('text, non-streaming: system and messages translated, usage mapped (cached tokens → cache_read)', async () => {
    const A = await start((_req, res) => json(res, 200, completion({ content: 'Hi there' })));
    const msg = await A.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello' }] });
    expect(msg.content).toEqual([{ type: 'text', text: 'Hi there' }]);
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.usage).toMatchObject({ input_tokens: 10, cache_read_input_tokens: 20, output_tokens: 7 });
    expect(upstream!.requests[0]!.url).toBe('/v1/chat/completions');
    expect(upstream!.requests[0]!.headers.authorization).toBe('Bearer test-upstream-key-000001');
    expect(upstream!.requests[0]!.json).toEqual({
      model: 'up-model',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
      max_tokens: 100,
    });
  });

  it('a full tool loop, streamed: tool_use with parsed input, then tool_result → role:"tool" right after the call', async () => {
    const A = await start((req, res) => {
      if (req.json.messages.length === 1) {
        return sse(res, [
          chunk({ role: 'assistant', content: '' }),
          chunk({ content: 'Let me run that.' }),
          chunk({ tool_calls: [{ index: 0, id: 'call_abc', type: 'function', function: { name: 'Bash', arguments: '' } }] }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: '{"comm' } }] }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: 'and":"echo hi"}' } }] }),
          chunk({}, 'tool_calls'),
          usageChunk({ prompt_tokens: 50, completion_tokens: 12, total_tokens: 62 }),
          DONE,
        ]);
      }
      return json(res, 200, completion({ content: 'Tool said: hi' }));
    });
    const first = await A.messages.stream({ model: 'x', max_tokens: 200, tools: [bash], messages: [{ role: 'user', content: 'say hi with Bash' }] }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content).toEqual([
      { type: 'text', text: 'Let me run that.' },
      { type: 'tool_use', id: 'call_abc', name: 'Bash', input: { command: 'echo hi' } },
    ]);
    expect(first.usage).toMatchObject({ input_tokens: 50, output_tokens: 12 });
    expect(upstream!.requests[0]!.json).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      tools: [{ type: 'function', function: { name: 'Bash', description: 'Run a command', parameters: bash.input_schema } }],
    });
    const second = await A.messages.create({
      model: 'x',
      max_tokens: 200,
      tools: [bash],
      messages: [
        { role: 'user', content: 'say hi with Bash' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_abc', content: 'hi' }, { type: 'text', text: 'thanks' }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'Tool said: hi' }]);
    expect(upstream!.requests[1]!.json.messages).toEqual([
      { role: 'user', content: 'say hi with Bash' },
      { role: 'assistant', content: 'Let me run that.', tool_calls: [{ id: 'call_abc', type: 'function', function: { name: 'Bash', arguments: '{"command":"echo hi"}' } }] },
      { role: 'tool', tool_call_id: 'call_abc', content: 'hi' },
      { role: 'user', content: 'thanks' },
    ]);
  });

  it('parallel tool calls interleaved by index become one tool_use block each, in order', async () => {
    const A = await start((_req, res) =>
      sse(res, [
        chunk({ role: 'assistant', content: null }),
        chunk({ tool_calls: [{ index: 0, id: 'call_0', type: 'function', function: { name: 'Bash', arguments: '{"command":' } }] }),
        chunk({ tool_calls: [{ index: 1, id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '{"comma' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '"ls"}' } }] }),
        chunk({ tool_calls: [{ index: 1, function: { arguments: 'nd":"pwd"}' } }] }),
        chunk({}, 'tool_calls'),
        DONE,
      ]),
    );
    const m = await A.messages.stream({ model: 'x', max_tokens: 100, tools: [bash], messages: [{ role: 'user', content: 'both' }] }).finalMessage();
    expect(m.content).toEqual([
      { type: 'tool_use', id: 'call_0', name: 'Bash', input: { command: 'ls' } },
      { type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'pwd' } },
    ]);
    expect(m.stop_reason).toBe('tool_use');
  });

  it('tool arguments split at awkward byte positions (inside a string, a \\u escape, a UTF-8 character) arrive whole', async () => {
    const args = '{"command":"echo caf\\u00e9 — 世界 🎉"}';
    const frame = chunk({ tool_calls: [{ index: 0, function: { arguments: args } }] });
    const bytes = Buffer.from(frame);
    const cuts = [bytes.indexOf('echo') + 2, bytes.indexOf('\\u00e9') + 3, bytes.indexOf(Buffer.from('世')) + 1, bytes.indexOf(Buffer.from('🎉')) + 2];
    const pieces: Buffer[] = [];
    let at = 0;
    for (const c of cuts) {
      pieces.push(bytes.subarray(at, c));
      at = c;
    }
    pieces.push(bytes.subarray(at));
    const A = await start(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk({ role: 'assistant', content: null }));
      res.write(chunk({ tool_calls: [{ index: 0, id: 'call_u', type: 'function', function: { name: 'Bash', arguments: '' } }] }));
      for (const p of pieces) {
        res.write(p);
        await sleep(15);
      }
      res.end(chunk({}, 'tool_calls') + DONE);
    });
    const m = await A.messages.stream({ model: 'x', max_tokens: 100, tools: [bash], messages: [{ role: 'user', content: 'go' }] }).finalMessage();
    expect(m.content).toEqual([{ type: 'tool_use', id: 'call_u', name: 'Bash', input: { command: 'echo café — 世界 🎉' } }]);
  });

  it('reasoning then text → a thinking block (signed by aimux for this provider), then the text block', async () => {
    const A = await start((_req, res) =>
      sse(res, [chunk({ role: 'assistant', content: '' }), chunk({ reasoning_content: 'Let me ' }), chunk({ reasoning_content: 'think.' }), chunk({ content: 'Answer.' }), chunk({}, 'stop'), DONE]),
    );
    const m = await A.messages.stream({ model: 'x', max_tokens: 100, messages: [{ role: 'user', content: 'q' }] }).finalMessage();
    expect(m.content).toEqual([
      { type: 'thinking', thinking: 'Let me think.', signature: 'aimux:v1:up' },
      { type: 'text', text: 'Answer.' },
    ]);
  });

  it('an image becomes an image_url data URI; a target without vision gets a placeholder and says so', async () => {
    const data = Buffer.from('fake-png-bytes').toString('base64');
    const content = [
      { type: 'image' as const, source: { type: 'base64' as const, media_type: 'image/png' as const, data } },
      { type: 'text' as const, text: 'what is this?' },
    ];
    const A = await start((_req, res) => json(res, 200, completion({ content: 'a cat' })));
    await A.messages.create({ model: 'x', max_tokens: 50, messages: [{ role: 'user', content }] });
    expect(upstream!.requests[0]!.json.messages[0].content).toEqual([
      { type: 'image_url', image_url: { url: `data:image/png;base64,${data}` } },
      { type: 'text', text: 'what is this?' },
    ]);
    await proxy!.close();
    await upstream!.close();
    const B = await start((_req, res) => json(res, 200, completion({ content: 'no idea' })), { capabilities: { vision: false } });
    const r = await B.messages.create({ model: 'x', max_tokens: 50, messages: [{ role: 'user', content }] }).withResponse();
    expect(r.response.headers.get('x-aimux-notes')).toContain('images_omitted');
    const sent = JSON.stringify(upstream!.requests[0]!.json);
    expect(sent).not.toContain(data);
    expect(sent).toContain('[image omitted: up does not accept images]');
  });

  it('thinking for a target that cannot think is dropped visibly (x-aimux-notes), not silently', async () => {
    const A = await start((_req, res) => json(res, 200, completion({ content: 'ok' })));
    const r = await A.messages
      .create({ model: 'x', max_tokens: 20_000, thinking: { type: 'enabled', budget_tokens: 10_000 }, messages: [{ role: 'user', content: 'q' }] })
      .withResponse();
    expect(r.response.headers.get('x-aimux-notes')).toContain('thinking_dropped');
    expect(upstream!.requests[0]!.json.reasoning_effort).toBeUndefined();
    await proxy!.close();
    await upstream!.close();
    const B = await start((_req, res) => json(res, 200, completion({ content: 'ok' })), { capabilities: { thinking: true } });
    const r2 = await B.messages
      .create({ model: 'x', max_tokens: 20_000, thinking: { type: 'enabled', budget_tokens: 10_000 }, messages: [{ role: 'user', content: 'q' }] })
      .withResponse();
    expect(upstream!.requests[0]!.json.reasoning_effort).toBe('medium');
    expect(r2.response.headers.get('x-aimux-notes')).toContain('thinking_mapped');
  });

  it('finish_reason length → stop_reason max_tokens; no upstream usage → estimated, and the header says so', async () => {
    const A = await start((_req, res) => json(res, 200, completion({ content: 'cut off mid' }, 'length', null)));
    const r = await A.messages.create({ model: 'x', max_tokens: 3, messages: [{ role: 'user', content: 'tell me a long story' }] }).withResponse();
    expect(r.data.stop_reason).toBe('max_tokens');
    expect(r.response.headers.get('x-aimux-usage')).toBe('estimated');
    expect(r.data.usage.input_tokens).toBeGreaterThan(0);
    expect(r.data.usage.output_tokens).toBeGreaterThan(0);
  });

  it('an upstream error before the first byte → the SDK’s typed error with the upstream status and message', async () => {
    const A = await start((_req, res) => json(res, 429, { error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } }, { 'retry-after': '3' }));
    const err = (await A.messages.create({ model: 'x', max_tokens: 10, messages: [{ role: 'user', content: 'q' }] }).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect((err.error as any).error).toEqual({ type: 'rate_limit_error', message: 'provider "up" answered 429: Rate limit reached for requests' });
    expect(err.headers?.get('retry-after')).toBe('3');
  });

  it('an upstream that breaks after the first byte: every started block is stopped, then an error event; the SDK rejects', async () => {
    const handler = async (_req: unknown, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk({ role: 'assistant', content: '' }) + chunk({ content: 'partial ans' }));
      await sleep(50);
      res.socket!.destroy();
    };
    const A = await start(handler);
    const raw = await fetch(`${proxy!.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'x', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'q' }] }),
    });
    const text = await raw.text();
    const events = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'error']);
    expect(text).not.toContain('message_stop');
    await expect(A.messages.stream({ model: 'x', max_tokens: 50, messages: [{ role: 'user', content: 'q' }] }).finalMessage()).rejects.toThrow(/connection reset|stream/);
  });

  it('adds no buffering: the first text delta reaches the client while the upstream is still paused', async () => {
    let upstreamDoneAt = 0;
    const A = await start(async (_req, res) => {
      await sse(res, [chunk({ role: 'assistant', content: '' }) + chunk({ content: 'first' }), chunk({ content: ' rest' }) + chunk({}, 'stop') + DONE], { pauseAfter: { 0: 300 } });
      upstreamDoneAt = performance.now();
    });
    let firstTextAt = 0;
    const stream = A.messages.stream({ model: 'x', max_tokens: 50, messages: [{ role: 'user', content: 'q' }] });
    stream.on('text', () => {
      if (!firstTextAt) firstTextAt = performance.now();
    });
    const m = await stream.finalMessage();
    expect(m.content).toEqual([{ type: 'text', text: 'first rest' }]);
    expect(upstreamDoneAt - firstTextAt).toBeGreaterThan(200);
  });
});

describe('usage estimate marker on streams', () => {
  it('a stream whose upstream sent no usage ends with the trailer x-aimux-usage: estimated', async () => {
    upstream = await startFakeUpstream((_req, res) => sse(res, [chunk({ role: 'assistant', content: '' }), chunk({ content: 'four words right here' }), chunk({}, 'stop'), DONE]));
    proxy = await startProxy(singleProvider('openai', `${upstream.url}/v1`));
    const { request } = await import('node:http');
    const { text, trailers, headers } = await new Promise<{ text: string; trailers: NodeJS.Dict<string>; headers: NodeJS.Dict<string | string[]> }>((resolve, reject) => {
      const req = request(`${proxy!.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let t = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (t += d));
        res.on('end', () => resolve({ text: t, trailers: res.trailers, headers: res.headers }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ model: 'x', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'q' }] }));
    });
    expect(headers.trailer).toBe('x-aimux-usage');
    expect(trailers['x-aimux-usage']).toBe('estimated');
    const delta = JSON.parse(/event: message_delta\ndata: (.*)\n/.exec(text)![1]!);
    expect(delta.usage.output_tokens).toBeGreaterThan(0);
  });
});
