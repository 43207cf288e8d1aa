/**
 * Thinking ↔ reasoning effort: the documented tables.
 *
 * Anthropic → OpenAI (`thinking` → `reasoning_effort`):
 *
 * | Anthropic                                   | reasoning_effort |
 * | ------------------------------------------- | ---------------- |
 * | `enabled`, budget_tokens < 4,096             | `low`            |
 * | `enabled`, 4,096 ≤ budget_tokens < 16,384    | `medium`         |
 * | `enabled`, budget_tokens ≥ 16,384            | `high`           |
 * | `adaptive` + output_config.effort low/medium/high | same        |
 * | `adaptive` + output_config.effort xhigh/max  | `high` (the highest most OpenAI-compatible hosts accept) |
 * | `adaptive` without output_config.effort      | `medium`         |
 * | `disabled` / absent                          | not sent         |
 *
 * OpenAI → Anthropic (`reasoning_effort` → `thinking: {type: "enabled", budget_tokens}`):
 *
 * | reasoning_effort | budget_tokens |
 * | ---------------- | ------------- |
 * | `none`           | thinking not sent |
 * | `minimal`        | 1,024 (Anthropic's minimum) |
 * | `low`            | 2,048         |
 * | `medium`         | 8,192         |
 * | `high`           | 24,576        |
 * | `xhigh`          | 32,768        |
 * | `max`            | 49,152        |
 *
 * The two tables round-trip: each budget above maps back to the effort it came from (xhigh/max → high).
 *
 * max_tokens rule (Anthropic needs max_tokens > budget_tokens, and thinking counts toward max_tokens,
 * as reasoning does toward OpenAI's max_completion_tokens): the client's limit is never changed.
 * - Client gave a limit: budget = min(table budget, floor(limit / 2)), so at least half the limit is left
 *   for the answer. If that is below 1,024 the thinking is dropped (note `thinking_dropped`).
 * - Client gave no limit: max_tokens = DEFAULT_MAX_TOKENS (8,192), plus the budget when thinking is on
 *   (note `max_tokens_defaulted`).
 */

import type { AnthropicEffort } from '../protocol/anthropic';
import type { OpenAIReasoningEffort } from '../protocol/openai';

export type MappedEffort = 'low' | 'medium' | 'high';

export const BUDGET_MEDIUM_FROM = 4_096;
export const BUDGET_HIGH_FROM = 16_384;
export const ADAPTIVE_DEFAULT_EFFORT: MappedEffort = 'medium';
export const MIN_THINKING_BUDGET = 1_024;
export const DEFAULT_MAX_TOKENS = 8_192;

export function budgetToEffort(budgetTokens: number): MappedEffort {
  if (budgetTokens >= BUDGET_HIGH_FROM) return 'high';
  if (budgetTokens >= BUDGET_MEDIUM_FROM) return 'medium';
  return 'low';
}

export const ANTHROPIC_EFFORT_TO_REASONING_EFFORT: Readonly<Record<AnthropicEffort, MappedEffort>> = {
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
  max: 'high',
};

export const REASONING_EFFORT_BUDGET: Readonly<Record<Exclude<OpenAIReasoningEffort, 'none'>, number>> = {
  minimal: 1_024,
  low: 2_048,
  medium: 8_192,
  high: 24_576,
  xhigh: 32_768,
  max: 49_152,
};

/** The budget for a client limit, per the max_tokens rule above; undefined when thinking cannot fit. */
export function fitBudget(tableBudget: number, maxTokens: number): number | undefined {
  const budget = Math.min(tableBudget, Math.floor(maxTokens / 2));
  return budget >= MIN_THINKING_BUDGET ? budget : undefined;
}
