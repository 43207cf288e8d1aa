/**
 * OpenAI chat completion chunks in → Anthropic stream events out (Anthropic client, OpenAI-protocol upstream).
 *
 * Output is exactly the Anthropic event grammar: `message_start`, then per content block
 * `content_block_start` / deltas / `content_block_stop` (one block open at a time, indexes 0, 1, 2, …),
 * then `message_delta` (stop_reason, stop_sequence, usage) and `message_stop`. Pings are the server's job.
 *
 * - message_start goes out with the first chunk. Its usage is the ctx estimate (an OpenAI upstream reports
 *   usage only at the end); the real numbers follow in message_delta, input tokens included (and
 *   reasoning tokens as `output_tokens_details.thinking_tokens`, as the non-streaming answer has them).
 * - Reasoning (`reasoning_content`, else `reasoning`) → a thinking block, closed with a `signature_delta`
 *   carrying `aimux:v1:<providerId>`. Text → a text block. A block of the other kind closes the open one,
 *   so reasoning after text opens a new thinking block (interleaved thinking).
 * - Text and thinking are never buffered: each delta becomes one event at once.
 * - Tool calls: one tool_use block per upstream `index`, opened when its name is known (id from the upstream,
 *   else `toolu_<ctx.id>_<index>`), with `input: {}` and the arguments streamed as `input_json_delta`
 *   pieces exactly as they arrive (Claude Code requires input_json_delta). A delta without `index` is placed
 *   by its id (tool-call-index.ts).
 *
 * Interleaved parallel tool calls. Anthropic cannot interleave blocks on the wire, OpenAI can (index 0 args,
 * index 1 args, index 0 args again). Choice: the first tool call to appear is streamed live. Arguments of a
 * later tool call are buffered while another tool block is open. The open tool block is closed, and the next
 * one started with its buffered arguments sent as one input_json_delta, as soon as another call has appeared
 * and the open call's arguments parse as a complete JSON object (nothing valid can follow a complete
 * object). In the usual sequential case (all of call 0, then all of call 1) nothing is delayed beyond the
 * first fragment of the next call. Remaining calls are flushed in order at the end.
 * Fragments for a tool block that is already closed can only be whitespace in a valid stream and are dropped;
 * text arriving while a tool block is open closes it.
 *
 * end(): normal upstream end. Without a finish_reason it is an abrupt end and behaves like fail().
 * fail(): stops every started block, then an Anthropic `error` event; never message_stop. Calls not yet
 * started are not started. A chunk carrying an `error` object (OpenRouter does this mid-stream) fails too.
 */

import type { AnthropicStreamEvent } from '../protocol/anthropic';
import type { OpenAIChatChunk, OpenAIToolCallDelta, OpenAIUsage } from '../protocol/openai';
import { estimateTokensFromChars, isObj } from './checks';
import { aimuxThinkingSignature } from './signature';
import { toAnthropicStop } from './stop-reason';
import type { StreamContext, StreamUsage } from './types';
import { toolCallIndex } from './tool-call-index';
import { countsFromOpenAI } from './usage';

interface ToolCallState {
  index: number;
  id: string | undefined;
  name: string | undefined;
  args: string;
  /** Characters of `args` already emitted. */
  sent: number;
  state: 'pending' | 'open' | 'closed';
}

type OpenBlock = { kind: 'thinking' | 'text'; index: number } | { kind: 'tool'; index: number; call: ToolCallState };

export class ChatToAnthropicStream {
  private started = false;
  private done = false;
  private nextIndex = 0;
  private open: OpenBlock | undefined;
  private readonly calls = new Map<number, ToolCallState>();
  private readonly order: ToolCallState[] = [];
  private finishReason: string | null = null;
  private matchedStop: string | number | null | undefined;
  private refusal = false;
  private upstreamUsage: OpenAIUsage | undefined;
  private outputChars = 0;

  constructor(private readonly ctx: StreamContext) {}

  get usage(): StreamUsage {
    if (this.upstreamUsage !== undefined) {
      const c = countsFromOpenAI(this.upstreamUsage);
      return { inputTokens: c.inputTokens, outputTokens: c.outputTokens, cacheReadTokens: c.cacheReadTokens, estimated: false };
    }
    return {
      inputTokens: this.ctx.estimatedInputTokens,
      outputTokens: estimateTokensFromChars(this.outputChars),
      cacheReadTokens: 0,
      estimated: true,
    };
  }

  push(chunk: OpenAIChatChunk): AnthropicStreamEvent[] {
    if (this.done) return [];
    const err = (chunk as { error?: unknown }).error;
    if (isObj(err)) {
      return this.fail({ type: 'api_error', message: typeof err.message === 'string' ? err.message : 'upstream error' });
    }
    const out: AnthropicStreamEvent[] = [];
    if (isObj(chunk.usage)) this.upstreamUsage = chunk.usage;
    this.start(out);
    for (const choice of Array.isArray(chunk.choices) ? chunk.choices : []) {
      if ((choice.index ?? 0) !== 0) continue;
      const delta = choice.delta ?? {};
      const reasoning =
        typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '' ? delta.reasoning_content : delta.reasoning;
      if (typeof reasoning === 'string' && reasoning !== '') this.thinkingDelta(reasoning, out);
      if (typeof delta.content === 'string' && delta.content !== '') this.textDelta(delta.content, out);
      if (typeof delta.refusal === 'string' && delta.refusal !== '') {
        this.refusal = true;
        this.textDelta(delta.refusal, out);
      }
      if (Array.isArray(delta.tool_calls)) {
        for (const tc of delta.tool_calls) this.toolDelta(tc);
        this.pumpTools(out);
      }
      if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '') {
        this.finishReason = choice.finish_reason;
        this.matchedStop = choice.stop_reason ?? choice.matched_stop;
      }
    }
    return out;
  }

  end(): AnthropicStreamEvent[] {
    if (this.done) return [];
    if (this.finishReason === null) {
      return this.fail({ type: 'api_error', message: 'upstream stream ended before a finish_reason' });
    }
    const out: AnthropicStreamEvent[] = [];
    this.start(out);
    this.closeOpen(out);
    for (const call of this.order) {
      if (call.state !== 'pending') continue;
      this.startTool(call, out);
      this.closeOpen(out);
    }
    const { stop_reason, stop_sequence } = toAnthropicStop({
      finishReason: this.finishReason,
      matchedStop: this.matchedStop,
      hasToolCalls: this.order.length > 0,
      refusal: this.refusal,
      stopSequences: this.ctx.stopSequences,
    });
    const u = this.usage;
    const reasoningTokens = this.upstreamUsage === undefined ? undefined : countsFromOpenAI(this.upstreamUsage).reasoningTokens;
    out.push({
      type: 'message_delta',
      delta: { stop_reason, stop_sequence },
      usage: {
        input_tokens: u.inputTokens,
        cache_read_input_tokens: u.cacheReadTokens,
        output_tokens: u.outputTokens,
        ...(reasoningTokens === undefined ? {} : { output_tokens_details: { thinking_tokens: reasoningTokens } }),
      },
    });
    out.push({ type: 'message_stop' });
    this.done = true;
    return out;
  }

  fail(error: { type: string; message: string }): AnthropicStreamEvent[] {
    if (this.done) return [];
    const out: AnthropicStreamEvent[] = [];
    if (this.started) this.closeOpen(out);
    out.push({ type: 'error', error: { type: error.type, message: error.message } });
    this.done = true;
    return out;
  }

  private start(out: AnthropicStreamEvent[]): void {
    if (this.started) return;
    this.started = true;
    const u = this.upstreamUsage === undefined ? undefined : countsFromOpenAI(this.upstreamUsage);
    out.push({
      type: 'message_start',
      message: {
        id: this.ctx.id,
        type: 'message',
        role: 'assistant',
        model: this.ctx.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: u?.inputTokens ?? this.ctx.estimatedInputTokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: u?.cacheReadTokens ?? 0,
          output_tokens: 0,
        },
      },
    });
  }

  private thinkingDelta(thinking: string, out: AnthropicStreamEvent[]): void {
    if (this.open?.kind !== 'thinking') {
      this.closeOpen(out);
      const index = this.nextIndex++;
      this.open = { kind: 'thinking', index };
      out.push({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
    }
    this.outputChars += thinking.length;
    out.push({ type: 'content_block_delta', index: this.open.index, delta: { type: 'thinking_delta', thinking } });
  }

  private textDelta(text: string, out: AnthropicStreamEvent[]): void {
    if (this.open?.kind !== 'text') {
      this.closeOpen(out);
      const index = this.nextIndex++;
      this.open = { kind: 'text', index };
      out.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
    }
    this.outputChars += text.length;
    out.push({ type: 'content_block_delta', index: this.open.index, delta: { type: 'text_delta', text } });
  }

  private toolDelta(tc: OpenAIToolCallDelta): void {
    if (typeof tc !== 'object' || tc === null) return;
    const index = toolCallIndex(this.order, tc);
    let call = this.calls.get(index);
    if (call === undefined) {
      call = { index, id: undefined, name: undefined, args: '', sent: 0, state: 'pending' };
      this.calls.set(index, call);
      this.order.push(call);
    }
    if (call.id === undefined && typeof tc.id === 'string' && tc.id !== '') call.id = tc.id;
    const fn = tc.function;
    if (call.name === undefined && typeof fn?.name === 'string' && fn.name !== '') call.name = fn.name;
    const args = fn?.arguments;
    if (typeof args === 'string' && args !== '' && call.state !== 'closed') {
      call.args += args;
      this.outputChars += args.length;
    }
  }

  /** Streams what can be streamed now; see the module comment for the interleaving rule. */
  private pumpTools(out: AnthropicStreamEvent[]): void {
    for (;;) {
      const next = this.order.find((c) => c.state === 'pending');
      const open = this.open;
      if (open?.kind === 'tool') {
        this.flushArgs(open.call, open.index, out);
        if (next?.name === undefined || !isCompleteObject(open.call.args)) return;
        this.closeOpen(out);
      }
      if (next?.name === undefined) return;
      this.closeOpen(out);
      this.startTool(next, out);
    }
  }

  private startTool(call: ToolCallState, out: AnthropicStreamEvent[]): void {
    const index = this.nextIndex++;
    call.state = 'open';
    this.open = { kind: 'tool', index, call };
    out.push({
      type: 'content_block_start',
      index,
      content_block: { type: 'tool_use', id: call.id ?? `toolu_${this.ctx.id}_${call.index}`, name: call.name ?? '', input: {} },
    });
    this.flushArgs(call, index, out);
  }

  private flushArgs(call: ToolCallState, index: number, out: AnthropicStreamEvent[]): void {
    if (call.sent === call.args.length) return;
    out.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: call.args.slice(call.sent) } });
    call.sent = call.args.length;
  }

  private closeOpen(out: AnthropicStreamEvent[]): void {
    const open = this.open;
    if (open === undefined) return;
    if (open.kind === 'thinking') {
      out.push({
        type: 'content_block_delta',
        index: open.index,
        delta: { type: 'signature_delta', signature: aimuxThinkingSignature(this.ctx.providerId) },
      });
    } else if (open.kind === 'tool') {
      this.flushArgs(open.call, open.index, out);
      open.call.state = 'closed';
    }
    out.push({ type: 'content_block_stop', index: open.index });
    this.open = undefined;
  }
}

/** A JSON object that is complete: nothing valid can be appended to it. */
export function isCompleteObject(text: string): boolean {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}
