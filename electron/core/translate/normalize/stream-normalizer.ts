/**
 * Normalization of a provider's answer, as an Anthropic event stream in → Anthropic event stream out. It runs
 * after the OpenAI → Anthropic stream translator on every translated answer, and on the answers of
 * anthropic-protocol providers that have `thinkTags` or `textToolCalls` on (their stream is then parsed
 * instead of passed through raw).
 *
 * - Text blocks go through the text scanner (text-scanner.ts): `<think>` at the start of the text becomes a
 *   thinking block (signed `aimux:v1:<providerId>` like all thinking aimux makes), written tool calls become
 *   `tool_use` blocks with ids `toolu_<message id>_t<n>`, and their input is sent as one `input_json_delta`.
 *   When a written call became a tool_use, an `end_turn` / `stop_sequence` stop reason becomes `tool_use`.
 * - `tool_use` arguments are repaired as json-args.ts says; arguments that cannot be repaired end the stream
 *   with an Anthropic `error` event naming the tool. A tool_use whose whole input came in `content_block_start`
 *   (no `input_json_delta`, which Claude Code reads as `{}`) gets that input as one `input_json_delta`.
 * - Other blocks (thinking, redacted_thinking, server tools, text with citations) pass unchanged.
 * - Block indexes are renumbered, since one text block may become several blocks. An empty text block is
 *   not sent.
 */
import type { AnthropicContentBlock, AnthropicStreamEvent } from '../../protocol/anthropic';
import { aimuxThinkingSignature } from '../signature';
import { JsonArgsRepairer } from './json-args';
import type { OfferedTools } from './text-tool-call';
import { TextScanner, type TextSegment } from './text-scanner';

export interface NormalizeOptions {
  providerId: string;
  thinkTags: boolean;
  /** Offered tools when written tool calls are recognised (quirk `textToolCalls` and the request has tools). */
  toolCalls: OfferedTools | undefined;
}

type InBlock =
  | { kind: 'text' }
  | { kind: 'pass'; out: number }
  | { kind: 'tool'; out: number; name: string; args: JsonArgsRepairer; deltas: boolean; startInput: unknown };

export class AnthropicStreamNormalizer {
  private readonly scanner: TextScanner;
  private readonly blocks = new Map<number, InBlock>();
  private nextIndex = 0;
  private own: { kind: 'text' | 'thinking'; index: number } | undefined;
  private messageId = 'msg';
  private written = 0;
  private failed = false;
  /** Set when the provider's output could not be normalized (the stream then ends with an error event). */
  error: { type: string; message: string } | undefined;

  constructor(private readonly opts: NormalizeOptions) {
    this.scanner = new TextScanner({ thinkTags: opts.thinkTags, toolCalls: opts.toolCalls });
  }

  push(ev: AnthropicStreamEvent): AnthropicStreamEvent[] {
    if (this.failed) return [];
    const out: AnthropicStreamEvent[] = [];
    switch (ev.type) {
      case 'message_start':
        if (typeof ev.message?.id === 'string') this.messageId = ev.message.id;
        out.push(ev);
        break;
      case 'content_block_start':
        this.blockStart(ev.index, ev.content_block, out);
        break;
      case 'content_block_delta': {
        const b = this.blocks.get(ev.index);
        if (b?.kind === 'text' && ev.delta.type === 'text_delta') {
          if (this.scanner.passesThrough) {
            // The common case once past the start of the text: the delta goes out as it came.
            const index = this.ensureOwn('text', out);
            out.push(index === ev.index ? ev : { ...ev, index });
          } else {
            this.segments(this.scanner.push(ev.delta.text), out);
          }
        }
        else if (b?.kind === 'tool' && ev.delta.type === 'input_json_delta') {
          b.deltas = true;
          const s = b.args.push(ev.delta.partial_json);
          if (s !== '') out.push({ type: 'content_block_delta', index: b.out, delta: { type: 'input_json_delta', partial_json: s } });
        } else if (b !== undefined && b.kind !== 'text') out.push(ev.index === b.out ? ev : { ...ev, index: b.out });
        else if (b?.kind === 'text' && this.own?.kind === 'text') out.push({ ...ev, index: this.own.index });
        break;
      }
      case 'content_block_stop':
        this.blockStop(ev.index, out);
        break;
      case 'message_delta':
        if (this.written > 0 && (ev.delta.stop_reason === 'end_turn' || ev.delta.stop_reason === 'stop_sequence')) {
          out.push({ ...ev, delta: { ...ev.delta, stop_reason: 'tool_use', stop_sequence: null } });
        } else {
          out.push(ev);
        }
        break;
      case 'error':
        return this.fail(ev.error);
      default:
        out.push(ev);
    }
    return out;
  }

  private blockStart(index: number, block: AnthropicContentBlock, out: AnthropicStreamEvent[]): void {
    if (block.type === 'text' && (block as { citations?: unknown }).citations == null) {
      this.blocks.set(index, { kind: 'text' });
      if (block.text) this.segments(this.scanner.push(block.text), out);
      return;
    }
    this.closeOwn(out);
    const at = this.nextIndex++;
    if (block.type === 'tool_use') {
      this.blocks.set(index, { kind: 'tool', out: at, name: block.name, args: new JsonArgsRepairer(), deltas: false, startInput: block.input });
      out.push({ type: 'content_block_start', index: at, content_block: { ...block, input: {} } });
      return;
    }
    this.blocks.set(index, { kind: 'pass', out: at });
    out.push({ type: 'content_block_start', index: at, content_block: block });
  }

  private blockStop(index: number, out: AnthropicStreamEvent[]): void {
    const b = this.blocks.get(index);
    this.blocks.delete(index);
    if (b === undefined) return;
    if (b.kind === 'text') {
      this.segments(this.scanner.end(), out);
      this.closeOwn(out);
      return;
    }
    if (b.kind === 'tool') {
      const start = b.startInput;
      if (!b.deltas && typeof start === 'object' && start !== null && Object.keys(start).length > 0) {
        out.push({ type: 'content_block_delta', index: b.out, delta: { type: 'input_json_delta', partial_json: JSON.stringify(start) } });
      } else {
        const end = b.args.end();
        if (!end.ok) {
          this.unusable(`provider "${this.opts.providerId}" sent arguments for tool "${b.name}" that cannot be used: ${end.reason}`, out);
          return;
        }
        if (end.tail !== '') out.push({ type: 'content_block_delta', index: b.out, delta: { type: 'input_json_delta', partial_json: end.tail } });
      }
    }
    out.push({ type: 'content_block_stop', index: b.out });
  }

  /**
   * The stream fails (the upstream broke off, or its output could not be normalized): every block still open
   * is stopped without further checks, then the error event. Nothing follows it.
   */
  fail(error: { type: string; message: string }): AnthropicStreamEvent[] {
    if (this.failed) return [];
    const out: AnthropicStreamEvent[] = [];
    this.closeOwn(out);
    for (const b of this.blocks.values()) if (b.kind !== 'text') out.push({ type: 'content_block_stop', index: b.out });
    this.blocks.clear();
    out.push({ type: 'error', error });
    this.failed = true;
    return out;
  }

  private unusable(message: string, out: AnthropicStreamEvent[]): void {
    this.error = { type: 'api_error', message };
    out.push(...this.fail(this.error));
  }

  private segments(segments: TextSegment[], out: AnthropicStreamEvent[]): void {
    for (const s of segments) {
      switch (s.kind) {
        case 'text':
          out.push({ type: 'content_block_delta', index: this.ensureOwn('text', out), delta: { type: 'text_delta', text: s.text } });
          break;
        case 'thinking':
          out.push({ type: 'content_block_delta', index: this.ensureOwn('thinking', out), delta: { type: 'thinking_delta', thinking: s.text } });
          break;
        case 'thinking_end':
          if (this.own?.kind === 'thinking') this.closeOwn(out);
          break;
        case 'tool': {
          this.closeOwn(out);
          const index = this.nextIndex++;
          const id = `toolu_${this.messageId.replace(/^msg_/, '')}_t${this.written++}`;
          out.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id, name: s.name, input: {} } });
          out.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(s.input) } });
          out.push({ type: 'content_block_stop', index });
          break;
        }
      }
    }
  }

  private ensureOwn(kind: 'text' | 'thinking', out: AnthropicStreamEvent[]): number {
    if (this.own?.kind === kind) return this.own.index;
    this.closeOwn(out);
    const index = this.nextIndex++;
    this.own = { kind, index };
    out.push({
      type: 'content_block_start',
      index,
      content_block: kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' },
    });
    return index;
  }

  private closeOwn(out: AnthropicStreamEvent[]): void {
    const own = this.own;
    if (own === undefined) return;
    if (own.kind === 'thinking') {
      out.push({ type: 'content_block_delta', index: own.index, delta: { type: 'signature_delta', signature: aimuxThinkingSignature(this.opts.providerId) } });
    }
    out.push({ type: 'content_block_stop', index: own.index });
    this.own = undefined;
  }
}
