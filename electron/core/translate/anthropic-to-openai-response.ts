/**
 * Anthropic message → OpenAI chat completion (non-streaming; OpenAI client, Anthropic-protocol provider).
 *
 * text blocks are concatenated (as a stream would deliver them) into `content` (null when the message is
 * only tool calls); thinking blocks → `reasoning_content` (joined with a blank line; the signature cannot
 * travel, see openai-messages-to-anthropic.ts); tool_use → `tool_calls` (arguments = JSON text of input);
 * redacted_thinking and server-tool blocks have no OpenAI form and are left out.
 * finish_reason per stop-reason.ts; usage per usage.ts (estimated from ctx when the upstream sent none).
 */

import type { AnthropicMessage } from '../protocol/anthropic';
import type { OpenAIChatCompletion, OpenAIResponseMessage, OpenAIToolCall } from '../protocol/openai';
import { estimateTokensFromChars, isObj } from './checks';
import { toOpenAIFinish } from './stop-reason';
import type { ResponseContext } from './types';
import { countsFromAnthropic, openAIUsageOf } from './usage';

export function anthropicToOpenAIResponse(res: AnthropicMessage, ctx: ResponseContext): OpenAIChatCompletion {
  const texts: string[] = [];
  const thinking: string[] = [];
  const calls: OpenAIToolCall[] = [];
  for (const block of Array.isArray(res.content) ? res.content : []) {
    if (block.type === 'text') texts.push(block.text);
    else if (block.type === 'thinking' && block.thinking !== '') thinking.push(block.thinking);
    else if (block.type === 'tool_use') {
      calls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    }
  }
  const text = texts.join('');
  const message: OpenAIResponseMessage = { role: 'assistant', content: text === '' && calls.length > 0 ? null : text };
  if (thinking.length > 0) message.reasoning_content = thinking.join('\n\n');
  if (calls.length > 0) message.tool_calls = calls;

  let counts = isObj(res.usage) ? countsFromAnthropic(res.usage) : undefined;
  if (counts === undefined) {
    const chars = text.length + thinking.reduce((n, t) => n + t.length, 0) + calls.reduce((n, c) => n + c.function.arguments.length, 0);
    counts = { inputTokens: ctx.estimatedInputTokens, outputTokens: estimateTokensFromChars(chars), cacheReadTokens: 0, cacheCreationTokens: 0 };
  }
  return {
    id: ctx.id,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices: [{ index: 0, message, finish_reason: toOpenAIFinish(res.stop_reason), logprobs: null }],
    usage: openAIUsageOf(counts),
  };
}
