/**
 * The official OpenAI SDK on an Anthropic Messages upstream, through the real proxy: what the SDK
 * assembles, the exact chunks it was sent, and exactly what the upstream received.
 */
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { json, sse } from '../../support/fake-upstream';
import { estimateOpenAIInputTokens } from '../../../electron/core/tokens/estimate';
import { an, parseSse, postForTrailers, postRaw, useRig } from './helpers';

const start = useRig();

const bashTool = {
  type: 'function' as const,
  function: { name: 'Bash', description: 'Run a shell command', parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } },
};
const bashAnthropic = { name: 'Bash', description: 'Run a shell command', input_schema: bashTool.function.parameters };
const USAGE = { input_tokens: 10, cache_creation_input_tokens: 5, cache_read_input_tokens: 20, output_tokens: 7 };
const OPENAI_USAGE = { prompt_tokens: 35, completion_tokens: 7, total_tokens: 42, prompt_tokens_details: { cached_tokens: 20 } };
const COMPLETION_ID = expect.stringMatching(/^chatcmpl-aimux-[0-9a-f]{12}[0-9a-z]{6}$/);

/** Every chunk of an SDK stream, in order. */
async function chunksOf(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) {
  const out: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
  for await (const c of stream) out.push(c);
  return out;
}

describe('OpenAI SDK → Anthropic upstream: messages and usage', () => {
  it('non-streaming: system/developer messages → system blocks, exact completion, usage incl. cache', async () => {
    const { openai, upstream } = await start('anthropic', (_req, res) => json(res, 200, an.message([{ type: 'text', text: 'Hi there' }], 'end_turn', USAGE)));
    const { data, response } = await openai.chat.completions
      .create({
        model: 'gpt-4o',
        max_tokens: 100,
        temperature: 0.5,
        stop: ['END'],
        user: 'u-1',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'developer', content: 'Use English.' },
          { role: 'user', content: 'Hello' },
          { role: 'assistant', content: 'Hi.' },
          { role: 'user', content: [{ type: 'text', text: 'Again' }] },
        ],
      })
      .withResponse();
    expect(data).toEqual({
      id: COMPLETION_ID,
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'up-model',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi there' }, finish_reason: 'stop', logprobs: null }],
      usage: OPENAI_USAGE,
    });
    expect(Math.abs(data.created - Date.now() / 1000)).toBeLessThan(60);
    expect(response.headers.get('x-aimux-notes')).toBeNull();
    expect(response.headers.get('x-aimux-usage')).toBeNull();
    const got = upstream.requests[0]!;
    expect(got.url).toBe('/v1/messages');
    expect(got.headers['x-api-key']).toBe('test-upstream-key-000001');
    expect(got.headers['anthropic-version']).toBe('2023-06-01');
    expect(got.headers.authorization).toBeUndefined();
    expect(got.json).toEqual({
      model: 'up-model',
      system: [
        { type: 'text', text: 'Be brief.' },
        { type: 'text', text: 'Use English.' },
      ],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Hi.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Again' }] },
      ],
      max_tokens: 100,
      temperature: 0.5,
      stop_sequences: ['END'],
      metadata: { user_id: 'u-1' },
      // Asked for as a stream; the upstream's whole JSON answer is still taken for a non-streaming client.
      stream: true,
    });
  });

  it('no max_tokens from the client: the documented default is sent and x-aimux-notes says max_tokens_defaulted', async () => {
    const { openai, upstream } = await start('anthropic', (_req, res) => json(res, 200, an.message([{ type: 'text', text: 'ok' }], 'end_turn', USAGE)));
    const { response } = await openai.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'q' }] }).withResponse();
    expect(response.headers.get('x-aimux-notes')).toBe('max_tokens_defaulted');
    expect(upstream.requests[0]!.json.max_tokens).toBe(8192);
  });

  it('streaming with include_usage: content deltas (upstream pings skipped), a finish chunk, then a usage chunk with choices: [] and [DONE]', async () => {
    const { openai, proxy, upstream } = await start('anthropic', (_req, res) =>
      sse(res, [
        an.start({ input_tokens: 10, cache_read_input_tokens: 20, cache_creation_input_tokens: 5, output_tokens: 1 }),
        an.ping(), // Anthropic's keep-alive: nothing for an OpenAI client
        an.blockStart(0, { type: 'text', text: '' }),
        an.text(0, 'Hel'),
        an.text(0, 'lo'),
        an.blockStop(0),
        ...an.end('end_turn', { output_tokens: 7 }),
      ]),
    );
    const params = { model: 'x', max_tokens: 50, messages: [{ role: 'user' as const, content: 'hi' }], stream_options: { include_usage: true } };
    const chunks = await chunksOf(await openai.chat.completions.create({ ...params, stream: true }));
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? null).join('')).toBe('Hello');
    expect(chunks.at(-2)!.choices).toEqual([{ index: 0, delta: {}, finish_reason: 'stop' }]);
    expect(chunks.at(-1)).toEqual({ id: COMPLETION_ID, object: 'chat.completion.chunk', created: expect.any(Number), model: 'up-model', choices: [], usage: OPENAI_USAGE });
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(upstream.requests[0]!.json).toEqual({ model: 'up-model', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], max_tokens: 50, stream: true });

    const raw = await postRaw(proxy.url, '/v1/chat/completions', { ...params, stream: true });
    expect(raw.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(raw.events.map((e) => e.event)).toEqual(Array(raw.events.length).fill(undefined));
    expect(raw.events.map((e) => (e.data === '[DONE]' ? '[DONE]' : JSON.stringify(e.data.choices.map((c: any) => c.delta))))).toEqual([
      '[{"role":"assistant","content":""}]',
      '[{"content":"Hel"}]',
      '[{"content":"lo"}]',
      '[{}]',
      '[]',
      '[DONE]',
    ]);
  });

  it('streaming without include_usage: no usage chunk', async () => {
    const { openai } = await start('anthropic', (_req, res) => sse(res, [an.start(), an.blockStart(0, { type: 'text', text: '' }), an.text(0, 'ok'), an.blockStop(0), ...an.end('end_turn')]));
    const chunks = await chunksOf(await openai.chat.completions.create({ model: 'x', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'q' }] }));
    expect(chunks.every((c) => c.usage === undefined || c.usage === null)).toBe(true);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
  });

  it('no usage from the upstream (non-streaming): usage is estimated and `x-aimux-usage: estimated` says so', async () => {
    const { openai } = await start('anthropic', (_req, res) => json(res, 200, an.message([{ type: 'text', text: 'twelve chars' }], 'end_turn')));
    const params = { model: 'x', max_tokens: 50, messages: [{ role: 'user' as const, content: 'How many characters is this?' }] };
    const { data, response } = await openai.chat.completions.create(params).withResponse();
    expect(response.headers.get('x-aimux-usage')).toBe('estimated');
    const input = estimateOpenAIInputTokens(params as unknown as Record<string, unknown>);
    expect(data.usage).toEqual({ prompt_tokens: input, completion_tokens: 3, total_tokens: input + 3, prompt_tokens_details: { cached_tokens: 0 } });
  });

  it('no usage from the upstream (streaming): the usage chunk carries the estimate, the x-aimux-usage trailer says so', async () => {
    // An Anthropic upstream always sends usage in message_start; this one (a loose compatible host) does not.
    const { proxy } = await start('anthropic', (_req, res) =>
      sse(res, [
        an.start({}).replace(',"usage":{}', ''),
        an.blockStart(0, { type: 'text', text: '' }),
        an.text(0, 'twelve chars'),
        an.blockStop(0),
        ...an.end('end_turn', {}).map((e) => e.replace(',"usage":{}', '')),
      ]),
    );
    const params = { model: 'x', max_tokens: 50, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user' as const, content: 'Count' }] };
    const raw = await postForTrailers(proxy.url, '/v1/chat/completions', params);
    const usage = parseSse(raw.text).at(-2)!.data.usage;
    const input = estimateOpenAIInputTokens(params as unknown as Record<string, unknown>);
    expect(usage).toEqual({ prompt_tokens: input, completion_tokens: 3, total_tokens: input + 3, prompt_tokens_details: { cached_tokens: 0 } });
    expect(raw.trailers['x-aimux-usage']).toBe('estimated');
  });
});

describe('OpenAI SDK → Anthropic upstream: tools', () => {
  it('a full tool loop: streamed tool_use → role:"tool" results → final answer; the second upstream request is exact', async () => {
    const { openai, upstream } = await start('anthropic', (_req, res, n) => {
      if (n === 1) {
        return sse(res, [
          an.start(),
          an.blockStart(0, { type: 'text', text: '' }),
          an.text(0, 'Checking both.'),
          an.blockStop(0),
          an.toolUse(1, 'toolu_A1', 'Bash'),
          an.json(1, '{"command":'),
          an.json(1, '"ls src"}'),
          an.blockStop(1),
          an.toolUse(2, 'toolu_B2', 'Bash'),
          an.json(2, '{"command":"cat README.md"}'),
          an.blockStop(2),
          ...an.end('tool_use', { output_tokens: 30 }),
        ]);
      }
      return json(res, 200, an.message([{ type: 'text', text: 'src has a.ts; README is missing.' }], 'end_turn', USAGE));
    });
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'What is in src and README?' },
    ];
    const first = await openai.chat.completions.stream({ model: 'x', max_tokens: 200, tools: [bashTool], tool_choice: 'auto', messages }).finalChatCompletion();
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    const msg = first.choices[0]!.message;
    expect(msg.content).toBe('Checking both.');
    expect(msg.tool_calls).toEqual([
      { id: 'toolu_A1', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls src"}' } },
      { id: 'toolu_B2', type: 'function', function: { name: 'Bash', arguments: '{"command":"cat README.md"}' } },
    ]);
    expect(upstream.requests[0]!.json).toEqual({
      model: 'up-model',
      system: [{ type: 'text', text: 'You are terse.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in src and README?' }] }],
      max_tokens: 200,
      stream: true,
      tools: [bashAnthropic],
      tool_choice: { type: 'auto' },
    });

    messages.push(
      { role: 'assistant', content: msg.content, tool_calls: msg.tool_calls! },
      { role: 'tool', tool_call_id: 'toolu_A1', content: 'a.ts' },
      { role: 'tool', tool_call_id: 'toolu_B2', content: 'No such file' },
      { role: 'user', content: 'Summarize.' },
    );
    const second = await openai.chat.completions.create({ model: 'x', max_tokens: 200, tools: [bashTool], messages });
    expect(second.choices[0]!.message.content).toBe('src has a.ts; README is missing.');
    expect(upstream.requests).toHaveLength(2);
    expect(upstream.requests[1]!.json.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'What is in src and README?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking both.' },
          { type: 'tool_use', id: 'toolu_A1', name: 'Bash', input: { command: 'ls src' } },
          { type: 'tool_use', id: 'toolu_B2', name: 'Bash', input: { command: 'cat README.md' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_A1', content: 'a.ts' },
          { type: 'tool_result', tool_use_id: 'toolu_B2', content: 'No such file' },
          { type: 'text', text: 'Summarize.' },
        ],
      },
    ]);
  });

  it('parallel tool calls → tool_calls deltas with index 0 and 1, ids and names in the first delta of each', async () => {
    const { openai, proxy } = await start('anthropic', (_req, res) =>
      sse(res, [
        an.start(),
        an.toolUse(0, 'toolu_0', 'Bash'),
        an.json(0, '{"command":"ls"}'),
        an.blockStop(0),
        an.blockStart(1, { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'pwd' } }),
        an.blockStop(1),
        ...an.end('tool_use'),
      ]),
    );
    const params = { model: 'x', max_tokens: 100, tools: [bashTool], messages: [{ role: 'user' as const, content: 'both' }] };
    const final = await openai.chat.completions.stream(params).finalChatCompletion();
    expect(final.choices[0]!.message.tool_calls).toEqual([
      { id: 'toolu_0', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } },
      { id: 'toolu_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"pwd"}' } },
    ]);
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');

    const raw = await postRaw(proxy.url, '/v1/chat/completions', { ...params, stream: true });
    const toolDeltas = raw.events.filter((e) => e.data?.choices?.[0]?.delta?.tool_calls).map((e) => e.data.choices[0].delta.tool_calls);
    expect(toolDeltas).toEqual([
      [{ index: 0, id: 'toolu_0', type: 'function', function: { name: 'Bash', arguments: '' } }],
      [{ index: 0, function: { arguments: '{"command":"ls"}' } }],
      [{ index: 1, id: 'toolu_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"pwd"}' } }],
    ]);
  });

  it('non-streaming tool_use blocks → tool_calls with JSON arguments, content null', async () => {
    const { openai } = await start('anthropic', (_req, res) =>
      json(res, 200, an.message([{ type: 'tool_use', id: 'toolu_9', name: 'Bash', input: { command: 'echo "é"' } }], 'tool_use', USAGE)),
    );
    const c = await openai.chat.completions.create({ model: 'x', max_tokens: 10, tools: [bashTool], messages: [{ role: 'user', content: 'go' }] });
    expect(c.choices[0]).toEqual({
      index: 0,
      message: { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_9', type: 'function', function: { name: 'Bash', arguments: '{"command":"echo \\"é\\""}' } }] },
      finish_reason: 'tool_calls',
      logprobs: null,
    });
  });

  it('tool_choice required/{function} and parallel_tool_calls:false map to the Anthropic fields', async () => {
    const { openai, upstream } = await start('anthropic', (_req, res) => json(res, 200, an.message([{ type: 'text', text: 'ok' }], 'end_turn', USAGE)));
    await openai.chat.completions.create({ model: 'x', max_tokens: 10, tools: [bashTool], tool_choice: 'required', parallel_tool_calls: false, messages: [{ role: 'user', content: 'go' }] });
    await openai.chat.completions.create({ model: 'x', max_tokens: 10, tools: [bashTool], tool_choice: { type: 'function', function: { name: 'Bash' } }, messages: [{ role: 'user', content: 'go' }] });
    expect(upstream.requests[0]!.json.tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(upstream.requests[1]!.json.tool_choice).toEqual({ type: 'tool', name: 'Bash' });
  });
});

describe('OpenAI SDK → Anthropic upstream: thinking, images, stop reasons', () => {
  it('thinking blocks → reasoning_content (streaming: reasoning deltas before content; signatures never leak)', async () => {
    const { openai, proxy } = await start('anthropic', (_req, res) =>
      sse(res, [
        an.start(),
        an.blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
        an.thinking(0, 'The user wants '),
        an.thinking(0, 'a greeting.'),
        an.signature(0, 'RXVzaWduYXR1cmU='),
        an.blockStop(0),
        an.blockStart(1, { type: 'text', text: '' }),
        an.text(1, 'Hello!'),
        an.blockStop(1),
        ...an.end('end_turn'),
      ]),
    );
    const params = { model: 'x', max_tokens: 100, messages: [{ role: 'user' as const, content: 'greet me' }] };
    const chunks = await chunksOf(await openai.chat.completions.create({ ...params, stream: true }));
    const deltas = chunks.map((c) => c.choices[0]?.delta as Record<string, unknown> | undefined);
    expect(deltas).toEqual([
      { role: 'assistant', content: '' },
      { reasoning_content: 'The user wants ' },
      { reasoning_content: 'a greeting.' },
      { content: 'Hello!' },
      {},
    ]);
    const raw = await postRaw(proxy.url, '/v1/chat/completions', { ...params, stream: true });
    expect(raw.text).not.toContain('RXVzaWduYXR1cmU=');
  });

  it('thinking blocks → message.reasoning_content (non-streaming)', async () => {
    const { openai } = await start('anthropic', (_req, res) =>
      json(res, 200, an.message([{ type: 'thinking', thinking: 'Deep thought.', signature: 'c2ln' }, { type: 'text', text: '42' }], 'end_turn', USAGE)),
    );
    const c = await openai.chat.completions.create({ model: 'x', max_tokens: 100, messages: [{ role: 'user', content: 'answer?' }] });
    expect(c.choices[0]!.message).toEqual({ role: 'assistant', content: '42', reasoning_content: 'Deep thought.' });
  });

  it('reasoning_effort → thinking with the documented budget (target with thinking)', async () => {
    const { openai, upstream } = await start('anthropic', (_req, res) => json(res, 200, an.message([{ type: 'text', text: 'ok' }], 'end_turn', USAGE)));
    const { response } = await openai.chat.completions.create({ model: 'x', max_tokens: 32_000, reasoning_effort: 'medium', messages: [{ role: 'user', content: 'q' }] }).withResponse();
    expect(upstream.requests[0]!.json).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 8192 }, max_tokens: 32_000 });
    expect(response.headers.get('x-aimux-notes')).toBe('thinking_mapped');
  });

  it('reasoning_effort for a target without thinking capability is dropped visibly (x-aimux-notes on a stream)', async () => {
    const { openai, upstream } = await start(
      'anthropic',
      (_req, res) => sse(res, [an.start(), an.blockStart(0, { type: 'text', text: '' }), an.text(0, 'ok'), an.blockStop(0), ...an.end('end_turn')]),
      { provider: { capabilities: { thinking: false } } },
    );
    const { data, response } = await openai.chat.completions.create({ model: 'x', max_tokens: 32_000, stream: true, reasoning_effort: 'high', messages: [{ role: 'user', content: 'q' }] }).withResponse();
    await chunksOf(data);
    expect(response.headers.get('x-aimux-notes')).toBe('thinking_dropped');
    expect(upstream.requests[0]!.json).not.toHaveProperty('thinking');
  });

  it('an image_url data URI → a base64 image block upstream', async () => {
    const data = Buffer.from('\x89PNG fake image bytes').toString('base64');
    const { openai, upstream } = await start('anthropic', (_req, res) => json(res, 200, an.message([{ type: 'text', text: 'a cat' }], 'end_turn', USAGE)));
    const { response } = await openai.chat.completions
      .create({
        model: 'x',
        max_tokens: 50,
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${data}` } }, { type: 'text', text: 'what is this?' }] }],
      })
      .withResponse();
    expect(response.headers.get('x-aimux-notes')).toBeNull();
    expect(upstream.requests[0]!.json.messages).toEqual([
      { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data } }, { type: 'text', text: 'what is this?' }] },
    ]);
  });

  it('a target with capabilities.vision:false gets a placeholder, never the image, and x-aimux-notes says images_omitted', async () => {
    const data = Buffer.from('not really a jpeg').toString('base64');
    const { openai, upstream } = await start('anthropic', (_req, res) => json(res, 200, an.message([{ type: 'text', text: 'no idea' }], 'end_turn', USAGE)), {
      provider: { capabilities: { vision: false } },
    });
    const { response } = await openai.chat.completions
      .create({
        model: 'x',
        max_tokens: 50,
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/jpeg;base64,${data}` } }, { type: 'text', text: 'describe' }] }],
      })
      .withResponse();
    expect(response.headers.get('x-aimux-notes')).toBe('images_omitted');
    expect(upstream.requests[0]!.raw.toString()).not.toContain(data);
    expect(upstream.requests[0]!.json.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: '[image omitted: up does not accept images]' }, { type: 'text', text: 'describe' }] },
    ]);
  });

  it('stop_reason max_tokens → finish_reason length (streaming and not)', async () => {
    const { openai } = await start('anthropic', (req, res) =>
      req.json.stream
        ? sse(res, [an.start(), an.blockStart(0, { type: 'text', text: '' }), an.text(0, 'Once upon a'), an.blockStop(0), ...an.end('max_tokens', { output_tokens: 3 })])
        : json(res, 200, an.message([{ type: 'text', text: 'Once upon a' }], 'max_tokens', USAGE)),
    );
    const params = { model: 'x', max_tokens: 3, messages: [{ role: 'user' as const, content: 'story' }] };
    const streamed = await openai.chat.completions.stream(params).finalChatCompletion();
    expect(streamed.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'Once upon a' } });
    const whole = await openai.chat.completions.create(params);
    expect(whole.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'Once upon a' } });
  });

  it('refusal → content_filter; stop_sequence → stop', async () => {
    const { openai } = await start('anthropic', (req, res) =>
      json(res, 200, an.message([{ type: 'text', text: 'x' }], req.json.stop_sequences ? 'stop_sequence' : 'refusal', USAGE)),
    );
    const refused = await openai.chat.completions.create({ model: 'x', max_tokens: 10, messages: [{ role: 'user', content: 'bad' }] });
    expect(refused.choices[0]!.finish_reason).toBe('content_filter');
    const stopped = await openai.chat.completions.create({ model: 'x', max_tokens: 10, stop: 'END', messages: [{ role: 'user', content: 'list' }] });
    expect(stopped.choices[0]!.finish_reason).toBe('stop');
  });
});
