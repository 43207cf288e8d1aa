/**
 * The built-in `synthetic` provider: answers in-process, in the protocol of the path it is sent to
 * (`/v1/messages`, `/v1/messages/count_tokens` or `/chat/completions`), so every client protocol is
 * served natively and without translation. Behaviour is documented in plan.ts.
 */
import { Readable } from 'node:stream';
import type { ProviderConfig } from '../../config/types';
import { toAnthropicErrorBody, toOpenAIErrorBody, badRequest } from '../../errors';
import { estimateAnthropicInputTokens } from '../../tokens/estimate';
import type { Upstream, UpstreamResponse, UpstreamSendOptions } from '../upstream';
import { upstreamFailure } from '../upstream';
import { planSyntheticReply } from './plan';
import { anthropicEvents, anthropicMessage, openAIChunks, openAICompletion } from './render';

function respond(status: number, contentType: string, chunks: string[]): UpstreamResponse {
  const body = Readable.from(chunks.map((c) => Buffer.from(c)), { objectMode: false });
  return { status, headers: { 'content-type': contentType }, body };
}

export class SyntheticUpstream implements Upstream {
  constructor(private readonly provider: ProviderConfig) {}

  async send(opts: UpstreamSendOptions): Promise<UpstreamResponse> {
    if (opts.signal.aborted) throw upstreamFailure(opts.signal.reason, this.provider.id, opts.signal);
    const path = opts.path.split('?')[0]!;
    const protocol = path.endsWith('/chat/completions') ? 'openai' : 'anthropic';
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(opts.body.toString());
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      const err = badRequest('synthetic provider: request body is not a JSON object');
      const payload = protocol === 'openai' ? toOpenAIErrorBody(err) : toAnthropicErrorBody(err);
      return respond(400, 'application/json', [JSON.stringify(payload)]);
    }
    if (path.endsWith('/count_tokens')) {
      return respond(200, 'application/json', [JSON.stringify({ input_tokens: estimateAnthropicInputTokens(body) })]);
    }
    const model = typeof body.model === 'string' ? body.model : 'synthetic-1';
    const plan = planSyntheticReply(protocol, body);
    const stream = body.stream === true;
    const created = Math.floor(Date.now() / 1000);
    if (protocol === 'anthropic') {
      return stream ? respond(200, 'text/event-stream', anthropicEvents(plan, model)) : respond(200, 'application/json', [JSON.stringify(anthropicMessage(plan, model))]);
    }
    const includeUsage = typeof body.stream_options === 'object' && body.stream_options !== null && (body.stream_options as { include_usage?: unknown }).include_usage === true;
    return stream
      ? respond(200, 'text/event-stream', openAIChunks(plan, model, created, includeUsage))
      : respond(200, 'application/json', [JSON.stringify(openAICompletion(plan, model, created))]);
  }

  async close(): Promise<void> {}
}
