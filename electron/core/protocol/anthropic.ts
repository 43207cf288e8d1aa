/**
 * Types of the Anthropic Messages API (`POST /v1/messages`) as aimux reads and writes it.
 *
 * Types only: no runtime code. Request-side types describe what clients (Claude Code above all) send,
 * including the fields the public SDK types lag behind on (`role: "system"` inside `messages`,
 * `thinking.display: "updates"`). Response-side types describe what aimux emits when it translates.
 * Field names are the wire names.
 */

export interface AnthropicCacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

// ---------------------------------------------------------------------------------------------
// Content blocks
// ---------------------------------------------------------------------------------------------

export interface AnthropicTextBlock {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl | null;
  citations?: unknown[] | null;
}

export interface AnthropicBase64ImageSource {
  type: 'base64';
  media_type: string;
  data: string;
}

export interface AnthropicUrlSource {
  type: 'url';
  url: string;
}

export interface AnthropicFileSource {
  type: 'file';
  file_id: string;
}

export type AnthropicImageSource = AnthropicBase64ImageSource | AnthropicUrlSource | AnthropicFileSource;

export interface AnthropicImageBlock {
  type: 'image';
  source: AnthropicImageSource;
  cache_control?: AnthropicCacheControl | null;
}

export interface AnthropicPlainTextSource {
  type: 'text';
  media_type: 'text/plain';
  data: string;
}

export interface AnthropicContentSource {
  type: 'content';
  content: string | Array<AnthropicTextBlock | AnthropicImageBlock>;
}

export type AnthropicDocumentSource =
  | AnthropicBase64ImageSource
  | AnthropicPlainTextSource
  | AnthropicContentSource
  | AnthropicUrlSource
  | AnthropicFileSource;

export interface AnthropicDocumentBlock {
  type: 'document';
  source: AnthropicDocumentSource;
  title?: string | null;
  context?: string | null;
  citations?: { enabled?: boolean } | null;
  cache_control?: AnthropicCacheControl | null;
}

export interface AnthropicSearchResultBlock {
  type: 'search_result';
  source: string;
  title: string;
  content: AnthropicTextBlock[];
  cache_control?: AnthropicCacheControl | null;
  citations?: { enabled?: boolean } | null;
}

/** Inside a tool_result: a deferred tool that the client's tool search loaded. */
export interface AnthropicToolReferenceBlock {
  type: 'tool_reference';
  tool_name: string;
  cache_control?: AnthropicCacheControl | null;
}

export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
  cache_control?: AnthropicCacheControl | null;
}

export type AnthropicToolResultContent =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicSearchResultBlock
  | AnthropicToolReferenceBlock;

export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | AnthropicToolResultContent[];
  is_error?: boolean;
  cache_control?: AnthropicCacheControl | null;
}

export interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  /** Opaque; verified by the provider that issued it. aimux-minted ones start with `aimux:` (see translate/signature.ts). */
  signature: string;
}

export interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

export interface AnthropicServerToolUseBlock {
  type: 'server_tool_use';
  id: string;
  name: string;
  input: unknown;
  cache_control?: AnthropicCacheControl | null;
}

export interface AnthropicWebSearchResult {
  type: 'web_search_result';
  url: string;
  title: string;
  encrypted_content: string;
  page_age?: string | null;
}

export interface AnthropicWebSearchToolResultError {
  type: 'web_search_tool_result_error';
  error_code: string;
}

export interface AnthropicWebSearchToolResultBlock {
  type: 'web_search_tool_result';
  tool_use_id: string;
  content: AnthropicWebSearchResult[] | AnthropicWebSearchToolResultError;
  cache_control?: AnthropicCacheControl | null;
}

/** Any block a request message may carry. */
export type AnthropicContentBlockParam =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicSearchResultBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock
  | AnthropicServerToolUseBlock
  | AnthropicWebSearchToolResultBlock;

/** Any block a response message may carry. */
export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock
  | AnthropicToolUseBlock
  | AnthropicServerToolUseBlock
  | AnthropicWebSearchToolResultBlock;

// ---------------------------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------------------------

export interface AnthropicMessageParam {
  /** `system` is not in the public API docs, but Claude Code sends it inside `messages` on every request. */
  role: 'user' | 'assistant' | 'system';
  content: string | AnthropicContentBlockParam[];
}

export interface AnthropicInputSchema {
  type: 'object';
  properties?: Record<string, unknown> | null;
  required?: string[] | null;
  [key: string]: unknown;
}

/** A tool the client implements (the only kind an OpenAI-compatible upstream can run). */
export interface AnthropicCustomTool {
  type?: 'custom' | null;
  name: string;
  description?: string;
  input_schema: AnthropicInputSchema;
  cache_control?: AnthropicCacheControl | null;
  /** Advanced tool use: loaded only when the client's tool search finds it. */
  defer_loading?: boolean;
  strict?: boolean;
  input_examples?: Array<Record<string, unknown>>;
  eager_input_streaming?: boolean | null;
  allowed_callers?: string[];
}

/** A tool Anthropic defines or runs itself: `{type: "web_search_20250305", name: "web_search", ...}`, `bash_20250124`, ... */
export interface AnthropicServerTool {
  type: string;
  name: string;
  cache_control?: AnthropicCacheControl | null;
  [key: string]: unknown;
}

export type AnthropicTool = AnthropicCustomTool | AnthropicServerTool;

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export type AnthropicThinkingConfig =
  | { type: 'enabled'; budget_tokens: number; display?: string | null }
  | { type: 'adaptive'; display?: string | null }
  | { type: 'disabled' };

export type AnthropicEffort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export interface AnthropicJsonOutputFormat {
  type: 'json_schema';
  schema: Record<string, unknown>;
}

export interface AnthropicOutputConfig {
  effort?: AnthropicEffort | null;
  format?: AnthropicJsonOutputFormat | null;
}

export interface AnthropicMetadata {
  user_id?: string | null;
}

export interface AnthropicMessagesRequest {
  model: string;
  messages: AnthropicMessageParam[];
  max_tokens: number;
  system?: string | AnthropicTextBlock[];
  metadata?: AnthropicMetadata;
  stop_sequences?: string[];
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  thinking?: AnthropicThinkingConfig;
  tool_choice?: AnthropicToolChoice;
  tools?: AnthropicTool[];
  output_config?: AnthropicOutputConfig;
  service_tier?: string;
  /** Beta server-side context editing (Claude Code sends `clear_thinking_*`). */
  context_management?: unknown;
  container?: unknown;
  mcp_servers?: unknown[];
  /** Top-level automatic prompt caching. */
  cache_control?: AnthropicCacheControl | null;
  inference_geo?: string | null;
  speed?: string | null;
}

// ---------------------------------------------------------------------------------------------
// Response
// ---------------------------------------------------------------------------------------------

export type AnthropicStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens: number } | null;
  server_tool_use?: { web_search_requests?: number; web_fetch_requests?: number } | null;
  service_tier?: string | null;
}

export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

// ---------------------------------------------------------------------------------------------
// Stream events
// ---------------------------------------------------------------------------------------------

export interface AnthropicMessageStartEvent {
  type: 'message_start';
  message: AnthropicMessage;
}

export interface AnthropicContentBlockStartEvent {
  type: 'content_block_start';
  index: number;
  content_block: AnthropicContentBlock;
}

export interface AnthropicTextDelta {
  type: 'text_delta';
  text: string;
}
export interface AnthropicInputJsonDelta {
  type: 'input_json_delta';
  partial_json: string;
}
export interface AnthropicThinkingDelta {
  type: 'thinking_delta';
  thinking: string;
}
export interface AnthropicSignatureDelta {
  type: 'signature_delta';
  signature: string;
}
export interface AnthropicCitationsDelta {
  type: 'citations_delta';
  citation: unknown;
}

export type AnthropicContentDelta =
  | AnthropicTextDelta
  | AnthropicInputJsonDelta
  | AnthropicThinkingDelta
  | AnthropicSignatureDelta
  | AnthropicCitationsDelta;

export interface AnthropicContentBlockDeltaEvent {
  type: 'content_block_delta';
  index: number;
  delta: AnthropicContentDelta;
}

export interface AnthropicContentBlockStopEvent {
  type: 'content_block_stop';
  index: number;
}

/** Cumulative totals; every field but output_tokens may be absent or null. */
export interface AnthropicMessageDeltaUsage {
  output_tokens: number;
  input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens: number } | null;
  server_tool_use?: { web_search_requests?: number; web_fetch_requests?: number } | null;
}

export interface AnthropicMessageDeltaEvent {
  type: 'message_delta';
  delta: { stop_reason: AnthropicStopReason | null; stop_sequence: string | null };
  usage: AnthropicMessageDeltaUsage;
}

export interface AnthropicMessageStopEvent {
  type: 'message_stop';
}

export interface AnthropicPingEvent {
  type: 'ping';
}

export interface AnthropicErrorEvent {
  type: 'error';
  error: { type: string; message: string };
}

export type AnthropicStreamEvent =
  | AnthropicMessageStartEvent
  | AnthropicContentBlockStartEvent
  | AnthropicContentBlockDeltaEvent
  | AnthropicContentBlockStopEvent
  | AnthropicMessageDeltaEvent
  | AnthropicMessageStopEvent
  | AnthropicPingEvent
  | AnthropicErrorEvent;
