import { describe, expect, it } from 'vitest';
import type { OpenAIChatCompletion, OpenAIChoice, OpenAIUsage } from '../../../electron/core/protocol/openai';
import { openAIToAnthropicResponse } from '../../../electron/core/translate';
import { caught, responseCtx } from './targets';

const completion = (
  choice: Partial<Omit<OpenAIChoice, 'message'>> & { message?: Partial<OpenAIChoice['message']> },
  usage?: OpenAIUsage | null,
): OpenAIChatCompletion => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'deepseek-chat',
  choices: [{ index: 0, finish_reason: 'stop', ...choice, message: { role: 'assistant', content: null, ...choice.message } }],
  ...(usage === undefined ? { usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 } } : { usage }),
});

describe('openAIToAnthropicResponse', () => {
  it('a text answer: the whole message', () => {
    expect(openAIToAnthropicResponse(completion({ message: { content: 'Hello.' } }), responseCtx())).toEqual({
      body: {
        id: 'msg_test1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-5',
        content: [{ type: 'text', text: 'Hello.' }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 100, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 20 },
      },
      usageEstimated: false,
    });
  });

  it('reasoning first (signed by aimux), then text, then tool_use blocks with parsed input', () => {
    const res = completion({
      finish_reason: 'tool_calls',
      message: {
        reasoning_content: 'think',
        content: 'Running.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } },
          { id: 'call_2', type: 'function', function: { name: 'Noop', arguments: '' } },
        ],
      },
    });
    expect(openAIToAnthropicResponse(res, responseCtx()).body.content).toEqual([
      { type: 'thinking', thinking: 'think', signature: 'aimux:v1:deepseek' },
      { type: 'text', text: 'Running.' },
      { type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'ls' } },
      { type: 'tool_use', id: 'call_2', name: 'Noop', input: {} },
    ]);
  });

  it('`reasoning` (OpenRouter) is read when reasoning_content is absent', () => {
    const out = openAIToAnthropicResponse(completion({ message: { reasoning: 'r', content: 'x' } }), responseCtx({ providerId: 'openrouter' }));
    expect(out.body.content[0]).toEqual({ type: 'thinking', thinking: 'r', signature: 'aimux:v1:openrouter' });
  });

  it.each([
    ['stop', {}, 'end_turn', null],
    ['length', {}, 'max_tokens', null],
    ['tool_calls', {}, 'tool_use', null],
    ['function_call', {}, 'tool_use', null],
    ['content_filter', {}, 'refusal', null],
    ['stop', { stop_reason: '###' }, 'stop_sequence', '###'],
    ['stop', { matched_stop: 'END' }, 'stop_sequence', 'END'],
    ['stop', { stop_reason: 151643 }, 'end_turn', null],
    ['stop', { stop_reason: 'other' }, 'end_turn', null],
    ['insufficient_system_resource', {}, 'end_turn', null],
  ] as const)('finish_reason %s %j → %s', (finish, extra, stopReason, stopSequence) => {
    const out = openAIToAnthropicResponse(completion({ finish_reason: finish, ...extra, message: { content: 'x' } }), responseCtx({ stopSequences: ['###', 'END'] }));
    expect([out.body.stop_reason, out.body.stop_sequence]).toEqual([stopReason, stopSequence]);
  });

  it('finish_reason stop with tool calls (Ollama) → tool_use', () => {
    const res = completion({ finish_reason: 'stop', message: { tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] } });
    expect(openAIToAnthropicResponse(res, responseCtx()).body.stop_reason).toBe('tool_use');
  });

  it('a refusal becomes text with stop_reason refusal', () => {
    const out = openAIToAnthropicResponse(completion({ message: { refusal: 'I cannot.' } }), responseCtx());
    expect(out.body.content).toEqual([{ type: 'text', text: 'I cannot.' }]);
    expect(out.body.stop_reason).toBe('refusal');
  });

  it.each([
    [{ prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, prompt_tokens_details: { cached_tokens: 80 } }, 20, 80, 20],
    [{ prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, prompt_cache_hit_tokens: 60, prompt_cache_miss_tokens: 40 }, 40, 60, 20],
    [{ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: null }, 10, 0, 5],
  ])('usage %j → input %i, cache read %i, output %i', (usage, input, cacheRead, output) => {
    const out = openAIToAnthropicResponse(completion({ message: { content: 'x' } }, usage), responseCtx());
    expect(out.body.usage).toEqual({ input_tokens: input, cache_creation_input_tokens: 0, cache_read_input_tokens: cacheRead, output_tokens: output });
    expect(out.usageEstimated).toBe(false);
  });

  it('reasoning tokens → output_tokens_details.thinking_tokens', () => {
    const usage = { prompt_tokens: 1, completion_tokens: 9, total_tokens: 10, completion_tokens_details: { reasoning_tokens: 7 } };
    expect(openAIToAnthropicResponse(completion({ message: { content: 'x' } }, usage), responseCtx()).body.usage.output_tokens_details).toEqual({ thinking_tokens: 7 });
  });

  it('usage missing → estimated from ctx and the output, and flagged', () => {
    const out = openAIToAnthropicResponse(completion({ message: { content: '12345678', reasoning_content: 'abcd' } }, null), responseCtx());
    expect(out.usageEstimated).toBe(true);
    expect(out.body.usage).toEqual({ input_tokens: 42, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 3 });
  });

  it('a tool call without id gets a deterministic one from ctx', () => {
    const res = completion({ message: { tool_calls: [{ id: '', type: 'function', function: { name: 'f', arguments: '{}' } }] } });
    expect(openAIToAnthropicResponse(res, responseCtx()).body.content).toEqual([{ type: 'tool_use', id: 'toolu_msg_test1_0', name: 'f', input: {} }]);
  });

  it('broken tool arguments from the upstream are a 502, not invented input', () => {
    const res = completion({ message: { tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":' } }] } });
    const e = caught(() => openAIToAnthropicResponse(res, responseCtx()));
    expect([e.code, e.httpStatus]).toEqual(['UPSTREAM_BAD_RESPONSE', 502]);
    expect(e.message).toMatch(/^upstream tool call 0 \(f\) has arguments that are not a JSON object: they are not valid JSON/);
  });

  it('almost-JSON tool arguments are repaired (trailing comma, missing final brace)', () => {
    const res = completion({ message: { tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":[1,2,],"b":{"c":"x",}' } }] } });
    const { body } = openAIToAnthropicResponse(res, responseCtx());
    expect(body.content).toEqual([{ type: 'tool_use', id: 'c', name: 'f', input: { a: [1, 2], b: { c: 'x' } } }]);
  });

  it('no choices is a 502', () => {
    const e = caught(() => openAIToAnthropicResponse({ ...completion({}), choices: [] }, responseCtx()));
    expect([e.code, e.message]).toEqual(['UPSTREAM_BAD_RESPONSE', 'upstream completion has no choices[0].message']);
  });
});
