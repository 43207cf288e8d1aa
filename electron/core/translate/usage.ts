/**
 * Usage mapping. OpenAI's `prompt_tokens` includes cached tokens; Anthropic's `input_tokens` does not
 * (cache reads and cache writes are counted apart). So:
 *
 * - OpenAI → Anthropic: cached = `prompt_tokens_details.cached_tokens` (DeepSeek: `prompt_cache_hit_tokens`);
 *   input_tokens = prompt_tokens − cached; cache_read_input_tokens = cached; output_tokens = completion_tokens;
 *   `completion_tokens_details.reasoning_tokens` → `output_tokens_details.thinking_tokens`.
 * - Anthropic → OpenAI: prompt_tokens = input + cache_read + cache_creation; cached_tokens = cache_read;
 *   completion_tokens = output_tokens; `output_tokens_details.thinking_tokens` → `reasoning_tokens`.
 */

import type { AnthropicUsage } from '../protocol/anthropic';
import type { OpenAIUsage } from '../protocol/openai';

export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  reasoningTokens?: number;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);

export function countsFromOpenAI(u: OpenAIUsage): TokenCounts {
  const prompt = num(u.prompt_tokens);
  const cached = Math.min(prompt, num(u.prompt_tokens_details?.cached_tokens) || num(u.prompt_cache_hit_tokens));
  const reasoning = u.completion_tokens_details?.reasoning_tokens;
  const counts: TokenCounts = {
    inputTokens: prompt - cached,
    outputTokens: num(u.completion_tokens),
    cacheReadTokens: cached,
    cacheCreationTokens: 0,
  };
  if (typeof reasoning === 'number') counts.reasoningTokens = reasoning;
  return counts;
}

export function countsFromAnthropic(u: Partial<AnthropicUsage>): TokenCounts {
  const counts: TokenCounts = {
    inputTokens: num(u.input_tokens),
    outputTokens: num(u.output_tokens),
    cacheReadTokens: num(u.cache_read_input_tokens),
    cacheCreationTokens: num(u.cache_creation_input_tokens),
  };
  const thinking = u.output_tokens_details?.thinking_tokens;
  if (typeof thinking === 'number') counts.reasoningTokens = thinking;
  return counts;
}

export function anthropicUsageOf(c: TokenCounts): AnthropicUsage {
  const usage: AnthropicUsage = {
    input_tokens: c.inputTokens,
    cache_creation_input_tokens: c.cacheCreationTokens,
    cache_read_input_tokens: c.cacheReadTokens,
    output_tokens: c.outputTokens,
  };
  if (c.reasoningTokens !== undefined) usage.output_tokens_details = { thinking_tokens: c.reasoningTokens };
  return usage;
}

export function openAIUsageOf(c: TokenCounts): OpenAIUsage {
  const prompt = c.inputTokens + c.cacheReadTokens + c.cacheCreationTokens;
  const usage: OpenAIUsage = {
    prompt_tokens: prompt,
    completion_tokens: c.outputTokens,
    total_tokens: prompt + c.outputTokens,
    prompt_tokens_details: { cached_tokens: c.cacheReadTokens },
  };
  if (c.reasoningTokens !== undefined) usage.completion_tokens_details = { reasoning_tokens: c.reasoningTokens };
  return usage;
}

/** Anthropic's message_delta usage is cumulative: the fields it carries replace the message_start ones. */
export function mergeAnthropicCounts(prev: TokenCounts | undefined, u: Record<string, unknown>): TokenCounts {
  const next = countsFromAnthropic(u);
  if (prev === undefined) return next;
  const has = (k: string) => typeof u[k] === 'number';
  const merged: TokenCounts = {
    inputTokens: has('input_tokens') ? next.inputTokens : prev.inputTokens,
    outputTokens: has('output_tokens') ? next.outputTokens : prev.outputTokens,
    cacheReadTokens: has('cache_read_input_tokens') ? next.cacheReadTokens : prev.cacheReadTokens,
    cacheCreationTokens: has('cache_creation_input_tokens') ? next.cacheCreationTokens : prev.cacheCreationTokens,
  };
  const reasoning = next.reasoningTokens ?? prev.reasoningTokens;
  if (reasoning !== undefined) merged.reasoningTokens = reasoning;
  return merged;
}
