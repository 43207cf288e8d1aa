/**
 * The Responses side of both stream translators: turns "text", "reasoning", "tool call" steps into the
 * Responses event grammar and keeps the response object they add up to.
 *
 * Grammar (every event has `sequence_number` 0, 1, 2, …; only `response.*` types):
 * `response.created`, `response.in_progress` (with the first upstream chunk); per output item
 * `response.output_item.added`, then
 * - message: `content_part.added`, `output_text.delta`…, `output_text.done`, `content_part.done`;
 * - reasoning: `reasoning_summary_part.added`, `reasoning_summary_text.delta`…, `reasoning_summary_text.done`,
 *   `reasoning_summary_part.done` (the upstream's thinking as the summary; none for redacted thinking);
 * - function_call: `function_call_arguments.delta`…, `function_call_arguments.done`;
 * - custom_tool_call: `custom_tool_call_input.delta`… (the decoded text, json-string-reader.ts), `custom_tool_call_input.done`;
 * then `response.output_item.done` with the whole item. One item is open at a time; output_index counts
 * items from 0. Finally `response.completed` (or `response.incomplete` with `incomplete_details.reason`)
 * carrying the full response: its `output` repeats exactly the items sent with output_item.done, and
 * `usage` has `input_tokens` (cached included), `input_tokens_details.cached_tokens`, `output_tokens`,
 * `output_tokens_details.reasoning_tokens`, `total_tokens`.
 *
 * - Item ids: `msg_`, `rs_`, `fc_`, `ctc_` + the response id's suffix + a counter; call ids are the
 *   upstream's tool-call ids.
 * - A call to a flat tool name is reported under its declared `name` and `namespace`, as a
 *   `custom_tool_call` with `input` when the tool was custom (tool-names.ts); an undeclared name as is.
 * - Reasoning items carry `encrypted_content` (reasoning-codec.ts) so the next turn can restore them.
 * - fail(): `response.failed` with `error: {code, message}` and the items completed so far; an item still
 *   open is not completed (Codex would otherwise run a half-streamed call). Never a silently ended stream.
 */

import type { ResponsesOutputItem, ResponsesOutputMessage, ResponsesResponse, ResponsesStatus, ResponsesStreamEvent, ResponsesUsage } from '../../protocol/responses';
import type { TokenCounts } from '../usage';
import { JsonStringReader } from './json-string-reader';
import { encodeReasoning, type StoredReasoning } from './reasoning-codec';
import type { ToolLookup } from './tool-names';

export interface ResponsesStreamContext {
  /** `resp_…`, minted by the caller. */
  responseId: string;
  /** Unix seconds. */
  createdAt: number;
  /** Client-visible model name. */
  model: string;
  providerId: string;
  tools: ToolLookup;
  secret: Uint8Array;
  estimatedInputTokens: number;
  /** Request fields the response object repeats. */
  echo: { parallel_tool_calls: boolean; tool_choice: unknown; previous_response_id?: string | null };
}

type Ev = ResponsesStreamEvent;
type CallItem = Extract<ResponsesOutputItem, { type: 'function_call' | 'custom_tool_call' }>;
type Open =
  | { kind: 'message'; index: number; item: ResponsesOutputMessage; text: string }
  | { kind: 'reasoning'; index: number; item: Extract<ResponsesOutputItem, { type: 'reasoning' }>; text: string }
  | { kind: 'call'; index: number; item: CallItem; args: string; reader: JsonStringReader | undefined };

export function responsesUsageOf(c: TokenCounts): ResponsesUsage {
  const input = c.inputTokens + c.cacheReadTokens + c.cacheCreationTokens;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: c.cacheReadTokens },
    output_tokens: c.outputTokens,
    output_tokens_details: { reasoning_tokens: c.reasoningTokens ?? 0 },
    total_tokens: input + c.outputTokens,
  };
}

export class ResponsesWriter {
  private seq = 0;
  private started = false;
  private items = 0;
  private open: Open | undefined;
  private readonly suffix: string;
  readonly output: ResponsesOutputItem[] = [];
  readonly response: ResponsesResponse;

  constructor(private readonly ctx: ResponsesStreamContext) {
    this.suffix = ctx.responseId.replace(/^resp_/, '');
    this.response = {
      id: ctx.responseId,
      object: 'response',
      created_at: ctx.createdAt,
      status: 'in_progress',
      model: ctx.model,
      output: [],
      parallel_tool_calls: ctx.echo.parallel_tool_calls,
      tool_choice: ctx.echo.tool_choice,
      tools: [],
      usage: null,
      error: null,
      incomplete_details: null,
      previous_response_id: ctx.echo.previous_response_id ?? null,
    };
  }

  get isOpen(): Open['kind'] | undefined {
    return this.open?.kind;
  }

  private ev(e: Record<string, unknown> & { type: Ev['type'] }, out: Ev[]): void {
    out.push({ ...e, sequence_number: this.seq++ } as Ev);
  }

  private snapshot(): ResponsesResponse {
    return { ...this.response, output: [...this.output] };
  }

  start(out: Ev[]): void {
    if (this.started) return;
    this.started = true;
    this.ev({ type: 'response.created', response: this.snapshot() }, out);
    this.ev({ type: 'response.in_progress', response: this.snapshot() }, out);
  }

  private id(prefix: string): string {
    return `${prefix}_${this.suffix}_${++this.items}`;
  }

  private add(open: Open, out: Ev[]): void {
    this.open = open;
    this.ev({ type: 'response.output_item.added', output_index: open.index, item: structuredClone(open.item) }, out);
  }

  text(delta: string, out: Ev[]): void {
    if (this.open?.kind !== 'message') {
      this.close(out);
      const item: ResponsesOutputMessage = { type: 'message', id: this.id('msg'), role: 'assistant', status: 'in_progress', content: [] };
      this.add({ kind: 'message', index: this.output.length, item, text: '' }, out);
      this.ev({ type: 'response.content_part.added', item_id: item.id, output_index: this.output.length, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }, out);
    }
    const o = this.open as Extract<Open, { kind: 'message' }>;
    o.text += delta;
    this.ev({ type: 'response.output_text.delta', item_id: o.item.id, output_index: o.index, content_index: 0, delta, logprobs: [] }, out);
  }

  reasoning(delta: string, out: Ev[]): void {
    if (this.open?.kind !== 'reasoning') {
      this.close(out);
      const item = { type: 'reasoning' as const, id: this.id('rs'), summary: [] };
      this.add({ kind: 'reasoning', index: this.output.length, item, text: '' }, out);
      this.ev({ type: 'response.reasoning_summary_part.added', item_id: item.id, output_index: this.output.length, summary_index: 0, part: { type: 'summary_text', text: '' } }, out);
    }
    const o = this.open as Extract<Open, { kind: 'reasoning' }>;
    o.text += delta;
    this.ev({ type: 'response.reasoning_summary_text.delta', item_id: o.item.id, output_index: o.index, summary_index: 0, delta }, out);
  }

  /** A reasoning item with nothing to show (Anthropic redacted_thinking): added and done at once. */
  opaqueReasoning(stored: StoredReasoning, out: Ev[]): void {
    this.close(out);
    const item = { type: 'reasoning' as const, id: this.id('rs'), summary: [] };
    this.add({ kind: 'reasoning', index: this.output.length, item, text: '' }, out);
    this.close(out, stored);
  }

  call(callId: string, flatName: string, out: Ev[]): void {
    this.close(out);
    const declared = this.ctx.tools.get(flatName);
    const base = { call_id: callId, name: declared?.name ?? flatName, ...(declared?.namespace !== undefined ? { namespace: declared.namespace } : {}), status: 'in_progress' };
    const item: CallItem = declared?.custom === true ? { type: 'custom_tool_call', id: this.id('ctc'), ...base, input: '' } : { type: 'function_call', id: this.id('fc'), ...base, arguments: '' };
    this.add({ kind: 'call', index: this.output.length, item, args: '', reader: item.type === 'custom_tool_call' ? new JsonStringReader() : undefined }, out);
  }

  callArgs(fragment: string, out: Ev[]): void {
    const o = this.open;
    if (o?.kind !== 'call' || fragment === '') return;
    o.args += fragment;
    if (o.reader === undefined) {
      this.ev({ type: 'response.function_call_arguments.delta', item_id: o.item.id, output_index: o.index, delta: fragment }, out);
      return;
    }
    const text = o.reader.push(fragment);
    if (text !== '') this.ev({ type: 'response.custom_tool_call_input.delta', item_id: o.item.id, output_index: o.index, delta: text }, out);
  }

  /** Closes the open item (reasoning gets `stored` as its encrypted content, else its own text). */
  close(out: Ev[], stored?: StoredReasoning, status: 'completed' | 'incomplete' = 'completed'): void {
    const o = this.open;
    if (o === undefined) return;
    this.open = undefined;
    const { id } = o.item;
    if (o.kind === 'message') {
      const part = { type: 'output_text' as const, text: o.text, annotations: [] };
      this.ev({ type: 'response.output_text.done', item_id: id, output_index: o.index, content_index: 0, text: o.text, logprobs: [] }, out);
      this.ev({ type: 'response.content_part.done', item_id: id, output_index: o.index, content_index: 0, part }, out);
      o.item.status = status;
      o.item.content = [part];
    } else if (o.kind === 'reasoning') {
      if (o.text !== '' || stored === undefined) {
        const part = { type: 'summary_text' as const, text: o.text };
        this.ev({ type: 'response.reasoning_summary_text.done', item_id: id, output_index: o.index, summary_index: 0, text: o.text }, out);
        this.ev({ type: 'response.reasoning_summary_part.done', item_id: id, output_index: o.index, summary_index: 0, part }, out);
        o.item.summary = [part];
      }
      o.item.encrypted_content = encodeReasoning(this.ctx.providerId, stored ?? { kind: 'text', text: o.text }, this.ctx.secret);
    } else if (o.item.type === 'function_call') {
      o.item.arguments = o.args;
      this.ev({ type: 'response.function_call_arguments.done', item_id: id, output_index: o.index, name: o.item.name, arguments: o.args }, out);
      o.item.status = status;
    } else {
      o.item.input = customInput(o.args);
      this.ev({ type: 'response.custom_tool_call_input.done', item_id: id, output_index: o.index, input: o.item.input }, out);
      o.item.status = status;
    }
    this.output.push(o.item);
    this.ev({ type: 'response.output_item.done', output_index: o.index, item: structuredClone(o.item) }, out);
  }

  /** Normal end: `response.completed`, or `response.incomplete` when the output limit (or a filter) cut it. */
  finish(usage: TokenCounts, incomplete: 'max_output_tokens' | 'content_filter' | undefined, out: Ev[]): void {
    this.start(out);
    this.close(out, undefined, incomplete === undefined ? 'completed' : 'incomplete');
    this.end(incomplete === undefined ? 'completed' : 'incomplete', usage, out);
    if (incomplete !== undefined) this.response.incomplete_details = { reason: incomplete };
    this.ev({ type: incomplete === undefined ? 'response.completed' : 'response.incomplete', response: this.snapshot() }, out);
  }

  fail(code: string, message: string, usage: TokenCounts | undefined, out: Ev[]): void {
    this.start(out);
    this.open = undefined;
    this.end('failed', usage, out);
    this.response.error = { code, message };
    this.ev({ type: 'response.failed', response: this.snapshot() }, out);
  }

  private end(status: ResponsesStatus, usage: TokenCounts | undefined, _out: Ev[]): void {
    this.response.status = status;
    this.response.output = [...this.output];
    this.response.usage = usage === undefined ? null : responsesUsageOf(usage);
  }
}

/** The custom tool's input: the one string value of the complete arguments, else the arguments as text. */
function customInput(args: string): string {
  try {
    const v: unknown = JSON.parse(args);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const strings = Object.values(v).filter((x): x is string => typeof x === 'string');
      if (strings.length === 1) return strings[0]!;
    }
  } catch {
    // Not JSON: the model wrote the input itself.
  }
  return args;
}
