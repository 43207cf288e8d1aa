/**
 * OpenAI Chat Completions chunks in → the `chat.completion` a non-streaming request would have returned.
 *
 * - `id`, `created`, `model` come from the first chunk; `system_fingerprint` and `service_tier` from the
 *   last chunk that carries them; `usage` from the chunk that carries it (the `choices: []` chunk that
 *   `stream_options.include_usage` adds).
 * - Per choice `index`: `content`, `refusal` and reasoning (`reasoning_content` or `reasoning`, under the
 *   upstream's own field name) are the joined deltas; `content` stays null when no delta carried a string,
 *   and becomes null when the message is tool calls only (as OpenAI's own answers have it). `refusal` is
 *   present when a delta carried the field. `annotations` and `logprobs` lists are concatenated.
 * - Tool calls by their `index` (translate/tool-call-index.ts), with the first id,
 *   type and name seen and the joined `arguments` exactly as streamed.
 * - `finish_reason` and the vLLM/SGLang matched stop (`stop_reason`, `matched_stop`) from the choice.
 * - Complete once every choice has a finish_reason; a chunk carrying `error` ends it with that error.
 */
import type { OpenAIChatChunk, OpenAIChunkChoice, OpenAIToolCallDelta } from '../protocol/openai';
import { estimateTokensFromChars, isObj } from '../translate/checks';
import { toolCallIndex } from '../translate/tool-call-index';
import type { ClientAssembler, StreamError, Usage } from './exchange';
import { readUsage, streamError } from './stream-facts';

type Obj = Record<string, unknown>;

interface ToolCallState {
  index: number;
  id: string | undefined;
  type: string;
  name: string | undefined;
  arguments: string;
}

interface ChoiceState {
  index: number;
  content: string | null;
  refusal: string | null | undefined;
  /** By field name: `reasoning_content` or `reasoning`. */
  reasoning: Map<string, string>;
  calls: ToolCallState[];
  annotations: unknown[] | undefined;
  logprobs: { content?: unknown[]; refusal?: unknown[] } | null;
  finishReason: string | null;
  extra: Obj;
}

const REASONING_FIELDS = ['reasoning_content', 'reasoning'] as const;

export class ChatCompletionAssembler implements ClientAssembler<OpenAIChatChunk | { error: unknown }> {
  private head: Obj | undefined;
  private readonly choices = new Map<number, ChoiceState>();
  private usage: Obj | undefined;
  private outputChars = 0;
  error: StreamError | undefined;

  get started(): boolean {
    return this.head !== undefined;
  }

  get complete(): boolean {
    if (this.error !== undefined || this.choices.size === 0) return false;
    for (const c of this.choices.values()) if (c.finishReason === null) return false;
    return true;
  }

  push(chunk: OpenAIChatChunk | { error: unknown }): void {
    if (this.error !== undefined || !isObj(chunk)) return;
    if ('error' in chunk && chunk.error !== undefined && chunk.error !== null) {
      this.error = streamError(chunk.error);
      return;
    }
    const c = chunk as unknown as OpenAIChatChunk & Obj;
    this.head ??= { id: c.id, object: 'chat.completion', created: c.created, model: c.model };
    for (const k of ['system_fingerprint', 'service_tier'] as const) if (c[k] !== undefined && c[k] !== null) this.head[k] = c[k];
    if (isObj(c.usage)) this.usage = c.usage;
    for (const choice of Array.isArray(c.choices) ? c.choices : []) if (isObj(choice)) this.choice(choice);
  }

  result(estimatedInputTokens: number): { body: Obj; usage: Usage } {
    const body: Obj = { ...(this.head ?? { object: 'chat.completion' }) };
    body.choices = [...this.choices.values()].sort((a, b) => a.index - b.index).map(finishChoice);
    const upstream = readUsage('openai', this.usage);
    if (upstream !== undefined) {
      body.usage = this.usage;
      return { body, usage: upstream };
    }
    const completion = estimateTokensFromChars(this.outputChars);
    body.usage = { prompt_tokens: estimatedInputTokens, completion_tokens: completion, total_tokens: estimatedInputTokens + completion };
    return { body, usage: { inputTokens: estimatedInputTokens, outputTokens: completion, cacheReadTokens: 0, estimated: true } };
  }

  private choice(ch: OpenAIChunkChoice): void {
    const index = typeof ch.index === 'number' ? ch.index : 0;
    let s = this.choices.get(index);
    if (s === undefined) {
      s = { index, content: null, refusal: undefined, reasoning: new Map(), calls: [], annotations: undefined, logprobs: null, finishReason: null, extra: {} };
      this.choices.set(index, s);
    }
    const d = (isObj(ch.delta) ? ch.delta : {}) as Obj;
    if (typeof d.content === 'string') {
      s.content = (s.content ?? '') + d.content;
      this.outputChars += d.content.length;
    }
    if (typeof d.refusal === 'string') s.refusal = (s.refusal ?? '') + d.refusal;
    else if (d.refusal === null && s.refusal === undefined) s.refusal = null;
    for (const f of REASONING_FIELDS) {
      const r = d[f];
      if (typeof r === 'string' && r !== '') {
        s.reasoning.set(f, (s.reasoning.get(f) ?? '') + r);
        this.outputChars += r.length;
      }
    }
    if (Array.isArray(d.annotations)) s.annotations = [...(s.annotations ?? []), ...(d.annotations as unknown[])];
    if (Array.isArray(d.tool_calls)) for (const tc of d.tool_calls) if (isObj(tc)) this.toolDelta(s, tc as OpenAIToolCallDelta);
    if (isObj(ch.logprobs)) {
      const lp = ch.logprobs as { content?: unknown; refusal?: unknown };
      s.logprobs ??= {};
      if (Array.isArray(lp.content)) s.logprobs.content = [...(s.logprobs.content ?? []), ...lp.content];
      if (Array.isArray(lp.refusal)) s.logprobs.refusal = [...(s.logprobs.refusal ?? []), ...lp.refusal];
    }
    if (typeof ch.finish_reason === 'string' && ch.finish_reason !== '') s.finishReason = ch.finish_reason;
    for (const k of ['stop_reason', 'matched_stop'] as const) if (ch[k] !== undefined && ch[k] !== null) s.extra[k] = ch[k];
  }

  private toolDelta(s: ChoiceState, tc: OpenAIToolCallDelta): void {
    const index = toolCallIndex(s.calls, tc);
    let call = s.calls.find((c) => c.index === index);
    if (call === undefined) {
      call = { index, id: undefined, type: 'function', name: undefined, arguments: '' };
      s.calls.push(call);
    }
    if (call.id === undefined && typeof tc.id === 'string' && tc.id !== '') call.id = tc.id;
    if (typeof tc.type === 'string') call.type = tc.type;
    const fn = tc.function;
    if (call.name === undefined && typeof fn?.name === 'string' && fn.name !== '') call.name = fn.name;
    if (typeof fn?.arguments === 'string') {
      call.arguments += fn.arguments;
      this.outputChars += fn.arguments.length;
    }
  }
}

function finishChoice(s: ChoiceState): Obj {
  const calls = [...s.calls].sort((a, b) => a.index - b.index);
  const message: Obj = { role: 'assistant', content: s.content === '' && calls.length > 0 ? null : s.content };
  if (s.refusal !== undefined) message.refusal = s.refusal;
  for (const [field, text] of s.reasoning) message[field] = text;
  if (calls.length > 0) {
    message.tool_calls = calls.map((c) => ({ id: c.id ?? '', type: c.type, function: { name: c.name ?? '', arguments: c.arguments } }));
  }
  if (s.annotations !== undefined) message.annotations = s.annotations;
  return { index: s.index, message, logprobs: s.logprobs, finish_reason: s.finishReason, ...s.extra };
}
