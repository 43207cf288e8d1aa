import { describe, expect, it } from 'vitest';
import type { AnthropicStreamEvent } from '../../../electron/core/protocol/anthropic';
import type { OpenAIChatChunk, OpenAIChunkDelta, OpenAIToolCallDelta, OpenAIUsage } from '../../../electron/core/protocol/openai';
import { ChatToAnthropicStream } from '../../../electron/core/translate';
import { responseCtx } from './targets';

const chunk = (delta: OpenAIChunkDelta, finish: string | null = null, extra: Record<string, unknown> = {}): OpenAIChatChunk => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'up',
  choices: [{ index: 0, delta, finish_reason: finish, ...extra }],
});
const usageChunk = (usage: OpenAIUsage): OpenAIChatChunk => ({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'up', choices: [], usage });
const tool = (index: number, args: string, head?: { id: string; name: string }): OpenAIChatChunk =>
  chunk({
    tool_calls: [
      head === undefined
        ? { index, function: { arguments: args } }
        : ({ index, id: head.id, type: 'function', function: { name: head.name, arguments: args } } satisfies OpenAIToolCallDelta),
    ],
  });

function run(chunks: OpenAIChatChunk[], ending: 'end' | 'none' = 'end', ctx = responseCtx()): { events: AnthropicStreamEvent[]; t: ChatToAnthropicStream } {
  const t = new ChatToAnthropicStream(ctx);
  const events = chunks.flatMap((c) => t.push(c));
  if (ending === 'end') events.push(...t.end());
  return { events, t };
}

const START = (input = 42, cacheRead = 0): AnthropicStreamEvent => ({
  type: 'message_start',
  message: {
    id: 'msg_test1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-5',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: input, cache_creation_input_tokens: 0, cache_read_input_tokens: cacheRead, output_tokens: 0 },
  },
});
const textStart = (index: number): AnthropicStreamEvent => ({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
const text = (index: number, t: string): AnthropicStreamEvent => ({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: t } });
const thinkStart = (index: number): AnthropicStreamEvent => ({
  type: 'content_block_start',
  index,
  content_block: { type: 'thinking', thinking: '', signature: '' },
});
const think = (index: number, t: string): AnthropicStreamEvent => ({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: t } });
const sig = (index: number, provider = 'deepseek'): AnthropicStreamEvent => ({
  type: 'content_block_delta',
  index,
  delta: { type: 'signature_delta', signature: `aimux:v1:${provider}` },
});
const toolStart = (index: number, id: string, name: string): AnthropicStreamEvent => ({
  type: 'content_block_start',
  index,
  content_block: { type: 'tool_use', id, name, input: {} },
});
const json = (index: number, partial: string): AnthropicStreamEvent => ({
  type: 'content_block_delta',
  index,
  delta: { type: 'input_json_delta', partial_json: partial },
});
const stop = (index: number): AnthropicStreamEvent => ({ type: 'content_block_stop', index });
const delta = (stopReason: string, output: number, input = 42, cacheRead = 0, stopSequence: string | null = null): AnthropicStreamEvent =>
  ({
    type: 'message_delta',
    delta: { stop_reason: stopReason, stop_sequence: stopSequence },
    usage: { input_tokens: input, cache_read_input_tokens: cacheRead, output_tokens: output },
  }) as AnthropicStreamEvent;
const END: AnthropicStreamEvent = { type: 'message_stop' };

describe('ChatToAnthropicStream: event sequences', () => {
  it('text with usage: the exact Anthropic sequence', () => {
    const { events, t } = run([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hel' }),
      chunk({ content: 'lo' }),
      chunk({}, 'stop'),
      usageChunk({ prompt_tokens: 100, completion_tokens: 2, total_tokens: 102, prompt_tokens_details: { cached_tokens: 64 } }),
    ]);
    expect(events).toEqual([START(), textStart(0), text(0, 'Hel'), text(0, 'lo'), stop(0), delta('end_turn', 2, 36, 64), END]);
    expect(t.usage).toEqual({ inputTokens: 36, outputTokens: 2, cacheReadTokens: 64, estimated: false });
  });

  it('each text delta is emitted by the push that brought it (no buffering)', () => {
    const t = new ChatToAnthropicStream(responseCtx());
    expect(t.push(chunk({ content: 'a' }))).toEqual([START(), textStart(0), text(0, 'a')]);
    expect(t.push(chunk({ content: 'b' }))).toEqual([text(0, 'b')]);
  });

  it('reasoning then text: a signed thinking block before the text block', () => {
    const { events } = run([chunk({ reasoning_content: 'Let me ' }), chunk({ reasoning_content: 'think.' }), chunk({ content: 'Answer.' }), chunk({}, 'stop')]);
    expect(events).toEqual([
      START(),
      thinkStart(0),
      think(0, 'Let me '),
      think(0, 'think.'),
      sig(0),
      stop(0),
      textStart(1),
      text(1, 'Answer.'),
      stop(1),
      delta('end_turn', 5),
      END,
    ]);
  });

  it('`reasoning` (OpenRouter) works too, and a delta with both fields is not doubled', () => {
    const { events } = run([chunk({ reasoning: 'r1' }), chunk({ reasoning_content: 'r2', reasoning: 'r2' }), chunk({}, 'stop')], 'end', responseCtx({ providerId: 'openrouter' }));
    expect(events).toEqual([START(), thinkStart(0), think(0, 'r1'), think(0, 'r2'), sig(0, 'openrouter'), stop(0), delta('end_turn', 1), END]);
  });

  it('text then tool calls, sequential (the usual OpenAI shape): each call streams live', () => {
    const { events } = run([
      chunk({ content: 'Running.' }),
      tool(0, '', { id: 'call_a', name: 'Bash' }),
      tool(0, '{"command":'),
      tool(0, '"ls"}'),
      tool(1, '', { id: 'call_b', name: 'Read' }),
      tool(1, '{"path":"x"}'),
      chunk({}, 'tool_calls'),
    ]);
    expect(events).toEqual([
      START(),
      textStart(0),
      text(0, 'Running.'),
      stop(0),
      toolStart(1, 'call_a', 'Bash'),
      json(1, '{"command":'),
      json(1, '"ls"}'),
      stop(1),
      toolStart(2, 'call_b', 'Read'),
      json(2, '{"path":"x"}'),
      stop(2),
      delta('tool_use', 9),
      END,
    ]);
  });

  it('parallel calls interleaved by index: the first streams live, the other is held until the first is complete', () => {
    const t = new ChatToAnthropicStream(responseCtx());
    const steps: Array<[OpenAIChatChunk, AnthropicStreamEvent[]]> = [
      [tool(0, '', { id: 'c0', name: 'A' }), [START(), toolStart(0, 'c0', 'A')]],
      [tool(0, '{"a":'), [json(0, '{"a":')]],
      [tool(1, '', { id: 'c1', name: 'B' }), []],
      [tool(1, '{"b":'), []],
      [tool(0, '1}'), [json(0, '1}'), stop(0), toolStart(1, 'c1', 'B'), json(1, '{"b":')]],
      [tool(1, '2}'), [json(1, '2}')]],
      [chunk({}, 'tool_calls'), []],
    ];
    for (const [c, expected] of steps) expect(t.push(c)).toEqual(expected);
    expect(t.end()).toEqual([stop(1), delta('tool_use', 4), END]);
  });

  it('one chunk carrying fragments of two calls', () => {
    const both = chunk({
      tool_calls: [
        { index: 0, id: 'c0', type: 'function', function: { name: 'A', arguments: '{}' } },
        { index: 1, id: 'c1', type: 'function', function: { name: 'B', arguments: '{"x":1}' } },
      ],
    });
    expect(run([both, chunk({}, 'tool_calls')]).events).toEqual([
      START(),
      toolStart(0, 'c0', 'A'),
      json(0, '{}'),
      stop(0),
      toolStart(1, 'c1', 'B'),
      json(1, '{"x":1}'),
      stop(1),
      delta('tool_use', 3),
      END,
    ]);
  });

  it('name and id only (arguments empty, never sent): a tool block without input_json_delta', () => {
    expect(run([tool(0, '', { id: 'c0', name: 'Now' }), chunk({}, 'tool_calls')]).events).toEqual([
      START(),
      toolStart(0, 'c0', 'Now'),
      stop(0),
      delta('tool_use', 0),
      END,
    ]);
  });

  it('arguments that arrive before the name are sent when the block opens; a missing id comes from ctx', () => {
    const first = chunk({ tool_calls: [{ index: 0, function: { arguments: '{"q"' } }] });
    const named = chunk({ tool_calls: [{ index: 0, function: { name: 'Find', arguments: ':1}' } }] });
    expect(run([first, named, chunk({}, 'stop')]).events).toEqual([
      START(),
      toolStart(0, 'toolu_msg_test1_0', 'Find'),
      json(0, '{"q":1}'),
      stop(0),
      delta('tool_use', 2),
      END,
    ]);
  });

  it.each([
    ['length', {}, 'max_tokens', null],
    ['content_filter', {}, 'refusal', null],
    ['stop', { stop_reason: '</answer>' }, 'stop_sequence', '</answer>'],
    ['stop', { matched_stop: '</answer>' }, 'stop_sequence', '</answer>'],
  ] as const)('finish_reason %s %j → stop_reason %s', (finish, extra, stopReason, stopSequence) => {
    const { events } = run([chunk({ content: 'abcd' }), chunk({}, finish, extra)], 'end', responseCtx({ stopSequences: ['</answer>'] }));
    expect(events.slice(-2)).toEqual([delta(stopReason, 1, 42, 0, stopSequence), END]);
  });

  it('usage missing → estimated from ctx and the streamed text', () => {
    const { events, t } = run([chunk({ reasoning_content: 'abcd' }), chunk({ content: 'efghijkl' }), chunk({}, 'stop')]);
    expect(events.at(-2)).toEqual(delta('end_turn', 3));
    expect(t.usage).toEqual({ inputTokens: 42, outputTokens: 3, cacheReadTokens: 0, estimated: true });
  });

  it('usage on the first chunk is used in message_start', () => {
    const first = { ...chunk({ content: 'x' }), usage: { prompt_tokens: 7, completion_tokens: 0, total_tokens: 7 } };
    expect(run([first, chunk({}, 'stop')]).events[0]).toEqual(START(7));
  });

  it('nothing after message_stop', () => {
    const { t } = run([chunk({ content: 'x' }), chunk({}, 'stop')]);
    expect(t.push(chunk({ content: 'late' }))).toEqual([]);
    expect(t.end()).toEqual([]);
    expect(t.fail({ type: 'api_error', message: 'x' })).toEqual([]);
  });
});

describe('ChatToAnthropicStream: abrupt ends and failures', () => {
  it('end() without a finish_reason: every started block stopped, then an error event, no message_stop', () => {
    const { events } = run([chunk({ content: 'partial' }), tool(0, '{"a', { id: 'c0', name: 'A' }), tool(1, '{}', { id: 'c1', name: 'B' })], 'none');
    expect(events).toEqual([START(), textStart(0), text(0, 'partial'), stop(0), toolStart(1, 'c0', 'A'), json(1, '{"a')]);
    const t = new ChatToAnthropicStream(responseCtx());
    for (const c of [chunk({ content: 'partial' }), tool(0, '{"a', { id: 'c0', name: 'A' }), tool(1, '{}', { id: 'c1', name: 'B' })]) t.push(c);
    expect(t.end()).toEqual([stop(1), { type: 'error', error: { type: 'api_error', message: 'upstream stream ended before a finish_reason' } }]);
  });

  it('fail() mid-thinking: the thinking block is closed (signed), then the error', () => {
    const t = new ChatToAnthropicStream(responseCtx());
    t.push(chunk({ reasoning_content: 'hmm' }));
    expect(t.fail({ type: 'overloaded_error', message: 'upstream reset' })).toEqual([
      sig(0),
      stop(0),
      { type: 'error', error: { type: 'overloaded_error', message: 'upstream reset' } },
    ]);
    expect(t.end()).toEqual([]);
  });

  it('fail() before any chunk: only the error event', () => {
    expect(new ChatToAnthropicStream(responseCtx()).fail({ type: 'api_error', message: 'boom' })).toEqual([
      { type: 'error', error: { type: 'api_error', message: 'boom' } },
    ]);
  });

  it('an error object arriving as a chunk (OpenRouter) fails the stream', () => {
    const t = new ChatToAnthropicStream(responseCtx());
    t.push(chunk({ content: 'a' }));
    const errChunk = { error: { message: 'provider died', code: 502 } } as unknown as OpenAIChatChunk;
    expect(t.push(errChunk)).toEqual([stop(0), { type: 'error', error: { type: 'api_error', message: 'provider died' } }]);
  });
});

// ---------------------------------------------------------------------------------------------
// Tool arguments split anywhere
// ---------------------------------------------------------------------------------------------

/** A JSON text with escapes (\u, \", \\), a 2-byte char, a 3-byte char and an astral (surrogate pair) char. */
const ARGS = String.raw`{"command":"printf 'caf\u00e9 \"q\" \\ ok'","path":"/tmp/ä€😀.txt","n":[1,2.5e3,null,true]}`;
const PARSED = JSON.parse(ARGS) as unknown;

/** Deterministic pseudo-random numbers (LCG), so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomPieces(text: string, rand: () => number): string[] {
  const pieces: string[] = [];
  let i = 0;
  while (i < text.length) {
    const n = 1 + Math.floor(rand() * 6);
    pieces.push(text.slice(i, i + n));
    i += n;
  }
  return pieces;
}

/** Reassembles each tool_use block from the events, after a JSON round trip of every event (as on the wire). */
function toolInputs(events: AnthropicStreamEvent[]): Array<{ name: string; json: string }> {
  const wire = events.map((e) => JSON.parse(JSON.stringify(e)) as AnthropicStreamEvent);
  const blocks = new Map<number, { name: string; json: string }>();
  let open: number | undefined;
  for (const e of wire) {
    if (e.type === 'content_block_start') {
      expect(open).toBeUndefined();
      open = e.index;
      if (e.content_block.type === 'tool_use') blocks.set(e.index, { name: e.content_block.name, json: '' });
    } else if (e.type === 'content_block_delta') {
      expect(e.index).toBe(open);
      if (e.delta.type === 'input_json_delta') blocks.get(e.index)!.json += e.delta.partial_json;
    } else if (e.type === 'content_block_stop') {
      expect(e.index).toBe(open);
      open = undefined;
    }
  }
  expect(open).toBeUndefined();
  return [...blocks.keys()].sort((a, b) => a - b).map((k) => blocks.get(k)!);
}

describe('ChatToAnthropicStream: tool arguments split at awkward places', () => {
  it('the test string really has the awkward places', () => {
    expect(ARGS).toContain('\\u00e9');
    expect(ARGS).toContain('😀');
    expect(ARGS.indexOf('😀')).toBeGreaterThan(0);
  });

  it.each(Array.from({ length: ARGS.length - 1 }, (_, i) => i + 1))('split in two at %i: pieces pass through as they arrive', (at) => {
    const pieces = [ARGS.slice(0, at), ARGS.slice(at)];
    const { events } = run([tool(0, '', { id: 'c', name: 'Bash' }), ...pieces.map((p) => tool(0, p)), chunk({}, 'tool_calls')]);
    expect(events.filter((e) => e.type === 'content_block_delta')).toEqual(pieces.map((p) => json(0, p)));
    const [only] = toolInputs(events);
    expect(only?.json).toBe(ARGS);
    expect(JSON.parse(only!.json)).toEqual(PARSED);
  });

  it('every split in three, including inside \\u escapes and between surrogate halves', () => {
    for (let i = 1; i < ARGS.length - 1; i++) {
      for (let j = i + 1; j < ARGS.length; j++) {
        const pieces = [ARGS.slice(0, i), ARGS.slice(i, j), ARGS.slice(j)];
        const { events } = run([
          chunk({ tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'Bash', arguments: pieces[0] } }] }),
          tool(0, pieces[1]!),
          tool(0, pieces[2]!),
          chunk({}, 'tool_calls'),
        ]);
        const inputs = toolInputs(events);
        if (inputs[0]?.json !== ARGS) expect({ i, j, got: inputs[0]?.json }).toEqual({ i, j, got: ARGS });
      }
    }
  });

  it.each(Array.from({ length: 40 }, (_, seed) => seed))('two parallel calls, randomly split and interleaved (seed %i)', (seed) => {
    const rand = rng(seed);
    const other = '{"path":"/ü/😀","lines":[1,2]}';
    const queues = [randomPieces(ARGS, rand), randomPieces(other, rand)];
    const chunks: OpenAIChatChunk[] = [tool(0, '', { id: 'c0', name: 'Bash' })];
    let headSent = false;
    while (queues[0]!.length > 0 || queues[1]!.length > 0) {
      const k = queues[0]!.length === 0 ? 1 : queues[1]!.length === 0 ? 0 : rand() < 0.5 ? 0 : 1;
      if (k === 1 && !headSent) {
        chunks.push(tool(1, '', { id: 'c1', name: 'Read' }));
        headSent = true;
      }
      chunks.push(tool(k, queues[k]!.shift()!));
    }
    const { events } = run([...chunks, chunk({}, 'tool_calls')]);
    expect(toolInputs(events)).toEqual([
      { name: 'Bash', json: ARGS },
      { name: 'Read', json: other },
    ]);
    const starts = events.filter((e) => e.type === 'content_block_start').map((e) => e.index);
    expect(starts).toEqual([0, 1]);
    expect(events.at(-1)).toEqual(END);
  });
});

describe('ChatToAnthropicStream: hosts that omit the tool call index', () => {
  it('a new id is a new call; a fragment without id continues the latest call', () => {
    const noIndex = (id: string | undefined, name: string | undefined, args: string): OpenAIChatChunk =>
      chunk({ tool_calls: [{ ...(id ? { id } : {}), function: { ...(name ? { name } : {}), arguments: args } }] });
    const { events } = run([noIndex('a', 'A', '{"x":'), noIndex(undefined, undefined, '1}'), noIndex('b', 'B', '{}'), chunk({}, 'tool_calls')]);
    expect(events).toEqual([
      START(),
      toolStart(0, 'a', 'A'),
      json(0, '{"x":'),
      json(0, '1}'),
      stop(0),
      toolStart(1, 'b', 'B'),
      json(1, '{}'),
      stop(1),
      delta('tool_use', 3),
      END,
    ]);
  });
});
