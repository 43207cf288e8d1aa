/**
 * Which normalization rules apply to one answer: from the provider's quirks and the tools the request offered.
 *
 * | rule                                   | automatic or flag                                            |
 * | -------------------------------------- | ------------------------------------------------------------ |
 * | repair almost-JSON tool arguments      | automatic wherever the answer is parsed (json-args.ts)      |
 * | tool input sent whole in content_block_start | automatic wherever the answer is parsed                 |
 * | `<think>` at the start → thinking      | quirk `thinkTags` (default on for openai, off for anthropic) |
 * | written tool calls → tool_use          | quirk `textToolCalls` (default off), and only when the request offered tools |
 * | strip JSON-schema keywords             | quirk `stripSchemaKeywords` (default none; schema-keywords.ts) |
 * | server tools → webSearch class         | automatic routing: only targets with `capabilities.webSearch`, else a 400 naming the tool |
 *
 * Where it runs: every translated answer for an Anthropic client (OpenAI-protocol provider) is normalized. An
 * anthropic-protocol provider's answer is parsed and normalized only when `thinkTags` or `textToolCalls` is on;
 * otherwise it passes through byte for byte.
 */
import type { ProviderQuirks } from '../../config/types';
import type { NormalizeOptions } from './stream-normalizer';
import type { OfferedTools } from './text-tool-call';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The custom tools of an Anthropic request (`tools[].name` → `input_schema`); server tools are not offered to the model as text. */
export function offeredTools(tools: unknown): Map<string, Obj | undefined> {
  const out = new Map<string, Obj | undefined>();
  if (!Array.isArray(tools)) return out;
  for (const t of tools) {
    if (!isObj(t) || typeof t.name !== 'string') continue;
    if (t.type !== undefined && t.type !== null && t.type !== 'custom') continue;
    out.set(t.name, isObj(t.input_schema) ? t.input_schema : undefined);
  }
  return out;
}

export function normalizeOptionsFor(providerId: string, quirks: Pick<ProviderQuirks, 'thinkTags' | 'textToolCalls'>, requestTools: unknown): NormalizeOptions {
  let toolCalls: OfferedTools | undefined;
  if (quirks.textToolCalls) {
    const tools = offeredTools(requestTools);
    if (tools.size > 0) toolCalls = tools;
  }
  return { providerId, thinkTags: quirks.thinkTags, toolCalls };
}

/** An anthropic-protocol provider's answers are parsed (not passed through raw) only when a text rule is on. */
export function parsesAnthropicAnswers(quirks: Pick<ProviderQuirks, 'thinkTags' | 'textToolCalls'>): boolean {
  return quirks.thinkTags || quirks.textToolCalls;
}
