/**
 * The synthetic provider's answer, decided from the request alone (no network, no key, no clock):
 *
 * - The last user turn carries tool results → text `Tool said: <result text>` (completes a tool loop).
 * - Else, the request offers tools and the last user text contains the word "tool" → a tool call.
 *   The tool is the first offered tool whose name appears in the text (case-insensitive), else the
 *   first tool. Its input fills the schema's required properties: a `command` string becomes
 *   `echo synthetic-<digest>`, other strings "synthetic", numbers 0, booleans false, arrays [],
 *   objects {}. A short text block ("Calling <name>.") comes first.
 * - Else → a text reply that quotes the last user text and its digest (first 8 hex of SHA-256).
 * - Anthropic `thinking: {type: "enabled"}` or an OpenAI `reasoning_effort` adds a reasoning block first.
 * - Output longer than max_tokens (≈4 characters a token) is cut, with stop reason max_tokens.
 * Usage: input tokens are the cheap estimate of the request; output tokens of what was generated.
 */
import { createHash } from 'node:crypto';
import { estimateAnthropicInputTokens, estimateOpenAIInputTokens, estimateTextTokens } from '../../tokens/estimate';

export type SyntheticProtocol = 'anthropic' | 'openai';

export type SyntheticBlock =
  | { type: 'thinking'; text: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export interface SyntheticPlan {
  digest: string;
  blocks: SyntheticBlock[];
  stop: 'end_turn' | 'tool_use' | 'max_tokens';
  inputTokens: number;
  outputTokens: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Tool {
  name: string;
  schema: unknown;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const b of content) {
    if (isObj(b) && (b.type === 'text' || b.type === 'input_text') && typeof b.text === 'string') parts.push(b.text);
  }
  return parts.join('\n');
}

function toolResultText(content: unknown): string | undefined {
  if (!Array.isArray(content)) return undefined;
  const results = content.filter((b): b is Obj => isObj(b) && b.type === 'tool_result');
  if (results.length === 0) return undefined;
  return results.map((r) => textOf(r.content)).join('\n');
}

/** Reads what the plan needs from either protocol's request body. */
function view(protocol: SyntheticProtocol, body: Obj): { lastText: string; toolResult: string | undefined; tools: Tool[]; reasoning: boolean; maxTokens: number } {
  const messages = Array.isArray(body.messages) ? body.messages.filter(isObj) : [];
  let lastText = '';
  let toolResult: string | undefined;
  if (protocol === 'anthropic') {
    const last = [...messages].reverse().find((m) => m.role === 'user');
    if (last) {
      toolResult = toolResultText(last.content);
      lastText = textOf(last.content);
    }
  } else {
    const last = messages[messages.length - 1];
    if (last?.role === 'tool') {
      const tail: string[] = [];
      for (let i = messages.length - 1; i >= 0 && messages[i]!.role === 'tool'; i--) tail.unshift(textOf(messages[i]!.content));
      toolResult = tail.join('\n');
    }
    const lastUser = [...messages].reverse().find((m) => m.role === 'user');
    if (lastUser) lastText = textOf(lastUser.content);
  }
  const tools: Tool[] = [];
  if (Array.isArray(body.tools)) {
    for (const t of body.tools) {
      if (!isObj(t)) continue;
      if (protocol === 'anthropic' && typeof t.name === 'string' && t.input_schema !== undefined) tools.push({ name: t.name, schema: t.input_schema });
      if (protocol === 'openai' && isObj(t.function) && typeof t.function.name === 'string') tools.push({ name: t.function.name, schema: t.function.parameters });
    }
  }
  const thinking = isObj(body.thinking) ? body.thinking.type : undefined;
  const reasoning = protocol === 'anthropic' ? thinking === 'enabled' : typeof body.reasoning_effort === 'string' && body.reasoning_effort !== 'none';
  const maxRaw = protocol === 'anthropic' ? body.max_tokens : (body.max_completion_tokens ?? body.max_tokens);
  const maxTokens = typeof maxRaw === 'number' && maxRaw > 0 ? maxRaw : 4096;
  return { lastText, toolResult, tools, reasoning, maxTokens };
}

function sampleInput(schema: unknown, digest: string): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (!isObj(schema) || !isObj(schema.properties)) return input;
  const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [];
  for (const name of required) {
    const prop = schema.properties[name];
    const type = isObj(prop) ? prop.type : undefined;
    if (name === 'command' && type === 'string') input[name] = `echo synthetic-${digest}`;
    else if (type === 'number' || type === 'integer') input[name] = 0;
    else if (type === 'boolean') input[name] = false;
    else if (type === 'array') input[name] = [];
    else if (type === 'object') input[name] = {};
    else input[name] = 'synthetic';
  }
  return input;
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n)}…`;
}

export function planSyntheticReply(protocol: SyntheticProtocol, body: Obj): SyntheticPlan {
  const v = view(protocol, body);
  const digest = createHash('sha256').update(v.toolResult ?? v.lastText).digest('hex').slice(0, 8);
  const blocks: SyntheticBlock[] = [];
  let stop: SyntheticPlan['stop'] = 'end_turn';
  if (v.reasoning) blocks.push({ type: 'thinking', text: `The user wrote ${v.lastText.length} characters (digest ${digest}). I will answer deterministically.` });
  if (v.toolResult !== undefined) {
    blocks.push({ type: 'text', text: `Tool said: ${clip(v.toolResult.trim(), 400)}` });
  } else if (v.tools.length > 0 && /\btools?\b/i.test(v.lastText)) {
    const lower = v.lastText.toLowerCase();
    const tool = v.tools.find((t) => lower.includes(t.name.toLowerCase())) ?? v.tools[0]!;
    blocks.push({ type: 'text', text: `Calling ${tool.name}.` });
    blocks.push({ type: 'tool_use', id: `toolu_synthetic_${digest}`, name: tool.name, input: sampleInput(tool.schema, digest) });
    stop = 'tool_use';
  } else {
    blocks.push({
      type: 'text',
      text: `This is the aimux synthetic provider (no network, no key). You said: "${clip(v.lastText.trim(), 200)}" (digest ${digest}). Configure a provider to get real answers.`,
    });
  }
  // Respect max_tokens: cut generated text at ~4 characters per token.
  let budget = v.maxTokens;
  let outputTokens = 0;
  const kept: SyntheticBlock[] = [];
  for (const b of blocks) {
    const cost = b.type === 'tool_use' ? estimateTextTokens(JSON.stringify(b.input)) + 8 : estimateTextTokens(b.text);
    if (cost <= budget) {
      kept.push(b);
      budget -= cost;
      outputTokens += cost;
      continue;
    }
    if (b.type !== 'tool_use' && budget > 0) {
      kept.push({ ...b, text: b.text.slice(0, budget * 4) });
      outputTokens += budget;
    }
    stop = 'max_tokens';
    break;
  }
  const inputTokens = protocol === 'anthropic' ? estimateAnthropicInputTokens(body) : estimateOpenAIInputTokens(body);
  return { digest, blocks: kept, stop, inputTokens, outputTokens };
}
