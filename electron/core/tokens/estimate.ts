/**
 * Cheap token estimates: no tokenizer, one pass over the request, no allocation per block.
 *
 * Used to classify requests (long context) and to fill in usage when an upstream sends none.
 * Rule of thumb: one token per 4 UTF-16 code units of text or JSON, plus a small per-block
 * overhead; images count a flat IMAGE_TOKENS. Every block type counts: text, thinking,
 * redacted thinking, tool_use input, tool_result content, tool definitions and images.
 * Accuracy target is ±25% on English prose and code, which is what a threshold needs.
 */

const CHARS_PER_TOKEN = 4;
/** Anthropic bills an image by its pixels (≈ w·h/750, ~1,600 for a 1,092² image). Size is unknown here. */
export const IMAGE_TOKENS = 1600;
const BLOCK_OVERHEAD = 3;
const MESSAGE_OVERHEAD = 4;
const TOOL_OVERHEAD = 8;

export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Sum of string lengths (keys included) in a JSON value: a proxy for its serialized size. */
function jsonChars(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number' || typeof value === 'boolean') return 4;
  if (value === null || typeof value !== 'object' || depth > 64) return 0;
  let n = 2;
  if (Array.isArray(value)) {
    for (const v of value) n += jsonChars(v, depth + 1) + 1;
    return n;
  }
  for (const k in value) n += k.length + 3 + jsonChars((value as Record<string, unknown>)[k], depth + 1);
  return n;
}

function jsonTokens(value: unknown): number {
  return Math.ceil(jsonChars(value) / CHARS_PER_TOKEN);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

/** One Anthropic content block (or an OpenAI content part: the same field names are checked). */
function blockTokens(block: unknown): number {
  if (typeof block === 'string') return estimateTextTokens(block);
  if (!isObj(block)) return 0;
  switch (block.type) {
    case 'text':
    case 'input_text':
    case 'output_text':
      return BLOCK_OVERHEAD + (typeof block.text === 'string' ? estimateTextTokens(block.text) : 0);
    case 'thinking':
      return BLOCK_OVERHEAD + (typeof block.thinking === 'string' ? estimateTextTokens(block.thinking) : 0);
    case 'redacted_thinking':
      return BLOCK_OVERHEAD + (typeof block.data === 'string' ? Math.ceil(block.data.length / 8) : 0);
    case 'image':
    case 'image_url':
    case 'input_image':
      return IMAGE_TOKENS;
    case 'document':
      return BLOCK_OVERHEAD + jsonTokens(block.source);
    case 'tool_use':
    case 'server_tool_use':
      return BLOCK_OVERHEAD + estimateTextTokens(String(block.name ?? '')) + jsonTokens(block.input);
    case 'tool_result':
    case 'web_search_tool_result':
      return BLOCK_OVERHEAD + contentTokens(block.content);
    default:
      return BLOCK_OVERHEAD + jsonTokens(block);
  }
}

function contentTokens(content: unknown): number {
  if (typeof content === 'string') return estimateTextTokens(content);
  if (!Array.isArray(content)) return 0;
  let n = 0;
  for (const b of content) n += blockTokens(b);
  return n;
}

function toolsTokens(tools: unknown): number {
  if (!Array.isArray(tools)) return 0;
  let n = 0;
  for (const t of tools) n += TOOL_OVERHEAD + jsonTokens(t);
  return n;
}

/** Estimated input tokens of an Anthropic Messages request body. */
export function estimateAnthropicInputTokens(body: Obj): number {
  let n = contentTokens(body.system) + toolsTokens(body.tools);
  if (Array.isArray(body.messages)) {
    for (const m of body.messages) if (isObj(m)) n += MESSAGE_OVERHEAD + contentTokens(m.content);
  }
  return n;
}

/** Estimated input tokens of an OpenAI Chat Completions request body. */
export function estimateOpenAIInputTokens(body: Obj): number {
  let n = toolsTokens(body.tools);
  if (Array.isArray(body.messages)) {
    for (const m of body.messages) {
      if (!isObj(m)) continue;
      n += MESSAGE_OVERHEAD + contentTokens(m.content);
      if (typeof m.reasoning_content === 'string') n += estimateTextTokens(m.reasoning_content);
      if (Array.isArray(m.tool_calls)) n += jsonTokens(m.tool_calls);
    }
  }
  return n;
}

/** Estimated input tokens of an OpenAI Responses request body: instructions, tools and every input item. */
export function estimateResponsesInputTokens(body: Obj): number {
  let n = toolsTokens(body.tools) + (typeof body.instructions === 'string' ? estimateTextTokens(body.instructions) : 0);
  const input = body.input;
  if (typeof input === 'string') return n + MESSAGE_OVERHEAD + estimateTextTokens(input);
  if (!Array.isArray(input)) return n;
  for (const it of input) {
    if (!isObj(it)) continue;
    n += MESSAGE_OVERHEAD;
    switch (it.type) {
      case 'function_call':
        n += estimateTextTokens(String(it.name ?? '')) + estimateTextTokens(String(it.arguments ?? ''));
        break;
      case 'custom_tool_call':
        n += estimateTextTokens(String(it.name ?? '')) + estimateTextTokens(String(it.input ?? ''));
        break;
      case 'function_call_output':
      case 'custom_tool_call_output':
        n += contentTokens(it.output);
        break;
      case 'reasoning':
        // aimux's encrypted_content is base64 of the reasoning text (4 characters per 3 bytes).
        n += typeof it.encrypted_content === 'string' ? Math.ceil(it.encrypted_content.length / (CHARS_PER_TOKEN * 4 / 3)) : contentTokens(it.summary);
        break;
      case 'additional_tools':
        n += toolsTokens(it.tools);
        break;
      default:
        n += contentTokens(it.content);
    }
  }
  return n;
}
