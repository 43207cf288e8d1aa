import { describe, expect, it } from 'vitest';
import type { AnthropicMessage } from '../../../electron/core/protocol/anthropic';
import { anthropicToOpenAIResponse } from '../../../electron/core/translate';
import { responseCtx } from './targets';

const message = (over: Partial<AnthropicMessage>): AnthropicMessage => ({
  id: 'msg_up',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-5',
  content: [],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 30, cache_creation_input_tokens: 4 },
  ...over,
});

const ctx = responseCtx({ id: 'chatcmpl-9', model: 'gpt-x', providerId: 'anthropic' });

describe('anthropicToOpenAIResponse', () => {
  it('text, thinking and tool calls: the whole completion', () => {
    const res = message({
      stop_reason: 'tool_use',
      content: [
        { type: 'thinking', thinking: 'plan', signature: 'sig' },
        { type: 'redacted_thinking', data: 'x' },
        { type: 'text', text: 'Checking ' },
        { type: 'text', text: 'now.' },
        { type: 'tool_use', id: 'toolu_1', name: 'get', input: { city: 'Oslo' } },
        { type: 'tool_use', id: 'toolu_2', name: 'ping', input: {} },
      ],
    });
    expect(anthropicToOpenAIResponse(res, ctx)).toEqual({
      id: 'chatcmpl-9',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'gpt-x',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Checking now.',
            reasoning_content: 'plan',
            tool_calls: [
              { id: 'toolu_1', type: 'function', function: { name: 'get', arguments: '{"city":"Oslo"}' } },
              { id: 'toolu_2', type: 'function', function: { name: 'ping', arguments: '{}' } },
            ],
          },
          finish_reason: 'tool_calls',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 44, completion_tokens: 5, total_tokens: 49, prompt_tokens_details: { cached_tokens: 30 } },
    });
  });

  it('only tool calls → content null; nothing at all → ""', () => {
    const tools = anthropicToOpenAIResponse(message({ content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }] }), ctx);
    expect(tools.choices[0]?.message.content).toBeNull();
    expect(anthropicToOpenAIResponse(message({ content: [] }), ctx).choices[0]?.message).toEqual({ role: 'assistant', content: '' });
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    [null, 'stop'],
  ] as const)('stop_reason %s → finish_reason %s', (stop, finish) => {
    expect(anthropicToOpenAIResponse(message({ stop_reason: stop, content: [{ type: 'text', text: 'x' }] }), ctx).choices[0]?.finish_reason).toBe(finish);
  });

  it('thinking tokens → completion_tokens_details.reasoning_tokens', () => {
    const res = message({ usage: { input_tokens: 1, output_tokens: 8, output_tokens_details: { thinking_tokens: 6 } } });
    expect(anthropicToOpenAIResponse(res, ctx).usage).toEqual({
      prompt_tokens: 1,
      completion_tokens: 8,
      total_tokens: 9,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 6 },
    });
  });
});
