/**
 * `max_tokens` above the target model's output limit (`modelInfo[model].maxOutputTokens`, from the provider's
 * preset) is lowered to that limit: Claude Code asks for 128,000 and many providers reject anything over their
 * model's maximum with a 400. Without model info nothing is changed.
 *
 * - Every output-limit field the body carries is clamped: `max_tokens` (Anthropic, OpenAI) and
 *   `max_completion_tokens` (OpenAI).
 * - An Anthropic `thinking.budget_tokens` must stay below `max_tokens`: when the clamp leaves it at or above the
 *   new limit it becomes half the new limit (the translator's own ratio, effort.ts), if that is still the
 *   API's minimum of 1,024; otherwise it is left for the upstream to judge.
 * - Passthrough bodies are spliced in their raw bytes (json-splice.ts); translated bodies are changed in the
 *   translated object. The client learns it from the `x-aimux-max-tokens` response header:
 *   `clamped 128000->32000` (plus `; thinking.budget_tokens 64000->16000` when that moved too).
 */
import type { ProviderConfig } from '../config/types';
import { replaceTopLevelValue } from '../protocol/json-splice';
import { MIN_THINKING_BUDGET } from '../translate/index';

export const MAX_TOKENS_HEADER = 'x-aimux-max-tokens';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const LIMIT_FIELDS = ['max_tokens', 'max_completion_tokens'] as const;

export interface MaxTokensClamp {
  from: number;
  to: number;
  /** The fields that were over the limit. */
  fields: string[];
  /** The new `thinking` object when its budget had to move. */
  thinking?: { from: number; to: number; value: Obj };
}

/** The target model's output limit, or undefined when its preset does not say. */
export function outputLimitOf(provider: ProviderConfig, model: string): number | undefined {
  const limit = provider.modelInfo?.[model]?.maxOutputTokens;
  return typeof limit === 'number' && Number.isInteger(limit) && limit > 0 ? limit : undefined;
}

/** What clamping `body` for `limit` changes; undefined when nothing is over it. */
export function planMaxTokensClamp(body: Obj, limit: number | undefined): MaxTokensClamp | undefined {
  if (limit === undefined) return undefined;
  const fields: string[] = [];
  let from = 0;
  for (const f of LIMIT_FIELDS) {
    const v = body[f];
    if (typeof v === 'number' && v > limit) {
      fields.push(f);
      from = Math.max(from, v);
    }
  }
  if (fields.length === 0) return undefined;
  const clamp: MaxTokensClamp = { from, to: limit, fields };
  const t = body.thinking;
  if (isObj(t) && t.type === 'enabled' && typeof t.budget_tokens === 'number' && t.budget_tokens >= limit) {
    const budget = Math.floor(limit / 2);
    if (budget >= MIN_THINKING_BUDGET) clamp.thinking = { from: t.budget_tokens, to: budget, value: { ...t, budget_tokens: budget } };
  }
  return clamp;
}

/** Applies a clamp to a body object (a translated request; it is changed in place). */
export function applyClampToObject(body: Obj, clamp: MaxTokensClamp): void {
  for (const f of clamp.fields) body[f] = clamp.to;
  if (clamp.thinking) body.thinking = clamp.thinking.value;
}

/** Applies a clamp to raw JSON bytes, changing only the clamped values; re-serializes only if a splice fails. */
export function applyClampToRaw(raw: Buffer | string, clamp: MaxTokensClamp): Buffer | string {
  let out: Buffer | undefined = typeof raw === 'string' ? Buffer.from(raw) : raw;
  for (const f of clamp.fields) out = out && replaceTopLevelValue(out, f, String(clamp.to), 'number');
  if (clamp.thinking) out = out && replaceTopLevelValue(out, 'thinking', JSON.stringify(clamp.thinking.value));
  if (out !== undefined) return out;
  const copy = JSON.parse(raw.toString()) as Obj;
  applyClampToObject(copy, clamp);
  return JSON.stringify(copy);
}

/** The `x-aimux-max-tokens` header value (ASCII: HTTP header values cannot carry `→`). */
export function describeClamp(clamp: MaxTokensClamp): string {
  const thinking = clamp.thinking ? `; thinking.budget_tokens ${clamp.thinking.from}->${clamp.thinking.to}` : '';
  return `clamped ${clamp.from}->${clamp.to}${thinking}`;
}
