/**
 * Chat Completions chunks in → Responses stream events out (Responses client, OpenAI-protocol upstream).
 * The event grammar is response-writer.ts's.
 *
 * - The first chunk opens the response (`response.created`, `response.in_progress`).
 * - `reasoning_content` (else `reasoning`) deltas → a reasoning item; its encrypted_content carries the
 *   whole reasoning text for this provider, for the echo on the next turn. `content` and `refusal`
 *   deltas → a message item. Each delta becomes one event at once: nothing is buffered.
 * - Tool calls, one output item per upstream `index` (a delta without `index` is placed by its id, as in
 *   chat-to-anthropic-stream.ts), `call_id` from the upstream (else `call_<response suffix>_<index>`).
 *   One item is open at a time, so parallel calls whose fragments interleave follow the rule of
 *   chat-to-anthropic-stream.ts: the first call streams live, a later one's arguments wait until the open
 *   call's arguments are a complete JSON object, then it opens with them.
 * - finish_reason `length` → `response.incomplete` (`max_output_tokens`); `content_filter` →
 *   `response.incomplete` (`content_filter`); anything else → `response.completed`.
 * - Usage from the upstream's usage chunk; without one, estimated (`usage.estimated`).
 * - end() without a finish_reason, a chunk carrying `error`, or fail() → `response.failed`.
 */

import type { OpenAIChatChunk, OpenAIToolCallDelta, OpenAIUsage } from '../../protocol/openai';
import type { ResponsesStreamEvent } from '../../protocol/responses';
import { isCompleteObject } from '../chat-to-anthropic-stream';
import { estimateTokensFromChars, isObj } from '../checks';
import type { StreamUsage } from '../types';
import { countsFromOpenAI, type TokenCounts } from '../usage';
import { ResponsesWriter, type ResponsesStreamContext } from './response-writer';

interface Call {
  index: number;
  id: string | undefined;
  name: string | undefined;
  args: string;
  sent: number;
  state: 'pending' | 'open' | 'closed';
}

type Ev = ResponsesStreamEvent;

export class ChatToResponsesStream {
  readonly writer: ResponsesWriter;
  private done = false;
  private finishReason: string | null = null;
  private upstreamUsage: OpenAIUsage | undefined;
  private outputChars = 0;
  private readonly calls = new Map<number, Call>();
  private readonly order: Call[] = [];
  private openCall: Call | undefined;

  constructor(private readonly ctx: ResponsesStreamContext) {
    this.writer = new ResponsesWriter(ctx);
  }

  private counts(): TokenCounts {
    if (this.upstreamUsage !== undefined) return countsFromOpenAI(this.upstreamUsage);
    return { inputTokens: this.ctx.estimatedInputTokens, outputTokens: estimateTokensFromChars(this.outputChars), cacheReadTokens: 0, cacheCreationTokens: 0 };
  }

  get usage(): StreamUsage {
    const c = this.counts();
    return { inputTokens: c.inputTokens, outputTokens: c.outputTokens, cacheReadTokens: c.cacheReadTokens, estimated: this.upstreamUsage === undefined };
  }

  push(chunk: OpenAIChatChunk): Ev[] {
    if (this.done) return [];
    const err = (chunk as { error?: unknown }).error;
    if (isObj(err)) return this.fail('upstream_error', typeof err.message === 'string' ? err.message : 'upstream error');
    const out: Ev[] = [];
    this.writer.start(out);
    if (isObj(chunk.usage)) this.upstreamUsage = chunk.usage;
    for (const choice of Array.isArray(chunk.choices) ? chunk.choices : []) {
      if ((choice.index ?? 0) !== 0) continue;
      const delta = choice.delta ?? {};
      const reasoning = typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '' ? delta.reasoning_content : delta.reasoning;
      if (typeof reasoning === 'string' && reasoning !== '') this.content(reasoning, true, out);
      if (typeof delta.content === 'string' && delta.content !== '') this.content(delta.content, false, out);
      if (typeof delta.refusal === 'string' && delta.refusal !== '') this.content(delta.refusal, false, out);
      if (Array.isArray(delta.tool_calls)) {
        for (const tc of delta.tool_calls) this.toolDelta(tc);
        this.pumpTools(out);
      }
      if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '') this.finishReason = choice.finish_reason;
    }
    return out;
  }

  end(): Ev[] {
    if (this.done) return [];
    if (this.finishReason === null) return this.fail('upstream_bad_response', 'upstream stream ended before a finish_reason');
    const out: Ev[] = [];
    this.closeCall(out);
    for (const call of this.order) {
      if (call.state !== 'pending') continue;
      this.openTool(call, out);
      this.closeCall(out);
    }
    const reason = this.finishReason === 'length' ? 'max_output_tokens' : this.finishReason === 'content_filter' ? 'content_filter' : undefined;
    this.writer.finish(this.counts(), reason, out);
    this.done = true;
    return out;
  }

  fail(code: string, message: string): Ev[] {
    if (this.done) return [];
    this.done = true;
    const out: Ev[] = [];
    this.writer.fail(code, message, this.upstreamUsage === undefined ? undefined : this.counts(), out);
    return out;
  }

  private content(text: string, reasoning: boolean, out: Ev[]): void {
    this.closeCall(out);
    this.outputChars += text.length;
    if (reasoning) this.writer.reasoning(text, out);
    else this.writer.text(text, out);
  }

  private toolDelta(tc: OpenAIToolCallDelta): void {
    if (typeof tc !== 'object' || tc === null) return;
    const index = this.indexOf(tc);
    let call = this.calls.get(index);
    if (call === undefined) {
      call = { index, id: undefined, name: undefined, args: '', sent: 0, state: 'pending' };
      this.calls.set(index, call);
      this.order.push(call);
    }
    if (call.id === undefined && typeof tc.id === 'string' && tc.id !== '') call.id = tc.id;
    if (call.name === undefined && typeof tc.function?.name === 'string' && tc.function.name !== '') call.name = tc.function.name;
    const args = tc.function?.arguments;
    if (typeof args === 'string' && args !== '' && call.state !== 'closed') {
      call.args += args;
      this.outputChars += args.length;
    }
  }

  private indexOf(tc: OpenAIToolCallDelta): number {
    if (typeof tc.index === 'number') return tc.index;
    const last = this.order[this.order.length - 1];
    if (typeof tc.id !== 'string' || tc.id === '') return last?.index ?? 0;
    const known = this.order.find((c) => c.id === tc.id);
    if (known !== undefined) return known.index;
    return this.order.reduce((max, c) => Math.max(max, c.index + 1), 0);
  }

  private pumpTools(out: Ev[]): void {
    for (;;) {
      const next = this.order.find((c) => c.state === 'pending');
      const open = this.openCall;
      if (open !== undefined) {
        this.flush(open, out);
        if (next?.name === undefined || !isCompleteObject(open.args)) return;
        this.closeCall(out);
      }
      if (next?.name === undefined) return;
      this.openTool(next, out);
    }
  }

  private openTool(call: Call, out: Ev[]): void {
    call.state = 'open';
    this.openCall = call;
    this.writer.call(call.id ?? `call_${this.ctx.responseId.replace(/^resp_/, '')}_${call.index}`, call.name ?? '', out);
    this.flush(call, out);
  }

  private flush(call: Call, out: Ev[]): void {
    if (call.sent === call.args.length) return;
    this.writer.callArgs(call.args.slice(call.sent), out);
    call.sent = call.args.length;
  }

  private closeCall(out: Ev[]): void {
    const open = this.openCall;
    if (open === undefined) return;
    this.flush(open, out);
    open.state = 'closed';
    this.openCall = undefined;
    this.writer.close(out);
  }
}
