/**
 * Anthropic stream events in → the Anthropic message a non-streaming request would have returned.
 *
 * - `message_start` gives the message (id, model, role, usage and any other field), with `content` empty.
 * - `content_block_start` places a block at its `index` as sent (`redacted_thinking`, server tool results
 *   and anything else that arrives whole stay as they are); deltas complete it: `text_delta` → text,
 *   `thinking_delta` → thinking, `signature_delta` → signature, `citations_delta` → citations,
 *   `input_json_delta` → the block's `input`, parsed from the joined pieces when the answer is read
 *   (no pieces: the `input` of content_block_start stays).
 * - `message_delta`: its `delta` fields (stop_reason, stop_sequence, …) and any other top-level field
 *   (e.g. `context_management`) go onto the message; its usage fields replace the ones from
 *   message_start (they are cumulative), null values excepted.
 * - `message_stop` completes it; `error` ends it with that error; `ping` and unknown events are ignored.
 */
import { ProxyError } from '../errors';
import type { AnthropicStreamEvent } from '../protocol/anthropic';
import { estimateTokensFromChars, isObj } from '../translate/checks';
import type { ClientAssembler, StreamError, Usage } from './exchange';
import { readUsage, streamError } from './stream-facts';

type Obj = Record<string, unknown>;

export class AnthropicMessageAssembler implements ClientAssembler<AnthropicStreamEvent> {
  private message: Obj | undefined;
  private readonly blocks: Obj[] = [];
  /** Joined `input_json_delta` pieces per block index. */
  private readonly inputJson = new Map<number, string>();
  private stopped = false;
  private outputChars = 0;
  error: StreamError | undefined;

  constructor(private readonly providerId: string) {}

  get started(): boolean {
    return this.message !== undefined;
  }

  get complete(): boolean {
    return this.stopped && this.error === undefined;
  }

  push(event: AnthropicStreamEvent): void {
    if (this.stopped || this.error !== undefined || !isObj(event)) return;
    switch (event.type) {
      case 'message_start':
        this.message = { ...(isObj(event.message) ? event.message : {}), content: [] };
        if (isObj(this.message.usage)) this.message.usage = { ...this.message.usage };
        return;
      case 'content_block_start':
        if (isObj(event.content_block)) this.blockAt(event.index, { ...event.content_block });
        return;
      case 'content_block_delta':
        this.delta(event.index, event.delta as unknown);
        return;
      case 'message_delta':
        this.messageDelta(event as unknown as Obj);
        return;
      case 'message_stop':
        this.begin();
        this.stopped = true;
        return;
      case 'error':
        this.error = streamError(event.error);
        return;
      default:
        return;
    }
  }

  result(estimatedInputTokens: number): { body: Obj; usage: Usage } {
    const message = this.begin();
    const content: Obj[] = [];
    // forEach skips the holes a stream with gaps in its indexes would leave.
    this.blocks.forEach((block, index) => content.push(this.finishBlock(block, index)));
    message.content = content;
    const upstream = readUsage('anthropic', message.usage);
    if (upstream !== undefined) return { body: message, usage: upstream };
    const outputTokens = estimateTokensFromChars(this.outputChars);
    message.usage = { input_tokens: estimatedInputTokens, output_tokens: outputTokens };
    return { body: message, usage: { inputTokens: estimatedInputTokens, outputTokens, cacheReadTokens: 0, estimated: true } };
  }

  /** The message, created with defaults when a stream skipped message_start. */
  private begin(): Obj {
    this.message ??= { id: '', type: 'message', role: 'assistant', model: '', content: [], stop_reason: null, stop_sequence: null };
    return this.message;
  }

  private blockAt(index: unknown, block: Obj): void {
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) return;
    this.begin();
    if (Array.isArray(block.citations)) block.citations = [...(block.citations as unknown[])];
    this.blocks[index] = block;
  }

  private delta(index: unknown, d: unknown): void {
    const block = typeof index === 'number' ? this.blocks[index] : undefined;
    if (block === undefined || !isObj(d)) return;
    switch (d.type) {
      case 'text_delta':
        if (typeof d.text === 'string') block.text = str(block.text) + d.text;
        this.outputChars += str(d.text).length;
        return;
      case 'thinking_delta':
        if (typeof d.thinking === 'string') block.thinking = str(block.thinking) + d.thinking;
        this.outputChars += str(d.thinking).length;
        return;
      case 'signature_delta':
        if (typeof d.signature === 'string') block.signature = str(block.signature) + d.signature;
        return;
      case 'citations_delta':
        block.citations = [...(Array.isArray(block.citations) ? (block.citations as unknown[]) : []), d.citation];
        return;
      case 'input_json_delta':
        if (typeof d.partial_json === 'string') {
          this.inputJson.set(index as number, (this.inputJson.get(index as number) ?? '') + d.partial_json);
          this.outputChars += d.partial_json.length;
        }
        return;
      default:
        return;
    }
  }

  private messageDelta(e: Obj): void {
    const message = this.begin();
    for (const [k, v] of Object.entries(e)) {
      if (k !== 'type' && k !== 'delta' && k !== 'usage') message[k] = v;
    }
    if (isObj(e.delta)) Object.assign(message, e.delta);
    if (isObj(e.usage)) {
      const usage: Obj = isObj(message.usage) ? message.usage : {};
      for (const [k, v] of Object.entries(e.usage)) if (v !== null && v !== undefined) usage[k] = v;
      message.usage = usage;
    }
  }

  private finishBlock(block: Obj, index: number): Obj {
    const json = this.inputJson.get(index);
    if (json === undefined || json.trim() === '') return block;
    let input: unknown;
    try {
      input = JSON.parse(json);
    } catch {
      input = undefined;
    }
    if (!isObj(input)) {
      const name = typeof block.name === 'string' ? block.name : '?';
      throw new ProxyError('UPSTREAM_BAD_RESPONSE', `provider "${this.providerId}" streamed content block ${index} (${name}) with input that is not a JSON object`, 502, { providerId: this.providerId });
    }
    return { ...block, input };
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
