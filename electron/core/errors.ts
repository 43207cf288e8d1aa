/**
 * One error type for the whole core, with a stable `code`, and one renderer per client protocol.
 * Behaviour is decided by `code`, never by `instanceof` across module boundaries.
 * Messages never contain secrets: callers pass hints or ids, never key values.
 */

export type ProxyErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'REQUEST_TIMEOUT'
  | 'HEADERS_TOO_LARGE'
  | 'TOO_MANY_CONNECTIONS'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNKNOWN_PROVIDER'
  | 'UNKNOWN_MODEL'
  | 'TRANSLATION_UNSUPPORTED'
  | 'UPSTREAM_HTTP'
  | 'UPSTREAM_CONNECT_TIMEOUT'
  | 'UPSTREAM_FIRST_BYTE_TIMEOUT'
  | 'UPSTREAM_IDLE_TIMEOUT'
  /** A non-streaming upstream call (`quirks.streaming: false`) took longer than `timeouts.responseMs`. */
  | 'UPSTREAM_RESPONSE_TIMEOUT'
  | 'UPSTREAM_NETWORK'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'NO_HEALTHY_PROVIDER'
  | 'DEADLINE_EXCEEDED'
  | 'SHUTTING_DOWN'
  | 'PAUSED'
  | 'CLIENT_CLOSED'
  | 'CONFIG_INVALID'
  | 'INTERNAL';

export interface ProxyErrorOptions {
  cause?: unknown;
  providerId?: string;
  /** For UPSTREAM_HTTP: the status the upstream answered. */
  upstreamStatus?: number;
  /** For 429/503: how long the upstream asked us to wait. */
  retryAfterMs?: number;
  /** Upstream error type string when it gave one (e.g. `overloaded_error`, `rate_limit_exceeded`). */
  upstreamType?: string;
}

export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  readonly providerId: string | undefined;
  readonly upstreamStatus: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly upstreamType: string | undefined;

  constructor(
    readonly code: ProxyErrorCode,
    message: string,
    readonly httpStatus: number,
    options: ProxyErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.providerId = options.providerId;
    this.upstreamStatus = options.upstreamStatus;
    this.retryAfterMs = options.retryAfterMs;
    this.upstreamType = options.upstreamType;
  }
}

export function isProxyError(e: unknown): e is ProxyError {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'ProxyError' && 'code' in e;
}

export const badRequest = (message: string) => new ProxyError('BAD_REQUEST', message, 400);

/** Anthropic's error `type` for an HTTP status. */
export function anthropicErrorType(status: number): string {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** The HTTP status an error `type` stands for, when a stream reports an error instead of a status. */
export function statusForErrorType(type: string | undefined): number {
  switch (type) {
    case 'invalid_request_error':
      return 400;
    case 'authentication_error':
      return 401;
    case 'billing_error':
      return 402;
    case 'permission_error':
      return 403;
    case 'not_found_error':
      return 404;
    case 'request_too_large':
      return 413;
    case 'rate_limit_error':
    case 'rate_limit_exceeded':
      return 429;
    case 'overloaded_error':
      return 529;
    default:
      return 500;
  }
}

/** OpenAI's error `type` for an HTTP status. */
export function openAIErrorType(status: number): string {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 429:
      return 'rate_limit_error';
    default:
      return status >= 500 ? 'server_error' : 'invalid_request_error';
  }
}

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}

/** Renders any thrown value as an Anthropic error body. Unknown errors get a generic message. */
export function toAnthropicErrorBody(err: unknown): AnthropicErrorBody {
  const e = asProxyError(err);
  return {
    type: 'error',
    error: { type: e.upstreamType && e.code === 'UPSTREAM_HTTP' ? e.upstreamType : anthropicErrorType(e.httpStatus), message: e.message },
  };
}

/** Renders any thrown value as an OpenAI error body. */
export function toOpenAIErrorBody(err: unknown): OpenAIErrorBody {
  const e = asProxyError(err);
  return {
    error: {
      message: e.message,
      type: openAIErrorType(e.httpStatus),
      code: e.code === 'UPSTREAM_HTTP' && e.upstreamType ? e.upstreamType : e.code.toLowerCase(),
      param: null,
    },
  };
}

/** Normalizes anything thrown into a ProxyError; programmer errors become a generic 500. */
export function asProxyError(err: unknown): ProxyError {
  if (isProxyError(err)) return err;
  return new ProxyError('INTERNAL', 'aimux internal error', 500, { cause: err });
}
