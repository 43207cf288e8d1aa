import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AnthropicStreamEvent } from '../../../electron/core/protocol/anthropic';
import type { OpenAIChatChunk, OpenAIChunkDelta } from '../../../electron/core/protocol/openai';
import { AnthropicToChatStream, ChatToAnthropicStream, type OpenAIStreamItem } from '../../../electron/core/translate';
import { responseCtx } from './targets';

const ctx = (includeUsage: boolean) => responseCtx({ id: 'chatcmpl-7', model: 'gpt-client', providerId: 'anthropic', includeUsage });

const c = (delta: OpenAIChunkDelta, finish: OpenAIChatChunk['choices'][number]['finish_reason'] = null): OpenAIChatChunk => ({
  id: 'chatcmpl-7',
  object: 'chat.completion.chunk',
  created: 1_700_000_000,
  model: 'gpt-client',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

const messageStart = (input = 10, cacheRead = 0): AnthropicStreamEvent => ({
  type: 'message_start',
  message: {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-5',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: input, output_tokens: 1, cache_read_input_tokens: cacheRead, cache_creation_input_tokens: 0 },
  },
});

function run(events: AnthropicStreamEvent[], includeUsage = false): OpenAIStreamItem[] {
  const t = new AnthropicToChatStream(ctx(includeUsage));
  return [...events.flatMap((e) => t.push(e)), ...t.end()];
}

describe('AnthropicToChatStream', () => {
  it('text with include_usage: role chunk, content chunks, finish chunk, usage chunk', () => {
    const out = run(
      [
        messageStart(10, 90),
        { type: 'ping' },
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' there' } },
        { type: 'content_block_stop', index: 0 },
        { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 3 } },
        { type: 'message_stop' },
      ],
      true,
    );
    expect(out).toEqual([
      c({ role: 'assistant', content: '' }),
      c({ content: 'Hi' }),
      c({ content: ' there' }),
      c({}, 'stop'),
      {
        id: 'chatcmpl-7',
        object: 'chat.completion.chunk',
        created: 1_700_000_000,
        model: 'gpt-client',
        choices: [],
        usage: { prompt_tokens: 100, completion_tokens: 3, total_tokens: 103, prompt_tokens_details: { cached_tokens: 90 } },
      },
    ]);
  });

  it.each([false, undefined])('without include_usage (%s) there is no usage chunk', (includeUsage) => {
    const t = new AnthropicToChatStream(responseCtx({ id: 'chatcmpl-7', model: 'gpt-client', providerId: 'anthropic', includeUsage }));
    const events: AnthropicStreamEvent[] = [
      messageStart(),
      { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 0 } },
      { type: 'message_stop' },
    ];
    expect(events.flatMap((e) => t.push(e))).toEqual([c({ role: 'assistant', content: '' }), c({}, 'stop')]);
  });

  it('thinking → reasoning_content; signature skipped; tool calls by index with argument fragments', () => {
    const out = run([
      messageStart(),
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'plan' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQB' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_a', name: 'get', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"city":' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '"Oslo"}' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_b', name: 'ping', input: {} } },
      { type: 'content_block_stop', index: 2 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 20 } },
      { type: 'message_stop' },
    ]);
    expect(out).toEqual([
      c({ role: 'assistant', content: '' }),
      c({ reasoning_content: 'plan' }),
      c({ tool_calls: [{ index: 0, id: 'toolu_a', type: 'function', function: { name: 'get', arguments: '' } }] }),
      c({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      c({ tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] }),
      c({ tool_calls: [{ index: 1, id: 'toolu_b', type: 'function', function: { name: 'ping', arguments: '' } }] }),
      c({}, 'tool_calls'),
    ]);
  });

  it('a tool_use that brings its whole input in content_block_start sends it as arguments', () => {
    const out = run([
      messageStart(),
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't', name: 'f', input: { a: 1 } } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 1 } },
      { type: 'message_stop' },
    ]);
    expect(out[1]).toEqual(c({ tool_calls: [{ index: 0, id: 't', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] }));
  });

  it.each([
    ['max_tokens', 'length'],
    ['stop_sequence', 'stop'],
    ['refusal', 'content_filter'],
  ] as const)('stop_reason %s → finish_reason %s', (stopReason, finish) => {
    const out = run([messageStart(), { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 1 } }, { type: 'message_stop' }]);
    expect(out.at(-1)).toEqual(c({}, finish));
  });

  it('message_delta usage replaces the message_start numbers it carries', () => {
    const out = run(
      [
        messageStart(10),
        {
          type: 'message_delta',
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          usage: { input_tokens: 12, output_tokens: 4, cache_read_input_tokens: 5, output_tokens_details: { thinking_tokens: 2 } },
        },
        { type: 'message_stop' },
      ],
      true,
    );
    expect(out.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 17, completion_tokens: 4, total_tokens: 21, prompt_tokens_details: { cached_tokens: 5 }, completion_tokens_details: { reasoning_tokens: 2 } },
    });
  });

  it('an upstream error event → one final error object', () => {
    const out = run([
      messageStart(),
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'par' } },
      { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    ]);
    expect(out).toEqual([
      c({ role: 'assistant', content: '' }),
      c({ content: 'par' }),
      { error: { message: 'Overloaded', type: 'overloaded_error', code: 'overloaded_error' } },
    ]);
  });

  it('end() before message_stop → an error object, never a silent truncation', () => {
    const out = run([messageStart(), { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }]);
    expect(out).toEqual([
      c({ role: 'assistant', content: '' }),
      { error: { message: 'upstream stream ended before message_stop', type: 'server_error', code: 'upstream_bad_response' } },
    ]);
  });

  it('fail() → an error object, then nothing more', () => {
    const t = new AnthropicToChatStream(ctx(true));
    t.push(messageStart());
    expect(t.fail({ type: 'server_error', message: 'idle timeout', code: 'upstream_idle_timeout' })).toEqual([
      { error: { message: 'idle timeout', type: 'server_error', code: 'upstream_idle_timeout' } },
    ]);
    expect(t.push({ type: 'message_stop' })).toEqual([]);
    expect(t.end()).toEqual([]);
  });
});

/** Parses a recorded SSE transcript (test-only: the real parser is electron/core/protocol/sse-parser.ts). */
function recordedEvents(name: string): AnthropicStreamEvent[] {
  const path = fileURLToPath(new URL(`../../../../shared/fixtures/claude-code/v2.1.330/${name}`, import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as AnthropicStreamEvent);
}

describe('recorded Anthropic streams that Claude Code accepted', () => {
  it('the tool_use transcript becomes text and one tool call with the whole input', () => {
    const out = run(recordedEvents('mock-response.tool_use.sse.txt'), true) as OpenAIChatChunk[];
    const text = out.map((ch) => ch.choices[0]?.delta.content ?? '').join('');
    const args = out.map((ch) => ch.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '').join('');
    expect(text).toBe('Let me run that.');
    expect(JSON.parse(args)).toEqual({ command: 'echo hi', description: 'Print hi' });
    expect(out.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(out.at(-1)?.usage).toEqual({ prompt_tokens: 11, completion_tokens: 8, total_tokens: 19, prompt_tokens_details: { cached_tokens: 0 } });
  });

  it('round trip: Anthropic events → OpenAI chunks → Anthropic events keeps blocks, deltas and stop reason', () => {
    const original = recordedEvents('mock-response.tool_use.sse.txt');
    const chunks = run(original, true) as OpenAIChatChunk[];
    const back = new ChatToAnthropicStream(responseCtx({ id: 'msg_rt' }));
    const events = [...chunks.flatMap((ch) => back.push(ch)), ...back.end()];
    const shape = (evs: AnthropicStreamEvent[]) =>
      evs
        .filter((e) => e.type !== 'ping' && e.type !== 'message_start')
        .map((e) => (e.type === 'message_delta' ? { type: e.type, stop_reason: e.delta.stop_reason, output: e.usage.output_tokens } : e))
        .map((e) => (e.type === 'content_block_start' && e.content_block.type === 'tool_use' ? { ...e, content_block: { ...e.content_block, id: 'X' } } : e));
    expect(shape(events)).toEqual(shape(original));
  });
});
