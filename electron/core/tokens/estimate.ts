/**
 * Cheap token estimates: no tokenizer, one pass over the request, no allocation per block.
 *
 * Used to classify requests (long context), to answer count_tokens when the provider cannot (Claude Code's
 * context display and auto-compaction), and to fill in usage when an upstream sends none.
 * Rule of thumb: one token per 4.2 characters of ASCII text, per 4 characters of JSON (tool definitions, tool
 * inputs), per 2 characters of other non-ASCII text and per 1.1 CJK characters; plus a small per-block
 * overhead. Images count by their size (image-size.ts). Every block type counts: system, text, thinking,
 * redacted thinking, tool definitions, tool_use input, tool_result content (its images too), documents, images.
 * Checked against a real tokenizer (@anthropic-ai/tokenizer) on every recorded Claude Code request: within 10%
 * (test/core/tokens/estimate-accuracy.test.ts).
 */
import { imageTokens } from './image-size';

export { IMAGE_TOKENS } from './image-size';

const TEXT_CHARS_PER_TOKEN = 4.2;
const JSON_CHARS_PER_TOKEN = 4;
const OTHER_CHARS_PER_TOKEN = 2;
const CJK_CHARS_PER_TOKEN = 1.1;
const NON_ASCII = /[^\x00-\x7f]/;
const BLOCK_OVERHEAD = 3;
const MESSAGE_OVERHEAD = 4;
const TOOL_OVERHEAD = 8;

export function estimateTextTokens(text: string): number {
  // Plain ASCII (the common case) costs one native scan; other text is counted by script.
  if (!NON_ASCII.test(text)) return Math.ceil(text.length / TEXT_CHARS_PER_TOKEN);
  let ascii = 0;
  let cjk = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) ascii++;
    else if (c >= 0x2e80 && c < 0xa000) cjk++;
  }
  const other = text.length - ascii - cjk;
  return Math.ceil(ascii / TEXT_CHARS_PER_TOKEN + other / OTHER_CHARS_PER_TOKEN + cjk / CJK_CHARS_PER_TOKEN);
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
  return Math.ceil(jsonChars(value) / JSON_CHARS_PER_TOKEN);
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
      return imageTokens(block.source);
    case 'image_url':
      return imageTokens(isObj(block.image_url) ? block.image_url.url : undefined);
    case 'input_image':
      return imageTokens(block.image_url);
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
        n += typeof it.encrypted_content === 'string' ? Math.ceil(it.encrypted_content.length / ((TEXT_CHARS_PER_TOKEN * 4) / 3)) : contentTokens(it.summary);
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
