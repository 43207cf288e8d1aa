/**
 * What the pipeline reads out of a response in either protocol, streamed or whole: its usage and
 * its error objects. Shared by the passthrough tap, the translated pumps and the assemblers.
 */
import type { ClientProtocol } from '../config/types';
import { ProxyError, statusForErrorType } from '../errors';
import type { StreamError, Usage } from './exchange';

type Obj = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * Usage from an Anthropic `usage` object or an OpenAI one (Chat or Responses), with `inputTokens` the
 * uncached part (OpenAI's prompt counts include cached tokens; Anthropic's input_tokens do not).
 */
export function readUsage(protocol: ClientProtocol, u: unknown): Usage | undefined {
  if (typeof u !== 'object' || u === null) return undefined;
  const o = u as Obj;
  if (protocol === 'anthropic') {
    return { inputTokens: num(o.input_tokens), outputTokens: num(o.output_tokens), cacheReadTokens: num(o.cache_read_input_tokens), cacheWriteTokens: num(o.cache_creation_input_tokens), estimated: false };
  }
  const [prompt, out, cached] =
    protocol === 'responses'
      ? [num(o.input_tokens), num(o.output_tokens), num((o.input_tokens_details as Obj | undefined)?.cached_tokens)]
      : [num(o.prompt_tokens), num(o.completion_tokens), num((o.prompt_tokens_details as Obj | undefined)?.cached_tokens)];
  return { inputTokens: Math.max(0, prompt - cached), outputTokens: out, cacheReadTokens: Math.min(prompt, cached), estimated: false };
}

/** `{type, message}` from an error object in a stream (either protocol's shape). */
export function streamError(e: unknown): StreamError {
  const o = (typeof e === 'object' && e !== null ? e : {}) as Obj;
  const type = typeof o.type === 'string' ? o.type : typeof o.code === 'string' ? o.code : 'api_error';
  return { type, message: typeof o.message === 'string' ? o.message : typeof e === 'string' ? e : 'upstream error' };
}

/** One SSE event's JSON; anything else is the upstream's fault. */
export function parseEventJson(data: string, providerId: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw new ProxyError('UPSTREAM_BAD_RESPONSE', `provider "${providerId}" sent a stream event that is not JSON`, 502, { providerId });
  }
}

/**
 * An error event in an upstream stream, before anything reached the client: a failed attempt (retryable
 * by its type, e.g. overloaded_error) or, after commit, the error a non-streaming client gets.
 * The upstream's error type is kept for the client only when both speak the same protocol.
 */
export function upstreamStreamError(e: StreamError, providerId: string, sameProtocol: boolean, when: 'opened' | 'mid-stream'): ProxyError {
  const status = statusForErrorType(e.type);
  const what = when === 'opened' ? 'opened its stream with an error' : 'sent an error in its stream';
  return new ProxyError('UPSTREAM_HTTP', `provider "${providerId}" ${what}: ${e.message}`, status, {
    providerId,
    upstreamStatus: status,
    ...(sameProtocol ? { upstreamType: e.type } : {}),
  });
}
