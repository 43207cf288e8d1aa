/**
 * The tap on a passed-through Responses stream (Responses client, `openai-responses` provider): the bytes
 * go to the client unchanged; the tap reads the response id, sequence numbers, usage and the final event.
 * A stream that breaks or ends before `response.completed` / `.incomplete` / `.failed` gets a
 * `response.failed` of aimux's own, continuing the upstream's sequence numbers, so a client never sees a
 * silently ended stream (Codex would resend the whole request after a cut).
 */
import type { ProxyError } from '../errors';
import { SseParser } from '../protocol/sse-parser';
import { formatAnthropicEvent } from '../protocol/sse-writer';
import type { StreamError, StreamPump, Usage } from './exchange';
import { readUsage, streamError } from './stream-facts';

type Obj = Record<string, unknown>;
const FINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

export class ResponsesPassthroughPump implements StreamPump {
  private readonly parser = new SseParser();
  private done = false;
  private ended = false;
  private seq = -1;
  private response: Obj = {};
  private usageSeen: Usage | undefined;
  upstreamError: StreamError | undefined;

  get complete(): boolean {
    return this.ended;
  }

  push(chunk: Buffer): Buffer {
    if (this.done) return chunk;
    try {
      for (const ev of this.parser.push(chunk)) this.tap(ev.data);
    } catch {
      // The tap only observes: a malformed event is the client's to judge, the bytes still go through.
      this.done = true;
    }
    return chunk;
  }

  private tap(data: string): void {
    if (data === '[DONE]') return;
    const e = JSON.parse(data) as Obj;
    if (typeof e.sequence_number === 'number') this.seq = e.sequence_number;
    const type = e.type;
    if (type === 'error') {
      this.upstreamError ??= streamError(e.error ?? e);
      this.done = true;
      return;
    }
    if (typeof e.response === 'object' && e.response !== null) {
      const r = e.response as Obj;
      if (type === 'response.created') this.response = { id: r.id, object: 'response', created_at: r.created_at, model: r.model };
      if (typeof type === 'string' && FINAL.has(type)) {
        this.ended = true;
        this.done = true;
        this.usageSeen = readUsage('responses', r.usage);
      }
    }
  }

  private failed(code: string, message: string): string {
    this.ended = false;
    this.done = true;
    const response = { ...this.response, status: 'failed', output: [], usage: null, error: { code, message } };
    return formatAnthropicEvent({ type: 'response.failed', sequence_number: ++this.seq, response });
  }

  end(): string {
    if (this.ended) return '';
    return this.failed('upstream_bad_response', 'upstream stream ended before the response was complete');
  }

  fail(err: ProxyError): string {
    return this.failed(err.code.toLowerCase(), err.message);
  }

  ping(): undefined {
    return undefined;
  }

  usage(): Usage | undefined {
    return this.usageSeen;
  }
}
