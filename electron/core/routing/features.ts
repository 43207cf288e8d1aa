/**
 * Extracts what routing needs from a parsed request body. Pure and cheap: one shallow pass over
 * the tools and message content blocks for the flags (it does not descend into tool schemas or
 * tool inputs), plus the token estimator's own pass. No copies, no serialization.
 *
 * Decisions:
 * - `thinking`: Anthropic `thinking.type` is `enabled` or `adaptive`. OpenAI: `reasoning_effort` is set
 *   and is not `none` or `minimal` (minimal is a fast, near-zero-reasoning mode); the OpenRouter-style
 *   `reasoning: { effort | enabled | max_tokens }` and the `thinking: { type: 'enabled' }` extension some
 *   OpenAI-compatible hosts accept count too.
 * - `webSearch`: a tool whose `type` starts with `web_search` or `web_fetch` (Anthropic server tools, e.g.
 *   `web_search_20250305`, `web_fetch_20250910`; also accepted in OpenAI `tools`), or OpenAI
 *   `web_search_options`. `serverTool` names the first Anthropic server tool (its `type`) of an Anthropic request:
 *   such a request goes only to targets with `capabilities.webSearch` (OpenAI's `web_search_options` is left to
 *   the provider, as before).
 *   A client-side tool merely *named* `WebSearch` (Claude Code 2.1.197) is an ordinary tool.
 * - `usesTools`: any tool definition other than web search, or tool calls/results in the history
 *   (the upstream must understand them either way).
 * - `hasImages`: `image` blocks (Anthropic, also inside `tool_result` content), `image_url` and
 *   `input_image` parts (OpenAI), anywhere in the messages.
 * - Responses API bodies: tools in `tools` and in `additional_tools` input items (a `web_search` tool counts
 *   as webSearch, as Codex offers it on every request: a `webSearch` list then takes Codex's traffic);
 *   `function_call` / `custom_tool_call` items and their outputs count as tool use; `input_image` parts in
 *   message items (and in tool outputs) as images; `reasoning.effort` as for OpenAI.
 * - `sessionId`: the `x-claude-code-session-id` header when given; otherwise Anthropic
 *   `metadata.user_id` (Claude Code sends a JSON string holding `session_id`; older versions end it
 *   with `_session_<id>`; anything else is used whole); OpenAI `prompt_cache_key`, then `user`.
 *   Capped at MAX_SESSION_ID_LENGTH characters.
 */
import type { ClientProtocol } from '../config/types';
import { estimateAnthropicInputTokens, estimateOpenAIInputTokens, estimateResponsesInputTokens } from '../tokens/estimate';
import type { RequestFeatures } from './types';

export const MAX_SESSION_ID_LENGTH = 256;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

export interface FeatureHeaders {
  /** `x-claude-code-session-id` or an equivalent client session header. */
  sessionId?: string;
}

interface Flags {
  hasImages: boolean;
  usesTools: boolean;
  webSearch: boolean;
  serverTool?: string;
}

const SERVER_TOOL = /^web_(search|fetch)/;

export function extractFeatures(protocol: ClientProtocol, body: Record<string, unknown>, headers: FeatureHeaders = {}): RequestFeatures {
  const flags: Flags = { hasImages: false, usesTools: false, webSearch: false };
  scanTools(body.tools, flags);
  if (protocol === 'responses') scanInputItems(body.input, flags);
  else scanMessages(body.messages, flags);
  let thinking: boolean;
  let sessionId = headers.sessionId || undefined;
  if (protocol === 'anthropic') {
    thinking = anthropicThinking(body.thinking);
    sessionId ??= anthropicSession(body.metadata);
  } else {
    if (isObj(body.web_search_options)) flags.webSearch = true;
    if (Array.isArray(body.functions) && body.functions.length > 0) flags.usesTools = true;
    thinking = openAIThinking(body);
    sessionId ??= nonEmpty(body.prompt_cache_key) ?? nonEmpty(body.user);
  }
  const features: RequestFeatures = {
    model: typeof body.model === 'string' ? body.model : '',
    hasImages: flags.hasImages,
    thinking,
    webSearch: flags.webSearch,
    usesTools: flags.usesTools,
    estimatedInputTokens:
      protocol === 'anthropic' ? estimateAnthropicInputTokens(body) : protocol === 'responses' ? estimateResponsesInputTokens(body) : estimateOpenAIInputTokens(body),
  };
  if (flags.serverTool !== undefined && protocol === 'anthropic') features.serverTool = flags.serverTool;
  if (sessionId !== undefined) features.sessionId = sessionId.length > MAX_SESSION_ID_LENGTH ? sessionId.slice(0, MAX_SESSION_ID_LENGTH) : sessionId;
  return features;
}

function scanTools(tools: unknown, flags: Flags): void {
  if (!Array.isArray(tools)) return;
  for (const t of tools) {
    if (isObj(t) && typeof t.type === 'string' && SERVER_TOOL.test(t.type)) {
      flags.webSearch = true;
      flags.serverTool ??= t.type;
    } else flags.usesTools = true;
  }
}

function scanMessages(messages: unknown, flags: Flags): void {
  if (!Array.isArray(messages)) return;
  for (const m of messages) {
    if (!isObj(m)) continue;
    if (m.role === 'tool' || (Array.isArray(m.tool_calls) && m.tool_calls.length > 0)) flags.usesTools = true;
    scanContent(m.content, flags, 0);
  }
}

const TOOL_ITEMS = new Set(['function_call', 'custom_tool_call', 'function_call_output', 'custom_tool_call_output']);

function scanInputItems(input: unknown, flags: Flags): void {
  if (!Array.isArray(input)) return;
  for (const it of input) {
    if (!isObj(it)) continue;
    if (typeof it.type === 'string' && TOOL_ITEMS.has(it.type)) {
      flags.usesTools = true;
      scanContent(it.output, flags, 1);
    } else if (it.type === 'additional_tools') scanTools(it.tools, flags);
    else scanContent(it.content, flags, 0);
  }
}

function scanContent(content: unknown, flags: Flags, depth: number): void {
  if (!Array.isArray(content)) return;
  for (const block of content) {
    if (!isObj(block)) continue;
    switch (block.type) {
      case 'image':
      case 'image_url':
      case 'input_image':
        flags.hasImages = true;
        break;
      case 'tool_use':
        flags.usesTools = true;
        break;
      case 'tool_result':
        flags.usesTools = true;
        // Tool results hold text and image blocks; one level is all the API allows.
        if (depth === 0) scanContent(block.content, flags, 1);
        break;
    }
  }
}

function anthropicThinking(thinking: unknown): boolean {
  return isObj(thinking) && (thinking.type === 'enabled' || thinking.type === 'adaptive');
}

const NO_REASONING = new Set(['none', 'minimal']);

function openAIThinking(body: Obj): boolean {
  const effort = body.reasoning_effort;
  if (typeof effort === 'string' && effort !== '' && !NO_REASONING.has(effort)) return true;
  const r = body.reasoning;
  if (isObj(r)) {
    if (typeof r.effort === 'string') return r.effort !== '' && !NO_REASONING.has(r.effort);
    if (r.enabled === true) return true;
    if (typeof r.max_tokens === 'number' && r.max_tokens > 0) return true;
  }
  return isObj(body.thinking) && body.thinking.type === 'enabled';
}

function anthropicSession(metadata: unknown): string | undefined {
  if (!isObj(metadata)) return undefined;
  const userId = nonEmpty(metadata.user_id);
  if (userId === undefined) return undefined;
  if (userId.charCodeAt(0) === 123 /* { */) {
    try {
      const parsed: unknown = JSON.parse(userId);
      if (isObj(parsed)) return nonEmpty(parsed.session_id) ?? userId;
    } catch {
      // Not JSON after all: use it whole.
    }
    return userId;
  }
  const at = userId.lastIndexOf('_session_');
  if (at >= 0 && at + 9 < userId.length) return userId.slice(at + 9);
  return userId;
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
