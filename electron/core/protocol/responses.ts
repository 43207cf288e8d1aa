/**
 * Types of the OpenAI Responses API (`POST /v1/responses`) as aimux reads and writes it: the request,
 * its input items and tools, the output items, the response object and the stream events.
 *
 * Types only: no runtime code. Written from OpenAI's API reference and from what the Codex CLI sends
 * (`../shared/fixtures/codex/`). Fields aimux accepts but never reads are typed loosely; values outside
 * OpenAI's own enums are typed with `(string & {})`.
 */

// ---------------------------------------------------------------------------------------------
// Request: content parts and input items
// ---------------------------------------------------------------------------------------------

export interface ResponsesInputText {
  type: 'input_text';
  text: string;
}

export interface ResponsesOutputText {
  type: 'output_text';
  text: string;
  annotations?: unknown[];
  logprobs?: unknown[];
}

export interface ResponsesInputImage {
  type: 'input_image';
  /** An http(s) URL or a `data:image/…;base64,…` URI. */
  image_url?: string | null;
  file_id?: string | null;
  detail?: 'auto' | 'low' | 'high' | (string & {});
}

export interface ResponsesRefusal {
  type: 'refusal';
  refusal: string;
}

export type ResponsesContentPart = ResponsesInputText | ResponsesOutputText | ResponsesInputImage | ResponsesRefusal | { type: 'input_file'; [k: string]: unknown };

export interface ResponsesMessageItem {
  type?: 'message';
  id?: string;
  status?: string;
  role: 'user' | 'assistant' | 'system' | 'developer';
  content: string | ResponsesContentPart[] | null;
}

export interface ResponsesFunctionCallItem {
  type: 'function_call';
  id?: string;
  status?: string;
  call_id: string;
  name: string;
  /** Set when the function belongs to a `namespace` tool. */
  namespace?: string;
  arguments: string;
}

export interface ResponsesFunctionCallOutputItem {
  type: 'function_call_output';
  id?: string;
  status?: string;
  call_id: string;
  output: string | ResponsesContentPart[];
}

export interface ResponsesCustomToolCallItem {
  type: 'custom_tool_call';
  id?: string;
  status?: string;
  call_id: string;
  name: string;
  namespace?: string;
  input: string;
}

export interface ResponsesCustomToolCallOutputItem {
  type: 'custom_tool_call_output';
  id?: string;
  call_id: string;
  output: string | ResponsesContentPart[];
}

export interface ResponsesSummaryText {
  type: 'summary_text';
  text: string;
}

export interface ResponsesReasoningItem {
  type: 'reasoning';
  id: string;
  summary: ResponsesSummaryText[];
  content?: Array<{ type: 'reasoning_text'; text: string }> | null;
  /** aimux: its own versioned, integrity-checked encoding of the upstream's reasoning (reasoning-codec.ts). */
  encrypted_content?: string | null;
  status?: string;
}

/** Codex with no model configured sends its tools in an input item instead of `tools`. */
export interface ResponsesAdditionalToolsItem {
  type: 'additional_tools';
  id?: string;
  role?: string;
  tools: ResponsesTool[];
}

export type ResponsesInputItem =
  | ResponsesMessageItem
  | ResponsesFunctionCallItem
  | ResponsesFunctionCallOutputItem
  | ResponsesCustomToolCallItem
  | ResponsesCustomToolCallOutputItem
  | ResponsesReasoningItem
  | ResponsesAdditionalToolsItem
  | { type: 'item_reference'; id: string };

// ---------------------------------------------------------------------------------------------
// Request: tools
// ---------------------------------------------------------------------------------------------

export interface ResponsesFunctionTool {
  type: 'function';
  name: string;
  description?: string | null;
  parameters?: Record<string, unknown> | null;
  strict?: boolean | null;
}

export interface ResponsesCustomTool {
  type: 'custom';
  name: string;
  description?: string;
  /** `{type: "text"}` or `{type: "grammar", syntax: "lark" | "regex", definition}`. */
  format?: { type: 'text' } | { type: 'grammar'; syntax: string; definition: string };
}

export interface ResponsesNamespaceTool {
  type: 'namespace';
  name: string;
  description?: string;
  tools: Array<ResponsesFunctionTool | ResponsesCustomTool>;
}

/** Tools that run at OpenAI (or the client, for tool_search): `web_search`, `file_search`, `tool_search`, … */
export interface ResponsesHostedTool {
  type: Exclude<string, 'function' | 'custom' | 'namespace'>;
  [k: string]: unknown;
}

export type ResponsesTool = ResponsesFunctionTool | ResponsesCustomTool | ResponsesNamespaceTool | ResponsesHostedTool;

export type ResponsesToolChoice =
  | 'auto'
  | 'required'
  | 'none'
  | { type: 'function'; name: string }
  | { type: 'custom'; name: string }
  | { type: 'allowed_tools'; [k: string]: unknown };

export type ResponsesReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export interface ResponsesTextFormat {
  type: 'text' | 'json_schema' | 'json_object';
  name?: string;
  schema?: Record<string, unknown>;
  strict?: boolean;
  description?: string;
}

export interface ResponsesRequest {
  model: string;
  input?: string | ResponsesInputItem[];
  instructions?: string | null;
  stream?: boolean;
  tools?: ResponsesTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean;
  reasoning?: { effort?: ResponsesReasoningEffort | null; summary?: string | null; [k: string]: unknown } | null;
  max_output_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  text?: { format?: ResponsesTextFormat; verbosity?: string } | null;
  previous_response_id?: string | null;
  store?: boolean;
  include?: string[];
  prompt_cache_key?: string;
  user?: string;
  safety_identifier?: string;
  metadata?: Record<string, string>;
  client_metadata?: unknown;
  [k: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Response
// ---------------------------------------------------------------------------------------------

export interface ResponsesOutputMessage {
  type: 'message';
  id: string;
  role: 'assistant';
  status: 'in_progress' | 'completed' | 'incomplete';
  content: ResponsesOutputText[];
}

export type ResponsesOutputItem =
  | ResponsesOutputMessage
  | (ResponsesReasoningItem & { id: string })
  | (ResponsesFunctionCallItem & { id: string; status: string })
  | (ResponsesCustomToolCallItem & { id: string; status: string });

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export type ResponsesStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface ResponsesResponse {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponsesStatus;
  model: string;
  output: ResponsesOutputItem[];
  parallel_tool_calls: boolean;
  tool_choice: unknown;
  tools: unknown[];
  usage: ResponsesUsage | null;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  previous_response_id?: string | null;
  instructions?: string | null;
  [k: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Stream events (every one carries `sequence_number`, 0, 1, 2, … in order)
// ---------------------------------------------------------------------------------------------

type Seq = { sequence_number: number };
type ItemRef = Seq & { item_id: string; output_index: number };

export type ResponsesStreamEvent =
  | (Seq & { type: 'response.created' | 'response.in_progress' | 'response.completed' | 'response.incomplete' | 'response.failed'; response: ResponsesResponse })
  | (Seq & { type: 'response.output_item.added' | 'response.output_item.done'; output_index: number; item: ResponsesOutputItem })
  | (ItemRef & { type: 'response.content_part.added' | 'response.content_part.done'; content_index: number; part: ResponsesOutputText })
  | (ItemRef & { type: 'response.output_text.delta'; content_index: number; delta: string; logprobs: unknown[] })
  | (ItemRef & { type: 'response.output_text.done'; content_index: number; text: string; logprobs: unknown[] })
  | (ItemRef & { type: 'response.function_call_arguments.delta'; delta: string })
  | (ItemRef & { type: 'response.function_call_arguments.done'; name: string; arguments: string })
  | (ItemRef & { type: 'response.custom_tool_call_input.delta'; delta: string })
  | (ItemRef & { type: 'response.custom_tool_call_input.done'; input: string })
  | (ItemRef & { type: 'response.reasoning_summary_part.added' | 'response.reasoning_summary_part.done'; summary_index: number; part: ResponsesSummaryText })
  | (ItemRef & { type: 'response.reasoning_summary_text.delta'; summary_index: number; delta: string })
  | (ItemRef & { type: 'response.reasoning_summary_text.done'; summary_index: number; text: string });
