/**
 * Anthropic client, anthropic-protocol provider with `thinkTags` or `textToolCalls` on: instead of passing the
 * stream through raw, it is parsed (bytes → SseParser → events), normalized (translate/normalize/) and written
 * again. Text still goes out as soon as the normalizer releases it.
 */
import { ProxyError } from '../errors';
import type { AnthropicStreamEvent } from '../protocol/anthropic';
import { SseParser } from '../protocol/sse-parser';
import { formatAnthropicEvent } from '../protocol/sse-writer';
import { AnthropicStreamNormalizer, type NormalizeOptions } from '../translate/normalize/index';
import type { StreamError, StreamPump, Usage } from './exchange';
import { midStreamError } from './passthrough';
import { readUsage, streamError } from './stream-facts';

export class NormalizingAnthropicPump implements StreamPump {
  private readonly parser = new SseParser();
  private readonly norm: AnthropicStreamNormalizer;
  private stopped = false;
  private usageSeen: Usage | undefined;
  upstreamError: StreamError | undefined;

  constructor(private readonly opts: NormalizeOptions) {
    this.norm = new AnthropicStreamNormalizer(opts);
  }

  get complete(): boolean {
    return this.stopped;
  }

  push(chunk: Buffer): string {
    let out = '';
    for (const ev of this.parser.push(chunk)) {
      let event: AnthropicStreamEvent;
      try {
        event = JSON.parse(ev.data) as AnthropicStreamEvent;
      } catch {
        throw new ProxyError('UPSTREAM_BAD_RESPONSE', `provider "${this.opts.providerId}" sent a stream event that is not JSON`, 502, { providerId: this.opts.providerId });
      }
      this.tap(event);
      for (const e of this.norm.push(event)) {
        out += formatAnthropicEvent(e);
        if (e.type === 'message_stop') this.stopped = true;
      }
    }
    this.upstreamError ??= this.norm.error;
    return out;
  }

  private tap(event: AnthropicStreamEvent): void {
    if (event.type === 'message_start') this.usageSeen = readUsage('anthropic', event.message?.usage);
    else if (event.type === 'message_delta' && this.usageSeen) {
      const u = event.usage;
      if (typeof u?.output_tokens === 'number') this.usageSeen.outputTokens = u.output_tokens;
      if (typeof u?.input_tokens === 'number') this.usageSeen.inputTokens = readUsage('anthropic', u)!.inputTokens;
    } else if (event.type === 'error') this.upstreamError ??= streamError(event.error);
  }

  end(): string {
    if (this.stopped || this.norm.error) return '';
    return midStreamError('anthropic', new ProxyError('UPSTREAM_BAD_RESPONSE', 'upstream stream ended before the response was complete', 502));
  }

  fail(err: ProxyError): string {
    return midStreamError('anthropic', err);
  }

  ping(): undefined {
    return undefined;
  }

  usage(): Usage | undefined {
    return this.usageSeen;
  }
}
