/**
 * A Responses client on a Chat Completions or Anthropic provider (or the synthetic one, which answers
 * Chat): the request is translated for each attempt's target, and the upstream is always asked for a
 * stream. Its events go through bytes → SseParser → JSON → stream translator → Responses events, one
 * upstream chunk at a time; a non-streaming client gets the response object the same translator built
 * (`result()`), so usage, reasoning and tool calls are the same either way.
 *
 * A response that completed is kept in the response store for `previous_response_id` (unless the
 * request said `store: false`).
 */
import type { ProviderConfig } from '../config/types';
import { ProxyError } from '../errors';
import type { AnthropicStreamEvent } from '../protocol/anthropic';
import type { OpenAIChatChunk } from '../protocol/openai';
import type { ResponsesRequest, ResponsesStreamEvent } from '../protocol/responses';
import { SseParser } from '../protocol/sse-parser';
import { formatAnthropicEvent } from '../protocol/sse-writer';
import { upstreamHeaders, upstreamPath } from '../providers/upstream-request';
import { AnthropicToResponsesStream, ChatToResponsesStream, responsesToAnthropicRequest, responsesToChatRequest, type ResponsesStreamContext, type ToolLookup } from '../translate/responses/index';
import type { ClientRequest, Exchange, JsonResult, PreparedRequest, StreamError, StreamPump, Usage } from './exchange';
import { streamError } from './stream-facts';
import { assemblyFromPump } from './pump-assembly';
import { inputItems, previousResponseIdOf } from './response-store';
import type { ResponsesRuntime } from './runtime';
import { translateTarget, type TranslationIds } from './translated';

const PING = ': ping\n\n';

function parseJson(data: string, providerId: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw new ProxyError('UPSTREAM_BAD_RESPONSE', `provider "${providerId}" sent a stream event that is not JSON`, 502, { providerId });
  }
}

function write(events: ResponsesStreamEvent[]): string {
  let out = '';
  for (const e of events) out += formatAnthropicEvent(e);
  return out;
}

class ResponsesPump implements StreamPump {
  private readonly parser = new SseParser();
  private readonly tr: ChatToResponsesStream | AnthropicToResponsesStream;
  private stored = false;
  upstreamError: StreamError | undefined;

  constructor(
    ctx: ResponsesStreamContext,
    private readonly fromAnthropic: boolean,
    private readonly providerId: string,
    private readonly keep: ((output: readonly unknown[]) => void) | undefined,
  ) {
    this.tr = fromAnthropic ? new AnthropicToResponsesStream(ctx) : new ChatToResponsesStream(ctx);
  }

  get complete(): boolean {
    const s = this.tr.writer.response.status;
    return s === 'completed' || s === 'incomplete';
  }

  private after(out: string): string {
    if (!this.stored && this.keep !== undefined && this.complete) {
      this.stored = true;
      this.keep(this.tr.writer.response.output);
    }
    return out;
  }

  push(chunk: Buffer): string {
    let out = '';
    for (const ev of this.parser.push(chunk)) {
      if (this.fromAnthropic) {
        if (ev.event === 'ping') continue;
        const event = parseJson(ev.data, this.providerId) as AnthropicStreamEvent;
        if (event?.type === 'error' && this.upstreamError === undefined) this.upstreamError = streamError(event.error);
        out += write((this.tr as AnthropicToResponsesStream).push(event));
      } else {
        if (ev.data === '[DONE]') continue;
        const c = parseJson(ev.data, this.providerId) as OpenAIChatChunk & { error?: unknown };
        if (c?.error !== undefined && c.error !== null && this.upstreamError === undefined) this.upstreamError = streamError(c.error);
        out += write((this.tr as ChatToResponsesStream).push(c));
      }
    }
    return this.after(out);
  }

  end(): string {
    return this.after(write(this.tr.end()));
  }

  fail(err: ProxyError): string {
    return write(this.tr.fail(err.code.toLowerCase(), err.message));
  }

  ping(): string {
    return PING;
  }

  usage(): Usage {
    return this.tr.usage;
  }

  result(): JsonResult {
    return { body: JSON.stringify(this.tr.writer.response), usage: this.tr.usage };
  }
}

export function createResponsesExchange(client: ClientRequest, provider: ProviderConfig, ids: TranslationIds, rt: ResponsesRuntime): Exchange {
  const toAnthropic = provider.protocol === 'anthropic';
  const body = client.body as ResponsesRequest;
  let model = '';
  let tools: ToolLookup = new Map();
  const keep =
    body.store === false || rt.store === undefined
      ? undefined
      : (output: readonly unknown[]) => rt.store.set(ids.id, [...inputItems(body.input), ...output]);
  return {
    kind: 'translate',
    // Always streamed upstream (whatever `streamUpstream` says): the translators work on streams, and a
    // non-streaming client's answer is the stream's final response (pump-assembly.ts).
    prepare(target, key): PreparedRequest {
      model = target.model;
      const t = translateTarget(provider, target.model);
      const r = toAnthropic ? responsesToAnthropicRequest(body, t, rt.secret) : responsesToChatRequest(body, t, rt.secret);
      tools = r.tools;
      return {
        path: upstreamPath(provider, toAnthropic ? 'messages' : 'chat', ''),
        body: JSON.stringify(r.body),
        headers: upstreamHeaders(provider, key, { userAgent: client.headers.userAgent }),
        notes: r.notes.map((n) => n.code),
      };
    },
    convertJson(): JsonResult {
      throw new ProxyError('INTERNAL', 'a Responses exchange always streams from its upstream', 500);
    },
    createStream() {
      const ctx: ResponsesStreamContext = {
        responseId: ids.id,
        createdAt: ids.created,
        model,
        providerId: provider.id,
        tools,
        secret: rt.secret,
        estimatedInputTokens: client.estimatedInputTokens,
        echo: {
          parallel_tool_calls: body.parallel_tool_calls !== false,
          tool_choice: body.tool_choice ?? 'auto',
          previous_response_id: previousResponseIdOf(client.body),
        },
      };
      return new ResponsesPump(ctx, toAnthropic, provider.id, keep);
    },
    createAssembly() {
      return assemblyFromPump(this.createStream(), provider.id);
    },
  };
}
