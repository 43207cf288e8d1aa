/**
 * The official OpenAI SDK against an Anthropic-shaped upstream, through the real proxy; and thinking
 * history that aimux signed, on its way to an Anthropic-protocol provider.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { anthropicEvent, anthropicMessage, anthropicTextStream, json, sleep, sse, startFakeUpstream } from '../../support/fake-upstream';
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

async function start(handler: (req: any, res: ServerResponse, n: number) => unknown) {
  upstream = await startFakeUpstream(handler as never);
  proxy = await startProxy(singleProvider('anthropic', upstream.url));
  return new OpenAI({ apiKey: 'client-key', baseURL: `${proxy.url}/v1`, maxRetries: 0 });
}

const msgStart = (usage = { input_tokens: 40, cache_read_input_tokens: 8, output_tokens: 1 }) =>
  anthropicEvent({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'up-model', content: [], stop_reason: null, stop_sequence: null, usage } });
const block = (index: number, content_block: unknown) => anthropicEvent({ type: 'content_block_start', index, content_block });
const delta = (index: number, d: unknown) => anthropicEvent({ type: 'content_block_delta', index, delta: d });
const stop = (index: number) => anthropicEvent({ type: 'content_block_stop', index });
const end = (stop_reason: string, output_tokens: number) => [anthropicEvent({ type: 'message_delta', delta: { stop_reason, stop_sequence: null }, usage: { output_tokens } }), anthropicEvent({ type: 'message_stop' })];

const weather = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

describe('OpenAI SDK → Anthropic upstream', () => {
  it('text, non-streaming: system → top-level system, usage mapped back (cached tokens included in prompt_tokens)', async () => {
    const O = await start((_req, res) =>
      json(res, 200, { ...anthropicMessage('Hello!', { model: 'up-model' }), usage: { input_tokens: 12, cache_read_input_tokens: 30, output_tokens: 3 } }),
    );
    const c = await O.chat.completions.create({ model: 'gpt-5', max_tokens: 64, messages: [{ role: 'system', content: 'Be kind.' }, { role: 'user', content: 'Hi' }] });
    expect(c.choices[0]!.message.content).toBe('Hello!');
    expect(c.choices[0]!.finish_reason).toBe('stop');
    expect(c.usage).toMatchObject({ prompt_tokens: 42, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 30 } });
    const got = upstream!.requests[0]!;
    expect(got.url).toBe('/v1/messages');
    expect(got.headers['x-api-key']).toBe('test-upstream-key-000001');
    expect(got.headers['anthropic-version']).toBe('2023-06-01');
    expect(got.json).toEqual({ model: 'up-model', max_tokens: 64, system: [{ type: 'text', text: 'Be kind.' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] });
  });

  it('a full tool loop, streamed: tool_calls with index deltas, then tool messages → tool_result blocks', async () => {
    const O = await start((req, res) => {
      if (req.json.messages.length === 1) {
        return sse(res, [
          msgStart(),
          block(0, { type: 'text', text: '' }),
          delta(0, { type: 'text_delta', text: 'Checking.' }),
          stop(0),
          block(1, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} }),
          delta(1, { type: 'input_json_delta', partial_json: '{"ci' }),
          delta(1, { type: 'input_json_delta', partial_json: 'ty":"Oslo"}' }),
          stop(1),
          block(2, { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: {} }),
          delta(2, { type: 'input_json_delta', partial_json: '{"city":"Rome"}' }),
          stop(2),
          ...end('tool_use', 30),
        ]);
      }
      return json(res, 200, anthropicMessage('Oslo 3°C, Rome 18°C'));
    });
    const first = await O.chat.completions
      .stream({ model: 'x', tools: [weather], messages: [{ role: 'user', content: 'weather in Oslo and Rome?' }], stream_options: { include_usage: true } })
      .finalChatCompletion();
    const msg = first.choices[0]!.message;
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(msg.content).toBe('Checking.');
    expect(msg.tool_calls).toEqual([
      { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
      { id: 'toolu_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
    ]);
    expect(first.usage).toMatchObject({ prompt_tokens: 48, completion_tokens: 30 });
    const second = await O.chat.completions.create({
      model: 'x',
      tools: [weather],
      messages: [
        { role: 'user', content: 'weather in Oslo and Rome?' },
        { role: 'assistant', content: 'Checking.', tool_calls: msg.tool_calls },
        { role: 'tool', tool_call_id: 'toolu_1', content: '3°C' },
        { role: 'tool', tool_call_id: 'toolu_2', content: '18°C' },
      ],
    });
    expect(second.choices[0]!.message.content).toBe('Oslo 3°C, Rome 18°C');
    expect(upstream!.requests[1]!.json.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'weather in Oslo and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } },
          { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '3°C' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: '18°C' },
        ],
      },
    ]);
  });

  it('thinking → reasoning_content (stream and not), reasoning_effort → thinking budget', async () => {
    const O = await start((req, res) =>
      req.json.stream
        ? sse(res, [msgStart(), block(0, { type: 'thinking', thinking: '', signature: '' }), delta(0, { type: 'thinking_delta', thinking: 'Hmm.' }), delta(0, { type: 'signature_delta', signature: 'sig' }), stop(0), block(1, { type: 'text', text: '' }), delta(1, { type: 'text_delta', text: 'Yes.' }), stop(1), ...end('end_turn', 4)])
        : json(res, 200, { ...anthropicMessage('Yes.'), content: [{ type: 'thinking', thinking: 'Hmm.', signature: 'sig' }, { type: 'text', text: 'Yes.' }] }),
    );
    const raw = (await O.chat.completions.create({ model: 'x', max_tokens: 20_000, reasoning_effort: 'medium', messages: [{ role: 'user', content: 'q' }] })) as any;
    expect(raw.choices[0].message).toMatchObject({ content: 'Yes.', reasoning_content: 'Hmm.' });
    expect(upstream!.requests[0]!.json.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
    const deltas: string[] = [];
    const stream = await O.chat.completions.create({ model: 'x', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'q' }] });
    for await (const ch of stream) {
      const d = ch.choices[0]?.delta as { reasoning_content?: string; content?: string } | undefined;
      if (d?.reasoning_content) deltas.push(`r:${d.reasoning_content}`);
      if (d?.content) deltas.push(`c:${d.content}`);
    }
    expect(deltas).toEqual(['r:Hmm.', 'c:Yes.']);
  });

  it('an image_url data URI → an Anthropic base64 image block', async () => {
    const O = await start((_req, res) => json(res, 200, anthropicMessage('a cat')));
    const data = Buffer.from('png').toString('base64');
    await O.chat.completions.create({ model: 'x', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'text', text: 'what?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${data}` } }] }] });
    expect(upstream!.requests[0]!.json.messages[0].content).toEqual([
      { type: 'text', text: 'what?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data } },
    ]);
  });

  it('stop_reason max_tokens → finish_reason length', async () => {
    const O = await start((_req, res) => json(res, 200, { ...anthropicMessage('cut'), stop_reason: 'max_tokens' }));
    const c = await O.chat.completions.create({ model: 'x', max_tokens: 1, messages: [{ role: 'user', content: 'q' }] });
    expect(c.choices[0]!.finish_reason).toBe('length');
  });

  it('an upstream error before the first byte → the OpenAI SDK error with that status', async () => {
    const O = await start((_req, res) => json(res, 529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    const err = (await O.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'q' }] }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err.status).toBe(529);
    expect(err.message).toContain('provider "up" answered 529: Overloaded');
  });

  it('an error event after the first byte → an {error} chunk; the SDK throws instead of ending quietly', async () => {
    const O = await start(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(msgStart() + block(0, { type: 'text', text: '' }) + delta(0, { type: 'text_delta', text: 'par' }));
      await sleep(30);
      res.end(anthropicEvent({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded mid-stream' } }));
    });
    const got: string[] = [];
    const consume = async () => {
      const stream = await O.chat.completions.create({ model: 'x', stream: true, messages: [{ role: 'user', content: 'q' }] });
      for await (const ch of stream) if (ch.choices[0]?.delta.content) got.push(ch.choices[0].delta.content);
    };
    await expect(consume()).rejects.toThrow('Overloaded mid-stream');
    expect(got).toEqual(['par']);
  });

  it('streams text deltas as they arrive, with the final usage chunk when include_usage is set', async () => {
    const O = await start((_req, res) => sse(res, anthropicTextStream(['Hel', 'lo'], { inputTokens: 9, outputTokens: 2 })));
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    const stream = await O.chat.completions.create({ model: 'x', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'q' }] });
    for await (const ch of stream) chunks.push(ch);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? null).filter((x) => x)).toEqual(['Hel', 'lo']);
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 2 });
  });
});

describe('thinking that aimux signed, sent on to an Anthropic-protocol provider', () => {
  it('is dropped before it can fail signature checks, and x-aimux-notes says so', async () => {
    upstream = await startFakeUpstream((_req, res) => json(res, 200, anthropicMessage('ok')));
    proxy = await startProxy(singleProvider('anthropic', upstream.url));
    const A = new Anthropic({ apiKey: 'k', baseURL: proxy.url, maxRetries: 0 });
    const r = await A.messages
      .create({
        model: 'x',
        max_tokens: 100,
        messages: [
          { role: 'user', content: 'first' },
          { role: 'assistant', content: [{ type: 'thinking', thinking: 'earlier reasoning', signature: 'aimux:v1:deepseek' }, { type: 'text', text: 'earlier answer' }] },
          { role: 'user', content: 'second' },
        ],
      })
      .withResponse();
    expect(r.response.headers.get('x-aimux-notes')).toBe('thinking_signature_dropped');
    expect(upstream.requests[0]!.json.messages).toEqual([
      { role: 'user', content: 'first' },
      { role: 'assistant', content: [{ type: 'text', text: 'earlier answer' }] },
      { role: 'user', content: 'second' },
    ]);
    expect(upstream.requests[0]!.json.model).toBe('up-model');
  });
});
