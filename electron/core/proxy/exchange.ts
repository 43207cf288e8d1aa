/**
 * An Exchange knows how to carry one client request to one provider and the answer back:
 * passthrough when both speak the same protocol, translation otherwise. The pipeline
 * (generation.ts) drives it without knowing which kind it has.
 */
import type { ApiKey, ClientProtocol, ProviderConfig, Target } from '../config/types';
import type { ProxyError } from '../errors';
import type { ClientHeaderView } from '../providers/upstream-request';

export interface StreamError {
  type: string;
  message: string;
}

export interface Usage {
  /** Billed at the input price: the prompt minus cache reads and cache writes (Anthropic's `input_tokens`). */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  /** Prompt tokens written to the provider's cache (Anthropic's `cache_creation_input_tokens`). */
  cacheWriteTokens?: number;
  /** True when the upstream reported no usage and these are aimux's estimates. */
  estimated: boolean;
}

export interface ClientRequest {
  protocol: ClientProtocol;
  body: Record<string, unknown>;
  raw: Buffer;
  /** `?beta=true` and the like, forwarded on passthrough. */
  query: string;
  headers: ClientHeaderView;
  stream: boolean;
  estimatedInputTokens: number;
}

export interface PreparedRequest {
  path: string;
  body: string | Buffer;
  headers: Record<string, string>;
  /** Translation notes (codes), surfaced in the `x-aimux-notes` response header. */
  notes: string[];
  /** Extra `x-aimux-*` headers for the client's response (e.g. `x-aimux-max-tokens` when the limit was clamped). */
  responseHeaders?: Record<string, string>;
}

export interface JsonResult {
  body: string | Buffer;
  usage: Usage | undefined;
}

/** Converts an upstream stream to the client's stream, chunk by chunk, never buffering text. */
export interface StreamPump {
  /** Bytes for the client from one upstream chunk ('' when the chunk completed nothing). */
  push(chunk: Buffer): string | Buffer;
  /** Upstream ended. Closes what is open; if the stream was cut short, ends with an error event. */
  end(): string;
  /** Upstream failed mid-stream: a protocol-correct error event for the client. */
  fail(err: ProxyError): string;
  /** A keep-alive event in the client's protocol, or undefined when the exchange sends none. */
  ping(): string | undefined;
  /** True when the upstream ended the stream normally (it is not truncated). */
  readonly complete: boolean;
  /** Set when the upstream's stream itself carried an error event (`event: error`, `{"error":…}`). */
  readonly upstreamError: StreamError | undefined;
  usage(): Usage | undefined;
  /** Exchanges that answer a non-streaming client from an upstream stream: the whole answer, after end(). */
  result?(): JsonResult;
}

export type ExchangeOp = 'messages' | 'chat' | 'responses';

export interface Exchange {
  readonly kind: 'passthrough' | 'translate';
  /** Always asks the upstream for a stream, and builds a non-streaming client's answer with `StreamPump.result()`. */
  readonly streamsUpstream?: boolean;
  prepare(target: Target, key: ApiKey | undefined): PreparedRequest;
  /** Non-streaming: the upstream's JSON body → the client's JSON body. */
  convertJson(bytes: Buffer): JsonResult;
  createStream(): StreamPump;
}

export type ExchangeFactory = (client: ClientRequest, provider: ProviderConfig) => Exchange;
