/**
 * Types of the OpenAI Chat Completions API (`POST /v1/chat/completions`) as aimux reads and writes it.
 *
 * Types only: no runtime code. Includes the de-facto extensions OpenAI-compatible hosts use:
 * `reasoning_content` (DeepSeek, vLLM, many GLM/Qwen/Kimi hosts) and `reasoning` (OpenRouter, newer vLLM)
 * on assistant messages and stream deltas, DeepSeek's `prompt_cache_hit_tokens`, and the matched stop
 * string vLLM (`stop_reason`) and SGLang (`matched_stop`) put on a choice.
 * Fields an upstream may send with values outside OpenAI's own enum are typed with `(string & {})`.
 */

// ---------------------------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------------------------

export interface OpenAITextPart {
  type: 'text';
  text: string;
}

export interface OpenAIImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

export interface OpenAIAudioPart {
  type: 'input_audio';
  input_audio: { data: string; format: string };
}

export interface OpenAIFilePart {
  type: 'file';
  file: { file_data?: string; file_id?: string; filename?: string };
}

export interface OpenAIRefusalPart {
  type: 'refusal';
  refusal: string;
}

export type OpenAIUserContentPart = OpenAITextPart | OpenAIImagePart | OpenAIAudioPart | OpenAIFilePart;

export interface OpenAISystemMessage {
  role: 'system';
  content: string | OpenAITextPart[];
  name?: string;
}

export interface OpenAIDeveloperMessage {
  role: 'developer';
  content: string | OpenAITextPart[];
  name?: string;
}

export interface OpenAIUserMessage {
  role: 'user';
  content: string | OpenAIUserContentPart[];
  name?: string;
}

export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface OpenAIAssistantMessage {
  role: 'assistant';
  content?: string | Array<OpenAITextPart | OpenAIRefusalPart> | null;
  refusal?: string | null;
  name?: string;
  tool_calls?: OpenAIToolCall[];
  /** DeepSeek & co.: the model's reasoning, echoed back where the provider requires it. */
  reasoning_content?: string | null;
  /** OpenRouter & newer vLLM spelling of the same. */
  reasoning?: string | null;
}

export interface OpenAIToolMessage {
  role: 'tool';
  tool_call_id: string;
  content: string | OpenAITextPart[];
}

/** Deprecated `functions` era; not translated. */
export interface OpenAIFunctionMessage {
  role: 'function';
  name: string;
  content: string | null;
}

export type OpenAIMessage =
  | OpenAISystemMessage
  | OpenAIDeveloperMessage
  | OpenAIUserMessage
  | OpenAIAssistantMessage
  | OpenAIToolMessage
  | OpenAIFunctionMessage;

export interface OpenAIFunctionDefinition {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
  strict?: boolean | null;
}

export interface OpenAIFunctionTool {
  type: 'function';
  function: OpenAIFunctionDefinition;
}

export interface OpenAICustomTool {
  type: 'custom';
  custom: { name: string; description?: string; format?: unknown };
}

export type OpenAITool = OpenAIFunctionTool | OpenAICustomTool;

export type OpenAIToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } }
  | { type: 'custom'; custom: { name: string } }
  | { type: 'allowed_tools'; allowed_tools: { mode: 'auto' | 'required'; tools: unknown[] } };

export type OpenAIReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export type OpenAIResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null };
    };

export interface OpenAIStreamOptions {
  include_usage?: boolean;
  include_obfuscation?: boolean;
}

export interface OpenAIChatRequest {
  model: string;
  messages: OpenAIMessage[];
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  n?: number | null;
  stop?: string | string[] | null;
  stream?: boolean | null;
  stream_options?: OpenAIStreamOptions | null;
  tools?: OpenAITool[];
  tool_choice?: OpenAIToolChoice;
  parallel_tool_calls?: boolean;
  user?: string;
  safety_identifier?: string | null;
  reasoning_effort?: OpenAIReasoningEffort | null;
  response_format?: OpenAIResponseFormat;
  seed?: number | null;
  frequency_penalty?: number | null;
  presence_penalty?: number | null;
  logit_bias?: Record<string, number> | null;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  metadata?: Record<string, string> | null;
  store?: boolean | null;
  service_tier?: string | null;
  modalities?: string[] | null;
  audio?: unknown;
  prediction?: unknown;
  web_search_options?: unknown;
  verbosity?: 'low' | 'medium' | 'high' | null;
  prompt_cache_key?: string | null;
  /** Deprecated `functions` era; not translated. */
  functions?: unknown[];
  function_call?: unknown;
}

// ---------------------------------------------------------------------------------------------
// Response
// ---------------------------------------------------------------------------------------------

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface OpenAIUsage {
  /** Includes cached prompt tokens. */
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number | null; audio_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null; [key: string]: unknown } | null;
  /** DeepSeek's spelling of cached prompt tokens. */
  prompt_cache_hit_tokens?: number | null;
  prompt_cache_miss_tokens?: number | null;
}

export interface OpenAIResponseMessage {
  role: 'assistant';
  content: string | null;
  refusal?: string | null;
  tool_calls?: OpenAIToolCall[];
  reasoning_content?: string | null;
  reasoning?: string | null;
}

export interface OpenAIChoice {
  index: number;
  message: OpenAIResponseMessage;
  finish_reason: OpenAIFinishReason | (string & {}) | null;
  logprobs?: unknown;
  /** vLLM: the matched stop string (or the stop token id, a number). */
  stop_reason?: string | number | null;
  /** SGLang: the same. */
  matched_stop?: string | number | null;
}

export interface OpenAIChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: OpenAIChoice[];
  usage?: OpenAIUsage | null;
  system_fingerprint?: string | null;
  service_tier?: string | null;
}

export interface OpenAIToolCallDelta {
  /** Always sent by OpenAI; a few OpenAI-compatible hosts omit it. */
  index?: number;
  id?: string | null;
  type?: 'function' | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

export interface OpenAIChunkDelta {
  role?: 'assistant' | null;
  content?: string | null;
  refusal?: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  tool_calls?: OpenAIToolCallDelta[] | null;
}

export interface OpenAIChunkChoice {
  index: number;
  delta: OpenAIChunkDelta;
  finish_reason: OpenAIFinishReason | (string & {}) | null;
  logprobs?: unknown;
  stop_reason?: string | number | null;
  matched_stop?: string | number | null;
}

export interface OpenAIChatChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: OpenAIChunkChoice[];
  usage?: OpenAIUsage | null;
  system_fingerprint?: string | null;
}

export interface OpenAIErrorDetail {
  message: string;
  type: string;
  code: string | null;
  param?: string | null;
}

/** An error response body, and the object written as a final SSE `data:` line when a stream fails. */
export interface OpenAIErrorResponse {
  error: OpenAIErrorDetail;
}
