/**
 * Anthropic stream events in → Responses stream events out (Responses client, Anthropic-protocol upstream).
 * The event grammar is response-writer.ts's.
 *
 * - message_start opens the response (`response.created`, `response.in_progress`) and brings usage.
 * - text blocks → message items (`text_delta` → `output_text.delta`, one event per delta).
 * - thinking blocks → reasoning items (`thinking_delta` → `reasoning_summary_text.delta`); at
 *   content_block_stop the thinking and its `signature_delta` go into encrypted_content, so the next turn
 *   restores the signed block (thinking without a signature is kept as plain text and not restored).
 *   redacted_thinking → a reasoning item with no summary, its data in encrypted_content.
 * - tool_use blocks → function_call items (or custom_tool_call for a custom tool, input decoded live),
 *   `call_id` = the tool_use id, `input_json_delta` → argument deltas; an input given whole in
 *   content_block_start is sent as the first delta. Server-tool blocks are skipped.
 * - stop_reason `max_tokens` / `model_context_window_exceeded` → `response.incomplete`
 *   (`max_output_tokens`), `refusal` → `response.incomplete` (`content_filter`), else `response.completed`.
 * - Usage: message_start's, updated by message_delta's cumulative counts (usage.ts); cache reads and
 *   writes are counted into `input_tokens`. Without usage, estimated.
 * - An `error` event, end() before message_stop, or fail() → `response.failed`.
 */

import type { AnthropicStreamEvent } from '../../protocol/anthropic';
import type { ResponsesStreamEvent } from '../../protocol/responses';
import { estimateTokensFromChars, isObj } from '../checks';
import type { StreamUsage } from '../types';
import { countsFromAnthropic, mergeAnthropicCounts, type TokenCounts } from '../usage';
import { ResponsesWriter, type ResponsesStreamContext } from './response-writer';

type Ev = ResponsesStreamEvent;

export class AnthropicToResponsesStream {
  readonly writer: ResponsesWriter;
  private done = false;
  private counts: TokenCounts | undefined;
  private stopReason: string | null = null;
  private outputChars = 0;
  /** The upstream block index the open output item belongs to. */
  private openBlock: number | undefined;
  private thinking = '';
  private signature = '';

  constructor(private readonly ctx: ResponsesStreamContext) {
    this.writer = new ResponsesWriter(ctx);
  }

  private finalCounts(): TokenCounts {
    return this.counts ?? { inputTokens: this.ctx.estimatedInputTokens, outputTokens: estimateTokensFromChars(this.outputChars), cacheReadTokens: 0, cacheCreationTokens: 0 };
  }

  get usage(): StreamUsage {
    const c = this.finalCounts();
    return { inputTokens: c.inputTokens, outputTokens: c.outputTokens, cacheReadTokens: c.cacheReadTokens, cacheWriteTokens: c.cacheCreationTokens, estimated: this.counts === undefined };
  }

  push(event: AnthropicStreamEvent): Ev[] {
    if (this.done || !isObj(event)) return [];
    const out: Ev[] = [];
    switch (event.type) {
      case 'message_start':
        if (isObj(event.message?.usage)) this.counts = countsFromAnthropic(event.message.usage);
        this.writer.start(out);
        break;
      case 'content_block_start':
        this.writer.start(out);
        this.blockStart(event.index, event.content_block as unknown as Record<string, unknown>, out);
        break;
      case 'content_block_delta': {
        if (event.index !== this.openBlock) break;
        const d = event.delta;
        if (d.type === 'text_delta' && d.text !== '') this.text(d.text, out);
        else if (d.type === 'thinking_delta' && d.thinking !== '') this.think(d.thinking, out);
        else if (d.type === 'signature_delta') this.signature += d.signature;
        else if (d.type === 'input_json_delta' && d.partial_json !== '') {
          this.outputChars += d.partial_json.length;
          this.writer.callArgs(d.partial_json, out);
        }
        break;
      }
      case 'content_block_stop':
        if (event.index === this.openBlock) this.closeBlock(out);
        break;
      case 'message_delta':
        this.stopReason = event.delta?.stop_reason ?? this.stopReason;
        if (isObj(event.usage)) this.counts = mergeAnthropicCounts(this.counts, event.usage);
        break;
      case 'message_stop': {
        this.closeBlock(out);
        const r = this.stopReason;
        const incomplete = r === 'max_tokens' || r === 'model_context_window_exceeded' ? 'max_output_tokens' : r === 'refusal' ? 'content_filter' : undefined;
        this.writer.finish(this.finalCounts(), incomplete, out);
        this.done = true;
        break;
      }
      case 'error':
        return this.fail(event.error?.type ?? 'api_error', event.error?.message ?? 'upstream error');
      default:
        break;
    }
    return out;
  }

  end(): Ev[] {
    if (this.done) return [];
    return this.fail('upstream_bad_response', 'upstream stream ended before message_stop');
  }

  fail(code: string, message: string): Ev[] {
    if (this.done) return [];
    this.done = true;
    const out: Ev[] = [];
    this.writer.fail(code, message, this.counts, out);
    return out;
  }

  private blockStart(index: number, block: Record<string, unknown>, out: Ev[]): void {
    this.closeBlock(out);
    switch (block.type) {
      case 'text':
        this.openBlock = index;
        if (typeof block.text === 'string' && block.text !== '') this.text(block.text, out);
        break;
      case 'thinking':
        this.openBlock = index;
        this.thinking = '';
        this.signature = typeof block.signature === 'string' ? block.signature : '';
        if (typeof block.thinking === 'string' && block.thinking !== '') this.think(block.thinking, out);
        break;
      case 'redacted_thinking':
        if (typeof block.data === 'string') this.writer.opaqueReasoning({ kind: 'redacted', data: block.data }, out);
        break;
      case 'tool_use': {
        this.openBlock = index;
        this.writer.call(String(block.id), String(block.name), out);
        const input = isObj(block.input) && Object.keys(block.input).length > 0 ? JSON.stringify(block.input) : '';
        if (input !== '') {
          this.outputChars += input.length;
          this.writer.callArgs(input, out);
        }
        break;
      }
      default:
        break;
    }
  }

  private text(text: string, out: Ev[]): void {
    this.outputChars += text.length;
    this.writer.text(text, out);
  }

  private think(text: string, out: Ev[]): void {
    this.outputChars += text.length;
    this.thinking += text;
    this.writer.reasoning(text, out);
  }

  private closeBlock(out: Ev[]): void {
    if (this.openBlock === undefined) return;
    this.openBlock = undefined;
    const signed = this.signature !== '' ? { kind: 'thinking' as const, thinking: this.thinking, signature: this.signature } : undefined;
    if (this.writer.isOpen === 'reasoning') this.writer.close(out, signed);
    else if (this.writer.isOpen !== undefined) this.writer.close(out);
    // A thinking block whose text was omitted still carries a signature the next turn needs.
    else if (signed !== undefined) this.writer.opaqueReasoning(signed, out);
    this.signature = '';
  }
}
