/**
 * Client and provider speak different protocols: the request is translated for each attempt's
 * target, the answer translated back. Streams go through the typed pipeline
 * bytes → SseParser → JSON → stream translator → SSE text, one upstream chunk at a time, so a text
 * delta reaches the client as soon as the upstream sends it.
 */
import type { ProviderConfig } from '../config/types';
import { ProxyError } from '../errors';
import type { AnthropicMessage, AnthropicMessagesRequest, AnthropicStreamEvent, AnthropicUsage } from '../protocol/anthropic';
import type { OpenAIChatChunk, OpenAIChatCompletion, OpenAIChatRequest } from '../protocol/openai';
import { SseParser } from '../protocol/sse-parser';
import { formatAnthropicEvent, formatOpenAIChunk, OPENAI_DONE } from '../protocol/sse-writer';
import { upstreamHeaders, upstreamPath } from '../providers/upstream-request';
import {
  AnthropicToChatStream,
  ChatToAnthropicStream,
  anthropicToOpenAIRequest,
  anthropicToOpenAIResponse,
  openAIToAnthropicRequest,
  openAIToAnthropicResponse,
} from '../translate/index';
import type { OpenAIStreamItem, ResponseContext, TranslateTarget } from '../translate/index';
import type { ClientRequest, Exchange, PreparedRequest, StreamError, StreamPump, Usage } from './exchange';
import { countsFromAnthropic } from '../translate/usage';
import { errorInSuccessBody } from './upstream-error';
import { adjustBodyObject } from './request-adjust';
import { AnthropicStreamNormalizer, normalizeAnthropicMessage, normalizeOptionsFor, type NormalizeOptions } from '../translate/normalize/index';
import { parseEventJson, streamError } from './stream-facts';
import { AnthropicMessageAssembler } from './assemble-anthropic';
import { ChatCompletionAssembler } from './assemble-chat';
import { feed, PumpAssembly } from './assembly';

const ANTHROPIC_PING = formatAnthropicEvent({ type: 'ping' });
const OPENAI_PING = ': ping\n\n';

export interface TranslationIds {
  /** Message id (Anthropic clients) or completion id (OpenAI clients). */
  id: string;
  /** Unix seconds. */
  created: number;
}

/** Where a pump's client-protocol events go: SSE text for a streaming client, or an assembler (assembly.ts). */
type Output<E> = (events: readonly E[]) => string;

function anthropicSse(events: readonly AnthropicStreamEvent[]): string {
  let out = '';
  for (const e of events) out += formatAnthropicEvent(e);
  return out;
}

function openAISse(items: readonly OpenAIStreamItem[]): string {
  let out = '';
  for (const item of items) out += formatOpenAIChunk(item);
  return out;
}

/** OpenAI upstream stream → Anthropic events for the client, normalized (translate/normalize/). */
class ChatToAnthropicPump implements StreamPump {
  private readonly parser = new SseParser();
  private readonly tr: ChatToAnthropicStream;
  private readonly norm: AnthropicStreamNormalizer;
  private stopped = false;
  upstreamError: StreamError | undefined;

  constructor(
    ctx: ResponseContext,
    private readonly providerId: string,
    normalize: NormalizeOptions,
    private readonly output: Output<AnthropicStreamEvent> = anthropicSse,
  ) {
    this.tr = new ChatToAnthropicStream(ctx);
    this.norm = new AnthropicStreamNormalizer(normalize);
  }

  get complete(): boolean {
    return this.stopped;
  }

  private write(events: AnthropicStreamEvent[]): string {
    // The translator fails with the open blocks' stops and an error event: the normalizer stops its own blocks.
    const failed = events.find((e) => e.type === 'error');
    const normalized: AnthropicStreamEvent[] = [];
    for (const translated of failed ? [failed] : events) {
      for (const e of this.norm.push(translated)) {
        normalized.push(e);
        if (e.type === 'message_stop') this.stopped = true;
      }
    }
    // Output that cannot be normalized fails like an upstream error event (before the first byte: the next target).
    this.upstreamError ??= this.norm.error;
    return this.output(normalized);
  }

  push(chunk: Buffer): string {
    let out = '';
    for (const ev of this.parser.push(chunk)) {
      if (ev.data === '[DONE]') continue;
      const chunk = parseEventJson(ev.data, this.providerId) as OpenAIChatChunk & { error?: unknown };
      if (chunk.error !== undefined && this.upstreamError === undefined) this.upstreamError = streamError(chunk.error);
      out += this.write(this.tr.push(chunk));
    }
    return out;
  }

  end(): string {
    return this.write(this.tr.end());
  }

  fail(err: ProxyError): string {
    return this.write(this.tr.fail({ type: 'api_error', message: err.message }));
  }

  ping(): string {
    return ANTHROPIC_PING;
  }

  usage(): Usage {
    return this.tr.usage;
  }
}

/** Anthropic upstream stream → OpenAI chunks for the client. */
class AnthropicToChatPump implements StreamPump {
  private readonly parser = new SseParser();
  private readonly tr: AnthropicToChatStream;
  private failed = false;
  private ended = false;
  upstreamError: StreamError | undefined;

  constructor(
    ctx: ResponseContext & { includeUsage: boolean },
    private readonly providerId: string,
    private readonly output: Output<OpenAIStreamItem> = openAISse,
  ) {
    this.tr = new AnthropicToChatStream(ctx);
  }

  get complete(): boolean {
    return this.ended && !this.failed;
  }

  private write(items: OpenAIStreamItem[]): string {
    for (const item of items) if ('error' in item) this.failed = true;
    return this.output(items);
  }

  push(chunk: Buffer): string {
    let out = '';
    for (const ev of this.parser.push(chunk)) {
      // `ping` events carry nothing for an OpenAI client.
      if (ev.event === 'ping') continue;
      const event = parseEventJson(ev.data, this.providerId) as AnthropicStreamEvent;
      if (event.type === 'error' && this.upstreamError === undefined) this.upstreamError = streamError(event.error);
      out += this.write(this.tr.push(event));
    }
    return out;
  }

  end(): string {
    const out = this.write(this.tr.end());
    this.ended = true;
    return this.failed ? out : out + OPENAI_DONE;
  }

  fail(err: ProxyError): string {
    return this.write(this.tr.fail({ type: 'server_error', message: err.message, code: err.code.toLowerCase() }));
  }

  ping(): string {
    return OPENAI_PING;
  }

  usage(): Usage {
    return this.tr.usage;
  }
}

export function translateTarget(provider: ProviderConfig, model: string): TranslateTarget {
  return { providerId: provider.id, model, capabilities: provider.capabilities, quirks: provider.quirks };
}

function stopSequences(client: ClientRequest): string[] | undefined {
  const s = client.protocol === 'anthropic' ? client.body.stop_sequences : client.body.stop;
  if (typeof s === 'string') return [s];
  return Array.isArray(s) ? s.filter((x): x is string => typeof x === 'string') : undefined;
}

export function createTranslatedExchange(client: ClientRequest, provider: ProviderConfig, ids: TranslationIds): Exchange {
  let model = '';
  const ctx = (): ResponseContext => {
    const stops = stopSequences(client);
    return { model, providerId: provider.id, id: ids.id, created: ids.created, estimatedInputTokens: client.estimatedInputTokens, ...(stops ? { stopSequences: stops } : {}) };
  };
  const toOpenAI = client.protocol === 'anthropic';
  const normalize = normalizeOptionsFor(provider.id, provider.quirks, client.body.tools);
  return {
    kind: 'translate',
    prepare(target, key, streamUpstream): PreparedRequest {
      model = target.model;
      const t = translateTarget(provider, target.model);
      const { body, notes } = toOpenAI
        ? anthropicToOpenAIRequest(client.body as unknown as AnthropicMessagesRequest, t)
        : openAIToAnthropicRequest(client.body as unknown as OpenAIChatRequest, t);
      if (streamUpstream && !client.stream) {
        // A non-streaming client's answer is assembled from a stream (assembly.ts).
        body.stream = true;
        if (toOpenAI) (body as OpenAIChatRequest).stream_options = { include_usage: true };
      }
      const adjusted = adjustBodyObject(body as unknown as Record<string, unknown>, provider, target.model);
      return {
        path: upstreamPath(provider, toOpenAI ? 'chat' : 'messages', ''),
        body: JSON.stringify(body),
        headers: upstreamHeaders(provider, key, toOpenAI ? { userAgent: client.headers.userAgent } : client.headers),
        notes: [...notes.map((n) => n.code), ...adjusted.notes],
        ...(adjusted.responseHeaders ? { responseHeaders: adjusted.responseHeaders } : {}),
      };
    },
    convertJson(bytes) {
      const parsed = parseEventJson(bytes.toString('utf8'), provider.id);
      const err = errorInSuccessBody(parsed, provider, client.protocol);
      if (err) throw err;
      if (toOpenAI) {
        const translated = openAIToAnthropicResponse(parsed as OpenAIChatCompletion, ctx());
        const body = normalizeAnthropicMessage(translated.body, normalize);
        const u = body.usage;
        return {
          body: JSON.stringify(body),
          usage: { inputTokens: u.input_tokens, outputTokens: u.output_tokens, cacheReadTokens: u.cache_read_input_tokens ?? 0, estimated: translated.usageEstimated },
        };
      }
      const body = anthropicToOpenAIResponse(parsed as AnthropicMessage, ctx());
      const u = body.usage;
      // anthropicToOpenAIResponse fills in an estimate when the upstream sent no usage object.
      const upstreamUsage = (parsed as { usage?: unknown } | null)?.usage;
      const estimated = typeof upstreamUsage !== 'object' || upstreamUsage === null;
      const c = estimated ? undefined : countsFromAnthropic(upstreamUsage as Partial<AnthropicUsage>);
      return {
        body: JSON.stringify(body),
        usage: c
          ? { inputTokens: c.inputTokens, outputTokens: c.outputTokens, cacheReadTokens: c.cacheReadTokens, cacheWriteTokens: c.cacheCreationTokens, estimated }
          : u
            ? { inputTokens: u.prompt_tokens, outputTokens: u.completion_tokens, cacheReadTokens: 0, estimated }
            : undefined,
      };
    },
    createStream() {
      if (toOpenAI) return new ChatToAnthropicPump(ctx(), provider.id, normalize);
      const so = client.body.stream_options as { include_usage?: unknown } | undefined;
      return new AnthropicToChatPump({ ...ctx(), includeUsage: so?.include_usage === true }, provider.id);
    },
    createAssembly() {
      const actx = { providerId: provider.id, sameProtocol: false, estimatedInputTokens: client.estimatedInputTokens };
      if (toOpenAI) {
        const asm = new AnthropicMessageAssembler(provider.id);
        return new PumpAssembly(new ChatToAnthropicPump(ctx(), provider.id, normalize, feed(asm)), asm, actx);
      }
      const asm = new ChatCompletionAssembler();
      return new PumpAssembly(new AnthropicToChatPump({ ...ctx(), includeUsage: true }, provider.id, feed(asm)), asm, actx);
    },
  };
}
