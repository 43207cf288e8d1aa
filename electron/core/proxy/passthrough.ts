/**
 * Same protocol on both sides: the body goes upstream byte for byte except `model` (and auth, which
 * is a header); the answer comes back byte for byte. A light tap on the stream reads usage and
 * notices a stream cut short, without changing a byte the client receives.
 */
import type { ClientProtocol, ProviderConfig } from '../config/types';
import { ProxyError } from '../errors';
import { spliceTopLevel } from '../protocol/json-splice';
import { SseParser } from '../protocol/sse-parser';
import { formatAnthropicEvent, formatOpenAIChunk } from '../protocol/sse-writer';
import { upstreamHeaders, upstreamPath } from '../providers/upstream-request';
import type { AnthropicMessage, AnthropicMessagesRequest } from '../protocol/anthropic';
import { sanitizeThinkingForAnthropicTarget } from '../translate/index';
import { errorPayload } from '../server/respond';
import { errorInSuccessBody } from './upstream-error';
import { adjustRawBody } from './request-adjust';
import { NormalizingAnthropicPump } from './normalizing-pump';
import { normalizeAnthropicMessage, normalizeOptionsFor, parsesAnthropicAnswers } from '../translate/normalize/index';
import { readUsage, streamError } from './stream-facts';
import type { ClientAssembler, ClientRequest, Exchange, ExchangeOp, PreparedRequest, StreamError, StreamPump, Usage } from './exchange';
import { ResponsesPassthroughPump } from './responses-passthrough';
import { AnthropicMessageAssembler } from './assemble-anthropic';
import { ChatCompletionAssembler } from './assemble-chat';
import { PassthroughAssembly } from './assembly';

type Obj = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The error event a client of `protocol` understands in the middle of a stream. */
export function midStreamError(protocol: ClientProtocol, err: ProxyError): string {
  const payload = errorPayload(protocol, err) as Obj;
  return protocol === 'anthropic' ? formatAnthropicEvent(payload as { type: string }) : formatOpenAIChunk(payload);
}

/** Thinking blocks aimux minted carry this marker in their signature (translate/signature.ts). */
const AIMUX_SIGNATURE_MARK = Buffer.from('"aimux:v1:');

/**
 * The client's raw body with the target's model and, when a non-streaming request is streamed
 * upstream, `stream: true` (plus `stream_options.include_usage` for OpenAI) spliced in; every other
 * byte as the client sent it.
 */
export function upstreamBody(client: ClientRequest, model: string, streamUpstream: boolean): Buffer | string {
  const replace: Record<string, string> = {};
  const insert: Record<string, string> = {};
  const body = client.body;
  if (body.model !== model) replace.model = JSON.stringify(model);
  if (streamUpstream && !client.stream) {
    (Object.hasOwn(body, 'stream') ? replace : insert).stream = 'true';
    if (client.protocol === 'openai') (Object.hasOwn(body, 'stream_options') ? replace : insert).stream_options = STREAM_OPTIONS;
  }
  if (Object.keys(replace).length === 0 && Object.keys(insert).length === 0) return client.raw;
  return spliceTopLevel(client.raw, replace, insert) ?? JSON.stringify({ ...body, ...jsonValues(replace), ...jsonValues(insert) });
}

const STREAM_OPTIONS = '{"include_usage":true}';

function jsonValues(fields: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, JSON.parse(v) as unknown]));
}

class PassthroughPump implements StreamPump {
  private readonly parser = new SseParser();
  private done = false;
  private usageSeen: Usage | undefined;
  private finishSeen = false;
  upstreamError: StreamError | undefined;

  constructor(private readonly protocol: ClientProtocol) {}

  get complete(): boolean {
    return this.done || this.finishSeen;
  }

  push(chunk: Buffer): Buffer {
    if (!this.done) {
      try {
        for (const ev of this.parser.push(chunk)) this.protocol === 'anthropic' ? this.tapAnthropic(ev.event, ev.data) : this.tapOpenAI(ev.data);
      } catch {
        // The tap only observes: a malformed event is the client's to judge, the bytes still go through.
        this.done = true;
      }
    }
    return chunk;
  }

  private tapAnthropic(event: string | undefined, data: string): void {
    if (event === 'message_start') {
      const msg = (JSON.parse(data) as { message?: { usage?: unknown } }).message;
      this.usageSeen = readUsage('anthropic', msg?.usage);
    } else if (event === 'message_delta') {
      const u = (JSON.parse(data) as { usage?: Obj }).usage;
      if (u && this.usageSeen) {
        this.usageSeen.outputTokens = num(u.output_tokens);
        if (typeof u.input_tokens === 'number') this.usageSeen.inputTokens = readUsage('anthropic', u)!.inputTokens;
      }
    } else if (event === 'message_stop') {
      this.done = true;
    } else if (event === 'error') {
      this.done = true;
      this.upstreamError = streamError((JSON.parse(data) as { error?: unknown }).error);
    }
  }

  private tapOpenAI(data: string): void {
    if (data === '[DONE]') {
      this.done = true;
      return;
    }
    if (!this.finishSeen && /"finish_reason":\s*"/.test(data)) this.finishSeen = true;
    if (data.includes('"usage"') && !/"usage":\s*null/.test(data)) {
      const u = readUsage('openai', (JSON.parse(data) as { usage?: unknown }).usage);
      if (u) this.usageSeen = u;
    }
    if (data.startsWith('{"error"')) {
      this.done = true;
      this.upstreamError = streamError((JSON.parse(data) as { error?: unknown }).error);
    }
  }

  end(): string {
    if (this.complete) return '';
    return midStreamError(this.protocol, new ProxyError('UPSTREAM_BAD_RESPONSE', 'upstream stream ended before the response was complete', 502));
  }

  fail(err: ProxyError): string {
    return midStreamError(this.protocol, err);
  }

  ping(): undefined {
    return undefined;
  }

  usage(): Usage | undefined {
    return this.usageSeen;
  }
}

export function createPassthroughExchange(client: ClientRequest, provider: ProviderConfig, op: ExchangeOp): Exchange {
  // Text quirks on an Anthropic provider: its answers are parsed and normalized instead of passed through raw.
  const normalize = provider.protocol === 'anthropic' && op === 'messages' && parsesAnthropicAnswers(provider.quirks)
    ? normalizeOptionsFor(provider.id, provider.quirks, client.body.tools)
    : undefined;
  return {
    kind: 'passthrough',
    prepare(target, key, streamUpstream): PreparedRequest {
      const prepared: PreparedRequest = {
        path: upstreamPath(provider, op, op === 'messages' ? client.query : ''),
        body: upstreamBody(client, target.model, streamUpstream),
        headers: upstreamHeaders(provider, key, client.headers),
        notes: [],
      };
      // History from a session that was on a translated provider carries thinking blocks aimux signed;
      // an Anthropic endpoint would reject them. Only then is the body re-serialized.
      if (provider.protocol === 'anthropic' && client.raw.includes(AIMUX_SIGNATURE_MARK)) {
        const request = { ...(client.body as unknown as AnthropicMessagesRequest), model: target.model, ...(streamUpstream ? { stream: true } : {}) };
        const { body, notes } = sanitizeThinkingForAnthropicTarget(request, provider.id);
        prepared.body = JSON.stringify(body);
        prepared.notes = notes.map((n) => n.code);
      }
      const adjusted = adjustRawBody(prepared.body, client.body, provider, target.model);
      prepared.body = adjusted.body;
      prepared.notes.push(...adjusted.notes);
      if (adjusted.responseHeaders) prepared.responseHeaders = adjusted.responseHeaders;
      return prepared;
    },
    convertJson(bytes) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(bytes.toString('utf8'));
      } catch {
        throw new ProxyError('UPSTREAM_BAD_RESPONSE', `provider "${provider.id}" answered with a body that is not JSON`, 502, { providerId: provider.id });
      }
      const err = errorInSuccessBody(parsed, provider, client.protocol);
      if (err) throw err;
      const body = normalize ? JSON.stringify(normalizeAnthropicMessage(parsed as AnthropicMessage, normalize)) : bytes;
      return { body, usage: readUsage(client.protocol, (parsed as Obj | null)?.usage) };
    },
    createStream: () =>
      client.protocol === 'responses' ? new ResponsesPassthroughPump() : normalize ? new NormalizingAnthropicPump(normalize) : new PassthroughPump(client.protocol),
    // A non-streaming client's answer assembled from the upstream's stream (not for answers that are
    // normalized, nor for Responses passthrough: those go upstream whole, bounded by timeouts.responseMs).
    ...(normalize || client.protocol === 'responses'
      ? {}
      : {
          createAssembly() {
            const asm = client.protocol === 'anthropic' ? new AnthropicMessageAssembler(provider.id) : new ChatCompletionAssembler();
            return new PassthroughAssembly(client.protocol, asm as ClientAssembler<unknown>, {
              providerId: provider.id,
              sameProtocol: true,
              estimatedInputTokens: client.estimatedInputTokens,
            });
          },
        }),
  };
}
