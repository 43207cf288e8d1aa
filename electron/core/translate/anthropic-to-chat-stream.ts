/**
 * Anthropic stream events in → OpenAI chat completion chunks out (OpenAI client, Anthropic-protocol upstream).
 *
 * - message_start → a chunk with `delta: {role: "assistant", content: ""}`.
 * - text_delta → `delta.content`; thinking_delta → `delta.reasoning_content` (a later thinking block starts
 *   with a blank line, as the non-streaming answer joins them); signature and citation deltas have no
 *   OpenAI form and are skipped.
 * - tool_use block start → `tool_calls: [{index, id, type: "function", function: {name, arguments: ""}}]`
 *   (index counts tool blocks from 0); input_json_delta → `tool_calls: [{index, function: {arguments}}]`.
 *   A tool_use block that brings its whole input in content_block_start (no deltas) sends it as the first
 *   `arguments` value. Server-tool and redacted-thinking blocks are skipped.
 * - message_delta is remembered; message_stop → a final chunk with `delta: {}` and the finish_reason
 *   (stop-reason.ts), then, when the client set `stream_options.include_usage`, a chunk with `choices: []`
 *   and usage (usage.ts).
 * - An `error` event, fail(), or end() before message_stop → one final `{error: {message, type, code}}`
 *   object, to be written as an SSE data line (the openai SDK throws on a chunk carrying `error`).
 */

import type { AnthropicStreamEvent } from '../protocol/anthropic';
import type { OpenAIChatChunk, OpenAIChunkDelta, OpenAIErrorResponse } from '../protocol/openai';
import { estimateTokensFromChars, isObj } from './checks';
import { toOpenAIFinish } from './stop-reason';
import type { StreamContext, StreamUsage } from './types';
import { countsFromAnthropic, mergeAnthropicCounts, openAIUsageOf, type TokenCounts } from './usage';

export type OpenAIStreamItem = OpenAIChatChunk | OpenAIErrorResponse;

export interface OpenAIStreamError {
  type: string;
  message: string;
  code?: string | null;
}

export class AnthropicToChatStream {
  private done = false;
  private readonly toolIndexByBlock = new Map<number, number>();
  private nextToolIndex = 0;
  private stopReason: Parameters<typeof toOpenAIFinish>[0] = null;
  private counts: TokenCounts | undefined;
  private outputChars = 0;
  /** Reasoning already sent: the next thinking block is set apart by a blank line. */
  private reasoningSent = false;
  private newThinkingBlock = false;

  constructor(private readonly ctx: StreamContext) {}

  get usage(): StreamUsage {
    const c = this.counts;
    if (c !== undefined) return { inputTokens: c.inputTokens, outputTokens: c.outputTokens, cacheReadTokens: c.cacheReadTokens, cacheWriteTokens: c.cacheCreationTokens, estimated: false };
    return { inputTokens: this.ctx.estimatedInputTokens, outputTokens: estimateTokensFromChars(this.outputChars), cacheReadTokens: 0, estimated: true };
  }

  push(event: AnthropicStreamEvent): OpenAIStreamItem[] {
    if (this.done || !isObj(event)) return [];
    switch (event.type) {
      case 'message_start':
        if (isObj(event.message?.usage)) this.counts = countsFromAnthropic(event.message.usage);
        return [this.chunk({ role: 'assistant', content: '' })];
      case 'content_block_start': {
        const block = event.content_block;
        if (block.type === 'tool_use') {
          const index = this.nextToolIndex++;
          this.toolIndexByBlock.set(event.index, index);
          const input = isObj(block.input) && Object.keys(block.input).length > 0 ? JSON.stringify(block.input) : '';
          this.outputChars += input.length;
          return [this.chunk({ tool_calls: [{ index, id: block.id, type: 'function', function: { name: block.name, arguments: input } }] })];
        }
        if (block.type === 'text' && block.text !== '') return [this.text(block.text)];
        if (block.type === 'thinking') {
          this.newThinkingBlock = this.reasoningSent;
          if (block.thinking !== '') return [this.reasoning(block.thinking)];
        }
        return [];
      }
      case 'content_block_delta': {
        const d = event.delta;
        if (d.type === 'text_delta') return d.text === '' ? [] : [this.text(d.text)];
        if (d.type === 'thinking_delta') return d.thinking === '' ? [] : [this.reasoning(d.thinking)];
        if (d.type === 'input_json_delta') {
          const index = this.toolIndexByBlock.get(event.index);
          if (index === undefined || d.partial_json === '') return [];
          this.outputChars += d.partial_json.length;
          return [this.chunk({ tool_calls: [{ index, function: { arguments: d.partial_json } }] })];
        }
        return [];
      }
      case 'message_delta':
        this.stopReason = event.delta?.stop_reason ?? this.stopReason;
        if (isObj(event.usage)) this.mergeUsage(event.usage);
        return [];
      case 'message_stop':
        return this.finish();
      case 'error':
        return this.fail({ type: event.error?.type ?? 'api_error', message: event.error?.message ?? 'upstream error', code: event.error?.type ?? null });
      default:
        return [];
    }
  }

  end(): OpenAIStreamItem[] {
    if (this.done) return [];
    return this.fail({ type: 'server_error', message: 'upstream stream ended before message_stop', code: 'upstream_bad_response' });
  }

  fail(error: OpenAIStreamError): OpenAIStreamItem[] {
    if (this.done) return [];
    this.done = true;
    return [{ error: { message: error.message, type: error.type, code: error.code ?? null } }];
  }

  private finish(): OpenAIStreamItem[] {
    this.done = true;
    const out: OpenAIStreamItem[] = [this.chunk({}, toOpenAIFinish(this.stopReason))];
    if (this.ctx.includeUsage === true) {
      const u = this.usage;
      const counts: TokenCounts = this.counts ?? { inputTokens: u.inputTokens, outputTokens: u.outputTokens, cacheReadTokens: 0, cacheCreationTokens: 0 };
      out.push({ ...this.base(), choices: [], usage: openAIUsageOf(counts) });
    }
    return out;
  }

  private mergeUsage(u: Record<string, unknown>): void {
    this.counts = mergeAnthropicCounts(this.counts, u);
  }

  private text(content: string): OpenAIChatChunk {
    this.outputChars += content.length;
    return this.chunk({ content });
  }

  private reasoning(text: string): OpenAIChatChunk {
    const reasoning = this.newThinkingBlock ? `\n\n${text}` : text;
    this.newThinkingBlock = false;
    this.reasoningSent = true;
    this.outputChars += text.length;
    return this.chunk({ reasoning_content: reasoning });
  }

  private base(): Omit<OpenAIChatChunk, 'choices'> {
    return { id: this.ctx.id, object: 'chat.completion.chunk', created: this.ctx.created, model: this.ctx.model };
  }

  private chunk(delta: OpenAIChunkDelta, finishReason: OpenAIChatChunk['choices'][number]['finish_reason'] = null): OpenAIChatChunk {
    return { ...this.base(), choices: [{ index: 0, delta, finish_reason: finishReason }] };
  }
}
