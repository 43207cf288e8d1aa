/**
 * OpenAI chat completion → Anthropic message (non-streaming; Anthropic client, OpenAI-protocol provider).
 *
 * Content order is the Anthropic one: thinking (from `reasoning_content`, else `reasoning`; signed
 * `aimux:v1:<providerId>`), then text (`content`, else `refusal`), then one tool_use block per tool call
 * with `input` parsed from `arguments`, almost-JSON repaired (trailing commas, missing final braces; see
 * normalize/json-args.ts). Arguments that still are not a JSON object are an upstream fault:
 * UPSTREAM_BAD_RESPONSE (502) naming the tool, rather than a tool call with invented or broken input.
 * A missing tool call id becomes `toolu_<ctx.id>_<n>` (deterministic, no id generation).
 * stop_reason per stop-reason.ts; usage per usage.ts, or estimated from ctx and the output text when the
 * upstream sent none (`usageEstimated: true`).
 */

import { ProxyError } from '../errors';
import type { AnthropicContentBlock, AnthropicMessage } from '../protocol/anthropic';
import type { OpenAIChatCompletion } from '../protocol/openai';
import { estimateTokensFromChars, isObj } from './checks';
import { repairJsonArguments } from './normalize/json-args';
import { aimuxThinkingSignature } from './signature';
import { toAnthropicStop } from './stop-reason';
import type { ResponseContext } from './types';
import { anthropicUsageOf, countsFromOpenAI } from './usage';

export function openAIToAnthropicResponse(
  res: OpenAIChatCompletion,
  ctx: ResponseContext,
): { body: AnthropicMessage; usageEstimated: boolean } {
  const bad = (message: string) => new ProxyError('UPSTREAM_BAD_RESPONSE', message, 502, { providerId: ctx.providerId });
  const choice = isObj(res) && Array.isArray(res.choices) ? res.choices[0] : undefined;
  if (choice === undefined || !isObj(choice.message)) throw bad('upstream completion has no choices[0].message');
  const msg = choice.message;
  const content: AnthropicContentBlock[] = [];
  let outputChars = 0;

  const reasoning = typeof msg.reasoning_content === 'string' && msg.reasoning_content !== '' ? msg.reasoning_content : msg.reasoning;
  if (typeof reasoning === 'string' && reasoning !== '') {
    content.push({ type: 'thinking', thinking: reasoning, signature: aimuxThinkingSignature(ctx.providerId) });
    outputChars += reasoning.length;
  }
  const refusal = typeof msg.refusal === 'string' && msg.refusal !== '';
  const text = typeof msg.content === 'string' && msg.content !== '' ? msg.content : refusal ? (msg.refusal as string) : '';
  if (text !== '') {
    content.push({ type: 'text', text });
    outputChars += text.length;
  }
  const calls = Array.isArray(msg.tool_calls) ? msg.tool_calls : [];
  calls.forEach((call, k) => {
    const args = call.function?.arguments ?? '';
    const parsed = repairJsonArguments(args);
    if (!parsed.ok) throw bad(`upstream tool call ${k} (${call.function?.name ?? '?'}) has arguments that are not a JSON object: ${parsed.reason}`);
    const input = parsed.value;
    content.push({
      type: 'tool_use',
      id: typeof call.id === 'string' && call.id !== '' ? call.id : `toolu_${ctx.id}_${k}`,
      name: call.function?.name ?? '',
      input,
    });
    outputChars += args.length;
  });

  const { stop_reason, stop_sequence } = toAnthropicStop({
    finishReason: choice.finish_reason,
    matchedStop: choice.stop_reason ?? choice.matched_stop,
    hasToolCalls: calls.length > 0,
    refusal,
    stopSequences: ctx.stopSequences,
  });
  const usageEstimated = !isObj(res.usage);
  const counts = isObj(res.usage)
    ? countsFromOpenAI(res.usage)
    : { inputTokens: ctx.estimatedInputTokens, outputTokens: estimateTokensFromChars(outputChars), cacheReadTokens: 0, cacheCreationTokens: 0 };
  return {
    body: {
      id: ctx.id,
      type: 'message',
      role: 'assistant',
      model: ctx.model,
      content,
      stop_reason,
      stop_sequence,
      usage: anthropicUsageOf(counts),
    },
    usageEstimated,
  };
}
