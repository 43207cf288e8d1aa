/**
 * The official Anthropic SDK on an OpenAI Chat Completions upstream, through the real proxy: what the
 * SDK assembles, the exact events it was sent, and exactly what the upstream received.
 */
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { json, sse } from '../../support/fake-upstream';
import { estimateAnthropicInputTokens } from '../../../electron/core/tokens/estimate';
import { anthropicShape, oa, postForTrailers, postRaw, useRig } from './helpers';

const start = useRig();

const bash = {
  name: 'Bash',
  description: 'Run a shell command',
  input_schema: { type: 'object' as const, properties: { command: { type: 'string' } }, required: ['command'] },
};
const bashFn = { type: 'function', function: { name: 'Bash', description: 'Run a shell command', parameters: bash.input_schema } };
const USAGE = { prompt_tokens: 30, completion_tokens: 7, total_tokens: 37, prompt_tokens_details: { cached_tokens: 20 } };
const MSG_ID = expect.stringMatching(/^msg_aimux_[0-9a-f]{12}[0-9a-z]{6}$/);

describe('Anthropic SDK → OpenAI upstream: messages and usage', () => {
  it('non-streaming: system and messages translated exactly, usage mapped with cached tokens, no notes, no estimate', async () => {
    const { anthropic, upstream } = await start('openai', (_req, res) => json(res, 200, oa.completion({ content: 'Hi there' }, 'stop', USAGE)));
    const { data, response } = await anthropic.messages
      .create({
        model: 'any-model',
        max_tokens: 100,
        system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
        // `temperature` is no longer in this SDK's types, but clients (and the API) still send it.
        ...({ temperature: 0.2 } as object),
        stop_sequences: ['END'],
        metadata: { user_id: 'u-1' },
        messages: [
          { role: 'user', content: 'Hello' },
          { role: 'assistant', content: 'Hi.' },
          { role: 'user', content: [{ type: 'text', text: 'Again' }] },
        ],
      })
      .withResponse();
    expect(data).toEqual({
      id: MSG_ID,
      type: 'message',
      role: 'assistant',
      model: 'up-model',
      content: [{ type: 'text', text: 'Hi there' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 20, output_tokens: 7 },
    });
    expect(response.headers.get('x-aimux-provider')).toBe('up');
    expect(response.headers.get('x-aimux-model')).toBe('up-model');
    expect(response.headers.get('x-aimux-notes')).toBeNull();
    expect(response.headers.get('x-aimux-usage')).toBeNull();
    expect(upstream.requests).toHaveLength(1);
    const got = upstream.requests[0]!;
    expect(got.url).toBe('/v1/chat/completions');
    expect(got.headers.authorization).toBe('Bearer test-upstream-key-000001');
    expect(got.headers['x-api-key']).toBeUndefined();
    expect(got.json).toEqual({
      model: 'up-model',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi.' },
        { role: 'user', content: 'Again' },
      ],
      max_tokens: 100,
      temperature: 0.2,
      stop: ['END'],
      user: 'u-1',
      // Asked for as a stream; the upstream's whole JSON answer is still taken for a non-streaming client.
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('streaming: the exact Anthropic event grammar, usage (incl. cached) arrives in message_delta', async () => {
    const { anthropic, proxy, upstream } = await start('openai', (_req, res) =>
      sse(res, [oa.chunk({ role: 'assistant', content: '' }), oa.chunk({ content: 'Hel' }), oa.chunk({ content: 'lo' }), oa.chunk({}, 'stop'), oa.usage(USAGE), oa.DONE]),
    );
    const final = await anthropic.messages.stream({ model: 'x', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    expect(final).toMatchObject({
      id: MSG_ID,
      model: 'up-model',
      content: [{ type: 'text', text: 'Hello' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 10, cache_read_input_tokens: 20, output_tokens: 7 },
    });
    expect(upstream.requests[0]!.json).toEqual({
      model: 'up-model',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 50,
      stream: true,
      stream_options: { include_usage: true },
    });

    const raw = await postRaw(proxy.url, '/v1/messages', { model: 'x', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(anthropicShape(raw.events)).toEqual([
      'message_start',
      'content_block_start:0',
      'content_block_delta:0:text_delta',
      'content_block_delta:0:text_delta',
      'content_block_stop:0',
      'message_delta',
      'message_stop',
    ]);
    expect(raw.events.at(-2)!.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: 10, cache_read_input_tokens: 20, output_tokens: 7 },
    });
    const finished = proxy.events.filter((e) => e.type === 'request.finished');
    expect(finished.at(-1)).toMatchObject({ status: 200, providerId: 'up', inputTokens: 10, outputTokens: 7 });
  });

  it('no usage from the upstream (non-streaming): usage is estimated and `x-aimux-usage: estimated` says so', async () => {
    const { anthropic } = await start('openai', (_req, res) => json(res, 200, oa.completion({ content: 'twelve chars' })));
    const params = { model: 'x', max_tokens: 50, messages: [{ role: 'user' as const, content: 'How many characters is this?' }] };
    const { data, response } = await anthropic.messages.create(params).withResponse();
    expect(response.headers.get('x-aimux-usage')).toBe('estimated');
    const expectedInput = estimateAnthropicInputTokens(params as unknown as Record<string, unknown>);
    expect(expectedInput).toBeGreaterThan(0);
    expect(data.usage).toEqual({ input_tokens: expectedInput, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: Math.ceil('twelve chars'.length / 4) });
  });

  it('no usage from the upstream (streaming): message_delta carries the estimate, the x-aimux-usage trailer says so', async () => {
    const { anthropic, proxy } = await start('openai', (_req, res) => sse(res, [oa.chunk({ content: 'abcdefghij' }), oa.chunk({}, 'stop'), oa.DONE]));
    const params = { model: 'x', max_tokens: 50, messages: [{ role: 'user' as const, content: 'Count to ten' }] };
    const final = await anthropic.messages.stream(params).finalMessage();
    expect(final.usage).toMatchObject({ input_tokens: estimateAnthropicInputTokens({ ...params, stream: true }), cache_read_input_tokens: 0, output_tokens: 3 });
    const raw = await postForTrailers(proxy.url, '/v1/messages', { ...params, stream: true });
    expect(raw.trailers['x-aimux-usage']).toBe('estimated');
  });

  it('usage from the upstream (streaming): the x-aimux-usage trailer says upstream', async () => {
    const { proxy } = await start('openai', (_req, res) => sse(res, [oa.chunk({ content: 'ok' }), oa.chunk({}, 'stop'), oa.usage(USAGE), oa.DONE]));
    const raw = await postForTrailers(proxy.url, '/v1/messages', { model: 'x', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'q' }] });
    expect(raw.text).toContain('event: message_stop');
    expect(raw.trailers['x-aimux-usage']).toBe('upstream');
  });
});

describe('Anthropic SDK → OpenAI upstream: tools', () => {
  it('a full tool loop: streamed calls → tool_results → final answer; the second upstream request is exact', async () => {
    const { anthropic, upstream } = await start('openai', (req, res, n) => {
      if (n === 1) {
        return sse(res, [
          oa.chunk({ role: 'assistant', content: '' }),
          oa.chunk({ content: 'Checking both.' }),
          oa.tool(0, '', { id: 'call_a1', name: 'Bash' }),
          oa.tool(0, '{"command":'),
          oa.tool(0, '"ls src"}'),
          oa.tool(1, '{"command":"cat README.md"}', { id: 'call_b2', name: 'Bash' }),
          oa.chunk({}, 'tool_calls'),
          oa.usage({ prompt_tokens: 50, completion_tokens: 12, total_tokens: 62 }),
          oa.DONE,
        ]);
      }
      return sse(res, [oa.chunk({ role: 'assistant', content: '' }), oa.chunk({ content: 'src has a.ts; README says hi.' }), oa.chunk({}, 'stop'), oa.DONE]);
    });
    const history: Anthropic.MessageParam[] = [{ role: 'user', content: 'What is in src and README?' }];
    const first = await anthropic.messages.stream({ model: 'x', max_tokens: 200, system: 'You are terse.', tools: [bash], tool_choice: { type: 'auto' }, messages: history }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content).toEqual([
      { type: 'text', text: 'Checking both.' },
      { type: 'tool_use', id: 'call_a1', name: 'Bash', input: { command: 'ls src' } },
      { type: 'tool_use', id: 'call_b2', name: 'Bash', input: { command: 'cat README.md' } },
    ]);
    expect(first.usage).toMatchObject({ input_tokens: 50, output_tokens: 12 });
    expect(upstream.requests[0]!.json).toEqual({
      model: 'up-model',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'What is in src and README?' },
      ],
      max_tokens: 200,
      stream: true,
      stream_options: { include_usage: true },
      tools: [bashFn],
      tool_choice: 'auto',
    });

    history.push(
      { role: 'assistant', content: first.content },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_a1', content: 'a.ts' },
          { type: 'tool_result', tool_use_id: 'call_b2', content: [{ type: 'text', text: 'No such file' }], is_error: true },
          { type: 'text', text: 'Summarize.' },
        ],
      },
    );
    const second = await anthropic.messages.stream({ model: 'x', max_tokens: 200, system: 'You are terse.', tools: [bash], messages: history }).finalMessage();
    expect(second.content).toEqual([{ type: 'text', text: 'src has a.ts; README says hi.' }]);
    expect(second.stop_reason).toBe('end_turn');
    expect(upstream.requests).toHaveLength(2);
    expect(upstream.requests[1]!.json.messages).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'What is in src and README?' },
      {
        role: 'assistant',
        content: 'Checking both.',
        tool_calls: [
          { id: 'call_a1', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls src"}' } },
          { id: 'call_b2', type: 'function', function: { name: 'Bash', arguments: '{"command":"cat README.md"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a1', content: 'a.ts' },
      { role: 'tool', tool_call_id: 'call_b2', content: 'Error: No such file' },
      { role: 'user', content: 'Summarize.' },
    ]);
  });

  it('tool_choice and disable_parallel_tool_use map to the OpenAI fields', async () => {
    const { anthropic, upstream } = await start('openai', (_req, res) =>
      json(res, 200, oa.completion({ content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"pwd"}' } }] }, 'tool_calls', USAGE)),
    );
    const m = await anthropic.messages.create({
      model: 'x',
      max_tokens: 20,
      tools: [bash],
      tool_choice: { type: 'tool', name: 'Bash', disable_parallel_tool_use: true },
      messages: [{ role: 'user', content: 'where am I' }],
    });
    expect(m.content).toEqual([{ type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'pwd' } }]);
    expect(m.stop_reason).toBe('tool_use');
    expect(upstream.requests[0]!.json).toMatchObject({ tool_choice: { type: 'function', function: { name: 'Bash' } }, parallel_tool_calls: false });
  });

  it('parallel tool calls interleaved by index become one tool_use block each, in order, never interleaved', async () => {
    const { anthropic, proxy } = await start('openai', (_req, res) =>
      sse(res, [
        oa.chunk({ role: 'assistant', content: null }),
        oa.tool(0, '{"comm', { id: 'call_0', name: 'Bash' }),
        oa.tool(1, '{"command"', { id: 'call_1', name: 'Bash' }),
        oa.tool(2, '', { id: 'call_2', name: 'Bash' }),
        oa.tool(1, ':"pwd"}'),
        oa.tool(0, 'and":"ls"}'),
        oa.tool(2, '{"command":"whoami"}'),
        oa.chunk({}, 'tool_calls'),
        oa.DONE,
      ]),
    );
    const params = { model: 'x', max_tokens: 100, tools: [bash], messages: [{ role: 'user' as const, content: 'all three' }] };
    const m = await anthropic.messages.stream(params).finalMessage();
    expect(m.content).toEqual([
      { type: 'tool_use', id: 'call_0', name: 'Bash', input: { command: 'ls' } },
      { type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'pwd' } },
      { type: 'tool_use', id: 'call_2', name: 'Bash', input: { command: 'whoami' } },
    ]);
    expect(m.stop_reason).toBe('tool_use');

    const raw = await postRaw(proxy.url, '/v1/messages', { ...params, stream: true });
    const shape = anthropicShape(raw.events);
    expect(shape[0]).toBe('message_start');
    expect(shape.slice(-2)).toEqual(['message_delta', 'message_stop']);
    // Each block opens after the previous one stopped.
    const lifecycle = shape.filter((s) => s.startsWith('content_block_start') || s.startsWith('content_block_stop'));
    expect(lifecycle).toEqual(['content_block_start:0', 'content_block_stop:0', 'content_block_start:1', 'content_block_stop:1', 'content_block_start:2', 'content_block_stop:2']);
    const starts = raw.events.filter((e) => e.data.type === 'content_block_start').map((e) => e.data.content_block);
    expect(starts).toEqual([0, 1, 2].map((i) => ({ type: 'tool_use', id: `call_${i}`, name: 'Bash', input: {} })));
    const argsOf = (i: number) =>
      raw.events
        .filter((e) => e.data.type === 'content_block_delta' && e.data.index === i)
        .map((e) => e.data.delta.partial_json)
        .join('');
    expect([argsOf(0), argsOf(1), argsOf(2)]).toEqual(['{"command":"ls"}', '{"command":"pwd"}', '{"command":"whoami"}']);
  });
});

describe('Anthropic SDK → OpenAI upstream: reasoning, images, thinking config, stop reasons', () => {
  it('reasoning_content then text → a thinking block (signed aimux:v1:<provider>) then a text block', async () => {
    const { anthropic, proxy } = await start('openai', (_req, res) =>
      sse(res, [
        oa.chunk({ role: 'assistant', content: '' }),
        oa.chunk({ reasoning_content: 'The user wants ' }),
        oa.chunk({ reasoning_content: 'a greeting.' }),
        oa.chunk({ content: 'Hello!' }),
        oa.chunk({}, 'stop'),
        oa.DONE,
      ]),
    );
    const params = { model: 'x', max_tokens: 100, messages: [{ role: 'user' as const, content: 'greet me' }] };
    const stream = anthropic.messages.stream(params);
    const thinkingDeltas: string[] = [];
    stream.on('thinking', (d) => thinkingDeltas.push(d));
    const m = await stream.finalMessage();
    expect(m.content).toEqual([
      { type: 'thinking', thinking: 'The user wants a greeting.', signature: 'aimux:v1:up' },
      { type: 'text', text: 'Hello!' },
    ]);
    expect(thinkingDeltas).toEqual(['The user wants ', 'a greeting.']);

    const raw = await postRaw(proxy.url, '/v1/messages', { ...params, stream: true });
    expect(anthropicShape(raw.events)).toEqual([
      'message_start',
      'content_block_start:0',
      'content_block_delta:0:thinking_delta',
      'content_block_delta:0:thinking_delta',
      'content_block_delta:0:signature_delta',
      'content_block_stop:0',
      'content_block_start:1',
      'content_block_delta:1:text_delta',
      'content_block_stop:1',
      'message_delta',
      'message_stop',
    ]);
    expect(raw.events[1]!.data.content_block).toEqual({ type: 'thinking', thinking: '', signature: '' });
  });

  it('non-streaming `reasoning` (OpenRouter field) → thinking block before the text', async () => {
    const { anthropic } = await start('openai', (_req, res) => json(res, 200, oa.completion({ content: '42', reasoning: 'Deep thought.' }, 'stop', USAGE)));
    const m = await anthropic.messages.create({ model: 'x', max_tokens: 100, messages: [{ role: 'user', content: 'answer?' }] });
    expect(m.content).toEqual([
      { type: 'thinking', thinking: 'Deep thought.', signature: 'aimux:v1:up' },
      { type: 'text', text: '42' },
    ]);
  });

  it('a base64 image → an image_url data URI upstream (also inside a tool_result)', async () => {
    const data = Buffer.from('\x89PNG fake image bytes').toString('base64');
    const image = { type: 'image' as const, source: { type: 'base64' as const, media_type: 'image/png' as const, data } };
    const { anthropic, upstream } = await start('openai', (_req, res) => json(res, 200, oa.completion({ content: 'a cat' }, 'stop', USAGE)));
    const { data: m, response } = await anthropic.messages
      .create({
        model: 'x',
        max_tokens: 50,
        tools: [bash],
        messages: [
          { role: 'user', content: [image, { type: 'text', text: 'what is this?' }] },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'call_s', name: 'Bash', input: { command: 'screenshot' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_s', content: [{ type: 'text', text: 'shot:' }, image] }] },
        ],
      })
      .withResponse();
    expect(m.content).toEqual([{ type: 'text', text: 'a cat' }]);
    expect(response.headers.get('x-aimux-notes')).toBeNull();
    const url = `data:image/png;base64,${data}`;
    expect(upstream.requests[0]!.json.messages).toEqual([
      { role: 'user', content: [{ type: 'image_url', image_url: { url } }, { type: 'text', text: 'what is this?' }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_s', type: 'function', function: { name: 'Bash', arguments: '{"command":"screenshot"}' } }] },
      { role: 'tool', tool_call_id: 'call_s', content: 'shot:\n\n[1 image(s) attached in the next user message]' },
      { role: 'user', content: [{ type: 'text', text: 'Images returned by tool call call_s:' }, { type: 'image_url', image_url: { url } }] },
    ]);
  });

  it('a target with capabilities.vision:false gets a placeholder, never the image, and x-aimux-notes says images_omitted', async () => {
    const data = Buffer.from('not really a jpeg').toString('base64');
    const { anthropic, upstream } = await start('openai', (_req, res) => json(res, 200, oa.completion({ content: 'no idea' }, 'stop', USAGE)), {
      provider: { capabilities: { vision: false } },
    });
    const { response } = await anthropic.messages
      .create({
        model: 'x',
        max_tokens: 50,
        messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data } }, { type: 'text', text: 'describe' }] }],
      })
      .withResponse();
    expect(response.headers.get('x-aimux-notes')).toBe('images_omitted');
    expect(upstream.requests[0]!.raw.toString()).not.toContain(data);
    expect(upstream.requests[0]!.json.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: '[image omitted: up does not accept images]' }, { type: 'text', text: 'describe' }] },
    ]);
  });

  it('thinking for a target without thinking capability is dropped visibly (x-aimux-notes on a stream too)', async () => {
    const { anthropic, upstream } = await start('openai', (_req, res) => sse(res, [oa.chunk({ content: 'ok' }), oa.chunk({}, 'stop'), oa.DONE]));
    const { data: stream, response } = await anthropic.messages
      .create({ model: 'x', max_tokens: 20_000, stream: true, thinking: { type: 'enabled', budget_tokens: 10_000 }, messages: [{ role: 'user', content: 'q' }] })
      .withResponse();
    for await (const _ of stream) {
      // drain
    }
    expect(response.headers.get('x-aimux-notes')).toBe('thinking_dropped');
    expect(upstream.requests[0]!.json).not.toHaveProperty('reasoning_effort');
    expect(upstream.requests[0]!.json).not.toHaveProperty('thinking');
  });

  it('thinking for a target with thinking capability → reasoning_effort by the documented budget table', async () => {
    const { anthropic, upstream } = await start('openai', (_req, res) => json(res, 200, oa.completion({ content: 'ok' }, 'stop', USAGE)), {
      provider: { capabilities: { thinking: true } },
    });
    const { response } = await anthropic.messages
      .create({ model: 'x', max_tokens: 20_000, thinking: { type: 'enabled', budget_tokens: 16_384 }, messages: [{ role: 'user', content: 'q' }] })
      .withResponse();
    expect(response.headers.get('x-aimux-notes')).toBe('thinking_mapped');
    expect(upstream.requests[0]!.json).toMatchObject({ reasoning_effort: 'high', max_tokens: 20_000 });
  });

  it('finish_reason length → stop_reason max_tokens (streaming and not)', async () => {
    const { anthropic } = await start('openai', (req, res) =>
      req.json.stream
        ? sse(res, [oa.chunk({ content: 'Once upon a' }), oa.chunk({}, 'length'), oa.usage(USAGE), oa.DONE])
        : json(res, 200, oa.completion({ content: 'Once upon a' }, 'length', USAGE)),
    );
    const params = { model: 'x', max_tokens: 3, messages: [{ role: 'user' as const, content: 'story' }] };
    const streamed = await anthropic.messages.stream(params).finalMessage();
    expect(streamed).toMatchObject({ stop_reason: 'max_tokens', stop_sequence: null, content: [{ type: 'text', text: 'Once upon a' }] });
    const whole = await anthropic.messages.create(params);
    expect(whole).toMatchObject({ stop_reason: 'max_tokens', stop_sequence: null, content: [{ type: 'text', text: 'Once upon a' }] });
  });

  it('content_filter → refusal; a matched stop string (vLLM stop_reason) → stop_sequence', async () => {
    const { anthropic } = await start('openai', (req, res) =>
      req.json.stop
        ? json(res, 200, { ...oa.completion({ content: 'a, b' }, 'stop', USAGE), choices: [{ index: 0, message: { role: 'assistant', content: 'a, b' }, finish_reason: 'stop', stop_reason: '\n\n' }] })
        : json(res, 200, oa.completion({ content: '' }, 'content_filter', USAGE)),
    );
    const refused = await anthropic.messages.create({ model: 'x', max_tokens: 10, messages: [{ role: 'user', content: 'bad' }] });
    expect(refused.stop_reason).toBe('refusal');
    const stopped = await anthropic.messages.create({ model: 'x', max_tokens: 10, stop_sequences: ['\n\n'], messages: [{ role: 'user', content: 'list' }] });
    expect(stopped).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: '\n\n' });
  });
});
